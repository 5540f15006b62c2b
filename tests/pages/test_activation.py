"""The activation wizard's page objects (reference §7) against the mock AEP: every step,
Back and Cancel, a data-usage policy violation at Review, and the Browse row menu entry."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import expect

from mocks.aep.state import NEW_CARD
from mocks.client import MockSites
from pages.aep.activation import ActivationRefused, Scheduled
from pages.aep.dataflow import DataflowPage
from pages.aep.workspace import DestinationsWorkspace

CART = "Cart recovery"
HOLIDAY = "Holiday gift shoppers"
MAPPING = ("Email_LC_SHA256", "pinterest_audience")


def open_flow(
    destinations: Callable[..., DestinationsWorkspace],
    name: str,
    scenario: str = "notice",
    **reset: Any,
) -> DataflowPage:
    browse = destinations(scenario, **reset).open_browse()
    return browse.open_dataflow(browse.find(name, NEW_CARD))


def flow_in_state(mock_sites: MockSites, name: str) -> dict[str, Any]:
    [flow] = [
        f
        for f in mock_sites.aep_state()["flows"].values()
        if f["name"] == name and f["destination"] == NEW_CARD
    ]
    return flow


def test_every_step_activates_the_audience_with_its_dates_and_mapping(
    destinations: Callable[..., DestinationsWorkspace], mock_sites: MockSites
) -> None:
    page = open_flow(destinations, CART)
    wizard = page.start_activate_audiences()
    assert wizard.is_activated("Cart abandoners (30 days)")

    wizard.activate([Scheduled(HOLIDAY, "2023-12-04", "2024-06-30")], MAPPING)

    audiences = {a.name: a for a in page.reload().audiences()}
    assert (audiences[HOLIDAY].start, audiences[HOLIDAY].end) == ("2023-12-04", "2024-06-30")
    assert (audiences[HOLIDAY].source_field, audiences[HOLIDAY].target_field) == MAPPING
    flow = flow_in_state(mock_sites, CART)
    added = flow["activations"][-1]
    assert mock_sites.aep_state()["audiences"][added["audience_id"]]["name"] == HOLIDAY
    assert (added["start"][:10], added["end"][:10]) == ("2023-12-04", "2024-06-30")
    assert (added["source_identity"], added["target_field"]) == MAPPING


def test_the_flows_own_mapping_is_kept_and_shown(
    destinations: Callable[..., DestinationsWorkspace], mock_sites: MockSites
) -> None:
    wizard = open_flow(destinations, CART).start_activate_audiences()
    wizard.select(HOLIDAY)
    wizard.button(wizard.labels.next).click()

    assert wizard.steps_shown() == {"mapping"}
    assert wizard.mappings() == [MAPPING], "the flow's own mapping, shown"
    wizard.cancel()
    assert mock_sites.aep_state()["changes"] == []


def test_cancel_leaves_the_flow_as_it_was(
    destinations: Callable[..., DestinationsWorkspace], mock_sites: MockSites
) -> None:
    page = open_flow(destinations, CART)
    wizard = page.start_activate_audiences()
    wizard.select(HOLIDAY)

    wizard.cancel()

    assert len(flow_in_state(mock_sites, CART)["activations"]) == 1
    assert mock_sites.aep_state()["changes"] == []
    assert [a.name for a in page.reload().audiences()] == ["Cart abandoners (30 days)"]


def test_a_policy_violation_at_review_cancels_and_says_so(
    destinations: Callable[..., DestinationsWorkspace], mock_sites: MockSites
) -> None:
    page = open_flow(destinations, CART, faults={"activation_policy_violation": True})
    wizard = page.start_activate_audiences()

    with pytest.raises(ActivationRefused, match="policy violation") as refused:
        wizard.activate([Scheduled(HOLIDAY, "2023-12-04")], MAPPING)

    assert HOLIDAY in str(refused.value)
    expect(wizard.heading, "the activation steps cancelled").to_be_hidden()
    assert len(flow_in_state(mock_sites, CART)["activations"]) == 1
    assert mock_sites.aep_state()["changes"] == []


def test_the_browse_row_menu_opens_the_wizard_and_an_enabled_flow_exports_at_once(
    destinations: Callable[..., DestinationsWorkspace], mock_sites: MockSites
) -> None:
    # `migrated`: the new flows are enabled and their account connected.
    page = open_flow(destinations, "Spring sale retargeting", "migrated")
    page.expect_enabled(True)
    runs_before = len(flow_in_state(mock_sites, "Spring sale retargeting")["runs"])
    browse = page.back_to_browse()
    browse.filter_by_destination(NEW_CARD)

    wizard = browse.start_activate_audiences(browse.find("Spring sale retargeting", NEW_CARD))
    wizard.activate([Scheduled(HOLIDAY, "2023-12-01")], None)

    flow = flow_in_state(mock_sites, "Spring sale retargeting")
    assert len(flow["runs"]) == runs_before + 1, "adding audiences to an enabled flow runs it"
    assert flow["runs"][0]["status"] == "Completed"
    assert flow["runs"][0]["profiles_received"] == 300, "both audiences exported"
    pinterest = mock_sites.pinterest_state()["audiences"].values()
    assert HOLIDAY in {a["name"] for a in pinterest}


def test_an_audience_already_on_the_flow_cannot_be_selected_again(
    destinations: Callable[..., DestinationsWorkspace],
) -> None:
    wizard = open_flow(destinations, CART).start_activate_audiences()

    with pytest.raises(ActivationRefused, match="already activated"):
        wizard.select("Cart abandoners (30 days)")


def test_the_classic_layout_words_it_segments_and_the_steps_are_the_same(
    destinations: Callable[..., DestinationsWorkspace], mock_sites: MockSites
) -> None:
    page = open_flow(destinations, CART, variants={"layout": "classic"})

    wizard = page.start_activate_audiences()
    expect(wizard.scope, "the 2023 title").to_contain_text("Activate segments")
    assert wizard.steps_shown() == {"select"}
    wizard.select(HOLIDAY)
    wizard.cancel()

    assert mock_sites.aep_state()["changes"] == []
