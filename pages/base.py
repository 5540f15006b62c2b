"""What every page object shares: its root, and the page that root belongs to."""

from __future__ import annotations

from playwright.sync_api import FrameLocator, Page

# A page object is built from the page itself or from the frame the app runs in.
Root = Page | FrameLocator


# How a UI shows "nothing" in a cell or beside a label.
EMPTY_VALUES = ("—", "-", "–")


def shown(text: str) -> str:
    """A displayed value, with the UI's placeholder for "nothing" read as ""."""
    return "" if text.strip() in EMPTY_VALUES else text.strip()


def page_of(root: Root) -> Page:
    """The top-level page a root belongs to (its URL is the app's location)."""
    return root.owner.page if isinstance(root, FrameLocator) else root
