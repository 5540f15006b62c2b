"""The mock AEP's dataflow page (DESIGN, "The mock sites").

The Enabled switch (its name kept and disabled while saving, flipped back with an error
toast when a change fails, disabled without the Manage Destinations permission), the
Dataflow details rail, and the Activation data tab's grid and search. Selectors are roles
and names.
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, Route, expect

from mocks.aep.state import NEW_CARD, OLD_CARD
from mocks.client import MockSites
from tests.mocks.aep_ui import PLATFORM, dataflow_route, flow_id, open_app, toasts

# --- Dataflow page: the Enabled switch and toasts ----------------------------------------


def test_switch_keeps_its_name_and_is_disabled_while_saving(
    page: Page, mock_sites: MockSites
) -> None:
    mock_sites.reset("notice")  # the route names a flow id of this scenario, not the last test's
    root = open_app(page, mock_sites, dataflow_route(mock_sites, "Loyalty campaign", OLD_CARD))
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
    flow = mock_sites.aep_state()["flows"][flow_id(mock_sites, "Loyalty campaign", OLD_CARD)]
    assert flow["enabled"] is False


def test_failed_change_flips_the_switch_back_with_an_error_toast(
    page: Page, mock_sites: MockSites
) -> None:
    route = f"{PLATFORM}/destination/browse"
    root = open_app(page, mock_sites, route, faults={"flow_action_errors": 1})
    root.get_by_role("link", name="Spring sale retargeting").last.click()
    switch = root.get_by_role("switch", name="Enabled")
    rail = root.get_by_role("complementary", name="Dataflow details")
    expect(rail.get_by_label("Destination", exact=True)).to_have_text(NEW_CARD)

    switch.click()

    error = toasts(root).get_by_role("alertdialog", name=re.compile("^Error"))
    expect(error.get_by_role("alert")).to_contain_text("Could not enable the dataflow")
    expect(switch, "back to the saved state").not_to_be_checked()
    expect(switch).to_be_enabled()
    switch.click()
    expect(switch).to_be_checked()
    expect(toasts(root).get_by_role("alertdialog", name=re.compile("^Success"))).to_have_count(1)
    flow = mock_sites.aep_state()["flows"][flow_id(mock_sites, "Spring sale retargeting", NEW_CARD)]
    assert flow["enabled"] is True


def test_switch_is_disabled_without_manage_destinations(page: Page, mock_sites: MockSites) -> None:
    mock_sites.reset("notice")
    route = dataflow_route(mock_sites, "Loyalty campaign", OLD_CARD)
    root = open_app(page, mock_sites, route, faults={"no_manage_permission": True})

    switch = root.get_by_role("switch", name="Enabled")

    expect(switch).to_be_disabled()
    expect(switch).to_be_checked()
    expect(switch).to_have_accessible_description(re.compile("Manage Destinations"))


def test_activation_data_tab_lists_the_audiences(page: Page, mock_sites: MockSites) -> None:
    mock_sites.reset("notice")
    route = dataflow_route(mock_sites, "Loyalty campaign", NEW_CARD)
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
