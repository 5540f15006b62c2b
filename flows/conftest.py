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

from flows.command_line import OPTIONS, request_of
from flows.evidence.folder import JUNIT, PRIVATE_UMASK
from flows.parallel import OpenBrowser, browser_opener
from flows.progress import Say, quiet
from flows.runs.lifecycle import Run
from flows.runs.session import Stop, Usage
from flows.settings import Settings, SettingsError, load_settings

ROOT = Path(__file__).resolve().parent.parent
RUN_KEY = pytest.StashKey[Run]()
WHY_ONE_PROCESS = "the main job runs its items in order, once, in one process"


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
        run = Run.begin(request_of(config.getoption), settings)
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


def terminal_say(config: pytest.Config) -> Say:
    """Progress lines written between pytest's own (as its live logging writes, with
    output capture held off meanwhile); none under -q."""
    terminal = config.pluginmanager.get_plugin("terminalreporter")
    capture = config.pluginmanager.get_plugin("capturemanager")
    if terminal is None or capture is None or config.get_verbosity() < 0:
        return quiet

    def say(line: str) -> None:
        with capture.global_and_fixture_disabled():
            terminal.write_line(line)

    return say


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
            open_browser=parallel_browser, say=terminal_say(pytestconfig),
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
