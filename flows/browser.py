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


def system_headless_shell() -> str | None:
    """Chromium's headless shell installed by the system (Debian's `chromium-headless-shell`):
    the browser Playwright itself runs headless, lighter than the full browser's headless mode."""
    return shutil.which("chromium-headless-shell")


def chromium_executable(playwright_executable: str, *, headless: bool = True) -> str | None:
    """The executable to pass as `executable_path`, or None to use Playwright's own.

    Playwright's own download is preferred when present (it runs its headless shell when
    headless); it cannot be fetched on every machine, so a system Chromium is the fallback:
    its headless shell when headless and installed, else the full browser.
    """
    if os.path.exists(playwright_executable):
        return None
    return (headless and system_headless_shell()) or system_chromium()
