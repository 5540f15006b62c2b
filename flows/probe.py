"""`pytest flows --probe`: every screen of the procedure, read-only, through the page objects.

Each check is a page object's own arrival check or read (so it uses exactly the
locators and labels a run uses, and handles the same UI variants). A check that does
not resolve is reported with the locator it was waiting for, and the screen's ARIA
snapshot is saved to the evidence folder, so a user sees at once what differs on their
UI. A screen that cannot be reached leaves the screens behind it unvisited (reported).
Nothing is changed: dialogs are cancelled, no switch is touched, no OAuth is started.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import partial
from typing import Any

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

from flows.evidence import Journal, RunFolder
from flows.harness import Harness, OnHarness, slug
from flows.plan import read_flow
from flows.settings import Settings
from pages.aep.accounts import AccountsTab
from pages.aep.browse import BrowseTab
from pages.aep.shell import AepShell, SignedOut
from pages.base import Root, page_of
from pages.pinterest.ads_manager import AudiencesPage
from pages.pinterest.login import PinterestLogin
from pages.snapshot import aria_snapshot

PROBE_JSON = "probe.json"
ARIA = "aria"
CHECK_TIMEOUT_MS = 5_000


class Unreachable(RuntimeError):
    """A screen the probe could not reach: the screens behind it stay unvisited."""


@dataclass
class Check:
    screen: str
    name: str
    ok: bool
    detail: str = ""
    # The screen's ARIA snapshot (relative to the run folder) when the check failed.
    snapshot: str = ""


def locator_of(error: BaseException) -> str:
    """The locator a failed wait was for, from Playwright's message, else its first line."""
    text = str(error)
    waiting = re.findall(r"waiting for (.+)", text)
    locator = re.findall(r"Locator: (.+)", text)
    first = text.strip().splitlines()[0] if text.strip() else type(error).__name__
    # re.escape'd labels read better without their escaped spaces.
    found = (waiting or locator or [""])[0].strip().replace("\\ ", " ")
    return f"{first} [{found}]" if found and found not in first else first


@dataclass
class Probe(OnHarness):
    kind_of_run = "probe"
    settings: Settings
    run: RunFolder
    journal: Journal = field(init=False)
    harness: Harness | None = None
    checks: list[Check] = field(default_factory=list)
    unvisited: list[str] = field(default_factory=list)
    # The Ad Account IDs the dataflows seen name: whose Audiences pages to probe.
    ad_accounts: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.journal = Journal(
            self.run.file("journal.jsonl"), run_id=self.run.run_id, plan_id=self.run.run_id
        )
        self.journal.write("run_started", kind="probe")

    # --- checks --------------------------------------------------------------------------
    def check(self, screen: str, name: str, root: Root, read: Callable[[], Any]) -> Any:
        """Run one page-object check; record it, with an ARIA snapshot if it fails."""
        try:
            value = read()
        except SignedOut:
            raise
        except (AssertionError, PlaywrightError, LookupError, ValueError, RuntimeError) as error:
            self.checks.append(
                Check(screen, name, False, locator_of(error), self._snapshot(screen, root))
            )
            return None
        self.checks.append(Check(screen, name, True))
        return value

    def reach(self, screen: str, name: str, root: Root, read: Callable[[], Any]) -> Any:
        """A check the rest of the procedure depends on: Unreachable when it fails."""
        value = self.check(screen, name, root, read)
        if not self.checks[-1].ok:
            raise Unreachable(screen)
        return value

    def _snapshot(self, screen: str, root: Root) -> str:
        relative = f"{ARIA}/{slug(screen)}.aria.yml"
        path = self.run.file(relative)
        if path.exists():
            return relative
        path.parent.mkdir(exist_ok=True)
        try:
            text = aria_snapshot(root, CHECK_TIMEOUT_MS)
        except PlaywrightError as error:
            text = f"# no ARIA snapshot: {str(error).splitlines()[0]}\n"
        path.write_text(f"# {screen} at {page_of(root).url}\n{text}\n", encoding="utf-8")
        return relative

    @contextmanager
    def screens(self, *names: str) -> Iterator[None]:
        """Screens visited in order; those not reached are listed as unvisited."""
        try:
            yield
        except Unreachable as stop:
            after = names[names.index(str(stop)) + 1 :] if str(stop) in names else names
            self.unvisited += [f"{n} (after {stop} failed)" for n in after]

    # --- the procedure's screens ---------------------------------------------------------
    def probe(self) -> list[Check]:
        s = self.settings
        sandboxes = list(s.aep_sandboxes) or [""]
        for index, sandbox in enumerate(sandboxes):
            with self.h.step(f"Probe {sandbox or 'the sandbox AEP_URL opens'}"):
                self._probe_sandbox(sandbox, full=index == 0)
        if s.pinterest_login_origins:
            with self.h.step("Probe Pinterest login"):
                self._probe_pinterest_login()
            self._probe_ads_manager()
        self.journal.write(
            "probe", checks=[asdict(c) for c in self.checks], unvisited=self.unvisited
        )
        self.run.write_json(PROBE_JSON, self.to_json())
        return self.checks

    def _probe_sandbox(self, sandbox: str, *, full: bool) -> None:
        h, s = self.h, self.settings
        page = h.page
        cards = (s.old_destination, s.new_destination)
        shell_screen = f"{sandbox or 'AEP'}: Unified Shell"
        screens = [
            shell_screen,
            "Destinations workspace",
            "Accounts",
            "Edit details",
            "Browse",
            "Dataflow page",
        ]
        with self.screens(*screens):
            shell: AepShell = self.reach(shell_screen, "the Platform app", page, h.open_aep)
            if sandbox:
                shell = self.reach(
                    shell_screen,
                    f"sandbox switcher to {sandbox!r}",
                    page,
                    lambda: shell.switch_sandbox(sandbox),
                )
            if not full:
                self.reach(shell_screen, "Destinations", shell.app, shell.go_to_destinations)
                return
            workspace = self.reach(
                "Destinations workspace",
                "left navigation > Destinations, tabs",
                shell.app,
                shell.go_to_destinations,
            )
            accounts: AccountsTab = self.reach(
                "Accounts", "Accounts tab and its table", shell.app, workspace.open_accounts
            )
            self.reach(
                "Accounts",
                "Destination platform filter (both cards)",
                shell.app,
                lambda: accounts.filter_by_destination(*cards),
            )
            rows = self.reach("Accounts", "columns of the accounts", shell.app, accounts.accounts)
            new_accounts = [a for a in rows if a.destination == s.new_destination]
            if new_accounts:
                self._probe_edit_details(shell, accounts, new_accounts[0])
            else:
                self.unvisited.append(f"Edit details (no {s.new_destination} account)")
            browse: BrowseTab = self.reach(
                "Browse", "Browse tab and its table", shell.app, workspace.open_browse
            )
            self.reach(
                "Browse",
                "Destination platform filter (both cards)",
                shell.app,
                lambda: browse.filter_by_destination(*cards),
            )
            flows = self.reach("Browse", "columns of the dataflows", shell.app, browse.dataflows)
            for card in cards:
                flow = next((f for f in flows if f.destination == card), None)
                if flow is None:
                    self.unvisited.append(f"Dataflow page (no dataflow on {card})")
                    continue
                browse = self._probe_dataflow(shell, browse, flow, cards)

    def _probe_edit_details(self, shell: AepShell, accounts: AccountsTab, row: Any) -> None:
        screen = "Edit details"
        dialog = self.reach(
            screen, "row menu > Edit details", shell.app, lambda: accounts.open_edit_details(row)
        )
        self.check(
            screen,
            "Reconnect OAuth button",
            shell.app,
            lambda: dialog.reconnect_button.wait_for(timeout=CHECK_TIMEOUT_MS),
        )
        self.check(screen, "connection: username, expiry", shell.app, dialog.connection)
        self.check(
            screen,
            "Description field",
            shell.app,
            lambda: dialog.description_field.wait_for(timeout=CHECK_TIMEOUT_MS),
        )
        self.reach(screen, "Cancel (nothing saved)", shell.app, dialog.cancel)

    def _probe_dataflow(
        self, shell: AepShell, browse: BrowseTab, flow: Any, cards: tuple[str, str]
    ) -> BrowseTab:
        screen = "Dataflow page"
        today: date = self.h.server_now.date()
        page = self.reach(
            screen,
            f"open {flow.destination} dataflow by its name",
            shell.app,
            lambda: browse.open_dataflow(flow),
        )
        state = self.check(
            screen,
            "Enabled switch, rail, Ad Account ID, Activation data",
            shell.app,
            lambda: read_flow(page, today),
        )
        if state is not None and state.ad_account_id not in ("", *self.ad_accounts):
            self.ad_accounts.append(state.ad_account_id)
        back: BrowseTab = self.reach(
            screen, "breadcrumb back to Browse", shell.app, page.back_to_browse
        )
        self.reach(
            "Browse",
            "filter again after the breadcrumb",
            shell.app,
            lambda: back.filter_by_destination(*cards),
        )
        return back

    def _probe_pinterest_login(self) -> None:
        """Pinterest's login form; nothing is typed."""
        s, page = self.settings, self.h.page
        screen = "Pinterest login"
        with self.screens(screen):
            self.reach(
                screen,
                "open the login page",
                page,
                lambda: page.goto(f"{s.pinterest_login_origins[0]}/login/"),
            )
            form = self.reach(
                screen,
                "Email field",
                page,
                lambda: PinterestLogin(page, s.pinterest_login_origins, self.h.pinterest_labels),
            )
            self.check(
                screen,
                "Password field",
                page,
                lambda: form.password_field.wait_for(timeout=CHECK_TIMEOUT_MS),
            )

    def _probe_ads_manager(self) -> None:
        """Ads Manager's Audiences page of each ad account the flows seen name (or
        PINTEREST_AD_ACCOUNT_ID's), signed in with the default Pinterest login."""
        s, h = self.settings, self.h
        page: Page = h.page
        screen = "Pinterest Ads Manager"
        if not (s.pinterest_email or s.pinterest_storage_state):
            self.unvisited.append(f"{screen} (no default Pinterest login configured)")
            return
        with self.screens(screen):
            # Between step traces: no credential is traced.
            self.reach(screen, "Pinterest sign-in (untraced)", page, h.ensure_pinterest_session)
            ad_accounts = [s.pinterest_ad_account_id] if s.pinterest_ad_account_id else []
            with h.step(f"Probe {screen}"):
                for ad_account in ad_accounts or self.ad_accounts:
                    audiences = self.reach(
                        screen,
                        f"Audiences page of {ad_account}",
                        page,
                        partial(
                            AudiencesPage.open,
                            page,
                            s.pinterest_ads_url,
                            ad_account,
                            h.pinterest_labels,
                        ),
                    )
                    self.check(screen, "audience table columns", page, audiences.audiences)

    # --- results -------------------------------------------------------------------------
    @property
    def failed(self) -> list[Check]:
        return [c for c in self.checks if not c.ok]

    def to_json(self) -> dict[str, Any]:
        return {
            "run_id": self.run.run_id,
            "aep_user": self.journal.aep_user,
            "checks": [asdict(c) for c in self.checks],
            "failed": len(self.failed),
            "unvisited": self.unvisited,
        }

    def lines(self) -> list[str]:
        """The summary a person reads: every failed check with its locator and snapshot."""
        out = [
            f"{'unresolved':>12}  {c.screen}: {c.name}: {c.detail}  (ARIA snapshot: "
            f"{self.run.file(c.snapshot)})"
            for c in self.failed
        ]
        out += [f"{'not visited':>12}  {u}" for u in self.unvisited]
        resolved = len(self.checks) - len(self.failed)
        out.append(f"probe: {resolved} of {len(self.checks)} checks resolved")
        return out
