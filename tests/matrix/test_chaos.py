"""Chaos: for fixed seeds, the harness process is killed (SIGKILL) at a random change of
the 3-pair migration, then `--apply` runs again on the same plan and must finish it with
the invariants intact. 3 seeds here, 21 more under `slow` (`make test-slow`)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from flows.runs.session import EXIT_OK
from mocks.client import MockSites
from tests.flows.conftest import harness_env
from tests.flows.support import THREE_PAIRS, Harness, InProcess
from tests.matrix.invariants import check_invariants, pairs_in_aep

# Reconnect OAuth, Save in Edit details, then two switches per pair.
CHANGES = 2 + 2 * 3
SEEDS = (1, 5, 9)  # kill points 2, 4 and 7: after the reconnect, mid-pair, the last
SLOW_SEEDS = tuple(range(10, 31))


def kill_point(seed: int) -> int:
    """How many changes the killed run gets through: 0 to CHANGES - 1."""
    return random.Random(seed).randrange(CHANGES)  # noqa: S311 (a fixed seed, not a secret)


def kill_and_resume(
    seed: int, mock_sites: MockSites, in_process: InProcess, plan: Path, tmp_path: Path
) -> None:
    mock_sites.reset(**THREE_PAIRS)
    first_seen = pairs_in_aep(mock_sites.aep_state())
    killed_at = kill_point(seed)
    mock_sites.set_faults({"hold_after_changes": killed_at})
    process = Harness(harness_env(mock_sites, tmp_path), tmp_path / "evidence")
    run = process.popen("--apply", "--plan", str(plan))
    try:
        held = None
        while run.poll() is None and not held:
            held = mock_sites.wait_for_held_change(timeout=1)["held"]
    finally:
        run.kill()  # SIGKILL: no cleanup, no report
        output = run.communicate(timeout=60)[0]
        mock_sites.set_faults({})  # the held change is dropped, never applied
    assert held, f"seed {seed}: the run ended before change {killed_at + 1}: {output[-2000:]}"
    assert mock_sites.aep_state()["change_count"] == killed_at

    rerun = in_process.apply(plan)

    assert rerun.exit_status == EXIT_OK, rerun.report
    assert {p["outcome"] for p in rerun.report["pairs"]} <= {"switched", "already_migrated"}
    check_invariants(mock_sites, rerun.report, first_seen)
    switches = [
        c["flow_id"] for c in mock_sites.aep_state()["changes"] if c["op"] in ("enable", "disable")
    ]
    assert sorted(switches) == sorted(set(switches)), "no flow was switched twice"


@pytest.mark.parametrize("seed", SEEDS, ids=lambda s: f"seed={s}")
def test_kill_at_a_random_change_then_resume(
    seed: int, mock_sites: MockSites, in_process: InProcess, three_pair_plan: Path, tmp_path: Path
) -> None:
    kill_and_resume(seed, mock_sites, in_process, three_pair_plan, tmp_path)


@pytest.mark.slow
@pytest.mark.parametrize("seed", SLOW_SEEDS, ids=lambda s: f"seed={s}")
def test_kill_at_a_random_change_then_resume_slow(
    seed: int, mock_sites: MockSites, in_process: InProcess, three_pair_plan: Path, tmp_path: Path
) -> None:
    kill_and_resume(seed, mock_sites, in_process, three_pair_plan, tmp_path)
