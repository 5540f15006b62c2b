"""How a list goes on past what it shows: a next link or button, or a "Load more" button.

Pinterest documents no paging for Ads Manager's audience list. The guessed names come
first (pages/pinterest/labels.py); else a link or button named like "next" (or ›, →, >,
and last »), else a link to the same path with a higher `page` (or an unvisited
`bookmark`) in its query; a "Load more"-like button appends rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Locator, Page

from pages.labels import pattern
from pages.pinterest.labels import PinterestLabels

NEXT_LIKE_TEXTS = (r"re:^\W*(?:go\s+to\s+)?next(?:\s+page)?\W*$", r"re:^\s*[›→>⟩»]\s*$")
NEXT_LIKE = pattern(NEXT_LIKE_TEXTS[0], r"re:^\s*[›→>⟩]\s*$")
LAST_LIKE = pattern(r"re:^\s*»\s*$")
MORE_LIKE_TEXTS = (r"re:^\s*(?:load|show|see|view)\s+more\b",)
MORE_LIKE = pattern(*MORE_LIKE_TEXTS)
# Query parameters that number pages, and those that carry an opaque cursor.
NUMBERED = ("page", "p", "pg", "page_number", "pageNumber")
CURSORS = ("bookmark", "cursor", "after", "page_token", "pageToken")
BY_HREF = "a link to the same list's next page"
_HREFS = "links => links.map(a => a.href || '')"


@dataclass(frozen=True)
class Next:
    control: Locator
    label: str  # the label it answers to, or the finding to note
    found: str = ""  # what the UI calls it, when found by structure
    how: str = ""  # "": found by the guessed name


def usable(controls: Locator) -> Locator | None:
    """The first visible, enabled one of `controls`, or None."""
    for control in controls.filter(visible=True).all():
        if control.is_enabled() and control.get_attribute("aria-disabled") != "true":
            return control
    return None


def _named(page: Page, name: re.Pattern[str]) -> Locator:
    return page.get_by_role("link", name=name).or_(page.get_by_role("button", name=name))


def go_on(page: Page, labels: PinterestLabels, visited: set[str]) -> Next | None:
    """What shows more of the list: a load-more button, else the next page's control;
    None at its end. (One query first tells whether any named control is there at all: a
    list on one page costs two round trips, not seven.)"""
    names = pattern(*labels.load_more, *labels.next_page, *MORE_LIKE_TEXTS, *NEXT_LIKE_TEXTS)
    if _named(page, names).filter(visible=True).count():
        return find_more(page, labels) or find_next(page, labels, visited)
    link = _next_by_href(page, visited)
    return Next(link, "next_page", "", BY_HREF) if link else None


def find_next(page: Page, labels: PinterestLabels, visited: set[str]) -> Next | None:
    """The control to the next page of the list, or None on the last page."""
    if found := usable(_named(page, pattern(*labels.next_page))):
        return Next(found, "next_page")
    if found := usable(_named(page, NEXT_LIKE)):
        return Next(found, "next_page", _name(found), "a link or button named like next")
    if found := _next_by_href(page, visited):
        return Next(found, "next_page", "", BY_HREF)
    if found := usable(_named(page, LAST_LIKE)):
        return Next(found, "next_page", _name(found), "a link or button named »")
    return None


def find_more(page: Page, labels: PinterestLabels) -> Next | None:
    """A button that appends the list's next rows, or None when all are shown."""
    if found := usable(page.get_by_role("button", name=pattern(*labels.load_more))):
        return Next(found, "load_more")
    if found := usable(page.get_by_role("button", name=MORE_LIKE)):
        return Next(found, "load_more", _name(found), "a button named like load more")
    return None


def _name(control: Locator) -> str:
    return (control.get_attribute("aria-label") or control.inner_text()).strip()


def _next_by_href(page: Page, visited: set[str]) -> Locator | None:
    """A link to this path with the smallest higher page number, or with the one cursor
    not yet visited (opaque cursors only go forward, but one must be unambiguous)."""
    links = page.get_by_role("link")
    hrefs: list[str] = links.evaluate_all(_HREFS)
    here = urlsplit(page.url)
    current = _page_number(parse_qs(here.query)) or 1
    numbered: dict[int, int] = {}
    cursors: dict[str, int] = {}
    for i, href in enumerate(hrefs):
        there = urlsplit(href)
        if (there.netloc, there.path) != (here.netloc, here.path) or href in visited:
            continue
        query = parse_qs(there.query)
        number = _page_number(query)
        if number is not None and number > current:
            numbered.setdefault(number, i)
        elif number is None and (cursor := next((query[c][0] for c in CURSORS if c in query), "")):
            cursors.setdefault(cursor, i)
    if numbered:
        return links.nth(numbered[min(numbered)])
    if len(cursors) == 1:
        return links.nth(next(iter(cursors.values())))
    return None


def _page_number(query: dict[str, list[str]]) -> int | None:
    for key in NUMBERED:
        if key in query and query[key][0].isdigit():
            return int(query[key][0])
    return None
