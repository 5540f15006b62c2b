"""The probe's report of a check that did not resolve, and its refusal of changing options."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from flows.runs.probe import locator_of

ROOT = Path(__file__).resolve().parents[2]


def test_a_failed_wait_is_reported_with_its_locator_and_readable_labels() -> None:
    error = AssertionError(
        "Locator.wait_for: Timeout 5000ms exceeded.\nCall log:\n"
        '  - waiting for get_by_role("button", name=re.compile(r"^\\s*(?:Reconnect\\ OAuth)'
        '\\s*$")) to be visible\n'
    )

    text = locator_of(error)

    assert text.startswith("Locator.wait_for: Timeout 5000ms exceeded. [get_by_role(")
    assert "(?:Reconnect OAuth)" in text


def test_an_error_without_a_locator_keeps_its_first_line() -> None:
    assert locator_of(KeyError("no column 'Username' in ['Name']")) == (
        "\"no column 'Username' in ['Name']\""
    )


def test_the_probe_is_read_only_and_refuses_apply(tmp_path: Path) -> None:
    env = {**os.environ, "EVIDENCE_DIR": str(tmp_path)}

    done = subprocess.run(
        [sys.executable, "-m", "pytest", "flows", "-p", "no:cacheprovider", "--probe", "--apply"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip

    assert done.returncode == 4
    assert "--probe is read-only and takes no --apply" in done.stderr
    assert not list(tmp_path.iterdir()), "no run folder for a refused run"
