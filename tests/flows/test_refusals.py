"""What `pytest flows` refuses before it does anything: one line, exit status 4 (a usage
error), no run folder made and `latest` left where it was."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flows.evidence.folder import locked_run_folder
from tests.flows.support import Harness
from tests.harness.test_planfile import plan_data


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


@pytest.mark.parametrize(
    ("plan", "args", "error"),
    [
        ('{"pairs": [', (), "is not a plan: not JSON"),
        (None, ("--only", "Loyalty", "--only", "Loyalty campaign"),
         "--only 'Loyalty': no pair of the plan has that name; its pairs: 'Cart recovery', "
         "'Loyalty campaign'"),
    ],
    ids=["malformed plan", "unknown --only"],
)  # fmt: skip
def test_a_plan_that_cannot_be_carried_out_is_a_usage_error(
    harness: Harness, tmp_path: Path, plan: str | None, args: tuple[str, ...], error: str
) -> None:
    path = tmp_path / "plan.json"
    path.write_text(plan or json.dumps({**plan_data(), "aep_url": harness.env["AEP_URL"]}))

    refused = harness.run("--apply", "--plan", str(path), *args)

    assert refused.returncode == pytest.ExitCode.USAGE_ERROR, refused.output
    assert error in refused.line_with("ERROR:"), refused.output
    assert "INTERNALERROR" not in refused.output
    assert "Traceback" not in refused.output
    assert not harness.evidence.exists() or _folders(harness.evidence) == []
