"""Placeholder: replaced by the real app."""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.middleware import Middleware

from mocks.state_api import LatencyMiddleware, state_routes
from mocks.world import MockWorld


def create_app(world: MockWorld) -> Starlette:
    return Starlette(
        routes=state_routes(world, lambda: world.aep.to_json()),
        middleware=[Middleware(LatencyMiddleware, world=world)],
    )
