"""Which Chromium to launch, and the flags it needs on a machine with no outside network."""

from __future__ import annotations

import os
import shutil

# No update checks or phone-home traffic: without these, Chromium as root on a closed
# network spams refused connections.
CHROMIUM_ARGS = ["--disable-background-networking", "--disable-component-update", "--no-first-run"]


def system_chromium() -> str | None:
    """A Chromium installed by the system (e.g. Debian's `chromium`), if any."""
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if path := shutil.which(name):
            return path
    return None


def chromium_executable(playwright_executable: str) -> str | None:
    """The executable to pass as `executable_path`, or None to use Playwright's own.

    Playwright's own download is preferred when present; it cannot be fetched on every
    machine, so a system Chromium is the fallback.
    """
    if os.path.exists(playwright_executable):
        return None
    return system_chromium()
