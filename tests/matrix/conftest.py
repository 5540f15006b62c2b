"""The regression matrix runs the main job in this process (flows/driver.py) with the
worker's browser, against the worker's mock sites, with its evidence in a temporary folder."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser

from flows.decide import Order
from flows.driver import DrivenRun, drive
from flows.settings import Settings
from mocks import scenarios
from mocks.client import MockSites

# The small migration of the matrix: 3 pairs of 2 audiences, one account to reconnect.
THREE_PAIRS: dict[str, Any] = {"scenario": "large", "options": {"pairs": 3}}


def live_settings(settings: Settings, mock_sites: MockSites, folder: Path) -> Settings:
    """Settings that point the main job at this process's mock sites, as at a real org."""
    storage = folder / "aep.json"
    storage.write_text(
        json.dumps(mock_sites.sign_in_aep(scenarios.AEP_USER_EMAIL, scenarios.AEP_USER_PASSWORD))
    )
    return replace(
        settings,
        migration_target="live",
        aep_url=f"{mock_sites.aep_url}/",
        aep_storage_state=storage,
        aep_sandboxes=(),
        pinterest_email=scenarios.PINTEREST_EMAIL,
        pinterest_password=scenarios.PINTEREST_PASSWORD,
        pinterest_storage_state=None,
        pinterest_login_origins=(mock_sites.pinterest_url,),
        pinterest_ads_url=mock_sites.pinterest_url,
        pinterest_ad_account_id=None,
        labels_file=None,
        evidence_dir=folder / "evidence",
    )


@dataclass
class InProcess:
    """`pytest flows` and `pytest flows --apply`, run in this process."""

    settings: Settings
    browser: Browser

    def dry_run(self) -> DrivenRun:
        return drive(self.settings, self.browser, apply=False, trace=False)

    def apply(self, plan_file: Path | None = None, order: Order = "safe") -> DrivenRun:
        return drive(
            self.settings, self.browser, apply=True, plan_file=plan_file, order=order, trace=False
        )


@pytest.fixture
def in_process(
    settings: Settings, mock_sites: MockSites, browser: Browser, tmp_path: Path
) -> InProcess:
    return InProcess(live_settings(settings, mock_sites, tmp_path), browser)
