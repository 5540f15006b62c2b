"""Reconnect OAuth: the mock AEP as Pinterest's OAuth client (authorization code grant).

`start` remembers which account is being reconnected under a random `state` and sends the
browser to Pinterest's consent page; `callback` takes that state back (once only),
exchanges the code server-side and stores the token on the account. Any failure leaves
the account as it was.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import httpx
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from mocks.aep import views
from mocks.aep.auth import require_user, signed_in_email
from mocks.aep.hold import hold_if_due
from mocks.aep.state import CATALOG, AepState, PendingOAuth
from mocks.aep.web import TEMPLATES, ApiError, pinterest_client
from mocks.scenarios import AEP_CLIENT_ID, AEP_CLIENT_SECRET
from mocks.world import MockWorld

SCOPES = "ads:read,ads:write,user_accounts:read"
# How long a user may take at Pinterest before the pending state is void (mock time).
PENDING_FOR = timedelta(minutes=15)
# Variant oauth=redirect: where the tab may return, an app route ("/@tenant/sname:.../...").
RETURN_ROUTE = re.compile(r"/@[A-Za-z0-9_.:/@-]*")


class OAuthFailure(Exception):
    """Why a reconnect failed; its text is the result page's message."""

    def __init__(self, message: str, account_id: str | None = None) -> None:
        super().__init__(message)
        self.message, self.account_id = message, account_id


@dataclass(frozen=True)
class _Grant:
    access_token: str
    refresh_token: str | None
    expires_in: int
    username: str


def callback_url(world: MockWorld) -> str:
    return f"{world.aep_url}/oauth/pinterest/callback"


def _result(request: Request, *, ok: bool, message: str, account_id: str | None) -> Response:
    """The page the popup (or the redirected tab) lands on; it tells the opener and closes."""
    result = {"type": "aep-oauth", "ok": ok, "account_id": account_id, "message": message}
    return TEMPLATES.TemplateResponse(
        request, "oauth_result.html", {"result": result}, status_code=200 if ok else 400
    )


def _take_pending(aep: AepState, state: str, now: datetime) -> PendingOAuth | None:
    """The pending reconnect `state` names, removed so it cannot be used twice."""
    aep.oauth_pending[:] = [p for p in aep.oauth_pending if now - p.started < PENDING_FOR]
    for pending in aep.oauth_pending:
        if state and secrets.compare_digest(pending.state, state):
            aep.oauth_pending.remove(pending)
            return pending
    return None


def _pinterest_error(step: str, response: httpx.Response) -> OAuthFailure:
    try:
        detail = str(response.json().get("message", ""))
    except ValueError:
        detail = ""
    return OAuthFailure(f"Pinterest refused the {step} ({response.status_code}) {detail}".strip())


async def _exchange(world: MockWorld, code: str) -> _Grant:
    """Code for token at Pinterest's token endpoint, then whose token it is."""
    async with pinterest_client(base_url=world.pinterest_api_url) as http:
        form = {
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": callback_url(world),
        }
        response = await http.post(
            "/v5/oauth/token", data=form, auth=(AEP_CLIENT_ID, AEP_CLIENT_SECRET)
        )
        if not response.is_success:
            raise _pinterest_error("authorization code", response)
        token: dict[str, Any] = response.json()
        headers = {"Authorization": f"Bearer {token['access_token']}"}
        response = await http.get("/v5/user_account", headers=headers)
        if not response.is_success:
            raise _pinterest_error("user account request", response)
        user: dict[str, Any] = response.json()
    return _Grant(
        access_token=token["access_token"],
        refresh_token=token.get("refresh_token"),
        # Pinterest's own test sends it as a string ("2592000").
        expires_in=int(token["expires_in"]),
        username=user["username"],
    )


class _OAuth:
    def __init__(self, world: MockWorld) -> None:
        self.world = world

    async def start(self, request: Request) -> Response:
        world = self.world
        email = require_user(world, request)
        account_id = request.query_params.get("account", "")
        return_to = request.query_params.get("return", "")
        if return_to and not RETURN_ROUTE.fullmatch(return_to):
            return_to = ""
        state = secrets.token_urlsafe(24)
        with world.lock:
            aep = world.aep
            account = aep.accounts.get(account_id)
            card = CATALOG.get(account.destination) if account else None
            if card is None or not card.pinterest_api:
                message = "There is no Pinterest account with this ID to reconnect."
                return _result(request, ok=False, message=message, account_id=account_id)
            if not views.can_manage(world):
                message = "You need the Manage Destinations permission to reconnect an account."
                return _result(request, ok=False, message=message, account_id=account_id)
            aep.oauth_pending.append(
                PendingOAuth(state, account_id, world.clock.now(), email, return_to)
            )
        query = {
            "client_id": AEP_CLIENT_ID,
            "redirect_uri": callback_url(world),
            "response_type": "code",
            "scope": SCOPES,
            "state": state,
        }
        # ":", "/" and "," are legal in a query and keep the URL readable in traces.
        url = f"{world.pinterest_url}/oauth/?{urlencode(query, safe=':/,')}"
        return RedirectResponse(url, status_code=302)

    async def callback(self, request: Request) -> Response:
        world = self.world
        with world.lock:
            pending = _take_pending(
                world.aep, request.query_params.get("state", ""), world.clock.now()
            )
        account_id: str | None
        try:
            message, account_id = await self._complete(request, pending)
            ok = True
        except OAuthFailure as failure:
            message, account_id, ok = failure.message, failure.account_id, False
        if pending is None or not pending.return_to:
            return _result(request, ok=ok, message=message, account_id=account_id)
        # Variant oauth=redirect: back to the app, which reads the outcome once and shows it.
        result = {"type": "aep-oauth", "ok": ok, "account_id": account_id, "message": message}
        with world.lock:
            world.aep.oauth_results[pending.started_by] = result
        return RedirectResponse(f"{world.aep_url}/#{pending.return_to}", status_code=302)

    async def last_result(self, request: Request) -> Response:
        """`GET /api/oauth/result`: the redirected reconnect's outcome, once, or null."""
        email = require_user(self.world, request)
        with self.world.lock:
            result = self.world.aep.oauth_results.pop(email, None)
        return JSONResponse({"result": result})

    async def _complete(self, request: Request, pending: PendingOAuth | None) -> tuple[str, str]:
        world, params = self.world, request.query_params
        aep = world.aep
        if pending is None:
            raise OAuthFailure(
                "The answer from Pinterest does not match a reconnect in progress "
                "(state mismatch). Nothing was changed; start Reconnect OAuth again."
            )
        account_id = pending.account_id
        if signed_in_email(world, request) != pending.started_by:
            raise OAuthFailure("You are no longer signed in as the user who started.", account_id)
        if error := params.get("error"):
            raise OAuthFailure(
                f"Pinterest did not grant access ({error}). The account was not changed.",
                account_id,
            )
        if not params.get("code"):
            raise OAuthFailure("Pinterest sent no authorization code.", account_id)
        try:
            grant = await _exchange(world, params["code"])
        except OAuthFailure as failure:
            raise OAuthFailure(failure.message, account_id) from None
        except (httpx.HTTPError, KeyError, TypeError, ValueError) as exc:
            raise OAuthFailure(
                f"Pinterest's answer could not be used: {exc!r}", account_id
            ) from None
        try:
            await hold_if_due(world)
        except ApiError as dropped:
            raise OAuthFailure(dropped.detail, account_id) from None
        with world.lock:
            account = aep.accounts.get(account_id)
            if account is None:
                raise OAuthFailure("The account was deleted during the reconnect.", account_id)
            now = world.clock.now()
            account.access_token, account.refresh_token = grant.access_token, grant.refresh_token
            account.username = grant.username
            account.authorized, account.expires = now, now + timedelta(seconds=grant.expires_in)
            aep.record_change(now, "reconnect", pending.started_by, account_id=account_id)
            expires = account.expires.date().isoformat()
        return f"Connected to Pinterest as {grant.username}; valid until {expires}.", account_id


def routes(world: MockWorld) -> list[Route]:
    oauth = _OAuth(world)
    return [
        Route("/oauth/pinterest/start", oauth.start, methods=["GET"]),
        Route("/oauth/pinterest/callback", oauth.callback, methods=["GET"]),
        Route("/api/oauth/result", oauth.last_result, methods=["GET"]),
    ]
