"""Read-only property lists (`term` / `definition` pairs) of rails and dialogs."""

from __future__ import annotations

from playwright.sync_api import FrameLocator, Locator, Page

from pages.labels import exactly

EMPTY_VALUES = ("—", "-", "–")


def definition(scope: Page | FrameLocator | Locator, names: tuple[str, ...]) -> Locator:
    """The definition that follows the term named one of `names`.

    A description list pairs a term with its definition by position only: there is no
    role or name to reach the definition by, so it is the term's next sibling.
    """
    term = scope.get_by_role("term").filter(has_text=exactly(*names))
    return term.locator("xpath=following-sibling::*[1]")


# Every term's text and the text of the definition after it, whitespace collapsed (a
# script for `evaluate_all` over the terms, to read a page's rail whole in one round trip).
TERMS = """terms => terms.map(term => [term, term.nextElementSibling].map(el =>
  el ? (el.innerText || el.textContent || "").replace(/\\s+/g, " ").trim() : ""))"""


def pick(pairs: list[tuple[str, str]], names: tuple[str, ...]) -> str | None:
    """The definition of the first term named one of `names`, as `definition` finds it."""
    pattern = exactly(*names)
    return next((text for term, text in pairs if pattern.search(term)), None)


def shown(text: str) -> str:
    """A displayed value, with the UI's placeholder for "nothing" read as ""."""
    return "" if text.strip() in EMPTY_VALUES else text.strip()


def value(scope: Page | FrameLocator | Locator, names: tuple[str, ...]) -> str:
    """The definition's text; "" when absent or shown as a dash."""
    found = definition(scope, names)
    return shown(found.first.inner_text()) if found.count() else ""
