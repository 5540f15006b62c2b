"""Exit 0 when Playwright can launch a Chromium here (its own, or a system one).

With --shell, exit 0 only when headless runs get Chromium's headless shell (Playwright's
own download, or the system's `chromium-headless-shell`)."""

from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))

from playwright.sync_api import sync_playwright

from flows.browser import chromium_executable, system_headless_shell


def main() -> int:
    quiet = "--quiet" in sys.argv
    with sync_playwright() as p:
        own = p.chromium.executable_path
        if os.path.exists(own):
            found = own
        elif "--shell" in sys.argv:
            found = system_headless_shell() or ""
        else:
            found = chromium_executable(own) or ""
    if not found:
        if not quiet:
            print("find_chromium: none found", file=sys.stderr)
        return 1
    if not quiet:
        print(f"find_chromium: {found}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
