"""The retired v4 advertiser API that (Deprecating) Pinterest dataflows still call.

Every call is recorded (`V4Request`). Until `V4_SHUTDOWN` on the mock clock it answers as
v3/v4 did, `{"status": "success", "data": ...}`; from then on 410, as Pinterest answered
every ads/v3 endpoint once v3 ended (Pinterest published no v4 shutdown answer).
Nothing v4 does changes the ad account: what the old exports left there is seeded by the
scenario, and v4 clients are not what the harness checks.
"""

from __future__ import annotations

import json
import re
import secrets
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from mocks.clock import V4_SHUTDOWN
from mocks.pinterest.state import PinterestState, V4Request
from mocks.world import MockWorld

GONE = {
    "status": "failure",
    "code": 410,
    "message": "This endpoint has been deprecated and is no longer available. Use API v5.",
}
CREATE_LIST = re.compile(r"/ads/v4/advertisers/([^/]+)/customer_lists/?")
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]


def routes(world: MockWorld) -> list[Route]:
    async def v4(request: Request) -> Response:
        body = await request.body()
        with world.lock:
            state = world.pinterest
            if world.clock.now() >= V4_SHUTDOWN:
                status, answer = 410, GONE
            else:
                status, answer = 200, _success(state, request, _fields(body))
            state.log_v4_request(
                V4Request(world.clock.timestamp(), request.method, request.url.path, status)
            )
        return JSONResponse(answer, status)

    return [
        Route("/ads/v4/{path:path}", v4, methods=METHODS),
        Route("/v3/oauth/access_token/", v4, methods=["PUT"]),
    ]


def _fields(body: bytes) -> dict[str, Any]:
    """A v4 request body: JSON or a form."""
    try:
        parsed = (
            json.loads(body) if body.strip().startswith(b"{") else dict(parse_qsl(body.decode()))
        )
    except (ValueError, UnicodeDecodeError):
        return {}
    return parsed if isinstance(parsed, dict) else {}


def _success(state: PinterestState, request: Request, fields: dict[str, Any]) -> dict[str, Any]:
    path = request.url.path
    if path.startswith("/v3/oauth/"):
        # v3/v4 token answers: {status, access_token, scope, data: {refresh_token}}.
        return {
            "status": "success",
            "access_token": "pina_v3_" + secrets.token_urlsafe(24),
            "scope": "read_advertisers,write_advertisers",
            "data": {"refresh_token": "pinr_v3_" + secrets.token_urlsafe(24)},
        }
    create_list = CREATE_LIST.fullmatch(path)
    if request.method == "POST" and create_list:
        created = {
            "id": state.new_id(),
            "advertiser_id": create_list.group(1),
            "name": str(fields.get("name", "")),
            "status": "PROCESSING",
        }
        return {"status": "success", "data": created}
    if request.method == "GET":
        return {"status": "success", "data": [], "bookmark": None}
    return {"status": "success", "data": {"id": path.rstrip("/").rsplit("/", 1)[-1]}}
