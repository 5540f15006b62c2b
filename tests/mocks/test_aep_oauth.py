"""Reconnect OAuth over HTTP: mock AEP start > mock Pinterest login and consent > callback."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest

from mocks.aep.client import GIVE_ACCESS, AepClient, PinterestUser, oauth_result
from mocks.aep.state import NEW_CARD
from mocks.client import MockSites
from mocks.scenarios import (
    AEP_CLIENT_ID,
    PINTEREST_EMAIL,
    PINTEREST_PASSWORD,
    PINTEREST_USERNAME,
)


@pytest.fixture
def pinterest() -> Iterator[PinterestUser]:
    with PinterestUser(PINTEREST_EMAIL, PINTEREST_PASSWORD) as user:
        yield user


def new_account(aep: AepClient) -> dict[str, Any]:
    return next(a for a in aep.accounts() if a["destination"] == NEW_CARD)


def with_query(url: str, **changes: str) -> str:
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()} | changes
    return parts._replace(query=urlencode(query)).geturl()


def test_start_sends_the_browser_to_pinterest_consent(
    mock_sites: MockSites, aep: AepClient
) -> None:
    account = new_account(aep)

    location = aep.start_reconnect(account["id"])

    parts = urlsplit(location)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == f"{mock_sites.pinterest_url}/oauth/"
    assert query["client_id"] == AEP_CLIENT_ID
    assert query["redirect_uri"] == f"{mock_sites.aep_url}/oauth/pinterest/callback"
    assert query["response_type"] == "code"
    assert query["scope"] == "ads:read,ads:write,user_accounts:read"
    assert len(query["state"]) >= 32


def test_start_needs_a_signed_in_user(mock_sites: MockSites) -> None:
    answer = httpx.get(f"{mock_sites.aep_url}/oauth/pinterest/start", params={"account": "a1"})

    assert answer.status_code == 302
    assert answer.headers["location"] == "/signin?" + urlencode(
        {"next": "/oauth/pinterest/start?account=a1"}
    )


def test_reconnect_stores_a_token_for_30_days(
    mock_sites: MockSites, aep: AepClient, pinterest: PinterestUser
) -> None:
    account = new_account(aep)
    mock_sites.advance_clock(3600)

    callback = pinterest.consent(aep.start_reconnect(account["id"]), GIVE_ACCESS)
    page = aep.finish_reconnect(callback)

    result = oauth_result(page)
    assert page.status_code == 200
    assert result["type"] == "aep-oauth"
    assert result["ok"] is True, result["message"]
    assert result["account_id"] == account["id"]
    assert PINTEREST_USERNAME in result["message"]
    assert '<a href="/">' in page.text, "without an opener the page links back to AEP"
    state = mock_sites.aep_state()
    stored = state["accounts"][account["id"]]
    assert stored["access_token_set"] is True
    assert stored["authorized"] == "2023-12-01T13:00:00+00:00"
    assert stored["expires"] == "2023-12-31T13:00:00+00:00"
    assert stored["username"] == PINTEREST_USERNAME
    assert [(c["op"], c["account_id"]) for c in state["changes"]] == [("reconnect", account["id"])]
    assert new_account(aep)["expiry_warning"] is False


def test_a_callback_with_another_state_is_refused(
    mock_sites: MockSites, aep: AepClient, pinterest: PinterestUser
) -> None:
    account = new_account(aep)
    before = mock_sites.aep_state()["accounts"][account["id"]]
    callback = pinterest.consent(aep.start_reconnect(account["id"]), GIVE_ACCESS)

    page = aep.finish_reconnect(with_query(callback, state="forged-state"))

    result = oauth_result(page)
    assert page.status_code == 400
    assert result["ok"] is False
    assert "state mismatch" in result["message"]
    state = mock_sites.aep_state()
    assert state["accounts"][account["id"]] == before
    assert state["change_count"] == 0


def test_a_callback_cannot_be_replayed(
    mock_sites: MockSites, aep: AepClient, pinterest: PinterestUser
) -> None:
    account = new_account(aep)
    callback = pinterest.consent(aep.start_reconnect(account["id"]), GIVE_ACCESS)
    first = oauth_result(aep.finish_reconnect(callback))
    after_first = mock_sites.aep_state()["accounts"][account["id"]]
    mock_sites.advance_clock(60)

    replay = oauth_result(aep.finish_reconnect(callback))

    assert first["ok"] is True
    assert replay["ok"] is False
    assert "state mismatch" in replay["message"]
    assert mock_sites.aep_state()["accounts"][account["id"]] == after_first


def test_access_denied_leaves_the_account_unchanged(
    mock_sites: MockSites, aep: AepClient, pinterest: PinterestUser
) -> None:
    account = new_account(aep)
    before = mock_sites.aep_state()["accounts"][account["id"]]

    callback = pinterest.consent(aep.start_reconnect(account["id"]), "Cancel")
    result = oauth_result(aep.finish_reconnect(callback))

    assert parse_qs(urlsplit(callback).query)["error"] == ["access_denied"]
    assert result["ok"] is False
    assert result["account_id"] == account["id"]
    assert "access_denied" in result["message"]
    state = mock_sites.aep_state()
    assert state["accounts"][account["id"]] == before
    assert state["change_count"] == 0


def test_a_code_pinterest_refuses_leaves_the_account_unchanged(
    mock_sites: MockSites, aep: AepClient, pinterest: PinterestUser
) -> None:
    account = new_account(aep)
    before = mock_sites.aep_state()["accounts"][account["id"]]
    callback = pinterest.consent(aep.start_reconnect(account["id"]), GIVE_ACCESS)

    result = oauth_result(aep.finish_reconnect(with_query(callback, code="not-a-code")))

    assert result["ok"] is False
    assert "Pinterest refused the authorization code" in result["message"]
    state = mock_sites.aep_state()
    assert state["accounts"][account["id"]] == before
    assert state["change_count"] == 0


def test_reconnect_needs_manage_destinations(mock_sites: MockSites, aep: AepClient) -> None:
    mock_sites.reset("notice", faults={"no_manage_permission": True})
    account = new_account(aep)

    page = aep.http.get("/oauth/pinterest/start", params={"account": account["id"]})

    assert page.status_code == 400
    assert oauth_result(page)["ok"] is False
    assert "Manage Destinations" in oauth_result(page)["message"]
