"""OAuth 2.0 as Pinterest runs it: `/oauth/` (www) and `POST /v5/oauth/token` (api).

Authorize: `client_id` (or the quickstart's `consumer_id`), `redirect_uri`,
`response_type=code`, `scope` (comma-separated), `state`; other parameters (`refreshable`)
are ignored. An unknown app or a redirect URI the app did not register is refused with
Pinterest's legacy JSON error and never redirected to. Consent says **Give access** or
**Cancel** (other words under variant scramble; the form sends `decision=allow|deny`
either way); the first sends a single-use code (10 minutes) to the redirect URI, the
second `error=access_denied` (RFC 6749; Pinterest does not document it).
"""

from __future__ import annotations

import base64
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from mocks.pinterest.sessions import Sessions, login_url
from mocks.pinterest.state import (
    AdAccount,
    AuthCode,
    OAuthApp,
    PinterestState,
    PinterestUser,
    Token,
)
from mocks.pinterest.v5 import ApiCall, ApiError, authentication_failed, endpoint, invalid
from mocks.world import MockWorld

# The spec's `pinterest_oauth2` scopes, with the words the consent page shows.
SCOPES = {
    "ads:read": "See all of your advertising data, including ads, ad groups, campaigns etc.",
    "ads:write": "Create, update, or delete ads, ad groups, campaigns etc.",
    "billing:read": "See all of your billing data, billing profile, etc.",
    "billing:write": "Create, update, or delete billing data, billing profiles, etc.",
    "biz_access:read": "See business access data",
    "biz_access:write": "Create, update, or delete business access data",
    "boards:read": "See your public boards, including group boards you join",
    "boards:read_secret": "See your secret boards",
    "boards:write": "Create, update, or delete your public boards",
    "boards:write_secret": "Create, update, or delete your secret boards",
    "catalogs:read": "See all of your catalogs data",
    "catalogs:write": "Create, update, or delete your catalogs data",
    "msot:write": "Create measurement source of truth events",
    "pins:read": "See your public Pins",
    "pins:read_secret": "See your secret Pins",
    "pins:write": "Create, update, or delete your public Pins",
    "pins:write_secret": "Create, update, or delete your secret Pins",
    "user_accounts:read": "See your user accounts and followers",
    "user_accounts:write": "Update your user accounts and followers",
}
CODE_LIFETIME_S = 10 * 60
ACCESS_TOKEN_LIFETIME_S = 30 * 86400  # "expires_in": 2592000
LEGACY_REFRESH_LIFETIME_S = 365 * 86400
CONTINUOUS_REFRESH_LIFETIME_S = 60 * 86400
FORM_MEDIA_TYPE = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class Authorization:
    """A valid authorize request: the app, where to send the answer, what it asks for."""

    app: OAuthApp
    redirect_uri: str
    scopes: list[str]
    state: str | None

    def answer(self, **params: str) -> RedirectResponse:
        """A redirect to the app's redirect URI with `params` and the request's `state`."""
        parts = urlsplit(self.redirect_uri)
        query = parse_qsl(parts.query, keep_blank_values=True) + list(params.items())
        if self.state is not None:
            query.append(("state", self.state))
        return RedirectResponse(urlunsplit(parts._replace(query=urlencode(query))), 302)


def _legacy_failure(status: int, code: int, message: str, data: str) -> JSONResponse:
    """The JSON page www.pinterest.com/oauth/ answered for a bad app or redirect URI."""
    body = {"status": "failure", "code": code, "message": message, "data": data}
    return JSONResponse(body, status)


def _authorization(state: PinterestState, params: Mapping[str, str]) -> Authorization | Response:
    """The request's Authorization, or the response refusing it."""
    app = state.apps.get(params.get("client_id") or params.get("consumer_id") or "")
    if app is None:
        return _legacy_failure(
            400, 283, "The authorization grant is invalid", "Invalid Application ID"
        )
    redirect_uri = params.get("redirect_uri", "")
    if redirect_uri not in app.redirect_uris:
        return _legacy_failure(
            403,
            7,
            "You are not permitted to access that resource.",
            f"The provided redirect_uri {redirect_uri!r} does not match any of the registered "
            "redirect URIs.",
        )
    scopes = list(dict.fromkeys(s for s in re.split(r"[,\s]+", params.get("scope", "")) if s))
    authorization = Authorization(app, redirect_uri, scopes, params.get("state"))
    # The redirect URI is trusted from here on: errors go back to the app (RFC 6749 4.1.2.1).
    if params.get("response_type") != "code":
        return authorization.answer(error="unsupported_response_type")
    if not scopes or any(scope not in SCOPES for scope in scopes):
        return authorization.answer(error="invalid_scope")
    return authorization


# Fault pinterest_wrong_account: the person the consent really comes from.
OTHER_USER = PinterestUser(
    id="1014932261499999", username="acme_intern", email="intern@acme.example",
    password="not-used", business_name="Acme Intern",
)  # fmt: skip
OTHER_AD_ACCOUNT_ID = "549755885999"


def _other_user(state: PinterestState) -> PinterestUser:
    """Another Pinterest user with an ad account of their own, added on first use."""
    if OTHER_USER.id not in state.users:
        state.users[OTHER_USER.id] = OTHER_USER
        state.ad_accounts[OTHER_AD_ACCOUNT_ID] = AdAccount(
            id=OTHER_AD_ACCOUNT_ID, name="Intern Ads", owner_user_id=OTHER_USER.id
        )
    return state.users[OTHER_USER.id]


def routes(world: MockWorld, sessions: Sessions, templates: Jinja2Templates) -> list[Route]:
    async def authorize(request: Request) -> Response:
        with world.lock:
            checked = _authorization(world.pinterest, dict(request.query_params))
            if not isinstance(checked, Authorization):
                return checked
            session = sessions.current(request)
            if session is None:
                return RedirectResponse(login_url(request), 302)
            fields = {
                "client_id": checked.app.client_id,
                "redirect_uri": checked.redirect_uri,
                "response_type": "code",
                "scope": ",".join(checked.scopes),
                **({"state": checked.state} if checked.state is not None else {}),
                "csrf": session.csrf,
            }
            context = {
                "user": session.user,
                "app": checked.app,
                "scopes": [SCOPES[scope] for scope in checked.scopes],
                "fields": fields,
                # Fault oauth_popup_closed: the window goes away before anyone answers.
                "close_window": bool(world.faults.get("oauth_popup_closed")),
            }
            return templates.TemplateResponse(request, "consent.html", context)

    async def decide(request: Request) -> Response:
        form = await request.form()
        params = {key: value for key, value in form.items() if isinstance(value, str)}
        with world.lock:
            checked = _authorization(world.pinterest, params)
            if not isinstance(checked, Authorization):
                return checked
            session = sessions.current(request)
            if session is None or not secrets.compare_digest(
                params.get("csrf", "").encode(), session.csrf.encode()
            ):
                context = {
                    "heading": "Something went wrong",
                    "message": "This consent form has expired. Start again from the app.",
                }
                return templates.TemplateResponse(request, "message.html", context, 403)
            # Fault oauth_consent_denied: the person pressed Cancel, whatever they chose.
            if params.get("decision") != "allow" or world.faults.get("oauth_consent_denied"):
                return checked.answer(error="access_denied")
            code = secrets.token_urlsafe(24)
            world.pinterest.codes[code] = AuthCode(
                code=code,
                client_id=checked.app.client_id,
                redirect_uri=checked.redirect_uri,
                user_id=(
                    _other_user(world.pinterest).id
                    if world.faults.get("pinterest_wrong_account")
                    else session.user.id
                ),
                scopes=checked.scopes,
                expires_at=world.clock.timestamp() + CODE_LIFETIME_S,
            )
            return checked.answer(code=code)

    return [
        Route("/oauth/", authorize, methods=["GET"]),
        Route("/oauth/", decide, methods=["POST"]),
        Route("/v5/oauth/token", endpoint(world, token, scope=None), methods=["POST"]),
    ]


def token(call: ApiCall) -> dict[str, object]:
    """`POST /v5/oauth/token`: form-encoded, the app authenticated with HTTP Basic."""
    app = _client(call)
    form = _form(call)
    grant_type = form.get("grant_type")
    if grant_type == "authorization_code":
        return _exchange_code(call, app, form)
    if grant_type == "refresh_token":
        return _refresh(call, app, form)
    raise invalid("grant_type must be authorization_code or refresh_token.")


def _client(call: ApiCall) -> OAuthApp:
    scheme, _, value = call.request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic":
        raise authentication_failed()
    try:
        client_id, _, secret = base64.b64decode(value, validate=True).decode().partition(":")
    except ValueError:  # not base64, or not text
        raise authentication_failed() from None
    app = call.state.apps.get(client_id)
    if app is None or not secrets.compare_digest(secret.encode(), app.client_secret.encode()):
        raise authentication_failed()
    return app


def _form(call: ApiCall) -> dict[str, str]:
    media_type = call.request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != FORM_MEDIA_TYPE:
        raise invalid(f"The body must be {FORM_MEDIA_TYPE}.")
    try:
        pairs = parse_qsl(call.body.decode(), keep_blank_values=True, strict_parsing=False)
    except (UnicodeDecodeError, ValueError):
        raise invalid(f"The body must be {FORM_MEDIA_TYPE}.") from None
    form = dict(pairs)
    if len(form) != len(pairs):
        raise invalid("A form field was given more than once.")
    return form


def _exchange_code(call: ApiCall, app: OAuthApp, form: dict[str, str]) -> dict[str, object]:
    missing = [name for name in ("code", "redirect_uri") if not form.get(name)]
    if missing:
        raise invalid(f"Missing required field(s): {', '.join(missing)}.")
    grant = call.state.codes.get(form["code"])
    if grant is None or grant.client_id != app.client_id:
        raise ApiError(400, 1, "Invalid authorization code.")
    if grant.used:
        raise ApiError(400, 1, "Invalid authorization code: it was already used.")
    if grant.expires_at <= call.now:
        raise ApiError(400, 1, "Invalid authorization code: it has expired.")
    if form["redirect_uri"] != grant.redirect_uri:
        raise ApiError(400, 1, "Invalid parameters. redirect_uri is not the one used to authorize.")
    grant.used = True
    continuous = form.get("continuous_refresh", "").lower() == "true"
    refresh = _issue(call, "refresh", grant.user_id, app, grant.scopes, continuous=continuous)
    return _token_answer(
        call,
        "authorization_code",
        user_id=grant.user_id,
        app=app,
        scopes=grant.scopes,
        refresh=refresh,
    )


def _refresh(call: ApiCall, app: OAuthApp, form: dict[str, str]) -> dict[str, object]:
    if not form.get("refresh_token"):
        raise invalid("Missing required field(s): refresh_token.")
    refresh = call.state.tokens.get(form["refresh_token"])
    if (
        refresh is None
        or refresh.kind != "refresh"
        or refresh.client_id != app.client_id
        or refresh.expires_at <= call.now
    ):
        raise ApiError(400, 1, "Invalid refresh token.")
    scopes = refresh.scopes
    if form.get("scope"):
        scopes = [s for s in re.split(r"[,\s]+", form["scope"]) if s]
        if any(scope not in refresh.scopes for scope in scopes):
            raise invalid("scope asks for more than the refresh token grants.")
    if refresh.continuous:
        # Continuous refresh tokens renew their 60 days on every use.
        refresh = _issue(call, "refresh", refresh.user_id, app, refresh.scopes, continuous=True)
    # `refresh_on` (older clients) needs nothing more: every answer carries a refresh token.
    return _token_answer(
        call, "refresh_token", user_id=refresh.user_id, app=app, scopes=scopes, refresh=refresh
    )


def _issue(
    call: ApiCall,
    kind: str,
    user_id: str,
    app: OAuthApp,
    scopes: list[str],
    *,
    continuous: bool = False,
) -> Token:
    if kind == "access":
        prefix, lifetime = "pina_", ACCESS_TOKEN_LIFETIME_S
    else:
        prefix = "pinr_"
        lifetime = CONTINUOUS_REFRESH_LIFETIME_S if continuous else LEGACY_REFRESH_LIFETIME_S
    issued = Token(
        value=prefix + secrets.token_urlsafe(32),
        kind=kind,
        user_id=user_id,
        client_id=app.client_id,
        scopes=list(scopes),
        expires_at=call.now + lifetime,
        continuous=continuous,
    )
    call.state.tokens[issued.value] = issued
    return issued


def _token_answer(
    call: ApiCall,
    response_type: str,
    *,
    user_id: str,
    app: OAuthApp,
    scopes: list[str],
    refresh: Token,
) -> dict[str, object]:
    """The spec's `OauthAccessTokenResponseCode` / `...Refresh` (all refresh fields set)."""
    access = _issue(call, "access", user_id, app, scopes)
    return {
        "access_token": access.value,
        "token_type": "bearer",
        "expires_in": ACCESS_TOKEN_LIFETIME_S,
        "scope": ",".join(scopes),
        "response_type": response_type,
        "refresh_token": refresh.value,
        "refresh_token_expires_in": refresh.expires_at - call.now,
        "refresh_token_expires_at": refresh.expires_at,
    }
