"""`make login`: the person signs in (the test plays the person through its own CDP
connection to the browser the helper attaches to); the states saved work for a run."""

from __future__ import annotations

import contextlib
import json
import stat
from pathlib import Path

from playwright.sync_api import BrowserContext, Page
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from mocks import scenarios
from mocks.client import MockSites
from tests.flows.support import Harness
from tests.live.conftest import login_helper

HELPER_TIMEOUT_S = 120


def next_page(context: BrowserContext, url_part: str) -> Page:
    """The page the helper opened in the person's browser, once it asks for `url_part`
    (the helper's own re-check pages never do)."""
    request = context.wait_for_event(
        "request", lambda r: url_part in r.url and r.is_navigation_request(), timeout=60_000
    )
    # The request of a new tab can come before the tab itself is announced to this
    # connection (even after the request is answered): wait for the announcement.
    for _ in range(30):
        try:
            page = request.frame.page
            break
        except PlaywrightError:
            with contextlib.suppress(PlaywrightTimeoutError):
                context.wait_for_event("page", timeout=1_000)
    else:
        page = request.frame.page  # raises: the tab was never announced
    page.wait_for_load_state()
    return page


def test_the_person_signs_in_and_the_saved_states_carry_a_run(
    person_browser: tuple[BrowserContext, str],
    harness: Harness,
    mock_sites: MockSites,
    tmp_path: Path,
) -> None:
    """AEP sign-in, then Pinterest login (PINTEREST_STORAGE_STATE instead of a password),
    both saved with mode 600 and re-checked; then a dry run and an apply on the
    top-level shell variant reconnect OAuth with the saved Pinterest state."""
    mock_sites.reset("notice", variants={"shell": "top"})
    context, cdp = person_browser
    aep_state, pinterest_state = tmp_path / ".auth" / "aep.json", tmp_path / ".auth" / "pin.json"
    env = {**harness.env, "AEP_STORAGE_STATE": str(aep_state)}
    env["PINTEREST_STORAGE_STATE"] = str(pinterest_state)
    del env["PINTEREST_EMAIL"], env["PINTEREST_PASSWORD"]

    helper = login_helper(env, "--cdp-endpoint", cdp, "--timeout", str(HELPER_TIMEOUT_S))

    aep = next_page(context, "/signin")
    aep.get_by_label("Email").fill(scenarios.AEP_USER_EMAIL)
    aep.get_by_label("Password").fill(scenarios.AEP_USER_PASSWORD)
    aep.get_by_role("button", name="Sign in").click()
    pinterest = next_page(context, "/login/")
    pinterest.get_by_label("Email").fill(scenarios.PINTEREST_EMAIL)
    pinterest.get_by_label("Password").fill(scenarios.PINTEREST_PASSWORD)
    pinterest.get_by_role("button", name="Log in").click()
    output, _ = helper.communicate(timeout=HELPER_TIMEOUT_S)

    assert helper.returncode == 0, output
    assert "Sign in to Adobe Experience Platform in the browser window" in output
    assert f"Signed in as Olivia Ops; saved {aep_state} (mode 600)." in output
    for path in (aep_state, pinterest_state):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert not list(aep_state.parent.glob(".*")), "no temporary state left behind"
    assert mock_sites.aep_url.split("//")[1].split(":")[0] in {
        c["domain"] for c in json.loads(aep_state.read_text())["cookies"]
    }
    assert scenarios.AEP_USER_PASSWORD not in output + aep_state.read_text()
    assert scenarios.PINTEREST_PASSWORD not in output + pinterest_state.read_text()

    live = Harness(env, harness.evidence)
    dry = live.run()
    assert "would_switch  prod/Loyalty campaign" in dry.output, dry.output
    apply = live.run("--apply")

    assert {a["outcome"] for a in live.report()["accounts"]} == {"reconnected"}, apply.output
    outcomes = {p["name"]: p["outcome"] for p in live.report()["pairs"]}
    assert outcomes["Loyalty campaign"] == "switched", apply.output


def test_a_person_who_does_not_finish_gets_nothing_saved(
    person_browser: tuple[BrowserContext, str], harness: Harness, mock_sites: MockSites
) -> None:
    mock_sites.reset("notice")
    context, cdp = person_browser
    target = Path(harness.env["AEP_STORAGE_STATE"]).with_name("never.json")
    env = {**harness.env, "AEP_STORAGE_STATE": str(target)}

    helper = login_helper(env, "--cdp-endpoint", cdp, "--site", "aep", "--timeout", "3")
    next_page(context, "/signin")  # the person looks at it and walks away
    output, _ = helper.communicate(timeout=HELPER_TIMEOUT_S)

    assert helper.returncode == 2, output
    assert "ERROR: not saved: the Platform app did not show within 3 s" in output
    assert not target.exists()
