"""The evidence folder, the journal and the run lock."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from flows.evidence.folder import RunFolder, RunLocked, locked_run_folder, run_lock
from flows.evidence.journal import Journal, journals_of_plan, read_journal

ROOT = Path(__file__).resolve().parents[2]


def test_run_folder_is_created_and_latest_points_at_it(tmp_path: Path) -> None:
    first = RunFolder.create(tmp_path, "dry")
    second = RunFolder.create(tmp_path, "apply")

    assert (tmp_path / "latest").resolve() == second.path.resolve()
    assert first.path.is_dir()
    assert (second.path / "traces").is_dir()
    assert first.run_id < second.run_id, "run ids sort by time"


def test_journal_lines_survive_a_cut_last_line(tmp_path: Path) -> None:
    journal = Journal(
        tmp_path / "journal.jsonl", run_id="r1", plan_id="p1", aep_user="ops@acme.example"
    )
    journal.write("intent", pair="prod/Loyalty campaign", step="enable new flow")
    journal.write("done", pair="prod/Loyalty campaign", step="enable new flow")
    with (tmp_path / "journal.jsonl").open("a") as out:
        out.write('{"event": "inte')  # a kill mid-write

    entries = read_journal(tmp_path / "journal.jsonl")

    assert [e["event"] for e in entries] == ["intent", "done"]
    assert entries[0]["aep_user"] == "ops@acme.example"
    assert entries[0]["time"].endswith("+00:00")


def test_journals_of_a_plan_span_runs(tmp_path: Path) -> None:
    for run, plan in (("r1", "p1"), ("r2", "p2"), ("r3", "p1")):
        (tmp_path / run).mkdir()
        Journal(tmp_path / run / "journal.jsonl", run_id=run, plan_id=plan).write("done")
    (tmp_path / "latest").symlink_to("r3")

    assert [e["run_id"] for e in journals_of_plan(tmp_path, "p1")] == ["r1", "r3"]


def test_a_second_run_is_refused_while_one_holds_the_lock(tmp_path: Path) -> None:
    with locked_run_folder(tmp_path, "apply") as first:
        holder = f"another run \\({first.run_id}, pid {os.getpid()}\\)"
        with pytest.raises(RunLocked, match=holder), locked_run_folder(tmp_path, "dry"):
            pass  # pragma: no cover -- refused

        assert [p.name for p in _runs(tmp_path)] == [first.run_id], "the refused run made none"
        assert (tmp_path / "latest").resolve() == first.path

    with run_lock(tmp_path) as lock:  # let go of when the first run ended
        lock.record("third")
        assert json.loads((tmp_path / ".lock").read_text())["run_id"] == "third"


# A run as the main job starts one: its lock, then its folder; it holds both until its
# input closes.
RUN = """
import sys
from pathlib import Path
from flows.evidence.folder import RunLocked, locked_run_folder
try:
    with locked_run_folder(Path(sys.argv[1]), "apply") as folder:
        print("running", folder.run_id, flush=True)
        sys.stdin.read()
except RunLocked as refused:
    print("refused", refused, flush=True)
    sys.exit(4)
"""


def _start(evidence: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", RUN, str(evidence)], cwd=ROOT, stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip


def _runs(evidence: Path) -> list[Path]:
    return [p for p in evidence.iterdir() if p.is_dir() and not p.is_symlink()]


def test_two_runs_started_together_one_runs_and_the_other_changes_nothing(
    tmp_path: Path,
) -> None:
    """Even over a lock file left by a dead run (whose PID may have been reused): one
    takes the lock; the other is refused before it creates a folder or moves `latest`."""
    (tmp_path / ".lock").write_text(json.dumps({"pid": os.getpid(), "run_id": "old"}))
    runs = [_start(tmp_path), _start(tmp_path)]
    try:
        first_lines = [run.stdout.readline() for run in runs if run.stdout]
        refused = next(
            run for run, line in zip(runs, first_lines, strict=True) if "refused" in line
        )
        assert refused.wait(timeout=60) == 4
        running = next(line for line in first_lines if line.startswith("running"))
    finally:
        for run in runs:
            run.communicate(timeout=60)

    run_id = running.split()[1]
    assert [p.name for p in _runs(tmp_path)] == [run_id]
    assert (tmp_path / "latest").resolve().name == run_id
    refusal = next(line for line in first_lines if "refused" in line)
    holder = next(run for run in runs if run is not refused)
    # Named by its run id once it has its folder ("starting" before).
    assert re.search(rf"another run \(({run_id}|starting), pid {holder.pid}\)", refusal)


def test_a_run_killed_with_sigkill_leaves_no_lock_behind(tmp_path: Path) -> None:
    killed = _start(tmp_path)
    assert killed.stdout is not None
    assert killed.stdout.readline().startswith("running")
    killed.send_signal(signal.SIGKILL)
    killed.wait(timeout=60)
    killed.stdout.close()
    assert killed.stdin is not None
    killed.stdin.close()

    following = _start(tmp_path)
    output, _ = following.communicate(input="", timeout=60)

    assert output.startswith("running"), output
    assert following.returncode == 0
