"""The mock AEP's browser UI renders what React Spectrum renders (DESIGN, "The mock sites").

These tests pin the structure the page objects key on: virtualized ARIA grids, menus in
popovers at the end of <body>, the Enabled switch, toasts, filter tags, the sandbox
switcher and the route kept in the top page's URL, in both shell variants. Selectors are
roles and names, except where the structure itself (aria-rowindex, the DOM position of a
popover) is what a test proves; those places say so.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import FrameLocator, Locator, Page, Route, expect

from mocks.client import MockSites
from mocks.scenarios import (
    AEP_USER_EMAIL,
    AEP_USER_PASSWORD,
    PINTEREST_EMAIL,
    PINTEREST_PASSWORD,
)
from pages.aep.grid import VirtualGrid

APP_FRAME = 'iframe[title="Adobe Experience Platform"]'
PLATFORM = "/@acme/sname:prod/platform"
OLD, NEW = "(Deprecating) Pinterest", "(New) Pinterest"
ROW_HEIGHT = 48  # px, the grid's fixed row height (mocks/aep/static/lib/grid.js)
TOAST_EXPIRY_MS = 15_000  # toasts close after 5 s; leave room for a slow machine
# Where the structure itself is under test (recycled row nodes, a popover's place in the
# DOM), scripts read it with these selectors.
DATA_ROWS = '[role=row][aria-rowindex]:not([aria-rowindex="1"])'
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
    """The row with aria-rowindex `index` (1 is the header row), if rendered."""
    return VirtualGrid(grid).rendered_row(index)


def scroll(page: Page, target: Locator, *, down: int = 0, right: int = 0) -> None:
    """Turn the mouse wheel over `target`, as a person scrolls a grid."""
    target.hover(position={"x": 300, "y": 200})
    page.mouse.wheel(right, down)


def toasts(root: Root) -> Locator:
    return root.get_by_role("region", name=re.compile(r"^\d+ notifications?\.$"))


def open_edit_details(root: Root) -> Locator:
    """Accounts, filtered to the (New) Pinterest card: its account's Edit details dialog."""
    platforms = root.get_by_role("group", name="Destination platform")
    platforms.get_by_role("checkbox", name=NEW).check()
    grid = root.get_by_role("grid", name="Accounts")
    expect(grid).to_have_attribute("aria-rowcount", "2")
    grid.get_by_role("button", name="More actions").click()
    root.get_by_role("menuitem", name="Edit details").click()
    return root.get_by_role("dialog", name="Edit details")


# --- Workspace -----------------------------------------------------------------------


def test_workspace_tabs_are_a_tablist_whose_panels_have_content(
    page: Page, mock_sites: MockSites
) -> None:
    root = open_app(page, mock_sites, f"{PLATFORM}/destination/overview")
    tablist = root.get_by_role("tablist", name="Destinations")
    expect(tablist.get_by_role("tab")).to_have_text(
        ["Overview", "Catalog", "Browse", "Accounts", "System View"]
    )
    summary = root.get_by_role("tabpanel", name="Overview").get_by_role("region", name="Summary")
    expect(summary.get_by_label("Enabled dataflows", exact=True)).to_have_text("5")
    expect(summary.get_by_label("Disabled dataflows", exact=True)).to_have_text("3")

    root.get_by_role("tab", name="Overview").focus()
    page.keyboard.press("ArrowRight")

    expect(root.get_by_role("tab", name="Catalog"), "arrows select").to_be_focused()
    expect(page).to_have_url(re.compile(r"/destination/catalog$"))
    cards = root.get_by_role("tabpanel", name="Catalog").get_by_role("article")
    expect(cards.get_by_role("heading")).to_have_text(
        [OLD, NEW, "Facebook Custom Audience", "Google Customer Match",
         "LinkedIn Matched Audiences", "Amazon S3"]
    )  # fmt: skip
    old_box, new_box = cards.nth(0).bounding_box(), cards.nth(1).bounding_box()
    assert old_box
    assert new_box
    assert old_box["y"] == new_box["y"], "the two Pinterest cards side by side"
    root.get_by_role("searchbox", name="Search destinations").fill("pinterest")
    expect(cards).to_have_count(2)
    root.get_by_role("tab", name="System View").click()
    destinations = root.get_by_role("list", name="Connected destinations").get_by_role("listitem")
    expect(destinations.filter(has_text=NEW)).to_contain_text("3 dataflows, 0 enabled")


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
    root.get_by_role("group", name="Destination platform").get_by_role("checkbox", name=NEW).check()
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


# --- Row menus and dialogs ---------------------------------------------------------------


def test_row_menu_is_a_popover_at_the_end_of_body_closed_by_escape_and_outside_press(
    page: Page, mock_sites: MockSites
) -> None:
    root = open_app(page, mock_sites, f"{PLATFORM}/destination/accounts")
    grid = root.get_by_role("grid", name="Accounts")
    trigger = grid.get_by_role("button", name="More actions").first
    overview_tab = root.get_by_role("tab", name="Overview").bounding_box()
    assert overview_tab

    trigger.click()

    menu = root.get_by_role("menu")
    expect(menu.get_by_role("menuitem")).to_have_text(
        ["Activate audiences", "Edit details", "Delete"]
    )
    expect(menu.get_by_role("menuitem").first, "focus moves into the menu").to_be_focused()
    assert menu.evaluate(AT_END_OF_BODY), "a popover at the end of <body>, outside the row"
    dismiss = root.get_by_role("button", name="Dismiss")
    expect(dismiss, "two visually hidden Dismiss buttons").to_have_count(2)
    expect(grid, "the page behind is hidden from assistive tech").to_have_count(0)

    page.keyboard.press("Escape")

    expect(menu).to_have_count(0)
    expect(trigger, "focus returns to the trigger").to_be_focused()
    expect(trigger).to_have_attribute("aria-expanded", "false")

    trigger.click()
    expect(menu).to_be_visible()
    # A press on the Overview tab, outside the popover: it closes the menu and nothing else.
    page.mouse.click(overview_tab["x"] + 5, overview_tab["y"] + 5)

    expect(menu).to_have_count(0)
    expect(root.get_by_role("tab", name="Accounts")).to_have_attribute("aria-selected", "true")


def test_menu_works_from_the_keyboard(page: Page, mock_sites: MockSites) -> None:
    root = open_app(page, mock_sites, f"{PLATFORM}/destination/browse")
    trigger = root.get_by_role("grid", name="Dataflows").get_by_role("button", name="More actions")

    trigger.first.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("End")
    expect(root.get_by_role("menuitem", name="Manage tags")).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(root.get_by_role("menuitem", name="Activate audiences"), "wraps").to_be_focused()
    page.keyboard.press("Enter")

    dialog = root.get_by_role("dialog", name="Activate audiences")
    expect(dialog.get_by_role("heading", name="Select audiences"), "the wizard").to_be_visible()
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_have_count(0)
    expect(trigger.first, "focus is restored").to_be_focused()


def test_edit_details_saves_name_and_description(page: Page, mock_sites: MockSites) -> None:
    root = open_app(page, mock_sites, f"{PLATFORM}/destination/accounts")
    grid = root.get_by_role("grid", name="Accounts")

    dialog = open_edit_details(root)

    name = dialog.get_by_label("Name", exact=True)
    expect(name, "the first field takes the focus").to_be_focused()
    expect(name).to_have_value("Pinterest - Acme Ads")
    expect(dialog.get_by_label("Username", exact=True)).to_have_text("acme_marketing")
    expect(dialog.get_by_role("img", name="Expired")).to_be_visible()
    expect(dialog.get_by_role("button", name="Reconnect OAuth")).to_be_enabled()
    name.fill("Pinterest v5 - Acme Ads")
    dialog.get_by_label("Description").fill("Reconnected for API v5")
    dialog.get_by_role("button", name="Save").click()

    expect(dialog).to_have_count(0)
    expect(toasts(root).get_by_role("alert")).to_have_text("Account details saved.")
    expect(grid.get_by_role("rowheader")).to_contain_text("Pinterest v5 - Acme Ads")
    (account,) = [a for a in mock_sites.aep_state()["accounts"].values() if a["destination"] == NEW]
    assert (account["name"], account["description"]) == (
        "Pinterest v5 - Acme Ads",
        "Reconnected for API v5",
    )


def test_edit_details_cancel_and_escape_change_nothing(page: Page, mock_sites: MockSites) -> None:
    root = open_app(page, mock_sites, f"{PLATFORM}/destination/accounts")
    more = root.get_by_role("grid", name="Accounts").get_by_role("button", name="More actions")
    dialog = root.get_by_role("dialog", name="Edit details")

    more.first.click()
    root.get_by_role("menuitem", name="Edit details").click()
    dialog.get_by_label("Name", exact=True).fill("Changed")
    dialog.get_by_role("button", name="Cancel").click()
    expect(dialog).to_have_count(0)
    more.first.click()
    root.get_by_role("menuitem", name="Edit details").click()
    name = dialog.get_by_label("Name", exact=True)
    expect(name, "the form starts anew").not_to_have_value("Changed")
    expect(name).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(dialog.get_by_role("button", name="Save"), "focus stays in the dialog").to_be_focused()
    page.keyboard.press("Tab")
    expect(name).to_be_focused()
    page.keyboard.press("Escape")

    expect(dialog).to_have_count(0)
    assert mock_sites.aep_state()["change_count"] == 0


def test_delete_asks_in_an_alertdialog_and_calls_the_api(page: Page, mock_sites: MockSites) -> None:
    root = open_app(page, mock_sites, f"{PLATFORM}/destination/browse")
    grid = root.get_by_role("grid", name="Dataflows")
    google = grid.get_by_role("row", name=re.compile("^Google CM - lapsed buyers"))
    confirm = root.get_by_role("alertdialog", name="Delete dataflow")

    google.get_by_role("button", name="More actions").click()
    root.get_by_role("menuitem", name="Delete").click()
    expect(confirm).to_contain_text("Google CM - lapsed buyers")
    confirm.get_by_role("button", name="Cancel").click()
    expect(confirm).to_have_count(0)
    google.get_by_role("button", name="More actions").click()
    root.get_by_role("menuitem", name="Delete").click()
    confirm.get_by_role("button", name="Delete").click()

    expect(confirm).to_have_count(0)
    expect(toasts(root).get_by_role("alert")).to_have_text("Dataflow deleted.")
    expect(grid).to_have_attribute("aria-rowcount", "8")
    expect(google).to_have_count(0)
    names = [f["name"] for f in mock_sites.aep_state()["flows"].values()]
    assert "Google CM - lapsed buyers" not in names


def test_deleting_an_account_in_use_shows_the_servers_reason(
    page: Page, mock_sites: MockSites
) -> None:
    root = open_app(page, mock_sites, f"{PLATFORM}/destination/accounts")
    grid = root.get_by_role("grid", name="Accounts")

    grid.get_by_role("button", name="More actions").first.click()
    root.get_by_role("menuitem", name="Delete").click()
    root.get_by_role("alertdialog", name="Delete account").get_by_role(
        "button", name="Delete"
    ).click()

    error = toasts(root).get_by_role("alertdialog", name=re.compile("^Error"))
    expect(error.get_by_role("alert")).to_contain_text("dataflow")
    expect(grid).to_have_attribute("aria-rowcount", "5")
    assert len(mock_sites.aep_state()["accounts"]) == 4


def test_reconnect_oauth_denied_at_pinterest_says_why(page: Page, mock_sites: MockSites) -> None:
    root = open_app(page, mock_sites, f"{PLATFORM}/destination/accounts")
    dialog = open_edit_details(root)

    with page.expect_popup() as popup_info:
        dialog.get_by_role("button", name="Reconnect OAuth").click()
    popup = popup_info.value
    expect(popup, "a popup on Pinterest's origin").to_have_url(re.compile(mock_sites.pinterest_url))
    popup.get_by_label("Email").fill(PINTEREST_EMAIL)
    popup.get_by_label("Password").fill(PINTEREST_PASSWORD)
    popup.get_by_role("button", name="Log in").click()
    with popup.expect_event("close"):
        popup.get_by_role("button", name="Cancel").click()

    error = toasts(root).get_by_role("alertdialog", name=re.compile("^Error"))
    expect(error.get_by_role("alert")).to_contain_text("Could not reconnect the account")
    expect(dialog.get_by_role("button", name="Reconnect OAuth"), "ready to retry").to_be_enabled()
    expect(dialog.get_by_role("img", name="Expired"), "still expired").to_be_visible()
    (account,) = [a for a in mock_sites.aep_state()["accounts"].values() if a["destination"] == NEW]
    assert not account["access_token_set"]


def test_closing_the_oauth_popup_is_reported(page: Page, mock_sites: MockSites) -> None:
    root = open_app(page, mock_sites, f"{PLATFORM}/destination/accounts")
    dialog = open_edit_details(root)
    reconnect = dialog.get_by_role("button", name="Reconnect OAuth")

    with page.expect_popup() as popup_info:
        reconnect.click()
    expect(reconnect, "one sign-in window at a time").to_be_disabled()
    popup_info.value.close()

    error = toasts(root).get_by_role("alertdialog", name=re.compile("^Error"))
    expect(error.get_by_role("alert")).to_contain_text("closed before the account was reconnected")
    expect(reconnect).to_be_enabled()


# --- Filters and search ------------------------------------------------------------------


def test_filter_tags_remove_and_clear_all(page: Page, mock_sites: MockSites) -> None:
    root = open_app(page, mock_sites, f"{PLATFORM}/destination/browse")
    grid = root.get_by_role("grid", name="Dataflows")
    platforms = root.get_by_role("group", name="Destination platform")
    tags = root.get_by_role("grid", name="Active filters")
    expect(grid).to_have_attribute("aria-rowcount", "9")
    expect(tags, "no tags without filters").to_have_count(0)

    platforms.get_by_role("checkbox", name=NEW).check()
    platforms.get_by_role("checkbox", name=OLD).check()
    root.get_by_role("group", name="Status").get_by_role("checkbox", name="Enabled").check()

    expect(tags.get_by_role("row")).to_have_text([NEW, OLD, "Enabled"])
    expect(grid, "the three enabled deprecating flows").to_have_attribute("aria-rowcount", "4")
    tags.get_by_role("button", name=f"Remove {OLD}").click()
    expect(platforms.get_by_role("checkbox", name=OLD)).not_to_be_checked()
    expect(tags.get_by_role("row")).to_have_text([NEW, "Enabled"])
    expect(grid, "no new flow is enabled yet").to_have_attribute("aria-rowcount", "1")
    expect(grid).to_contain_text("No dataflows match")

    root.get_by_role("group", name="Active filters Actions").get_by_role(
        "button", name="Clear all"
    ).click()

    expect(tags).to_have_count(0)
    expect(platforms.get_by_role("checkbox", name=NEW)).not_to_be_checked()
    expect(grid).to_have_attribute("aria-rowcount", "9")


def test_search_filters_by_name_as_you_type(page: Page, mock_sites: MockSites) -> None:
    root = open_app(page, mock_sites, f"{PLATFORM}/destination/browse")
    grid = root.get_by_role("grid", name="Dataflows")
    search = root.get_by_role("searchbox", name="Search")

    search.press_sequentially("loyal")

    expect(grid, "old, new and Facebook").to_have_attribute("aria-rowcount", "4")
    expect(grid.get_by_role("rowheader")).to_have_text(["Loyalty campaign"] * 3)
    root.get_by_role("group", name="Destination platform").get_by_role("checkbox", name=NEW).check()
    expect(grid).to_have_attribute("aria-rowcount", "2")
    root.get_by_role("button", name="Clear search").click()
    expect(search).to_have_value("")
    expect(grid, "only the card filter is left").to_have_attribute("aria-rowcount", "4")


def test_browse_row_click_opens_the_right_rail(page: Page, mock_sites: MockSites) -> None:
    root = open_app(page, mock_sites, f"{PLATFORM}/destination/browse")
    grid = root.get_by_role("grid", name="Dataflows")
    row = grid.get_by_role("row").filter(has=root.get_by_role("gridcell", name=NEW, exact=True))
    loyalty = row.filter(has=root.get_by_role("link", name="Loyalty campaign", exact=True))

    loyalty.get_by_role("gridcell").first.click()

    rail = root.get_by_role("complementary", name="Loyalty campaign")
    expect(rail.get_by_label("Destination ID", exact=True)).to_have_text(
        flow_id(mock_sites, "Loyalty campaign", NEW)
    )
    expect(rail.get_by_label("Activated audiences", exact=True)).to_have_text("2")
    expect(rail.get_by_role("button", name="Edit destination")).to_be_visible()
    expect(rail.get_by_role("button", name="Activate audiences")).to_be_visible()
    # The rail narrows the grid, so the Destination column may scroll out of the DOM.
    selected = grid.get_by_role("row", selected=True)
    expect(selected).to_have_accessible_name("Loyalty campaign More actions")
    expect(selected.get_by_role("link")).to_have_attribute(
        "href", re.compile(flow_id(mock_sites, "Loyalty campaign", NEW) + "$")
    )
    expect(page, "a row click does not open the dataflow").to_have_url(
        re.compile(r"/destination/browse$")
    )


# --- Dataflow page: the Enabled switch and toasts ----------------------------------------


def test_switch_keeps_its_name_and_is_disabled_while_saving(
    page: Page, mock_sites: MockSites
) -> None:
    root = open_app(page, mock_sites, dataflow_route(mock_sites, "Loyalty campaign", OLD))
    switch = root.get_by_role("switch", name="Enabled")
    expect(switch).to_be_checked()
    held: list[Route] = []

    def hold(route: Route) -> None:
        held.append(route)  # released below, once the switch was seen saving

    page.route("**/api/flows/*/action?op=*", hold)

    with page.expect_request(re.compile(r"/action\?op=disable$")):
        switch.click()

    expect(switch, "disabled while saving").to_be_disabled()
    expect(switch, "its name does not follow the state").to_have_accessible_name("Enabled")
    expect(switch).not_to_be_checked()
    assert len(held) == 1, "the disable request is held"
    held[0].continue_()

    expect(switch).to_be_enabled()
    expect(switch).not_to_be_checked()
    expect(switch).to_have_accessible_name("Enabled")
    expect(toasts(root).get_by_role("alert")).to_have_text("Dataflow disabled.")
    expect(root.get_by_role("complementary").get_by_label("Status", exact=True)).to_have_text(
        "Disabled"
    )
    flow = mock_sites.aep_state()["flows"][flow_id(mock_sites, "Loyalty campaign", OLD)]
    assert flow["enabled"] is False


def test_failed_change_flips_the_switch_back_with_an_error_toast(
    page: Page, mock_sites: MockSites
) -> None:
    route = f"{PLATFORM}/destination/browse"
    root = open_app(page, mock_sites, route, faults={"flow_action_errors": 1})
    root.get_by_role("link", name="Spring sale retargeting").last.click()
    switch = root.get_by_role("switch", name="Enabled")
    rail = root.get_by_role("complementary", name="Dataflow details")
    expect(rail.get_by_label("Destination", exact=True)).to_have_text(NEW)

    switch.click()

    error = toasts(root).get_by_role("alertdialog", name=re.compile("^Error"))
    expect(error.get_by_role("alert")).to_contain_text("Could not enable the dataflow")
    expect(switch, "back to the saved state").not_to_be_checked()
    expect(switch).to_be_enabled()
    switch.click()
    expect(switch).to_be_checked()
    expect(toasts(root).get_by_role("alertdialog", name=re.compile("^Success"))).to_have_count(1)
    flow = mock_sites.aep_state()["flows"][flow_id(mock_sites, "Spring sale retargeting", NEW)]
    assert flow["enabled"] is True


def test_switch_is_disabled_without_manage_destinations(page: Page, mock_sites: MockSites) -> None:
    mock_sites.reset("notice")
    route = dataflow_route(mock_sites, "Loyalty campaign", OLD)
    root = open_app(page, mock_sites, route, faults={"no_manage_permission": True})

    switch = root.get_by_role("switch", name="Enabled")

    expect(switch).to_be_disabled()
    expect(switch).to_be_checked()
    expect(switch).to_have_accessible_description(re.compile("Manage Destinations"))


def test_toasts_queue_expire_and_outlive_navigation(page: Page, mock_sites: MockSites) -> None:
    mock_sites.reset("notice")
    route = dataflow_route(mock_sites, "Cart recovery", OLD)
    root = open_app(page, mock_sites, route, faults={"flow_action_errors": 1})
    switch = root.get_by_role("switch", name="Enabled")
    region = toasts(root)
    error = region.get_by_role("alertdialog", name=re.compile("^Error"))

    switch.click()  # 503: an error toast, which stays until closed
    expect(error.get_by_role("alert")).to_contain_text("Could not disable the dataflow")
    expect(region).to_have_accessible_name("1 notification.")
    expect(switch).to_be_checked()
    switch.click()  # saved: a success toast, queued after the error

    expect(region).to_have_accessible_name("2 notifications.")
    expect(region.get_by_role("alert")).to_have_text(
        [re.compile("^Could not"), "Dataflow disabled."]
    )
    root.get_by_role("navigation", name="Breadcrumbs").get_by_role("link", name="Browse").click()
    expect(root.get_by_role("grid", name="Dataflows")).to_be_visible()
    expect(error, "toasts outlive in-app navigation").to_be_visible()
    expect(region, "the success toast times out, the error stays").to_have_accessible_name(
        "1 notification.", timeout=TOAST_EXPIRY_MS
    )
    expect(error).to_be_visible()
    error.get_by_role("button", name="Close").click()
    expect(region, "no toasts, no region").to_have_count(0)


def test_activation_data_tab_lists_the_audiences(page: Page, mock_sites: MockSites) -> None:
    mock_sites.reset("notice")
    route = dataflow_route(mock_sites, "Loyalty campaign", NEW)
    root = open_app(page, mock_sites, route)

    root.get_by_role("tab", name="Activation data").click()

    expect(page).to_have_url(re.compile(r"/activation$"))
    grid = root.get_by_role("grid", name="Activation data")
    expect(grid).to_have_attribute("aria-rowcount", "3")
    for header in ("Name", "Audience ID", "Start date", "End date"):
        expect(grid.get_by_role("columnheader", name=header, exact=True)).to_be_visible()
    expect(grid.get_by_role("rowheader")).to_have_text(["Loyalty members", "High-value customers"])
    root.get_by_role("searchbox", name="Search").fill("high")
    expect(grid.get_by_role("rowheader")).to_have_text(["High-value customers"])
    expect(grid).to_have_attribute("aria-rowcount", "2")


# --- Shell: sandbox switcher, variants, route sync, sign-in --------------------------------


def test_sandbox_switcher_opens_a_listbox_and_switches_to_the_same_screen(
    page: Page, mock_sites: MockSites
) -> None:
    open_app(page, mock_sites, f"{PLATFORM}/destination/browse", scenario="sandboxes")
    switcher = page.get_by_role("button", name=re.compile("Sandbox"))
    expect(switcher).to_contain_text("Prod")

    switcher.click()

    listbox = page.get_by_role("listbox", name="Sandboxes")
    expect(listbox.get_by_role("option")).to_have_count(2)
    expect(listbox.get_by_role("option", name="Prod")).to_have_attribute("aria-selected", "true")
    expect(listbox.get_by_role("option", name="Prod")).to_be_focused()
    listbox.get_by_role("option", name="Dev EMEA").click()

    expect(page).to_have_url(re.compile(r"#/@acme/sname:dev-emea/platform/destination/browse$"))
    expect(page.get_by_role("button", name=re.compile("Sandbox"))).to_contain_text("Dev EMEA")
    app = page.frame_locator(APP_FRAME)
    expect(app.get_by_role("link", name="EMEA newsletter").first).to_be_visible()
    expect(app.get_by_role("link", name="Spring sale retargeting")).to_have_count(0)


def test_shell_top_variant_mounts_the_app_in_the_page(page: Page, mock_sites: MockSites) -> None:
    root = open_app(page, mock_sites, variants={"shell": "top"})

    assert len(page.frames) == 1, "no frame in this variant"
    root.get_by_role("navigation", name="Platform").get_by_role("link", name="Destinations").click()
    root.get_by_role("tab", name="Browse").click()
    expect(page).to_have_url(re.compile(r"#/@acme/sname:prod/platform/destination/browse$"))
    grid = page.get_by_role("grid", name="Dataflows")
    grid.get_by_role("button", name="More actions").first.click()
    assert page.get_by_role("menu").evaluate(AT_END_OF_BODY), "at the end of the shell's <body>"
    page.keyboard.press("Escape")
    page.get_by_role("link", name="Loyalty campaign").first.click()
    expect(page.get_by_role("switch", name="Enabled")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/destination/browse/[0-9a-f-]{36}$"))


# Resource Timing: what each document loaded from /static/, and the bytes it took over
# the network (0 when the browser's cache served it; a revalidation's 304 has headers).
STATIC_TRANSFERS = """() => performance.getEntriesByType("resource")
    .filter(entry => new URL(entry.name).pathname.startsWith("/static/"))
    .map(entry => [new URL(entry.name).pathname, entry.transferSize])"""


@pytest.mark.parametrize("shell", ["iframe", "top"])
def test_a_reload_takes_the_scripts_and_styles_from_the_browsers_cache(
    page: Page, mock_sites: MockSites, shell: str
) -> None:
    root = open_app(page, mock_sites, variants={"shell": shell})

    page.reload()

    app_nav = root.get_by_role("navigation", name="Platform")
    expect(app_nav, "the app is up again").to_be_visible()
    documents = [page.evaluate(STATIC_TRANSFERS)]
    if shell == "iframe":
        documents.append(app_nav.evaluate(STATIC_TRANSFERS))
    for loaded in documents:
        assert any(path.endswith(".js") for path, _ in loaded), loaded
        assert [path for path, size in loaded if size] == [], "fetched again, not cached"


def test_top_page_url_follows_the_app_and_reopens_a_dataflow(
    page: Page, mock_sites: MockSites
) -> None:
    root = open_app(page, mock_sites)
    root.get_by_role("navigation", name="Platform").get_by_role("link", name="Destinations").click()
    root.get_by_role("tab", name="Browse").click()
    grid = root.get_by_role("grid", name="Dataflows")
    old_row = grid.get_by_role("row").filter(has=root.get_by_role("gridcell", name=OLD, exact=True))
    old_row.get_by_role("link", name="Cart recovery", exact=True).click()
    expect(root.get_by_role("heading", name="Cart recovery")).to_be_visible()
    dataflow_url = page.url
    assert dataflow_url.endswith(dataflow_route(mock_sites, "Cart recovery", OLD))
    page.go_back()
    expect(grid, "Back goes back in the app").to_be_visible()
    expect(page).to_have_url(re.compile(r"/destination/browse$"))
    page.go_forward()
    expect(page).to_have_url(dataflow_url)

    # A hash-only goto is a same-document navigation: the shell forwards its hashchange.
    page.goto(f"{mock_sites.aep_url}/#{PLATFORM}/destination/accounts")
    accounts_tab = root.get_by_role("tab", name="Accounts")
    expect(accounts_tab, "the app follows").to_have_attribute("aria-selected", "true")
    page.goto("about:blank")
    page.goto(dataflow_url)

    expect(root.get_by_role("heading", name="Cart recovery")).to_be_visible()
    rail = root.get_by_role("complementary", name="Dataflow details")
    expect(rail.get_by_label("Destination", exact=True)).to_have_text(OLD)


def test_a_typed_url_wins_over_a_route_the_app_posted_just_before(
    page: Page, mock_sites: MockSites
) -> None:
    open_app(page, mock_sites)
    app = page.get_by_title("Adobe Experience Platform").element_handle().content_frame()
    assert app is not None
    wanted = f"{PLATFORM}/destination/accounts"
    # The app's route message is queued before the person's hashchange: the shell mirrors it
    # over location.hash first, then must still follow the URL the person went to.
    app.evaluate(
        """wanted => {
            const here = location.hash.slice(1);
            parent.postMessage({ type: "aep-route", route: here }, location.origin);
            parent.location.hash = `#${wanted}`;
        }""",
        wanted,
    )

    accounts_tab = page.frame_locator(APP_FRAME).get_by_role("tab", name="Accounts")
    expect(accounts_tab, "the app follows the typed URL").to_have_attribute("aria-selected", "true")
    expect(page).to_have_url(re.compile(re.escape(wanted) + "$"))


@pytest.mark.parametrize("mirrored", [True, False], ids=["top-url-mirrored", "top-url-behind"])
def test_signed_out_api_call_sends_the_top_window_to_sign_in(
    page: Page, mock_sites: MockSites, mirrored: bool
) -> None:
    root = open_app(page, mock_sites, f"{PLATFORM}/destination/overview")
    expect(root.get_by_role("region", name="Summary")).to_be_visible()
    if not mirrored:
        # The top page mirrors the app's new route when the app's message arrives, which
        # may be after the new route's request is refused (it was on a loaded machine).
        page.evaluate("history.replaceState = () => {}")
    page.context.clear_cookies()

    root.get_by_role("tab", name="Browse").click()

    expect(page).to_have_url(re.compile(r"/signin\?next="))
    page.get_by_label("Email").fill(AEP_USER_EMAIL)
    page.get_by_label("Password").fill(AEP_USER_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page, "back where the session ended").to_have_url(
        re.compile(r"/#/@acme/sname:prod/platform/destination/browse$")
    )
    expect(page.frame_locator(APP_FRAME).get_by_role("grid", name="Dataflows")).to_be_visible()
