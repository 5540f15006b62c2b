"""`make migrate` (scripts/migrate.py) never touches a real org: it runs on the embedded
mock sites and says so, and refuses MIGRATION_TARGET=live with one line."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "migrate.py"


def test_live_mode_is_refused_with_one_line_before_anything_runs(tmp_path: Path) -> None:
    """As a user who set up .env for their org (README) and then typed the README's first
    command."""
    env = {**os.environ, "MIGRATION_TARGET": "live", "EVIDENCE_DIR": str(tmp_path / "ev"),
           "AEP_URL": "https://experience.adobe.com/#/@acme/sname:prod/platform/home"}  # fmt: skip

    done = subprocess.run(
        [sys.executable, str(SCRIPT)], cwd=ROOT, env=env, capture_output=True, text=True,
        timeout=120, check=False,
    )  # fmt: skip

    assert done.returncode == 4, done.stdout + done.stderr
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1
    assert "refuses MIGRATION_TARGET=live" in done.stderr
    assert "embedded mock sites only" in done.stderr
    assert not (tmp_path / "ev").exists(), "no run was started"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("migrate_script", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_it_says_it_runs_on_the_embedded_mocks_and_keeps_them(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    migrate = _script()
    monkeypatch.setenv("MIGRATION_TARGET", "mock")
    monkeypatch.setenv("EVIDENCE_DIR", str(tmp_path))
    commands: list[tuple[list[str], dict[str, str]]] = []

    def subprocess_run(command: list[str], **options: Any) -> subprocess.CompletedProcess[str]:
        commands.append((command, options["env"]))
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(migrate.subprocess, "run", subprocess_run)
    monkeypatch.setattr(migrate, "report", lambda _: {"complete": True, "summary": {}})

    assert migrate.main() == 0

    assert "the main job on the embedded mock sites" in capsys.readouterr().out
    assert [command[-2:] for command, _ in commands][1] == ["--apply", "--activate-missing"]
    assert {env["MIGRATION_TARGET"] for _, env in commands} == {"mock"}
