"""The mock Pinterest's API v5: errors, paging, customer lists and audiences, processing,
the 429 fault, and the retired v4 surface."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from mocks.client import MockSites
from mocks.pinterest.client import (
    authorization_code,
    bearer,
    exchange,
    oauth_grant,
    oauth_token,
)
from mocks.pinterest.state import AdAccount, PinterestUser
from mocks.scenarios import AD_ACCOUNT_ID

AUDIENCES = f"/v5/ad_accounts/{AD_ACCOUNT_ID}/audiences"
CUSTOMER_LISTS = f"/v5/ad_accounts/{AD_ACCOUNT_ID}/customer_lists"
FOREIGN_AD_ACCOUNT = "549755999999"
SHARED_AD_ACCOUNT = "549755888888"
NOW = 1701432000  # the scenarios' "now": 2023-12-01 12:00 UTC


def records(count: int, start: int = 0) -> str:
    return ",".join(f"member{i}@example.com" for i in range(start, start + count))


def callback_of(mock_sites: MockSites) -> str:
    return f"{mock_sites.aep_url}/oauth/pinterest/callback"


@pytest.fixture
def api(mock_sites: MockSites) -> Iterator[httpx.Client]:
    """API v5 as Adobe's app calls it, with every scope, in a fresh "notice" scenario."""
    mock_sites.reset("notice")
    token = oauth_token(mock_sites.pinterest_url, callback_of(mock_sites))
    with httpx.Client(base_url=mock_sites.pinterest_url, headers=bearer(token)) as client:
        yield client


def add_other_ad_accounts(mock_sites: MockSites) -> None:
    """Another company's ad account, and one it shares with the scenario's user."""
    world = mock_sites.world
    with world.lock:
        state = world.pinterest
        me = next(iter(state.users))
        other = PinterestUser("1014932261499999", "globex", "ads@globex.example", "pw")
        state.users[other.id] = other
        state.ad_accounts[FOREIGN_AD_ACCOUNT] = AdAccount(FOREIGN_AD_ACCOUNT, "Globex", other.id)
        state.ad_accounts[SHARED_AD_ACCOUNT] = AdAccount(
            SHARED_AD_ACCOUNT, "Globex for Acme", other.id, member_user_ids=[me]
        )


def create_list(api: httpx.Client, name: str, count: int) -> dict[str, Any]:
    response = api.post(CUSTOMER_LISTS, json={"name": name, "records": records(count)})
    assert response.status_code == 200, response.text
    created: dict[str, Any] = response.json()
    return created


def create_audience(api: httpx.Client, name: str, customer_list_id: str) -> dict[str, Any]:
    body = {
        "name": name,
        "audience_type": "CUSTOMER_LIST",
        "rule": {"customer_list_id": customer_list_id},
        "description": "Adobe Experience Platform audience test",
    }
    response = api.post(AUDIENCES, json=body)
    assert response.status_code == 200, response.text
    created: dict[str, Any] = response.json()
    return created


# --- errors -----------------------------------------------------------------------------


@pytest.mark.parametrize("authorization", [None, "Bearer pina_unknown", "Basic eDp5"])
def test_missing_or_unknown_token_is_401_code_2(
    mock_sites: MockSites, authorization: str | None
) -> None:
    mock_sites.reset("notice")
    headers = {"Authorization": authorization} if authorization else {}

    answer = httpx.get(f"{mock_sites.pinterest_url}/v5/ad_accounts", headers=headers)

    assert answer.status_code == 401
    assert answer.json() == {"code": 2, "message": "Authentication failed."}


def test_a_refresh_token_is_no_access_token(mock_sites: MockSites) -> None:
    mock_sites.reset("notice")
    grant = oauth_grant(mock_sites.pinterest_url, callback_of(mock_sites))

    answer = httpx.get(
        f"{mock_sites.pinterest_url}/v5/ad_accounts", headers=bearer(grant["refresh_token"])
    )

    assert answer.status_code == 401


def test_token_without_the_scope_is_401_code_3(mock_sites: MockSites) -> None:
    mock_sites.reset("notice")
    token = oauth_token(mock_sites.pinterest_url, callback_of(mock_sites), ["ads:read"])
    client = httpx.Client(base_url=mock_sites.pinterest_url, headers=bearer(token))

    read = client.get(AUDIENCES)
    write = client.post(CUSTOMER_LISTS, json={"name": "x", "records": records(1)})
    me = client.get("/v5/user_account")

    assert read.status_code == 200
    for answer in (write, me):
        assert answer.status_code == 401
        assert answer.json()["code"] == 3
        assert answer.json()["message"].startswith("Your token does not have sufficient")


def test_someone_elses_ad_account_is_403_code_29(mock_sites: MockSites, api: httpx.Client) -> None:
    add_other_ad_accounts(mock_sites)

    answers = [
        api.get(f"/v5/ad_accounts/{FOREIGN_AD_ACCOUNT}"),
        api.get(f"/v5/ad_accounts/{FOREIGN_AD_ACCOUNT}/audiences"),
        api.post(f"/v5/ad_accounts/{FOREIGN_AD_ACCOUNT}/customer_lists", json={}),
        api.get("/v5/user_account", params={"ad_account_id": FOREIGN_AD_ACCOUNT}),
    ]

    assert [a.status_code for a in answers] == [403, 403, 403, 403]
    assert answers[0].json() == {
        "code": 29,
        "message": "You are not permitted to access that resource.",
    }


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/v5/ad_accounts/123456/audiences", {"code": 2, "message": "AdAccount not found."}),
        ("/v5/ad_accounts/123456", {"code": 2, "message": "AdAccount not found."}),
        (f"{AUDIENCES}/549700009999", {"code": 404, "message": "Audience not found."}),
        (f"{CUSTOMER_LISTS}/549700009999", {"code": 404, "message": "Customer list not found."}),
        ("/v5/no_such_thing", {"code": 404, "message": "Not Found"}),
    ],
)
def test_unknown_ids_are_404(api: httpx.Client, path: str, body: dict[str, Any]) -> None:
    answer = api.get(path)

    assert answer.status_code == 404
    assert answer.json() == body


def test_an_audience_id_from_another_ad_account_is_404(
    mock_sites: MockSites, api: httpx.Client
) -> None:
    add_other_ad_accounts(mock_sites)
    mine = api.get(AUDIENCES).json()["items"][0]["id"]

    answer = api.get(f"/v5/ad_accounts/{SHARED_AD_ACCOUNT}/audiences/{mine}")

    assert answer.status_code == 404


@pytest.mark.parametrize(
    "params",
    [
        {"page_size": "0"},
        {"page_size": "251"},
        {"page_size": "ten"},
        {"order": "NEWEST"},
        {"bookmark": "not-a-bookmark"},
        {"ownership_type": "BORROWED"},
    ],
)
def test_bad_parameters_are_400_code_1(api: httpx.Client, params: dict[str, str]) -> None:
    answer = api.get(AUDIENCES, params=params)

    assert answer.status_code == 400
    assert answer.json()["code"] == 1


@pytest.mark.parametrize(
    "body",
    [
        {"name": "x"},
        {"name": "x", "records": ""},
        {"name": "x", "records": "a@example.com", "list_type": "PHONE"},
        {"name": 5, "records": "a@example.com"},
        [1, 2],
    ],
)
def test_bad_customer_list_bodies_are_400_code_1(api: httpx.Client, body: Any) -> None:
    answer = api.post(CUSTOMER_LISTS, json=body)

    assert answer.status_code == 400
    assert answer.json()["code"] == 1


def test_bad_audience_bodies_are_400_code_1(api: httpx.Client) -> None:
    base = {"name": "x", "audience_type": "CUSTOMER_LIST", "rule": {"customer_list_id": "1"}}

    answers = [
        api.post(AUDIENCES, json=base),  # no such customer list
        api.post(AUDIENCES, json={**base, "audience_type": "FRIENDS"}),
        api.post(AUDIENCES, json={**base, "rule": {"percentage": "10"}}),
        api.post(AUDIENCES, json={**base, "rule": {"seed_id": ["12a"]}}),
        api.post(AUDIENCES, content=b'{"name": NaN}'),
    ]

    assert [a.status_code for a in answers] == [400] * 5
    assert {a.json()["code"] for a in answers} == {1}


# --- reading ----------------------------------------------------------------------------


def test_user_account_is_the_tokens_user(api: httpx.Client) -> None:
    me = api.get("/v5/user_account").json()

    assert (me["username"], me["account_type"], me["id"]) == (
        "acme_marketing",
        "BUSINESS",
        "1014932261412345",
    )


def test_ad_accounts_lists_owned_and_shared_accounts(
    mock_sites: MockSites, api: httpx.Client
) -> None:
    add_other_ad_accounts(mock_sites)

    every = api.get("/v5/ad_accounts").json()
    owned = api.get("/v5/ad_accounts", params={"include_shared_accounts": "false"}).json()
    shared = api.get(f"/v5/ad_accounts/{SHARED_AD_ACCOUNT}").json()

    assert [(a["id"], a["permissions"]) for a in every["items"]] == [
        (AD_ACCOUNT_ID, ["OWNER"]),
        (SHARED_AD_ACCOUNT, ["AUDIENCE_MANAGER"]),
    ]
    assert every["items"][1]["owner"] == {"id": "1014932261499999", "username": "globex"}
    assert shared == every["items"][1]
    assert [a["id"] for a in owned["items"]] == [AD_ACCOUNT_ID]
    assert every["bookmark"] is None


def test_bookmarks_page_through_every_audience_once(mock_sites: MockSites) -> None:
    mock_sites.reset("large", options={"pairs": 30})
    token = oauth_token(mock_sites.pinterest_url, callback_of(mock_sites))
    api = httpx.Client(base_url=mock_sites.pinterest_url, headers=bearer(token))

    pages: list[list[dict[str, Any]]] = []
    bookmark: str | None = None
    while True:
        params = {"bookmark": bookmark} if bookmark else {}
        page = api.get(AUDIENCES, params=params).json()
        pages.append(page["items"])
        bookmark = page["bookmark"]
        if bookmark is None:
            break

    ids = [int(item["id"]) for page in pages for item in page]
    assert [len(page) for page in pages] == [25, 25, 10]
    assert ids == sorted(ids)
    assert len(set(ids)) == 60


def test_descending_order_and_page_size(mock_sites: MockSites) -> None:
    mock_sites.reset("large", options={"pairs": 30})
    token = oauth_token(mock_sites.pinterest_url, callback_of(mock_sites))
    api = httpx.Client(base_url=mock_sites.pinterest_url, headers=bearer(token))

    first = api.get(AUDIENCES, params={"order": "DESCENDING", "page_size": 250}).json()
    second = api.get(AUDIENCES, params={"order": "DESCENDING", "page_size": 7}).json()
    third = api.get(
        AUDIENCES, params={"order": "DESCENDING", "page_size": 7, "bookmark": second["bookmark"]}
    ).json()

    ids = [item["id"] for item in first["items"]]
    assert len(ids) == 60
    assert first["bookmark"] is None
    assert ids == sorted(ids, reverse=True)
    assert [item["id"] for item in second["items"] + third["items"]] == ids[:14]


def test_received_audiences_are_none(api: httpx.Client) -> None:
    answer = api.get(AUDIENCES, params={"ownership_type": "RECEIVED"}).json()

    assert answer == {"items": [], "bookmark": None}


# --- customer lists and audiences -------------------------------------------------------


def test_customer_list_add_remove_and_an_audience_over_it(
    mock_sites: MockSites, api: httpx.Client
) -> None:
    created = create_list(api, "Winter sale", 120)
    audience = create_audience(api, "Winter sale", created["id"])
    mock_sites.advance_clock(60)

    added = api.patch(
        f"{CUSTOMER_LISTS}/{created['id']}",
        json={"operation_type": "ADD", "records": records(10, start=115)},
    ).json()
    removed = api.patch(
        f"{CUSTOMER_LISTS}/{created['id']}",
        json={"operation_type": "REMOVE", "records": records(30) + ",absent@example.com"},
    ).json()
    audience_after = api.get(f"{AUDIENCES}/{audience['id']}").json()

    assert created["status"] == "READY"
    assert (created["type"], created["num_batches"], created["num_uploaded_user_records"]) == (
        "customerlist",
        1,
        120,
    )
    assert (added["num_batches"], added["num_uploaded_user_records"]) == (2, 130)
    assert (removed["num_batches"], removed["num_removed_user_records"]) == (3, 31)
    assert removed["updated_time"] == NOW + 60
    assert removed["status"] == "TOO_SMALL", "125 members, 30 removed (one was absent): 95"
    assert audience["size"] == 120
    assert audience["type"] == "audience"
    assert audience_after["size"] == 95
    assert audience_after["status"] == "TOO_SMALL"
    assert audience_after["updated_timestamp"] == NOW + 60
    assert audience_after["created_timestamp"] == NOW


def test_state_holds_what_the_api_changed(mock_sites: MockSites, api: httpx.Client) -> None:
    created = create_list(api, "Winter sale", 3)

    state = mock_sites.pinterest_state()

    stored = state["customer_lists"][created["id"]]
    assert stored["records"] == [
        "member0@example.com",
        "member1@example.com",
        "member2@example.com",
    ]
    assert stored["status"] == "TOO_SMALL"
    assert [(r["method"], r["path"], r["status"]) for r in state["api_requests"][-1:]] == [
        ("POST", CUSTOMER_LISTS, 200)
    ]


def test_lists_and_audiences_process_for_the_fault_delay(mock_sites: MockSites) -> None:
    mock_sites.reset("notice", faults={"pinterest_processing_delay_s": 3600})
    token = oauth_token(mock_sites.pinterest_url, callback_of(mock_sites))
    api = httpx.Client(base_url=mock_sites.pinterest_url, headers=bearer(token))
    created = create_list(api, "Slow list", 150)
    audience = create_audience(api, "Slow list", created["id"])

    mock_sites.advance_clock(3599)
    pending_list = api.get(f"{CUSTOMER_LISTS}/{created['id']}").json()
    pending = api.get(f"{AUDIENCES}/{audience['id']}").json()
    mock_sites.advance_clock(1)
    ready_list = api.get(f"{CUSTOMER_LISTS}/{created['id']}").json()
    ready = api.get(f"{AUDIENCES}/{audience['id']}").json()

    assert (created["status"], audience["status"], audience["size"]) == (
        "PROCESSING",
        "INITIALIZING",
        None,
    )
    assert (pending_list["status"], pending["status"], pending["size"]) == (
        "PROCESSING",
        "INITIALIZING",
        None,
    )
    assert (ready_list["status"], ready["status"], ready["size"]) == ("READY", "READY", 150)


def test_adding_records_reprocesses_the_audiences_on_the_list(mock_sites: MockSites) -> None:
    mock_sites.reset("notice", faults={"pinterest_processing_delay_s": 600})
    token = oauth_token(mock_sites.pinterest_url, callback_of(mock_sites))
    api = httpx.Client(base_url=mock_sites.pinterest_url, headers=bearer(token))
    seeded = api.get(AUDIENCES).json()["items"][0]
    list_id = seeded["rule"]["customer_list_id"]

    api.patch(
        f"{CUSTOMER_LISTS}/{list_id}",
        json={"operation_type": "ADD", "records": records(5, start=9000)},
    )
    during = api.get(f"{AUDIENCES}/{seeded['id']}").json()
    mock_sites.advance_clock(600)
    after = api.get(f"{AUDIENCES}/{seeded['id']}").json()

    assert seeded["status"] == "READY"
    assert (during["status"], during["size"], during["updated_timestamp"]) == (
        "INITIALIZING",
        150,
        NOW,
    )
    assert (after["status"], after["size"]) == ("READY", 155)


def test_audience_update_and_remove(api: httpx.Client) -> None:
    created = create_list(api, "Renamed", 100)
    audience = create_audience(api, "Old name", created["id"])
    path = f"{AUDIENCES}/{audience['id']}"

    renamed = api.patch(path, json={"operation_type": "UPDATE", "name": "New name"}).json()
    removed = api.patch(path, json={"operation_type": "REMOVE"})
    gone = api.get(path)

    assert (renamed["name"], renamed["status"]) == ("New name", "READY")
    assert removed.status_code == 200
    assert gone.status_code == 404
    assert audience["id"] not in [a["id"] for a in api.get(AUDIENCES).json()["items"]]


# --- faults and v4 ----------------------------------------------------------------------


def test_rate_limit_fault_answers_429_code_8_for_the_next_n_requests(
    mock_sites: MockSites,
) -> None:
    mock_sites.reset("notice", faults={"pinterest_rate_limit": 3})
    callback = callback_of(mock_sites)
    code = authorization_code(mock_sites.pinterest_url, callback)
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": callback}
    url = mock_sites.pinterest_url

    limited = [
        exchange(url, form),
        httpx.get(f"{url}/v5/ad_accounts", headers=bearer("pina_unknown")),
        exchange(url, form),
    ]
    granted = exchange(url, form)
    listed = httpx.get(f"{url}/v5/ad_accounts", headers=bearer(granted.json()["access_token"]))

    assert [a.status_code for a in limited] == [429, 429, 429]
    assert limited[1].json()["code"] == 8
    assert limited[1].json()["message"].startswith("This request exceeded a rate limit.")
    assert (granted.status_code, listed.status_code) == (200, 200)
    state = mock_sites.pinterest_state()
    assert state["rate_limited"] == 3
    assert [r["status"] for r in state["api_requests"]] == [429, 429, 429, 200, 200]


def test_v4_answers_until_the_shutdown_then_410(mock_sites: MockSites) -> None:
    mock_sites.reset("notice")
    v4 = httpx.Client(base_url=mock_sites.pinterest_url)
    create = f"/ads/v4/advertisers/{AD_ACCOUNT_ID}/customer_lists"
    token = v4.put("/v3/oauth/access_token/", data={"grant_type": "refresh_token"})
    mock_sites.advance_clock(48 * 86400 - 12 * 3600 - 1)  # a second before 2024-01-18 00:00 UTC

    created = v4.post(create, json={"name": "Old export"})
    mock_sites.advance_clock(1)
    gone = v4.post(create, json={"name": "Old export"})

    assert token.json()["status"] == "success"
    assert created.status_code == 200
    assert created.json()["status"] == "success"
    assert created.json()["data"]["name"] == "Old export"
    assert created.json()["data"]["id"].isdigit()
    assert gone.status_code == 410
    assert gone.json() == {
        "status": "failure",
        "code": 410,
        "message": "This endpoint has been deprecated and is no longer available. Use API v5.",
    }
    logged = mock_sites.pinterest_state()["v4_requests"]
    assert [(r["method"], r["path"], r["status"]) for r in logged] == [
        ("PUT", "/v3/oauth/access_token/", 200),
        ("POST", create, 200),
        ("POST", create, 410),
    ]
    assert logged[-1]["at"] == 1705536000
