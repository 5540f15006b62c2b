"""Helpers for the tests of the mock AEP's browser UI (test_aep_ui_*.py).

The mock is checked on its own terms, with plain Playwright on roles, names and ARIA
attributes: these tests never use the harness's page objects (pages/), so the mock and the
page objects cannot share a mistake the tests would not see.
"""

from __future__ import annotations

import re
from typing import Any

from playwright.sync_api import FrameLocator, Locator, Page, expect

from mocks.client import MockSites
from mocks.scenarios import AEP_USER_EMAIL, AEP_USER_PASSWORD

APP_FRAME = 'iframe[title="Adobe Experience Platform"]'
PLATFORM = "/@acme/sname:prod/platform"
# Where a popover's place in the DOM is under test, a script reads it with this selector.
AT_END_OF_BODY = "el => document.body.lastElementChild.contains(el) && !el.closest('[role=row]')"

Root = Page | FrameLocator


def open_app(
    page: Page,
    mock_sites: MockSites,
    route: str = f"{PLATFORM}/home",
    *,
    scenario: str = "notice",
    options: dict[str, Any] | None = None,
    variants: dict[str, Any] | None = None,
    faults: dict[str, Any] | None = None,
) -> Root:
    """Reset the mocks, open `route` in the shell, sign in on the sign-in page; the app's root."""
    mock_sites.reset(scenario, options=options, variants=variants, faults=faults)
    page.goto(f"{mock_sites.aep_url}/#{route}")
    page.get_by_label("Email").fill(AEP_USER_EMAIL)
    page.get_by_label("Password").fill(AEP_USER_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    top = (variants or {}).get("shell") == "top"
    root: Root = page if top else page.frame_locator(APP_FRAME)
    expect(root.get_by_role("navigation", name="Platform"), "the app is up").to_be_visible()
    return root


def flow_id(mock_sites: MockSites, name: str, destination: str) -> str:
    ids = [
        f["id"]
        for f in mock_sites.aep_state()["flows"].values()
        if f["name"] == name and f["destination"] == destination
    ]
    assert len(ids) == 1, f"one {destination} flow named {name!r}"
    return ids[0]


def dataflow_route(mock_sites: MockSites, name: str, destination: str) -> str:
    return f"{PLATFORM}/destination/browse/{flow_id(mock_sites, name, destination)}"


def data_row(grid: Locator, index: int) -> Locator:
    """The row with aria-rowindex `index` (1 is the header row), if rendered (no scrolling).

    A row of a virtualized grid has no accessible name that says its position; its ARIA row
    index is the handle, so this one attribute selector is needed.
    """
    return grid.locator(f'[role="row"][aria-rowindex="{index}"]')


def scroll(page: Page, target: Locator, *, down: int = 0, right: int = 0) -> None:
    """Turn the mouse wheel over `target`, as a person scrolls a grid."""
    target.hover(position={"x": 300, "y": 200})
    page.mouse.wheel(right, down)


def toasts(root: Root) -> Locator:
    return root.get_by_role("region", name=re.compile(r"^\d+ notifications?\.$"))
