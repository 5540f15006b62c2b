"""Variant scramble (mocks/scramble.py): the draw itself, the reset/state API around it, and
both mock sites rendering what a seed drew while documented labels stay as documented.

The browser tests read the draw from the state API and check whatever alternative each
choice point took, with plain Playwright (roles, names, and structural selectors where
the markup itself is under test). One seed runs in `make test`; seeds 1 to 30, which
between them draw every alternative of every choice point, run under `slow`.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import FrameLocator, Locator, Page, expect

from mocks import scramble
from mocks.aep.state import NEW_CARD, OLD_CARD
from mocks.client import MockSites
from mocks.pinterest.client import PinterestPerson, authorize_params
from mocks.scenarios import (
    AD_ACCOUNT_ID,
    AEP_USER_EMAIL,
    AEP_USER_PASSWORD,
    PINTEREST_EMAIL,
    PINTEREST_PASSWORD,
    PINTEREST_USERNAME,
)

ROOT = Path(__file__).resolve().parents[2]
PLATFORM = "/@acme/sname:prod/platform"
# The app's frame, found by where it points: its title is one of the scrambled things.
APP_FRAME = 'iframe[src^="/app/"]'
SEEDS = range(1, 31)
# The seeds whose pages `make test` checks (a draw with many alternatives other than 0);
# the others are `slow`.
QUICK_SEEDS = {"aep": 30, "pinterest": 3}

# Documented labels (docs/variants-and-faults.md, "scramble"), which no seed may change
# but in case.
WORKSPACE_TABS = ["Overview", "Catalog", "Browse", "Accounts", "System View"]
ACCOUNT_COLUMNS = [
    "Name",
    "Destination",
    "Connection Type",
    "Username",
    "Connections",
    "Authorization date",
    "Expiration date",
]
BROWSE_COLUMNS = [
    "Name",
    "Data Type",
    "Last Dataflow Run Status",
    "Last Dataflow Run Date",
    "Destination",
    "Account Expiration Date",
    "Username",
    "Activation Data",
    "Created",
    "Modified",
    "Status",
    "Access labels",
    "Tags",
]
ACTIVATION_COLUMN_CHOICES = {
    "name": "aep.activation_col_name",
    "id": "aep.activation_col_id",
    "start": "aep.activation_col_start",
    "end": "aep.activation_col_end",
    "mapping": "aep.activation_col_mapping",
}
PINTEREST_COLUMN_CHOICES = {
    "name": "pinterest.col_name",
    "id": "pinterest.col_id",
    "type": "pinterest.col_type",
    "size": "pinterest.col_size",
    "status": "pinterest.col_status",
    "updated": "pinterest.col_updated",
}


def seeds(site: str) -> list[Any]:
    return [
        pytest.param(n, marks=() if n == QUICK_SEEDS[site] else pytest.mark.slow) for n in SEEDS
    ]


def first_seed(wanted: Callable[[dict[str, Any]], bool]) -> int:
    """The first seed whose draw is `wanted` (every alternative is drawn by seed 30)."""
    return next(n for n in range(1, 500) if wanted(scramble.draw(n)))


def fill(template: str, **values: str) -> str:
    for key, value in values.items():
        template = template.replace(f"{{{key}}}", value)
    return template


def cased(title: str, mode: str) -> str:
    """What mocks/aep/static/lib/scramble.js headerCase makes of a header."""
    if mode == "upper":
        return title.upper()
    if mode == "sentence":
        words = [w if re.fullmatch(r"[A-Z0-9]{2,}", w) else w.lower() for w in title.split(" ")]
        return " ".join([words[0][:1].upper() + words[0][1:], *words[1:]])
    return title


# --- The draw ------------------------------------------------------------------------


def test_draw_is_deterministic_across_processes_and_seeds_differ() -> None:
    code = "import json; from mocks.scramble import draw; print(json.dumps(draw(7)))"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    other = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, check=True, text=True
    )

    assert json.loads(other.stdout) == scramble.draw(7) == scramble.draw("7")
    assert len({json.dumps(scramble.draw(n), sort_keys=True) for n in range(31)}) == 31


def test_every_choice_point_has_three_distinct_json_alternatives_and_off_is_all_zeros() -> None:
    for name, alternatives in scramble.CHOICES.items():
        assert len(alternatives) >= 3, name
        assert len({json.dumps(a, sort_keys=True) for a in alternatives}) == len(alternatives)
        assert json.loads(json.dumps(alternatives)) == list(alternatives), name

    assert scramble.draw("off") == {n: a[0] for n, a in scramble.CHOICES.items()}
    assert set(scramble.indices("off").values()) == {0}


def test_seeds_1_to_30_draw_every_alternative_of_every_choice_point() -> None:
    drawn = {name: set() for name in scramble.CHOICES}
    for seed in SEEDS:
        for name, index in scramble.indices(seed).items():
            drawn[name].add(index)

    assert {n: len(a) for n, a in scramble.CHOICES.items()} == {n: len(d) for n, d in drawn.items()}
    assert (
        scramble.draw(5)["aep.frame_title"]
        == (scramble.CHOICES["aep.frame_title"][scramble.indices(5)["aep.frame_title"]])
    )


def test_the_quick_seeds_draw_other_than_the_mocks_guesses() -> None:
    """So `make test` sees scrambled things really change, not alternative 0 again."""
    aep, pinterest = (scramble.indices(QUICK_SEEDS[site]) for site in ("aep", "pinterest"))

    assert all(aep[k] for k in ("aep.frame_title", "aep.edit_title", "aep.rail_markup"))
    assert all(pinterest[k] for k in ("pinterest.col_order", "pinterest.audiences_paging"))


def test_a_new_choice_point_reshuffles_no_other(monkeypatch: pytest.MonkeyPatch) -> None:
    before = {seed: scramble.draw(seed) for seed in (0, 1, 9, 30, 1234)}
    monkeypatch.setattr(scramble, "CHOICES", {"aaa.new": ("a", "b", "c"), **scramble.CHOICES})

    for seed, drawn in before.items():
        assert {k: v for k, v in scramble.draw(seed).items() if k != "aaa.new"} == drawn


@pytest.mark.parametrize("seed", [-1, "-1", "seven", "", " 7", 1.5, True, None, [7]])
def test_a_bad_seed_answers_400(mock_sites: MockSites, seed: object) -> None:
    for origin in (mock_sites.aep_url, mock_sites.pinterest_url):
        answer = httpx.post(
            f"{origin}/__mock/reset", json={"scenario": "notice", "variants": {"scramble": seed}}
        )

        assert answer.status_code == 400
        assert "variant 'scramble' has no value" in answer.json()["error"]


def test_python_m_mocks_refuses_a_bad_seed() -> None:
    run = subprocess.run(
        [sys.executable, "-m", "mocks", "--scramble", "x"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )

    assert run.returncode == 2
    assert "variant 'scramble' has no value 'x'" in run.stderr


def test_reset_and_both_states_report_the_draw(mock_sites: MockSites) -> None:
    described = mock_sites.reset("notice", variants={"scramble": "7"})
    aep, pinterest = mock_sites.aep_state(), mock_sites.pinterest_state()
    off = mock_sites.reset("notice")
    aep_off = mock_sites.aep_state()

    expected = {"seed": 7, "choices": scramble.draw(7)}
    assert described["scramble"] == aep["scramble"] == pinterest["scramble"] == expected
    assert described["variants"]["scramble"] == "7"
    assert off["scramble"] == {"seed": "off", "choices": scramble.draw("off")}
    assert "scramble" not in off["variants"], "the default variants are what they always were"
    ignored = ("scramble", "variants")
    assert {k: v for k, v in aep.items() if k not in ignored} == {
        k: v for k, v in aep_off.items() if k not in ignored
    }, "a seed changes no ID, name or date of the scenario"


def test_the_docs_list_every_choice_point() -> None:
    docs = (ROOT / "docs" / "variants-and-faults.md").read_text()

    assert scramble.markdown_table() in docs, "regenerate: python -m mocks.scramble"


# --- The mock AEP ----------------------------------------------------------------------


def open_aep(page: Page, mock_sites: MockSites, route: str) -> FrameLocator:
    """The shell at `route`, signed in by cookie; the app's frame once its nav is up."""
    page.context.add_cookies(mock_sites.sign_in_aep(AEP_USER_EMAIL, AEP_USER_PASSWORD)["cookies"])
    # Wide enough that no column of a grid is virtualized away.
    page.set_viewport_size({"width": 3000, "height": 900})
    page.goto(f"{mock_sites.aep_url}/#{PLATFORM}{route}")
    app = page.frame_locator(APP_FRAME)
    nav = app.get_by_role("navigation", name="Platform")
    expect(nav.get_by_role("link", name="Destinations")).to_be_visible()
    return app


def named(root: Locator | FrameLocator, role: str, name: str | None, css: str) -> Locator:
    """The element of `role` named `name`, or (None) the unnamed one matching `css`."""
    if name is None:
        found = root.locator(f"{css}:not([aria-label]):not([aria-labelledby])")
        expect(found).to_have_count(1)
        return found
    return root.get_by_role(role, name=name, exact=True)  # type: ignore[arg-type]


def expect_property(scope: Locator, markup: str, label: str, value: str) -> None:
    """A read-only property shows `value` under `label`, in the drawn markup."""
    if markup == "dl":
        expect(scope.locator("dd").and_(scope.get_by_label(label, exact=True))).to_have_text(value)
    elif markup == "pairs":
        term = scope.locator(".property-label").get_by_text(label, exact=True)
        expect(term.locator("xpath=following-sibling::*[1]")).to_have_text(value)
    elif markup == "table":
        header = scope.get_by_role("rowheader", name=label, exact=True)
        expect(header.locator("xpath=following-sibling::td[1]")).to_have_text(value)
    elif markup == "text":
        expect(scope.get_by_role("paragraph").filter(has_text=f"{label}: {value}")).to_have_count(1)
    else:
        field = scope.get_by_role("textbox", name=label, exact=True)
        expect(field).to_have_value(value)
        expect(field).not_to_be_editable()


def headers(grid: Locator, count: int) -> list[str]:
    """The `count` column headers' text (not as CSS shows it: the grid's CSS capitalizes it).
    A virtualized grid renders its other columns once it has been laid out."""
    expect(grid.get_by_role("columnheader")).to_have_count(count)
    return [" ".join(t.split()) for t in grid.get_by_role("columnheader").all_text_contents()]


def flow_id(mock_sites: MockSites, name: str, card: str) -> str:
    [found] = [
        f["id"]
        for f in mock_sites.aep_state()["flows"].values()
        if f["name"] == name and f["destination"] == card
    ]
    return str(found)


def check_shell(page: Page, drawn: dict[str, Any]) -> None:
    """The app's frame titled as drawn, maybe beside another frame; the switcher there."""
    frame = page.locator(APP_FRAME)
    title = drawn["aep.frame_title"]
    if title is None:
        expect(frame).not_to_have_attribute("title", re.compile(".*"))
    else:
        expect(frame).to_have_attribute("title", title)
    expect(page.locator("iframe")).to_have_count(1 if drawn["aep.extra_frame"] == "none" else 2)
    banner = page.get_by_role("banner")
    switcher = banner.get_by_role("button", name=re.compile("prod|sandbox", re.I))
    expect(switcher.first).to_be_visible()


def check_accounts(app: FrameLocator, drawn: dict[str, Any]) -> None:
    """Documented tabs and columns (cased as drawn); the `...` button and Edit details."""
    tabs = app.get_by_role("tablist", name="Destinations").get_by_role("tab")
    expect(tabs).to_have_text(WORKSPACE_TABS)
    app.get_by_role("group", name="Destination platform").get_by_role(
        "checkbox", name=NEW_CARD
    ).check()
    grid = named(app, "grid", drawn["aep.accounts_grid_name"], "[role=grid][aria-rowcount]")
    expect(grid).to_have_attribute("aria-rowcount", "2")
    casing = drawn["aep.accounts_header_case"]
    assert headers(grid, len(ACCOUNT_COLUMNS)) == [cased(c, casing) for c in ACCOUNT_COLUMNS]

    # The row's `...` button, in the name cell, named as drawn; Edit details titled as drawn.
    account = app.get_by_role("rowheader").first
    account_name = account.inner_text().strip()
    more = account.get_by_role("button")
    expect(more).to_have_accessible_name(fill(drawn["aep.row_menu_name"] or "", name=account_name))
    more.click()
    app.get_by_role("menuitem", name="Edit details").click()
    dialog = app.get_by_role("dialog", name=fill(drawn["aep.edit_title"], name=account_name))
    for documented in ("Reconnect OAuth", "Save", "Cancel"):
        expect(dialog.get_by_role("button", name=documented, exact=True)).to_be_visible()
    shown = drawn["aep.details_state"]
    if shown == "shown":
        expect_property(dialog, drawn["aep.details_markup"], "Username", PINTEREST_USERNAME)
        expect_property(dialog, drawn["aep.details_markup"], "Destination", NEW_CARD)
    elif shown == "summary":
        expect(dialog).to_contain_text(f"Connected as {PINTEREST_USERNAME}")
    else:
        expect(dialog).not_to_contain_text(PINTEREST_USERNAME)
    dialog.get_by_role("button", name="Cancel").click()

    # Browse: the documented columns, cased as drawn.
    app.get_by_role("tab", name="Browse").click()
    browse = named(app, "grid", drawn["aep.browse_grid_name"], "[role=grid][aria-rowcount]")
    casing = drawn["aep.browse_header_case"]
    assert headers(browse, len(BROWSE_COLUMNS)) == [cased(c, casing) for c in BROWSE_COLUMNS]


def check_dataflow_page(app: FrameLocator, drawn: dict[str, Any]) -> None:
    """A disabled (New) Pinterest flow's page: tabs, breadcrumbs, rail, as drawn."""
    tab_names = app.get_by_role("tablist", name="Dataflow").get_by_role("tab")
    expect(tab_names).to_have_text(["Dataflow runs", drawn["aep.activation_tab_label"]])
    assert drawn["aep.activation_tab_label"].casefold() == "activation data"
    crumbs = drawn["aep.breadcrumbs"]
    trail = app.locator("nav.breadcrumbs")
    if crumbs == "none":
        expect(trail).to_have_count(0)
    else:
        label = {"breadcrumbs": "Breadcrumbs", "breadcrumb-destinations": "Breadcrumb"}
        expect(trail).to_have_accessible_name(label.get(crumbs, ""))
        back = "Destinations" if crumbs == "breadcrumb-destinations" else "Browse"
        expect(trail.get_by_role("link", name=back)).to_be_visible()
    rail = app.get_by_role("complementary", name="Dataflow details")
    markup = drawn["aep.rail_markup"]
    expect_property(rail, markup, "Destination", NEW_CARD)
    expect_property(rail, markup, "Status", "Disabled")
    if drawn["aep.ad_account_param"] is None:
        expect(rail).not_to_contain_text(AD_ACCOUNT_ID)
    else:
        expect_property(rail, markup, drawn["aep.ad_account_param"], AD_ACCOUNT_ID)


def toggle_of(app: FrameLocator, drawn: dict[str, Any]) -> Locator:
    """The dataflow page's Enabled toggle, whatever its element and name."""
    role = "checkbox" if drawn["aep.switch_element"] == "checkbox" else "switch"
    return app.locator("header").get_by_role(role)  # type: ignore[arg-type]


def toasts_saying(app: FrameLocator, drawn: dict[str, Any], words: str) -> Locator:
    """The positive toasts saying `words` (role alertdialog, or status outside Spectrum's)."""
    role = "alertdialog" if drawn["aep.toast_container"] == "spectrum" else "status"
    return app.get_by_role(role).filter(has_text=words)  # type: ignore[arg-type]


def check_activation_data(app: FrameLocator, drawn: dict[str, Any]) -> None:
    """The Activation data list: its markup, name and columns as drawn."""
    markup = drawn["aep.activation_markup"]
    kind = "grid" if markup == "grid" else "table"
    name = drawn["aep.activation_grid_name"]
    if markup == "table-caption" and name:
        activations = app.get_by_role("table", name=name, exact=True)
        expect(activations.locator("caption")).to_have_text(name)
    else:
        css = "[role=grid][aria-rowcount]" if kind == "grid" else "table.activation-table"
        activations = named(app, kind, name, css)
    order = drawn["aep.activation_col_order"].split()
    columns = [drawn[ACTIVATION_COLUMN_CHOICES[key]] for key in order]
    casing = drawn["aep.activation_header_case"]
    assert headers(activations, len(columns)) == [cased(c, casing) for c in columns]


@pytest.mark.parametrize("seed", seeds("aep"))
def test_the_aep_renders_what_the_seed_drew(page: Page, mock_sites: MockSites, seed: int) -> None:
    variants = {"scramble": seed, "disable_confirm": "dialog"}
    drawn = mock_sites.reset("notice", variants=variants)["scramble"]["choices"]
    new, old = (flow_id(mock_sites, "Loyalty campaign", card) for card in (NEW_CARD, OLD_CARD))
    app = open_aep(page, mock_sites, "/destination/accounts")
    check_shell(page, drawn)
    check_accounts(app, drawn)

    page.goto(f"{mock_sites.aep_url}/#{PLATFORM}/destination/browse/{new}")
    check_dataflow_page(app, drawn)
    # The toggle: its element and name as drawn, its state in checked/aria-checked;
    # switching it on shows the drawn words in the drawn toast container.
    toggle = toggle_of(app, drawn)
    naming = drawn["aep.switch_name"]
    expect(toggle).to_have_accessible_name({"state": "Disabled", "unnamed": ""}.get(naming, naming))
    expect(toggle).not_to_be_checked()
    toggle.click()
    expect(toggle).to_be_checked()
    expect(toasts_saying(app, drawn, drawn["aep.toast_words"]["enabled"])).to_have_count(1)
    if naming == "state":
        expect(toggle).to_have_accessible_name("Enabled")
    assert mock_sites.aep_state()["flows"][new]["enabled"]

    page.goto(f"{mock_sites.aep_url}/#{PLATFORM}/destination/browse/{old}/activation")
    check_activation_data(app, drawn)

    # The switch-off confirmation (variant disable_confirm=dialog): its markup and buttons.
    app.get_by_role("tab", name="Dataflow runs").click()
    toggle_of(app, drawn).click()
    markup = drawn["aep.confirm_role"]
    title = fill(drawn["aep.confirm_title"], name="Loyalty campaign")
    confirm = app.get_by_role("alertdialog" if markup == "alertdialog" else "dialog", name=title)
    expect(confirm.get_by_role("heading")).to_have_count(0 if markup == "dialog-aria-label" else 1)
    expect(confirm.get_by_role("button", name=drawn["aep.confirm_no"], exact=True)).to_be_visible()
    confirm.get_by_role("button", name=drawn["aep.confirm_yes"], exact=True).click()
    expect(toasts_saying(app, drawn, drawn["aep.toast_words"]["disabled"])).to_have_count(1)
    expect(toggle_of(app, drawn)).not_to_be_checked()
    assert not mock_sites.aep_state()["flows"][old]["enabled"]


def test_with_scramble_off_the_aep_shows_its_guesses(page: Page, mock_sites: MockSites) -> None:
    """Alternative 0 of each choice the browser test checks: the mock as it always was."""
    mock_sites.reset("notice")
    app = open_aep(page, mock_sites, "/destination/accounts")

    expect(page.locator(APP_FRAME)).to_have_attribute("title", "Adobe Experience Platform")
    expect(page.locator("iframe")).to_have_count(1)
    expect(page.get_by_role("button", name="Sandbox Prod Production · VA7")).to_be_visible()
    grid = app.get_by_role("grid", name="Accounts")
    expect(grid.get_by_role("button", name="More actions")).to_have_count(4)
    assert headers(grid, len(ACCOUNT_COLUMNS)) == ACCOUNT_COLUMNS


# --- The mock Pinterest --------------------------------------------------------------


def log_in(page: Page, drawn: dict[str, Any]) -> None:
    """Log in on the login page, finding its fields and button as drawn."""

    def field(choice: dict[str, str]) -> Locator:
        if "placeholder" in choice and "aria_label" not in choice:
            return page.get_by_placeholder(choice["placeholder"], exact=True)
        return page.get_by_label(choice.get("label") or choice["aria_label"], exact=True)

    expect(page.get_by_role("heading", name=drawn["pinterest.login_heading"])).to_be_visible()
    field(drawn["pinterest.login_email"]).fill(PINTEREST_EMAIL)
    field(drawn["pinterest.login_password"]).fill(PINTEREST_PASSWORD)
    page.get_by_role("button", name=drawn["pinterest.login_submit"], exact=True).click()


@pytest.mark.parametrize("seed", seeds("pinterest"))
def test_pinterest_renders_what_the_seed_drew(page: Page, mock_sites: MockSites, seed: int) -> None:
    drawn = mock_sites.reset("large", options={"pairs": 7}, variants={"scramble": seed})[
        "scramble"
    ]["choices"]
    rows = sorted(
        (a for a in mock_sites.pinterest_state()["audiences"].values()),
        key=lambda a: int(a["id"]),
        reverse=True,
    )

    # A wrong password first: the error in the drawn markup.
    page.goto(f"{mock_sites.pinterest_url}/advertisers/")
    email = drawn["pinterest.login_email"]
    field = page.locator("#email")
    expect(field).to_have_accessible_name(
        email.get("label") or email.get("aria_label") or email["placeholder"]
    )
    field.fill(PINTEREST_EMAIL)
    page.locator("#password").fill("wrong")
    page.get_by_role("button", name=drawn["pinterest.login_submit"], exact=True).click()
    error = {"alert": "p[role=alert]", "live": "p[aria-live]", "summary": "div[role=alert]"}
    expect(page.locator(error[drawn["pinterest.login_error"]])).to_contain_text("incorrect")
    log_in(page, drawn)

    # The ad accounts page (/advertisers/): a link to the account's audiences, as drawn.
    link_text = fill(drawn["pinterest.accounts_link"], name="Acme Ads", id=AD_ACCOUNT_ID)
    expect(page.get_by_role("heading", name=drawn["pinterest.accounts_heading"])).to_be_visible()
    markup = drawn["pinterest.accounts_markup"]
    if markup == "menu":
        page.get_by_role("button", name="Choose an ad account").click()
        link = page.get_by_role("menu").get_by_role("menuitem", name=link_text, exact=True)
    else:
        scope = page.get_by_role(
            "table" if markup == "table" else "list", name=drawn["pinterest.accounts_heading"]
        )
        link = scope.get_by_role("link", name=link_text, exact=True)
    link.click()

    # Audiences: heading, columns (names and order), the ready word, every row via paging.
    expect(page.get_by_role("heading", level=1)).to_have_text(drawn["pinterest.audiences_heading"])
    order = drawn["pinterest.col_order"].split()
    table = page.get_by_role("table")
    expect(table.get_by_role("columnheader")).to_have_text(
        [drawn[PINTEREST_COLUMN_CHOICES[key]] for key in order]
    )
    paging = drawn["pinterest.audiences_paging"]
    size = len(rows) if paging == "all" else drawn["pinterest.audiences_page_size"]
    body = table.locator("tbody").get_by_role("rowheader")
    names: list[str] = []
    if paging in ("load-more", "show-more"):
        more = page.get_by_role(
            "button", name="Load more" if paging == "load-more" else "Show more"
        )
        shown = min(size, len(rows))
        while shown < len(rows):
            expect(body).to_have_count(shown)
            more.click()
            shown = min(shown + size, len(rows))
        expect(body).to_have_count(len(rows))
        expect(more).to_have_count(0)
        names = body.all_inner_texts()
    else:
        following = page.get_by_role("navigation", name="Pagination").get_by_role(
            "link", name="Next"
        )
        while True:
            expect(body).to_have_count(min(size, len(rows) - len(names)))
            names += body.all_inner_texts()
            if len(names) >= len(rows):
                expect(following).to_have_count(0)
                break
            following.click()
    assert names == [a["name"] for a in rows]
    status = table.get_by_role("cell", name=drawn["pinterest.status_ready"], exact=True)
    expect(status.first).to_be_visible()


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_pinterest_consent_buttons_are_drawn(mock_sites: MockSites, seed: int) -> None:
    drawn = mock_sites.reset("notice", variants={"scramble": seed})["scramble"]["choices"]
    with PinterestPerson(mock_sites.pinterest_url) as person:
        person.log_in()
        consent = person.authorize(
            **authorize_params(f"{mock_sites.aep_url}/oauth/pinterest/callback")
        )

    heading = fill(drawn["pinterest.consent_heading"], app="Adobe Experience Platform")
    assert f'<h1 id="consent-heading">{heading}</h1>' in consent.text
    for value, label in (("allow", "consent_allow"), ("deny", "consent_deny")):
        assert f'value="{value}">{drawn["pinterest." + label]}</button>' in consent.text


# --- What the slow run adds: the shell, pagers, the wizard, reconnect outcomes ----------

SANDBOX_BUTTON = {
    "kicker-title-meta": "Sandbox Prod Production · VA7",
    "title-kicker": "Prod Sandbox",
    "current-label": "Current sandbox: Prod",
    "name-type-region": "prod – Production sandbox (VA7)",
    "caps-kicker-lines": "SANDBOX Prod",
    "title-only": "Prod",
}
SANDBOX_OPTION = {
    "title": "Prod",
    "title-name": "Prod (prod)",
    "title-meta": "Prod — Production · VA7",
}
NEXT_PAGE = {"page": "Next page", "short": "Next", "go": "Go to next page", "glyph": "›"}


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_the_shell_and_the_pager_render_what_the_seed_drew(
    page: Page, mock_sites: MockSites, seed: int
) -> None:
    drawn = mock_sites.reset(
        "large", options={"pairs": 30}, variants={"scramble": seed, "rows": "pages"}
    )["scramble"]["choices"]
    app = open_aep(page, mock_sites, "/destination/browse")
    banner = page.get_by_role("banner")

    # Who is signed in: a name beside Sign out, or a button opening a popover with it.
    user = drawn["aep.user_display"]
    if user == "name-text":
        expect(banner).to_contain_text("Olivia Ops")
        expect(banner.get_by_role("link", name="Sign out")).to_be_visible()
    else:
        trigger = banner.get_by_role("button", name="Olivia Ops" if user == "avatar" else user)
        trigger.click()
        popover = page.get_by_role("dialog", name="Olivia Ops" if user == "avatar" else user)
        expect(popover).to_contain_text(AEP_USER_EMAIL)
        expect(popover.get_by_role("link", name="Sign out")).to_be_visible()
        page.keyboard.press("Escape")
        expect(popover).to_have_count(0)

    # The sandbox switcher's wording and its options'.
    switcher = banner.get_by_role("button", name=SANDBOX_BUTTON[drawn["aep.sandbox_button"]])
    expect(switcher).to_have_attribute("aria-haspopup", "listbox")
    switcher.click()
    option = page.get_by_role("listbox").get_by_role("option")
    # (The selected option's CSS adds a check mark to its name.)
    wording = re.escape(SANDBOX_OPTION[drawn["aep.sandbox_option"]])
    expect(option).to_have_accessible_name(re.compile(rf"^{wording}( ✓)?$"))
    page.keyboard.press("Escape")

    # Browse in pages of the drawn size, and the pager as drawn.
    size = drawn["aep.browse_page_size"]
    grid = named(app, "grid", drawn["aep.browse_grid_name"], "[role=grid][aria-rowcount]")
    expect(grid).to_have_attribute("aria-rowcount", str(size + 1))
    container = drawn["aep.pager_container"]
    pager = app.locator(".pager")
    if container == "Pagination":
        expect(pager).to_have_accessible_name("Pagination")
    expect(pager).to_have_js_property("tagName", "DIV" if container == "none" else "NAV")
    status = drawn["aep.pager_status"]
    pages = -(-60 // size)
    if status == "page-of":
        expect(pager).to_contain_text(f"Page 1 of {pages}")
    elif status == "range":
        expect(pager).to_contain_text(f"1–{size} of 60")
    else:
        expect(pager.get_by_role("button", name="1", exact=True)).to_have_attribute(
            "aria-current", "page"
        )
    pager.get_by_role("button", name=NEXT_PAGE[drawn["aep.pager_buttons"]], exact=True).click()
    expect(grid).to_have_attribute("aria-rowcount", str(min(size, 60 - size) + 1))
    if status == "page-of":
        expect(pager).to_contain_text(f"Page 2 of {pages}")
    elif status == "range":
        expect(pager).to_contain_text(f"{size + 1}–{min(2 * size, 60)} of 60")
    else:
        expect(pager.get_by_role("button", name="2", exact=True)).to_have_attribute(
            "aria-current", "page"
        )


WIZARD_PAGES = {
    "steps": [["Select audiences"], ["Mapping"], ["Audience schedule"], ["Review"]],
    "select-with-schedule": [["Select audiences", "Audience schedule"], ["Mapping"], ["Review"]],
    "one-page": [["Select audiences", "Mapping", "Audience schedule", "Review"]],
}


@pytest.mark.slow
@pytest.mark.parametrize(
    ("layout", "violation"),
    [("steps", False), ("select-with-schedule", False), ("one-page", False), ("one-page", True)],
)
def test_the_activation_wizard_in_every_layout(
    page: Page, mock_sites: MockSites, layout: str, violation: bool
) -> None:
    seed = first_seed(lambda d: d["aep.wizard_layout"] == layout)
    faults = {"activation_policy_violation": True} if violation else None
    drawn = mock_sites.reset("notice", variants={"scramble": seed}, faults=faults)["scramble"][
        "choices"
    ]
    flow = flow_id(mock_sites, "Cart recovery", NEW_CARD)
    app = open_aep(page, mock_sites, f"/destination/browse/{flow}")
    app.get_by_role("button", name="Activate audiences").click()

    title = fill(drawn["aep.wizard_title"], entry="Activate audiences", flow="Cart recovery")
    wizard = app.get_by_role("dialog", name=title, exact=True)
    naming = drawn["aep.wizard_checkbox"]
    box = (
        "Holiday gift shoppers"
        if naming == "labelledby"
        else fill(naming, name="Holiday gift shoppers")
    )
    for at, sections in enumerate(WIZARD_PAGES[layout]):
        expect(wizard.get_by_role("heading", level=3)).to_have_text(sections)
        if at == 0:
            wizard.get_by_role("checkbox", name=box, exact=True).check()
        if at < len(WIZARD_PAGES[layout]) - 1:
            wizard.get_by_role("button", name="Next").click()
    expect(wizard.get_by_role("button", name="Next")).to_have_count(0)
    finish = wizard.get_by_role("button", name="Finish")
    finish.click()

    activated = mock_sites.aep_state()["flows"][flow]["activations"]
    if violation:
        expect(wizard.get_by_role("alert", name="Data usage policy violation")).to_be_visible()
        expect(finish).to_be_disabled()
        assert len(mock_sites.aep_state()["flows"][flow]["activations"]) == 1
    else:
        expect(wizard).to_have_count(0)
        activated = mock_sites.aep_state()["flows"][flow]["activations"]
        assert len(activated) == 2


def reconnect_seeds() -> list[Any]:
    cases = [("success", a) for a in scramble.CHOICES["aep.reconnect_success"]]
    cases += [("failure", a) for a in scramble.CHOICES["aep.reconnect_failure"]]
    return [
        pytest.param(
            outcome,
            first_seed(lambda d, o=outcome, a=alt: d[f"aep.reconnect_{o}"] == a),
            id=f"{outcome}-{alt}",
        )
        for outcome, alt in cases
    ]


@pytest.mark.slow
@pytest.mark.parametrize(("outcome", "seed"), reconnect_seeds())
def test_a_reconnect_outcome_shows_where_drawn(
    page: Page, mock_sites: MockSites, outcome: str, seed: int
) -> None:
    faults = {"oauth_consent_denied": True} if outcome == "failure" else None
    drawn = mock_sites.reset("notice", variants={"scramble": seed}, faults=faults)["scramble"][
        "choices"
    ]
    app = open_aep(page, mock_sites, "/destination/accounts")
    app.get_by_role("group", name="Destination platform").get_by_role(
        "checkbox", name=NEW_CARD
    ).check()
    app.get_by_role("rowheader").get_by_role("button").click()
    app.get_by_role("menuitem", name="Edit details").click()
    dialog = app.get_by_role("dialog")
    reconnect = dialog.get_by_role("button", name="Reconnect OAuth")

    with page.expect_popup() as popup_info:
        reconnect.click()
    popup = popup_info.value
    log_in(popup, drawn)
    with popup.expect_event("close"):
        popup.get_by_role("button", name=drawn["pinterest.consent_allow"], exact=True).click()
    # Done once the button is back and its progress line empty (the account read again).
    expect(reconnect).to_be_enabled()
    expect(dialog.locator("p.oauth-status")).to_have_text("")

    where = drawn[f"aep.reconnect_{outcome}"]
    spectrum = drawn["aep.toast_container"] == "spectrum"
    # Toasts are outside the dialog, at the end of <body>, in any container.
    toasts = app.locator(".toast-region")
    if outcome == "failure":
        words = drawn["aep.toast_words"]["reconnect_failed"].split("{")[0]
        toast = toasts.get_by_role("alertdialog" if spectrum else "alert")
        inline = dialog.get_by_role("alert")
    else:
        words = drawn["aep.toast_words"]["reconnected"].split("{")[0]
        toast = toasts.get_by_role("alertdialog" if spectrum else "status")
        inline = dialog.get_by_role("status")
        [account] = [
            a for a in mock_sites.aep_state()["accounts"].values() if a["destination"] == NEW_CARD
        ]
        assert account["access_token_set"]
    in_toast = toast.filter(has_text=words)
    in_dialog = inline.filter(has_text=words)
    expect(in_toast).to_have_count(1 if where in ("toast", "both") else 0)
    expect(in_dialog).to_have_count(1 if where in ("inline", "both") else 0)
