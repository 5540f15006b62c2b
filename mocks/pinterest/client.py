"""An HTTP client of the mock Pinterest, for tests and fixtures: a person on its pages
(log in, answer the OAuth consent) and an app at its token endpoint.

`oauth_token()` is the whole dance (login, authorize, Give access, code exchange) and
gives the token an app would hold; tests of API v5 start from it.
"""

from __future__ import annotations

from collections.abc import Iterable
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from mocks.scenarios import AEP_CLIENT_ID, AEP_CLIENT_SECRET, PINTEREST_EMAIL, PINTEREST_PASSWORD

ALL_SCOPES = ("ads:read", "ads:write", "user_accounts:read")
GIVE_ACCESS, CANCEL = "allow", "deny"


class _HiddenFields(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if tag == "input" and found.get("type") == "hidden" and "name" in found:
            self.fields[found["name"]] = found.get("value", "")


def hidden_fields(html: str) -> dict[str, str]:
    parser = _HiddenFields()
    parser.feed(html)
    return parser.fields


def redirect_query(response: httpx.Response) -> dict[str, str]:
    """The query of a redirect's target, one value per name."""
    assert response.status_code == 302, f"expected a redirect, got {response.status_code}"
    query = parse_qs(urlsplit(response.headers["location"]).query, keep_blank_values=True)
    return {name: values[0] for name, values in query.items()}


class PinterestPerson:
    """Someone in a browser on the mock Pinterest's pages (cookies kept between requests)."""

    def __init__(self, pinterest_url: str) -> None:
        self.http = httpx.Client(base_url=pinterest_url, timeout=30)

    def log_in(
        self, email: str = PINTEREST_EMAIL, password: str = PINTEREST_PASSWORD, next_path: str = "/"
    ) -> httpx.Response:
        return self.http.post(
            "/login/", data={"id": email, "password": password, "next": next_path}
        )

    def authorize(self, **params: str) -> httpx.Response:
        return self.http.get("/oauth/", params=params)

    def answer_consent(self, consent_page: httpx.Response, decision: str) -> httpx.Response:
        """Press Give access (`GIVE_ACCESS`) or Cancel (`CANCEL`) on a consent page."""
        assert consent_page.status_code == 200, consent_page.text[:300]
        fields = {**hidden_fields(consent_page.text), "decision": decision}
        return self.http.post("/oauth/", data=fields)

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> PinterestPerson:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def authorize_params(
    redirect_uri: str, scopes: Iterable[str] = ALL_SCOPES, state: str = "mock-state"
) -> dict[str, str]:
    return {
        "client_id": AEP_CLIENT_ID,
        "redirect_uri": redirect_uri,
        "response_type": "code",
        "scope": ",".join(scopes),
        "state": state,
    }


def authorization_code(
    pinterest_url: str, redirect_uri: str, scopes: Iterable[str] = ALL_SCOPES
) -> str:
    """Log in, authorize, Give access: the code Pinterest sends to `redirect_uri`."""
    with PinterestPerson(pinterest_url) as person:
        person.log_in()
        consent = person.authorize(**authorize_params(redirect_uri, scopes))
        return redirect_query(person.answer_consent(consent, GIVE_ACCESS))["code"]


def exchange(
    pinterest_url: str,
    form: dict[str, str],
    client: tuple[str, str] = (AEP_CLIENT_ID, AEP_CLIENT_SECRET),
) -> httpx.Response:
    """`POST /v5/oauth/token` as the app: form-encoded, HTTP Basic client authentication."""
    return httpx.post(f"{pinterest_url}/v5/oauth/token", data=form, auth=client, timeout=30)


def oauth_grant(
    pinterest_url: str, redirect_uri: str, scopes: Iterable[str] = ALL_SCOPES
) -> dict[str, Any]:
    """The whole OAuth dance; the token endpoint's answer."""
    code = authorization_code(pinterest_url, redirect_uri, scopes)
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri}
    response = exchange(pinterest_url, form)
    assert response.status_code == 200, response.text
    grant: dict[str, Any] = response.json()
    return grant


def oauth_token(pinterest_url: str, redirect_uri: str, scopes: Iterable[str] = ALL_SCOPES) -> str:
    """An access token for the scenario's Pinterest user, granted to Adobe's app."""
    token: str = oauth_grant(pinterest_url, redirect_uri, scopes)["access_token"]
    return token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
