"""A screen's ARIA snapshot (its accessibility tree as YAML), for a person to read."""

from __future__ import annotations

from pages.base import Root


def aria_snapshot(root: Root, timeout_ms: float = 5_000) -> str:
    """The whole screen of `root` (the page, or the app's frame) as an ARIA snapshot."""
    return root.locator("body").aria_snapshot(timeout=timeout_ms)
