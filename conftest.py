"""Root fixtures: settings, target selection, browser launch, the embedded mock sites.

The fixture chain extends pytest-playwright's (playwright > browser type > launch args >
browser > context > page); each override returns `{**parent, ...}` so `--headed`,
`--slowmo`, `--browser-channel` and the artifact options keep working.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserType

from flows.browser import CHROMIUM_ARGS, chromium_executable
from flows.runs.session import EXIT_SIGNED_OUT
from flows.settings import Settings, SettingsError, load_settings
from mocks import scenarios
from mocks.client import MockSites
from mocks.server import serve
from pages.secret import Secret

ROOT = Path(__file__).resolve().parent
SETTINGS_KEY = pytest.StashKey[Settings]()


def pytest_configure(config: pytest.Config) -> None:
    try:
        config.stash[SETTINGS_KEY] = load_settings(ROOT)
    except SettingsError as exc:
        raise pytest.UsageError(f"settings: {exc}") from None


@pytest.fixture(scope="session")
def settings(pytestconfig: pytest.Config) -> Settings:
    return pytestconfig.stash[SETTINGS_KEY]


@pytest.fixture(scope="session")
def browser_type_launch_args(
    browser_type_launch_args: dict[str, Any], browser_type: BrowserType
) -> dict[str, Any]:
    args = {**browser_type_launch_args}
    if browser_type.name == "chromium":
        args["args"] = [*args.get("args", []), *CHROMIUM_ARGS]
        if "channel" not in args and (
            chromium := chromium_executable(
                browser_type.executable_path, headless=args.get("headless", True)
            )
        ):
            args["executable_path"] = chromium
    return args


@pytest.fixture(scope="session")
def connect_options(settings: Settings) -> dict[str, Any] | None:
    """BROWSER_WS_ENDPOINT: run the browser on a Playwright browser server elsewhere.

    The server launches the browser with the options in BROWSER_LAUNCH_OPTIONS (it takes
    an executable path or arguments only when started with `--unsafe`); without them,
    pytest-playwright's local launch arguments, which a server on another host cannot use.
    """
    if not settings.browser_ws_endpoint:
        return None
    options: dict[str, Any] = {"endpoint": settings.browser_ws_endpoint}
    if settings.browser_launch_options is not None:
        header = json.dumps(settings.browser_launch_options)
        options["headers"] = {"x-playwright-launch-options": header}
    return options


@pytest.fixture(scope="session")
def mock_sites(settings: Settings) -> Iterator[MockSites]:
    """Both mock sites on free loopback ports: one pair per pytest (or xdist worker) process."""
    if settings.migration_target != "mock":
        pytest.fail("MIGRATION_TARGET=live: this test needs the embedded mock sites", pytrace=False)
    with serve() as world:
        sites = MockSites(world)
        yield sites
        sites.close()


@pytest.fixture(scope="session")
def target_settings(settings: Settings) -> Iterator[Settings]:
    """Where the main job points: a real org (MIGRATION_TARGET=live), or the embedded mock
    sites, started here for the session and signed in to (mock)."""
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
    with serve(settings.mock_scenario) as world, tempfile.TemporaryDirectory() as tmp:
        sites = MockSites(world)
        yield replace(
            settings,
            aep_url=f"{world.aep_url}/",
            aep_storage_state=sites.save_sign_in(Path(tmp) / "aep.json"),
            pinterest_email=scenarios.PINTEREST_EMAIL,
            pinterest_password=Secret(scenarios.PINTEREST_PASSWORD),
            pinterest_login_origins=(world.pinterest_url,),
            pinterest_ads_url=world.pinterest_url,
        )
        sites.close()
