"""A run killed at any change is finished by running `--apply` again on the same plan,
and the safe order never leaves a pair with both flows disabled."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from mocks.aep.state import NEW_CARD, OLD_CARD
from mocks.client import MockSites
from tests.flows.support import THREE_PAIRS, Harness, flows_by_key

# Two of the plan's three pairs (--only), enough to meet the kill points of a first pair,
# of one after it, and between them: Reconnect OAuth, Save in Edit details, then two
# switches per pair. The third pair stays as it was.
ONLY = ("Campaign 0001", "Campaign 0002")
CHANGES = 2 + 2 * len(ONLY)


def pair_states(
    changes: list[dict[str, Any]], flows: dict[str, dict[str, Any]]
) -> list[tuple[str, bool, bool]]:
    """Every state each pair passed through, replayed from the mock's change log."""
    states = {f["name"]: {"old": True, "new": False} for f in flows.values()}
    seen = []
    for change in changes:
        flow = flows.get(change.get("flow_id", ""))
        if flow is None or change["op"] not in ("enable", "disable"):
            continue
        card = "old" if flow["destination"] == OLD_CARD else "new"
        states[flow["name"]][card] = change["op"] == "enable"
        seen.append((flow["name"], states[flow["name"]]["old"], states[flow["name"]]["new"]))
    return seen


def run_until_held(mock_sites: MockSites, run: subprocess.Popen[str]) -> dict[str, Any] | None:
    """The mock's hold report once the run's next change is held; None if it finished."""
    while run.poll() is None:
        held = mock_sites.wait_for_held_change(timeout=1)
        if held["held"]:
            return held
    return None


# The safe order's chain runs in `make test`; the notice's order's (the same kills, the same
# resume, nine more subprocess runs) under `make test-slow`.
@pytest.mark.parametrize("order", ["safe", pytest.param("documented", marks=pytest.mark.slow)])
def test_resume_after_a_kill_at_every_change(
    harness: Harness, mock_sites: MockSites, three_pair_plan: Path, order: str
) -> None:
    """A chain of runs on one plan: run k is killed while its change k+1 is in flight
    (the mock holds it unapplied) and run k+1 resumes from there, so every kill point is
    met once; the last run finishes the migration."""
    mock_sites.reset(**THREE_PAIRS)
    args = ("--apply", "--plan", str(three_pair_plan), "--order", order)
    args += tuple(arg for name in ONLY for arg in ("--only", name))
    kills = 0
    while True:
        mock_sites.set_faults({"hold_after_changes": kills})
        run = harness.popen(*args)
        try:
            held = run_until_held(mock_sites, run)
        finally:
            if run.poll() is None:
                run.kill()
            output = run.communicate(timeout=60)[0]
            mock_sites.set_faults({})  # the held change is dropped, never applied
        if held is None:
            break
        assert held["change_count"] == kills, f"killed exactly at change {kills}"
        kills += 1

    assert run.returncode == 0, output
    # Reconnect, then two switches per pair; Save after a reconnect is skipped once the
    # account reads connected (a kill just before it).
    assert kills >= CHANGES - 1
    state = mock_sites.aep_state()
    flows = flows_by_key(state)
    for name in ONLY:
        assert flows[(name, NEW_CARD)]["enabled"] is True, name
        assert flows[(name, OLD_CARD)]["enabled"] is False, name
    left = "Campaign 0003"
    assert flows[(left, NEW_CARD)]["enabled"] is False, f"{left} is not among --only"
    assert flows[(left, OLD_CARD)]["enabled"] is True, f"{left} is not among --only"
    switches = [c["flow_id"] for c in state["changes"] if c["op"] in ("enable", "disable")]
    assert sorted(switches) == sorted(set(switches)), "no flow was switched twice"
    account = next(a for a in state["accounts"].values() if a["destination"] == NEW_CARD)
    assert account["access_token_set"] is True
    both_off = [s for s in pair_states(state["changes"], state["flows"]) if not s[1] and not s[2]]
    if order == "safe":
        assert both_off == [], "the safe order never disables both flows of a pair"
    else:
        assert len(both_off) == len(ONLY), "the documented order passes old off, new off"
