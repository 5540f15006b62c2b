"""Traces are scrubbed of secrets before they are kept: a real Playwright trace, canaries in it."""

from __future__ import annotations

import zipfile
from pathlib import Path

from playwright.sync_api import BrowserContext, Route

from flows.scrub import REDACTED, Scrubber
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
