"""One run's life, whatever its kind, written once.

`Run.begin` prepares the run from the request (its plan, or the earlier run's evidence:
anything wrong is a usage error), takes the evidence folder's lock, and only then makes
the run's folder (which `latest` then points at). `start` makes the run's session with
its final settings, opens its browser session and AEP (an expired sign-in, or a plan made
for another org, stops it there). `item` carries out one item; `finish` journals the end
and writes the reports; `close` scrubs the run's text evidence (journal, plan, reports,
JUnit XML, ARIA snapshots; each trace was scrubbed as it was kept), makes the evidence
private in live mode, and lets go of the lock. The pytest plugin (flows/conftest.py) and
`drive` (in this process) both go through these, in this order.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser

from flows.evidence.earlier import NoSuchRun, RunEvidence, load_run
from flows.evidence.folder import (
    PRIVATE_UMASK,
    REPORT_JSON,
    RunFolder,
    RunLocked,
    lock_down,
    run_lock,
)
from flows.evidence.scrub import scrub_folder
from flows.harness import Harness
from flows.parallel import ContextPool, OpenBrowser
from flows.planfile import NoPlan, PlanRefused, load_plan
from flows.progress import Say, quiet
from flows.runs.keepalive import KeepAlive
from flows.runs.later import VerifyLater, verification_folder
from flows.runs.migration import Apply, DryRun, Migration, apply_items
from flows.runs.probe import Probe
from flows.runs.rollback import Rollback, rollback_items
from flows.runs.session import (
    EXIT_NEEDS_A_PERSON,
    EXIT_OK,
    EXIT_SIGNED_OUT,
    EXIT_USAGE,
    Item,
    Request,
    RunSession,
    Said,
    Stop,
    Usage,
)
from flows.settings import Settings
from pages.aep.labels import AepLabels
from pages.aep.shell import SignedOut
from pages.pinterest.labels import PinterestLabels
from pages.pinterest.login import UntrustedLoginOrigin

Labels = tuple[AepLabels, PinterestLabels]
MakeSession = Callable[[Settings, RunFolder], RunSession]


@dataclass(frozen=True)
class Prepared:
    """What a run knows before any browser opens: its items, how to make its folder, and
    how to make its session once the settings are final."""

    items: list[Item]
    folder: Callable[[Path], RunFolder]
    make: MakeSession


def prepare(request: Request, settings: Settings) -> Prepared:
    """The run the request asks for; Usage (one line) when it cannot be carried out."""
    kind = request.kind
    if kind in ("verify", "rollback"):
        return _prepare_later(request, settings)
    if kind == "apply":
        path = request.plan_file or settings.evidence_dir / "latest" / "plan.json"
        try:
            plan = load_plan(path, settings)
            items = apply_items(plan, request.only)
        except NoPlan as exc:  # also a plan that cannot be carried out (PlanRefused)
            raise Usage(str(exc)) from None
        return Prepared(
            items,
            lambda evidence: RunFolder.create(evidence, "apply"),
            lambda s, f: Apply(s, f, request, plan=plan),
        )
    simple: dict[str, tuple[str, str, Callable[..., RunSession]]] = {
        "dry_run": ("plan", "dry", DryRun),
        "reauth": ("reauth_only", "reauth-apply" if request.apply else "reauth-dry", KeepAlive),
        "probe": ("probe", "probe", Probe),
    }
    test, name, cls = simple[kind]
    return Prepared(
        [Item(test)],
        lambda evidence: RunFolder.create(evidence, name),
        lambda s, f: cls(s, f, request),
    )


def _prepare_later(request: Request, settings: Settings) -> Prepared:
    """`--verify RUN_ID` and `--rollback RUN_ID`: that run's evidence."""
    try:
        evidence: RunEvidence = load_run(settings.evidence_dir, request.run_id)
    except NoSuchRun as exc:
        raise Usage(str(exc)) from None
    if request.kind == "verify":
        return Prepared(
            [Item("verify_pair", p.key) for p in evidence.pairs],
            lambda _: verification_folder(evidence),
            lambda s, f: VerifyLater(s, f, request, evidence=evidence),
        )
    if unknown := sorted(set(request.only) - {p.plan.name for p in evidence.pairs}):
        known = ", ".join(repr(p.plan.name) for p in evidence.pairs) or "none"
        raise Usage(
            f"--only {', '.join(map(repr, unknown))}: that run switched no pair of that name; "
            f"it switched: {known}"
        )
    return Prepared(
        rollback_items(evidence, request.only),
        lambda evidence_dir: RunFolder.create(evidence_dir, "rollback"),
        lambda s, f: Rollback(s, f, request, evidence=evidence),
    )


@dataclass
class Run:
    """A run from its lock to its scrubbed evidence (see the module's docstring)."""

    request: Request
    items: list[Item]
    folder: RunFolder
    make: MakeSession
    held: ExitStack
    live: bool
    session: RunSession | None = None
    said: list[Said] = field(default_factory=list)

    @classmethod
    def begin(cls, request: Request, settings: Settings) -> Run:
        prepared = prepare(request, settings)
        held = ExitStack()
        try:
            lock = held.enter_context(run_lock(settings.evidence_dir))
        except RunLocked as exc:
            held.close()
            raise Usage(str(exc)) from None
        folder = prepared.folder(settings.evidence_dir)
        lock.record(folder.run_id)
        live = settings.migration_target == "live"
        return cls(request, prepared.items, folder, prepared.make, held, live)

    def start(
        self,
        settings: Settings,
        browser: Browser,
        *,
        context_args: dict[str, Any] | None = None,
        open_browser: OpenBrowser | None = None,
        trace: bool = True,
        labels: Labels | None = None,
        say: Say = quiet,
    ) -> RunSession:
        session = self.make(settings, self.folder)
        session.say = say
        self.session = session
        contexts = settings.parallel_contexts
        if contexts > 1 and isinstance(session, Migration):
            if open_browser is None:
                raise ValueError(
                    f"PARALLEL_CONTEXTS={contexts}: no way to open the helpers' browsers"
                )
            session.use_pool(ContextPool(contexts, open_browser, context_args or {}, trace))
        harness = Harness(
            settings, browser, self.folder, session.journal,
            context_args=context_args or {}, trace=trace, labels=labels,
        )  # fmt: skip
        try:
            session.attach(harness)
        except SignedOut as exc:
            raise Stop(EXIT_SIGNED_OUT, f"{exc}: run `make login`, then run this again") from None
        except PlanRefused as exc:  # made for another org, user or sandbox
            raise Stop(EXIT_USAGE, str(exc)) from None
        return session

    def item(self, item: Item) -> Said:
        """One item; an expired sign-in or an untrusted login page stops the run."""
        if self.session is None:
            raise RuntimeError("the run has not started")
        try:
            said = self.session.item(item)
        except UntrustedLoginOrigin as error:
            raise Stop(
                EXIT_NEEDS_A_PERSON,
                f"STOPPED: {error}; nothing was typed there. Check where Pinterest's login page "
                "sent the browser before adding an origin to PINTEREST_LOGIN_ORIGINS",
            ) from None
        except SignedOut as error:
            raise Stop(
                EXIT_SIGNED_OUT,
                f"{error}: the saved AEP sign-in has expired; run `make login`, then run this "
                "again (what is done and what is left is in the report)",
            ) from None
        self.said.append(said)
        return said

    def finish(self, exit_status: int) -> None:
        """Journal the end and write the reports (before the person reads the summary)."""
        if self.session is not None:
            self.session.finish(exit_status)

    def summary_lines(self) -> list[str]:
        return self.session.summary_lines() if self.session is not None else []

    def close_browser(self) -> None:
        """The run's browser context closed (while Playwright still runs)."""
        if self.session is not None and self.session.harness is not None:
            self.session.harness.close()

    def close(self) -> None:
        """The browser session closed, the run's evidence scrubbed (and private in live
        mode), the lock let go."""
        try:
            session = self.session
            if session is None:
                return
            self.close_browser()
            harness = session.harness
            secrets = harness.secret_values() if harness else session.settings.secret_values()
            for folder in session.evidence_folders():
                scrub_folder(secrets, folder)
                if self.live:
                    lock_down(folder)
        finally:
            self.held.close()


@dataclass
class DrivenRun:
    exit_status: int
    folder: RunFolder
    report: dict[str, Any]

    @property
    def plan_file(self) -> Path:
        return self.folder.file("plan.json")


def drive(
    request: Request,
    settings: Settings,
    browser: Browser,
    *,
    context_args: dict[str, Any] | None = None,
    open_browser: OpenBrowser | None = None,
    trace: bool = True,
    labels: Labels | None = None,
    say: Say = quiet,
) -> DrivenRun:
    """`pytest flows ...` in this process, with a browser the caller owns: the same run,
    the same items in the same order, the same exit status (Usage raised for a request
    the command line would refuse)."""
    # As the command line: in live mode the evidence is readable by this user only.
    umask = os.umask(PRIVATE_UMASK) if settings.migration_target == "live" else None
    try:
        run = Run.begin(request, settings)
        status = EXIT_OK
        try:
            run.start(
                settings, browser, context_args=context_args, open_browser=open_browser,
                trace=trace, labels=labels, say=say,
            )  # fmt: skip
            said = [run.item(item) for item in run.items]
            status = EXIT_OK if all(s.passed for s in said) else EXIT_NEEDS_A_PERSON
        except Stop as stop:
            status = stop.status
        finally:
            run.finish(status)
            run.close()
    finally:
        if umask is not None:
            os.umask(umask)
    path = run.folder.file(REPORT_JSON)
    report = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    return DrivenRun(status, run.folder, report)
