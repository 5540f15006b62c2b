"""Small static pages on a fake origin, served through `page.route`: one per alternative
way a Pinterest page may be worded or marked up."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Page, Request, Route

from pages.pinterest.labels import PinterestLabels

ORIGIN = "https://pinterest.test"
APP = "https://app.test"  # the app a consent answer goes back to
NONSENSE = ("zz-not-this",)
HTML = "text/html; charset=utf-8"

Answer = str | Callable[[Request], str]


def nonsense_labels() -> PinterestLabels:
    """Every guessed Pinterest label replaced by text no UI shows (documented ones kept)."""
    labels = PinterestLabels()
    guessed = [n for n in labels.label_names() if PinterestLabels.is_guessed(n)]
    return dataclasses.replace(labels, **dict.fromkeys(guessed, NONSENSE))


def html(body: str, title: str = "Pinterest") -> str:
    head = f"<meta charset=utf-8><title>{title}</title>"
    return f"<!doctype html><html lang=en><head>{head}</head><body>{body}</body></html>"


@dataclass
class StaticSite:
    """Pages by path (with its query), on ORIGIN and APP; every request is recorded."""

    page: Page
    pages: dict[str, Answer] = field(default_factory=dict)
    posted: list[dict[str, list[str]]] = field(default_factory=list)

    def __post_init__(self) -> None:
        for origin in (ORIGIN, APP):
            self.page.route(f"{origin}/**", self._answer)

    def serve(self, path: str, answer: Answer) -> StaticSite:
        self.pages[path] = answer
        return self

    def open(self, path: str) -> Page:
        self.page.goto(f"{ORIGIN}{path}")
        return self.page

    def _answer(self, route: Route) -> None:
        request = route.request
        if request.method == "POST":
            self.posted.append(parse_qs(request.post_data or ""))
        url = urlsplit(request.url)
        path = url.path + (f"?{url.query}" if url.query else "")
        answer = self.pages.get(path, self.pages.get(url.path))
        if answer is None:
            route.fulfill(status=404, content_type=HTML, body=html("<h1>Not found</h1>"))
            return
        body = answer(request) if callable(answer) else answer
        route.fulfill(status=200, content_type=HTML, body=body)
