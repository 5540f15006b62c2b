"""The mock AEP's UI variants (mocks/options.py VARIANTS), each as the page objects meet it.

One test per variant value that changes the DOM: what it renders, by roles and names, and
what it does to the server's state. The page objects' handling of every variant is proven
in tests/pages/.
"""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from mocks.aep.state import NEW_CARD, OLD_CARD
from mocks.client import MockSites
from mocks.scenarios import PINTEREST_EMAIL, PINTEREST_PASSWORD
from tests.mocks.aep_ui import PLATFORM, Root, dataflow_route, open_app, scroll, toasts

PAGE_SIZE = 25  # rows per page, and per lazy load (mocks/aep/static/views/listing.js)


def test_nav_destinations_is_a_top_level_link(page: Page, mock_sites: MockSites) -> None:
    root = open_app(page, mock_sites, variants={"nav": "destinations"})
    nav = root.get_by_role("navigation", name="Platform")

    expect(nav.get_by_role("link", name="Destinations")).to_be_visible()
    expect(nav.get_by_role("heading", name="Connections"), "no Connections section").to_have_count(
        0
    )


def test_classic_layout_has_a_filter_icon_sort_panel_and_older_columns(
    page: Page, mock_sites: MockSites
) -> None:
    root = open_app(
        page, mock_sites, f"{PLATFORM}/destination/accounts", variants={"layout": "classic"}
    )
    grid = root.get_by_role("grid", name="Accounts")
    expect(grid).to_have_attribute("aria-rowcount", "5")
    expect(root.get_by_role("searchbox"), "no search bar").to_have_count(0)
    panel = root.get_by_role("group", name="Destinations")
    expect(panel, "the sort panel starts closed").to_be_hidden()

    root.get_by_role("button", name="Filter").click()
    panel.get_by_role("checkbox", name=NEW_CARD).check()
    panel.get_by_role("checkbox", name=OLD_CARD).check()

    expect(grid).to_have_attribute("aria-rowcount", "3")
    expect(root.get_by_role("grid", name="Active filters"), "no tags").to_have_count(0)
    headers = set(grid.get_by_role("columnheader").all_text_contents())
    scroll(page, grid, right=5000)
    headers |= set(grid.get_by_role("columnheader").all_text_contents())
    assert {"Platform", "Destinations", "Authorized"} <= headers
    assert not {"Name", "Connections", "Authorization date"} & headers


def test_classic_layout_says_activate_segments(page: Page, mock_sites: MockSites) -> None:
    root = open_app(page, mock_sites, variants={"layout": "classic"})
    page.goto(f"{mock_sites.aep_url}/#{dataflow_route(mock_sites, 'Loyalty campaign', NEW_CARD)}")

    expect(root.get_by_role("button", name="Activate segments")).to_be_visible()
    expect(root.get_by_role("button", name="Activate audiences")).to_have_count(0)


def test_disable_confirm_dialog_asks_before_switching_off(
    page: Page, mock_sites: MockSites
) -> None:
    root = open_app(page, mock_sites, variants={"disable_confirm": "dialog"})
    page.goto(f"{mock_sites.aep_url}/#{dataflow_route(mock_sites, 'Loyalty campaign', OLD_CARD)}")
    switch = root.get_by_role("switch", name="Enabled")
    expect(switch).to_be_checked()

    switch.click()
    confirm = root.get_by_role("alertdialog", name="Disable dataflow")
    confirm.get_by_role("button", name="Cancel").click()
    expect(switch, "Cancel keeps it on").to_be_checked()
    assert mock_sites.aep_state()["changes"] == []

    switch.click()
    confirm.get_by_role("button", name="Disable").click()
    expect(switch).not_to_be_checked()
    expect(switch).to_be_enabled()
    assert [c["op"] for c in mock_sites.aep_state()["changes"]] == ["disable"]


def browse_60_flows(page: Page, mock_sites: MockSites, rows: str) -> tuple[Root, Locator]:
    """Browse with 60 dataflows, in variant `rows`: the app's root and the grid."""
    root = open_app(
        page,
        mock_sites,
        f"{PLATFORM}/destination/browse",
        scenario="large",
        options={"pairs": 30},
        variants={"rows": rows},
    )
    return root, root.get_by_role("grid", name="Dataflows")


def test_rows_pages_shows_a_page_at_a_time_with_a_pager(page: Page, mock_sites: MockSites) -> None:
    root, grid = browse_60_flows(page, mock_sites, "pages")
    pager = root.get_by_role("navigation", name="Pagination")
    expect(pager).to_contain_text("Page 1 of 3")
    expect(grid).to_have_attribute("aria-rowcount", str(PAGE_SIZE + 1))
    expect(pager.get_by_role("button", name="Previous page")).to_be_disabled()

    pager.get_by_role("button", name="Next page").click()
    pager.get_by_role("button", name="Next page").click()

    expect(pager).to_contain_text("Page 3 of 3")
    expect(grid, "the last page's rows").to_have_attribute("aria-rowcount", "11")
    expect(pager.get_by_role("button", name="Next page")).to_be_disabled()


def test_rows_lazy_appends_rows_when_scrolled_to_the_end(page: Page, mock_sites: MockSites) -> None:
    root, grid = browse_60_flows(page, mock_sites, "lazy")
    expect(grid, "only the first rows").to_have_attribute("aria-rowcount", str(PAGE_SIZE + 1))
    expect(root.get_by_role("navigation", name="Pagination")).to_have_count(0)

    scroll(page, grid, down=100_000)

    expect(grid, "25 rows more").to_have_attribute("aria-rowcount", str(2 * PAGE_SIZE + 1))
    scroll(page, grid, down=100_000)
    expect(grid, "all 60 rows").to_have_attribute("aria-rowcount", "61")
    expect(grid.get_by_role("progressbar", name="Loading more…"), "done loading").to_be_hidden()


def test_oauth_redirect_leaves_the_tab_and_comes_back_to_edit_details(
    page: Page, mock_sites: MockSites
) -> None:
    root = open_app(
        page, mock_sites, f"{PLATFORM}/destination/accounts", variants={"oauth": "redirect"}
    )
    root.get_by_role("group", name="Destination platform").get_by_role(
        "checkbox", name=NEW_CARD
    ).check()
    grid = root.get_by_role("grid", name="Accounts")
    expect(grid).to_have_attribute("aria-rowcount", "2")
    grid.get_by_role("button", name="More actions").click()
    root.get_by_role("menuitem", name="Edit details").click()

    root.get_by_role("dialog", name="Edit details").get_by_role(
        "button", name="Reconnect OAuth"
    ).click()
    expect(page, "the same tab at Pinterest").to_have_url(re.compile(mock_sites.pinterest_url))
    assert len(page.context.pages) == 1, "no popup"
    page.get_by_label("Email").fill(PINTEREST_EMAIL)
    page.get_by_label("Password").fill(PINTEREST_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("button", name="Give access").click()

    expect(page, "back in the app, on Accounts").to_have_url(re.compile(r"/destination/accounts$"))
    dialog = root.get_by_role("dialog", name="Edit details")
    expect(dialog.get_by_role("img", name="Expired"), "a fresh grant").to_have_count(0)
    expect(toasts(root)).to_contain_text("Account reconnected")
    (account,) = [
        a for a in mock_sites.aep_state()["accounts"].values() if a["destination"] == NEW_CARD
    ]
    assert account["access_token_set"]
    assert mock_sites.aep_state()["oauth_results"] == {}, "the outcome was read once"
