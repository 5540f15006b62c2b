"""The main job end to end on the `notice` scenario: plan, apply, rerun. The end state is
read from both mocks' state API, not from what the harness says."""

from __future__ import annotations

from datetime import datetime, timedelta

from mocks.aep.state import NEW_CARD, OLD_CARD
from mocks.client import MockSites
from tests.flows.support import Harness, flows_by_key

CLEAN_PAIRS = ("Loyalty campaign", "Spring sale retargeting")
BLOCKED_PAIR = "Cart recovery"


def test_dry_run_plans_and_changes_nothing(harness: Harness, mock_sites: MockSites) -> None:
    mock_sites.reset("notice")
    aep_before, pinterest_before = mock_sites.aep_state(), mock_sites.pinterest_state()

    run = harness.run()

    assert run.returncode == 1, run.output  # the blocked pair needs a person
    assert mock_sites.aep_state() == aep_before
    pinterest_after = mock_sites.pinterest_state()
    assert pinterest_after["audiences"] == pinterest_before["audiences"]
    assert pinterest_after["tokens"] == pinterest_before["tokens"]
    plan = harness.plan()
    actions = {p["name"]: p["action"] for p in plan["pairs"]}
    assert actions == {
        "Loyalty campaign": "would_switch",
        "Spring sale retargeting": "would_switch",
        BLOCKED_PAIR: "blocked",
    }
    blocked = next(p for p in plan["pairs"] if p["name"] == BLOCKED_PAIR)
    assert [a["name"] for a in blocked["missing"]] == ["Holiday gift shoppers"]
    assert plan["accounts_to_reconnect"] == ["prod/Pinterest - Acme Ads"]
    new_account = next(a for a in plan["accounts"] if a["destination"] == NEW_CARD)
    assert new_account["username"] == "acme_marketing"
    assert new_account["ad_account_ids"] == ["549755885175"]
    assert all(p["old"]["url"] and p["new"]["url"] for p in plan["pairs"])
    assert "would_switch  prod/Loyalty campaign" in run.output
    assert "blocked  prod/Cart recovery" in run.output
    for name in ("plan.json", "journal.jsonl", "report.json", "report.html", "junit.xml"):
        assert (harness.latest / name).is_file(), name


def test_apply_migrates_the_notice_scenario(harness: Harness, mock_sites: MockSites) -> None:
    mock_sites.reset("notice")
    assert harness.run().returncode == 1
    switched_from = mock_sites.aep_state()["now"]

    run = harness.run("--apply")

    assert run.returncode == 1, run.output  # the blocked pair still needs a person
    aep = mock_sites.aep_state()
    flows = flows_by_key(aep)
    for name in CLEAN_PAIRS:
        assert flows[(name, NEW_CARD)]["enabled"] is True, name
        assert flows[(name, OLD_CARD)]["enabled"] is False, name
    assert flows[(BLOCKED_PAIR, OLD_CARD)]["enabled"] is True
    assert flows[(BLOCKED_PAIR, NEW_CARD)]["enabled"] is False
    new_account = next(a for a in aep["accounts"].values() if a["destination"] == NEW_CARD)
    assert new_account["access_token_set"] is True
    now = datetime.fromisoformat(aep["now"])
    assert datetime.fromisoformat(new_account["expires"]) == now + timedelta(days=30)
    # Pinterest holds every audience of the switched new flows, pushed over v5 after the switch.
    pinterest = mock_sites.pinterest_state()
    pushed = {
        a["name"]: a
        for a in pinterest["audiences"].values()
        if a["updated_timestamp"] >= datetime.fromisoformat(switched_from).timestamp()
    }
    for name in CLEAN_PAIRS:
        for activation in flows[(name, NEW_CARD)]["activations"]:
            audience = aep["audiences"][activation["audience_id"]]["name"]
            assert audience in pushed, f"{audience} of {name} not pushed to Pinterest"
    v5_writes = [r for r in pinterest["api_requests"] if r["method"] in ("POST", "PATCH")]
    assert v5_writes
    assert all(r["path"].startswith("/v5/") for r in v5_writes)
    report = harness.report()
    outcomes = {p["name"]: p["outcome"] for p in report["pairs"]}
    assert outcomes == {**dict.fromkeys(CLEAN_PAIRS, "switched"), BLOCKED_PAIR: "blocked"}
    assert {a["outcome"] for a in report["accounts"]} == {"reconnected"}
    assert {v["status"] for v in report["verification"]} == {"confirmed"}
    assert "blocked  prod/Cart recovery" in run.output


def test_a_second_apply_changes_nothing(harness: Harness, mock_sites: MockSites) -> None:
    mock_sites.reset("notice")
    harness.run()
    harness.run("--apply")
    changes = mock_sites.aep_state()["change_count"]

    run = harness.run("--apply")

    assert mock_sites.aep_state()["change_count"] == changes
    outcomes = {p["name"]: p["outcome"] for p in harness.report()["pairs"]}
    assert outcomes == {**dict.fromkeys(CLEAN_PAIRS, "already_migrated"), BLOCKED_PAIR: "blocked"}
    assert run.returncode == 1
