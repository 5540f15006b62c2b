"""The Experience Cloud Unified Shell: sign-in detection, the Platform app's root, sandboxes.

The Platform app may run inside the shell's `<iframe>` or top-level; this class is the
one place that knows which, and hands every other page object its root.
"""

from __future__ import annotations

import re

from playwright.sync_api import FrameLocator, Locator, Page, expect

from pages.aep.labels import AepLabels
from pages.aep.workspace import DestinationsWorkspace
from pages.base import Root
from pages.labels import exactly


class SignedOut(RuntimeError):
    """AEP shows its sign-in page: the saved sign-in is missing or has expired."""


class AepShell:
    """The shell page around the Platform app. On arrival: the app, or SignedOut."""

    def __init__(self, page: Page, labels: AepLabels) -> None:
        self.page = page
        self.labels = labels
        frame = self._frame_element
        top_nav = self._nav_link(page)
        expect(
            frame.or_(top_nav).or_(self._sign_in(page)).first,
            "the Platform app or a sign-in page",
        ).to_be_visible()
        # A sign-in page is a page of its own, without the app's frame.
        self.app: Root = frame.content_frame if frame.count() else page
        if self.in_iframe:
            # The shell may be signed in while the frame's own request was sent to sign in.
            in_app = self._nav_link(self.app).or_(self._sign_in(self.app)).first
            expect(in_app, "the Platform app or a sign-in page in the frame").to_be_visible()
        self._raise_if_signed_out(self.app)

    def _sign_in(self, root: Root) -> Locator:
        return root.get_by_role("heading", name=exactly(*self.labels.sign_in_heading))

    def _raise_if_signed_out(self, root: Root) -> None:
        if self._sign_in(root).first.is_visible():
            raise SignedOut(f"AEP shows its sign-in page at {self.page.url}")

    @classmethod
    def open(cls, page: Page, url: str, labels: AepLabels) -> AepShell:
        page.goto(url)
        return cls(page, labels)

    @property
    def _frame_element(self) -> Locator:
        # An iframe has no role; its title is how assistive technology names it.
        return self.page.get_by_title(exactly(*self.labels.app_frame_title))

    def _nav_link(self, root: Root) -> Locator:
        return root.get_by_role("link", name=exactly(*self.labels.destinations))

    @property
    def in_iframe(self) -> bool:
        return isinstance(self.app, FrameLocator)

    # Sandboxes live in the shell's top bar, outside the app's frame.
    @property
    def sandbox_switcher(self) -> Locator:
        names = "|".join(re.escape(t) for t in self.labels.sandbox_switcher)
        return self.page.get_by_role("button", name=re.compile(rf"^\s*(?:{names})\b"))

    def sandbox(self) -> str:
        """The current sandbox's title as the switcher shows it."""
        text = self.sandbox_switcher.inner_text()
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        # The kicker ("Sandbox") may be styled in capitals: inner text follows the CSS.
        kickers = {k.casefold() for k in self.labels.sandbox_switcher}
        return next(line for line in lines if line.casefold() not in kickers)

    def sandbox_name(self) -> str:
        """The current sandbox's name, from the shell's URL (`.../sname:<name>/...`), which
        is documented; else its title as the switcher shows it."""
        match = re.search(r"/sname:([^/?#]+)", self.page.url)
        return match.group(1) if match else self.sandbox()

    def switch_sandbox(self, sandbox: str) -> AepShell:
        """Go to a sandbox given by its title (picked from the switcher's listbox) or by
        its name (the URL's documented `sname:` segment, when no option has that title).
        The screen refreshes."""
        if sandbox in (self.sandbox(), self.sandbox_name()):
            return self
        self.sandbox_switcher.click()
        listbox = self.page.get_by_role("listbox")
        expect(listbox, "the list of sandboxes").to_be_visible()
        # An option's name may carry the sandbox's type and region after its title.
        exact = listbox.get_by_role("option", name=sandbox, exact=True)
        titled = listbox.get_by_role(
            "option", name=re.compile(rf"^\s*{re.escape(sandbox)}(?:\s|$)")
        )
        option = exact if exact.count() else titled
        if option.count():
            option.first.click()
            expect(self.sandbox_switcher, f"the sandbox {sandbox}").to_contain_text(sandbox)
            return AepShell(self.page, self.labels)
        titles = listbox.get_by_role("option").all_inner_texts()
        self.page.keyboard.press("Escape")
        url, found = re.subn(r"/sname:[^/?#]+", f"/sname:{sandbox}", self.page.url, count=1)
        if not found:
            raise LookupError(f"no sandbox {sandbox!r} among {titles}")
        shell = AepShell.open(self.page, url, self.labels)
        if shell.sandbox_name() != sandbox:
            raise LookupError(f"no sandbox named {sandbox!r}; the shell opened {shell.sandbox()}")
        return shell

    def user(self) -> str:
        """Who is signed in, as the top bar shows it (for the journal); "" if it does not."""
        bar = self.page.get_by_role("banner")
        if not bar.count():
            return ""
        lines = [line.strip() for line in bar.first.inner_text().splitlines() if line.strip()]
        # The shell shows the user's name just before its sign-out control.
        words = {text.casefold() for text in self.labels.sign_out}
        sign_out = [i for i, line in enumerate(lines) if line.casefold() in words]
        return lines[sign_out[0] - 1] if sign_out and sign_out[0] > 0 else ""

    def go_to_destinations(self) -> DestinationsWorkspace:
        """Left navigation > Destinations (or Connections > Destinations)."""
        link = self._nav_link(self.app)
        if not link.is_visible():
            section = self.app.get_by_role("button", name=exactly(*self.labels.connections))
            if section.count():
                section.first.click()
        link.first.click()
        return DestinationsWorkspace(self.app, self.labels)
