"""A screen's ARIA snapshot (its accessibility tree as YAML), for a person to read."""

from __future__ import annotations

from typing import Literal, cast

from playwright.sync_api import Locator, Page

from pages.base import Root

# The roles Playwright's get_by_role takes (its own type is not exported).
AriaRole = Literal[
    "alert",
    "alertdialog",
    "button",
    "checkbox",
    "columnheader",
    "dialog",
    "grid",
    "heading",
    "link",
    "listbox",
    "menu",
    "menuitem",
    "navigation",
    "option",
    "row",
    "rowheader",
    "searchbox",
    "switch",
    "tab",
    "table",
    "term",
    "textbox",
]


def aria_snapshot(root: Root, timeout_ms: float = 5_000) -> str:
    """The whole screen of `root` (the page, or the app's frame) as an ARIA snapshot."""
    return root.locator("body").aria_snapshot(timeout=timeout_ms)


# An element's name as markup gives it (aria-label, aria-labelledby, its label, title,
# text): close to the accessible name, for a person to read, in one round trip.
_NAMES = """els => els.map(el => {
  const by = (el.getAttribute("aria-labelledby") || "").split(/\\s+/).filter(Boolean)
    .map(id => el.ownerDocument.getElementById(id)).filter(Boolean)
    .map(ref => ref.textContent).join(" ");
  const label = el.labels && el.labels.length ? el.labels[0].textContent : "";
  const name = el.getAttribute("aria-label") || by || label || el.getAttribute("title") ||
    el.innerText || el.getAttribute("placeholder") || "";
  return name.replace(/\\s+/g, " ").trim();
})"""


def names_of_role(scope: Root | Locator, role: str) -> list[str]:
    """The names of the elements of `role` in `scope` (e.g. every button of a dialog), to
    say what a screen offers where the expected one was not found."""
    if not role:
        return []
    found = scope.get_by_role(cast(AriaRole, role))
    names: list[str] = found.evaluate_all(_NAMES)
    return names


def screen_snapshot(page: Page, timeout_ms: float = 5_000) -> str:
    """The page's ARIA snapshot and, after it, each of its iframes' (an iframe shows as
    one line in its page's): the whole screen, for the evidence of a step that failed."""
    parts = [page.locator("body").aria_snapshot(timeout=timeout_ms)]
    frames = page.locator("iframe")
    for i in range(frames.count()):
        title = frames.nth(i).get_attribute("title") or ""
        inside = frames.nth(i).content_frame.locator("body")
        parts.append(f"# iframe {i + 1} ({title or 'no title'})")
        parts.append(inside.aria_snapshot(timeout=timeout_ms))
    return "\n".join(parts) + "\n"
