"""Phishing guard: Pinterest's login page sends the browser to a lookalike on another
origin; the harness types nothing there, and the run stops with a clear message before
any pair is switched."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from mocks import scenarios
from mocks.client import MockSites
from tests.flows.support import Harness


def test_a_lookalike_login_page_gets_no_keystroke_and_stops_the_run(
    harness: Harness, mock_sites: MockSites
) -> None:
    mock_sites.reset("notice", faults={"pinterest_login_lookalike": True})
    assert harness.run().returncode == 1  # the dry run: its blocked pair needs a person
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
