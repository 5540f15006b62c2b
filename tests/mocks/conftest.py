"""Fixtures for the mock sites' own tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from mocks.aep.client import AepClient
from mocks.client import MockSites
from mocks.scenarios import AEP_USER_EMAIL, AEP_USER_PASSWORD


@pytest.fixture
def aep(mock_sites: MockSites) -> Iterator[AepClient]:
    """The `notice` scenario, and an HTTP client signed in to the mock AEP."""
    mock_sites.reset("notice")
    with AepClient(mock_sites.aep_url) as client:
        client.sign_in(AEP_USER_EMAIL, AEP_USER_PASSWORD)
        yield client
