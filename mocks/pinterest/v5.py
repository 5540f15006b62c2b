"""API v5 plumbing: `{code, message}` errors, bearer tokens and scopes, parameters,
bookmark pagination, the 429 fault and the request log.

Every v5 endpoint is a plain function of an `ApiCall` that returns a JSON value or raises
`ApiError`; `endpoint()` wraps it into a Starlette endpoint that runs it under the world's
lock (a reset cannot swap the state mid-request) and logs how it was answered.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from mocks.pinterest.ads import Moment, can_access
from mocks.pinterest.state import AdAccount, ApiRequest, PinterestState, Token
from mocks.world import MockWorld

# Messages as the spec's examples word them.
AUTHENTICATION_FAILED = "Authentication failed."
INSUFFICIENT_SCOPE = (
    "Your token does not have sufficient permissions to perform this operation. "
    "Please ensure your token is authorized with the correct set of scopes."
)
NOT_PERMITTED = "You are not permitted to access that resource."
RATE_LIMITED = (
    "This request exceeded a rate limit. This can happen if the client exceeds one "
    "of the published rate limits within a short time window."
)

# Path IDs: `pattern: ^\d+$`, `maxLength: 18`. ASCII digits only, as in ECMA-262 regexes.
ID_PATTERN = re.compile(r"[0-9]{1,18}")
PAGE_SIZE_DEFAULT, PAGE_SIZE_MAX = 25, 250


class ApiError(Exception):
    """An error answer: the spec's `Error` schema, `{"code": int, "message": str}`."""

    def __init__(self, status: int, code: int, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message

    def response(self) -> JSONResponse:
        return JSONResponse({"code": self.code, "message": self.message}, self.status)


def authentication_failed() -> ApiError:
    return ApiError(401, 2, AUTHENTICATION_FAILED)


def invalid(detail: str) -> ApiError:
    return ApiError(400, 1, f"Invalid parameters. {detail}")


def not_found(message: str, code: int = 404) -> ApiError:
    return ApiError(404, code, message)


def checked_id(value: str, name: str) -> str:
    if not ID_PATTERN.fullmatch(value):
        raise invalid(f"{name} must be a numeric string of at most 18 digits.")
    return value


@dataclass
class ApiCall:
    """One v5 request, seen by an endpoint function."""

    request: Request
    state: PinterestState
    body: bytes
    moment: Moment
    token: Token | None

    @property
    def now(self) -> int:
        return self.moment.now

    @property
    def user_id(self) -> str:
        assert self.token is not None, "only endpoints with a scope have a token"
        return self.token.user_id

    def path_id(self, name: str) -> str:
        return checked_id(str(self.request.path_params[name]), name)

    def ad_account(self, ad_account_id: str | None = None) -> AdAccount:
        """An ad account (by default the path's) the token's user owns or has Business
        Access to."""
        if ad_account_id is None:
            ad_account_id = self.path_id("ad_account_id")
        account = self.state.ad_accounts.get(checked_id(ad_account_id, "ad_account_id"))
        if account is None:
            # The spec's own example of `Pinterest.Lib.Error`.
            raise not_found("AdAccount not found.", code=2)
        if not can_access(account, self.user_id):
            raise ApiError(403, 29, NOT_PERMITTED)
        return account

    def query(self, name: str) -> str | None:
        values = self.request.query_params.getlist(name)
        if len(values) > 1:
            raise invalid(f"{name} was given more than once.")
        return values[0] if values else None

    def query_enum(self, name: str, allowed: Sequence[str], default: str) -> str:
        value = self.query(name)
        if value is None:
            return default
        if value not in allowed:
            raise invalid(f"{name} must be one of {', '.join(allowed)}.")
        return value

    def query_bool(self, name: str, default: bool) -> bool:
        value = self.query(name)
        if value is None:
            return default
        if value not in ("true", "false"):
            raise invalid(f"{name} must be true or false.")
        return value == "true"

    def json_object(self) -> dict[str, Any]:
        try:
            body = json.loads(self.body, parse_constant=_reject_constant)
            # A lone surrogate ("\ud800") parses but cannot be sent back as UTF-8.
            json.dumps(body, ensure_ascii=False).encode()
        except (ValueError, UnicodeError):
            raise invalid("The body must be a JSON object.") from None
        if not isinstance(body, dict):
            raise invalid("The body must be a JSON object.")
        return body


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


class _HasId(Protocol):
    @property
    def id(self) -> str: ...


Item = TypeVar("Item", bound=_HasId)


def paginate(
    call: ApiCall,
    items: Sequence[Item],
    render: Callable[[Item], dict[str, Any]],
    order: str = "ASCENDING",
) -> dict[str, Any]:
    """One page of `items` (sorted by ascending ID) as `{"items": [...], "bookmark": ...}`.

    The bookmark is opaque to clients; it names the last ID served, so items added or
    removed between pages neither repeat nor get skipped.
    """
    page_size = _page_size(call.query("page_size"))
    after = _decode_bookmark(call.query("bookmark"))
    if order == "ASCENDING":
        ordered = [item for item in items if after is None or int(item.id) > after]
    else:
        ordered = [item for item in reversed(items) if after is None or int(item.id) < after]
    page = ordered[:page_size]
    more = len(ordered) > page_size
    return {
        "items": [render(item) for item in page],
        "bookmark": _encode_bookmark(int(page[-1].id)) if more else None,
    }


def _page_size(raw: str | None) -> int:
    if raw is None:
        return PAGE_SIZE_DEFAULT
    # Few digits: int() of thousands of digits would be slow (and refused past 4300).
    if not re.fullmatch(r"-?[0-9]{1,6}", raw) or not 1 <= int(raw) <= PAGE_SIZE_MAX:
        raise invalid(f"page_size must be an integer from 1 to {PAGE_SIZE_MAX}.")
    return int(raw)


def _encode_bookmark(last_id: int) -> str:
    return base64.urlsafe_b64encode(f"after:{last_id}".encode()).decode().rstrip("=")


def _decode_bookmark(raw: str | None) -> int | None:
    if not raw:
        return None
    try:
        text = base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise invalid("bookmark is not one this API gave out.") from None
    found = re.fullmatch(r"after:([0-9]{1,18})", text)
    if found is None:
        raise invalid("bookmark is not one this API gave out.")
    return int(found.group(1))


def _bearer_token(state: PinterestState, request: Request, now: int, scope: str) -> Token:
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    token = state.tokens.get(value.strip()) if scheme.lower() == "bearer" else None
    if token is None or token.kind != "access" or token.expires_at <= now:
        raise authentication_failed()
    if token.user_id not in state.users:
        raise authentication_failed()
    if scope not in token.scopes:
        raise ApiError(401, 3, INSUFFICIENT_SCOPE)
    return token


Handler = Callable[[ApiCall], Any]


def endpoint(
    world: MockWorld, handler: Handler, *, scope: str | None
) -> Callable[[Request], Awaitable[Response]]:
    """A Starlette endpoint running `handler` after the rate-limit fault and, when `scope`
    is given, bearer authentication requiring that OAuth scope."""

    async def run(request: Request) -> Response:
        body = await request.body()
        with world.lock:
            state = world.pinterest
            delay = world.faults.get("pinterest_processing_delay_s", state.processing_delay_s)
            moment = Moment(world.clock.timestamp(), delay)
            response = _answer(
                world, request, body=body, moment=moment, handler=handler, scope=scope
            )
            state.log_api_request(
                ApiRequest(moment.now, request.method, request.url.path, response.status_code)
            )
        return response

    return run


def _answer(
    world: MockWorld,
    request: Request,
    *,
    body: bytes,
    moment: Moment,
    handler: Handler,
    scope: str | None,
) -> Response:
    state = world.pinterest
    try:
        if state.rate_limited < world.faults.get("pinterest_rate_limit", 0):
            state.rate_limited += 1
            raise ApiError(429, 8, RATE_LIMITED)
        token = _bearer_token(state, request, moment.now, scope) if scope else None
        result = handler(ApiCall(request, state, body, moment, token))
    except ApiError as error:
        return error.response()
    return result if isinstance(result, Response) else JSONResponse(result)
