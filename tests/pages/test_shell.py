"""AepShell: the Platform app in the shell's iframe or top-level, sign-in, user, sandboxes."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, Page

from mocks.client import MockSites
from mocks.scenarios import AEP_USER_EMAIL, AEP_USER_PASSWORD
from pages.aep.labels import AepLabels
from pages.aep.shell import AepShell, SignedOut
from tests.pages.variants import each


@each("shell")
@each("nav")
def test_shell_finds_the_app_in_either_variant(
    open_aep: Callable[..., AepShell], mock_sites: MockSites, shell: str, nav: str
) -> None:
    aep = open_aep("notice", variants={"shell": shell, "nav": nav})

    workspace = aep.go_to_destinations()
    flows = workspace.open_browse().dataflows()

    state = mock_sites.aep_state()
    assert aep.in_iframe is (shell == "iframe")
    assert aep.user() == state["user"]["name"]
    assert aep.sandbox() == "Prod"
    assert sorted(f.name for f in flows) == sorted(f["name"] for f in state["flows"].values())


@pytest.mark.parametrize("shell", ["iframe", "top"])
def test_switch_sandbox_shows_that_sandboxs_dataflows(
    open_aep: Callable[..., AepShell], mock_sites: MockSites, shell: str
) -> None:
    aep = open_aep("sandboxes", variants={"shell": shell})

    switched = aep.switch_sandbox("Dev EMEA")
    flows = switched.go_to_destinations().open_browse().dataflows()

    in_dev = [f for f in mock_sites.aep_state()["flows"].values() if f["sandbox"] == "dev-emea"]
    assert switched.sandbox() == "Dev EMEA"
    assert switched.sandbox_name() == "dev-emea"
    assert sorted((f.name, f.destination) for f in flows) == sorted(
        (f["name"], f["destination"]) for f in in_dev
    )


def test_switch_sandbox_by_its_name_from_the_url(
    open_aep: Callable[..., AepShell], mock_sites: MockSites
) -> None:
    aep = open_aep("sandboxes")

    switched = aep.switch_sandbox("dev-emea")
    flows = switched.go_to_destinations().open_browse().dataflows()

    in_dev = [f for f in mock_sites.aep_state()["flows"].values() if f["sandbox"] == "dev-emea"]
    assert (switched.sandbox(), switched.sandbox_name()) == ("Dev EMEA", "dev-emea")
    assert sorted(f.name for f in flows) == sorted(f["name"] for f in in_dev)


def test_switch_to_the_current_sandbox_changes_nothing(
    open_aep: Callable[..., AepShell],
) -> None:
    aep = open_aep("sandboxes")

    same = aep.switch_sandbox("Prod")

    assert same is aep
    assert same.sandbox() == "Prod"


# The suite's contexts carry the signed-in storage state; this test's context has none.
@pytest.mark.browser_context_args(storage_state={"cookies": [], "origins": []})
def test_signed_out_context_raises_signed_out(
    page: Page, mock_sites: MockSites, aep_labels: AepLabels
) -> None:
    mock_sites.reset("notice")

    with pytest.raises(SignedOut, match="sign-in page"):
        AepShell.open(page, f"{mock_sites.aep_url}/", aep_labels)

    assert page.context.cookies() == []
    assert mock_sites.aep_state()["change_count"] == 0


def test_a_sign_in_page_inside_the_apps_frame_raises_signed_out(
    browser: Browser, mock_sites: MockSites, aep_labels: AepLabels
) -> None:
    # A sign-in of its own: the fault ends the sign-ins in use, and the suite's saved one
    # must outlive this test.
    state = mock_sites.sign_in_aep(AEP_USER_EMAIL, AEP_USER_PASSWORD)
    context = browser.new_context(storage_state=state)  # type: ignore[arg-type]
    try:
        # The sign-in ends after the shell page's request: the frame's request is sent to
        # sign in.
        mock_sites.reset("notice", faults={"aep_session_expires_after": 1})
        with pytest.raises(SignedOut):
            AepShell.open(context.new_page(), f"{mock_sites.aep_url}/", aep_labels)
    finally:
        context.close()

    assert mock_sites.aep_state()["faults_fired"]["signed_in_requests"] >= 2
    assert mock_sites.aep_state()["change_count"] == 0
