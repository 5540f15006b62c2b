"""What `pytest flows` refuses before it does anything: one line, exit status 4 (a usage
error), no run folder made and `latest` left where it was."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows.evidence import locked_run_folder
from tests.flows.support import Harness


def _folders(evidence: Path) -> list[str]:
    return sorted(p.name for p in evidence.iterdir() if p.is_dir() and not p.is_symlink())


def test_a_run_while_another_holds_the_lock_changes_nothing(harness: Harness) -> None:
    with locked_run_folder(harness.evidence, "apply") as running:
        refused = harness.run()

    assert refused.returncode == pytest.ExitCode.USAGE_ERROR, refused.output
    error = refused.line_with("ERROR:")
    assert f"another run ({running.run_id}, pid " in error, refused.output
    assert _folders(harness.evidence) == [running.run_id], "the refused run made no folder"
    assert harness.latest == running.path, "nor moved latest"
