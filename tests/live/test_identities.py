"""Several Pinterest identities (PINTEREST_CREDENTIALS_FILE): each AEP account is
reconnected as its own Pinterest user (a password for one, a saved state for the other),
its username checked, and each flow verified in its own ad account."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import Browser, expect

from mocks import scenarios
from mocks.aep.state import NEW_CARD, OLD_CARD
from mocks.client import MockSites
from tests.flows.support import Harness

US, EMEA = scenarios.IDENTITIES["prod"], scenarios.IDENTITIES["dev-emea"]


def saved_pinterest_state(browser: Browser, mock_sites: MockSites, path: Path) -> Path:
    """The EMEA user's signed-in Pinterest state, as `make login --site pinterest` saves it."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{mock_sites.pinterest_url}/login/")
    page.get_by_label("Email").fill(scenarios.EMEA_PINTEREST_EMAIL)
    page.get_by_label("Password").fill(scenarios.EMEA_PINTEREST_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_label("Email")).to_be_hidden()
    context.storage_state(path=path)
    context.close()
    return path


def test_each_account_is_reconnected_as_its_own_pinterest_user(
    harness: Harness, mock_sites: MockSites, browser: Browser, tmp_path: Path
) -> None:
    mock_sites.reset("identities")
    emea_state = saved_pinterest_state(browser, mock_sites, tmp_path / "emea.json")
    us_login = {"email": scenarios.PINTEREST_EMAIL, "password": scenarios.PINTEREST_PASSWORD}
    credentials = tmp_path / "pinterest-credentials.json"
    # First by mistake: the EMEA account mapped to the US login.
    credentials.write_text(json.dumps({US[0]: us_login, f"dev-emea/{EMEA[0]}": us_login}))
    env = {**harness.env, "AEP_SANDBOXES": "prod,dev-emea"}
    env["PINTEREST_CREDENTIALS_FILE"] = str(credentials)
    del env["PINTEREST_EMAIL"], env["PINTEREST_PASSWORD"]
    run = Harness(env, harness.evidence)

    dry = run.run()
    assert dry.returncode == 0, dry.output
    plan = json.loads((run.latest / "plan.json").read_text())
    assert plan["accounts_to_reconnect"] == [f"prod/{US[0]}", f"dev-emea/{EMEA[0]}"]

    wrong = run.run("--apply")

    assert wrong.returncode == 1, wrong.output
    accounts = {a["key"]: a for a in run.report()["accounts"]}
    emea = accounts[f"dev-emea/{EMEA[0]}"]
    assert emea["outcome"] == "failed"
    assert f"reconnected as Pinterest user {US[1]!r}, expected {EMEA[1]!r}" in emea["reason"]
    outcomes = {p["key"]: p["outcome"] for p in run.report()["pairs"]}
    assert outcomes == {f"prod/{US[3]}": "switched", f"dev-emea/{EMEA[3]}": "failed"}
    assert enabled(mock_sites, "dev-emea") == {OLD_CARD: True, NEW_CARD: False}

    credentials.write_text(
        json.dumps({US[0]: {**us_login, "username": US[1]},
                    f"dev-emea/{EMEA[0]}": {"storage_state": str(emea_state)}})
    )  # fmt: skip
    # A person fixes the file later: a new grant gets a new expiry (the mock clock stands
    # still otherwise, and the dialog tells a reconnect by its changed expiry).
    mock_sites.advance_clock(3600)

    fixed = run.run("--apply")

    assert fixed.returncode == 0, fixed.output
    report = run.report()
    accounts = {a["key"]: a for a in report["accounts"]}
    assert accounts[f"dev-emea/{EMEA[0]}"]["outcome"] == "reconnected", fixed.output
    assert accounts[f"dev-emea/{EMEA[0]}"]["username"] == EMEA[1]
    assert accounts[f"prod/{US[0]}"]["outcome"] == "connected"
    outcomes = {p["key"]: p["outcome"] for p in report["pairs"]}
    assert outcomes == {f"prod/{US[3]}": "already_migrated", f"dev-emea/{EMEA[3]}": "switched"}
    for sandbox in ("prod", "dev-emea"):
        assert enabled(mock_sites, sandbox) == {OLD_CARD: False, NEW_CARD: True}, sandbox
    aep_accounts = mock_sites.aep_state()["accounts"].values()
    usernames = {(a["sandbox"], a["destination"]): a["username"] for a in aep_accounts}
    assert usernames[("dev-emea", NEW_CARD)] == EMEA[1]
    assert usernames[("prod", NEW_CARD)] == US[1]
    by_ad_account = {v["ad_account_id"]: v["status"] for v in report["verification"]}
    # Each in its own ad account, seen with its own login. The US audience was pushed at
    # the first apply's switch, before this run's: `pending` by this run's clock.
    assert by_ad_account[EMEA[2]] == "confirmed", report["verification"]
    assert by_ad_account[US[2]] in ("confirmed", "pending"), report["verification"]
    for path in [p for p in run.evidence.rglob("*") if p.is_file()]:
        assert scenarios.PINTEREST_PASSWORD.encode() not in path.read_bytes(), path


def enabled(mock_sites: MockSites, sandbox: str) -> dict[str, bool]:
    flows = mock_sites.aep_state()["flows"].values()
    return {f["destination"]: f["enabled"] for f in flows if f["sandbox"] == sandbox}
