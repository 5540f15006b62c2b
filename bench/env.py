"""Settings that point the main job at the benchmark's own mock sites, as at a real org."""

from __future__ import annotations

import os
from pathlib import Path

from mocks import scenarios
from mocks.client import MockSites


def aep_storage_state(sites: MockSites, folder: Path) -> Path:
    """A signed-in AEP browser state for the mock (what `make login` saves for a real org)."""
    return sites.save_sign_in(folder / "aep.json")


def harness_env(sites: MockSites, folder: Path, parallel_contexts: int) -> dict[str, str]:
    return {
        **os.environ,
        "MIGRATION_TARGET": "live",
        "AEP_URL": f"{sites.aep_url}/",
        "AEP_STORAGE_STATE": str(aep_storage_state(sites, folder)),
        "PINTEREST_EMAIL": scenarios.PINTEREST_EMAIL,
        "PINTEREST_PASSWORD": scenarios.PINTEREST_PASSWORD,
        "PINTEREST_LOGIN_ORIGINS": sites.pinterest_url,
        "PINTEREST_ADS_URL": sites.pinterest_url,
        "EVIDENCE_DIR": str(folder / "evidence"),
        "PARALLEL_CONTEXTS": str(parallel_contexts),
    }
