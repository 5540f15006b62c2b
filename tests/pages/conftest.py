"""Fixtures for page-object tests: a signed-in browser context and the AEP shell."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from mocks.client import MockSites
from pages.aep.labels import AepLabels
from pages.aep.shell import AepShell
from pages.aep.workspace import DestinationsWorkspace
from pages.pinterest.labels import PinterestLabels


@pytest.fixture(scope="session")
def aep_storage_state(mock_sites: MockSites, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return mock_sites.save_sign_in(tmp_path_factory.mktemp("auth") / "aep.json")


@pytest.fixture(scope="session")
def browser_context_args(
    browser_context_args: dict[str, Any], aep_storage_state: Path
) -> dict[str, Any]:
    return {**browser_context_args, "storage_state": str(aep_storage_state)}


@pytest.fixture
def aep_labels() -> AepLabels:
    return AepLabels()


@pytest.fixture
def pinterest_labels() -> PinterestLabels:
    return PinterestLabels()


@pytest.fixture
def open_aep(page: Page, mock_sites: MockSites, aep_labels: AepLabels) -> Callable[..., AepShell]:
    """Reset the mocks to a scenario and open the AEP shell signed in."""

    def open_(scenario: str = "notice", **reset: Any) -> AepShell:
        mock_sites.reset(scenario, **reset)
        return AepShell.open(page, f"{mock_sites.aep_url}/", aep_labels)

    return open_


@pytest.fixture
def destinations(open_aep: Callable[..., AepShell]) -> Callable[..., DestinationsWorkspace]:
    def open_(scenario: str = "notice", **reset: Any) -> DestinationsWorkspace:
        return open_aep(scenario, **reset).go_to_destinations()

    return open_
