"""The mock Adobe Experience Platform: a Starlette app over `world.aep`.

Pages: sign-in, the Unified Shell (`/`) and the Platform app (`/app/`), whose templates
and static files belong to the browser UI; the JSON API they call; Reconnect OAuth with
the mock Pinterest; dataflow runs that export to it; the state API under `/__mock/`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from mocks.aep import activate, api, auth, exports, hold, lookalike, oauth, views
from mocks.aep.web import (
    STATIC_DIR,
    TEMPLATES,
    ApiError,
    SignedOut,
    api_error_response,
    signed_out_response,
)
from mocks.state_api import SiteMiddleware, state_routes
from mocks.world import MockWorld


def _page(world: MockWorld, template: str) -> Callable[[Request], Awaitable[Response]]:
    """A signed-in page: the template gets the `bootstrap` object of the contract."""

    async def render(request: Request) -> Response:
        auth.require_user(world, request)
        with world.lock:
            context = {"bootstrap": views.bootstrap(world)}
        return TEMPLATES.TemplateResponse(request, template, context)

    return render


def create_app(world: MockWorld) -> Starlette:
    routes = [
        # A lambda, not `world.aep.to_json`: a reset replaces `world.aep`.
        *state_routes(world, lambda: world.aep.to_json()),  # noqa: PLW0108
        *exports.routes(world),
        *hold.routes(world),
        *auth.routes(world),
        *lookalike.routes(world),
        Route("/", _page(world, "shell.html"), methods=["GET"]),
        Route("/app/", _page(world, "app.html"), methods=["GET"]),
        *api.routes(world),
        *activate.routes(world),
        *oauth.routes(world),
        # check_dir=False: the UI's static folder may not exist yet in a checkout.
        Mount("/static", StaticFiles(directory=STATIC_DIR, check_dir=False), name="static"),
    ]
    return Starlette(
        routes=routes,
        middleware=[Middleware(SiteMiddleware, world=world, site="aep")],
        exception_handlers={ApiError: api_error_response, SignedOut: signed_out_response},
    )
