"""The mock AEP's server over HTTP: sign-in, sessions, the JSON API, permissions, changes."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from mocks.aep.client import AepClient, forms
from mocks.aep.state import NEW_CARD, OLD_CARD
from mocks.client import MockSites
from mocks.options import VARIANTS
from mocks.scenarios import AD_ACCOUNT_ID, AEP_USER_EMAIL, AEP_USER_PASSWORD


def flow_named(aep: AepClient, name: str, destination: str) -> dict[str, Any]:
    matches = [f for f in aep.flows() if f["name"] == name and f["destination"] == destination]
    assert len(matches) == 1, f"one {destination} flow {name!r}"
    return matches[0]


def test_signed_out_pages_go_to_sign_in_and_the_api_answers_401(mock_sites: MockSites) -> None:
    mock_sites.reset("notice")
    with httpx.Client(base_url=mock_sites.aep_url) as anonymous:
        shell, app = anonymous.get("/"), anonymous.get("/app/")
        api = anonymous.get("/api/sandboxes/prod/flows")
        action = anonymous.post("/api/flows/x/action", params={"op": "disable"})

    assert (shell.status_code, shell.headers["location"]) == (302, "/signin?next=%2F")
    assert (app.status_code, app.headers["location"]) == (302, "/signin?next=%2Fapp%2F")
    assert (api.status_code, api.json()) == (401, {"error": "signed_out"})
    assert (action.status_code, action.json()) == (401, {"error": "signed_out"})


def test_sign_in_page_has_a_labelled_form(mock_sites: MockSites) -> None:
    page = httpx.get(f"{mock_sites.aep_url}/signin", params={"next": "/app/"})

    (form,) = forms(page.text)
    assert page.status_code == 200
    assert "<h1>Sign in</h1>" in page.text
    assert '<label for="email">Email</label>' in page.text
    assert '<label for="password">Password</label>' in page.text
    assert form.input_types == {"next": "hidden", "email": "email", "password": "password"}
    assert form.fields["next"] == "/app/"
    assert [b[0] for b in form.buttons] == ["Sign in"]


def test_wrong_password_shows_an_error_and_signs_nobody_in(mock_sites: MockSites) -> None:
    with AepClient(mock_sites.aep_url) as client:
        answer = client.sign_in(AEP_USER_EMAIL, "not-the-password")
        after = client.http.get("/api/context")

    assert answer.status_code == 401
    assert 'role="alert">The email address or password is incorrect' in answer.text
    assert "set-cookie" not in answer.headers
    assert after.status_code == 401


def test_sign_in_sets_an_http_only_cookie_and_returns_to_next(mock_sites: MockSites) -> None:
    mock_sites.reset("notice")
    with AepClient(mock_sites.aep_url) as client:
        answer = client.http.post(
            "/signin",
            data={"email": AEP_USER_EMAIL, "password": AEP_USER_PASSWORD, "next": "/app/#/x"},
        )
        context = client.json("GET", "/api/context")

    cookie = answer.headers["set-cookie"]
    assert (answer.status_code, answer.headers["location"]) == (303, "/app/#/x")
    assert cookie.startswith("aep_session=")
    assert "HttpOnly" in cookie
    assert "samesite=lax" in cookie.lower()
    assert context["user"]["email"] == AEP_USER_EMAIL
    assert context["org"] == "Acme Corp"
    assert context["tenant"] == "acme"
    assert context["now"] == "2023-12-01T12:00:00+00:00"
    assert context["pinterest_url"] == mock_sites.pinterest_url
    assert context["variants"] == {name: values[0] for name, values in VARIANTS.items()}
    assert [s["name"] for s in context["sandboxes"]] == ["prod"]


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil.example"])
def test_sign_in_never_sends_the_browser_to_another_site(
    mock_sites: MockSites, target: str
) -> None:
    answer = httpx.post(
        f"{mock_sites.aep_url}/signin",
        data={"email": AEP_USER_EMAIL, "password": AEP_USER_PASSWORD, "next": target},
    )

    assert answer.headers["location"] == "/"


def test_session_survives_a_reset_and_ends_at_sign_out(
    mock_sites: MockSites, aep: AepClient
) -> None:
    mock_sites.reset("migrated")
    during = aep.http.get("/api/context")
    aep.http.get("/signout")
    after = aep.http.get("/api/context")

    assert during.status_code == 200
    assert after.status_code == 401


def test_accounts_of_the_notice_scenario(aep: AepClient) -> None:
    accounts = {a["destination"]: a for a in aep.accounts()}

    assert set(accounts) == {
        OLD_CARD,
        NEW_CARD,
        "Facebook Custom Audience",
        "Google Customer Match",
    }
    old, new = accounts[OLD_CARD], accounts[NEW_CARD]
    assert old["connections"] == new["connections"] == 3
    assert old["connection_type"] == "OAuth 2"
    assert old["shows_expiry"] is True
    assert old["expires"] == "2023-12-21T12:00:00+00:00"
    assert old["expiry_warning"] is False
    # Copied from the old card: its grant ended on the copy date.
    assert new["expires"] == "2023-11-16T09:00:00+00:00"
    assert new["expiry_warning"] is True
    assert accounts["Google Customer Match"]["expires"] is None


def test_flows_of_the_notice_scenario(aep: AepClient) -> None:
    flows = aep.flows()
    pinterest = [f for f in flows if f["destination"] in (OLD_CARD, NEW_CARD)]

    assert len(flows) == 8
    assert {f["name"] for f in pinterest} == {
        "Loyalty campaign",
        "Spring sale retargeting",
        "Cart recovery",
    }
    assert all(f["status"] == "Enabled" for f in pinterest if f["destination"] == OLD_CARD)
    assert all(f["status"] == "Disabled" for f in pinterest if f["destination"] == NEW_CARD)
    cart_old = flow_named(aep, "Cart recovery", OLD_CARD)
    cart_new = flow_named(aep, "Cart recovery", NEW_CARD)
    assert (cart_old["activation_count"], cart_new["activation_count"]) == (2, 1)
    assert cart_new["account_expires"] == "2023-11-16T09:00:00+00:00"
    assert cart_new["last_run_status"] is None


def test_flow_details(aep: AepClient) -> None:
    row = flow_named(aep, "Loyalty campaign", NEW_CARD)

    flow = aep.json("GET", f"/api/flows/{row['id']}")

    assert {a["name"] for a in flow["activations"]} == {"Loyalty members", "High-value customers"}
    assert flow["ad_account_id"] == AD_ACCOUNT_ID
    assert flow["can_manage"] is True
    assert (flow["connection_type"], flow["frequency"]) == ("Profile-based", "Streaming")
    assert flow["category"] == "Advertising"
    assert flow["runs"] == []
    assert aep.http.get("/api/flows/no-such-flow").status_code == 404


def test_enable_and_disable_change_the_flow_and_count_changes(
    mock_sites: MockSites, aep: AepClient
) -> None:
    old = flow_named(aep, "Spring sale retargeting", OLD_CARD)
    mock_sites.advance_clock(60)

    disabled = aep.flow_action(old["id"], "disable")
    again = aep.flow_action(old["id"], "disable")

    state = mock_sites.aep_state()
    stored = state["flows"][old["id"]]
    assert disabled.status_code == again.status_code == 200
    assert disabled.json()["status"] == "Disabled"
    assert stored["enabled"] is False
    assert stored["modified"] == "2023-12-01T12:01:00+00:00"
    assert stored["modified_by"] == AEP_USER_EMAIL
    assert state["change_count"] == 2, "a request that changes nothing still counts"
    assert [(c["op"], c["flow_id"], c["changed"]) for c in state["changes"]] == [
        ("disable", old["id"], True),
        ("disable", old["id"], False),
    ]


def test_a_bad_action_is_refused_and_not_counted(mock_sites: MockSites, aep: AepClient) -> None:
    old = flow_named(aep, "Spring sale retargeting", OLD_CARD)

    bad_op = aep.http.post(f"/api/flows/{old['id']}/action", params={"op": "pause"})
    no_flow = aep.flow_action("no-such-flow", "disable")

    assert bad_op.status_code == 400
    assert no_flow.status_code == 404
    assert mock_sites.aep_state()["change_count"] == 0


def test_without_manage_destinations_changes_answer_403(
    mock_sites: MockSites, aep: AepClient
) -> None:
    mock_sites.reset("notice", faults={"no_manage_permission": True})
    old = flow_named(aep, "Loyalty campaign", OLD_CARD)

    action = aep.flow_action(old["id"], "disable")
    edit = aep.http.patch(f"/api/accounts/{old['account_id']}", json={"name": "x"})

    assert action.status_code == edit.status_code == 403
    assert "Manage Destinations" in action.json()["error"]
    assert "Manage Destinations" not in aep.json("GET", "/api/context")["user"]["permissions"]
    assert aep.json("GET", f"/api/flows/{old['id']}")["can_manage"] is False
    state = mock_sites.aep_state()
    assert state["flows"][old["id"]]["enabled"] is True
    assert state["change_count"] == 0


def test_fault_flow_action_errors_fails_the_next_actions_then_recovers(
    mock_sites: MockSites, aep: AepClient
) -> None:
    mock_sites.reset("notice", faults={"flow_action_errors": 1})
    old = flow_named(aep, "Loyalty campaign", OLD_CARD)

    first = aep.flow_action(old["id"], "disable")
    second = aep.flow_action(old["id"], "disable")

    assert first.status_code == 503
    assert "temporarily unavailable" in first.json()["error"]
    assert second.status_code == 200
    assert mock_sites.aep_state()["change_count"] == 1


def test_edit_details_saves_name_and_description(mock_sites: MockSites, aep: AepClient) -> None:
    account = next(a for a in aep.accounts() if a["destination"] == NEW_CARD)
    path = f"/api/accounts/{account['id']}"

    saved = aep.http.patch(path, json={"name": " Pinterest v5 ", "description": "Acme"})
    empty = aep.http.patch(path, json={"name": ""})
    foreign = aep.http.patch(path, json={"username": "someone"})

    assert saved.status_code == 200
    assert (saved.json()["name"], saved.json()["description"]) == ("Pinterest v5", "Acme")
    assert empty.status_code == foreign.status_code == 400
    state = mock_sites.aep_state()
    assert state["accounts"][account["id"]]["name"] == "Pinterest v5"
    assert [(c["op"], c["account_id"]) for c in state["changes"]] == [
        ("edit_account", account["id"])
    ]


def test_an_account_in_use_cannot_be_deleted(mock_sites: MockSites, aep: AepClient) -> None:
    google = next(a for a in aep.accounts() if a["destination"] == "Google Customer Match")
    flow = next(f for f in aep.flows() if f["account_id"] == google["id"])

    refused = aep.http.delete(f"/api/accounts/{google['id']}")
    flow_deleted = aep.http.delete(f"/api/flows/{flow['id']}")
    account_deleted = aep.http.delete(f"/api/accounts/{google['id']}")

    assert refused.status_code == 409
    assert flow_deleted.status_code == account_deleted.status_code == 200
    state = mock_sites.aep_state()
    assert google["id"] not in state["accounts"]
    assert flow["id"] not in state["flows"]
    assert [c["op"] for c in state["changes"]] == ["delete_flow", "delete_account"]


def test_fault_session_expiry_ends_the_sign_in_mid_run(
    mock_sites: MockSites, aep: AepClient
) -> None:
    mock_sites.reset("notice", faults={"aep_session_expires_after": 2})

    answers = [aep.http.get("/api/context").status_code for _ in range(3)]
    page = aep.http.get("/")
    aep.sign_in(AEP_USER_EMAIL, AEP_USER_PASSWORD)
    again = aep.http.get("/api/context")

    assert answers == [200, 200, 401]
    assert page.status_code == 302
    assert page.headers["location"] == "/signin?next=%2F"
    assert again.status_code == 200, "signing in again works"


def test_fault_change_error_at_fails_the_kth_action_only(
    mock_sites: MockSites, aep: AepClient
) -> None:
    mock_sites.reset("notice", faults={"change_error_at": 2})
    old = flow_named(aep, "Loyalty campaign", OLD_CARD)
    new = flow_named(aep, "Loyalty campaign", NEW_CARD)

    answers = [aep.flow_action(new["id"], "enable"), aep.flow_action(old["id"], "disable")]
    again = aep.flow_action(old["id"], "disable")

    assert [a.status_code for a in answers] == [200, 503]
    assert again.status_code == 200
    assert mock_sites.aep_state()["change_count"] == 2, "the failed action saved nothing"


def test_fault_change_response_lost_at_saves_then_answers_504(
    mock_sites: MockSites, aep: AepClient
) -> None:
    mock_sites.reset("notice", faults={"change_response_lost_at": 1})
    new = flow_named(aep, "Loyalty campaign", NEW_CARD)

    lost = aep.flow_action(new["id"], "enable")

    assert lost.status_code == 504
    assert mock_sites.aep_state()["flows"][new["id"]]["enabled"] is True, "saved all the same"


def test_fault_stale_browse_list_shows_the_old_status_once(
    mock_sites: MockSites, aep: AepClient
) -> None:
    mock_sites.reset("notice", faults={"stale_browse_list": True})
    new = flow_named(aep, "Loyalty campaign", NEW_CARD)
    assert aep.flow_action(new["id"], "enable").status_code == 200

    stale = flow_named(aep, "Loyalty campaign", NEW_CARD)
    fresh = flow_named(aep, "Loyalty campaign", NEW_CARD)

    assert (stale["enabled"], stale["status"]) == (False, "Disabled")
    assert (fresh["enabled"], fresh["status"]) == (True, "Enabled")


def test_fault_colleague_changes_pair_enables_the_first_new_flow_once(
    mock_sites: MockSites, aep: AepClient
) -> None:
    mock_sites.reset("large", options={"pairs": 2})
    mock_sites.set_faults({"colleague_changes_pair": True})
    second = flow_named(aep, "Campaign 0002", NEW_CARD)

    assert aep.http.get(f"/api/flows/{second['id']}").status_code == 200
    assert aep.http.get(f"/api/flows/{second['id']}").status_code == 200

    changes = mock_sites.aep_state()["changes"]
    assert [(c["op"], c["by"]) for c in changes] == [("enable", "colleague@acme.example")]
    assert flow_named(aep, "Campaign 0001", NEW_CARD)["enabled"] is True
    assert flow_named(aep, "Campaign 0002", NEW_CARD)["enabled"] is False
