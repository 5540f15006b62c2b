"""Reports are built from the journal alone, so they can be rebuilt after a crash."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from flows.evidence.folder import RunFolder
from flows.evidence.journal import Journal

ROOT = Path(__file__).resolve().parents[2]


def _journal_of_a_killed_run(folder: RunFolder) -> None:
    journal = Journal(
        folder.file("journal.jsonl"),
        run_id=folder.run_id,
        plan_id="p1",
        aep_user="ops@acme.example",
    )
    journal.write(
        "run_started",
        kind="apply",
        order="safe",
        settings={"old_destination": "(Deprecating) Pinterest"},
    )
    journal.write(
        "pair",
        key="prod/Loyalty campaign",
        sandbox="prod",
        name="Loyalty campaign",
        outcome="switched",
        reason="",
        first_seen={"old": True, "new": False},
        final={"old": False, "new": True},
        missing=[],
    )
    journal.write(
        "pair",
        key="prod/Cart <recovery>",
        sandbox="prod",
        name="Cart <recovery>",
        outcome="blocked",
        reason="the new flow lacks 1 audience(s)",
        first_seen={"old": True, "new": False},
        final={},
        missing=[{"id": "h1", "name": "Holiday gift shoppers"}],
    )
    journal.write(
        "unpaired",
        flows=[
            {
                "sandbox": "prod",
                "name": "Solo",
                "destination": "(New) Pinterest",
                "reason": "no flow of that name on the old card",
            }
        ],
    )


def test_rebuilding_a_killed_runs_reports_from_its_journal(tmp_path: Path) -> None:
    folder = RunFolder.create(tmp_path, "apply")
    _journal_of_a_killed_run(folder)

    result = subprocess.run(
        [sys.executable, "-m", "flows.evidence.report", str(folder.path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    report = json.loads(folder.file("report.json").read_text())
    assert report["complete"] is False
    assert report["summary"] == {"blocked": 1, "switched": 1, "unpaired": 1}
    assert report["needs_a_person"] == 2
    html = folder.file("report.html").read_text()
    assert "did not finish" in html
    assert "Cart &lt;recovery&gt;" in html, "names are escaped"
    assert "Holiday gift shoppers (h1)" in html
    assert "Sandbox prod" in html


def test_report_tool_says_when_there_is_no_journal(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "flows.evidence.report", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 2
    assert "no journal.jsonl" in result.stderr
