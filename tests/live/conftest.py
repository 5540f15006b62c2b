"""Live mode as a real user meets it, against this process's mock sites: the login helper
a person drives, remote browsers, several Pinterest identities, the probe."""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, BrowserType

# The main job pointed at this process's mock sites, as tests/flows/ has it.
from tests.flows.conftest import harness  # noqa: F401 -- a fixture, used by name
from tests.flows.support import ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def person_browser(
    browser_type: BrowserType, browser_type_launch_args: dict[str, Any], tmp_path: Path
) -> Iterator[tuple[BrowserContext, str]]:
    """A browser the person runs, with a debugging port (as `chromium
    --remote-debugging-port=9222`): its own profile's context and the CDP endpoint."""
    port = free_port()
    args = [*browser_type_launch_args.get("args", []), f"--remote-debugging-port={port}"]
    context = browser_type.launch_persistent_context(
        tmp_path / "profile", **{**browser_type_launch_args, "args": args}
    )
    yield context, f"http://127.0.0.1:{port}"
    context.close()


def login_helper(env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    """`make login`'s script, as a person starts it."""
    return subprocess.Popen(
        [sys.executable, "scripts/login.py", *args], cwd=ROOT, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
