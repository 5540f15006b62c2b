"""The main job in the calling process: a dry run or an apply over flows.run.Migration,
with a browser the caller owns, and no pytest session of its own.

It calls what the items of `pytest flows` call (flows/test_migration.py), in their order:
plan; or reconnect each account, switch each pair, verify. PARALLEL_CONTEXTS > 1 reads
the flows, and switches the pairs, with that many contexts (flows/parallel.py), as the
CLI does. Tests use it where
no process is killed (a subprocess costs seconds of start-up per run); the CLI, its exit
statuses and the kills stay covered by subprocess runs (tests/flows/).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser

from flows.decide import Order
from flows.evidence.folder import PLAN, PRIVATE_UMASK, RunFolder, lock_down, locked_run_folder
from flows.evidence.report import write_reports
from flows.evidence.scrub import scrub_folder
from flows.harness import Harness
from flows.model import Plan
from flows.parallel import OpenBrowser
from flows.planfile import NoPlan, PlanRefused, load_plan
from flows.runs.migration import EXIT_SIGNED_OUT, PASSING, Migration
from flows.settings import Settings
from pages.aep.labels import AepLabels
from pages.aep.shell import SignedOut
from pages.pinterest.labels import PinterestLabels

# pytest's exit statuses, which `pytest flows` answers with.
EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 4


@dataclass
class DrivenRun:
    exit_status: int
    folder: RunFolder
    report: dict[str, Any]

    @property
    def plan_file(self) -> Path:
        return self.folder.file(PLAN)


def drive(
    settings: Settings,
    browser: Browser,
    *,
    apply: bool,
    plan_file: Path | None = None,
    order: Order = "safe",
    only: Sequence[str] = (),
    context_args: dict[str, Any] | None = None,
    trace: bool = True,
    activate_missing: bool = False,
    open_browser: OpenBrowser | None = None,
    labels: tuple[AepLabels, PinterestLabels] | None = None,
) -> DrivenRun:
    """`pytest flows [--apply --plan FILE --order O --only NAME... --activate-missing]`,
    in this process. `open_browser`: how the helper threads of PARALLEL_CONTEXTS > 1 get
    their browsers (each thread needs its own Playwright); required for those. `labels`:
    instead of the built-in ones and LABELS_FILE's (tests)."""
    plan = None
    if apply:
        plan = load_plan(plan_file or settings.evidence_dir / "latest" / PLAN, settings)
    live = settings.migration_target == "live"
    # As the CLI: in live mode the evidence is readable by this user only.
    umask = os.umask(PRIVATE_UMASK) if live else None
    try:
        return _drive(
            settings, browser, apply=apply, plan=plan, order=order, only=only,
            context_args=context_args, trace=trace, activate_missing=activate_missing,
            open_browser=open_browser, labels=labels,
        )  # fmt: skip
    finally:
        if umask is not None:
            os.umask(umask)


def _drive(
    settings: Settings,
    browser: Browser,
    *,
    apply: bool,
    plan: Plan | None,
    order: Order,
    only: Sequence[str],
    context_args: dict[str, Any] | None,
    trace: bool,
    activate_missing: bool,
    open_browser: OpenBrowser | None,
    labels: tuple[AepLabels, PinterestLabels] | None,
) -> DrivenRun:
    with locked_run_folder(settings.evidence_dir, "apply" if apply else "dry") as folder:
        migration = Migration(
            settings, folder, apply, order=order, only=list(only), plan=plan,
            activate_missing=activate_missing,
        )  # fmt: skip
        migration.use_parallel_contexts(open_browser, context_args or {}, trace=trace)
        harness = Harness(
            settings,
            browser,
            folder,
            migration.journal,
            context_args=context_args or {},
            trace=trace,
            labels=labels,
        )
        try:
            migration.attach(harness)
            passed = _steps(migration)
            status = EXIT_OK if passed else EXIT_FAILED
        except SignedOut:
            status = EXIT_SIGNED_OUT
        except PlanRefused:  # made for another org, user or sandbox
            status = EXIT_USAGE
        finally:
            harness.close()
        migration.finish(status)
        report = write_reports(folder)
        scrub_folder(harness.secret_values(), folder.path)
        if settings.migration_target == "live":
            lock_down(folder.path)
    return DrivenRun(status, folder, report)


def _steps(migration: Migration) -> bool:
    """The items of `pytest flows` in order; False if any would fail."""
    if not migration.apply:
        plan = migration.make_plan()
        outcomes = [p.action for p in plan.pairs]
        return all(o in PASSING for o in outcomes) and not plan.unpaired
    applying = migration.plan
    if applying is None:
        raise NoPlan("no plan to carry out")
    for key in migration.accounts_to_reconnect:
        migration.account(key)
    for pair in migration.pairs:
        migration.pair(pair.key)
    missing = [a for a in migration.verify() if a["status"] == "missing"]
    # After verification, which fails a pair whose read-back is not old off / new on.
    outcomes = [r.outcome for r in migration.account_results.values()]
    outcomes += [r.outcome for r in migration.pair_results.values()]
    unpaired = applying.unpaired and not migration.only  # `--only` names no unpaired flow
    return all(o in PASSING for o in outcomes) and not unpaired and not missing
