"""The Edit details modal of an account: Name, Description, Reconnect OAuth, Save."""

from __future__ import annotations

import re
from dataclasses import dataclass

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
        the app's origin. The page it happens in is the OAuth window.
        """
        page = page_of(self.root)
        context = page.context
        app_origin = origin_of(page.url)
        opened: list[Page] = []

        def on_page(new: Page) -> None:
            opened.append(new)

        def leaves_app(request: Request) -> bool:
            if not request.is_navigation_request() or origin_of(request.url) == app_origin:
                return False
            try:
                return request.frame.parent_frame is None
            except Error:
                return True  # a new window's request, announced before its frame

        # Toasts outlive in-app navigation: only an error toast newer than the click counts.
        self._errors_before = Toasts(self.root, self.labels).errors.count()
        context.on("page", on_page)
        try:
            with context.expect_event("request", leaves_app, timeout=timeout_ms) as event:
                self.reconnect_button.click()
            try:
                window = event.value.frame.page
            except Error:
                window = opened[0] if opened else context.wait_for_event("page")
        except PlaywrightTimeout:
            raise TimeoutError(
                "Reconnect OAuth opened neither a popup nor Pinterest's page"
            ) from None
        finally:
            context.remove_listener("page", on_page)
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
