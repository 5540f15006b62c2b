"""The state API both origins serve: reset to a scenario, read state, move the clock."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import httpx
import pytest
from playwright.sync_api import Page

from mocks.aep.state import NEW_CARD
from mocks.client import MockSites


def test_reset_seeds_both_sites_from_one_scenario(mock_sites: MockSites) -> None:
    described = mock_sites.reset("large", options={"pairs": 7})

    aep, pinterest = mock_sites.aep_state(), mock_sites.pinterest_state()
    assert described["scenario"] == "large"
    assert len(aep["flows"]) == 14, "7 pairs, one flow on each card"
    assert aep["scenario"] == pinterest["scenario"] == "large"
    assert len(pinterest["audiences"]) == 14, "the old flows' audiences are already in Pinterest"


def test_scenarios_are_deterministic(mock_sites: MockSites) -> None:
    mock_sites.reset("notice")
    first = mock_sites.aep_state()
    mock_sites.advance_clock(3600)
    mock_sites.reset("notice")

    assert mock_sites.aep_state() == first


def test_expiring_seeds_new_card_accounts_with_connected_tokens(mock_sites: MockSites) -> None:
    mock_sites.reset("expiring")

    aep, pinterest = mock_sites.aep_state(), mock_sites.pinterest_state()
    now = datetime.fromisoformat(aep["now"])
    left = {
        a["name"]: (datetime.fromisoformat(a["expires"]) - now).days
        for a in aep["accounts"].values()
    }
    assert left == {"Acme Ads US": 3, "Acme Ads EU": 20, "Acme Ads APAC": -2}
    assert {a["destination"] for a in aep["accounts"].values()} == {NEW_CARD}
    assert all(a["access_token_set"] for a in aep["accounts"].values())
    assert len([t for t in pinterest["tokens"] if t["kind"] == "access"]) == 3
    assert {f["destination"] for f in aep["flows"].values()} == {NEW_CARD}
    assert len(aep["flows"]) == 4


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"scenario": "nope"}, "unknown scenario 'nope'"),
        ({"scenario": "notice", "variants": {"skin": "dark"}}, "unknown variant 'skin'"),
        (
            {"scenario": "notice", "variants": {"shell": "tab"}},
            "variant 'shell' has no value 'tab'",
        ),
        ({"scenario": "notice", "faults": {"meteor": 1}}, "unknown fault 'meteor'"),
        ({"scenario": "notice", "faults": {"latency_ms": -5}}, "integer >= 0"),
        ({"scenario": "large", "options": {"pairs": "many"}}, "option 'pairs'"),
        ({"scenario": "notice", "options": {"pairs": 3}}, "takes no options"),
        ({"scenario": "notice", "colour": "red"}, "unknown keys"),
    ],
)
def test_bad_reset_answers_400_with_a_message(
    mock_sites: MockSites, body: dict[str, object], message: str
) -> None:
    for origin in (mock_sites.aep_url, mock_sites.pinterest_url):
        response = httpx.post(f"{origin}/__mock/reset", json=body)

        assert response.status_code == 400
        assert message in response.json()["error"]


def test_state_never_carries_secret_values(mock_sites: MockSites) -> None:
    mock_sites.reset("migrated")

    aep_text = str(mock_sites.aep_state())
    pinterest_text = str(mock_sites.pinterest_state())

    assert "mock-aep-password" not in aep_text
    assert "pina_seed_" not in aep_text
    assert "mock-pinterest-password" not in pinterest_text
    assert "mock-aep-client-secret" not in pinterest_text
    assert mock_sites.aep_state()["user"]["password_set"] is True


def test_clock_moves_for_both_sites(mock_sites: MockSites) -> None:
    mock_sites.reset("notice")

    now = mock_sites.advance_clock(86400)

    assert now.startswith("2023-12-02T12:00:00")
    assert mock_sites.pinterest_state()["now"] == mock_sites.aep_state()["now"] == now


def test_every_response_dates_itself_by_the_mock_clock(mock_sites: MockSites) -> None:
    mock_sites.reset("notice")
    mock_sites.advance_clock(90)

    for url in (f"{mock_sites.aep_url}/signin", f"{mock_sites.pinterest_url}/login/"):
        response = httpx.get(url)

        assert response.headers.get_list("date") == ["Fri, 01 Dec 2023 12:01:30 GMT"]


def test_static_files_date_themselves_by_the_machine_clock_so_they_stay_cached(
    mock_sites: MockSites,
) -> None:
    """As from a CDN with its own clock: a browser ages a response from its Date, so a
    script dated by the mock clock (years back) would be stale at once, whatever its
    max-age, and every page load would revalidate it."""
    mock_sites.reset("notice")
    mock_sites.advance_clock(90)

    response = httpx.get(f"{mock_sites.aep_url}/static/app.js")

    response.raise_for_status()
    age = datetime.now(UTC) - parsedate_to_datetime(response.headers["date"])
    assert abs(age) < timedelta(minutes=1)
    assert response.headers["cache-control"] == "public, max-age=600"


def test_traffic_tells_page_loads_from_a_browsers_other_requests_and_server_calls(
    page: Page, mock_sites: MockSites
) -> None:
    mock_sites.reset("notice")
    httpx.get(f"{mock_sites.pinterest_url}/v5/user_account")  # no browser: a server's call
    started = time.time()

    page.goto(f"{mock_sites.aep_url}/signin")
    page.evaluate("fetch('/api/context')")  # as the app's scripts call its API

    seen = mock_sites.traffic()
    later = mock_sites.traffic(started)
    assert ("pinterest", "server", "/v5/user_account") in {(s, k, p) for _, s, k, p in seen}
    assert [(s, p) for _, s, k, p in later if k == "page"] == [("aep", "/signin")]
    requests = {p for _, s, k, p in later if k == "request"}
    assert "/api/context" in requests
    assert "/signin" not in requests
    assert all(k != "server" for _, _, k, _ in later)

    mock_sites.reset("notice")

    assert mock_sites.traffic() == [], "a reset starts the list again"


def test_large_can_start_with_the_new_account_reconnected(mock_sites: MockSites) -> None:
    for reconnected in (False, True):
        mock_sites.reset("large", options={"pairs": 2, "reconnected": reconnected})

        accounts = mock_sites.aep_state()["accounts"].values()
        new = [a for a in accounts if a["destination"] == NEW_CARD]
        assert [a["access_token_set"] for a in new] == [reconnected]
