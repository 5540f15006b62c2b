"""`--activate-missing` end to end on the `notice` scenario, in one chain of runs: a policy
violation at Review leaves the blocked pair blocked and its new flow untouched; once the
policy allows it, the same plan adds the audience and switches the pair; a further apply
changes nothing. The end state is read from both mocks' state API."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from mocks.aep.state import NEW_CARD, OLD_CARD
from mocks.client import MockSites
from tests.flows.support import Harness, InProcess, flows_by_key

BLOCKED_PAIR = "Cart recovery"
ADDED = "Holiday gift shoppers"
CLEAN_PAIRS = ("Loyalty campaign", "Spring sale retargeting")


def schedules(flow: dict[str, Any]) -> dict[str, tuple[str, str | None, str, str]]:
    """Per audience ID: start date, end date and mapping, as the activation keeps them."""
    return {
        a["audience_id"]: (
            a["start"][:10],
            a["end"][:10] if a["end"] else None,
            a["source_identity"],
            a["target_field"],
        )
        for a in flow["activations"]
    }


def test_activate_missing_adds_exactly_the_missing_audiences_or_nothing(
    harness: Harness, in_process: InProcess, mock_sites: MockSites
) -> None:
    """The dry run and the apply that adds the audience run as `pytest flows` (their
    output is under test); the refused and the repeated apply run in this process."""
    mock_sites.reset("notice", faults={"activation_policy_violation": True})
    audience_ids = {a["name"]: a["id"] for a in mock_sites.aep_state()["audiences"].values()}

    dry = harness.run()

    assert dry.returncode == 1, dry.output
    assert f"would add: {ADDED} ({audience_ids[ADDED]})" in dry.output
    [blocked] = [p for p in harness.report()["pairs"] if p["name"] == BLOCKED_PAIR]
    assert [a["name"] for a in blocked["would_add"]] == [ADDED]

    refused = in_process.apply(activate_missing=True)

    assert refused.exit_status == 1, refused.report
    pairs = {p["name"]: p for p in refused.report["pairs"]}
    assert pairs[BLOCKED_PAIR]["outcome"] == "blocked"
    assert "data-usage policy violation" in pairs[BLOCKED_PAIR]["reason"]
    assert pairs[BLOCKED_PAIR]["audiences_added"] == []
    assert {pairs[n]["outcome"] for n in CLEAN_PAIRS} == {"switched"}
    aep = mock_sites.aep_state()
    flows = flows_by_key(aep)
    old, new = flows[(BLOCKED_PAIR, OLD_CARD)], flows[(BLOCKED_PAIR, NEW_CARD)]
    assert [a["audience_id"] for a in new["activations"]] == [
        audience_ids["Cart abandoners (30 days)"]
    ], "nothing half-activated"
    assert (old["enabled"], new["enabled"]) == (True, False), "the blocked pair left alone"
    assert "activate" not in {c["op"] for c in aep["changes"]}

    mock_sites.set_faults({})
    switched_from = mock_sites.aep_state()["now"]
    applied = harness.run("--apply", "--activate-missing")

    assert applied.returncode == 0, applied.output
    report = harness.report()
    pairs = {p["name"]: p for p in report["pairs"]}
    assert pairs[BLOCKED_PAIR]["outcome"] == "switched", pairs[BLOCKED_PAIR]["reason"]
    assert [a["name"] for a in pairs[BLOCKED_PAIR]["audiences_added"]] == [ADDED]
    assert f"audiences added: {ADDED}" in applied.output
    assert not [p for p in report["pairs"] if p["outcome"] == "blocked"]
    aep = mock_sites.aep_state()
    flows = flows_by_key(aep)
    old, new = flows[(BLOCKED_PAIR, OLD_CARD)], flows[(BLOCKED_PAIR, NEW_CARD)]
    assert schedules(new).keys() == schedules(old).keys(), "every old audience"
    added_id = audience_ids[ADDED]
    assert schedules(new)[added_id] == schedules(old)[added_id], "same dates and mapping"
    assert (old["enabled"], new["enabled"]) == (False, True)
    [activation] = [c for c in aep["changes"] if c["op"] == "activate"]
    assert activation["audience_ids"] == [audience_ids[ADDED]], "exactly the missing one"
    # Every audience of every old flow reached Pinterest over v5 after the switch.
    since = datetime.fromisoformat(switched_from).timestamp()
    pinterest = mock_sites.pinterest_state()["audiences"].values()
    pushed = {a["name"] for a in pinterest if a["updated_timestamp"] >= since}
    for (name, card), flow in flows.items():
        if card == OLD_CARD:
            for a in flow["activations"]:
                audience = aep["audiences"][a["audience_id"]]["name"]
                assert audience in pushed, f"{audience} of {name} not pushed to Pinterest"
    assert {v["status"] for v in report["verification"]} == {"confirmed"}
    assert ADDED in {v["name"] for v in report["verification"]}
    changes = aep["change_count"]

    again = in_process.apply(activate_missing=True)

    assert again.exit_status == 0, again.report
    assert mock_sites.aep_state()["change_count"] == changes, "a second apply changed nothing"
    outcomes = {p["name"]: p["outcome"] for p in again.report["pairs"]}
    assert set(outcomes.values()) == {"already_migrated"}, outcomes
