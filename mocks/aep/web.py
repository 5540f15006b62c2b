"""Plumbing the mock AEP's modules share: templates, error types and their responses."""

from __future__ import annotations

import ssl
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.templating import Jinja2Templates

HERE = Path(__file__).resolve().parent
TEMPLATES = Jinja2Templates(directory=HERE / "templates")
STATIC_DIR = HERE / "static"


class ApiError(Exception):
    """An answer of the JSON API other than 2xx: `{"error": detail}` with the status."""

    def __init__(self, status_code: int, detail: str) -> None:
        super().__init__(detail)
        self.status_code = status_code
        self.detail = detail


class SignedOut(Exception):
    """The request needs a signed-in user and has none."""


async def api_error_response(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return JSONResponse({"error": exc.detail}, status_code=exc.status_code)


async def signed_out_response(request: Request, exc: Exception) -> Response:
    """The API answers 401; a page sends the browser to sign in and back again."""
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": "signed_out"}, status_code=401)
    here = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/signin?{urlencode({'next': here})}", status_code=302)


async def json_object(request: Request) -> dict[str, Any]:
    """The request's body, which must be a JSON object."""
    try:
        body = await request.json()
    except ValueError:
        raise ApiError(400, "the body must be JSON") from None
    if not isinstance(body, dict):
        raise ApiError(400, "the body must be a JSON object")
    return body


@cache
def _tls() -> ssl.SSLContext:
    return ssl.create_default_context()


def pinterest_client(**kwargs: Any) -> httpx.AsyncClient:
    """An HTTP client for calls to Pinterest. The TLS context is made once: making one per
    client costs ~60 ms, which every reconnect and every run would pay."""
    return httpx.AsyncClient(verify=_tls(), timeout=30.0, **kwargs)
