"""Pinterest's page objects on pages worded and marked up otherwise than the guesses.

Each alternative is a small static page on a fake origin: the page objects find what the
guessed labels do not name by role and structure, and note each such finding (none when
the guesses match). The last test replaces every guessed label by nonsense and logs in,
gives access and reads the audiences all the same.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Page, expect

from mocks.client import MockSites
from mocks.scenarios import AD_ACCOUNT_ID, PINTEREST_EMAIL, PINTEREST_PASSWORD
from pages.pinterest.ad_accounts import AdAccount, AdAccountsPage
from pages.pinterest.ads_manager import AudiencesPage
from pages.pinterest.labels import PinterestLabels
from pages.pinterest.login import (
    LoginRefused,
    PinterestConsent,
    PinterestLogin,
    UntrustedLoginOrigin,
    arrive,
)
from pages.secret import Secret
from tests.pages.static_site import APP, ORIGIN, StaticSite, html, nonsense_labels

EMAIL, SECRET = "me@acme.example", Secret("s3cret-canary")
AUDIENCES = "/advertiser/549755885175/audiences/"
NOON = datetime(2023, 12, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def site(page: Page) -> StaticSite:
    return StaticSite(page)


def noted(labels: PinterestLabels) -> set[tuple[str, str]]:
    return {(f.label, f.found) for f in labels.findings.all()}


# --- the login page ------------------------------------------------------------------------
def login_form(fields: str, error: str = "") -> str:
    return html(f"<h1>Welcome</h1>{error}<form method=post action=/login/>{fields}</form>")


LOGIN_FORMS = {
    "the guessed labels": (
        "<label for=e>Email</label><input id=e type=email name=id>"
        "<label for=p>Password</label><input id=p type=password name=password>"
        "<button type=submit>Log in</button>",
        set(),
    ),
    "other labels and words": (
        "<label for=e>Your e-mail</label><input id=e type=email name=id>"
        "<label for=p>Secret word</label><input id=p type=password name=password>"
        "<button>Sign me in</button>",
        {("email", "Your e-mail"), ("password", "Secret word"), ("log_in", "Sign me in")},
    ),
    "placeholders only, the guessed words": (
        "<input type=text name=id placeholder=Email>"
        "<input type=password name=password placeholder=Password>"
        "<input type=submit value='Log in'>",
        set(),
    ),
    "placeholders only, other words, an icon button": (
        "<input type=text name=id placeholder=you@example.com>"
        "<input type=password name=password placeholder='At least 6 characters'>"
        "<button type=button>Show</button>"
        "<button type=submit aria-label=Go>→</button>",
        {("email", "you@example.com"), ("password", "At least 6 characters"), ("log_in", "Go")},
    ),
}


@pytest.mark.parametrize(("fields", "findings"), LOGIN_FORMS.values(), ids=list(LOGIN_FORMS))
def test_login_forms_worded_otherwise(
    site: StaticSite,
    pinterest_labels: PinterestLabels,
    fields: str,
    findings: set[tuple[str, str]],
) -> None:
    form = login_form(fields)
    site.serve("/login/", lambda r: html("<h1>Home</h1>") if r.method == "POST" else form)
    login = arrive(site.open("/login/"), [ORIGIN], pinterest_labels)
    assert isinstance(login, PinterestLogin)

    login.log_in(EMAIL, SECRET)
    login.expect_signed_in()

    assert site.posted == [{"id": [EMAIL], "password": [SECRET.reveal()]}]
    assert noted(pinterest_labels) == findings


ERRORS = {
    "a live region": (
        "<div aria-live=polite>That password is not right.</div>",
        "<input type=email name=id aria-label=Email><input type=password name=password>"
        "<button>Log in</button>",
        "That password is not right.",
    ),
    "an invalid input's description": (
        "",
        "<input type=email name=id aria-label=Email>"
        "<input type=password name=password aria-invalid=true aria-describedby='pw-hint pw-err'>"
        "<span id=pw-hint>6 characters or more</span> <span id=pw-err>Wrong password.</span>"
        "<button>Log in</button>",
        "Wrong password.",
    ),
}


@pytest.mark.parametrize(("said", "fields", "message"), ERRORS.values(), ids=list(ERRORS))
def test_a_refused_login_is_read_without_an_alert(
    site: StaticSite, pinterest_labels: PinterestLabels, said: str, fields: str, message: str
) -> None:
    first, again = login_form(fields.replace("aria-invalid=true", "")), login_form(fields, said)
    site.serve("/login/", lambda r: again if r.method == "POST" else first)
    login = PinterestLogin(site.open("/login/"), [ORIGIN], pinterest_labels)

    with pytest.raises(LoginRefused, match=message):
        login.log_in(EMAIL, SECRET)

    login.expect_error(message)


def test_no_credentials_typed_elsewhere_whatever_the_form(site: StaticSite) -> None:
    labels = nonsense_labels()
    site.serve("/login/", login_form(LOGIN_FORMS["other labels and words"][0]))
    login = PinterestLogin(site.open("/login/"), ["https://www.pinterest.com"], labels)

    with pytest.raises(UntrustedLoginOrigin, match=ORIGIN):
        login.log_in(EMAIL, SECRET)

    expect(login.email_field, "no email typed").to_have_value("")
    expect(login.password_field, "no password typed").to_have_value("")
    assert site.posted == []


# --- the consent page ----------------------------------------------------------------------
LOG_OUT = "<header><form method=post action=/logout/><button>Log out</button></form></header>"


def consent_page(give: str, cancel: str, header: str = "") -> str:
    return html(
        f"{header}<h1>Acme Platform wants to access your Pinterest account</h1>"
        f"<form method=post action={APP}/callback/>"
        f"<button type=submit name=decision value=allow>{give}</button>"
        f"<button type=submit name=decision value=deny>{cancel}</button></form>"
    )


CONSENTS = {
    "give access / cancel": (("Give access", "Cancel", ""), set(), set()),
    "allow / not now": (("Allow", "Not now", ""), set(), {("cancel", "Not now")}),
    "accept / reject": (
        ("Accept", "Reject", ""),
        {("give_access", "Accept")},
        {("cancel", "Reject")},
    ),
    "agree / deny, a log-out form above": (
        ("Agree", "Deny", LOG_OUT),
        {("give_access", "Agree")},
        set(),
    ),
}


Consent = tuple[tuple[str, str, str], set[tuple[str, str]], set[tuple[str, str]]]


@pytest.mark.parametrize("case", CONSENTS.values(), ids=list(CONSENTS))
@pytest.mark.parametrize("answer", ["allow", "deny"])
def test_consent_pages_worded_otherwise(
    site: StaticSite, pinterest_labels: PinterestLabels, case: Consent, answer: str
) -> None:
    words, giving, cancelling = case
    site.serve("/oauth/", consent_page(*words)).serve("/callback/", html("<h1>Done</h1>"))
    consent = arrive(site.open("/oauth/"), [ORIGIN], pinterest_labels)
    assert isinstance(consent, PinterestConsent)
    consent.expect_app("Acme Platform")

    consent.give_access() if answer == "allow" else consent.cancel()

    assert site.page.url == f"{APP}/callback/"
    assert site.posted == [{"decision": [answer]}]
    assert noted(pinterest_labels) == (giving if answer == "allow" else cancelling)


def test_the_apps_own_cancel_button_is_not_taken_for_a_consent_page(
    site: StaticSite, pinterest_labels: PinterestLabels
) -> None:
    # Reconnect OAuth hands the window over as it starts to leave the app: the app's
    # dialog (Cancel, Save) still shows until Pinterest's consent page, worded otherwise,
    # replaces it.
    app = html(
        "<div role=dialog aria-label='Edit details'><button>Cancel</button>"
        "<button>Save</button></div>"
        f"<script>setTimeout(() => location.href = '{ORIGIN}/oauth/', 300)</script>"
    )
    site.serve("/app/", app).serve("/oauth/", consent_page("Accept", "Reject"))
    site.serve("/callback/", html("<h1>Done</h1>"))
    site.page.goto(f"{APP}/app/")

    consent = arrive(site.page, [ORIGIN], pinterest_labels)
    assert isinstance(consent, PinterestConsent)
    consent.give_access()

    assert site.posted == [{"decision": ["allow"]}]
    assert site.page.url == f"{APP}/callback/"


def test_two_buttons_that_could_give_access_are_reported_not_guessed(
    site: StaticSite, pinterest_labels: PinterestLabels
) -> None:
    page = consent_page("Continue", "Cancel").replace(
        "</form>", "<button type=submit name=decision value=all>Approve all</button></form>"
    )
    consent = PinterestConsent(site.serve("/oauth/", page).open("/oauth/"), pinterest_labels)

    with pytest.raises(LookupError, match=r"2 buttons .*'Continue', 'Approve all'.*give_access"):
        consent.give_access()

    assert site.posted == []


# --- Ads Manager's Audiences page ----------------------------------------------------------
def dot(colour: str) -> str:
    style = f"display:inline-block;width:8px;height:8px;border-radius:50%;background:{colour}"
    return f"<span style='{style}' aria-hidden=true></span>"


GREEN_DOT, YELLOW_DOT, GREY_DOT = dot("#0a8f3c"), dot("#e0a800"), dot("#9b9b9b")
LIVE = "content:'';display:inline-block;width:8px;height:8px;background:#1a7f37"
STYLE = f"<style>.live::before{{{LIVE}}}</style>"
SVG_DOT = "<svg width=10 height=10><circle cx=5 cy=5 r=5 fill='#2da44e'/></svg>"
DEFAULT_HEADERS = ("Name", "Audience ID", "Type", "Size", "Status", "Last updated")


def row(*cells: str, head: bool = True) -> str:
    first = f"<th scope=row>{cells[0]}</th>" if head else f"<td>{cells[0]}</td>"
    return "<tr>" + first + "".join(f"<td>{c}</td>" for c in cells[1:]) + "</tr>"


def table(rows: list[str], headers: tuple[str, ...] | None = DEFAULT_HEADERS) -> str:
    thead = (
        "<thead><tr>" + "".join(f"<th scope=col>{h}</th>" for h in headers) + "</tr></thead>"
        if headers
        else ""
    )
    return f"<table>{thead}<tbody>{''.join(rows)}</tbody></table>"


def audiences_page(body: str, heading: str = "Audiences") -> str:
    return html(f"{STYLE}<h1>{heading}</h1>{body}")


def read(site: StaticSite, labels: PinterestLabels) -> list[tuple[str, ...]]:
    audiences = AudiencesPage.open(site.page, ORIGIN, AD_ACCOUNT_ID, labels).audiences()
    return [(a.name, a.id, a.type, a.size, a.status, str(a.ready)) for a in audiences]


def test_the_guessed_table_is_read_with_nothing_noted(
    site: StaticSite, pinterest_labels: PinterestLabels
) -> None:
    rows = [
        row("Loyalty", "2542620905475", "Customer list", "1,200", f"{GREEN_DOT}Ready",
            "<time datetime=2023-12-01T12:00:41Z>Dec 01, 2023, 12:00 UTC</time>"),
        row("Churn", "2542620905476", "Customer list", "—", f"{YELLOW_DOT}Processing",
            "Dec 01, 2023, 11:00 UTC"),
    ]  # fmt: skip
    site.serve(AUDIENCES, audiences_page(table(rows)))

    audiences = AudiencesPage.open(site.page, ORIGIN, AD_ACCOUNT_ID, pinterest_labels).audiences()

    assert [(a.name, a.id, a.type, a.size, a.status, a.ready) for a in audiences] == [
        ("Loyalty", "2542620905475", "Customer list", "1,200", "Ready", True),
        ("Churn", "2542620905476", "Customer list", "—", "Processing", False),
    ]
    assert [a.updated_at for a in audiences] == [NOON, NOON.replace(hour=11)]
    assert audiences[0].updated_datetime == "2023-12-01T12:00:41Z"
    assert noted(pinterest_labels) == set()


def test_columns_named_and_ordered_otherwise_are_told_by_content(
    site: StaticSite, pinterest_labels: PinterestLabels
) -> None:
    headers = ("Identifier", "Updated on", "State", "Audience", "Members", "Kind")
    rows = [
        row("2542620905475", "2023-12-01 12:00 UTC", f"{GREEN_DOT}Usable", "Loyalty",
            "1.2K", "Customer list", head=False),
        row("2542620905476", "2023-12-01 11:00 UTC", f"{YELLOW_DOT}Building", "Churn",
            "12,400", "Customer list", head=False),
        row("2542620905477", "2023-12-01 10:00 UTC", f"{GREEN_DOT}Usable", "Visitors",
            "—", "Visitor", head=False),
    ]  # fmt: skip
    site.serve(AUDIENCES, audiences_page(table(rows, headers)))

    assert read(site, pinterest_labels) == [
        ("Loyalty", "2542620905475", "Customer list", "1.2K", "Usable", "True"),
        ("Churn", "2542620905476", "Customer list", "12,400", "Building", "False"),
        ("Visitors", "2542620905477", "Visitor", "—", "Usable", "True"),
    ]
    assert noted(pinterest_labels) == {
        ("col_id", "Identifier"), ("col_updated", "Updated on"), ("col_status", "State"),
        ("col_name", "Audience"), ("col_size", "Members"), ("col_type", "Kind"),
        ("status_ready", "Usable"),
    }  # fmt: skip


def test_green_is_ready_whatever_it_is_called_or_drawn_with(
    site: StaticSite, pinterest_labels: PinterestLabels
) -> None:
    statuses = [
        ("green text", "<span style='color:#1a7f37'>Usable</span>", True),
        ("a ::before dot", "<span class=live>Live</span>", True),
        ("an SVG dot", f"{SVG_DOT}On", True),
        ("a grey dot", f"{GREY_DOT}Paused", False),
        ("the guessed word, no colour", "Ready", True),
    ]
    rows = [
        row(name, f"25426209054{i:02}", "Customer list", "1,000", status, "Dec 01, 2023, 12:00 UTC")
        for i, (name, status, _) in enumerate(statuses)
    ]
    site.serve(AUDIENCES, audiences_page(table(rows)))

    assert [(r[0], r[5]) for r in read(site, pinterest_labels)] == [
        (name, str(ready)) for name, _, ready in statuses
    ]
    assert noted(pinterest_labels) == {
        ("status_ready", "Usable"),
        ("status_ready", "Live"),
        ("status_ready", "On"),
    }


def test_a_table_without_headers_or_heading_in_other_time_formats(
    site: StaticSite, pinterest_labels: PinterestLabels
) -> None:
    times = [
        "Dec 1, 2023, 12:00 PM UTC",
        "2023-12-01 12:00 UTC",
        "12/01/2023, 12:00 PM UTC",
        "2023-12-01T12:00:00Z",
        "Dec 01, 2023, 12:00 UTC",
    ]
    rows = [
        row(f"Audience {i}", f"25426209054{i:02}", "Customer list", f"{i},000",
            f"{GREEN_DOT}Ready", when)
        for i, when in enumerate(times)
    ]  # fmt: skip
    site.serve(AUDIENCES, audiences_page(table(rows, None), heading="Zielgruppen"))

    audiences = AudiencesPage.open(site.page, ORIGIN, AD_ACCOUNT_ID, pinterest_labels).audiences()

    assert [a.updated_at for a in audiences] == [NOON] * len(times)
    assert [(a.name, a.size, a.type, a.ready) for a in audiences] == [
        (f"Audience {i}", f"{i},000", "Customer list", True) for i in range(len(times))
    ]
    assert {label for label, _ in noted(pinterest_labels)} == {
        "audiences_heading", "col_id", "col_updated", "col_status", "col_name", "col_size",
        "col_type",
    }  # fmt: skip


# Paging: 3 pages of 2 audiences, each way a list may go on.
def page_rows(n: int) -> list[str]:
    return [
        row(f"Audience {i}", f"25426209054{i:02}", "Customer list", "1,000",
            f"{GREEN_DOT}Ready", "Dec 01, 2023, 12:00 UTC")
        for i in range(2 * n, 2 * n + 2)
    ]  # fmt: skip


def linked_pages(link: str) -> dict[str, str]:
    """Three pages at AUDIENCES, ?page=2 and ?page=3; `link` formats each page's links
    from `n` (this page's number) and `to` (the next page's query)."""
    pages = {}
    for n in range(3):
        query = f"?page={n + 2}"
        links = link.format(n=n + 1, to=query) if n < 2 else ""
        pages[AUDIENCES + (f"?page={n + 1}" if n else "")] = audiences_page(
            table(page_rows(n)) + f"<nav aria-label=Pages>{links}</nav>"
        )
    return pages


PAGINGS = {
    "a next link": (linked_pages("<a href='{to}'>Next</a>"), set()),
    "a › link": (linked_pages("<a href='{to}' aria-label='›'>›</a>"), {("next_page", "›")}),
    "numbered links only": (
        linked_pages("<a href='?page=1'>1</a><a href='?page=2'>2</a><a href='?page=3'>3</a>"),
        {("next_page", "")},
    ),
}
SCRIPTED = """<script>
  const pages = {pages}, rows = document.querySelector('tbody'), go = document.getElementById('go');
  let at = 0;
  go.onclick = () => {{ at += 1; setTimeout(() => {{
    {action}
  }}, 30); }};
</script>"""
REPLACE = "rows.innerHTML = pages[at]; go.disabled = at === pages.length - 1;"
APPEND = (
    "rows.insertAdjacentHTML('beforeend', pages[at]); if (at === pages.length - 1) go.remove();"
)


def scripted(button: str, action: str) -> dict[str, str]:
    pages = json.dumps(["".join(page_rows(n)) for n in range(3)])
    body = table(page_rows(0)) + button + SCRIPTED.format(pages=pages, action=action)
    return {AUDIENCES: audiences_page(body)}


PAGINGS |= {
    "a bookmark link": (
        {
            AUDIENCES: audiences_page(table(page_rows(0)) + "<a href='?bookmark=Yz1h'>→ more</a>"),
            f"{AUDIENCES}?bookmark=Yz1h": audiences_page(
                table(page_rows(1)) + "<a href='?'>First</a><a href='?bookmark=Yz1i'>→ more</a>"
            ),
            f"{AUDIENCES}?bookmark=Yz1i": audiences_page(table(page_rows(2))),
        },
        {("next_page", "")},
    ),
    "a scripted next button": (
        scripted("<button id=go aria-label='Go to next page'>›</button>", REPLACE),
        {("next_page", "Go to next page")},
    ),
    "a load more button": (scripted("<button id=go>Load more</button>", APPEND), set()),
    "a show more button": (
        scripted("<button id=go>Show more audiences</button>", APPEND),
        {("load_more", "Show more audiences")},
    ),
}


@pytest.mark.parametrize(("pages", "findings"), PAGINGS.values(), ids=list(PAGINGS))
def test_every_audience_is_read_whatever_the_paging(
    site: StaticSite,
    pinterest_labels: PinterestLabels,
    pages: dict[str, str],
    findings: set[tuple[str, str]],
) -> None:
    for path, body in pages.items():
        site.serve(path, body)

    names = [r[0] for r in read(site, pinterest_labels)]

    assert names == [f"Audience {i}" for i in range(6)]
    assert noted(pinterest_labels) == findings


# --- the ad accounts the signed-in user sees ------------------------------------------------
def test_the_landing_page_lists_the_ad_accounts_by_their_links(site: StaticSite) -> None:
    site.serve(
        "/",
        html(
            "<nav><a href=/>Home</a> <a href=/help/advertiser/>Advertiser help</a></nav>"
            "<ul><li><a href=/advertiser/549755885175/>Acme US</a></li>"
            "<li><a href='https://ads.pinterest.test/advertiser/549755885176/overview/?tab=1'>"
            "<span>Acme EMEA</span></a></li>"
            "<li><a href=/advertiser/549755885175/audiences/ aria-label='Audiences'><svg></svg></a>"
            "<li><a href=/advertiser/12/><img alt=''></a></li></ul>"
        ),
    )

    accounts = AdAccountsPage.open(site.page, ORIGIN).ad_accounts()

    assert accounts == [
        AdAccount(AD_ACCOUNT_ID, "Acme US"),
        AdAccount("549755885176", "Acme EMEA"),
        AdAccount("12", ""),
    ]


# --- every guess wrong -----------------------------------------------------------------------
def test_with_every_guess_wrong_it_logs_in_gives_access_and_reads_audiences(
    site: StaticSite, mock_sites: MockSites
) -> None:
    labels = nonsense_labels()
    mock_sites.reset("large", options={"pairs": 3})
    page = site.page
    page.goto(f"{mock_sites.pinterest_url}/login/")
    login = arrive(page, [mock_sites.pinterest_url], labels)
    assert isinstance(login, PinterestLogin)
    login.log_in(PINTEREST_EMAIL, Secret(PINTEREST_PASSWORD))
    login.expect_signed_in()

    accounts = AdAccountsPage.open(page, mock_sites.pinterest_url).ad_accounts()
    audiences = AudiencesPage.open(
        page, mock_sites.pinterest_url, AD_ACCOUNT_ID, labels
    ).audiences()

    assert AD_ACCOUNT_ID in [a.id for a in accounts]
    in_state = [
        a
        for a in mock_sites.pinterest_state()["audiences"].values()
        if a["ad_account_id"] == AD_ACCOUNT_ID
    ]
    assert sorted((a.id, a.name, a.size, a.ready) for a in audiences) == sorted(
        (a["id"], a["name"], f"{a['size']:,}", a["status"] == "READY") for a in in_state
    )
    updated = {a["id"]: datetime.fromtimestamp(a["updated_timestamp"], UTC) for a in in_state}
    assert all(a.updated_at == updated[a.id].replace(second=0) for a in audiences)

    site.serve("/oauth/", consent_page("Give access", "Cancel", LOG_OUT))
    site.serve("/callback/", html("<h1>Done</h1>"))
    consent = arrive(site.open("/oauth/"), [ORIGIN], labels)
    assert isinstance(consent, PinterestConsent)
    consent.give_access()
    assert site.posted[-1] == {"decision": ["allow"]}

    found = {f.label for f in labels.findings.all()}
    assert {"email", "password", "log_in", "give_access", "col_id", "col_name"} <= found
    assert all(PinterestLabels.is_guessed(label) for label in found)
