"""The mock Ads Manager's Audiences page and the Pinterest home page."""

from __future__ import annotations

from collections.abc import Iterator
from html.parser import HTMLParser

import httpx
import pytest
from playwright.sync_api import Page, expect

from mocks.client import MockSites
from mocks.pinterest.client import PinterestPerson, bearer, oauth_token
from mocks.pinterest.state import AdAccount, PinterestUser
from mocks.scenarios import AD_ACCOUNT_ID, PINTEREST_EMAIL, PINTEREST_PASSWORD

AUDIENCES_PAGE = f"/advertiser/{AD_ACCOUNT_ID}/audiences/"
COLUMNS = ["Name", "Audience ID", "Type", "Size", "Status", "Last updated"]


class _Table(HTMLParser):
    """The cell texts of a page's table, row by row (header row first)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
        elif tag in ("th", "td") and self.rows:
            self._cell = []

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None


def table_rows(html: str) -> list[list[str]]:
    parser = _Table()
    parser.feed(html)
    return parser.rows


@pytest.fixture
def person(mock_sites: MockSites) -> Iterator[PinterestPerson]:
    """The scenario's Pinterest user, logged in, in a fresh "notice" scenario."""
    mock_sites.reset("notice")
    with PinterestPerson(mock_sites.pinterest_url) as someone:
        someone.log_in()
        yield someone


def test_audiences_page_needs_a_login(mock_sites: MockSites) -> None:
    mock_sites.reset("notice")

    answer = httpx.get(f"{mock_sites.pinterest_url}{AUDIENCES_PAGE}")

    assert answer.status_code == 302
    assert answer.headers["location"] == "/login/?next=%2Fadvertiser%2F549755885175%2Faudiences%2F"


def test_audiences_page_lists_the_ad_accounts_audiences(
    mock_sites: MockSites, person: PinterestPerson
) -> None:
    expected = sorted(
        (a for a in mock_sites.pinterest_state()["audiences"].values()),
        key=lambda a: int(a["id"]),
        reverse=True,
    )

    page = person.http.get(AUDIENCES_PAGE)

    rows = table_rows(page.text)
    assert page.status_code == 200
    assert "<h1>Audiences</h1>" in page.text
    assert rows[0] == COLUMNS
    assert rows[1:] == [
        [a["name"], a["id"], "Customer list", "150", "Ready", "Nov 15, 2023, 09:00 UTC"]
        for a in expected
    ]
    assert len(rows) == 1 + 5
    assert page.text.count('<span class="dot ready" aria-hidden="true"></span>Ready') == 5


def test_processing_and_too_small_audiences_say_so(
    mock_sites: MockSites, person: PinterestPerson
) -> None:
    mock_sites.reset("notice", faults={"pinterest_processing_delay_s": 600})
    token = oauth_token(mock_sites.pinterest_url, f"{mock_sites.aep_url}/oauth/pinterest/callback")
    api = httpx.Client(base_url=mock_sites.pinterest_url, headers=bearer(token))
    base = f"/v5/ad_accounts/{AD_ACCOUNT_ID}"
    for name, count in (("Tiny", 5), ("Slow", 300)):
        members = ",".join(f"member{i}@example.com" for i in range(count))
        listed = api.post(f"{base}/customer_lists", json={"name": name, "records": members})
        rule = {"customer_list_id": listed.json()["id"]}
        api.post(
            f"{base}/audiences", json={"name": name, "audience_type": "CUSTOMER_LIST", "rule": rule}
        )

    processing = table_rows(person.http.get(AUDIENCES_PAGE).text)
    mock_sites.advance_clock(600)
    processed = table_rows(person.http.get(AUDIENCES_PAGE).text)

    assert [(r[0], r[3], r[4], r[5]) for r in processing[1:3]] == [
        ("Slow", "—", "Processing", "Dec 01, 2023, 12:00 UTC"),
        ("Tiny", "—", "Processing", "Dec 01, 2023, 12:00 UTC"),
    ]
    assert [(r[0], r[3], r[4]) for r in processed[1:3]] == [
        ("Slow", "300", "Ready"),
        ("Tiny", "5", "Too small"),
    ]


def test_someone_elses_ad_account_is_refused(
    mock_sites: MockSites, person: PinterestPerson
) -> None:
    with mock_sites.world.lock:
        state = mock_sites.world.pinterest
        state.users["2"] = PinterestUser("2", "globex", "ads@globex.example", "pw")
        state.ad_accounts["549755999999"] = AdAccount("549755999999", "Globex", "2")

    foreign = person.http.get("/advertiser/549755999999/audiences/")
    unknown = person.http.get("/advertiser/1/audiences/")

    assert foreign.status_code == unknown.status_code == 403
    assert "You don&#39;t have access to this ad account" in foreign.text
    assert "<table" not in foreign.text


def test_advertiser_root_and_home_page_lead_to_audiences(person: PinterestPerson) -> None:
    root = person.http.get(f"/advertiser/{AD_ACCOUNT_ID}/")
    home = person.http.get("/")

    assert root.headers["location"] == AUDIENCES_PAGE
    assert f'<a href="{AUDIENCES_PAGE}">Audiences of Acme Ads ({AD_ACCOUNT_ID})</a>' in home.text


def test_a_browser_logs_in_and_reads_the_audiences_table(mock_sites: MockSites, page: Page) -> None:
    mock_sites.reset("notice")
    page.goto(f"{mock_sites.pinterest_url}{AUDIENCES_PAGE}")

    page.get_by_label("Email").fill(PINTEREST_EMAIL)
    page.get_by_label("Password").fill(PINTEREST_PASSWORD)
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_role("heading", name="Audiences", exact=True)).to_be_visible()
    table = page.get_by_role("table")
    expect(table.get_by_role("columnheader")).to_have_text(COLUMNS)
    loyalty = table.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name="Loyalty members")
    )
    expect(loyalty.get_by_role("cell").nth(3)).to_have_text("Ready")
    page.get_by_role("button", name="Create audience").click()
    expect(page.get_by_role("dialog", name="Create audience")).to_be_visible()
