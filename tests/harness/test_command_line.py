"""What the command line asks for (flows/command_line.py) and what a run refuses before it
begins (flows/runs/lifecycle.py prepare): one line each, a usage error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from flows.command_line import request_of
from flows.evidence.folder import RunFolder
from flows.evidence.journal import Journal
from flows.runs.lifecycle import prepare
from flows.runs.session import Request, Usage
from flows.settings import Settings

DEFAULTS: dict[str, Any] = {
    "--apply": False, "--plan": None, "--order": "safe", "--only": [],
    "--activate-missing": False, "--reauth-only": False, "--within-days": 7, "--verify": None,
    "--rollback": None, "--probe": False, "--write-labels": None,
}  # fmt: skip


def ask(**given: Any) -> Request:
    options = {**DEFAULTS, **{f"--{k.replace('_', '-')}": v for k, v in given.items()}}
    return request_of(options.__getitem__)


def test_the_command_line_as_a_request() -> None:
    assert ask() == Request("dry_run")
    assert ask(apply=True, only=["A"], activate_missing=True) == Request(
        "apply", apply=True, only=("A",), activate_missing=True
    )
    assert ask(rollback="run-1", apply=True) == Request("rollback", apply=True, run_id="run-1")
    assert ask(reauth_only=True, within_days=10).within_days == 10


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ({"activate_missing": True}, "--activate-missing goes with --apply"),
        ({"write_labels": "labels.json"}, "--write-labels goes with --probe"),
        ({"probe": True, "apply": True}, "--probe is read-only and takes no --apply"),
        ({"verify": "a", "rollback": "b"}, "separate runs"),
        ({"reauth_only": True, "within_days": -1}, "--within-days takes a number of days >= 0"),
    ],
)
def test_a_request_that_makes_no_sense_is_one_line(given: dict[str, Any], message: str) -> None:
    with pytest.raises(Usage, match=message) as refused:
        ask(**given)
    assert "\n" not in str(refused.value)


def _run_folder(evidence: Path, kind: str, pairs: list[dict[str, Any]]) -> RunFolder:
    folder = RunFolder.create(evidence, kind)
    folder.write_json("plan.json", {
        "run_id": folder.run_id, "created": "", "aep_url": "https://experience.adobe.com/",
        "old_destination": "(Deprecating) Pinterest", "new_destination": "(New) Pinterest",
    })  # fmt: skip
    journal = Journal(folder.file("journal.jsonl"), run_id=folder.run_id, plan_id=folder.run_id)
    journal.write("run_started", kind=kind)
    for pair in pairs:
        journal.write("pair", **pair)
    return folder


@pytest.mark.parametrize("kind", ["verify", "rollback"])
def test_verify_or_roll_back_only_an_apply_run_that_switched_something(
    tmp_path: Path, kind: str
) -> None:
    settings = Settings(evidence_dir=tmp_path)
    dry = _run_folder(tmp_path, "dry_run", [])
    idle = _run_folder(tmp_path, "apply", [])

    with pytest.raises(Usage, match="is not an apply run \\(it is a dry_run run\\)"):
        prepare(Request(kind, run_id=dry.run_id), settings)  # type: ignore[arg-type]
    with pytest.raises(Usage, match="left no pair switched"):
        prepare(Request(kind, run_id=idle.run_id), settings)  # type: ignore[arg-type]
    assert not list(idle.path.glob("verification-*")), "no empty verification folder"
