"""EditDetailsDialog: Reconnect OAuth end to end through the Pinterest page objects, Save,
Cancel, and the guard that never types credentials outside PINTEREST_LOGIN_ORIGINS."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from mocks.aep.state import NEW_CARD
from mocks.client import MockSites
from mocks.scenarios import AEP_APP_NAME, PINTEREST_EMAIL, PINTEREST_PASSWORD, PINTEREST_USERNAME
from pages.aep.edit_details import EditDetailsDialog, ReconnectRefused
from pages.aep.labels import AepLabels
from pages.aep.shell import AepShell
from pages.aep.workspace import DestinationsWorkspace
from pages.pinterest.labels import PinterestLabels
from pages.pinterest.login import PinterestConsent, PinterestLogin, UntrustedLoginOrigin, arrive
from pages.secret import Secret
from tests.pages.variants import each

ACCOUNT = "Pinterest - Acme Ads"  # on both Pinterest cards
REAL_PINTEREST = "https://www.pinterest.com"


def new_account(mock_sites: MockSites) -> dict[str, Any]:
    state = mock_sites.aep_state()
    [account] = [a for a in state["accounts"].values() if a["destination"] == NEW_CARD]
    return account


@pytest.fixture
def oauth() -> str:
    """The variant `oauth` (tests parametrized over it override this default)."""
    return "popup"


@pytest.fixture
def dialog(
    destinations: Callable[..., DestinationsWorkspace], mock_sites: MockSites, oauth: str
) -> EditDetailsDialog:
    """Edit details of the (New) Pinterest account, whose copied grant has ended."""
    accounts = destinations("notice", variants={"oauth": oauth}).open_accounts()
    accounts.filter_by_destination(NEW_CARD)
    return accounts.open_edit_details(accounts.find(ACCOUNT, NEW_CARD))


def log_in_at_pinterest(
    dialog: EditDetailsDialog, mock_sites: MockSites, labels: PinterestLabels, oauth: str = "popup"
) -> PinterestConsent:
    window = dialog.reconnect_oauth()
    assert window.is_popup is (oauth == "popup"), f"variant oauth={oauth}"
    login = arrive(window.page, [mock_sites.pinterest_url], labels)
    assert isinstance(login, PinterestLogin), "a fresh context is not signed in to Pinterest"
    login.log_in(PINTEREST_EMAIL, Secret(PINTEREST_PASSWORD))
    return PinterestConsent(window.page, labels)


@each("oauth")
def test_reconnect_oauth_end_to_end(
    dialog: EditDetailsDialog, mock_sites: MockSites, pinterest_labels: PinterestLabels, oauth: str
) -> None:
    before = dialog.connection()
    said_before = dialog.messages()
    consent = log_in_at_pinterest(dialog, mock_sites, pinterest_labels, oauth)
    consent.expect_app(AEP_APP_NAME)

    consent.give_access()
    said = dialog.said_after(said_before)
    after = dialog.connection()

    assert said, "the app says something after the reconnect"
    assert not dialog.is_error(said), said

    account = new_account(mock_sites)
    renewed = datetime.fromisoformat(mock_sites.aep_state()["now"]) + timedelta(days=30)
    assert account["access_token_set"]
    assert account["expires"] == renewed.isoformat()
    assert account["username"] == PINTEREST_USERNAME
    assert after.username == PINTEREST_USERNAME
    assert after.expires_on == renewed.date().isoformat()
    assert before.expires_on != after.expires_on
    assert [(c["op"], c["account_id"]) for c in mock_sites.aep_state()["changes"]] == [
        ("reconnect", account["id"])
    ]


@each("oauth")
def test_cancel_at_consent_leaves_the_account_unchanged(
    dialog: EditDetailsDialog, mock_sites: MockSites, pinterest_labels: PinterestLabels, oauth: str
) -> None:
    account_before = new_account(mock_sites)
    shown_before = dialog.connection()
    said_before = dialog.messages()
    consent = log_in_at_pinterest(dialog, mock_sites, pinterest_labels, oauth)

    consent.cancel()
    said = dialog.said_after(said_before)

    assert "access_denied" in said, said
    assert dialog.is_error(said)
    assert new_account(mock_sites) == account_before
    assert not account_before["access_token_set"]
    assert mock_sites.aep_state()["changes"] == []
    assert dialog.connection() == shown_before


@each("oauth")
def test_a_reconnect_the_app_refuses_says_why_at_once(
    dialog: EditDetailsDialog, mock_sites: MockSites, oauth: str
) -> None:
    """A popup reports the refusal to the app, which shows a toast; a redirected tab lands
    on Platform's own page saying why. Either way the reason comes back at once, not after
    the timeout."""
    account_before = new_account(mock_sites)
    mock_sites.set_faults({"no_manage_permission": True})

    with pytest.raises(ReconnectRefused, match="Manage Destinations permission") as refused:
        dialog.reconnect_oauth(timeout_ms=60_000)

    assert refused.value.left_app is (oauth == "redirect")
    assert [p for p in dialog.dialog.page.context.pages if not p.is_closed()] == [
        dialog.dialog.page
    ], "no OAuth window left open"
    assert new_account(mock_sites) == account_before


def test_login_on_an_untrusted_origin_types_nothing(
    dialog: EditDetailsDialog, mock_sites: MockSites, pinterest_labels: PinterestLabels
) -> None:
    window = dialog.reconnect_oauth()
    # Only the real Pinterest is trusted: the mock's login page must not get credentials.
    login = arrive(window.page, [REAL_PINTEREST], pinterest_labels)
    assert isinstance(login, PinterestLogin)

    with pytest.raises(UntrustedLoginOrigin, match="refusing to type"):
        login.log_in(PINTEREST_EMAIL, Secret(PINTEREST_PASSWORD))

    expect(login.email_field, "no email typed on an untrusted origin").to_have_value("")
    expect(login.password_field, "no password typed on an untrusted origin").to_have_value("")
    assert not new_account(mock_sites)["access_token_set"]


def test_save_keeps_the_description_and_cancel_drops_it(
    dialog: EditDetailsDialog,
    destinations: Callable[..., DestinationsWorkspace],
    mock_sites: MockSites,
) -> None:
    dialog.set_description("Reconnected for API v5")
    dialog.save()
    saved = new_account(mock_sites)["description"]

    accounts = destinations("notice").open_accounts()
    again = accounts.open_edit_details(accounts.find(ACCOUNT, NEW_CARD))
    again.set_description("Never saved")
    again.cancel()

    assert saved == "Reconnected for API v5"
    assert new_account(mock_sites)["description"] == ""


def test_signed_in_at_pinterest_reconnect_goes_straight_to_consent(
    page: Page,
    dialog: EditDetailsDialog,
    mock_sites: MockSites,
    pinterest_labels: PinterestLabels,
) -> None:
    # As the harness does: sign in to Pinterest first, in the same browser context.
    other_tab = page.context.new_page()
    other_tab.goto(f"{mock_sites.pinterest_url}/login/")
    PinterestLogin(other_tab, [mock_sites.pinterest_url], pinterest_labels).log_in(
        PINTEREST_EMAIL, Secret(PINTEREST_PASSWORD)
    )
    other_tab.close()
    before = dialog.connection()
    said_before = dialog.messages()

    screen = arrive(dialog.reconnect_oauth().page, [], pinterest_labels)
    assert isinstance(screen, PinterestConsent)
    screen.give_access()
    said = dialog.said_after(said_before)

    assert said, "the app says something after the reconnect"
    assert not dialog.is_error(said), said
    assert dialog.connection().expires_on != before.expires_on
    assert new_account(mock_sites)["access_token_set"]


# A redirect that does not bring the person back to Edit details (unlike the mock's variant
# oauth=redirect): this init script turns the popup into a redirect of the whole tab that
# ends on AEP's result page, so the page objects' redirect path copes with that too.
POPUP_AS_REDIRECT = "window.open = (url) => { window.top.location.assign(url); return window; };"


def test_reconnect_oauth_that_redirects_the_tab(
    page: Page,
    destinations: Callable[..., DestinationsWorkspace],
    mock_sites: MockSites,
    aep_labels: AepLabels,
    pinterest_labels: PinterestLabels,
) -> None:
    page.add_init_script(POPUP_AS_REDIRECT)
    accounts = destinations("notice").open_accounts()
    dialog = accounts.open_edit_details(accounts.find(ACCOUNT, NEW_CARD))

    window = dialog.reconnect_oauth()
    login = arrive(window.page, [mock_sites.pinterest_url], pinterest_labels)
    assert isinstance(login, PinterestLogin)
    login.log_in(PINTEREST_EMAIL, Secret(PINTEREST_PASSWORD))
    PinterestConsent(window.page, pinterest_labels).give_access()
    aep = AepShell.open(page, f"{mock_sites.aep_url}/", aep_labels)
    account_row = aep.go_to_destinations().open_accounts().find(ACCOUNT, NEW_CARD)

    renewed = datetime.fromisoformat(mock_sites.aep_state()["now"]) + timedelta(days=30)
    assert window.page is page
    assert not window.is_popup
    assert new_account(mock_sites)["access_token_set"]
    assert account_row.expires_on == renewed.date().isoformat()
