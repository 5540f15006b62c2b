"""The mock Pinterest's login page, OAuth consent and token endpoint, over HTTP."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from mocks.client import MockSites
from mocks.pinterest.client import (
    CANCEL,
    GIVE_ACCESS,
    PinterestPerson,
    authorization_code,
    authorize_params,
    bearer,
    exchange,
    oauth_grant,
    redirect_query,
)
from mocks.scenarios import AEP_CLIENT_ID, AEP_CLIENT_SECRET, PINTEREST_USERNAME

UNKNOWN_EMAIL = "The email you entered does not belong to any account."


@pytest.fixture
def callback(mock_sites: MockSites) -> str:
    """Adobe's registered redirect URI, in a freshly reset "notice" scenario."""
    mock_sites.reset("notice")
    return f"{mock_sites.aep_url}/oauth/pinterest/callback"


@pytest.fixture
def person(mock_sites: MockSites) -> Iterator[PinterestPerson]:
    with PinterestPerson(mock_sites.pinterest_url) as someone:
        yield someone


def code_exchange(callback: str, code: str) -> dict[str, str]:
    return {"grant_type": "authorization_code", "code": code, "redirect_uri": callback}


def test_login_page_has_labelled_email_and_password(person: PinterestPerson) -> None:
    page = person.http.get("/login/")

    assert page.status_code == 200
    assert "<title>Log in | Pinterest</title>" in page.text
    assert '<label for="email">Email</label>' in page.text
    assert '<input id="email" name="id" type="email"' in page.text
    assert '<label for="password">Password</label>' in page.text
    assert '<input id="password" name="password" type="password"' in page.text
    assert '<button class="primary" type="submit">Log in</button>' in page.text


def test_unknown_email_gets_pinterests_wording(callback: str, person: PinterestPerson) -> None:
    page = person.log_in(email="nobody@acme.example")

    assert page.status_code == 200
    assert UNKNOWN_EMAIL in page.text
    assert "_pinterest_sess" not in page.headers.get("set-cookie", "")


def test_wrong_password_is_refused(callback: str, person: PinterestPerson) -> None:
    page = person.log_in(password="not-the-password")

    assert "The password you entered is incorrect." in page.text
    assert UNKNOWN_EMAIL not in page.text
    assert "_pinterest_sess" not in page.headers.get("set-cookie", "")


def test_login_sets_an_httponly_session_and_goes_to_next(
    callback: str, person: PinterestPerson
) -> None:
    answer = person.log_in(next_path="/advertiser/549755885175/audiences/")

    assert answer.status_code == 302
    assert answer.headers["location"] == "/advertiser/549755885175/audiences/"
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith("_pinterest_sess=")
    assert "HttpOnly" in cookie
    assert PINTEREST_USERNAME in person.http.get("/").text


@pytest.mark.parametrize(
    "next_path", ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:x"]
)
def test_login_never_sends_anyone_off_the_origin(
    callback: str, person: PinterestPerson, next_path: str
) -> None:
    answer = person.log_in(next_path=next_path)

    assert answer.headers["location"] == "/"


def test_authorize_asks_a_logged_out_person_to_log_in_first(
    callback: str, person: PinterestPerson
) -> None:
    params = authorize_params(callback)
    first = person.authorize(**params)
    assert first.status_code == 302
    login_page = person.http.get(first.headers["location"])
    back_to = redirect_query(first)["next"]

    logged_in = person.log_in(next_path=back_to)
    consent = person.http.get(logged_in.headers["location"])

    assert back_to.startswith("/oauth/?")
    assert "client_id=1484362" in back_to
    assert 'name="next" value="/oauth/?' in login_page.text
    assert consent.status_code == 200
    assert "Give access" in consent.text


def test_consent_names_the_app_the_scopes_and_the_user(
    callback: str, person: PinterestPerson
) -> None:
    person.log_in()

    consent = person.authorize(**authorize_params(callback, ["ads:read", "user_accounts:read"]))

    heading = "Adobe Experience Platform wants to access your Pinterest account"
    assert f'<h1 id="consent-heading">{heading}</h1>' in consent.text
    assert "See all of your advertising data, including ads, ad groups, campaigns etc." in (
        consent.text
    )
    assert "See your user accounts and followers" in consent.text
    assert "Create, update, or delete ads" not in consent.text, "ads:write was not asked for"
    assert f"<strong>{PINTEREST_USERNAME}</strong>" in consent.text
    assert 'value="allow">Give access</button>' in consent.text
    assert 'value="deny">Cancel</button>' in consent.text


def test_give_access_redirects_with_a_code_and_the_state(
    mock_sites: MockSites, callback: str, person: PinterestPerson
) -> None:
    person.log_in()
    consent = person.authorize(**authorize_params(callback, state="s-123 ü&x"))

    answer = person.answer_consent(consent, GIVE_ACCESS)

    assert answer.headers["location"].startswith(callback + "?code=")
    query = redirect_query(answer)
    assert query["state"] == "s-123 ü&x"
    codes = mock_sites.pinterest_state()["codes"]
    assert codes == [
        {
            "code_set": True,
            "client_id": AEP_CLIENT_ID,
            "redirect_uri": callback,
            "user_id": "1014932261412345",
            "scopes": ["ads:read", "ads:write", "user_accounts:read"],
            "expires_at": 1701432600,  # 2023-12-01 12:10 UTC, ten minutes after "now"
            "used": False,
        }
    ]


def test_quickstart_style_request_with_consumer_id_is_understood(
    callback: str, person: PinterestPerson
) -> None:
    person.log_in()
    params = authorize_params(callback)
    params["consumer_id"] = params.pop("client_id")

    consent = person.authorize(**params, refreshable="True")

    assert consent.status_code == 200
    assert redirect_query(person.answer_consent(consent, GIVE_ACCESS))["code"]


def test_cancel_redirects_with_access_denied(
    mock_sites: MockSites, callback: str, person: PinterestPerson
) -> None:
    person.log_in()
    consent = person.authorize(**authorize_params(callback, state="keep-me"))

    answer = person.answer_consent(consent, CANCEL)

    assert redirect_query(answer) == {"error": "access_denied", "state": "keep-me"}
    assert mock_sites.pinterest_state()["codes"] == []


def test_fault_oauth_consent_denied_answers_give_access_as_cancel(
    mock_sites: MockSites, callback: str, person: PinterestPerson
) -> None:
    mock_sites.set_faults({"oauth_consent_denied": True})
    person.log_in()
    consent = person.authorize(**authorize_params(callback, state="keep-me"))

    answer = person.answer_consent(consent, GIVE_ACCESS)

    assert redirect_query(answer) == {"error": "access_denied", "state": "keep-me"}
    assert mock_sites.pinterest_state()["codes"] == []


def test_unknown_app_is_refused_without_redirect(callback: str, person: PinterestPerson) -> None:
    person.log_in()
    params = {**authorize_params(callback), "client_id": "999"}

    answer = person.authorize(**params)

    assert answer.status_code == 400
    assert answer.json()["data"] == "Invalid Application ID"


def test_unregistered_redirect_uri_is_refused_without_redirect(
    callback: str, person: PinterestPerson
) -> None:
    person.log_in()

    answer = person.authorize(**authorize_params("https://evil.example/callback"))

    assert answer.status_code == 403
    assert "location" not in answer.headers
    body = answer.json()
    assert (body["status"], body["code"]) == ("failure", 7)
    assert body["message"] == "You are not permitted to access that resource."
    assert "does not match any of the registered redirect URIs" in body["data"]


def test_unknown_scope_goes_back_to_the_app_as_invalid_scope(
    callback: str, person: PinterestPerson
) -> None:
    person.log_in()

    answer = person.authorize(**authorize_params(callback, ["ads:read", "everything:write"]))

    assert redirect_query(answer) == {"error": "invalid_scope", "state": "mock-state"}


def test_consent_without_the_sessions_form_value_is_refused(
    callback: str, person: PinterestPerson
) -> None:
    person.log_in()
    forged = {**authorize_params(callback), "decision": GIVE_ACCESS, "csrf": "guessed"}

    answer = person.http.post("/oauth/", data=forged)

    assert answer.status_code == 403
    assert "location" not in answer.headers


def test_code_exchange_gives_30_day_bearer_token_and_refresh_token(
    mock_sites: MockSites, callback: str
) -> None:
    grant = oauth_grant(mock_sites.pinterest_url, callback)

    assert grant["access_token"].startswith("pina_")
    assert grant["token_type"] == "bearer"
    assert grant["expires_in"] == 2592000
    assert grant["scope"] == "ads:read,ads:write,user_accounts:read"
    assert grant["response_type"] == "authorization_code"
    assert grant["refresh_token"].startswith("pinr_")
    assert grant["refresh_token_expires_in"] == 365 * 86400
    assert grant["refresh_token_expires_at"] == 1701432000 + 365 * 86400
    me = httpx.get(
        f"{mock_sites.pinterest_url}/v5/user_account", headers=bearer(grant["access_token"])
    )
    assert me.json()["username"] == PINTEREST_USERNAME


def test_a_code_works_once(mock_sites: MockSites, callback: str) -> None:
    code = authorization_code(mock_sites.pinterest_url, callback)
    first = exchange(mock_sites.pinterest_url, code_exchange(callback, code))

    second = exchange(mock_sites.pinterest_url, code_exchange(callback, code))

    assert first.status_code == 200
    assert second.status_code == 400
    assert second.json() == {
        "code": 1,
        "message": "Invalid authorization code: it was already used.",
    }


def test_a_code_expires_after_ten_minutes(mock_sites: MockSites, callback: str) -> None:
    code = authorization_code(mock_sites.pinterest_url, callback)
    mock_sites.advance_clock(600)

    answer = exchange(mock_sites.pinterest_url, code_exchange(callback, code))

    assert answer.status_code == 400
    assert answer.json()["message"] == "Invalid authorization code: it has expired."


def test_token_needs_the_redirect_uri_used_to_authorize(
    mock_sites: MockSites, callback: str
) -> None:
    code = authorization_code(mock_sites.pinterest_url, callback)

    wrong = exchange(mock_sites.pinterest_url, code_exchange(callback + "/other", code))
    right = exchange(mock_sites.pinterest_url, code_exchange(callback, code))

    assert wrong.status_code == 400
    assert wrong.json()["code"] == 1
    assert right.status_code == 200, "a refused exchange does not use the code up"


@pytest.mark.parametrize(
    "client", [(AEP_CLIENT_ID, "wrong-secret"), ("999", AEP_CLIENT_SECRET), ("", "")]
)
def test_token_needs_the_apps_secret(
    mock_sites: MockSites, callback: str, client: tuple[str, str]
) -> None:
    code = authorization_code(mock_sites.pinterest_url, callback)

    answer = exchange(mock_sites.pinterest_url, code_exchange(callback, code), client=client)

    assert answer.status_code == 401
    assert answer.json() == {"code": 2, "message": "Authentication failed."}


def test_token_endpoint_wants_a_form(mock_sites: MockSites, callback: str) -> None:
    code = authorization_code(mock_sites.pinterest_url, callback)

    answer = httpx.post(
        f"{mock_sites.pinterest_url}/v5/oauth/token",
        json=code_exchange(callback, code),
        auth=(AEP_CLIENT_ID, AEP_CLIENT_SECRET),
    )

    assert answer.status_code == 400
    assert answer.json()["code"] == 1


def test_refresh_token_gives_a_new_access_token(mock_sites: MockSites, callback: str) -> None:
    grant = oauth_grant(mock_sites.pinterest_url, callback)
    mock_sites.advance_clock(29 * 86400)

    refreshed = exchange(
        mock_sites.pinterest_url,
        {"grant_type": "refresh_token", "refresh_token": grant["refresh_token"]},
    ).json()

    assert refreshed["response_type"] == "refresh_token"
    assert refreshed["access_token"] != grant["access_token"]
    assert refreshed["refresh_token"] == grant["refresh_token"], "legacy tokens do not renew"
    assert refreshed["refresh_token_expires_in"] == (365 - 29) * 86400
    assert refreshed["refresh_token_expires_at"] == grant["refresh_token_expires_at"]


def test_continuous_refresh_tokens_last_60_days_and_renew(
    mock_sites: MockSites, callback: str
) -> None:
    code = authorization_code(mock_sites.pinterest_url, callback)
    form = {**code_exchange(callback, code), "continuous_refresh": "true"}
    grant = exchange(mock_sites.pinterest_url, form).json()
    mock_sites.advance_clock(86400)

    refreshed = exchange(
        mock_sites.pinterest_url,
        {
            "grant_type": "refresh_token",
            "refresh_token": grant["refresh_token"],
            "refresh_on": "true",
        },
    ).json()

    assert grant["refresh_token_expires_in"] == 60 * 86400
    assert refreshed["refresh_token"] != grant["refresh_token"]
    assert refreshed["refresh_token_expires_in"] == 60 * 86400


def test_refresh_can_narrow_but_not_widen_the_scope(mock_sites: MockSites, callback: str) -> None:
    grant = oauth_grant(mock_sites.pinterest_url, callback, ["ads:read"])
    refresh = {"grant_type": "refresh_token", "refresh_token": grant["refresh_token"]}

    wider = exchange(mock_sites.pinterest_url, {**refresh, "scope": "ads:read,ads:write"})
    same = exchange(mock_sites.pinterest_url, {**refresh, "scope": "ads:read"})

    assert wider.status_code == 400
    assert same.json()["scope"] == "ads:read"


def test_access_tokens_expire_after_30_days(mock_sites: MockSites, callback: str) -> None:
    token = oauth_grant(mock_sites.pinterest_url, callback)["access_token"]
    url = f"{mock_sites.pinterest_url}/v5/ad_accounts"
    mock_sites.advance_clock(30 * 86400 - 1)
    before = httpx.get(url, headers=bearer(token))

    mock_sites.advance_clock(1)
    after = httpx.get(url, headers=bearer(token))

    assert before.status_code == 200
    assert after.status_code == 401
    assert after.json() == {"code": 2, "message": "Authentication failed."}
