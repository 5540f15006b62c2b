"""Pinterest's login page and the OAuth consent page that follows it.

Documented: a signed-out user "sees a login page", then "a page to approve access for your
app" (https://developers.pinterest.com/docs/getting-started/scopes/). Every name on them is
a guess, so each element is found by its guessed name first, else by structure: the login
form is the one holding a password input; the consent form is the one holding a button
that declines (pages/pinterest/consent.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from urllib.parse import urlsplit

from playwright.sync_api import Error, Locator, Page, expect

from pages.labels import pattern
from pages.pinterest.consent import SUBMITS, consent_sign, pick_button
from pages.pinterest.labels import PinterestLabels
from pages.secret import Secret

# A password input has no ARIA role (ARIA defines none for it), so only its type tells
# it: this CSS selector is the one way to find it without its label.
MASKED_INPUT = "input[type=password]"
# The login form: the password input's nearest ancestor that also holds a text or email
# input (a <form>, or whatever a script-driven page wraps them in).
_LOGIN_FORM = "xpath=ancestor::*[.//input[not(@type) or @type='text' or @type='email']][1]"
# How many pages `arrive` looks at while the window makes its way to Pinterest.
_LOOKS = 3
_ANY_TEXT = re.compile(r"\S")
# What the UI calls an input: its label, aria-label or placeholder.
_INPUT_NAME = """el => ((el.labels && el.labels[0] && el.labels[0].innerText)
  || el.getAttribute('aria-label') || el.placeholder || '').trim()"""


class UntrustedLoginOrigin(RuntimeError):
    """A page asked for Pinterest credentials on an origin outside PINTEREST_LOGIN_ORIGINS."""


class LoginRefused(RuntimeError):
    """Pinterest answered the login form with an error (unknown email, wrong password)."""


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def login_sign(page: Page, labels: PinterestLabels) -> Locator:
    """What shows a login page: the email field by its guessed name, or a password input."""
    email = page.get_by_role("textbox", name=pattern(*labels.email))
    return email.or_(page.locator(MASKED_INPUT)).filter(visible=True)


class PinterestLogin:
    """Pinterest's login form. Types credentials only on an allowed origin."""

    def __init__(self, page: Page, login_origins: Sequence[str], labels: PinterestLabels) -> None:
        self.page = page
        self.labels = labels
        self.login_origins = tuple(login_origins)
        expect(login_sign(page, labels).first, "a Pinterest login form").to_be_visible()

    @property
    def _form(self) -> Locator:
        return self.page.locator(MASKED_INPUT).filter(visible=True).first.locator(_LOGIN_FORM)

    @property
    def email_field(self) -> Locator:
        by_name = self.page.get_by_role("textbox", name=pattern(*self.labels.email))
        if by_name.filter(visible=True).count():
            return by_name.filter(visible=True).first
        # The login form's text or email input (a password input is no textbox).
        field = _one(self._form.get_by_role("textbox"), "a text or email input")
        self.labels.note("email", _input_name(field), "the login form's text input")
        return field

    @property
    def password_field(self) -> Locator:
        wanted = pattern(*self.labels.password)
        by_name = self.page.get_by_label(wanted).or_(self.page.get_by_placeholder(wanted))
        if by_name.filter(visible=True).count():
            return by_name.filter(visible=True).first
        field = self.page.locator(MASKED_INPUT).filter(visible=True).first
        self.labels.note("password", _input_name(field), "the form's password input")
        return field

    @property
    def submit_button(self) -> Locator:
        by_name = self.page.get_by_role("button", name=pattern(*self.labels.log_in))
        if by_name.filter(visible=True).count():
            return by_name.filter(visible=True).first
        # The first is the form's default button: what Enter would press.
        button = _one(self._form.locator(SUBMITS), "a submit button")
        name = (button.get_attribute("aria-label") or button.inner_text() or "").strip()
        self.labels.note("log_in", name, "the login form's submit button")
        return button

    @property
    def error(self) -> Locator:
        """The form's error: an alert, else a live region's text, else the text that an
        invalid input is described by."""
        # aria-live, aria-invalid and aria-describedby are states no role or name carries.
        said = self.page.get_by_role("alert").or_(
            self.page.locator("[aria-live]:not([aria-live=off])")
        )
        described = self.page.locator("[aria-invalid=true][aria-describedby]").evaluate_all(
            "els => els.flatMap(e => e.getAttribute('aria-describedby').split(/\\s+/))"
        )
        for ident in described:
            # An id is no user-facing name: aria-describedby points at one and nothing else.
            said = said.or_(self.page.locator(f"[id={_css_string(ident)}]"))
        return said.filter(visible=True, has_text=_ANY_TEXT)

    def log_in(self, email: str, password: Secret) -> None:
        """Fill and submit the form; raises UntrustedLoginOrigin (typing nothing) elsewhere,
        LoginRefused when Pinterest shows the form again with an error.

        The caller owns tracing: credentials must be typed in an untraced context.
        """
        email_field, password_field, submit = (
            self.email_field, self.password_field, self.submit_button
        )  # fmt: skip
        self._check_origin()
        email_field.fill(email)
        self._check_origin()  # again: the page may have moved since
        password_field.fill(password.reveal())
        # Success and failure both load a new page; only the failure has an error on it.
        with self.page.expect_navigation():
            submit.click()
        if login_sign(self.page, self.labels).count() and self.error.count():
            said = " ".join(t.strip() for t in self.error.all_inner_texts())
            raise LoginRefused(f"Pinterest refused the login: {said}")

    def _check_origin(self) -> None:
        origin = origin_of(self.page.url)
        if origin not in self.login_origins:
            raise UntrustedLoginOrigin(
                f"refusing to type Pinterest credentials on {origin}: it is not in "
                f"PINTEREST_LOGIN_ORIGINS ({', '.join(self.login_origins)})"
            )

    def expect_signed_in(self) -> None:
        """The form went away without an error: Pinterest accepted the login."""
        gone = "the login form gone after logging in"
        expect(login_sign(self.page, self.labels), gone).to_have_count(0)

    def expect_error(self, text: str) -> None:
        expect(self.error.filter(has_text=text).first, "the login form's error").to_be_visible()


def _one(found: Locator, what: str) -> Locator:
    """The first visible of `found`; LookupError (rather than a wait) when the form has none."""
    if not found.filter(visible=True).count():
        raise LookupError(f"the Pinterest login form has no {what} (by name or structure)")
    return found.filter(visible=True).first


def _input_name(field: Locator) -> str:
    name: str = field.evaluate(_INPUT_NAME)
    return name


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class PinterestConsent:
    """The OAuth consent page: an app asks for access; give access or cancel."""

    def __init__(self, page: Page, labels: PinterestLabels) -> None:
        self.page = page
        self.labels = labels
        expect(consent_sign(page, labels).first, "Pinterest's OAuth consent page").to_be_visible()

    @property
    def give_access_button(self) -> Locator:
        """By its guessed name, else the consent form's one button that does not decline
        (LookupError naming them when there are several)."""
        return pick_button(self.page, self.labels, decline=False)

    @property
    def cancel_button(self) -> Locator:
        return pick_button(self.page, self.labels, decline=True)

    @property
    def heading(self) -> Locator:
        return self.page.get_by_role("heading", level=1)

    def give_access(self) -> None:
        self._answer(self.give_access_button)

    def cancel(self) -> None:
        self._answer(self.cancel_button)

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


def _other_than(shown: str) -> Callable[[str], bool]:
    return lambda url: url != shown


def arrive(
    page: Page, login_origins: Sequence[str], labels: PinterestLabels
) -> PinterestLogin | PinterestConsent:
    """Whichever Pinterest OAuth screen `page` shows: login first, or consent when signed in.
    A login page is told by its email field or a password input, a consent page by its
    button giving access, else (on a PINTEREST_LOGIN_ORIGINS origin only) by a button that
    declines: the window is handed over as soon as it starts to leave the app, whose own
    pages have Cancel buttons too."""
    login = login_sign(page, labels)
    giving = page.get_by_role("button", name=pattern(*labels.give_access)).filter(visible=True)
    for _ in range(_LOOKS):
        shown = page.url
        expect(
            login.or_(consent_sign(page, labels)).first, "Pinterest's login or consent page"
        ).to_be_visible()
        if login.count():
            return PinterestLogin(page, login_origins, labels)
        if giving.count() or origin_of(page.url) in login_origins:
            return PinterestConsent(page, labels)
        # Only a declining button, off Pinterest: the app's page, still on its way there.
        page.wait_for_url(_other_than(shown), wait_until="commit")
    raise LookupError(
        f"no Pinterest login or consent page at {origin_of(page.url)}: a declining button "
        f"tells a consent page only on PINTEREST_LOGIN_ORIGINS ({', '.join(login_origins)})"
    )
