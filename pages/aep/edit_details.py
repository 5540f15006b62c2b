"""The Edit details modal of an account: Name, Description, Reconnect OAuth, Save."""

from __future__ import annotations

import contextlib
import re
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from playwright.sync_api import Error, Locator, Page, Request, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from pages.aep import properties
from pages.aep.labels import AepLabels
from pages.aep.toasts import Toasts
from pages.base import Root, page_of
from pages.dates import parse_date
from pages.labels import exactly
from pages.pinterest.login import origin_of


@dataclass(frozen=True)
class Connection:
    """The account's connection as the dialog shows it."""

    destination: str
    username: str
    authorized: str
    expires: str

    @property
    def expires_on(self) -> str:
        return parse_date(self.expires)


# How often, while waiting for Reconnect OAuth to leave the app, to look for its error toast.
_POLL_MS = 250


class ReconnectRefused(RuntimeError):
    """Platform refused Reconnect OAuth before sending the user to Pinterest: its error
    toast's text, or (`left_app`) the text of the page of its own that the redirected tab
    landed on instead of the app."""

    def __init__(self, message: str, *, left_app: bool = False) -> None:
        super().__init__(message)
        self.left_app = left_app


@dataclass(frozen=True)
class OAuthWindow:
    """Where Reconnect OAuth took the user: a popup, or the same tab redirected."""

    page: Page
    is_popup: bool


class EditDetailsDialog:
    def __init__(self, root: Root, labels: AepLabels) -> None:
        self.root = root
        self.labels = labels
        self.dialog = root.get_by_role("dialog", name=exactly(*labels.edit_details))
        self._errors_before = 0
        expect(self.dialog, "the Edit details dialog").to_be_visible()

    @property
    def reconnect_button(self) -> Locator:
        return self.dialog.get_by_role("button", name=exactly(*self.labels.reconnect_oauth))

    def _property(self, names: tuple[str, ...]) -> str:
        return properties.value(self.dialog, names)

    def connection(self) -> Connection:
        return Connection(
            destination=self._property(self.labels.rail_destination),
            username=self._property(self.labels.col_username),
            authorized=self._property(self.labels.connection_authorized),
            expires=self._property(self.labels.connection_expires),
        )

    def expect_username(self, username: str) -> None:
        expect(
            properties.definition(self.dialog, self.labels.col_username),
            "the account's Pinterest username",
        ).to_have_text(username)

    def expect_expires_after(self, before: str) -> None:
        """Wait until the shown expiry differs from `before` (the reconnect landed)."""
        expires = properties.definition(self.dialog, self.labels.connection_expires)
        expect(expires, "a new expiration date").not_to_have_text(before)

    def wait_for_reconnect(self, before: str, timeout_ms: float = 30_000) -> str:
        """Wait until Reconnect OAuth landed (the shown expiry differs from `before`) or
        the app said it failed (a new error toast): "" or that toast's message.

        Failure shows no change in the dialog, only a toast: waiting for the expiry
        alone would wait out the whole timeout.
        """
        expires = properties.definition(self.dialog, self.labels.connection_expires)
        unchanged = (before,) if before else (*properties.EMPTY_VALUES, "")
        alternatives = "|".join(re.escape(text) for text in unchanged)
        changed = expires.filter(has_not_text=re.compile(rf"^\s*(?:{alternatives})\s*$"))
        toasts = Toasts(self.root, self.labels)
        failed = toasts.errors.nth(self._errors_before)
        expect(changed.or_(failed).first, "a new expiration date or an error toast").to_be_visible(
            timeout=timeout_ms
        )
        if changed.count():
            return ""
        return toasts.message_of(failed)

    def reconnect_oauth(self, timeout_ms: float = 15_000) -> OAuthWindow:
        """Click Reconnect OAuth; return the window Pinterest's OAuth opened in.

        Whether OAuth opens a popup or redirects the tab is undocumented. Both show up
        as one event: a top-level navigation, in any page of this context, that leaves
        the app's origin. The page it happens in is the OAuth window. When Platform refuses
        before leaving (e.g. the user may not manage destinations), the app's error toast
        says so (popup), or a page of Platform's own that the tab lands on (redirect):
        ReconnectRefused with that message, rather than waiting out the timeout.
        """
        page = page_of(self.root)
        context = page.context
        app_origin = origin_of(page.url)
        app_path = urlsplit(page.url).path
        opened: list[Page] = []
        left: list[Request] = []

        def on_page(new: Page) -> None:
            opened.append(new)

        def on_request(request: Request) -> None:
            if not request.is_navigation_request() or origin_of(request.url) == app_origin:
                return
            try:
                top = request.frame.parent_frame is None
            except Error:
                top = True  # a new window's request, announced before its frame
            if top:
                left.append(request)

        def off_the_app() -> bool:
            """The tab shows a page of Platform's origin that is not the app: redirected
            to where OAuth starts, Platform answered with a page saying why not."""
            return urlsplit(page.url).path != app_path

        # Toasts outlive in-app navigation: only an error toast newer than the click counts.
        toasts = Toasts(self.root, self.labels)
        self._errors_before = toasts.errors.count()
        refused = toasts.errors.nth(self._errors_before)
        context.on("page", on_page)
        context.on("request", on_request)
        try:
            self.reconnect_button.click()
            deadline = time.monotonic() + timeout_ms / 1000
            while not left:
                if off_the_app():
                    raise ReconnectRefused(_page_message(page), left_app=True)
                if refused.count():
                    for window in opened:
                        if not window.is_closed():
                            window.close()
                    raise ReconnectRefused(toasts.message_of(refused))
                if time.monotonic() > deadline:
                    raise TimeoutError(
                        "Reconnect OAuth opened neither a popup nor Pinterest's page"
                    )
                # on_request has seen a request by the time this predicate is asked about it
                with contextlib.suppress(PlaywrightTimeout):
                    context.wait_for_event("request", lambda _: bool(left), timeout=_POLL_MS)
            try:
                window = left[0].frame.page
            except Error:
                window = opened[0] if opened else context.wait_for_event("page")
        finally:
            context.remove_listener("page", on_page)
            context.remove_listener("request", on_request)
        if window is page:
            # The tab comes back to a freshly loaded app: every toast then is a new one.
            self._errors_before = 0
        return OAuthWindow(window, is_popup=window is not page)

    @property
    def description_field(self) -> Locator:
        return self.dialog.get_by_label(exactly(*self.labels.description_field))

    def set_description(self, text: str) -> None:
        self.description_field.fill(text)

    def save(self) -> None:
        self.dialog.get_by_role("button", name=exactly(*self.labels.save)).click()
        expect(self.dialog, "the dialog closed after Save").to_be_hidden()

    def cancel(self) -> None:
        self.dialog.get_by_role("button", name=exactly(*self.labels.cancel)).click()
        expect(self.dialog, "the dialog closed").to_be_hidden()


def _page_message(page: Page) -> str:
    """What a page of Platform's own says (its status or alert line, else its title)."""
    said = page.get_by_role("status").or_(page.get_by_role("alert"))
    with contextlib.suppress(PlaywrightTimeout):
        said.first.wait_for(timeout=5_000)
    lines = [text.strip() for text in said.all_inner_texts() if text.strip()]
    return " ".join(lines) or page.title()
