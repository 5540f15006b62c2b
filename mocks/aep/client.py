"""A signed-in HTTP client of the mock AEP, for tests and fixtures that seed or check state.

Page objects click through the UI; this is the shortcut around it: the JSON API, and
Reconnect OAuth walked over plain HTTP (AEP start > Pinterest login > consent > AEP
callback), reading Pinterest's pages as a browser would read their forms.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin

import httpx

GIVE_ACCESS = "Give access"


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, str] = field(default_factory=dict)
    # Submit buttons: (visible text, name, value).
    buttons: list[tuple[str, str, str]] = field(default_factory=list)
    input_types: dict[str, str] = field(default_factory=dict)


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self._button: list[str] | None = None
        self._button_attrs: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(Form(a.get("action", ""), a.get("method", "get").lower()))
        elif not self.forms:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind == "submit":
                self.forms[-1].buttons.append((a.get("value", ""), a["name"], a.get("value", "")))
            else:
                self.forms[-1].fields[a["name"]] = a.get("value", "")
                self.forms[-1].input_types[a["name"]] = kind
        elif tag == "button" and a.get("type", "submit").lower() == "submit":
            self._button, self._button_attrs = [], a

    def handle_data(self, data: str) -> None:
        if self._button is not None:
            self._button.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "button" and self._button is not None and self.forms:
            text = " ".join("".join(self._button).split())
            attrs = self._button_attrs
            self.forms[-1].buttons.append((text, attrs.get("name", ""), attrs.get("value", "")))
            self._button = None


def forms(html: str) -> list[Form]:
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


def submit(http: httpx.Client, page: httpx.Response, button: str, **values: str) -> httpx.Response:
    """Press the submit button labelled `button` on `page`, with `values` typed in."""
    for form in forms(page.text):
        for text, name, value in form.buttons:
            if text == button:
                data = {**form.fields, **values, **({name: value} if name else {})}
                url = urljoin(str(page.url), form.action or str(page.url))
                if form.method == "post":
                    return http.post(url, data=data)
                return http.get(url, params=data)
    found = [text for form in forms(page.text) for text, _, _ in form.buttons]
    raise AssertionError(f"no button {button!r} on {page.url}; buttons: {found}")


class AepClient:
    """The mock AEP at `aep_url`, signed in as one user."""

    def __init__(self, aep_url: str) -> None:
        self.http = httpx.Client(base_url=aep_url, timeout=30)

    def sign_in(self, email: str, password: str) -> httpx.Response:
        return self.http.post("/signin", data={"email": email, "password": password})

    def json(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self.http.request(method, path, **kwargs)
        response.raise_for_status()
        return response.json()

    def flows(self, sandbox: str = "prod") -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = self.json("GET", f"/api/sandboxes/{sandbox}/flows")["items"]
        return items

    def accounts(self, sandbox: str = "prod") -> list[dict[str, Any]]:
        path = f"/api/sandboxes/{sandbox}/accounts"
        items: list[dict[str, Any]] = self.json("GET", path)["items"]
        return items

    def flow_action(self, flow_id: str, op: str) -> httpx.Response:
        return self.http.post(f"/api/flows/{flow_id}/action", params={"op": op})

    def start_reconnect(self, account_id: str) -> str:
        """Reconnect OAuth's first hop: the Pinterest consent URL AEP redirects to."""
        response = self.http.get("/oauth/pinterest/start", params={"account": account_id})
        if response.status_code != 302:
            raise AssertionError(f"start answered {response.status_code}: {response.text[:300]}")
        return response.headers["location"]

    def finish_reconnect(self, callback_url: str) -> httpx.Response:
        """Reconnect OAuth's last hop: Pinterest's redirect back, as the browser follows it."""
        return self.http.get(callback_url)

    def reconnect(
        self, account_id: str, pinterest_email: str, pinterest_password: str
    ) -> dict[str, Any]:
        """Reconnect OAuth end to end, giving access; the result page's message object."""
        with PinterestUser(pinterest_email, pinterest_password) as pinterest:
            callback = pinterest.consent(self.start_reconnect(account_id), GIVE_ACCESS)
        return oauth_result(self.finish_reconnect(callback))

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> AepClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class PinterestUser:
    """A person at Pinterest's OAuth pages: logs in when asked, then answers the consent."""

    def __init__(self, email: str, password: str) -> None:
        self.email, self.password = email, password
        self.http = httpx.Client(timeout=30)

    def consent(self, authorize_url: str, button: str, **overrides: str) -> str:
        """Open the consent page (logging in first if shown the login page), press
        `button` (with form fields `overrides`); the URL Pinterest redirects back to."""
        page = self.http.get(authorize_url, follow_redirects=True)
        login = next((f for f in forms(page.text) if "password" in f.input_types.values()), None)
        if login is not None:
            email_field = next(n for n, t in login.input_types.items() if t in ("email", "text"))
            password_field = next(n for n, t in login.input_types.items() if t == "password")
            button_text = login.buttons[0][0] if login.buttons else ""
            values = {email_field: self.email, password_field: self.password}
            page = submit(self.http, page, button_text, **values)
            while page.is_redirect:
                page = self.http.get(urljoin(str(page.url), page.headers["location"]))
        answer = submit(self.http, page, button, **overrides)
        if not answer.is_redirect:
            raise AssertionError(f"consent answered {answer.status_code}: {answer.text[:300]}")
        return answer.headers["location"]

    def __enter__(self) -> PinterestUser:
        return self

    def __exit__(self, *exc: object) -> None:
        self.http.close()


def oauth_result(page: httpx.Response) -> dict[str, Any]:
    """The message the OAuth result page posts to its opener."""
    marker = 'id="aep-oauth-result">'
    start = page.text.index(marker) + len(marker)
    result: dict[str, Any] = json.loads(page.text[start : page.text.index("</script>", start)])
    return result
