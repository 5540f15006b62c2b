"""The JSON state API both origins serve under `/__mock/`, and the fault-injection middleware.

Loopback clients only. `POST /__mock/reset` rebuilds both sites from a scenario;
`GET /__mock/state` returns this site's whole state; `POST /__mock/clock` moves the
shared mock clock; `GET /__mock/traffic` lists the requests both sites answered since the
reset.
"""

from __future__ import annotations

import asyncio
import ipaddress
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from mocks.options import OptionError, resolve_faults
from mocks.scenarios import ScenarioError
from mocks.world import MockWorld


def is_loopback(request: Request) -> bool:
    host = request.client.host if request.client else ""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


async def _json_body(request: Request) -> dict[str, Any]:
    if not await request.body():
        return {}
    body = await request.json()
    if not isinstance(body, dict):
        raise OptionError("the body must be a JSON object")
    return body


def state_routes(world: MockWorld, site_state: Callable[[], dict[str, Any]]) -> list[Route]:
    """Routes of the state API; `site_state` gives this origin's site as JSON."""

    async def reset(request: Request) -> Response:
        if not is_loopback(request):
            return _error(403, "the state API answers loopback clients only")
        try:
            body = await _json_body(request)
            unknown = set(body) - {"scenario", "options", "variants", "faults"}
            if unknown:
                raise OptionError(f"unknown keys in reset body: {', '.join(sorted(unknown))}")
            world.reset(
                body.get("scenario", "notice"),
                options=body.get("options"),
                variants=body.get("variants"),
                faults=body.get("faults"),
            )
        except (ScenarioError, OptionError, ValueError) as exc:
            return _error(400, str(exc))
        return JSONResponse(world.describe())

    async def state(request: Request) -> Response:
        if not is_loopback(request):
            return _error(403, "the state API answers loopback clients only")
        with world.lock:
            return JSONResponse({**world.describe(), **site_state()})

    async def clock(request: Request) -> Response:
        if not is_loopback(request):
            return _error(403, "the state API answers loopback clients only")
        try:
            body = await _json_body(request)
            if "set" in body:
                world.clock.set(datetime.fromisoformat(body["set"]))
            elif isinstance(body.get("advance_seconds"), int | float):
                world.clock.advance(timedelta(seconds=body["advance_seconds"]))
            else:
                raise OptionError('give {"advance_seconds": N} or {"set": "<ISO 8601 time>"}')
        except (OptionError, ValueError, TypeError) as exc:
            return _error(400, str(exc))
        return JSONResponse({"now": world.clock.now().isoformat()})

    async def faults(request: Request) -> Response:
        """Replace the faults without a reset (e.g. lift `hold_after_changes`)."""
        if not is_loopback(request):
            return _error(403, "the state API answers loopback clients only")
        try:
            world.faults = resolve_faults(await _json_body(request))
        except (OptionError, ValueError) as exc:
            return _error(400, str(exc))
        # Answer once requests held under the old faults have been dropped, so the next
        # test step starts from a quiet site.
        deadline = asyncio.get_running_loop().time() + 10
        while world.aep.held and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.05)
        return JSONResponse(world.describe())

    async def traffic(request: Request) -> Response:
        """Requests answered since the reset: `{"requests": [[time, site, kind, path], ...]}`,
        `?since=` (a Unix time) for the later ones only."""
        if not is_loopback(request):
            return _error(403, "the state API answers loopback clients only")
        try:
            since = float(request.query_params.get("since", "0"))
        except ValueError:
            return _error(400, "since: a Unix time in seconds")
        return JSONResponse({"requests": [r for r in list(world.traffic) if r[0] >= since]})

    return [
        Route("/__mock/reset", reset, methods=["POST"]),
        Route("/__mock/traffic", traffic, methods=["GET"]),
        Route("/__mock/faults", faults, methods=["POST"]),
        Route("/__mock/state", state, methods=["GET"]),
        Route("/__mock/clock", clock, methods=["POST"]),
    ]


def traffic_kind(scope: Scope) -> str:
    """`page` for a page load (a document or frame navigation: a goto, a reload, a form
    post), `request` for any other request a browser makes (scripts, API calls), `server`
    for a request from no browser (the mock AEP's own calls to Pinterest's API, Adobe's
    servers' work at a real org)."""
    headers = dict(scope["headers"])
    dest = headers.get(b"sec-fetch-dest", b"")
    if dest in (b"document", b"iframe"):
        return "page"
    return "request" if dest or b"sec-fetch-mode" in headers else "server"


class SiteMiddleware:
    """What every response of a mock site shares.

    - The `Date` header tells the mock clock's time, as a real server's tells its own:
      a client learns "now" from the site, never from the machine it runs on.
    - Static files are cacheable for a few minutes, and dated by the machine's clock, as
      by a CDN's own: a browser ages a response from its Date, so a script dated years
      back by the mock clock would be stale at once and revalidated on every page load.
    - Fault `latency_ms`: every request but the state API's waits that long.
    - Every request but the state API's is listed in the world's traffic.

    Plain ASGI (not BaseHTTPMiddleware, whose streaming wrapper costs every request):
    it only adds headers to the response's start.
    """

    def __init__(self, app: ASGIApp, world: MockWorld, site: str) -> None:
        self.app = app
        self.world = world
        self.site = site

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if not path.startswith("/__mock/"):
            self.world.traffic.append((time.time(), self.site, traffic_kind(scope), path))
            delay = self.world.faults.get("latency_ms", 0)
            if delay:
                await asyncio.sleep(delay / 1000)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                if path.startswith("/static/"):
                    headers["cache-control"] = "public, max-age=600"
                    headers["date"] = format_datetime(datetime.now(UTC), usegmt=True)
                else:
                    headers["date"] = format_datetime(self.world.clock.now(), usegmt=True)
            await send(message)

        await self.app(scope, receive, send_with_headers)
