"""Dataflow runs: the mock AEP exports to the mock Pinterest over its HTTP APIs (v5, v4)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx

from mocks.aep.client import GIVE_ACCESS, AepClient, PinterestUser
from mocks.aep.state import NEW_CARD, OLD_CARD
from mocks.client import MockSites
from mocks.scenarios import (
    AD_ACCOUNT_ID,
    AEP_CLIENT_ID,
    AEP_CLIENT_SECRET,
    PINTEREST_EMAIL,
    PINTEREST_PASSWORD,
)

DAY = 86400


def reconnect(aep: AepClient, **consent: str) -> None:
    """Reconnect the (New) Pinterest account, as Pinterest's marketing user."""
    account = next(a for a in aep.accounts() if a["destination"] == NEW_CARD)
    with PinterestUser(PINTEREST_EMAIL, PINTEREST_PASSWORD) as pinterest:
        callback = pinterest.consent(aep.start_reconnect(account["id"]), GIVE_ACCESS, **consent)
    page = aep.finish_reconnect(callback)
    assert page.status_code == 200, page.text


def flow_id(aep: AepClient, name: str, destination: str) -> str:
    (found,) = [f for f in aep.flows() if (f["name"], f["destination"]) == (name, destination)]
    return str(found["id"])


def run_dataflows(mock_sites: MockSites) -> dict[str, dict[str, Any]]:
    """Platform's schedule, once: each enabled flow's new Run by flow ID."""
    answer = httpx.post(f"{mock_sites.aep_url}/__mock/run-dataflows", timeout=60)
    answer.raise_for_status()
    return {run["flow_id"]: run for run in answer.json()["runs"]}


def audiences_named(mock_sites: MockSites, *names: str) -> dict[str, list[dict[str, Any]]]:
    audiences = mock_sites.pinterest_state()["audiences"].values()
    return {name: [a for a in audiences if a["name"] == name] for name in names}


def now_ts(mock_sites: MockSites) -> int:
    return int(datetime.fromisoformat(mock_sites.pinterest_state()["now"]).timestamp())


def test_enabling_a_new_flow_upserts_its_audiences_over_v5(
    mock_sites: MockSites, aep: AepClient
) -> None:
    reconnect(aep)
    mock_sites.advance_clock(3600)
    loyalty = flow_id(aep, "Loyalty campaign", NEW_CARD)

    flow = aep.flow_action(loyalty, "enable").json()

    run = flow["runs"][0]
    assert (run["status"], run["error"]) == ("Completed", "")
    assert (run["profiles_received"], run["identities_activated"]) == (300, 300)
    assert flow["last_run_status"] == "Completed"
    assert flow["last_run_date"] == "2023-12-01T13:00:00+00:00"
    found = audiences_named(mock_sites, "Loyalty members", "High-value customers")
    for name, audiences in found.items():
        assert len(audiences) == 1, f"{name}: updated in place, not duplicated"
        assert audiences[0]["updated_timestamp"] == now_ts(mock_sites), name
        assert audiences[0]["ad_account_id"] == AD_ACCOUNT_ID
    lists_by_name = {c["name"]: c for c in mock_sites.pinterest_state()["customer_lists"].values()}
    loyal_list = lists_by_name["Loyalty members"]
    assert loyal_list["num_uploaded_user_records"] == 300, "150 seeded, 150 added again"
    assert len(loyal_list["records"]) == 150
    requests = [(r["method"], r["path"]) for r in mock_sites.pinterest_state()["api_requests"]]
    lists = f"/v5/ad_accounts/{AD_ACCOUNT_ID}/customer_lists"
    assert ("GET", lists) in requests
    assert sum(m == "PATCH" and p.startswith(lists + "/") for m, p in requests) == 2


def app_token(mock_sites: MockSites) -> str:
    """A token of the AEP's Pinterest app, got the way the AEP gets one, for the test's
    own changes to Pinterest through its API."""
    authorize = f"{mock_sites.pinterest_url}/oauth/?" + urlencode(
        {
            "client_id": AEP_CLIENT_ID,
            "redirect_uri": f"{mock_sites.aep_url}/oauth/pinterest/callback",
            "response_type": "code",
            "scope": "ads:read,ads:write",
            "state": "test",
        }
    )
    with PinterestUser(PINTEREST_EMAIL, PINTEREST_PASSWORD) as pinterest:
        callback = pinterest.consent(authorize, GIVE_ACCESS)
    answer = httpx.post(
        f"{mock_sites.pinterest_url}/v5/oauth/token",
        data={
            "grant_type": "authorization_code",
            "code": parse_qs(urlsplit(callback).query)["code"][0],
            "redirect_uri": f"{mock_sites.aep_url}/oauth/pinterest/callback",
        },
        auth=(AEP_CLIENT_ID, AEP_CLIENT_SECRET),
    )
    answer.raise_for_status()
    token: str = answer.json()["access_token"]
    return token


def test_an_audience_missing_in_pinterest_is_created_on_its_customer_list(
    mock_sites: MockSites, aep: AepClient
) -> None:
    (spring,) = audiences_named(mock_sites, "Spring sale visitors")["Spring sale visitors"]
    removed = httpx.patch(
        f"{mock_sites.pinterest_url}/v5/ad_accounts/{AD_ACCOUNT_ID}/audiences/{spring['id']}",
        json={"operation_type": "REMOVE"},
        headers={"Authorization": f"Bearer {app_token(mock_sites)}"},
    )
    assert removed.status_code == 200, removed.text
    reconnect(aep)

    flow = aep.flow_action(flow_id(aep, "Spring sale retargeting", NEW_CARD), "enable").json()

    (created,) = audiences_named(mock_sites, "Spring sale visitors")["Spring sale visitors"]
    assert flow["runs"][0]["status"] == "Completed"
    assert created["id"] != spring["id"]
    assert created["audience_type"] == "CUSTOMER_LIST"
    assert created["rule"] == spring["rule"], "built on the existing customer list"
    audience_id = flow["activations"][0]["audience_id"]
    assert created["description"] == f"Adobe Experience Platform audience {audience_id}"


def test_a_flow_without_authorization_fails_its_run(mock_sites: MockSites, aep: AepClient) -> None:
    flow = aep.flow_action(flow_id(aep, "Cart recovery", NEW_CARD), "enable").json()

    run = flow["runs"][0]
    assert flow["status"] == "Enabled"
    assert run["status"] == "Failed"
    assert "no Pinterest authorization" in run["error"]
    assert (run["identities_activated"], run["identities_failed"]) == (0, 150)
    assert mock_sites.pinterest_state()["api_requests"] == []


def test_an_expired_token_fails_the_run_without_calling_pinterest(
    mock_sites: MockSites, aep: AepClient
) -> None:
    reconnect(aep)
    loyalty = flow_id(aep, "Loyalty campaign", NEW_CARD)
    assert aep.flow_action(loyalty, "enable").json()["runs"][0]["status"] == "Completed"
    calls_before = len(mock_sites.pinterest_state()["api_requests"])
    mock_sites.advance_clock(30 * DAY + 1)

    run = run_dataflows(mock_sites)[loyalty]

    assert run["status"] == "Failed"
    assert "expired on 2023-12-31" in run["error"]
    assert "Reconnect OAuth" in run["error"]
    assert len(mock_sites.pinterest_state()["api_requests"]) == calls_before
    row = next(f for f in aep.flows() if f["id"] == loyalty)
    assert row["last_run_status"] == "Failed"


def test_a_pinterest_api_error_fails_the_run_with_its_message(
    mock_sites: MockSites, aep: AepClient
) -> None:
    # A token granted without ads:write: Pinterest lets the run read, not write.
    reconnect(aep, scope="ads:read,user_accounts:read")

    flow = aep.flow_action(flow_id(aep, "Loyalty campaign", NEW_CARD), "enable").json()

    run = flow["runs"][0]
    assert run["status"] == "Failed"
    assert run["error"].startswith("Pinterest API error 401:")
    assert run["identities_failed"] == 300


def test_old_flows_export_over_v4_until_pinterest_switches_it_off(
    mock_sites: MockSites, aep: AepClient
) -> None:
    old_flows = {flow_id(aep, name, OLD_CARD) for name in ("Loyalty campaign", "Cart recovery")}

    before = run_dataflows(mock_sites)
    v4_before = mock_sites.pinterest_state()["v4_requests"]
    mock_sites.advance_clock(48 * DAY)  # 2024-01-18T12:00Z: past the v4 shutdown
    after = run_dataflows(mock_sites)
    v4_after = mock_sites.pinterest_state()["v4_requests"][len(v4_before) :]

    for old in old_flows:
        assert (before[old]["status"], before[old]["error"]) == ("Completed", "")
        assert after[old]["status"] == "Failed"
        assert "Pinterest API v4 is no longer available" in after[old]["error"]
    assert {r["status"] for r in v4_before} == {200}
    assert len(v4_before) == 5, "one customer list per audience of the three old flows"
    assert {r["status"] for r in v4_after} == {410}
    path = f"/ads/v4/advertisers/{AD_ACCOUNT_ID}/customer_lists"
    assert {(r["method"], r["path"]) for r in v4_after} == {("POST", path)}


def test_disabled_flows_export_nothing(mock_sites: MockSites, aep: AepClient) -> None:
    reconnect(aep)
    for flow in aep.flows():
        if flow["destination"] == OLD_CARD:
            aep.flow_action(flow["id"], "disable")
    loyalty = flow_id(aep, "Loyalty campaign", NEW_CARD)
    aep.flow_action(loyalty, "enable")
    aep.flow_action(loyalty, "disable")
    before = mock_sites.pinterest_state()
    mock_sites.advance_clock(3600)

    runs = run_dataflows(mock_sites)

    after = mock_sites.pinterest_state()
    destinations = {f["id"]: f["destination"] for f in aep.flows()}
    assert {destinations[flow] for flow in runs} == {
        "Facebook Custom Audience",
        "Google Customer Match",
    }
    assert after["api_requests"] == before["api_requests"]
    assert after["v4_requests"] == before["v4_requests"]
    assert after["audiences"] == before["audiences"]
