"""Pinterest's login page and the OAuth consent page that follows it."""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

from playwright.sync_api import Error, Locator, Page, expect

from pages.labels import exactly
from pages.pinterest.labels import PinterestLabels
from pages.secret import Secret


class UntrustedLoginOrigin(RuntimeError):
    """A page asked for Pinterest credentials on an origin outside PINTEREST_LOGIN_ORIGINS."""


class LoginRefused(RuntimeError):
    """Pinterest answered the login form with an error (unknown email, wrong password)."""


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class PinterestLogin:
    """Pinterest's login form. Types credentials only on an allowed origin."""

    def __init__(self, page: Page, login_origins: Sequence[str], labels: PinterestLabels) -> None:
        self.page = page
        self.labels = labels
        self.login_origins = tuple(login_origins)
        expect(self.email_field, "a Pinterest login form").to_be_visible()

    @property
    def email_field(self) -> Locator:
        return self.page.get_by_label(exactly(*self.labels.email))

    @property
    def password_field(self) -> Locator:
        return self.page.get_by_label(exactly(*self.labels.password))

    @property
    def error(self) -> Locator:
        return self.page.get_by_role("alert")

    def log_in(self, email: str, password: Secret) -> None:
        """Fill and submit the form; raises UntrustedLoginOrigin (typing nothing) elsewhere,
        LoginRefused when Pinterest shows the form again with an error.

        The caller owns tracing: credentials must be typed in an untraced context.
        """
        self._check_origin()
        self.email_field.fill(email)
        self._check_origin()  # again: the page may have moved since
        self.password_field.fill(password.reveal())
        # Success and failure both load a new page; only the failure has an error on it.
        with self.page.expect_navigation():
            self.page.get_by_role("button", name=exactly(*self.labels.log_in)).click()
        if self.email_field.is_visible() and self.error.count():
            raise LoginRefused(f"Pinterest refused the login: {self.error.first.inner_text()}")

    def _check_origin(self) -> None:
        origin = origin_of(self.page.url)
        if origin not in self.login_origins:
            raise UntrustedLoginOrigin(
                f"refusing to type Pinterest credentials on {origin}: it is not in "
                f"PINTEREST_LOGIN_ORIGINS ({', '.join(self.login_origins)})"
            )

    def expect_signed_in(self) -> None:
        """The form went away without an error: Pinterest accepted the login."""
        expect(self.email_field, "the login form gone after logging in").to_be_hidden()

    def expect_error(self, text: str) -> None:
        expect(self.error, "the login form's error").to_contain_text(text)


class PinterestConsent:
    """The OAuth consent page: an app asks for access; Give access or Cancel."""

    def __init__(self, page: Page, labels: PinterestLabels) -> None:
        self.page = page
        self.labels = labels
        expect(self.give_access_button, "Pinterest's OAuth consent page").to_be_visible()

    @property
    def give_access_button(self) -> Locator:
        return self.page.get_by_role("button", name=exactly(*self.labels.give_access))

    @property
    def heading(self) -> Locator:
        return self.page.get_by_role("heading", level=1)

    def give_access(self) -> None:
        self._answer(self.give_access_button)

    def cancel(self) -> None:
        self._answer(self.page.get_by_role("button", name=exactly(*self.labels.cancel)))

    def _answer(self, button: Locator) -> None:
        """Click and wait until the answer reached the app: the page leaves Pinterest
        (a redirected tab) or closes (a popup, once the app has read the answer)."""
        pinterest = origin_of(self.page.url)
        button.click()
        try:
            self.page.wait_for_url(lambda url: origin_of(url) != pinterest, wait_until="commit")
        except Error:
            if not self.page.is_closed():
                raise

    def expect_app(self, app_name: str) -> None:
        expect(self.heading, "the app asking for access").to_contain_text(app_name)


def arrive(
    page: Page, login_origins: Sequence[str], labels: PinterestLabels
) -> PinterestLogin | PinterestConsent:
    """Whichever Pinterest OAuth screen `page` shows: login first, or consent when signed in."""
    login = page.get_by_label(exactly(*labels.email))
    consent = page.get_by_role("button", name=exactly(*labels.give_access))
    expect(login.or_(consent), "Pinterest's login or consent page").to_be_visible()
    if consent.is_visible():
        return PinterestConsent(page, labels)
    return PinterestLogin(page, login_origins, labels)
