"""Running the main job as a user would: `python -m pytest flows ...` in a subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
# The main job's own venv (requirements.txt) lacks the test-only pytest plugins; leaving
# them out here also saves seconds per run.
LEAN = (
    "-p",
    "no:cacheprovider",
    "-p",
    "no:schemathesis",
    "-p",
    "no:hypothesispytest",
    "-p",
    "no:anyio",
)


@dataclass
class HarnessRun:
    """One `pytest flows` process: its exit status and output."""

    returncode: int
    output: str

    def line_with(self, text: str) -> str:
        return next((line for line in self.output.splitlines() if text in line), "")


@dataclass
class Harness:
    """The main job, pointed at the mock sites through its settings."""

    env: dict[str, str]
    evidence: Path

    def command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "pytest", "flows", *LEAN, *args]

    def run(self, *args: str, timeout: float = 240) -> HarnessRun:
        done = subprocess.run(
            self.command(*args), cwd=ROOT, env=self.env, capture_output=True, text=True,
            timeout=timeout, check=False,
        )  # fmt: skip
        return HarnessRun(done.returncode, done.stdout + done.stderr)

    def popen(self, *args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            self.command(*args), cwd=ROOT, env=self.env, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip

    @property
    def latest(self) -> Path:
        return (self.evidence / "latest").resolve()

    def report(self) -> dict[str, Any]:
        report: dict[str, Any] = json.loads((self.latest / "report.json").read_text())
        return report

    def plan(self) -> dict[str, Any]:
        plan: dict[str, Any] = json.loads((self.latest / "plan.json").read_text())
        return plan


def flows_by_key(state: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """The mock AEP's flows by (connection name, destination)."""
    return {(f["name"], f["destination"]): f for f in state["flows"].values()}
