"""The mock Pinterest on one origin: what Pinterest serves from www. (login, OAuth consent),
api. (API v5, the retired v4) and ads. (Ads Manager), plus the state API."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.templating import Jinja2Templates

from mocks.pinterest import ads, ads_manager, api, oauth, v4, web
from mocks.pinterest.sessions import Sessions
from mocks.state_api import SiteMiddleware, state_routes
from mocks.world import MockWorld

TEMPLATES = Path(__file__).parent / "templates"


def pinterest_choices(choices: dict[str, Any]) -> dict[str, Any]:
    prefix = "pinterest."
    return {
        name[len(prefix) :]: value for name, value in choices.items() if name.startswith(prefix)
    }


def create_app(world: MockWorld) -> Starlette:
    def scrambled(request: Request) -> dict[str, Any]:
        """Every template's `s`: what variant scramble drew for Pinterest's pages, by short
        name (`s.login_submit` for choice point "pinterest.login_submit")."""
        return {"s": pinterest_choices(world.choices)}

    templates = Jinja2Templates(directory=TEMPLATES, context_processors=[scrambled])
    sessions = Sessions(world)

    def site_state() -> dict[str, Any]:
        # Statuses are settled when read; settle all before reporting them.
        ads.settle(world.pinterest, world.clock.timestamp())
        return world.pinterest.to_json()

    return Starlette(
        routes=[
            *state_routes(world, site_state),
            *web.routes(world, sessions, templates),
            *oauth.routes(world, sessions, templates),
            *api.routes(world),
            *v4.routes(world),
            *ads_manager.routes(world, sessions, templates),
        ],
        middleware=[Middleware(SiteMiddleware, world=world, site="pinterest")],
        exception_handlers={HTTPException: _http_error},
    )


async def _http_error(request: Request, exc: Exception) -> Response:
    """Unknown paths and methods: API v5 answers them in its `{code, message}` shape."""
    assert isinstance(exc, HTTPException)
    if request.url.path.startswith("/v5/"):
        body = {"code": exc.status_code, "message": exc.detail}
        return JSONResponse(body, exc.status_code, headers=exc.headers)
    return PlainTextResponse(exc.detail, exc.status_code, headers=exc.headers)
