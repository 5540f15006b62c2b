"""The notice's procedure, clicked end to end with plain Playwright on both mock sites.

Sign in > Destinations > Accounts > filter to Pinterest > (New) Pinterest account `...` >
Edit details > Reconnect OAuth (popup: log in at Pinterest, Give access) > Browse > filter
to both Pinterest cards > open "Loyalty campaign" on the deprecating card > switch off >
open it on the new card > switch on. The end state is read from both sites' state API.
"""

from __future__ import annotations

import re
from datetime import datetime

from playwright.sync_api import FrameLocator, Locator, Page, expect

from mocks.aep.state import NEW_CARD, OLD_CARD
from mocks.client import MockSites
from mocks.scenarios import (
    AD_ACCOUNT_ID,
    AEP_USER_EMAIL,
    AEP_USER_PASSWORD,
    PINTEREST_EMAIL,
    PINTEREST_PASSWORD,
)

CONNECTION = "Loyalty campaign"


def row_on_card(grid: Locator, app: FrameLocator, card: str) -> Locator:
    return grid.get_by_role("row").filter(has=app.get_by_role("gridcell", name=card, exact=True))


def set_enabled(app: FrameLocator, on: bool) -> None:
    switch = app.get_by_role("switch", name="Enabled")
    expect(switch, "the flow starts in the other state").to_be_checked(checked=not on)
    switch.click()
    expect(switch, "saved").to_be_enabled()
    expect(switch).to_be_checked(checked=on)
    message = "Dataflow enabled." if on else "Dataflow disabled."
    toast = app.get_by_role("region", name=re.compile("notifications?")).get_by_role("alert")
    expect(toast.filter(has_text=message)).to_have_count(1)


def test_the_documented_migration_path_end_to_end(page: Page, mock_sites: MockSites) -> None:
    mock_sites.reset("notice")
    before = mock_sites.aep_state()
    now = datetime.fromisoformat(before["now"])

    # Sign in; the Platform app is in the Unified Shell's iframe.
    page.goto(mock_sites.aep_url)
    page.get_by_label("Email").fill(AEP_USER_EMAIL)
    page.get_by_label("Password").fill(AEP_USER_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    app = page.frame_locator('iframe[title="Adobe Experience Platform"]')

    # 1. Reauthenticate: Destinations > Accounts, filter to Pinterest, (New) Pinterest account.
    app.get_by_role("navigation", name="Platform").get_by_role("link", name="Destinations").click()
    app.get_by_role("tab", name="Accounts").click()
    app.get_by_role("group", name="Destination platform").get_by_role(
        "checkbox", name=NEW_CARD
    ).check()
    accounts = app.get_by_role("grid", name="Accounts")
    row_on_card(accounts, app, NEW_CARD).get_by_role("button", name="More actions").click()
    app.get_by_role("menuitem", name="Edit details").click()
    dialog = app.get_by_role("dialog", name="Edit details")
    with page.expect_popup() as popup_info:
        dialog.get_by_role("button", name="Reconnect OAuth").click()
    popup = popup_info.value
    popup.get_by_label("Email").fill(PINTEREST_EMAIL)
    popup.get_by_label("Password").fill(PINTEREST_PASSWORD)
    with popup.expect_event("close"):
        popup.get_by_role("button", name="Log in").click()
        popup.get_by_role("button", name="Give access").click()
    expect(app.get_by_role("alert").filter(has_text="Account reconnected")).to_be_visible()
    expect(dialog.get_by_label("Expires", exact=True)).to_contain_text("Dec 31, 2023")
    dialog.get_by_role("button", name="Save").click()
    expect(dialog).to_have_count(0)

    # 2. Switch: Browse, filter to both cards, open each hyperlinked connection name.
    app.get_by_role("tab", name="Browse").click()
    platforms = app.get_by_role("group", name="Destination platform")
    platforms.get_by_role("checkbox", name=NEW_CARD).check()
    platforms.get_by_role("checkbox", name=OLD_CARD).check()
    flows = app.get_by_role("grid", name="Dataflows")
    expect(flows, "three pairs").to_have_attribute("aria-rowcount", "7")
    row_on_card(flows, app, OLD_CARD).get_by_role("link", name=CONNECTION, exact=True).click()
    expect(app.get_by_role("heading", name=CONNECTION)).to_be_visible()
    set_enabled(app, on=False)
    app.get_by_role("navigation", name="Breadcrumbs").get_by_role("link", name="Browse").click()
    row_on_card(flows, app, NEW_CARD).get_by_role("link", name=CONNECTION, exact=True).click()
    expect(app.get_by_label("Destination", exact=True)).to_have_text(NEW_CARD)
    set_enabled(app, on=True)
    runs = app.get_by_role("grid", name="Dataflow runs")
    expect(runs, "enabling ran the flow once").to_have_attribute("aria-rowcount", "2")
    totals = app.get_by_role("region", name="Totals")
    expect(totals.get_by_label("Identities activated", exact=True), "2 x 150").to_have_text("300")

    # The end state, in both sites.
    aep = mock_sites.aep_state()
    (new_account,) = [a for a in aep["accounts"].values() if a["destination"] == NEW_CARD]
    assert new_account["access_token_set"], "Reconnect OAuth stored a token"
    assert datetime.fromisoformat(new_account["expires"]) > now
    pair = {f["destination"]: f for f in aep["flows"].values() if f["name"] == CONNECTION}
    assert (pair[OLD_CARD]["enabled"], pair[NEW_CARD]["enabled"]) == (False, True)
    audiences = {aep["audiences"][a["audience_id"]]["name"] for a in pair[NEW_CARD]["activations"]}
    assert audiences == {"Loyalty members", "High-value customers"}
    pinterest = mock_sites.pinterest_state()
    updated = {
        a["name"]
        for a in pinterest["audiences"].values()
        if a["ad_account_id"] == AD_ACCOUNT_ID and a["updated_timestamp"] >= int(now.timestamp())
    }
    assert audiences <= updated, "the new flow exported its audiences to the ad account"
