"""The matrix's invariants, checked against both mocks' state API after a run."""

from __future__ import annotations

from typing import Any

from mocks.aep.state import NEW_CARD, OLD_CARD
from mocks.client import MockSites

# Outcomes after which the pair must stand at old off, new on.
MIGRATED = ("switched", "already_migrated")
# Outcomes of a pair the run left for a person: its reported state must be the real one.
LEFT = ("stale", "failed", "no_permission", "blocked", "paused")


def pairs_in_aep(state: dict[str, Any]) -> dict[str, dict[str, dict[str, Any]]]:
    """`sandbox/name` -> {"old": flow, "new": flow} from the mock AEP's state."""
    pairs: dict[str, dict[str, dict[str, Any]]] = {}
    for flow in state["flows"].values():
        card = {OLD_CARD: "old", NEW_CARD: "new"}.get(flow["destination"])
        if card:
            pairs.setdefault(f"{flow['sandbox']}/{flow['name']}", {})[card] = flow
    return pairs


def check_invariants(
    mock_sites: MockSites, report: dict[str, Any], first_seen: dict[str, dict[str, Any]]
) -> None:
    """No pair with both flows disabled (unless it started so); no audience of an old flow
    missing from Pinterest unless the pair is reported blocked; every outcome in the
    report matches the mock's real state. `first_seen`: pairs_in_aep before the runs."""
    aep, pinterest = mock_sites.aep_state(), mock_sites.pinterest_state()
    pairs = pairs_in_aep(aep)
    outcomes = {p["key"]: p for p in report["pairs"]}
    for key, flows in pairs.items():
        started_off = not (first_seen[key]["old"]["enabled"] or first_seen[key]["new"]["enabled"])
        both_off = not (flows["old"]["enabled"] or flows["new"]["enabled"])
        assert started_off or not both_off, f"{key}: both flows disabled"
    in_pinterest = {(a["ad_account_id"], a["name"]) for a in pinterest["audiences"].values()}
    for key, flows in pairs.items():
        if outcomes.get(key, {}).get("outcome") == "blocked":
            continue
        old = flows["old"]
        for activation in old["activations"]:
            name = aep["audiences"][activation["audience_id"]]["name"]
            assert (old["ad_account_id"], name) in in_pinterest, f"{key}: {name} not in Pinterest"
    for key, pair in outcomes.items():
        real = {card: flow["enabled"] for card, flow in pairs[key].items()}
        if pair["outcome"] in MIGRATED:
            assert real == {"old": False, "new": True}, f"{key} reported {pair['outcome']}: {real}"
        elif pair["outcome"] in LEFT and pair["final"]:
            assert pair["final"] == real, f"{key} reported {pair['final']}, really {real}"
    accounts = {(a["sandbox"], a["name"]): a for a in aep["accounts"].values()}
    for account in report["accounts"]:
        real_account = accounts[(account["sandbox"], account["name"])]
        if account["outcome"] == "reconnected":
            assert real_account["access_token_set"], account["key"]
            assert real_account["username"] == account["username"], account["key"]
