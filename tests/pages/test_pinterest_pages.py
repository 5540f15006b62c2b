"""Pinterest's page objects: the login form (and how it fails), Ads Manager's audiences."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect

from mocks.client import MockSites
from mocks.scenarios import AD_ACCOUNT_ID, PINTEREST_EMAIL, PINTEREST_PASSWORD
from pages.pinterest.ads_manager import AudiencesPage
from pages.pinterest.labels import PinterestLabels
from pages.pinterest.login import LoginRefused, PinterestLogin, UntrustedLoginOrigin
from pages.secret import Secret

# What the mock Pinterest says to a wrong login (its real wording).
UNKNOWN_EMAIL = "The email you entered does not belong to any account."
WRONG_PASSWORD = "The password you entered is incorrect."


def login_page(page: Page, mock_sites: MockSites, labels: PinterestLabels) -> PinterestLogin:
    page.goto(f"{mock_sites.pinterest_url}/login/")
    return PinterestLogin(page, [mock_sites.pinterest_url], labels)


def test_audiences_page_lists_the_ad_accounts_audiences(
    page: Page, mock_sites: MockSites, pinterest_labels: PinterestLabels
) -> None:
    mock_sites.reset("large", options={"pairs": 30})
    login_page(page, mock_sites, pinterest_labels).log_in(
        PINTEREST_EMAIL, Secret(PINTEREST_PASSWORD)
    )

    audiences = AudiencesPage.open(
        page, mock_sites.pinterest_url, AD_ACCOUNT_ID, pinterest_labels
    ).audiences()

    in_state = [
        a
        for a in mock_sites.pinterest_state()["audiences"].values()
        if a["ad_account_id"] == AD_ACCOUNT_ID
    ]
    assert len(audiences) == len(in_state) == 60
    assert sorted((a.id, a.name, a.size) for a in audiences) == sorted(
        (a["id"], a["name"], f"{a['size']:,}") for a in in_state
    )
    assert {a.status for a in audiences} <= set(pinterest_labels.status_ready)
    updated = {a["id"]: datetime.fromtimestamp(a["updated_timestamp"], UTC) for a in in_state}
    assert all(a.updated_at == updated[a.id].replace(second=0) for a in audiences)


@pytest.mark.parametrize(
    ("credentials", "message"),
    [
        ((PINTEREST_EMAIL, "not-the-password"), WRONG_PASSWORD),
        (("nobody@acme.example", PINTEREST_PASSWORD), UNKNOWN_EMAIL),
    ],
    ids=["wrong password", "unknown email"],
)
def test_a_refused_login_raises_with_pinterests_words(
    page: Page,
    mock_sites: MockSites,
    pinterest_labels: PinterestLabels,
    credentials: tuple[str, str],
    message: str,
) -> None:
    mock_sites.reset("notice")
    login = login_page(page, mock_sites, pinterest_labels)

    with pytest.raises(LoginRefused, match=message):
        login.log_in(credentials[0], Secret(credentials[1]))

    login.expect_error(message)
    expect(login.email_field, "the form is shown again").to_be_visible()
    assert page.context.cookies(mock_sites.pinterest_url) == []


def test_login_page_on_another_origin_gets_no_credentials(
    page: Page, mock_sites: MockSites, pinterest_labels: PinterestLabels
) -> None:
    mock_sites.reset("notice")
    page.goto(f"{mock_sites.pinterest_url}/login/")
    login = PinterestLogin(page, ["https://www.pinterest.com"], pinterest_labels)

    with pytest.raises(UntrustedLoginOrigin, match=mock_sites.pinterest_url):
        login.log_in(PINTEREST_EMAIL, Secret(PINTEREST_PASSWORD))

    expect(login.email_field, "no email typed").to_have_value("")
    expect(login.password_field, "no password typed").to_have_value("")
    assert page.context.cookies(mock_sites.pinterest_url) == []
