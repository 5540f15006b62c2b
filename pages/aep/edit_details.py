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
from pages.labels import pattern
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
# After consent, how long the app may take to say something about the reconnect (it may
# say nothing at all: the Accounts row tells the outcome).
SETTLE_MS = 2_000


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
    """The modal Edit details opened: the dialog holding the documented Save (and, for an
    OAuth account, Reconnect OAuth), whatever its title."""

    def __init__(self, root: Root, labels: AepLabels) -> None:
        self.root = root
        self.labels = labels
        documented = root.get_by_role("button", name=pattern(*labels.reconnect_oauth)).or_(
            root.get_by_role("button", name=pattern(*labels.save))
        )
        self.dialog = root.get_by_role("dialog").filter(has=documented).first
        expect(self.dialog, "the Edit details dialog").to_be_visible()
        title = self.dialog.get_attribute("aria-label") or _title(self.dialog)
        if not pattern(*labels.edit_details_dialog).search(title):
            labels.note("edit_details_dialog", title, "the dialog Edit details opened")

    @property
    def reconnect_button(self) -> Locator:
        return self.dialog.get_by_role("button", name=pattern(*self.labels.reconnect_oauth))

    def connection(self) -> Connection:
        """The account's connection as the dialog shows it ("" for what it does not)."""
        lab = self.labels
        found = properties.read(
            self.dialog,
            {
                "destination": lab.rail_destination,
                "username": lab.col_username,
                "authorized": lab.connection_authorized,
                "expires": lab.connection_expires,
            },
        )
        return Connection(**{key: value or "" for key, value in found.items()})

    def messages(self) -> list[str]:
        return Toasts(self.root, self.labels).messages()

    def said_after(self, before: list[str], timeout_ms: float = SETTLE_MS) -> str:
        """What the UI says after a reconnect, if it says anything within `timeout_ms`: a
        new message (a toast, an alert or status line, in the dialog or not); "" if none.

        Whether and where the app shows the result is undocumented; the result itself is
        read from the Accounts row afterwards, this is only its words (for a failure's
        reason)."""
        toasts = Toasts(self.root, self.labels)
        new = toasts.items.filter(has_not_text=_one_of(before)) if before else toasts.items
        try:
            expect(new.first, "a message after Reconnect OAuth").to_be_visible(timeout=timeout_ms)
        except AssertionError:
            return ""
        return toasts.reason(before)

    def is_error(self, text: str) -> bool:
        return Toasts(self.root, self.labels).is_error(text)

    def is_open(self) -> bool:
        return self.dialog.is_visible()

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

        # Toasts outlive in-app navigation: only an error newer than the click counts.
        toasts = Toasts(self.root, self.labels)
        before = toasts.messages()

        def refused() -> str:
            said = [text for text in toasts.since(before) if toasts.is_error(text)]
            return said[-1] if said else ""

        context.on("page", on_page)
        context.on("request", on_request)
        try:
            self.reconnect_button.click()
            deadline = time.monotonic() + timeout_ms / 1000
            while not left:
                if off_the_app():
                    raise ReconnectRefused(_page_message(page), left_app=True)
                if reason := refused():
                    for window in opened:
                        if not window.is_closed():
                            window.close()
                    raise ReconnectRefused(reason)
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
        return OAuthWindow(window, is_popup=window is not page)

    @property
    def description_field(self) -> Locator:
        return self.dialog.get_by_label(pattern(*self.labels.description_field))

    def set_description(self, text: str) -> None:
        self.description_field.fill(text)

    def save(self) -> None:
        self.dialog.get_by_role("button", name=pattern(*self.labels.save)).click()
        expect(self.dialog, "the dialog closed after Save").to_be_hidden()

    def cancel(self) -> None:
        self.dialog.get_by_role("button", name=pattern(*self.labels.cancel)).first.click()
        expect(self.dialog, "the dialog closed").to_be_hidden()


def _one_of(texts: list[str]) -> re.Pattern[str]:
    return re.compile("^(?:" + "|".join(re.escape(t) for t in texts) + r")$" if texts else r"(?!)")


def _title(dialog: Locator) -> str:
    """A dialog's title: its heading's text (when it is not named by aria-label)."""
    heading = dialog.get_by_role("heading")
    return heading.first.inner_text().strip() if heading.count() else ""


def _page_message(page: Page) -> str:
    """What a page of Platform's own says (its status or alert line, else its title)."""
    said = page.get_by_role("status").or_(page.get_by_role("alert"))
    with contextlib.suppress(PlaywrightTimeout):
        said.first.wait_for(timeout=5_000)
    lines = [text.strip() for text in said.all_inner_texts() if text.strip()]
    return " ".join(lines) or page.title()
