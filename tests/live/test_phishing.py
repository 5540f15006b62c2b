"""Phishing guard: Pinterest's login page sends the browser to a lookalike on another
origin; the harness types nothing there, and the run stops with a clear message before
any pair is switched."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from mocks import scenarios
from mocks.client import MockSites
from pages.pinterest.labels import PinterestLabels
from pages.pinterest.login import PinterestLogin, UntrustedLoginOrigin
from pages.secret import Secret
from tests.flows.support import Harness, InProcess


def test_a_lookalike_login_page_gets_no_keystroke_and_stops_the_run(
    harness: Harness, in_process: InProcess, mock_sites: MockSites
) -> None:
    mock_sites.reset("notice", faults={"pinterest_login_lookalike": True})
    # The plan, made in this process (the runs that meet the lookalike are the CLI's).
    assert in_process.dry_run().exit_status == 1  # its blocked pair needs a person
    before = mock_sites.aep_state()

    run = harness.run("--apply")

    assert run.returncode == 1, run.output
    line = run.line_with("STOPPED: refusing to type Pinterest credentials on")
    assert mock_sites.aep_url in line, run.output
    assert "nothing was typed there" in line
    after = mock_sites.aep_state()
    assert after["faults_fired"].get("lookalike_keys", 0) == 0, "not one key on the lookalike"
    assert after["faults_fired"].get("lookalike_submits", 0) == 0
    assert after["flows"] == before["flows"], "no pair switched to an unconnected account"
    assert after["change_count"] == before["change_count"]
    assert scenarios.PINTEREST_PASSWORD not in run.output
    evidence = [p for p in harness.latest.rglob("*") if p.is_file()]
    for path in evidence:
        assert scenarios.PINTEREST_PASSWORD.encode() not in path.read_bytes(), path

    # The keep-alive stops there too, as the main job does (not an account `failed`).
    keep_alive = harness.run("--reauth-only", "--apply")

    assert keep_alive.returncode == 1, keep_alive.output
    assert "nothing was typed there" in keep_alive.line_with("STOPPED: refusing to type")
    fired = mock_sites.aep_state()["faults_fired"]
    assert fired.get("lookalike_keys", 0) == fired.get("lookalike_submits", 0) == 0
    assert scenarios.PINTEREST_PASSWORD not in keep_alive.output


class MovesAfterFill:
    """A field whose page is sent elsewhere right after it is filled (by a script, a
    redirect): the next field is on another page."""

    def __init__(self, field: Locator, then: Callable[[], object]) -> None:
        self.field = field
        self.then = then

    def fill(self, value: str) -> None:
        self.field.fill(value)
        self.then()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.field, name)


def test_the_origin_is_checked_again_before_the_password_is_typed(
    mock_sites: MockSites, page: Page, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The login page is on a trusted origin when the email is typed, then moves to a
    lookalike on another origin: the password is not typed there."""
    mock_sites.reset("notice")
    page.goto(f"{mock_sites.pinterest_url}/login/")
    login = PinterestLogin(page, [mock_sites.pinterest_url], PinterestLabels())
    email_field = PinterestLogin.email_field.fget  # type: ignore[attr-defined]
    lookalike = f"{mock_sites.aep_url}/lookalike/login/"
    monkeypatch.setattr(
        PinterestLogin,
        "email_field",
        property(lambda self: MovesAfterFill(email_field(self), lambda: page.goto(lookalike))),
    )

    with pytest.raises(UntrustedLoginOrigin, match=mock_sites.aep_url):
        login.log_in(scenarios.PINTEREST_EMAIL, Secret(scenarios.PINTEREST_PASSWORD))

    assert page.url == lookalike
    expect(page.get_by_label("Password"), "nothing typed on the lookalike").to_have_value("")
    assert mock_sites.aep_state()["faults_fired"].get("lookalike_keys", 0) == 0


def test_the_lookalike_counts_what_a_careless_client_types(
    mock_sites: MockSites, page: Page
) -> None:
    """The check above can fail: typing on the lookalike is seen by the mock."""
    mock_sites.reset("notice", faults={"pinterest_login_lookalike": True})
    page.goto(f"{mock_sites.pinterest_url}/login/")
    expect(page.get_by_role("heading", name="Welcome to Pinterest")).to_be_visible()
    assert page.url.startswith(mock_sites.aep_url), "sent to another origin"

    with page.expect_response("**/lookalike/keys"):
        page.get_by_label("Email").press_sequentially("x")
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()

    fired = mock_sites.aep_state()["faults_fired"]
    assert fired["lookalike_keys"] >= 1
    assert fired["lookalike_submits"] == 1
