"""How the plan reaches each flow: the first by the documented click on its name in the
Browse list, the others at the location their links give, without the list again; where
the links give no usable location, every flow by its click, and the same plan."""

from __future__ import annotations

import json
import time
from dataclasses import replace
from pathlib import Path

import pytest

from flows.model import PairPlan, Plan
from mocks.client import MockSites
from pages.aep.dataflow import DataflowPage
from tests.flows.support import THREE_PAIRS, InProcess

PAIRS = 3
# The Browse list's own request (a list of the sandbox's dataflows).
BROWSE_LIST = "/api/sandboxes/prod/flows"


def browse_lists_fetched(mock_sites: MockSites, since: float) -> int:
    return sum(1 for _, _, _, path in mock_sites.traffic(since) if path == BROWSE_LIST)


def planned(in_process: InProcess, mock_sites: MockSites) -> tuple[Plan, int]:
    """A dry run's plan of a fresh `large` scenario, and how often it fetched the list."""
    mock_sites.reset(**THREE_PAIRS)
    started = time.time()
    dry = in_process.dry_run()
    assert dry.exit_status == 0, dry.report
    assert {p["outcome"] for p in dry.report["pairs"]} == {"would_switch"}
    return read_plan(dry.plan_file), browse_lists_fetched(mock_sites, started)


def read_plan(path: Path) -> Plan:
    return Plan.from_json(json.loads(path.read_text(encoding="utf-8")))


def pairs_of(plan: Plan) -> list[PairPlan]:
    """The pairs as planned, but for where each flow was found (the URL a plan keeps)."""
    return [replace(p, old=replace(p.old, url=""), new=replace(p.new, url="")) for p in plan.pairs]


def test_flows_after_the_first_are_opened_at_their_links_locations(
    in_process: InProcess, mock_sites: MockSites, three_pair_plan: Path
) -> None:
    plan, lists = planned(in_process, mock_sites)

    assert len(plan.pairs) == PAIRS
    assert pairs_of(plan) == pairs_of(read_plan(three_pair_plan))
    assert lists <= 3, "the Destinations screens fetch the list a few times, not once per flow"


@pytest.mark.parametrize(
    "location",
    [
        pytest.param(lambda real: "/", id="the location says nothing of the link"),
        pytest.param(
            lambda real: "/#/@acme/sname:prod/platform/home" + real,
            id="a location that shows no flow",
        ),
    ],
)
def test_links_without_a_usable_location_fall_back_to_the_clicks(
    in_process: InProcess,
    mock_sites: MockSites,
    monkeypatch: pytest.MonkeyPatch,
    three_pair_plan: Path,
    location: object,
) -> None:
    expected = read_plan(three_pair_plan)  # made as the test above checks
    real = DataflowPage.location
    monkeypatch.setattr(DataflowPage, "location", lambda page: location(real(page)))  # type: ignore[operator]

    plan, lists = planned(in_process, mock_sites)

    assert pairs_of(plan) == pairs_of(expected)
    assert lists >= 2 * PAIRS - 1, "back to the list, filtered again, for every flow"
