"""The evidence folder, the journal and the run lock."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from flows.evidence import (
    Journal,
    RunFolder,
    RunLocked,
    journals_of_plan,
    read_journal,
    run_lock,
)


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
    with (
        run_lock(tmp_path, "first"),
        pytest.raises(RunLocked, match="first"),
        run_lock(tmp_path, "second"),
    ):
        pass

    with run_lock(tmp_path, "third"):
        assert json.loads((tmp_path / ".lock").read_text())["run_id"] == "third"
    assert not (tmp_path / ".lock").exists()


def test_a_lock_left_by_a_killed_process_is_taken_over(tmp_path: Path) -> None:
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    (tmp_path / ".lock").write_text(json.dumps({"pid": int(dead.stdout), "run_id": "killed"}))

    with run_lock(tmp_path, "next"):
        assert json.loads((tmp_path / ".lock").read_text())["pid"] == os.getpid()
