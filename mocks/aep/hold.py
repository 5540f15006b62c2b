"""Fault `hold_after_changes`: a change request that arrives after N changes is held.

Resume tests kill the harness while its (N+1)-th change is in flight. The held request
is never applied: once the fault is lifted it is dropped with a 503, as if it had been
lost on the way, so the kill point is exact.
"""

from __future__ import annotations

import asyncio
import time

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from mocks.aep.web import ApiError
from mocks.state_api import is_loopback
from mocks.world import MockWorld

POLL_S = 0.05


async def hold_if_due(world: MockWorld) -> None:
    limit = world.faults.get("hold_after_changes")
    if limit is None or world.aep.change_count < limit:
        return
    aep = world.aep
    aep.held += 1
    try:
        # Until the fault is lifted or changed (or the world reset): then drop the request.
        while world.faults.get("hold_after_changes") == limit and world.aep is aep:
            await asyncio.sleep(POLL_S)
    finally:
        aep.held -= 1
    raise ApiError(503, "The change request was held and dropped (fault hold_after_changes).")


def routes(world: MockWorld) -> list[Route]:
    async def held(request: Request) -> Response:
        """`GET /__mock/held?timeout=S`: answers once a change request is held (or at the
        timeout), so a test knows the harness is exactly at its kill point."""
        if not is_loopback(request):
            return JSONResponse({"error": "the state API answers loopback clients only"}, 403)
        # Real seconds, not the mock clock's: this waits for a process, not for a date.
        deadline = time.monotonic() + float(request.query_params.get("timeout", "60"))
        while world.aep.held == 0 and time.monotonic() < deadline:
            await asyncio.sleep(POLL_S)
        return JSONResponse({"held": world.aep.held, "change_count": world.aep.change_count})

    return [Route("/__mock/held", held, methods=["GET"])]
