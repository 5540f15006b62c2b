"""`pytest flows --probe`: every screen of the procedure, read-only, through the page objects.

Each check is a page object's own arrival check or read, so it uses exactly what a run
uses (the labels, and the discovery by role and structure where a guess does not match).
The probe goes on after a failure wherever it still can: a failed sandbox switch still
probes the sandbox on screen, a screen whose check failed still gets its other checks,
and the screens after it that can be reached are visited. It reports, in one pass:

- every check that did not resolve, with what it found nearby (the elements of the role
  it looked for, with their names) and the labels-file entry that would make it resolve;
- every guess that did not match and was found by structure instead (a difference from
  the labels, harmless, but worth a labels-file entry);
- every read that found nothing (an empty username, expiry, user or Ad Account ID):
  reported as empty, never as resolved.

`--write-labels FILE` writes the labels file it proposes (guessed labels only, each with
what was found) for a person to review and name in LABELS_FILE. Nothing is changed:
dialogs are cancelled, no toggle is touched, no OAuth is started.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Locator

from flows.evidence.journal import Journal
from flows.harness import slug
from flows.runs.session import Item, RunSession, Said
from flows.steps.navigate import read_flow
from pages.aep.accounts import AccountRow, AccountsTab
from pages.aep.browse import BrowseTab, DataflowRow
from pages.aep.shell import AepShell, SignedOut
from pages.aep.workspace import DestinationsWorkspace
from pages.base import Root, page_of
from pages.label_sets import LABEL_SETS
from pages.labels import pattern
from pages.pinterest.ad_accounts import AdAccountsPage
from pages.pinterest.ads_manager import AudiencesPage
from pages.pinterest.login import PinterestLogin
from pages.snapshot import aria_snapshot, names_of_role

PROBE_JSON = "probe.json"
ARIA = "aria"
CHECK_TIMEOUT_MS = 5_000
# What a check may fail with (the run goes on): the page did not show what was expected.
CHECK_ERRORS = (AssertionError, PlaywrightError, LookupError, ValueError, RuntimeError)
T = TypeVar("T")


@dataclass(frozen=True)
class Where:
    """Where a check looks, to say what it found there when it does not resolve: the
    elements of `role` in `scope`, and the label (of `site`) that names what it wants."""

    scope: Root | Locator
    role: str
    label: str = ""
    site: str = "aep"
    # The screen whose ARIA snapshot to keep (else the scope's, or the page's).
    root: Root | None = None


@dataclass
class Check:
    screen: str
    name: str
    status: str  # resolved | empty | unresolved
    detail: str = ""
    # When it did not resolve: the screen's ARIA snapshot and screenshot (relative to
    # the run folder), the elements of the role it looked for, and the entry to add.
    snapshot: str = ""
    screenshot: str = ""
    nearby: list[str] = field(default_factory=list)
    proposal: dict[str, dict[str, list[str]]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status != "unresolved"


def locator_of(error: BaseException) -> str:
    """The locator a failed wait was for, from Playwright's message, else its first line."""
    text = str(error)
    waiting = re.findall(r"waiting for (.+)", text)
    locator = re.findall(r"Locator: (.+)", text)
    first = text.strip().splitlines()[0] if text.strip() else type(error).__name__
    # re.escape'd labels read better without their escaped spaces.
    found = (waiting or locator or [""])[0].strip().replace("\\ ", " ")
    return f"{first} [{found}]" if found and found not in first else first


def known_texts(site: str) -> re.Pattern[str]:
    """Every text of every built-in label of `site`: what a UI's element is already
    called when the labels know it."""
    cls = LABEL_SETS[site]
    labels = cls()
    return pattern(*(t for name in cls.label_names() for t in getattr(labels, name)))


@dataclass
class Probe(RunSession):
    """`pytest flows --probe [--write-labels FILE]`: one item, every screen's checks."""

    kind_of_run = "probe"
    checks: list[Check] = field(default_factory=list)
    unvisited: list[str] = field(default_factory=list)
    # The Ad Account IDs the dataflows seen name: whose Audiences pages to probe.
    ad_accounts: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.journal = Journal(
            self.folder.file("journal.jsonl"), run_id=self.folder.run_id, plan_id=self.folder.run_id
        )
        self.journal.write("run_started", kind="probe")

    def item(self, item: Item) -> Said:
        self.probe()
        return Said("probe", "", "\n".join(self.lines()), passed=not self.failed)

    def finish(self, exit_status: int) -> None:
        self.journal.write("run_finished", exit_status=exit_status)
        if self.request.write_labels is not None and self.harness is not None:
            self.write_labels(self.request.write_labels)

    def summary_lines(self) -> list[str]:
        lines = [*self.lines(), f"probe: {self.folder.file(PROBE_JSON)}"]
        target = self.request.write_labels
        if self.harness is None:
            return lines
        if target is not None:
            lines.append(
                f"labels file written: {target} (review it, then set LABELS_FILE={target})"
            )
        elif self.proposal():
            lines.append(
                "to write the labels file it proposes: pytest flows --probe --write-labels FILE"
            )
        return lines

    # --- checks --------------------------------------------------------------------------
    def check(
        self,
        screen: str,
        name: str,
        read: Callable[[], T],
        where: Where,
        *,
        empty: Callable[[T], bool] = lambda _: False,
    ) -> T | None:
        """Run one page-object check and record it; None when it did not resolve."""
        try:
            value = read()
        except SignedOut:
            raise
        except CHECK_ERRORS as error:
            self.checks.append(self._unresolved(screen, name, locator_of(error), where))
            return None
        if empty(value):
            self.checks.append(Check(screen, name, "empty", "nothing shown"))
        else:
            self.checks.append(Check(screen, name, "resolved"))
        return value

    def _unresolved(self, screen: str, name: str, detail: str, where: Where) -> Check:
        check = Check(screen, name, "unresolved", detail)
        root = where.root or (where.scope if not isinstance(where.scope, Locator) else None)
        check.snapshot, check.screenshot = self._evidence(screen, root or self.h.page)
        try:
            check.nearby = names_of_role(where.scope, where.role)
        except PlaywrightError:
            check.nearby = []
        known = known_texts(where.site)
        unknown = [n for n in check.nearby if n and not known.search(n)]
        if where.label and len(unknown) == 1:
            check.proposal = {where.site: {where.label: unknown}}
        return check

    def _evidence(self, screen: str, root: Root) -> tuple[str, str]:
        """The screen's ARIA snapshot and screenshot, once per screen."""
        base = f"{ARIA}/{slug(screen)}"
        snapshot, shot = f"{base}.aria.yml", f"{base}.png"
        if self.folder.file(snapshot).exists():
            return snapshot, shot
        self.folder.file(ARIA).mkdir(exist_ok=True)
        try:
            text = aria_snapshot(root, CHECK_TIMEOUT_MS)
        except PlaywrightError as error:
            text = f"# no ARIA snapshot: {str(error).splitlines()[0]}\n"
        page = page_of(root)
        self.folder.file(snapshot).write_text(f"# {screen} at {page.url}\n{text}\n", "utf-8")
        try:
            page.screenshot(path=self.folder.file(shot))
        except PlaywrightError:
            shot = ""
        return snapshot, shot

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
            "probe",
            checks=[asdict(c) for c in self.checks],
            unvisited=self.unvisited,
            discovered=[f.to_json() for f in self.h.aep_labels.findings.all()],
        )
        self.folder.write_json(PROBE_JSON, self.to_json())
        return self.checks

    def _probe_sandbox(self, sandbox: str, *, full: bool) -> None:
        h, page = self.h, self.h.page
        screen = f"{sandbox or 'AEP'}: Unified Shell"
        shell = self.check(
            screen, "the Platform app", h.open_aep, Where(page, "link", "destinations")
        )
        if shell is None:
            self.unvisited.append(f"every AEP screen of {sandbox or 'the sandbox'} (no app)")
            return
        if sandbox:
            switched = self.check(
                screen,
                f"sandbox switcher to {sandbox!r}",
                partial(shell.switch_sandbox, sandbox),
                Where(page.get_by_role("banner"), "button", "sandbox_switcher"),
            )
            # A failed switch still probes the sandbox on screen.
            shell = switched or shell
        if full:
            self.check(
                screen, "the signed-in user", shell.user, Where(page, "button"), empty=_blank
            )
        workspace = self.check(
            "Destinations workspace",
            "left navigation > Destinations, tabs",
            shell.go_to_destinations,
            Where(shell.app, "link", "destinations"),
        )
        if workspace is None:
            self.unvisited.append("Accounts, Edit details, Browse, Dataflow page (no workspace)")
            return
        if not full:
            return
        self._probe_accounts(shell, workspace)
        self._probe_browse(shell, workspace)

    def _probe_accounts(self, shell: AepShell, workspace: DestinationsWorkspace) -> None:
        s, app = self.settings, shell.app
        cards = (s.old_destination, s.new_destination)
        accounts: AccountsTab | None = self.check(
            "Accounts", "Accounts tab and its table", workspace.open_accounts, Where(app, "tab")
        )
        if accounts is None:
            self.unvisited.append("Edit details (no Accounts list)")
            return
        self.check(
            "Accounts",
            "Destination platform filter (both cards)",
            lambda: accounts.filter_by_destination(*cards),
            Where(app, "checkbox"),
        )
        rows = self.check(
            "Accounts", "columns of the accounts", accounts.accounts, Where(app, "columnheader")
        )
        new_accounts = [a for a in rows or [] if a.destination == s.new_destination]
        if not new_accounts:
            self.unvisited.append(f"Edit details (no {s.new_destination} account)")
            return
        account = new_accounts[0]
        for what, value in (
            ("username", account.username),
            ("expiration date", account.expires_on),
        ):
            self.check(
                "Accounts", f"{what} of {account.name}", _value(value), Where(app, "row"),
                empty=_blank,
            )  # fmt: skip
        self._probe_edit_details(shell, accounts, account)

    def _probe_edit_details(self, shell: AepShell, accounts: AccountsTab, row: AccountRow) -> None:
        screen, app = "Edit details", shell.app
        dialog = self.check(
            screen,
            "row menu > Edit details",
            lambda: accounts.open_edit_details(row),
            Where(app, "menuitem", "edit_details"),
        )
        if dialog is None:
            return
        self.check(
            screen,
            "Reconnect OAuth button",
            lambda: dialog.reconnect_button.wait_for(timeout=CHECK_TIMEOUT_MS),
            Where(dialog.dialog, "button", "reconnect_oauth", root=app),
        )
        self.check(
            screen,
            "Description field",
            lambda: dialog.description_field.wait_for(timeout=CHECK_TIMEOUT_MS),
            Where(dialog.dialog, "textbox", "description_field", root=app),
        )
        self.check(
            screen,
            "Cancel (nothing saved)",
            dialog.cancel,
            Where(dialog.dialog, "button", "cancel", root=app),
        )

    def _probe_browse(self, shell: AepShell, workspace: DestinationsWorkspace) -> None:
        s, app = self.settings, shell.app
        cards = (s.old_destination, s.new_destination)
        browse: BrowseTab | None = self.check(
            "Browse", "Browse tab and its table", workspace.open_browse, Where(app, "tab")
        )
        if browse is None:
            self.unvisited.append("Dataflow page (no Browse list)")
            return
        self.check(
            "Browse",
            "Destination platform filter (both cards)",
            partial(browse.filter_by_destination, *cards),
            Where(app, "checkbox"),
        )
        flows = (
            self.check(
                "Browse", "columns of the dataflows", browse.dataflows, Where(app, "columnheader")
            )
            or []
        )
        for card in cards:
            flow = next((f for f in flows if f.destination == card), None)
            if flow is None:
                self.unvisited.append(f"Dataflow page (no dataflow on {card})")
                continue
            back = self._probe_dataflow(shell, browse, flow, last=card == cards[-1])
            if back is None:
                self.unvisited.append("the other card's dataflow page (no way back to Browse)")
                return
            browse = back

    def _probe_dataflow(
        self, shell: AepShell, browse: BrowseTab, flow: DataflowRow, *, last: bool
    ) -> BrowseTab | None:
        screen, app = "Dataflow page", shell.app
        what = f"{flow.name} on {flow.destination}"
        today = self.h.server_now.date()
        page = self.check(
            screen,
            f"open {what} by its name",
            lambda: browse.open_dataflow(flow),
            Where(app, "link"),
        )
        if page is None:
            return None
        state = self.check(
            screen,
            f"{what}: Enabled toggle, rail, Activation data",
            lambda: read_flow(page, today),
            Where(app, "switch", "enabled_switch"),
        )
        if state is not None:
            self.check(
                screen, f"{what}: Ad Account ID", lambda: state.ad_account_id, Where(app, "term"),
                empty=_blank,
            )  # fmt: skip
            if state.ad_account_id and state.ad_account_id not in self.ad_accounts:
                self.ad_accounts.append(state.ad_account_id)
        if last:
            wizard = self.check(
                "Activation steps",
                f"{what}: Activate audiences opens the activation steps",
                page.start_activate_audiences,
                Where(app, "heading", "activation_wizard"),
            )
            if wizard is not None:
                self.check(
                    "Activation steps", "Cancel (nothing activated)", wizard.cancel,
                    Where(app, "button", "cancel"),
                )  # fmt: skip
        back: BrowseTab | None = self.check(
            screen, "back to Browse", page.back_to_browse, Where(app, "link", "tab_browse")
        )
        if back is not None and not last:
            cards = (self.settings.old_destination, self.settings.new_destination)
            self.check(
                "Browse",
                "filter again after coming back",
                lambda: back.filter_by_destination(*cards),
                Where(app, "checkbox"),
            )
        return back

    def _probe_pinterest_login(self) -> None:
        """Pinterest's login form; nothing is typed."""
        s, page = self.settings, self.h.page
        screen = "Pinterest login"
        opened = self.check(
            screen,
            "open the login page",
            partial(_done, partial(page.goto, f"{s.pinterest_login_origins[0]}/login/")),
            Where(page, "textbox", site="pinterest"),
        )
        if opened is None:
            return
        form = self.check(
            screen,
            "Email field",
            lambda: PinterestLogin(page, s.pinterest_login_origins, self.h.pinterest_labels),
            Where(page, "textbox", "email", "pinterest"),
        )
        if form is not None:
            self.check(
                screen,
                "Password field",
                lambda: form.password_field.wait_for(timeout=CHECK_TIMEOUT_MS),
                Where(page, "textbox", "password", "pinterest"),
            )

    def _probe_ads_manager(self) -> None:
        """Ads Manager's Audiences page of each ad account the flows seen name (or
        PINTEREST_AD_ACCOUNT_ID's), signed in with the default Pinterest login."""
        s, h = self.settings, self.h
        page = h.page
        screen = "Pinterest Ads Manager"
        if not (s.pinterest_email or s.pinterest_storage_state):
            self.unvisited.append(f"{screen} (no default Pinterest login configured)")
            return
        # Between step traces: no credential is traced.
        signed_in = self.check(
            screen,
            "Pinterest sign-in (untraced)",
            partial(_done, h.ensure_pinterest_session),
            Where(page, "button", site="pinterest"),
        )
        if signed_in is None:
            self.unvisited.append(f"{screen} (not signed in to Pinterest)")
            return
        ad_accounts = [s.pinterest_ad_account_id] if s.pinterest_ad_account_id else []
        with h.step(f"Probe {screen}"):
            if not (ad_accounts or self.ad_accounts):
                # No flow shows its ad account: those the signed-in user sees.
                seen = self.check(
                    screen,
                    "the ad accounts the signed-in user sees",
                    lambda: AdAccountsPage.open(page, s.pinterest_ads_url).ad_accounts(),
                    Where(page, "link", site="pinterest"),
                    empty=_blank,
                )
                ad_accounts = [account.id for account in seen or []][:1]
            for ad_account in ad_accounts or self.ad_accounts:
                audiences = self.check(
                    screen,
                    f"Audiences page of {ad_account}",
                    partial(
                        AudiencesPage.open,
                        page,
                        s.pinterest_ads_url,
                        ad_account,
                        h.pinterest_labels,
                    ),
                    Where(page, "heading", "audiences_heading", "pinterest"),
                )
                if audiences is not None:
                    self.check(
                        screen, "audience table columns", audiences.audiences,
                        Where(page, "columnheader", "col_name", "pinterest"),
                    )  # fmt: skip

    # --- results -------------------------------------------------------------------------
    @property
    def failed(self) -> list[Check]:
        return [c for c in self.checks if not c.ok]

    def proposal(self) -> dict[str, dict[str, Any]]:
        """The labels file the probe proposes: the guessed labels that did not match, each
        with what the UI calls the thing and how it was found (a `_<label>` note)."""
        proposed: dict[str, dict[str, Any]] = {}

        def add(site: str, label: str, names: list[str], how: str) -> None:
            if not LABEL_SETS[site].is_guessed(label):
                return
            entry = proposed.setdefault(site, {})
            known = entry.setdefault(label, [])
            known += [n for n in names if n not in known]
            entry[f"_{label}"] = how

        for finding in self.h.aep_labels.findings.all():
            if finding.found.strip():
                add(finding.site, finding.label, [finding.found], f"found as {finding.how}")
        for check in self.failed:
            for site, labels in check.proposal.items():
                for label, names in labels.items():
                    add(site, label, names, f"unresolved: {check.screen}: {check.name}")
        return proposed

    def write_labels(self, path: Path) -> Path:
        path.write_text(json.dumps(self.proposal(), indent=2, ensure_ascii=False) + "\n", "utf-8")
        return path

    def to_json(self) -> dict[str, Any]:
        return {
            "run_id": self.folder.run_id,
            "aep_user": self.journal.aep_user,
            "checks": [asdict(c) for c in self.checks],
            "failed": len(self.failed),
            "empty": [f"{c.screen}: {c.name}" for c in self.checks if c.status == "empty"],
            "unvisited": self.unvisited,
            "discovered": [f.to_json() for f in self.h.aep_labels.findings.all()],
            "proposal": self.proposal(),
        }

    def lines(self) -> list[str]:
        """The summary a person reads: what did not resolve (and what would make it), what
        was found by structure instead of a guess, what was empty, what was not visited."""
        out: list[str] = []
        for c in self.failed:
            out.append(f"{'unresolved':>12}  {c.screen}: {c.name}: {c.detail}")
            if c.nearby:
                found = ", ".join(json.dumps(n) for n in c.nearby[:12])
                out.append(f"{'':>12}  found nearby: {found}")
            for site, labels in c.proposal.items():
                for label, names in labels.items():
                    note = "" if LABEL_SETS[site].is_guessed(label) else " (a documented label: "
                    note += "check the UI has renamed it)" if note else ""
                    entry = json.dumps({site: {label: names}}, ensure_ascii=False)
                    out.append(f"{'':>12}  labels file entry: {entry}{note}")
            out.append(
                f"{'':>12}  ARIA snapshot: {self.folder.file(c.snapshot)}"
                + (f", screenshot: {self.folder.file(c.screenshot)}" if c.screenshot else "")
            )
        for f in self.h.aep_labels.findings.all():
            shown = f"the UI names it {json.dumps(f.found)}" if f.found else "it has no name"
            out.append(f"{'discovered':>12}  {f.site}.{f.label}: {shown} (found as {f.how})")
        out += [
            f"{'empty':>12}  {c.screen}: {c.name}: {c.detail}"
            for c in self.checks
            if c.status == "empty"
        ]
        out += [f"{'not visited':>12}  {u}" for u in self.unvisited]
        resolved = sum(c.status == "resolved" for c in self.checks)
        empty = sum(c.status == "empty" for c in self.checks)
        out.append(
            f"probe: {resolved} of {len(self.checks)} checks resolved, {empty} empty, "
            f"{len(self.failed)} unresolved; {len(self.h.aep_labels.findings)} guesses found "
            "by structure"
        )
        return out


def _done(action: Callable[[], object]) -> bool:
    """True once `action` ran (for a check whose action returns nothing)."""
    action()
    return True


def _value(value: T) -> Callable[[], T]:
    return lambda: value


def _blank(value: object) -> bool:
    return not str(value or "").strip()
