"""BROWSER_WS_ENDPOINT: the main job's browser runs on a Playwright browser server (here a
local `playwright run-server`, as in a container or a grid), across two sandboxes."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import BrowserType

from flows.browser import CHROMIUM_ARGS, chromium_executable
from mocks.aep.state import NEW_CARD, OLD_CARD
from mocks.client import MockSites
from tests.flows.support import ROOT, Harness, flows_by_key
from tests.live.conftest import free_port

PAIRS = {
    "prod": ("Loyalty campaign", "Spring sale retargeting"),
    "dev-emea": ("Loyalty campaign", "EMEA newsletter"),
}


@pytest.fixture
def run_server() -> Iterator[str]:
    """`playwright run-server` on a free loopback port; --unsafe lets the client name the
    executable (this machine has Debian's Chromium, not Playwright's download).

    `python -m playwright` runs Playwright's Node driver as a child process: the server
    gets a process group of its own, and the whole group is stopped afterwards (stopping
    Python alone left the driver running)."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "playwright", "run-server", "--port", str(port),
         "--host", "127.0.0.1", "--unsafe"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True,
    )  # fmt: skip
    try:
        assert server.stdout is not None
        line = server.stdout.readline()  # blocks until it listens (or exits)
        assert line.startswith("Listening on ws://"), line
        yield line.split()[-1]
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        server.stdout.close()


def test_a_run_on_a_browser_server_migrates_two_sandboxes(
    run_server: str, harness: Harness, mock_sites: MockSites, browser_type: BrowserType
) -> None:
    mock_sites.reset("sandboxes")
    executable = chromium_executable(browser_type.executable_path) or browser_type.executable_path
    env = {**harness.env, "BROWSER_WS_ENDPOINT": run_server, "AEP_SANDBOXES": "prod,dev-emea"}
    wrong = {**env, "BROWSER_LAUNCH_OPTIONS": json.dumps({"executablePath": "/nowhere/chrome"})}

    failed = Harness(wrong, harness.evidence).run()

    # The server, not this process, launches the browser: with the options sent to it.
    assert failed.returncode != 0
    assert re.search(r"/nowhere/chrome", failed.output), failed.output[-2000:]

    env["BROWSER_LAUNCH_OPTIONS"] = json.dumps(
        {"executablePath": executable, "args": CHROMIUM_ARGS}
    )
    remote = Harness(env, harness.evidence)
    dry = remote.run()
    apply = remote.run("--apply")

    assert dry.returncode == 0, dry.output
    assert apply.returncode == 0, apply.output
    flows = flows_by_key(mock_sites.aep_state())
    for sandbox, names in PAIRS.items():
        for name in names:
            # The mock keys flows by name; one name is in both sandboxes.
            pair = [f for f in mock_sites.aep_state()["flows"].values()
                    if f["sandbox"] == sandbox and f["name"] == name]  # fmt: skip
            enabled = {f["destination"]: f["enabled"] for f in pair}
            assert enabled == {NEW_CARD: True, OLD_CARD: False}, (sandbox, name)
    assert flows, "the mock has flows"
    report = remote.report()
    assert {p["key"]: p["outcome"] for p in report["pairs"]} == {
        f"{sandbox}/{name}": "switched" for sandbox, names in PAIRS.items() for name in names
    }
    html = (remote.latest / "report.html").read_text()
    assert html.index("Sandbox prod") < html.index("Sandbox dev-emea"), "one table per sandbox"
    assert Path(remote.latest / "junit.xml").is_file()
