"""The main job end to end on the `notice` scenario: plan, apply, rerun. The end state is
read from both mocks' state API, not from what the harness says."""

from __future__ import annotations

import zipfile
from datetime import datetime, timedelta
from typing import Any

from mocks.aep.state import NEW_CARD, OLD_CARD
from mocks.client import MockSites
from mocks.scenarios import AD_ACCOUNT_ID
from tests.flows.support import Harness, InProcess, flows_by_key

CLEAN_PAIRS = ("Loyalty campaign", "Spring sale retargeting")
BLOCKED_PAIR = "Cart recovery"


def test_the_notice_scenario_end_to_end(
    harness: Harness, in_process: InProcess, mock_sites: MockSites
) -> None:
    """Dry run (changes nothing), apply (migrates what is clean), apply again (changes
    nothing): the end state of each read from both mocks' state API."""
    mock_sites.reset("notice")
    aep_before, pinterest_before = mock_sites.aep_state(), mock_sites.pinterest_state()

    dry = harness.run()

    assert dry.returncode == 1, dry.output  # the blocked pair needs a person
    assert mock_sites.aep_state() == aep_before, "the dry run changed nothing in AEP"
    pinterest_after = mock_sites.pinterest_state()
    assert pinterest_after["audiences"] == pinterest_before["audiences"]
    assert pinterest_after["tokens"] == pinterest_before["tokens"]
    check_plan(harness.plan())
    assert "would_switch  prod/Loyalty campaign" in dry.output
    assert "blocked  prod/Cart recovery" in dry.output
    for name in ("plan.json", "journal.jsonl", "report.json", "report.html", "junit.xml"):
        assert (harness.latest / name).is_file(), name
    switched_from = mock_sites.aep_state()["now"]

    apply = harness.run("--apply")

    assert apply.returncode == 1, apply.output  # the blocked pair still needs a person
    check_migrated(mock_sites, switched_from)
    report = harness.report()
    outcomes = {p["name"]: p["outcome"] for p in report["pairs"]}
    assert outcomes == {**dict.fromkeys(CLEAN_PAIRS, "switched"), BLOCKED_PAIR: "blocked"}
    assert {a["outcome"] for a in report["accounts"]} == {"reconnected"}
    assert {v["status"] for v in report["verification"]} == {"confirmed"}
    assert "blocked  prod/Cart recovery" in apply.output
    check_traces_hold_their_own_step(harness, mock_sites)
    check_the_report_links_each_pairs_traces_and_says_what_it_shows(harness, report)
    changes = mock_sites.aep_state()["change_count"]

    # The same plan again, in this process (the CLI is proven above).
    again = in_process.apply()

    assert mock_sites.aep_state()["change_count"] == changes, "a second apply changed nothing"
    outcomes = {p["name"]: p["outcome"] for p in again.report["pairs"]}
    assert outcomes == {**dict.fromkeys(CLEAN_PAIRS, "already_migrated"), BLOCKED_PAIR: "blocked"}
    assert again.exit_status == 1


def check_plan(plan: dict[str, Any]) -> None:
    actions = {p["name"]: p["action"] for p in plan["pairs"]}
    assert actions == {**dict.fromkeys(CLEAN_PAIRS, "would_switch"), BLOCKED_PAIR: "blocked"}
    blocked = next(p for p in plan["pairs"] if p["name"] == BLOCKED_PAIR)
    assert [a["name"] for a in blocked["missing"]] == ["Holiday gift shoppers"]
    assert plan["accounts_to_reconnect"] == ["prod/Pinterest - Acme Ads"]
    new_account = next(a for a in plan["accounts"] if a["destination"] == NEW_CARD)
    assert new_account["username"] == "acme_marketing"
    assert new_account["ad_account_ids"] == [AD_ACCOUNT_ID]
    assert all(p["old"]["url"] and p["new"]["url"] for p in plan["pairs"])


def check_migrated(mock_sites: MockSites, switched_from: str) -> None:
    aep = mock_sites.aep_state()
    flows = flows_by_key(aep)
    for name in CLEAN_PAIRS:
        assert flows[(name, NEW_CARD)]["enabled"] is True, name
        assert flows[(name, OLD_CARD)]["enabled"] is False, name
    assert flows[(BLOCKED_PAIR, OLD_CARD)]["enabled"] is True, "the blocked pair's old flow exports"
    assert flows[(BLOCKED_PAIR, NEW_CARD)]["enabled"] is False
    new_account = next(a for a in aep["accounts"].values() if a["destination"] == NEW_CARD)
    assert new_account["access_token_set"] is True
    now = datetime.fromisoformat(aep["now"])
    assert datetime.fromisoformat(new_account["expires"]) == now + timedelta(days=30)
    # Pinterest holds every audience of the switched new flows, pushed over v5 after the switch.
    pinterest = mock_sites.pinterest_state()
    since = datetime.fromisoformat(switched_from).timestamp()
    pushed = {a["name"] for a in pinterest["audiences"].values() if a["updated_timestamp"] >= since}
    for name in CLEAN_PAIRS:
        for activation in flows[(name, NEW_CARD)]["activations"]:
            audience = aep["audiences"][activation["audience_id"]]["name"]
            assert audience in pushed, f"{audience} of {name} not pushed to Pinterest"
    v5_writes = [r for r in pinterest["api_requests"] if r["method"] in ("POST", "PATCH")]
    assert v5_writes, "the exports wrote to Pinterest"
    assert all(r["path"].startswith("/v5/") for r in v5_writes), "over API v5 only"


def check_traces_hold_their_own_step(harness: Harness, mock_sites: MockSites) -> None:
    """One trace per step, each with only its own step's network log: the switch of one
    pair records none of another pair's flows (chunks of one run-long trace did)."""
    traces = sorted((harness.latest / "traces").glob("*.zip"))
    assert len(traces) >= 4, "a trace for opening AEP, the reconnect and each switch"
    flows = flows_by_key(mock_sites.aep_state())
    for switched, other in ((CLEAN_PAIRS[0], CLEAN_PAIRS[1]), (CLEAN_PAIRS[1], CLEAN_PAIRS[0])):
        trace = next(t for t in traces if t.name.endswith(f"-switch-prod-{_slug(switched)}.zip"))
        with zipfile.ZipFile(trace) as archive:
            network = archive.read("trace.network").decode("utf-8")
        assert flows[(switched, NEW_CARD)]["id"] in network, "the step's own requests"
        for card in (OLD_CARD, NEW_CARD):
            assert flows[(other, card)]["id"] not in network, f"{other} in {trace.name}"


def check_the_report_links_each_pairs_traces_and_says_what_it_shows(
    harness: Harness, report: dict[str, Any]
) -> None:
    html = (harness.latest / "report.html").read_text()
    assert "playwright show-trace" in html, "how to open a trace"
    for pair in report["pairs"]:
        if pair["outcome"] != "switched":
            continue
        assert pair["traces"], pair["key"]
        for trace in pair["traces"]:
            assert (harness.latest / trace).is_file(), trace
            assert f'href="{trace}"' in html, trace
        assert list(pair["screenshots"]) == [
            "old flow before the switch (enabled)",
            "old flow after the switch (disabled)",
        ], "which flow, and when"
        for caption in pair["screenshots"]:
            assert f"<figcaption>{caption}</figcaption>" in html


def _slug(name: str) -> str:
    return name.lower().replace(" ", "-")
