"""The Experience Cloud Unified Shell: sign-in detection, the Platform app's root, sandboxes,
the signed-in user.

The Platform app may run inside one of the shell's `<iframe>`s or top-level; this class is
the one place that knows which, and hands every other page object its root. Which iframe
it is, and how the shell words its sandbox switcher and shows the user, are undocumented:
each is found by role and structure (the guessed labels are only preferences).
"""

from __future__ import annotations

import contextlib
import re
import time

from playwright.sync_api import FrameLocator, Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from pages.aep.labels import AepLabels
from pages.aep.workspace import DestinationsWorkspace
from pages.base import Root
from pages.labels import contains, pattern

# How long the shell and the app inside it may take to show (a real org is slow).
ARRIVAL_TIMEOUT_MS = 20_000
# Choosing a sandbox reloads the screen within this time, or switches it in place.
REFRESH_TIMEOUT_MS = 10_000
# While waiting, how long to look at one candidate frame before looking at the next.
_POLL_MS = 250
# Banner controls that are not the signed-in user (for an avatar found by its name).
_NOT_A_USER = re.compile(
    r"sandbox|organi[sz]ation|help|notification|search|apps?\b|settings|sign\s*out|"
    r"feedback|menu|profile|account|user",
    re.IGNORECASE,
)
# How a sign-out control reads when not as guessed.
_SIGN_OUT = re.compile(r"^\s*(?:sign|log)\s*-?\s*(?:out|off)\s*$", re.IGNORECASE)
_EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]+")


class SignedOut(RuntimeError):
    """AEP shows its sign-in page: the saved sign-in is missing or has expired."""


def _password_field(root: Root) -> Locator:
    # A password input has no ARIA role: its type is the only handle.
    return root.locator("input[type=password]")


class AepShell:
    """The shell page around the Platform app. On arrival: the app, or SignedOut."""

    def __init__(self, page: Page, labels: AepLabels) -> None:
        self.page = page
        self.labels = labels
        self.app: Root = self._find_app()
        self._raise_if_signed_out(self.app)

    @classmethod
    def shows_sign_in(cls, page: Page, labels: AepLabels) -> bool:
        """Whether the page shows AEP's sign-in now (top-level or in a frame): a step that
        failed may have failed because the sign-in ended under it. No waiting."""
        shell = cls.__new__(cls)
        shell.page, shell.labels = page, labels
        frames = page.locator("iframe")
        roots: list[Root] = [page, *(frames.nth(i).content_frame for i in range(frames.count()))]
        return any(shell._sign_in(root).first.is_visible() for root in roots)

    @classmethod
    def open(cls, page: Page, url: str, labels: AepLabels) -> AepShell:
        page.goto(url)
        return cls(page, labels)

    # --- where the app is -----------------------------------------------------------------
    def _app_marker(self, root: Root) -> Locator:
        """What only the Platform app shows: its documented left navigation's Destinations."""
        names = pattern(*self.labels.destinations)
        return root.get_by_role("link", name=names).or_(root.get_by_role("heading", name=names))

    def _sign_in(self, root: Root) -> Locator:
        heading = root.get_by_role("heading", name=pattern(*self.labels.sign_in_heading))
        return heading.or_(_password_field(root))

    def _find_app(self) -> Root:
        """The page itself when the app runs top-level (or the page asks to sign in), else
        the shell's iframe whose document holds the app, whatever its title."""
        page = self.page
        frames = page.locator("iframe")
        top = self._app_marker(page).or_(self._sign_in(page))
        expect(
            top.or_(frames.filter(visible=True)).first, "the Platform app or a sign-in page"
        ).to_be_visible(timeout=ARRIVAL_TIMEOUT_MS)
        deadline = time.monotonic() + ARRIVAL_TIMEOUT_MS / 1000
        guess = pattern(*self.labels.app_frame_title)
        while True:
            if top.first.is_visible():
                return page
            # The frame titled as guessed first, then the others in document order.
            titles: list[str] = frames.evaluate_all("els => els.map(el => el.title || '')")
            order = sorted(range(len(titles)), key=lambda i: not guess.search(titles[i]))
            for i in order:
                inside = frames.nth(i).content_frame
                try:
                    expect(self._app_marker(inside).or_(self._sign_in(inside)).first).to_be_visible(
                        timeout=_POLL_MS
                    )
                except AssertionError:
                    continue
                if not guess.search(titles[i]):
                    self.labels.note(
                        "app_frame_title", titles[i], "the shell's iframe holding the app", "shell"
                    )
                return inside
            if not titles:  # no frame (any more): the app may yet show top-level
                with contextlib.suppress(AssertionError):
                    expect(top.first).to_be_visible(timeout=_POLL_MS)
            if time.monotonic() > deadline:
                raise AssertionError(
                    f"the Platform app shows neither top-level nor in any of the shell's "
                    f"{len(titles)} iframe(s) at {page.url}"
                )

    @property
    def in_iframe(self) -> bool:
        return isinstance(self.app, FrameLocator)

    def _raise_if_signed_out(self, root: Root) -> None:
        if self._sign_in(root).first.is_visible():
            raise SignedOut(f"AEP shows its sign-in page at {self.page.url}")

    # --- sandboxes (in the shell's banner, outside the app's frame) -----------------------
    @property
    def _banner(self) -> Locator | Page:
        banner = self.page.get_by_role("banner")
        return banner.first if banner.count() else self.page

    @property
    def sandbox_switcher(self) -> Locator:
        """The banner's button that says "sandbox" or names the current sandbox, in any
        order and case; else the banner's button that opens a list box."""
        banner = self._banner
        named = banner.get_by_role("button", name=contains(*self.labels.sandbox_switcher))
        if named.count():
            return named.first
        words = ["Sandbox", *([name] if (name := self._url_sandbox()) else [])]
        found = banner.get_by_role("button", name=contains(*words))
        if not found.count():
            # No user-facing handle says "sandbox": the one banner button with a listbox.
            found = banner.locator("[aria-haspopup=listbox]")
        self.labels.note(
            "sandbox_switcher", _name_of(found.first), "the banner's sandbox button", "shell"
        )
        return found.first

    def _url_sandbox(self) -> str:
        match = re.search(r"/sname:([^/?#]+)", self.page.url)
        return match.group(1) if match else ""

    def sandbox(self) -> str:
        """The current sandbox as the switcher shows it: its title, best read (the lines of
        the switcher's text less its kicker)."""
        text = self.sandbox_switcher.inner_text()
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        kicker = pattern(*self.labels.sandbox_switcher, "Sandbox", "Current sandbox")
        shown = [line for line in lines if not kicker.search(line)]
        return shown[0] if shown else text.strip()

    def sandbox_name(self) -> str:
        """The current sandbox's name, from the shell's URL (`.../sname:<name>/...`), which
        is documented; else its title as the switcher shows it."""
        return self._url_sandbox() or self.sandbox()

    def _names_sandbox(self, sandbox: str) -> bool:
        if sandbox.casefold() == self._url_sandbox().casefold():
            return True
        return bool(contains(sandbox).search(_name_of(self.sandbox_switcher)))

    def switch_sandbox(self, sandbox: str) -> AepShell:
        """Go to a sandbox given by its title or its name: picked from the switcher's list
        (an option named by either, the technical name in parentheses or not), else by the
        URL's documented `sname:` segment. "The screen refreshes" (documented)."""
        if self._names_sandbox(sandbox):
            return self
        before = self._url_sandbox()
        self.sandbox_switcher.click()
        choices = self.page.get_by_role("listbox").or_(self.page.get_by_role("menu")).first
        expect(choices, "the list of sandboxes").to_be_visible()
        option = _sandbox_option(choices, sandbox)
        if option is not None:
            try:
                with self.page.expect_event("load", timeout=REFRESH_TIMEOUT_MS):
                    option.click()
            except PlaywrightTimeout:
                pass  # switched in place, without a reload: the arrival below waits for it
            shell = AepShell(self.page, self.labels)
            if shell._names_sandbox(sandbox) or shell._url_sandbox() not in ("", before):
                return shell
            raise LookupError(f"chose the sandbox {sandbox!r}; the shell shows {shell.sandbox()}")
        titles = choices.get_by_role("option").all_inner_texts()
        self.page.keyboard.press("Escape")
        url, found = re.subn(r"/sname:[^/?#]+", f"/sname:{sandbox}", self.page.url, count=1)
        if not found:
            raise LookupError(f"no sandbox {sandbox!r} among {titles}")
        shell = AepShell.open(self.page, url, self.labels)
        if shell.sandbox_name() != sandbox:
            raise LookupError(f"no sandbox named {sandbox!r}; the shell opened {shell.sandbox()}")
        return shell

    # --- the signed-in user ---------------------------------------------------------------
    def user(self) -> str:
        """Who is signed in, as the shell shows it (for the journal): the name before its
        sign-out control, an avatar's name, or what the profile menu shows; "" if none."""
        banner = self._banner
        if isinstance(banner, Page):
            return ""
        lines = [line.strip() for line in banner.inner_text().splitlines() if line.strip()]
        said = pattern(*self.labels.sign_out)
        sign_out = [i for i, line in enumerate(lines) if said.search(line)]
        if not sign_out:  # the sign-out control worded otherwise than guessed
            sign_out = [i for i, line in enumerate(lines) if _SIGN_OUT.search(line)]
        if sign_out and sign_out[0] > 0 and not _NOT_A_USER.search(lines[sign_out[0] - 1]):
            return lines[sign_out[0] - 1]
        return self._avatar(banner) or self._profile_menu(banner)

    def _avatar(self, banner: Locator) -> str:
        """A banner control named by a person (an avatar's name or title)."""
        names: list[str] = banner.locator("[title], [aria-label]").evaluate_all(
            "els => els.map(el => el.getAttribute('aria-label') || el.getAttribute('title'))"
        )
        people = [n.strip() for n in names if n and not _NOT_A_USER.search(n)]
        people = [n for n in people if _EMAIL.search(n) or len(n.split()) >= 2]
        return people[0] if people else ""

    def _profile_menu(self, banner: Locator) -> str:
        """The name (else the email) in the popover of the banner's profile button."""
        trigger = banner.get_by_role("button", name=pattern(*self.labels.profile_menu))
        if not trigger.count():
            trigger = banner.get_by_role(
                "button", name=re.compile(r"profile|account|user", re.IGNORECASE)
            )
            if not trigger.count():
                return ""
            self.labels.note("profile_menu", _name_of(trigger.first), "a profile-like button")
        trigger.first.click()
        popover = self.page.get_by_role("menu").or_(self.page.get_by_role("dialog"))
        try:
            expect(popover.first, "the profile menu").to_be_visible()
            lines = [line.strip() for line in popover.first.inner_text().splitlines()]
        except AssertionError:
            return ""
        finally:
            self.page.keyboard.press("Escape")
        said = pattern(*self.labels.sign_out)
        lines = [t for t in lines if t and not (said.search(t) or _SIGN_OUT.search(t))]
        emails = [i for i, line in enumerate(lines) if _EMAIL.fullmatch(line)]
        if emails:
            return lines[emails[0] - 1] if emails[0] > 0 else lines[emails[0]]
        return lines[0] if lines else ""

    # --- into the app ---------------------------------------------------------------------
    def go_to_destinations(self) -> DestinationsWorkspace:
        """Left navigation > Destinations (or Connections > Destinations)."""
        link = self.app.get_by_role("link", name=pattern(*self.labels.destinations))
        if not link.first.is_visible():
            section = self.app.get_by_role("button", name=pattern(*self.labels.connections))
            if section.count():
                section.first.click()
        link.first.click()
        return DestinationsWorkspace(self.app, self.labels)


def _sandbox_option(choices: Locator, sandbox: str) -> Locator | None:
    """The one option for `sandbox` (a title or a name): named exactly so, else naming it
    in parentheses ("Prod (prod)"), else starting with it ("Prod · Production")."""
    wanted = re.escape(" ".join(sandbox.split()))
    for rule in (
        rf"^\s*{wanted}\s*$",
        rf"\(\s*{wanted}\s*\)",
        rf"^\s*{wanted}(?=[\s(—–·,:-])",
    ):
        names = re.compile(rule, re.IGNORECASE)
        found = (
            choices.get_by_role("option", name=names)
            .or_(choices.get_by_role("menuitemradio", name=names))
            .or_(choices.get_by_role("menuitem", name=names))
        )
        if found.count() == 1:
            return found
    return None


def _name_of(element: Locator) -> str:
    """An element's accessible name as far as markup tells it (label, title, text)."""
    if not element.count():
        return ""
    name: str = element.evaluate(
        """el => (el.getAttribute('aria-label') || el.getAttribute('title') ||
                  el.innerText || el.textContent || '').replace(/\\s+/g, ' ').trim()"""
    )
    return name
