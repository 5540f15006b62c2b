"""The Edit details modal of an account: Name, Description, Reconnect OAuth, Save."""

from __future__ import annotations

from dataclasses import dataclass

from playwright.sync_api import Error, Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from pages.aep import properties
from pages.aep.labels import AepLabels
from pages.base import Root, page_of
from pages.dates import parse_date
from pages.labels import exactly
from pages.pinterest.login import origin_of


@dataclass(frozen=True)
class Connection:
    """The account's connection as the dialog shows it."""

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
        expect(self.dialog, "the Edit details dialog").to_be_visible()

    @property
    def reconnect_button(self) -> Locator:
        return self.dialog.get_by_role("button", name=exactly(*self.labels.reconnect_oauth))

    def _property(self, names: tuple[str, ...]) -> str:
        return properties.value(self.dialog, names)

    def connection(self) -> Connection:
        return Connection(
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

    def reconnect_oauth(self, wait_ms: float = 15_000) -> OAuthWindow:
        """Click Reconnect OAuth; return the window Pinterest's OAuth opened in.

        Whether OAuth opens a popup or redirects the tab is undocumented: wait for
        whichever happens first, a popup or this page leaving the AEP origin.
        """
        page = page_of(self.root)
        aep_origin = origin_of(page.url)
        popups: list[Page] = []
        on_popup = popups.append
        page.on("popup", on_popup)
        try:
            self.reconnect_button.click()
            remaining = wait_ms
            while not popups and origin_of(page.url) == aep_origin and remaining > 0:
                try:
                    page.wait_for_event("popup", timeout=250)
                except PlaywrightTimeout:
                    remaining -= 250
                except Error:
                    break  # the page navigated away: the redirect variant
        finally:
            page.remove_listener("popup", on_popup)
        if popups:
            popups[0].wait_for_load_state("domcontentloaded")
            return OAuthWindow(popups[0], is_popup=True)
        if origin_of(page.url) != aep_origin:
            return OAuthWindow(page, is_popup=False)
        raise TimeoutError("Reconnect OAuth opened neither a popup nor Pinterest's page")

    def save(self) -> None:
        self.dialog.get_by_role("button", name=exactly(*self.labels.save)).click()
        expect(self.dialog, "the dialog closed after Save").to_be_hidden()

    def cancel(self) -> None:
        self.dialog.get_by_role("button", name=exactly(*self.labels.cancel)).click()
        expect(self.dialog, "the dialog closed").to_be_hidden()
