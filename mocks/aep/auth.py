"""Sign-in: the `/signin` form, sessions in `world.aep_sessions`, and the guard routes use.

Sessions live on the world, not on `world.aep`, so they survive resets: a saved signed-in
browser state stays valid from one test to the next, as an Adobe sign-in does for days.
"""

from __future__ import annotations

import hmac
import secrets

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from mocks.aep.web import TEMPLATES, SignedOut
from mocks.world import MockWorld

SESSION_COOKIE = "aep_session"


def _expire_sessions_on_fault(world: MockWorld, token: str) -> None:
    """Fault `aep_session_expires_after`: the sign-ins in use since the reset end at the
    (N+1)th signed-in request, as an Adobe session does mid-run; signing in again works.
    Sign-ins not used since the reset (another client's saved state) are left alone."""
    limit = world.faults.get("aep_session_expires_after")
    if not limit:
        return
    with world.lock:
        fired = world.aep.faults_fired
        fired["signed_in_requests"] = seen = fired.get("signed_in_requests", 0) + 1
        world.aep.sessions_in_use.add(token)
        if seen == limit + 1:
            for used in world.aep.sessions_in_use:
                world.aep_sessions.pop(used, None)


def signed_in_email(world: MockWorld, request: Request) -> str | None:
    """The signed-in user's email, or None."""
    token = request.cookies.get(SESSION_COOKIE, "")
    if token in world.aep_sessions:
        _expire_sessions_on_fault(world, token)
    email = world.aep_sessions.get(token)
    # A reset may seed another user: a session of someone who no longer exists is void.
    if email is None or email.casefold() != world.aep.user.email.casefold():
        return None
    return email


def require_user(world: MockWorld, request: Request) -> str:
    """The signed-in user's email; raises SignedOut (401 or a redirect to sign in)."""
    email = signed_in_email(world, request)
    if email is None:
        raise SignedOut
    return email


def safe_next(value: str | None) -> str:
    """Where to go after signing in: a path on this origin only, never another site."""
    if (
        value
        and value.startswith("/")
        and not value.startswith("//")
        # Browsers read "\" as "/" and drop tabs and newlines, so "/\evil" is "//evil".
        and not any(c == "\\" or ord(c) < 0x20 for c in value)
    ):
        return value
    return "/"


def _credentials_match(world: MockWorld, email: str, password: str) -> bool:
    user = world.aep.user
    same_email = email.strip().casefold() == user.email.casefold()
    # Compared in constant time, as a sign-in form should, even in a mock.
    same_password = hmac.compare_digest(password.encode(), user.password.encode())
    return same_email and same_password


def routes(world: MockWorld) -> list[Route]:
    async def signin_page(request: Request) -> Response:
        target = safe_next(request.query_params.get("next"))
        if signed_in_email(world, request):
            return RedirectResponse(target, status_code=302)
        context = {"next": target, "email": "", "error": ""}
        return TEMPLATES.TemplateResponse(request, "signin.html", context)

    async def signin(request: Request) -> Response:
        form = await request.form()
        email, password = str(form.get("email", "")), str(form.get("password", ""))
        target = safe_next(str(form.get("next", "")))
        if not _credentials_match(world, email, password):
            context = {
                "next": target,
                "email": email,
                "error": "The email address or password is incorrect. Try again.",
            }
            return TEMPLATES.TemplateResponse(request, "signin.html", context, status_code=401)
        token = secrets.token_urlsafe(32)
        world.aep_sessions[token] = world.aep.user.email
        response = RedirectResponse(target, status_code=303)
        response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="lax", path="/")
        return response

    async def signout(request: Request) -> Response:
        world.aep_sessions.pop(request.cookies.get(SESSION_COOKIE, ""), None)
        response = RedirectResponse("/signin", status_code=302)
        response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax")
        return response

    return [
        Route("/signin", signin_page, methods=["GET"]),
        Route("/signin", signin, methods=["POST"]),
        Route("/signout", signout, methods=["GET"]),
    ]
