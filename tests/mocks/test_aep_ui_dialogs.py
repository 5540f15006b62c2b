"""The mock AEP's menus, dialogs and toasts (DESIGN, "The mock sites").

Row menus in popovers at the end of <body> (pointer and keyboard), the Edit details dialog
and its Reconnect OAuth popup, delete confirmations in alertdialogs, and the toast region
(queued, expiring, kept across in-app navigation). Selectors are roles and names, except
where the structure itself (a popover's place in the DOM) is what a test proves.
"""

from __future__ import annotations

import re

from playwright.sync_api import Locator, Page, expect

from mocks.aep.state import NEW_CARD, OLD_CARD
from mocks.client import MockSites
from mocks.scenarios import PINTEREST_EMAIL, PINTEREST_PASSWORD
from tests.mocks.aep_ui import AT_END_OF_BODY, PLATFORM, Root, dataflow_route, open_app, toasts

TOAST_EXPIRY_MS = 15_000  # toasts close after 5 s; leave room for a slow machine


def open_edit_details(root: Root) -> Locator:
    """Accounts, filtered to the (New) Pinterest card: its account's Edit details dialog."""
    platforms = root.get_by_role("group", name="Destination platform")
    platforms.get_by_role("checkbox", name=NEW_CARD).check()
    grid = root.get_by_role("grid", name="Accounts")
    expect(grid).to_have_attribute("aria-rowcount", "2")
    grid.get_by_role("button", name="More actions").click()
    root.get_by_role("menuitem", name="Edit details").click()
    return root.get_by_role("dialog", name="Edit details")


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
    (account,) = [
        a for a in mock_sites.aep_state()["accounts"].values() if a["destination"] == NEW_CARD
    ]
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
    (account,) = [
        a for a in mock_sites.aep_state()["accounts"].values() if a["destination"] == NEW_CARD
    ]
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


# --- Toasts ------------------------------------------------------------------------------


def test_toasts_queue_expire_and_outlive_navigation(page: Page, mock_sites: MockSites) -> None:
    mock_sites.reset("notice")
    route = dataflow_route(mock_sites, "Cart recovery", OLD_CARD)
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
