"""The mock AEP's shell and navigation (DESIGN, "The mock sites").

The Destinations workspace's tabs, the sandbox switcher, the app in an iframe or in the top
page (the `shell` variant), the route kept in the top page's URL, the browser's cache on a
reload, and sign-in when the session ends. Selectors are roles and names, except where the
structure itself (a popover's place in the DOM) is what a test proves.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from mocks.aep.state import NEW_CARD, OLD_CARD
from mocks.client import MockSites
from mocks.scenarios import AEP_USER_EMAIL, AEP_USER_PASSWORD
from tests.mocks.aep_ui import APP_FRAME, AT_END_OF_BODY, PLATFORM, dataflow_route, open_app

# --- Workspace -----------------------------------------------------------------------


def test_workspace_tabs_are_a_tablist_whose_panels_have_content(
    page: Page, mock_sites: MockSites
) -> None:
    root = open_app(page, mock_sites, f"{PLATFORM}/destination/overview")
    tablist = root.get_by_role("tablist", name="Destinations")
    expect(tablist.get_by_role("tab")).to_have_text(
        ["Overview", "Catalog", "Browse", "Accounts", "System View"]
    )
    summary = root.get_by_role("tabpanel", name="Overview").get_by_role("region", name="Summary")
    expect(summary.get_by_label("Enabled dataflows", exact=True)).to_have_text("5")
    expect(summary.get_by_label("Disabled dataflows", exact=True)).to_have_text("3")

    root.get_by_role("tab", name="Overview").focus()
    page.keyboard.press("ArrowRight")

    expect(root.get_by_role("tab", name="Catalog"), "arrows select").to_be_focused()
    expect(page).to_have_url(re.compile(r"/destination/catalog$"))
    cards = root.get_by_role("tabpanel", name="Catalog").get_by_role("article")
    expect(cards.get_by_role("heading")).to_have_text(
        [OLD_CARD, NEW_CARD, "Facebook Custom Audience", "Google Customer Match",
         "LinkedIn Matched Audiences", "Amazon S3"]
    )  # fmt: skip
    old_box, new_box = cards.nth(0).bounding_box(), cards.nth(1).bounding_box()
    assert old_box
    assert new_box
    assert old_box["y"] == new_box["y"], "the two Pinterest cards side by side"
    root.get_by_role("searchbox", name="Search destinations").fill("pinterest")
    expect(cards).to_have_count(2)
    root.get_by_role("tab", name="System View").click()
    destinations = root.get_by_role("list", name="Connected destinations").get_by_role("listitem")
    expect(destinations.filter(has_text=NEW_CARD)).to_contain_text("3 dataflows, 0 enabled")


# --- Shell: sandbox switcher, variants, route sync, sign-in --------------------------------


def test_sandbox_switcher_opens_a_listbox_and_switches_to_the_same_screen(
    page: Page, mock_sites: MockSites
) -> None:
    open_app(page, mock_sites, f"{PLATFORM}/destination/browse", scenario="sandboxes")
    switcher = page.get_by_role("button", name=re.compile("Sandbox"))
    expect(switcher).to_contain_text("Prod")

    switcher.click()

    listbox = page.get_by_role("listbox", name="Sandboxes")
    expect(listbox.get_by_role("option")).to_have_count(2)
    expect(listbox.get_by_role("option", name="Prod")).to_have_attribute("aria-selected", "true")
    expect(listbox.get_by_role("option", name="Prod")).to_be_focused()
    listbox.get_by_role("option", name="Dev EMEA").click()

    expect(page).to_have_url(re.compile(r"#/@acme/sname:dev-emea/platform/destination/browse$"))
    expect(page.get_by_role("button", name=re.compile("Sandbox"))).to_contain_text("Dev EMEA")
    app = page.frame_locator(APP_FRAME)
    expect(app.get_by_role("link", name="EMEA newsletter").first).to_be_visible()
    expect(app.get_by_role("link", name="Spring sale retargeting")).to_have_count(0)


def test_shell_top_variant_mounts_the_app_in_the_page(page: Page, mock_sites: MockSites) -> None:
    root = open_app(page, mock_sites, variants={"shell": "top"})

    assert len(page.frames) == 1, "no frame in this variant"
    root.get_by_role("navigation", name="Platform").get_by_role("link", name="Destinations").click()
    root.get_by_role("tab", name="Browse").click()
    expect(page).to_have_url(re.compile(r"#/@acme/sname:prod/platform/destination/browse$"))
    grid = page.get_by_role("grid", name="Dataflows")
    grid.get_by_role("button", name="More actions").first.click()
    assert page.get_by_role("menu").evaluate(AT_END_OF_BODY), "at the end of the shell's <body>"
    page.keyboard.press("Escape")
    page.get_by_role("link", name="Loyalty campaign").first.click()
    expect(page.get_by_role("switch", name="Enabled")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/destination/browse/[0-9a-f-]{36}$"))


# Resource Timing: what each document loaded from /static/, and the bytes it took over
# the network (0 when the browser's cache served it; a revalidation's 304 has headers).
STATIC_TRANSFERS = """() => performance.getEntriesByType("resource")
    .filter(entry => new URL(entry.name).pathname.startsWith("/static/"))
    .map(entry => [new URL(entry.name).pathname, entry.transferSize])"""


@pytest.mark.parametrize("shell", ["iframe", "top"])
def test_a_reload_takes_the_scripts_and_styles_from_the_browsers_cache(
    page: Page, mock_sites: MockSites, shell: str
) -> None:
    root = open_app(page, mock_sites, variants={"shell": shell})

    page.reload()

    app_nav = root.get_by_role("navigation", name="Platform")
    expect(app_nav, "the app is up again").to_be_visible()
    documents = [page.evaluate(STATIC_TRANSFERS)]
    if shell == "iframe":
        documents.append(app_nav.evaluate(STATIC_TRANSFERS))
    for loaded in documents:
        assert any(path.endswith(".js") for path, _ in loaded), loaded
        assert [path for path, size in loaded if size] == [], "fetched again, not cached"


def test_top_page_url_follows_the_app_and_reopens_a_dataflow(
    page: Page, mock_sites: MockSites
) -> None:
    root = open_app(page, mock_sites)
    root.get_by_role("navigation", name="Platform").get_by_role("link", name="Destinations").click()
    root.get_by_role("tab", name="Browse").click()
    grid = root.get_by_role("grid", name="Dataflows")
    old_row = grid.get_by_role("row").filter(
        has=root.get_by_role("gridcell", name=OLD_CARD, exact=True)
    )
    old_row.get_by_role("link", name="Cart recovery", exact=True).click()
    expect(root.get_by_role("heading", name="Cart recovery")).to_be_visible()
    dataflow_url = page.url
    assert dataflow_url.endswith(dataflow_route(mock_sites, "Cart recovery", OLD_CARD))
    page.go_back()
    expect(grid, "Back goes back in the app").to_be_visible()
    expect(page).to_have_url(re.compile(r"/destination/browse$"))
    page.go_forward()
    expect(page).to_have_url(dataflow_url)

    # A hash-only goto is a same-document navigation: the shell forwards its hashchange.
    page.goto(f"{mock_sites.aep_url}/#{PLATFORM}/destination/accounts")
    accounts_tab = root.get_by_role("tab", name="Accounts")
    expect(accounts_tab, "the app follows").to_have_attribute("aria-selected", "true")
    page.goto("about:blank")
    page.goto(dataflow_url)

    expect(root.get_by_role("heading", name="Cart recovery")).to_be_visible()
    rail = root.get_by_role("complementary", name="Dataflow details")
    expect(rail.get_by_label("Destination", exact=True)).to_have_text(OLD_CARD)


def test_a_typed_url_wins_over_a_route_the_app_posted_just_before(
    page: Page, mock_sites: MockSites
) -> None:
    open_app(page, mock_sites)
    app = page.get_by_title("Adobe Experience Platform").element_handle().content_frame()
    assert app is not None
    wanted = f"{PLATFORM}/destination/accounts"
    # The app's route message is queued before the person's hashchange: the shell mirrors it
    # over location.hash first, then must still follow the URL the person went to.
    app.evaluate(
        """wanted => {
            const here = location.hash.slice(1);
            parent.postMessage({ type: "aep-route", route: here }, location.origin);
            parent.location.hash = `#${wanted}`;
        }""",
        wanted,
    )

    accounts_tab = page.frame_locator(APP_FRAME).get_by_role("tab", name="Accounts")
    expect(accounts_tab, "the app follows the typed URL").to_have_attribute("aria-selected", "true")
    expect(page).to_have_url(re.compile(re.escape(wanted) + "$"))


@pytest.mark.parametrize("mirrored", [True, False], ids=["top-url-mirrored", "top-url-behind"])
def test_signed_out_api_call_sends_the_top_window_to_sign_in(
    page: Page, mock_sites: MockSites, mirrored: bool
) -> None:
    root = open_app(page, mock_sites, f"{PLATFORM}/destination/overview")
    expect(root.get_by_role("region", name="Summary")).to_be_visible()
    if not mirrored:
        # The top page mirrors the app's new route when the app's message arrives, which
        # may be after the new route's request is refused (it was on a loaded machine).
        page.evaluate("history.replaceState = () => {}")
    page.context.clear_cookies()

    root.get_by_role("tab", name="Browse").click()

    expect(page).to_have_url(re.compile(r"/signin\?next="))
    page.get_by_label("Email").fill(AEP_USER_EMAIL)
    page.get_by_label("Password").fill(AEP_USER_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page, "back where the session ended").to_have_url(
        re.compile(r"/#/@acme/sname:prod/platform/destination/browse$")
    )
    expect(page.frame_locator(APP_FRAME).get_by_role("grid", name="Dataflows")).to_be_visible()
