"""PARALLEL_CONTEXTS=2: two browser contexts take the flows to read (the plan is the one
one context makes) and the pairs to switch from one queue, and the safe order's
invariants hold: never both flows of a pair off, each flow switched once, and a
run killed mid-way is finished by running `--apply` again."""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from mocks.aep.state import NEW_CARD, OLD_CARD
from mocks.client import MockSites
from tests.flows.support import Harness, InProcess, flows_by_key
from tests.flows.test_resume import pair_states

PAIRS = 6
SCENARIO: dict[str, Any] = {"pairs": PAIRS}
# Reconnect OAuth and Save in Edit details come first; then two switches per pair.
KILL_AT_CHANGE = 2 + 3


def two_contexts(harness: Harness) -> Harness:
    return Harness({**harness.env, "PARALLEL_CONTEXTS": "2"}, harness.evidence)


def assert_switched_safely(state: dict[str, Any]) -> None:
    flows = flows_by_key(state)
    for i in range(1, PAIRS + 1):
        name = f"Campaign {i:04d}"
        assert flows[(name, NEW_CARD)]["enabled"] is True, f"{name}: new flow enabled"
        assert flows[(name, OLD_CARD)]["enabled"] is False, f"{name}: old flow disabled"
    switches = [c["flow_id"] for c in state["changes"] if c["op"] in ("enable", "disable")]
    assert sorted(switches) == sorted(set(switches)), "no flow was switched twice"
    both_off = [s for s in pair_states(state["changes"], state["flows"]) if not s[1] and not s[2]]
    assert both_off == [], "no pair ever had both flows disabled"


def flows_read(trace: Path) -> list[tuple[str, str]]:
    """The flows a plan's step trace opened (its groups' titles)."""
    with zipfile.ZipFile(trace) as archive:
        events = archive.read("trace.trace").decode("utf-8")
    return re.findall(r"open '([^']+)' on ([^\"]+)\"", events)


def without_ids(plan: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in plan.items() if k not in ("run_id", "created")}


def test_two_contexts_plan_then_switch_every_pair_in_the_safe_order(
    in_process: InProcess, mock_sites: MockSites
) -> None:
    """In this process (drive() reads and switches with PARALLEL_CONTEXTS contexts, as the
    CLI does; the CLI's own parallel runs are the next test's), traces on."""
    mock_sites.reset("large", options=SCENARIO)
    parallel = replace(in_process, settings=replace(in_process.settings, parallel_contexts=2))

    dry = parallel.dry_run(trace=True)

    assert dry.exit_status == 0, dry.report
    assert {p["outcome"] for p in dry.report["pairs"]} == {"would_switch"}
    assert len(dry.report["pairs"]) == PAIRS
    # The flows were shared out: each read once, by one context or the other.
    traces = dry.folder.path / "traces"
    [own] = traces.glob("*-plan-the-documented-clicks-read-only.zip")
    [helper] = traces.glob("*-plan-prod-flows-read-in-another-browser-context.zip")
    by_own, by_helper = flows_read(own), flows_read(helper)
    assert by_own, "the run's own context read some flows"
    assert by_helper, "the other context read some flows"
    assert sorted(by_own + by_helper) == sorted(
        (f"Campaign {i:04d}", card) for i in range(1, PAIRS + 1) for card in (OLD_CARD, NEW_CARD)
    )

    applied = parallel.apply(trace=True)

    assert applied.exit_status == 0, applied.report
    assert_switched_safely(mock_sites.aep_state())
    report = applied.report
    assert {p["outcome"] for p in report["pairs"]} == {"switched"}
    assert len(report["pairs"]) == PAIRS
    # Each context opened AEP in a trace of its own: the run's and the helper's.
    traces = applied.folder.path / "traces"
    opened = list(traces.glob("*-open-adobe-experience-platform.zip"))
    assert len(opened) == 2, [p.name for p in opened]
    # Verification's read-back was shared out too (how many each took is up to timing).
    assert list(traces.glob("*-verify-both-flows-after-reload-another-context.zip"))
    # Within a pair the journal keeps the safe order: new on (done) before old off (intent).
    steps: dict[str, list[tuple[str, str]]] = {}
    for line in (applied.folder.path / "journal.jsonl").read_text().splitlines():
        entry = json.loads(line)
        if entry["event"] in ("intent", "done") and "pair" in entry:  # not Reconnect OAuth's
            steps.setdefault(entry["pair"], []).append((entry["event"], entry["step"]))
    assert len(steps) == PAIRS
    for pair, seen in steps.items():
        assert [e for e, _ in seen] == ["intent", "done", "intent", "done"], pair
        assert [s for _, s in seen][1:3] == ["enable new flow", "disable old flow"], (pair, seen)


def test_two_contexts_killed_mid_way_are_finished_by_a_second_apply(
    harness: Harness, in_process: InProcess, mock_sites: MockSites, tmp_path: Path
) -> None:
    mock_sites.reset("large", options=SCENARIO)
    dry = in_process.dry_run()
    assert dry.exit_status == 0, dry.report
    plan = tmp_path / "plan.json"
    shutil.copy(dry.plan_file, plan)
    parallel = two_contexts(harness)

    mock_sites.set_faults({"hold_after_changes": KILL_AT_CHANGE})
    killed = parallel.popen("--apply", "--plan", str(plan))
    try:
        held = mock_sites.wait_for_held_change(timeout=180)
    finally:
        killed.kill()
        killed.communicate(timeout=60)
        mock_sites.set_faults({})  # the held change is dropped, never applied
    assert held["held"], "the run was stopped while a change was in flight"
    resumed = parallel.run("--apply", "--plan", str(plan))

    assert resumed.returncode == 0, resumed.output
    assert_switched_safely(mock_sites.aep_state())


def test_two_contexts_plan_what_one_plans_in_two_sandboxes(
    in_process: InProcess, mock_sites: MockSites
) -> None:
    """Each other context finds its own way to each sandbox's Browse list."""
    mock_sites.reset("sandboxes")
    one = replace(
        in_process, settings=replace(in_process.settings, aep_sandboxes=("prod", "dev-emea"))
    )
    two = replace(one, settings=replace(one.settings, parallel_contexts=2))

    planned = [json.loads(run.dry_run().plan_file.read_text()) for run in (one, two)]

    assert without_ids(planned[1]) == without_ids(planned[0])
    assert {p["sandbox"] for p in planned[0]["pairs"]} == {"prod", "dev-emea"}
