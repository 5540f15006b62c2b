"""The main job's pytest glue: `pytest flows` plans (dry run), `--apply` carries out a plan.

Items come from the plan: one per account to reconnect, one per pair (id
`sandbox/connection name`), one for verification, in that order. `--verify RUN_ID` and
`--rollback RUN_ID` take their items from that run's evidence instead (one per switched
pair) and deselect the migration's. Parallelism lives inside the run, so pytest-xdist,
random ordering and reruns are refused.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import AbstractContextManager, ExitStack
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

import pytest
from playwright.sync_api import Browser

from flows.decide import RECONNECT_WITHIN_DAYS
from flows.evidence.folder import (
    JUNIT,
    PRIVATE_UMASK,
    RunFolder,
    RunLocked,
    lock_down,
    locked_run_folder,
    run_lock,
)
from flows.evidence.report import write_reports
from flows.evidence.scrub import scrub_folder
from flows.harness import Harness, OnHarness
from flows.parallel import OpenBrowser, browser_opener
from flows.planfile import NoPlan, PlanRefused, load_plan, select
from flows.runs.later import NoSuchRun, VerifyLater, load_run
from flows.runs.migration import EXIT_SIGNED_OUT, Migration
from flows.runs.probe import Probe
from flows.runs.rollback import Rollback
from flows.settings import Settings, SettingsError, load_settings
from mocks import scenarios
from mocks.client import MockSites
from mocks.server import serve
from pages.aep.shell import SignedOut
from pages.pinterest.login import UntrustedLoginOrigin
from pages.secret import Secret

ROOT = Path(__file__).resolve().parent.parent
MIGRATION_KEY = pytest.StashKey[Migration]()
LOCK_KEY = pytest.StashKey[ExitStack]()
# Exit status when a person must look (as for a blocked pair).
EXIT_NEEDS_A_PERSON = 1
LATER_KEY = pytest.StashKey[VerifyLater]()
ROLLBACK_KEY = pytest.StashKey[Rollback]()
PROBE_KEY = pytest.StashKey[Probe]()
# MIGRATION_TARGET=live: the evidence is made private (flows/evidence/folder.py lock_down).
LIVE_KEY = pytest.StashKey[bool]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("migration", "Pinterest migration (the main job)")
    group.addoption(
        "--apply", action="store_true", help="carry out the plan (default: a dry run that plans)"
    )
    group.addoption(
        "--plan",
        metavar="FILE",
        help="the plan to carry out (default: EVIDENCE_DIR/latest/plan.json)",
    )
    group.addoption(
        "--order",
        choices=("safe", "documented"),
        default="safe",
        help="safe: new on, then old off (default); documented: the notice's order",
    )
    group.addoption(
        "--only",
        action="append",
        default=[],
        metavar="NAME",
        help="only the pairs with this connection name (repeatable)",
    )
    group.addoption(
        "--activate-missing",
        action="store_true",
        help="with --apply: add the audiences a blocked pair's new flow lacks (the regular "
        "activation steps, keeping the old flow's dates and mapping), then switch it",
    )
    group.addoption(
        "--reauth-only",
        action="store_true",
        help="keep-alive: reconnect OAuth on the new card's accounts expiring soon; "
        "no plan, no dataflow touched (a dry run unless --apply)",
    )
    group.addoption(
        "--within-days",
        type=int,
        default=RECONNECT_WITHIN_DAYS,
        metavar="N",
        help=f"with --reauth-only: reconnect tokens expiring within N days "
        f"(default {RECONNECT_WITHIN_DAYS}) or expired",
    )
    group.addoption(
        "--verify",
        metavar="RUN_ID",
        help="check that apply run's switched pairs again (flows and Pinterest audiences)",
    )
    group.addoption(
        "--rollback",
        metavar="RUN_ID",
        help="put that apply run's switched pairs back to first-seen (dry run unless --apply)",
    )
    group.addoption(
        "--probe",
        action="store_true",
        help="read-only: visit every screen of the procedure and check that every locator "
        "the page objects rely on resolves (ARIA snapshots of the screens that differ)",
    )
    group.addoption(
        "--write-labels",
        metavar="FILE",
        help="with --probe: write the labels file it proposes (the guesses that did not "
        "match, with what the UI shows instead) for you to review and name in LABELS_FILE",
    )


def _refuse_parallel_and_shuffling(config: pytest.Config) -> None:
    why = (
        "the main job runs pairs in order, once, in one process (its parallelism is inside the run)"
    )
    if getattr(config.option, "numprocesses", None) or getattr(config.option, "dist", "no") != "no":
        raise pytest.UsageError(f"pytest-xdist (-n) is refused: {why}")
    if getattr(config.option, "reruns", 0):
        raise pytest.UsageError(f"reruns are refused: {why}")
    randomly = config.pluginmanager.get_plugin("randomly")
    if randomly is not None and getattr(config.option, "randomly_reorganize", False):
        raise pytest.UsageError(f"random ordering is refused (use -p no:randomly): {why}")
    if getattr(config.option, "random_order_bucket", "none") not in (None, "none"):
        raise pytest.UsageError(f"random ordering is refused: {why}")


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    _refuse_parallel_and_shuffling(config)
    try:
        settings = load_settings(ROOT)
    except SettingsError as exc:
        raise pytest.UsageError(f"settings: {exc}") from None
    config.stash[LIVE_KEY] = settings.migration_target == "live"
    if config.stash[LIVE_KEY]:
        # Before any evidence is written (and before Playwright's driver starts, which
        # inherits it): readable by this user only. pytest_unconfigure locks it down again.
        os.umask(PRIVATE_UMASK)
    apply = bool(config.getoption("--apply"))
    reauth_only = bool(config.getoption("--reauth-only"))
    within_days = int(config.getoption("--within-days"))
    if within_days < 0:
        raise pytest.UsageError(f"--within-days takes a number of days >= 0, got {within_days}")
    for marker in ("apply_only", "dry_run_only", "reauth_only", "verify_only", "rollback_only",
                   "probe_only"):  # fmt: skip
        config.addinivalue_line("markers", f"{marker}: an item of that mode only")
    if config.getoption("--probe"):
        _configure_probe(config, settings)
        return
    if config.getoption("--write-labels"):
        raise pytest.UsageError("--write-labels goes with --probe (it writes what the probe found)")
    verify_id, rollback_id = config.getoption("--verify"), config.getoption("--rollback")
    if sum(bool(x) for x in (verify_id, rollback_id, reauth_only)) > 1:
        raise pytest.UsageError(
            "--verify, --rollback and --reauth-only are separate runs: give one"
        )
    if verify_id or rollback_id:
        _configure_later(config, settings, verify_id, rollback_id, apply)
        return
    plan = None
    if apply and not reauth_only:
        plan_file = config.getoption("--plan")
        path = Path(plan_file) if plan_file else settings.evidence_dir / "latest" / "plan.json"
        try:
            plan = load_plan(path, settings)
            select(plan, config.getoption("--only"))
        except NoPlan as exc:  # also a plan that cannot be carried out (PlanRefused)
            raise pytest.UsageError(str(exc)) from None
    kind = "apply" if apply else "dry"
    run = _hold(
        config, locked_run_folder(settings.evidence_dir, f"reauth-{kind}" if reauth_only else kind)
    )
    if not config.option.xmlpath:
        config.option.xmlpath = str(run.file(JUNIT))
    config.stash[MIGRATION_KEY] = Migration(
        settings,
        run,
        apply,
        order=config.getoption("--order"),
        only=config.getoption("--only"),
        plan=plan,
        reauth_only=reauth_only,
        within_days=within_days,
        activate_missing=bool(config.getoption("--activate-missing")),
    )


T = TypeVar("T")


def _hold(config: pytest.Config, lock: AbstractContextManager[T]) -> T:
    """Enter the run's lock (a refusal is a usage error) and hold it until pytest ends:
    flows' pytest_unconfigure lets go of it, and the OS does should the process die."""
    held = config.stash.setdefault(LOCK_KEY, ExitStack())
    try:
        return held.enter_context(lock)
    except RunLocked as exc:
        raise pytest.UsageError(str(exc)) from None


def _configure_later(
    config: pytest.Config,
    settings: Settings,
    verify_id: str | None,
    rollback_id: str | None,
    apply: bool,
) -> None:
    """`--verify RUN_ID` or `--rollback RUN_ID`: the run's evidence, a lock, a session."""
    try:
        evidence = load_run(settings.evidence_dir, verify_id or rollback_id or "")
    except NoSuchRun as exc:
        raise pytest.UsageError(str(exc)) from None
    if verify_id:
        lock = _hold(config, run_lock(settings.evidence_dir))
        later = VerifyLater(evidence)
        lock.record(later.folder.run_id)
        config.stash[LATER_KEY] = later
        junit = later.folder.file(JUNIT)
    else:
        only = config.getoption("--only")
        if unknown := sorted(set(only) - {p.plan.name for p in evidence.pairs}):
            known = ", ".join(repr(p.plan.name) for p in evidence.pairs) or "none"
            raise pytest.UsageError(
                f"--only {', '.join(map(repr, unknown))}: that run switched no pair of that "
                f"name; it switched: {known}"
            )
        run = _hold(config, locked_run_folder(settings.evidence_dir, "rollback"))
        rollback = Rollback(evidence, run, apply, only=config.getoption("--only"))
        config.stash[ROLLBACK_KEY] = rollback
        junit = run.file(JUNIT)
    if not config.option.xmlpath:
        config.option.xmlpath = str(junit)


def _configure_probe(config: pytest.Config, settings: Settings) -> None:
    """`--probe`: read-only, so it takes none of the options that change or plan."""
    given = [
        option
        for option in ("--apply", "--reauth-only", "--verify", "--rollback", "--plan", "--only")
        if config.getoption(option)
    ]
    if given:
        raise pytest.UsageError(f"--probe is read-only and takes no {', '.join(given)}")
    if config.getoption("--write-labels") and Path(config.getoption("--write-labels")).is_dir():
        raise pytest.UsageError("--write-labels takes a file, not a folder")
    run = _hold(config, locked_run_folder(settings.evidence_dir, "probe"))
    config.stash[PROBE_KEY] = Probe(settings, run)
    if not config.option.xmlpath:
        config.option.xmlpath = str(run.file(JUNIT))


def _mode(config: pytest.Config) -> str:
    if PROBE_KEY in config.stash:
        return "probe"
    if LATER_KEY in config.stash:
        return "verify"
    if ROLLBACK_KEY in config.stash:
        return "rollback"
    migration = config.stash[MIGRATION_KEY]
    if migration.reauth_only:
        return "reauth"
    return "apply" if migration.apply else "dry"


def _migration(config: pytest.Config) -> Migration:
    return config.stash[MIGRATION_KEY]


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    config = metafunc.config
    later_pairs: dict[str, list[str]] = {"verify_key": [], "rollback_key": []}
    if LATER_KEY in config.stash:
        later_pairs["verify_key"] = [p.key for p in config.stash[LATER_KEY].evidence.pairs]
    if ROLLBACK_KEY in config.stash:
        later_pairs["rollback_key"] = [p.key for p in config.stash[ROLLBACK_KEY].pairs]
    for name, values in later_pairs.items():
        if name in metafunc.fixturenames:
            metafunc.parametrize(name, values, ids=values)
    if MIGRATION_KEY not in config.stash:
        for name in ("account_key", "pair_key", "unpaired_key"):
            if name in metafunc.fixturenames:
                metafunc.parametrize(name, [])
        return
    migration = _migration(config)
    plan = migration.plan
    keys: dict[str, list[str]] = {"account_key": [], "pair_key": [], "unpaired_key": []}
    if plan is not None:
        # `--only`: its pairs and the accounts they need; unpaired flows are no pair it names.
        keys["account_key"] = list(migration.accounts_to_reconnect)
        keys["pair_key"] = [p.key for p in migration.pairs]
        if not migration.only:
            keys["unpaired_key"] = [
                f"{u.sandbox}/{u.name} ({u.destination})" for u in plan.unpaired
            ]
    for name, values in keys.items():
        if name in metafunc.fixturenames:
            metafunc.parametrize(name, values, ids=values)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """An expired AEP sign-in stops the run cleanly: the report says what is done and left.
    So does a Pinterest login form on an origin outside PINTEREST_LOGIN_ORIGINS (nothing
    is typed there): no pair may be switched to an account that was not reconnected."""
    try:
        return (yield)
    except UntrustedLoginOrigin as error:
        pytest.exit(
            f"STOPPED: {error}; nothing was typed there. Check where Pinterest's login page "
            "sent the browser before adding an origin to PINTEREST_LOGIN_ORIGINS",
            EXIT_NEEDS_A_PERSON,
        )
    except SignedOut as error:
        pytest.exit(
            f"{error}: the saved AEP sign-in has expired; run `make login`, then run this "
            "again (what is done and what is left is in the report)",
            EXIT_SIGNED_OUT,
        )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    mode = _mode(config)
    keep: list[pytest.Item] = []
    drop: list[pytest.Item] = []
    modes = {"apply_only": "apply", "dry_run_only": "dry", "reauth_only": "reauth",
             "verify_only": "verify", "rollback_only": "rollback",
             "probe_only": "probe"}  # fmt: skip
    for item in items:
        marked = [m for marker, m in modes.items() if item.get_closest_marker(marker)]
        wanted = mode in marked if marked else mode in ("apply", "dry")
        # A parametrize over an empty list (e.g. no account to reconnect) is no item at all.
        empty = any(
            "got empty parameter set" in str(m.kwargs.get("reason", ""))
            for m in item.iter_markers("skip")
        )
        (keep if wanted and not empty else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture(scope="session")
def target_settings(settings: Settings) -> Iterator[Settings]:
    """Where this run points: a real org, or the embedded mock sites started here."""
    if settings.migration_target == "live":
        if not settings.aep_storage_state.exists():
            pytest.exit(
                f"no saved AEP sign-in at {settings.aep_storage_state}: run `make login`",
                EXIT_SIGNED_OUT,
            )
        pinterest = settings.pinterest_storage_state
        if pinterest is not None and not pinterest.exists():
            pytest.exit(
                f"no saved Pinterest sign-in at {pinterest} (PINTEREST_STORAGE_STATE): "
                "run `make login`",
                EXIT_SIGNED_OUT,
            )
        yield settings
        return
    with (
        serve(settings.mock_scenario) as world,
        tempfile.TemporaryDirectory(prefix="aep-auth-") as tmp,
    ):
        sites = MockSites(world)
        state = Path(tmp) / "aep.json"
        state.write_text(
            json.dumps(sites.sign_in_aep(scenarios.AEP_USER_EMAIL, scenarios.AEP_USER_PASSWORD))
        )
        state.chmod(0o600)
        yield replace(
            settings,
            aep_url=f"{world.aep_url}/",
            aep_storage_state=state,
            pinterest_email=scenarios.PINTEREST_EMAIL,
            pinterest_password=Secret(scenarios.PINTEREST_PASSWORD),
            pinterest_login_origins=(world.pinterest_url,),
            pinterest_ads_url=world.pinterest_url,
        )
        sites.close()


@pytest.fixture(scope="session")
def parallel_browser(
    target_settings: Settings, browser_name: str, browser_type_launch_args: dict[str, Any]
) -> OpenBrowser:
    """How PARALLEL_CONTEXTS' helper threads get their browser: like the run's own."""
    return browser_opener(
        browser_name, browser_type_launch_args, target_settings.browser_ws_endpoint
    )


@pytest.fixture(scope="session")
def migration(
    pytestconfig: pytest.Config,
    target_settings: Settings,
    browser: Browser,
    browser_context_args: dict[str, Any],
    parallel_browser: OpenBrowser,
) -> Iterator[Migration]:
    run = _migration(pytestconfig)
    run.settings = target_settings
    run.use_parallel_contexts(parallel_browser, browser_context_args, trace=True)
    yield from _attached(run, target_settings, browser, browser_context_args, run.run)


S = TypeVar("S", bound=OnHarness)


def _attached(
    session: S,
    settings: Settings,
    browser: Browser,
    context_args: dict[str, Any],
    folder: RunFolder,
) -> Iterator[S]:
    """A session fixture's body: open the run's browser session (an expired AEP sign-in
    ends pytest with its own exit status), hand the run over, close the session after."""
    harness = Harness(settings, browser, folder, session.journal, context_args=context_args)
    try:
        session.attach(harness)
    except SignedOut as exc:
        harness.close()
        pytest.exit(f"{exc}: run `make login`, then run this again", EXIT_SIGNED_OUT)
    except PlanRefused as exc:  # made for another org, user or sandbox
        harness.close()
        pytest.exit(str(exc), pytest.ExitCode.USAGE_ERROR)
    yield session
    harness.close()


@pytest.fixture(scope="session")
def verify_later(
    pytestconfig: pytest.Config,
    target_settings: Settings,
    browser: Browser,
    browser_context_args: dict[str, Any],
) -> Iterator[VerifyLater]:
    later = pytestconfig.stash[LATER_KEY]
    yield from _attached(later, target_settings, browser, browser_context_args, later.folder)


@pytest.fixture(scope="session")
def probe(
    pytestconfig: pytest.Config,
    target_settings: Settings,
    browser: Browser,
    browser_context_args: dict[str, Any],
) -> Iterator[Probe]:
    session = pytestconfig.stash[PROBE_KEY]
    session.settings = target_settings
    yield from _attached(session, target_settings, browser, browser_context_args, session.run)


@pytest.fixture(scope="session")
def rollback(
    pytestconfig: pytest.Config,
    target_settings: Settings,
    browser: Browser,
    browser_context_args: dict[str, Any],
) -> Iterator[Rollback]:
    session = pytestconfig.stash[ROLLBACK_KEY]
    yield from _attached(session, target_settings, browser, browser_context_args, session.run)


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    later = session.config.stash.get(LATER_KEY, None)
    if later is not None:
        later.finish(int(exitstatus))
    rollback = session.config.stash.get(ROLLBACK_KEY, None)
    if rollback is not None:
        rollback.finish(int(exitstatus))
        write_reports(rollback.run)
    migration = session.config.stash.get(MIGRATION_KEY, None)
    if migration is None:
        return
    migration.finish(int(exitstatus))
    write_reports(migration.run)


def _verify_summary(write: Any, later: VerifyLater) -> None:
    report = later.report()
    for pair in later.results.values():
        status = "confirmed" if pair.confirmed else ("drifted" if pair.drifted else "not yet")
        write(f"{status:>17}  {pair.key}" + (f"  ({pair.problems()})" if pair.problems() else ""))
    counts = ", ".join(f"{k}: {v}" for k, v in report["summary"].items())
    drifted = f", drifted: {len(report['drifted'])}" if report["drifted"] else ""
    write(f"verify {later.evidence.run_id}: {counts}{drifted}")
    write(f"report: {later.folder.path}.html")


def _rollback_summary(write: Any, rollback: Rollback) -> None:
    report = json.loads(rollback.run.file("report.json").read_text())
    for warning in report.get("warnings", []):
        write(f"WARNING: {warning}", red=True, bold=True)
    for pair in report.get("pairs", []):
        write(
            f"{pair['outcome']:>19}  {pair['key']}"
            + (f"  ({pair['reason']})" if pair["reason"] else "")
        )
    counts = ", ".join(f"{k}: {v}" for k, v in report.get("summary", {}).items()) or "nothing"
    write(f"{'rollback' if rollback.apply else 'rollback dry run'}: {counts}")
    write(f"report: {rollback.run.file('report.html')}")
    if not rollback.apply:
        write(f"to roll back: pytest flows --rollback {rollback.evidence.run_id} --apply")


def _audience_names(audiences: list[dict[str, Any]]) -> str:
    return ", ".join(f"{a['name']} ({a['id']})" for a in audiences)


def _probe_summary(write: Any, probe: Probe, target: str | None) -> None:
    for line in probe.lines():
        write(line)
    write(f"probe: {probe.run.file('probe.json')}")
    if probe.harness is None:
        return
    if target:
        written = probe.write_labels(Path(target))
        write(f"labels file written: {written} (review it, then set LABELS_FILE={written})")
    elif probe.proposal():
        write("to write the labels file it proposes: pytest flows --probe --write-labels FILE")


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    later = config.stash.get(LATER_KEY, None)
    rollback = config.stash.get(ROLLBACK_KEY, None)
    if later is not None:
        terminalreporter.section("Pinterest migration: verification")
        _verify_summary(terminalreporter.write_line, later)
    if rollback is not None:
        terminalreporter.section("Pinterest migration: rollback")
        _rollback_summary(terminalreporter.write_line, rollback)
    probe = config.stash.get(PROBE_KEY, None)
    if probe is not None:
        terminalreporter.section("Pinterest migration: probe")
        _probe_summary(terminalreporter.write_line, probe, config.getoption("--write-labels"))
    migration = config.stash.get(MIGRATION_KEY, None)
    if migration is None:
        return
    report = (
        json.loads(migration.run.file("report.json").read_text())
        if migration.run.file("report.json").exists()
        else {}
    )
    write = terminalreporter.write_line
    terminalreporter.section(
        "Pinterest keep-alive" if migration.reauth_only else "Pinterest migration"
    )
    for warning in report.get("warnings", []):
        write(f"WARNING: {warning}", red=True, bold=True)
    for pair in report.get("pairs", []):
        write(
            f"{pair['outcome']:>17}  {pair['key']}"
            + (f"  ({pair['reason']})" if pair["reason"] else "")
        )
        if added := pair.get("audiences_added"):
            write(f"{'':>17}  audiences added: {_audience_names(added)}")
        if would_add := pair.get("would_add"):
            write(f"{'':>17}  --apply --activate-missing would add: {_audience_names(would_add)}")
    for account in report.get("accounts", []):
        expires = f"expires {account['expires_before'] or '-'} -> {account['expires_after'] or '-'}"
        reason = f"  ({account['reason']})" if account["reason"] else ""
        write(f"{account['outcome']:>17}  account {account['key']}  {expires}{reason}")
    if report and not report.get("aep_user"):
        write("AEP user: not shown by the shell (the journal records none)")
    if discovered := report.get("discovered"):
        write(
            f"{len(discovered)} guessed label(s) did not match and were found by structure "
            "(report: Found by structure; pytest flows --probe --write-labels FILE names them)"
        )
    counts = ", ".join(f"{k}: {v}" for k, v in report.get("summary", {}).items()) or "nothing"
    write(f"{'apply' if migration.apply else 'dry run'}: {counts}")
    write(f"report: {migration.run.file('report.html')}")
    if not migration.apply and not migration.reauth_only:
        write(f"plan: {migration.run.file('plan.json')}  (review it, then: pytest flows --apply)")


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    migration = config.stash.get(MIGRATION_KEY, None)
    later = config.stash.get(LATER_KEY, None)
    rollback = config.stash.get(ROLLBACK_KEY, None)
    probe = config.stash.get(PROBE_KEY, None)
    lock = config.stash.get(LOCK_KEY, None)
    folders: list[tuple[list[str], Path]] = []
    if probe is not None and probe.harness is not None:
        folders.append((probe.harness.secret_values(), probe.run.path))
    if migration is not None:
        secrets = migration.harness.secret_values() if migration.harness else None
        folders.append((secrets or migration.settings.secret_values(), migration.run.path))
    if later is not None and later.harness is not None:
        # Its files sit beside the run's own, in that run's folder.
        folders.append((later.harness.secret_values(), later.evidence.folder))
    if rollback is not None and rollback.harness is not None:
        folders.append((rollback.harness.secret_values(), rollback.run.path))
    for secrets, folder in folders:
        scrub_folder(secrets, folder)
        if config.stash.get(LIVE_KEY, False):
            lock_down(folder)
    if lock is not None:
        lock.close()
