"""The main job runs in live mode against this test process's mock sites (it cannot tell
them from a real org), with its evidence in a temporary folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from mocks import scenarios
from mocks.client import MockSites
from tests.flows.support import Harness


def harness_env(mock_sites: MockSites, folder: Path) -> dict[str, str]:
    """Settings that point the main job at this process's mock sites, as at a real org."""
    storage = mock_sites.save_sign_in(folder / "aep.json")
    return {
        **os.environ,
        "MIGRATION_TARGET": "live",
        "AEP_URL": f"{mock_sites.aep_url}/",
        "AEP_STORAGE_STATE": str(storage),
        "PINTEREST_EMAIL": scenarios.PINTEREST_EMAIL,
        "PINTEREST_PASSWORD": scenarios.PINTEREST_PASSWORD,
        "PINTEREST_LOGIN_ORIGINS": mock_sites.pinterest_url,
        "PINTEREST_ADS_URL": mock_sites.pinterest_url,
        "EVIDENCE_DIR": str(folder / "evidence"),
        # One context unless a test is about more (the default's are test_parallel's).
        "PARALLEL_CONTEXTS": "1",
    }


@pytest.fixture
def harness(mock_sites: MockSites, tmp_path: Path) -> Harness:
    return Harness(harness_env(mock_sites, tmp_path), tmp_path / "evidence")
