"""Fault `pinterest_login_lookalike`: a page imitating Pinterest's login on another origin.

Pinterest's `/login/` then redirects here (this mock AEP's origin stands in for any
origin outside PINTEREST_LOGIN_ORIGINS). The page looks like Pinterest's form and reports
every key pressed, every input and every submit back, counted in the AEP state's
`faults_fired` (`lookalike_keys`, `lookalike_submits`): a client that respects the
allowed origins leaves both at zero.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from mocks.world import MockWorld

PATH = "/lookalike/login/"

PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Log in | Pinterest</title></head>
<body>
<main>
<section aria-labelledby="login-heading">
  <h1 id="login-heading">Welcome to Pinterest</h1>
  <form method="post" action="/lookalike/login/" novalidate>
    <label for="email">Email</label>
    <input id="email" name="id" type="email" autocomplete="username">
    <label for="password">Password</label>
    <input id="password" name="password" type="password" autocomplete="current-password">
    <button type="submit">Log in</button>
  </form>
</section>
</main>
<script>
  const tell = () => fetch("/lookalike/keys", {method: "POST", keepalive: true});
  for (const type of ["keydown", "input", "paste"]) document.addEventListener(type, tell, true);
</script>
</body>
</html>
"""


def _count(world: MockWorld, name: str) -> None:
    with world.lock:
        fired = world.aep.faults_fired
        fired[name] = fired.get(name, 0) + 1


def routes(world: MockWorld) -> list[Route]:
    async def page(request: Request) -> Response:
        return HTMLResponse(PAGE)

    async def submit(request: Request) -> Response:
        _count(world, "lookalike_submits")  # what was sent is never kept
        return HTMLResponse(PAGE)

    async def keys(request: Request) -> Response:
        _count(world, "lookalike_keys")
        return Response(status_code=204)

    return [
        Route(PATH, page, methods=["GET"]),
        Route(PATH, submit, methods=["POST"]),
        Route("/lookalike/keys", keys, methods=["POST"]),
    ]
