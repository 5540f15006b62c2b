"""The floor: a minimal hand-written Playwright script doing only the unavoidable work.

Per pair: go to the new flow, read its audiences once, switch it on; go to the old flow,
switch it off. A click is known to have taken when the switch is enabled again (the
mock AEP disables it while it saves) and shows the new state. No plan, journal, trace,
screenshot or reload. The flows' locations come from the mock's state API: a person's
script would have them from a list.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect, sync_playwright

from flows.browser import CHROMIUM_ARGS, chromium_executable


def flow_location(state: dict[str, Any], flow: dict[str, Any]) -> str:
    return (
        f"/#/@{state['tenant']}/sname:{flow['sandbox']}/platform/destination/browse/"
        f"{flow['id']}/activation"
    )


def pairs_of(state: dict[str, Any], old_card: str, new_card: str) -> list[tuple[str, str]]:
    """(old location, new location) per connection name, in name order."""
    by_name: dict[str, dict[str, str]] = {}
    for flow in state["flows"].values():
        if flow["destination"] in (old_card, new_card):
            by_name.setdefault(flow["name"], {})[flow["destination"]] = flow_location(state, flow)
    return [(f[old_card], f[new_card]) for _, f in sorted(by_name.items())]


def _flip(page: Page, location: str, on: bool, read_audiences: bool) -> int:
    page.goto(location)
    app = page.get_by_title("Adobe Experience Platform").content_frame
    switch = app.get_by_role("switch", name="Enabled")
    expect(switch).to_be_visible()
    audiences = 0
    if read_audiences:
        grid = app.get_by_role("grid", name="Activation data")
        expect(grid.get_by_role("row").nth(1)).to_be_visible()
        audiences = int(grid.get_attribute("aria-rowcount") or "1") - 1
    if switch.is_checked() != on:
        switch.click()
        confirm = app.get_by_role("alertdialog").get_by_role("button", name="Disable")
        settled = app.get_by_role("switch", name="Enabled", disabled=False)
        expect(confirm.or_(settled).first).to_be_visible(timeout=30_000)
        if confirm.is_visible():
            confirm.click()
        expect(settled).to_be_checked(checked=on, timeout=30_000)
    return audiences


def run_floor(
    aep_url: str,
    storage_state: Path,
    pairs: list[tuple[str, str]],
) -> tuple[float, int, str]:
    """Switch every pair (new on, then old off); (seconds, audiences read, Chromium version)."""
    audiences = 0
    with sync_playwright() as pw:
        executable = chromium_executable(pw.chromium.executable_path)
        started = time.monotonic()
        browser = pw.chromium.launch(headless=True, args=CHROMIUM_ARGS, executable_path=executable)
        context = browser.new_context(storage_state=storage_state)
        page = context.new_page()
        for old, new in pairs:
            audiences += _flip(page, aep_url + new, True, read_audiences=True)
            _flip(page, aep_url + old, False, read_audiences=False)
        version = browser.version
        browser.close()
        return time.monotonic() - started, audiences, version
