"""Which Chromium a run launches: Playwright's own, else the system's, its headless shell
when headless."""

from __future__ import annotations

from pathlib import Path

import pytest

from flows import browser

SYSTEM = {
    "chromium": "/usr/bin/chromium",
    "chromium-headless-shell": "/usr/bin/chromium-headless-shell",
}


@pytest.fixture
def installed(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    found: dict[str, str] = {}
    monkeypatch.setattr(browser.shutil, "which", found.get)
    return found


def test_playwrights_own_download_wins(installed: dict[str, str], tmp_path: Path) -> None:
    installed.update(SYSTEM)
    own = tmp_path / "chrome"
    own.touch()

    assert browser.chromium_executable(str(own)) is None
    assert browser.chromium_executable(str(own), headless=False) is None


def test_headless_takes_the_system_headless_shell(installed: dict[str, str]) -> None:
    installed.update(SYSTEM)

    assert browser.chromium_executable("/no/own") == "/usr/bin/chromium-headless-shell"
    assert browser.chromium_executable("/no/own", headless=False) == "/usr/bin/chromium"


def test_without_a_shell_headless_runs_the_full_browser(installed: dict[str, str]) -> None:
    installed["chromium"] = SYSTEM["chromium"]

    assert browser.chromium_executable("/no/own") == "/usr/bin/chromium"


def test_nothing_installed_is_none(installed: dict[str, str]) -> None:
    assert browser.chromium_executable("/no/own") is None
