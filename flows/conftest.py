"""The main job's pytest plugin: the command line becomes a run (flows/runs/lifecycle.py),
whose items are this session's test items (flows/test_migration.py).

`pytest flows` plans (a dry run); `--apply` carries out a plan; `--reauth-only`,
`--verify RUN_ID`, `--rollback RUN_ID` and `--probe` are runs of their own. The run is
begun when pytest is configured (a usage error stops it before anything is changed),
started with the final settings when its first item needs it, finished when the session
ends, and closed (scrubbed, unlocked) when pytest unconfigures. Parallelism lives inside
the run, so pytest-xdist, random ordering and reruns are refused.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser

from flows.decide import RECONNECT_WITHIN_DAYS
from flows.evidence.folder import JUNIT, PRIVATE_UMASK
from flows.parallel import OpenBrowser, browser_opener
from flows.runs.lifecycle import Run
from flows.runs.session import Kind, Request, Stop, Usage
from flows.settings import Settings, SettingsError, load_settings

ROOT = Path(__file__).resolve().parent.parent
RUN_KEY = pytest.StashKey[Run]()
WHY_ONE_PROCESS = "the main job runs its items in order, once, in one process"


# The main job's options: (flag, what argparse takes, help).
OPTIONS: list[tuple[str, dict[str, Any], str]] = [
    ("--apply", {"action": "store_true"}, "carry out the plan (default: a dry run that plans)"),
    ("--plan", {"metavar": "FILE"}, "the plan to carry out (default: latest/plan.json)"),
    ("--order", {"choices": ("safe", "documented"), "default": "safe"},
     "safe: new on, then old off (default); documented: the notice's order"),
    ("--only", {"action": "append", "default": [], "metavar": "NAME"},
     "only the pairs with this connection name (repeatable)"),
    ("--activate-missing", {"action": "store_true"},
     "with --apply: add the audiences a blocked pair's new flow lacks, then switch it"),
    ("--reauth-only", {"action": "store_true"},
     "keep-alive: reconnect OAuth on new-card accounts expiring soon (dry run unless --apply)"),
    ("--within-days", {"type": int, "default": RECONNECT_WITHIN_DAYS, "metavar": "N"},
     f"with --reauth-only: tokens expiring within N days (default {RECONNECT_WITHIN_DAYS})"),
    ("--verify", {"metavar": "RUN_ID"}, "check an apply run's switched pairs again"),
    ("--rollback", {"metavar": "RUN_ID"},
     "put an apply run's switched pairs back to first-seen (dry run unless --apply)"),
    ("--probe", {"action": "store_true"},
     "read-only: every screen of the procedure, and what differs on this UI"),
    ("--write-labels", {"metavar": "FILE"},
     "with --probe: write the labels file it proposes, for LABELS_FILE"),
]  # fmt: skip


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("migration", "Pinterest migration (the main job)")
    for flag, kwargs, help_ in OPTIONS:
        group.addoption(flag, help=help_, **kwargs)


def _refuse_parallel_and_shuffling(config: pytest.Config) -> None:
    option = config.option
    if getattr(option, "numprocesses", None) or getattr(option, "dist", "no") != "no":
        raise pytest.UsageError(f"pytest-xdist (-n) is refused: {WHY_ONE_PROCESS}")
    if getattr(option, "reruns", 0):
        raise pytest.UsageError(f"reruns are refused: {WHY_ONE_PROCESS}")
    shuffled = config.pluginmanager.get_plugin("randomly") is not None and getattr(
        option, "randomly_reorganize", False
    )
    if shuffled or getattr(option, "random_order_bucket", "none") not in (None, "none"):
        raise pytest.UsageError(f"random ordering is refused (-p no:randomly): {WHY_ONE_PROCESS}")


def request_of(config: pytest.Config) -> Request:
    """The command line as a Request; a combination that makes no sense is a usage error."""
    get = config.getoption
    verify, rollback, probe, reauth = (
        get("--verify"),
        get("--rollback"),
        get("--probe"),
        get("--reauth-only"),
    )
    if probe and (given := [o for o in ("--apply", "--reauth-only", "--verify", "--rollback",
                                        "--plan", "--only") if get(o)]):  # fmt: skip
        raise Usage(f"--probe is read-only and takes no {', '.join(given)}")
    if get("--write-labels") and not probe:
        raise Usage("--write-labels goes with --probe (it writes what the probe found)")
    if get("--write-labels") and Path(get("--write-labels")).is_dir():
        raise Usage("--write-labels takes a file, not a folder")
    if sum(bool(x) for x in (verify, rollback, reauth)) > 1:
        raise Usage("--verify, --rollback and --reauth-only are separate runs: give one")
    if get("--within-days") < 0:
        raise Usage(f"--within-days takes a number of days >= 0, got {get('--within-days')}")
    kind: Kind = (
        "probe" if probe else "verify" if verify else "rollback" if rollback
        else "reauth" if reauth else "apply" if get("--apply") else "dry_run"
    )  # fmt: skip
    return Request(
        kind=kind,
        apply=bool(get("--apply")),
        plan_file=Path(get("--plan")) if get("--plan") else None,
        order=get("--order"),
        only=tuple(get("--only")),
        activate_missing=bool(get("--activate-missing")),
        within_days=get("--within-days"),
        run_id=verify or rollback or "",
        write_labels=Path(get("--write-labels")) if get("--write-labels") else None,
    )


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    _refuse_parallel_and_shuffling(config)
    try:
        settings = load_settings(ROOT)
    except SettingsError as exc:
        raise pytest.UsageError(f"settings: {exc}") from None
    if settings.migration_target == "live":
        # Before any evidence is written (and before Playwright's driver starts, which
        # inherits it): readable by this user only.
        os.umask(PRIVATE_UMASK)
    try:
        run = Run.begin(request_of(config), settings)
    except Usage as exc:
        raise pytest.UsageError(str(exc)) from None
    config.stash[RUN_KEY] = run
    if not config.option.xmlpath:
        config.option.xmlpath = str(run.folder.file(JUNIT))


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """`<test>_key` takes the keys of the run's items of that test (pairs, accounts)."""
    run = metafunc.config.stash[RUN_KEY]
    for name in metafunc.fixturenames:
        if name.endswith("_key"):
            keys = [i.key for i in run.items if i.test == name.removesuffix("_key")]
            metafunc.parametrize(name, keys, ids=keys)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Only the tests of the run's items (a test over no key is no item at all)."""
    tests = {f"test_{i.test}" for i in config.stash[RUN_KEY].items}
    keep: list[pytest.Item] = []
    drop: list[pytest.Item] = []
    for item in items:
        empty = any(
            "got empty parameter set" in str(m.kwargs.get("reason", ""))
            for m in item.iter_markers("skip")
        )
        name = getattr(item, "originalname", item.name)
        (keep if name in tests and not empty else drop).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """A run that cannot go on (an expired sign-in, an untrusted login page) stops pytest
    with its own exit status; the report says what is done and what is left."""
    try:
        return (yield)
    except Stop as stop:
        pytest.exit(str(stop), stop.status)


@pytest.fixture(scope="session")
def parallel_browser(
    target_settings: Settings, browser_name: str, browser_type_launch_args: dict[str, Any]
) -> OpenBrowser:
    """How PARALLEL_CONTEXTS' helper threads get their browser: like the run's own."""
    return browser_opener(
        browser_name, browser_type_launch_args, target_settings.browser_ws_endpoint
    )


@pytest.fixture(scope="session")
def run(
    pytestconfig: pytest.Config,
    target_settings: Settings,
    browser: Browser,
    browser_context_args: dict[str, Any],
    parallel_browser: OpenBrowser,
) -> Iterator[Run]:
    """The run, started: its session with the final settings (the embedded mocks' when
    MIGRATION_TARGET=mock), its browser session, AEP opened."""
    started = pytestconfig.stash[RUN_KEY]
    try:
        started.start(
            target_settings, browser, context_args=browser_context_args,
            open_browser=parallel_browser,
        )  # fmt: skip
    except Stop as stop:
        started.close_browser()
        pytest.exit(str(stop), stop.status)
    yield started
    started.close_browser()


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    session.config.stash[RUN_KEY].finish(int(exitstatus))


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    run = config.stash[RUN_KEY]
    terminalreporter.section(f"Pinterest migration: {run.request.kind.replace('_', ' ')}")
    for line in run.summary_lines():
        terminalreporter.write_line(line, red=line.startswith("WARNING"))


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    run = config.stash.get(RUN_KEY, None)
    if run is not None:
        run.close()
