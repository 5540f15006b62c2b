"""Serve both mock sites on free loopback ports, in background threads of this process."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn

from mocks.aep.app import create_app as create_aep_app
from mocks.pinterest.app import create_app as create_pinterest_app
from mocks.world import MockWorld


def _bind_free_port() -> socket.socket:
    # IPPROTO_TCP explicitly: asyncio sets TCP_NODELAY only on sockets that say so, and
    # without it every keep-alive request waits ~40 ms for Nagle's algorithm.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    return sock


class _Server(threading.Thread):
    def __init__(self, app: Any, sock: socket.socket, name: str) -> None:
        super().__init__(name=name, daemon=True)
        config = uvicorn.Config(
            # The sites set their own Date header, from the mock clock.
            app,
            log_level="warning",
            access_log=False,
            lifespan="off",
            date_header=False,
        )
        self.server = uvicorn.Server(config)
        self.sock = sock

    def run(self) -> None:
        self.server.run(sockets=[self.sock])

    def start_and_wait(self) -> None:
        self.start()
        while not self.server.started:
            if not self.is_alive():
                raise RuntimeError(f"mock site {self.name} failed to start")
            self.join(0.01)

    def stop(self) -> None:
        self.server.should_exit = True
        self.join(5)
        self.sock.close()


@contextmanager
def serve(scenario: str = "notice", **reset_args: Any) -> Iterator[MockWorld]:
    """Start the mock AEP and the mock Pinterest; yield their world; stop them after."""
    aep_sock, pinterest_sock = _bind_free_port(), _bind_free_port()
    pinterest_port = pinterest_sock.getsockname()[1]
    world = MockWorld(
        aep_url=f"http://127.0.0.1:{aep_sock.getsockname()[1]}",
        # Another host name than the AEP's, so the browser keeps the sites' cookies apart
        # as it does for experience.adobe.com and pinterest.com.
        pinterest_url=f"http://localhost:{pinterest_port}",
        pinterest_api_url=f"http://127.0.0.1:{pinterest_port}",
    )
    world.reset(scenario, **reset_args)
    servers = [
        _Server(create_aep_app(world), aep_sock, "mock-aep"),
        _Server(create_pinterest_app(world), pinterest_sock, "mock-pinterest"),
    ]
    try:
        for server in servers:
            server.start_and_wait()
        yield world
    finally:
        for server in servers:
            server.stop()
