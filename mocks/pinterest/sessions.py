"""Pinterest login sessions: an HttpOnly cookie on the Pinterest origin.

Sessions live with the app, not in `world.pinterest`, so they survive resets like the mock
AEP's do: a saved signed-in browser state (PINTEREST_STORAGE_STATE) stays valid from one
test to the next. Each request still checks that the session's user exists.
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

from starlette.requests import Request
from starlette.responses import Response

from mocks.pinterest.state import PinterestUser
from mocks.world import MockWorld

# The name www.pinterest.com gives its session cookie.
COOKIE = "_pinterest_sess"


@dataclass(frozen=True)
class LoginSession:
    user: PinterestUser
    # Ties a consent form to the session that rendered it (a CSRF check).
    csrf: str = field(repr=False)


class Sessions:
    def __init__(self, world: MockWorld) -> None:
        self._world = world
        self._lock = threading.Lock()
        # session id -> (user id, CSRF value)
        self._by_id: dict[str, tuple[str, str]] = {}

    def start(self, response: Response, user: PinterestUser) -> None:
        session_id = secrets.token_urlsafe(24)
        with self._lock:
            self._by_id[session_id] = (user.id, secrets.token_urlsafe(24))
        response.set_cookie(COOKIE, session_id, httponly=True, samesite="lax", path="/")

    def current(self, request: Request) -> LoginSession | None:
        with self._lock:
            found = self._by_id.get(request.cookies.get(COOKIE, ""))
        if found is None:
            return None
        user = self._world.pinterest.users.get(found[0])
        return LoginSession(user, found[1]) if user else None

    def end(self, request: Request, response: Response) -> None:
        with self._lock:
            self._by_id.pop(request.cookies.get(COOKIE, ""), None)
        response.delete_cookie(COOKIE, path="/")


def local_path(target: str | None, default: str = "/") -> str:
    """`target` if it is a path on this origin, else `default` (no open redirects)."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    # Browsers read a backslash as a slash: "/\\evil.example" would leave the origin.
    if "\\" in target or any(ord(c) < 0x20 for c in target):
        return default
    return target


def login_url(request: Request) -> str:
    """The login page, returning to where the request wanted to go."""
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return "/login/?" + urlencode({"next": here})
