"""DataflowPage: its details, the Enabled switch set and read back, permissions, and
every audience of Activation data."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from mocks.aep.state import NEW_CARD, OLD_CARD
from mocks.client import MockSites
from pages.aep.dataflow import DataflowPage, FlowFacts, NotPermitted, NotSaved
from pages.aep.workspace import DestinationsWorkspace
from tests.pages.variants import each

LOYALTY = "Loyalty campaign"


def open_flow(
    destinations: Callable[..., DestinationsWorkspace],
    name: str,
    destination: str,
    scenario: str = "notice",
    **reset: Any,
) -> DataflowPage:
    browse = destinations(scenario, **reset).open_browse()
    return browse.open_dataflow(browse.find(name, destination))


def flow_in_state(mock_sites: MockSites, name: str, destination: str) -> dict[str, Any]:
    [flow] = [
        f
        for f in mock_sites.aep_state()["flows"].values()
        if f["name"] == name and f["destination"] == destination
    ]
    return flow


def test_details_match_the_state_api(
    destinations: Callable[..., DestinationsWorkspace], mock_sites: MockSites
) -> None:
    page = open_flow(destinations, LOYALTY, NEW_CARD)

    details = (page.name(), page.destination(), page.ad_account_id(), page.is_enabled())

    flow = flow_in_state(mock_sites, LOYALTY, NEW_CARD)
    assert details == (LOYALTY, NEW_CARD, flow["ad_account_id"], flow["enabled"])
    assert flow["id"] in page.location()
    assert page.can_change()
    # The plan's read in one round trip says the same as the reads one by one.
    assert page.read() == FlowFacts(
        LOYALTY, NEW_CARD, flow["enabled"], True, page.location(), flow["ad_account_id"]
    )


def test_a_defined_term_elsewhere_on_the_page_is_not_read_as_a_switch(
    destinations: Callable[..., DestinationsWorkspace], mock_sites: MockSites
) -> None:
    """A `dfn` has the role term too, and a checkbox beside the toggle is not the toggle:
    the read still sees one toggle, which the user may change, and the rail's values."""
    page = open_flow(destinations, LOYALTY, NEW_CARD)
    page.switch.evaluate(
        "el => el.closest('label, div').insertAdjacentHTML('afterend',"
        " '<p><dfn>Dataflow</dfn><span>a flow</span><input type=checkbox aria-label=Pin></p>')"
    )

    read = page.read()

    flow = flow_in_state(mock_sites, LOYALTY, NEW_CARD)
    assert (read.enabled, read.can_change) == (flow["enabled"], True)
    assert (read.destination, read.ad_account_id) == (NEW_CARD, flow["ad_account_id"])


@each("shell")
@each("disable_confirm")
def test_enable_then_disable_reads_back_after_reload(
    destinations: Callable[..., DestinationsWorkspace],
    mock_sites: MockSites,
    shell: str,
    disable_confirm: str,
) -> None:
    variants = {"shell": shell, "disable_confirm": disable_confirm}
    page = open_flow(destinations, LOYALTY, NEW_CARD, variants=variants)

    enabled = page.set_enabled(True)
    enabled_in_state = flow_in_state(mock_sites, LOYALTY, NEW_CARD)["enabled"]
    disabled = enabled.set_enabled(False)

    flow = flow_in_state(mock_sites, LOYALTY, NEW_CARD)
    assert enabled_in_state is True
    assert flow["enabled"] is False
    assert disabled.reload().is_enabled() is False
    ops = [(c["op"], c["flow_id"]) for c in mock_sites.aep_state()["changes"]]
    assert ops == [("enable", flow["id"]), ("disable", flow["id"])]


def test_setting_the_current_state_changes_nothing(
    destinations: Callable[..., DestinationsWorkspace], mock_sites: MockSites
) -> None:
    page = open_flow(destinations, LOYALTY, OLD_CARD)

    same = page.set_enabled(True)

    assert same.is_enabled()
    assert mock_sites.aep_state()["changes"] == []


def test_without_manage_destinations_the_switch_cannot_change(
    destinations: Callable[..., DestinationsWorkspace], mock_sites: MockSites
) -> None:
    page = open_flow(destinations, LOYALTY, OLD_CARD, faults={"no_manage_permission": True})

    may_change = page.can_change()
    read = page.read()
    with pytest.raises(NotPermitted):
        page.set_enabled(False)

    assert may_change is False
    assert (read.enabled, read.can_change) == (True, False)
    assert flow_in_state(mock_sites, LOYALTY, OLD_CARD)["enabled"] is True
    assert mock_sites.aep_state()["changes"] == []


def test_a_failed_save_raises_and_leaves_the_flow(
    destinations: Callable[..., DestinationsWorkspace], mock_sites: MockSites
) -> None:
    page = open_flow(destinations, LOYALTY, OLD_CARD, faults={"flow_action_errors": 1})

    with pytest.raises(NotSaved, match="was not disabled"):
        page.set_enabled(False)

    assert flow_in_state(mock_sites, LOYALTY, OLD_CARD)["enabled"] is True
    assert page.reload().is_enabled() is True


def test_activation_data_reads_every_audience_in_order(
    destinations: Callable[..., DestinationsWorkspace], mock_sites: MockSites
) -> None:
    page = open_flow(
        destinations, "Campaign 0001", NEW_CARD, "large", options={"pairs": 1, "audiences": 40}
    )

    audiences = page.audiences()

    state = mock_sites.aep_state()
    flow = flow_in_state(mock_sites, "Campaign 0001", NEW_CARD)
    assert len(audiences) == 40
    assert [a.id for a in audiences] == [a["audience_id"] for a in flow["activations"]]
    assert [a.name for a in audiences] == [
        state["audiences"][a["audience_id"]]["name"] for a in flow["activations"]
    ]
    assert {a.start for a in audiences} == {flow["activations"][0]["start"][:10]}


@each("layout")
def test_start_activate_audiences_and_cancel(
    destinations: Callable[..., DestinationsWorkspace], mock_sites: MockSites, layout: str
) -> None:
    # "Activate segments" in the classic layout.
    page = open_flow(destinations, "Cart recovery", NEW_CARD, variants={"layout": layout})

    page.start_activate_audiences().cancel()

    page.expect_enabled(False)
    assert mock_sites.aep_state()["changes"] == []
