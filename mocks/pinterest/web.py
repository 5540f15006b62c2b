"""www.pinterest.com pages: home, log in, log out.

The login form imitates the real one as scripts observe it: `#email` (name `id`),
`#password`, a "Log in" button, and the real wording for an unknown email. Its labels,
heading, button and error markup are undocumented: variant scramble redraws them
(templates/login.html), never the fields' names, which the server reads.
"""

from __future__ import annotations

import secrets

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from mocks.pinterest.ads import ad_accounts_of
from mocks.pinterest.sessions import Sessions, local_path
from mocks.world import MockWorld

UNKNOWN_EMAIL = "The email you entered does not belong to any account."
WRONG_PASSWORD = "The password you entered is incorrect. Try again or reset your password."


def routes(world: MockWorld, sessions: Sessions, templates: Jinja2Templates) -> list[Route]:
    async def home(request: Request) -> Response:
        with world.lock:
            session = sessions.current(request)
            user = session.user if session else None
            accounts = ad_accounts_of(world.pinterest, user.id) if user else []
            return templates.TemplateResponse(
                request, "home.html", {"user": user, "ad_accounts": accounts}
            )

    async def login_page(request: Request) -> Response:
        if world.faults.get("pinterest_login_lookalike"):
            # Sent to a page imitating this one on another origin (mocks/aep/lookalike.py).
            return RedirectResponse(f"{world.aep_url}/lookalike/login/", status_code=302)
        next_path = local_path(request.query_params.get("next"))
        return _login_form(request, next_path)

    async def log_in(request: Request) -> Response:
        form = await request.form()
        email = str(form.get("id", "")).strip()
        password = str(form.get("password", ""))
        next_path = local_path(str(form.get("next", "")))
        with world.lock:
            user = next(
                (u for u in world.pinterest.users.values() if u.email.lower() == email.lower()),
                None,
            )
        if user is None:
            return _login_form(request, next_path, email=email, email_error=UNKNOWN_EMAIL)
        if not secrets.compare_digest(password.encode(), user.password.encode()):
            return _login_form(request, next_path, email=email, password_error=WRONG_PASSWORD)
        response = RedirectResponse(next_path, status_code=302)
        sessions.start(response, user)
        return response

    async def log_out(request: Request) -> Response:
        response = RedirectResponse("/", status_code=302)
        sessions.end(request, response)
        return response

    def _login_form(
        request: Request,
        next_path: str,
        *,
        email: str = "",
        email_error: str = "",
        password_error: str = "",
    ) -> Response:
        context = {
            "next": next_path,
            "email": email,
            "email_error": email_error,
            "password_error": password_error,
        }
        return templates.TemplateResponse(request, "login.html", context)

    return [
        Route("/", home, methods=["GET"]),
        Route("/login/", login_page, methods=["GET"], name="login"),
        Route("/login/", log_in, methods=["POST"]),
        Route("/logout/", log_out, methods=["POST"]),
    ]
