"""The mock AEP's lists: the Browse and Accounts grids (DESIGN, "The mock sites").

Virtualized ARIA grids as React Spectrum renders them (only the rows and columns in view in
the DOM, row nodes recycled while scrolling, the row header pinned), a progress bar while
the list loads, the Accounts columns, filters, filter tags, search, and a row's right rail.
Selectors are roles and names, except where the structure itself (aria-rowindex, recycled
row nodes) is what a test proves; those places say so.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, Route, expect

from mocks.aep.state import NEW_CARD, OLD_CARD
from mocks.client import MockSites
from tests.mocks.aep_ui import PLATFORM, data_row, flow_id, open_app, scroll

ROW_HEIGHT = 48  # px, the grid's fixed row height (mocks/aep/static/lib/grid.js)
# Where the structure itself is under test (recycled row nodes), a script reads it with
# this selector.
DATA_ROWS = '[role=row][aria-rowindex]:not([aria-rowindex="1"])'


# --- Grids -----------------------------------------------------------------------------


def test_grid_virtualizes_rows_and_reaches_the_last_row_by_scrolling(
    page: Page, mock_sites: MockSites
) -> None:
    root = open_app(
        page, mock_sites, f"{PLATFORM}/destination/browse", scenario="large", options={"pairs": 60}
    )
    grid = root.get_by_role("grid", name="Dataflows")

    expect(grid, "120 dataflows and the header row").to_have_attribute("aria-rowcount", "121")
    expect(grid, "13 documented columns").to_have_attribute("aria-colcount", "13")
    expect(data_row(grid, 2), "the first dataflow is rendered").to_contain_text("Campaign 0001")
    rendered = grid.get_by_role("row").count()
    assert 2 < rendered < 30, f"only the rows in view are in the DOM, not {rendered}"
    expect(data_row(grid, 121), "the last row is not rendered yet").to_have_count(0)

    scroll(page, grid, down=200 * ROW_HEIGHT)

    last = data_row(grid, 121)
    expect(last, "scrolling reaches the last dataflow").to_be_visible()
    expect(last.get_by_role("rowheader")).to_contain_text("Campaign 0060")
    expect(last.get_by_role("link", name="Campaign 0060", exact=True)).to_be_visible()
    expect(data_row(grid, 2), "the first row left the DOM").to_have_count(0)
    assert grid.get_by_role("row").count() < 30, "still only a window of rows"


def test_rows_are_recycled_while_scrolling(page: Page, mock_sites: MockSites) -> None:
    root = open_app(
        page, mock_sites, f"{PLATFORM}/destination/browse", scenario="large", options={"pairs": 60}
    )
    grid = root.get_by_role("grid", name="Dataflows")
    expect(data_row(grid, 2)).to_contain_text("Campaign 0001")
    # Mark the row nodes themselves: a locator follows aria-rowindex, not DOM nodes.
    marked = grid.evaluate(
        f"""grid => {{
          const rows = grid.querySelectorAll({DATA_ROWS!r});
          rows.forEach(row => {{ row.dataset.firstRowIndex = row.getAttribute('aria-rowindex'); }});
          return rows.length;
        }}"""
    )

    scroll(page, grid, down=20 * ROW_HEIGHT)

    expect(data_row(grid, 2), "row 1 scrolled out").to_have_count(0)
    expect(data_row(grid, 22), "row 21 scrolled in").to_be_visible()
    nodes = grid.evaluate(
        f"""grid => [...grid.querySelectorAll({DATA_ROWS!r})].map(row =>
          ({{now: row.getAttribute('aria-rowindex'), first: row.dataset.firstRowIndex}}))"""
    )
    reused = [n for n in nodes if n["first"] and n["first"] != n["now"]]
    created = [n for n in nodes if not n["first"]]
    assert reused, "row nodes of scrolled-out rows show other rows now"
    assert len(created) <= 4, f"few new nodes beside the {marked} reused ones: {created}"


def test_wide_grid_virtualizes_columns_and_keeps_the_row_header(
    page: Page, mock_sites: MockSites
) -> None:
    root = open_app(page, mock_sites, f"{PLATFORM}/destination/browse")
    grid = root.get_by_role("grid", name="Dataflows")
    expect(grid.get_by_role("columnheader", name="Data Type")).to_be_visible()
    expect(grid.get_by_role("columnheader", name="Tags"), "off to the right").to_have_count(0)

    scroll(page, grid, right=5000)

    expect(grid.get_by_role("columnheader", name="Tags")).to_be_visible()
    expect(grid.get_by_role("columnheader", name="Status", exact=True)).to_be_visible()
    expect(grid.get_by_role("columnheader", name="Data Type"), "scrolled away").to_have_count(0)
    expect(grid.get_by_role("columnheader", name="Name", exact=True), "pinned").to_be_visible()
    expect(grid.get_by_role("link", name="Cart recovery", exact=True).first).to_be_visible()
    expect(data_row(grid, 2).get_by_role("gridcell").last).to_have_attribute("aria-colindex", "13")


def test_a_progressbar_shows_while_the_list_loads(page: Page, mock_sites: MockSites) -> None:
    root = open_app(page, mock_sites, f"{PLATFORM}/destination/overview")
    held: list[Route] = []

    def hold(route: Route) -> None:
        held.append(route)  # released below, once the progress bar was seen

    page.route("**/api/sandboxes/prod/flows", hold)
    with page.expect_request(re.compile(r"/api/sandboxes/prod/flows$")):
        root.get_by_role("tab", name="Browse").click()

    expect(root.get_by_role("progressbar", name="Loading…")).to_be_visible()
    expect(root.get_by_role("grid", name="Dataflows")).to_have_count(0)
    assert len(held) == 1, "the list request is held"
    held[0].continue_()

    expect(root.get_by_role("grid", name="Dataflows")).to_have_attribute("aria-rowcount", "9")
    expect(root.get_by_role("progressbar")).to_have_count(0)


def test_accounts_grid_has_the_documented_columns_and_an_expiry_warning(
    page: Page, mock_sites: MockSites
) -> None:
    root = open_app(page, mock_sites, f"{PLATFORM}/destination/accounts")
    grid = root.get_by_role("grid", name="Accounts")
    expect(grid).to_have_attribute("aria-colcount", "7")
    expect(grid).to_have_attribute("aria-rowcount", "5")
    seen = set(grid.get_by_role("columnheader").all_text_contents())
    root.get_by_role("group", name="Destination platform").get_by_role(
        "checkbox", name=NEW_CARD
    ).check()
    expect(grid).to_have_attribute("aria-rowcount", "2")
    new_account = data_row(grid, 2)
    expect(new_account.get_by_role("rowheader")).to_have_accessible_name(
        "Pinterest - Acme Ads More actions"
    )

    scroll(page, grid, right=5000)

    expect(grid.get_by_role("columnheader", name="Expiration date")).to_be_visible()
    seen |= set(grid.get_by_role("columnheader").all_text_contents())
    assert seen == {
        "Name", "Destination", "Connection Type", "Username", "Connections",
        "Authorization date", "Expiration date",
    }, "the documented (newest) Accounts columns"  # fmt: skip
    expect(
        new_account.get_by_role("img", name=re.compile("^(Expired|Expires soon)$")),
        "the copied (New) Pinterest grant has expired",
    ).to_be_visible()
    expect(new_account.get_by_role("gridcell").last).to_contain_text("Nov 16, 2023")


# --- Filters and search ------------------------------------------------------------------


def test_filter_tags_remove_and_clear_all(page: Page, mock_sites: MockSites) -> None:
    root = open_app(page, mock_sites, f"{PLATFORM}/destination/browse")
    grid = root.get_by_role("grid", name="Dataflows")
    platforms = root.get_by_role("group", name="Destination platform")
    tags = root.get_by_role("grid", name="Active filters")
    expect(grid).to_have_attribute("aria-rowcount", "9")
    expect(tags, "no tags without filters").to_have_count(0)

    platforms.get_by_role("checkbox", name=NEW_CARD).check()
    platforms.get_by_role("checkbox", name=OLD_CARD).check()
    root.get_by_role("group", name="Status").get_by_role("checkbox", name="Enabled").check()

    expect(tags.get_by_role("row")).to_have_text([NEW_CARD, OLD_CARD, "Enabled"])
    expect(grid, "the three enabled deprecating flows").to_have_attribute("aria-rowcount", "4")
    tags.get_by_role("button", name=f"Remove {OLD_CARD}").click()
    expect(platforms.get_by_role("checkbox", name=OLD_CARD)).not_to_be_checked()
    expect(tags.get_by_role("row")).to_have_text([NEW_CARD, "Enabled"])
    expect(grid, "no new flow is enabled yet").to_have_attribute("aria-rowcount", "1")
    expect(grid).to_contain_text("No dataflows match")

    root.get_by_role("group", name="Active filters Actions").get_by_role(
        "button", name="Clear all"
    ).click()

    expect(tags).to_have_count(0)
    expect(platforms.get_by_role("checkbox", name=NEW_CARD)).not_to_be_checked()
    expect(grid).to_have_attribute("aria-rowcount", "9")


def test_search_filters_by_name_as_you_type(page: Page, mock_sites: MockSites) -> None:
    root = open_app(page, mock_sites, f"{PLATFORM}/destination/browse")
    grid = root.get_by_role("grid", name="Dataflows")
    search = root.get_by_role("searchbox", name="Search")

    search.press_sequentially("loyal")

    expect(grid, "old, new and Facebook").to_have_attribute("aria-rowcount", "4")
    expect(grid.get_by_role("rowheader")).to_have_text(["Loyalty campaign"] * 3)
    root.get_by_role("group", name="Destination platform").get_by_role(
        "checkbox", name=NEW_CARD
    ).check()
    expect(grid).to_have_attribute("aria-rowcount", "2")
    root.get_by_role("button", name="Clear search").click()
    expect(search).to_have_value("")
    expect(grid, "only the card filter is left").to_have_attribute("aria-rowcount", "4")


def test_browse_row_click_opens_the_right_rail(page: Page, mock_sites: MockSites) -> None:
    root = open_app(page, mock_sites, f"{PLATFORM}/destination/browse")
    grid = root.get_by_role("grid", name="Dataflows")
    row = grid.get_by_role("row").filter(
        has=root.get_by_role("gridcell", name=NEW_CARD, exact=True)
    )
    loyalty = row.filter(has=root.get_by_role("link", name="Loyalty campaign", exact=True))

    loyalty.get_by_role("gridcell").first.click()

    rail = root.get_by_role("complementary", name="Loyalty campaign")
    expect(rail.get_by_label("Destination ID", exact=True)).to_have_text(
        flow_id(mock_sites, "Loyalty campaign", NEW_CARD)
    )
    expect(rail.get_by_label("Activated audiences", exact=True)).to_have_text("2")
    expect(rail.get_by_role("button", name="Edit destination")).to_be_visible()
    expect(rail.get_by_role("button", name="Activate audiences")).to_be_visible()
    # The rail narrows the grid, so the Destination column may scroll out of the DOM.
    selected = grid.get_by_role("row", selected=True)
    expect(selected).to_have_accessible_name("Loyalty campaign More actions")
    expect(selected.get_by_role("link")).to_have_attribute(
        "href", re.compile(flow_id(mock_sites, "Loyalty campaign", NEW_CARD) + "$")
    )
    expect(page, "a row click does not open the dataflow").to_have_url(
        re.compile(r"/destination/browse$")
    )
