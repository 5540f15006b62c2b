"""Traces are scrubbed of secrets before they are kept: a real Playwright trace, canaries in it."""

from __future__ import annotations

import base64
import html
import json
import re
import zipfile
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest
from playwright.sync_api import BrowserContext, Route

from flows.evidence.journal import Journal, read_journal
from flows.evidence.scrub import REDACTED, Scrubber
from flows.harness import keep_trace
from flows.settings import load_settings
from mocks.client import MockSites

CANARIES = {
    "password": "canary-Pa55word!",
    "code": "canary-oauth-code-123",
    "state": "canary-oauth-state-456",
    "token": "pina_canary_token_789",
    "refresh": "canary-refresh-000",
    "cookie": "canary-cookie-value-abc",
}


def _all_text(path: Path) -> str:
    with zipfile.ZipFile(path) as archive:
        return "\n".join(
            archive.read(name).decode("utf-8", errors="replace") for name in archive.namelist()
        )


def test_a_scrubbed_trace_holds_no_canary(
    context: BrowserContext, mock_sites: MockSites, tmp_path: Path
) -> None:
    context.add_cookies([{"name": "sid", "value": CANARIES["cookie"], "url": mock_sites.aep_url}])
    context.tracing.start(screenshots=True, snapshots=True)
    page = context.new_page()

    def token_endpoint(route: Route) -> None:
        route.fulfill(
            json={"access_token": CANARIES["token"], "refresh_token": CANARIES["refresh"]},
            headers={"set-cookie": f"other={CANARIES['cookie']}"},
        )

    page.route("**/fake-token", token_endpoint)
    page.goto(f"{mock_sites.aep_url}/signin?code={CANARIES['code']}&state={CANARIES['state']}")
    page.set_content('<input type="password" aria-label="Password">')
    page.get_by_label("Password").fill(CANARIES["password"])
    # The page gets a token and uses it, as a client of an OAuth API does.
    page.evaluate(
        """async (url) => {
            const token = (await (await fetch(url, {method: "POST"})).json()).access_token;
            await fetch(url, {method: "POST", headers: {Authorization: "Bearer " + token},
                              body: "grant_type=authorization_code&code=" + token});
        }""",
        f"{mock_sites.aep_url}/fake-token",
    )
    trace = tmp_path / "trace.zip"
    context.tracing.stop(path=trace)
    assert CANARIES["code"] in _all_text(trace), "the canaries reached the raw trace"

    Scrubber([CANARIES["password"]]).trace(trace)

    text = _all_text(trace)
    leaked = [name for name, value in CANARIES.items() if value in text]
    assert leaked == []
    assert REDACTED in text


def test_text_scrubbing_covers_params_json_headers_and_encoded_secrets() -> None:
    scrubber = Scrubber(["s3cret pass"])
    text = (
        "GET /cb?code=abc&state=xyz&keep=1\n"
        '{"access_token": "pina_x", "name": "ok"}\n'
        "Authorization: Bearer pina_y\n"
        "password=s3cret+pass&user=me\n"
    )

    scrubbed = scrubber.text(text)

    for secret in ("abc", "xyz", "pina_x", "pina_y", "s3cret"):
        assert secret not in scrubbed
    assert "keep=1" in scrubbed
    assert '"name": "ok"' in scrubbed
    assert "user=me" in scrubbed


def test_trace_lines_are_parsed_only_when_a_rule_could_apply() -> None:
    """The quick test on a line's text (most trace lines hold no secret) never lets through
    a line that a rule would change: a secret as JSON escapes it, a header, a parameter."""
    scrubber = Scrubber(['s3cret "pass" é'])
    lines = [
        '{"type": "after", "callId": "call@12", "result": {"value": true}}',
        '{"snapshot": {"html": ["DIV", {"class": "rail"}, "Status: enabled"]}}',
    ]
    risky = [
        '{"params": {"value": "s3cret \\"pass\\" \\u00e9"}}',
        '{"params": {"value": "s3cret \\"pass\\" é"}}',
        '{"headers": [{"name": "Authorization", "value": "Bearer pina_y"}]}',
        '{"request": {"url": "https://x.test/cb?code=abc"}}',
        '{"postData": {"text": "{\\"refresh_token\\": \\"r1\\"}"}}',
        '{"cookies": [{"name": "sid", "value": "v1"}]}',
    ]

    assert all(scrubber.clean(line) for line in lines)
    assert not any(scrubber.clean(line) for line in risky)
    scrubbed = scrubber.json_lines("\n".join(lines + risky) + "\n")
    assert scrubbed.splitlines()[:2] == lines
    for secret in ("s3cret", "pina_y", "abc", "r1", "v1"):
        assert secret not in scrubbed


def test_a_snapshot_keeps_no_value_of_a_password_or_hidden_input(
    context: BrowserContext, mock_sites: MockSites, tmp_path: Path
) -> None:
    """A password manager fills a password field and a page keeps a token in a hidden
    input: values no scrubber was told of, which the trace's DOM snapshots record (as
    `__playwright_value_` and `value`); a search field's value stays readable."""
    page = context.new_page()
    page.route(
        "**/form",
        lambda route: route.fulfill(
            content_type="text/html",
            body="""<form><input type="password" aria-label="Password">
            <input type="hidden" name="csrf"><input type="search" aria-label="Search">
            <script>
              const random = () => crypto.randomUUID();
              document.querySelector("[type=password]").value = "pw-" + random();
              document.querySelector("[type=hidden]").value = "csrf-" + random();
            </script></form>""",
        ),
    )
    context.tracing.start(snapshots=True)
    page.goto(f"{mock_sites.aep_url}/form")
    page.get_by_label("Search").fill("Loyalty campaign")
    page.get_by_label("Password").click()  # an action: a DOM snapshot with both values
    trace = tmp_path / "trace.zip"
    context.tracing.stop(path=trace)
    # Read once the trace has stopped, so only the snapshots hold them.
    secrets = [page.locator(f"[type={kind}]").input_value() for kind in ("password", "hidden")]
    raw = _all_text(trace)
    assert all(s in raw for s in secrets), "the snapshots recorded both values"
    assert "__playwright_value_" in raw

    Scrubber().trace(trace)

    text = _all_text(trace)
    assert [s for s in secrets if s in text] == []
    assert "Loyalty campaign" in text, "other inputs' values are kept"


SECRET = "Pa55&<w\"o'rd+/é~x"


def _lower_hex(encoded: str) -> str:
    return re.sub(r"%[0-9A-F]{2}", lambda m: m.group(0).lower(), encoded)


@pytest.mark.parametrize(
    ("name", "evidence"),
    [
        ("as it is", SECRET),
        ("lower-case percent-encoding", _lower_hex(quote(SECRET, safe=""))),
        ("form encoding, lower-case hex", _lower_hex(quote_plus(SECRET))),
        ("HTML entities", html.escape(SECRET)),
        ("HTML entities, &#39;", html.escape(SECRET).replace("&#x27;", "&#39;")),
        ("JSON escaped", json.dumps(SECRET)[1:-1]),
        ("JSON escaped twice", json.dumps(json.dumps(SECRET))[1:-1]),
        ("JSON escaped twice, ASCII", json.dumps(json.dumps(SECRET, ensure_ascii=False))[1:-1]),
        ("base64", base64.b64encode(SECRET.encode()).decode()),
        ("base64url, no padding", base64.urlsafe_b64encode(SECRET.encode()).decode().rstrip("=")),
        *[
            (f"base64 inside a longer value, {n} bytes before",
             base64.b64encode(b"user:"[:n] + SECRET.encode() + b"!").decode())
            for n in (3, 4, 5)
        ],
    ],
)  # fmt: skip
def test_every_form_of_a_secret_is_replaced(name: str, evidence: str) -> None:
    scrubbed = Scrubber([SECRET]).text(f"before {evidence} after")

    assert REDACTED in scrubbed, name
    assert "Pa55" not in scrubbed, name
    assert scrubbed.startswith("before ")


def test_secret_parameters_in_any_style_and_place_are_redacted() -> None:
    """Names no scrubber was told the values of: OAuth's and API keys' in camelCase and
    snake_case, in a URL, at the very start of a form body, and as JSON."""
    names = ("code", "state", "accessToken", "refreshToken", "clientSecret", "id_token",
             "token", "apiKey", "api_key", "access_token")  # fmt: skip
    values = {name: f"v{i}-canary-{i}" for i, name in enumerate(names)}
    form = "&".join(f"{name}={value}" for name, value in values.items()) + "&keep=1"
    texts = [
        form,  # a form body: its first parameter starts the text
        f"https://x.test/cb?{form}",
        json.dumps(values),
        json.dumps({"postData": {"text": json.dumps(values)}}),  # escaped inside a string
    ]
    scrubber = Scrubber()

    for text in texts:
        scrubbed = scrubber.text(text)
        assert [n for n, v in values.items() if v in scrubbed] == [], text
    data = scrubber.data({"body": values, "params": [{"name": "apiKey", "value": "v7-x"}]})
    assert "canary" not in json.dumps(data)
    assert "v7-x" not in json.dumps(data)
    assert scrubber.text("keep=1&key=prod/Loyalty") == "keep=1&key=prod/Loyalty"


@pytest.mark.parametrize(
    "header",
    ["Authorization", "Proxy-Authorization", "Cookie", "Set-Cookie", "X-Api-Key",
     "X-CSRF-Token", "x-gw-ims-org-id", "x-gw-ims-user-id", "X-Session-Token",
     "X-Amz-Security-Token", "X-Custom-Auth", "X-Client-Secret", "Private-Key"],
)  # fmt: skip
def test_headers_that_hold_credentials_are_redacted(header: str) -> None:
    scrubber = Scrubber()
    canary = "header-canary-123"
    har = {"headers": [{"name": header, "value": canary}, {"name": "Accept", "value": "json"}]}

    as_data = json.dumps(scrubber.data(har))
    as_line = scrubber.text(f"{header}: {canary}\nAccept: json\n")

    assert canary not in as_data
    assert canary not in as_line
    assert "json" in as_data
    assert "Accept: json" in as_line


def test_members_that_are_not_utf8_are_scrubbed(tmp_path: Path) -> None:
    """A Latin-1 text member (a resource served in it) and an image holding the bytes of
    a secret: both scrubbed, not copied as they are."""
    secret = "Pässwörd-canary"
    archive = tmp_path / "trace.zip"
    with zipfile.ZipFile(archive, "w") as out:
        out.writestr("resources/body.dat", f"password={secret}&token=tok-canary".encode("latin-1"))
        out.writestr("resources/page.html", f"<p>{secret}</p>\xff".encode("latin-1"))
        out.writestr("resources/shot.png", b"\x89PNG\x00" + secret.encode("utf-8") + b"\xff")

    Scrubber([secret]).trace(archive)

    with zipfile.ZipFile(archive) as scrubbed:
        members = {name: scrubbed.read(name) for name in scrubbed.namelist()}
    for name, raw in members.items():
        for form in (secret.encode("latin-1"), secret.encode("utf-8"), b"tok-canary"):
            assert form not in raw, name
    assert members["resources/shot.png"].startswith(b"\x89PNG\x00")


def test_the_saved_sign_ins_cookie_values_are_secrets(tmp_path: Path) -> None:
    (tmp_path / "aep.json").write_text(
        json.dumps({"cookies": [{"name": "sid", "value": "aep-session-canary"},
                                {"name": "lang", "value": "en_US"}], "origins": []})
    )  # fmt: skip

    settings = load_settings(tmp_path, environ={"AEP_STORAGE_STATE": "aep.json"})

    assert "aep-session-canary" in settings.secret_values()
    assert "en_US" not in settings.secret_values(), "a short flag or locale is no secret"


def test_a_crash_while_scrubbing_leaves_no_unscrubbed_trace_in_the_evidence(
    tmp_path: Path,
) -> None:
    evidence = tmp_path / "run" / "traces"
    evidence.mkdir(parents=True)
    journal = Journal(tmp_path / "run" / "journal.jsonl", run_id="r", plan_id="p")

    def stop(path: Path) -> None:  # what tracing.stop(path=...) writes
        with zipfile.ZipFile(path, "w") as out:
            out.writestr("trace.network", '{"url": "https://x.test/?code=raw-canary"}\n')

    class Crashing(Scrubber):
        def trace(self, path: Path) -> None:
            raise MemoryError

    keep_trace(stop, evidence / "0001-step.zip", Crashing(), journal)
    keep_trace(stop, evidence / "0002-step.zip", Scrubber(), journal)

    assert sorted(p.name for p in evidence.iterdir()) == ["0002-step.zip"]
    assert "raw-canary" not in _all_text(evidence / "0002-step.zip")
    warnings = [e["message"] for e in read_journal(journal.path) if e["event"] == "warning"]
    assert warnings == ["trace 0001-step.zip dropped: scrubbing it failed (MemoryError)"]
