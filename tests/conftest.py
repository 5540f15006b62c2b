"""Fixtures the test folders share: the main job in this process
(flows/runs/lifecycle.py `drive`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser

from flows.parallel import OpenBrowser, browser_opener
from flows.runs.session import EXIT_OK
from flows.settings import Settings
from mocks.client import MockSites
from tests.flows.support import THREE_PAIRS, InProcess, live_settings


@pytest.fixture(scope="session")
def helper_browsers(
    settings: Settings, browser_name: str, browser_type_launch_args: dict[str, Any]
) -> OpenBrowser:
    """How the helper threads of PARALLEL_CONTEXTS get their browsers: like the worker's."""
    return browser_opener(browser_name, browser_type_launch_args, settings.browser_ws_endpoint)


@pytest.fixture
def in_process(
    settings: Settings,
    mock_sites: MockSites,
    browser: Browser,
    helper_browsers: OpenBrowser,
    tmp_path: Path,
) -> InProcess:
    """The main job in this process, with the worker's browser, pointed at this worker's
    mock sites; its evidence in tmp_path/evidence, as the `harness` fixture's is."""
    return InProcess(live_settings(settings, mock_sites, tmp_path), browser, helper_browsers)


@pytest.fixture(scope="session")
def three_pair_plan(
    settings: Settings,
    mock_sites: MockSites,
    browser: Browser,
    tmp_path_factory: pytest.TempPathFactory,
) -> Path:
    """One dry run's plan of the 3-pair scenario, per worker (scenarios are
    deterministic, so it applies to every fresh reset of the worker's mock sites)."""
    mock_sites.reset(**THREE_PAIRS)
    folder = tmp_path_factory.mktemp("plan")
    dry = InProcess(live_settings(settings, mock_sites, folder), browser).dry_run()
    assert dry.exit_status == EXIT_OK, dry.report
    return dry.plan_file
