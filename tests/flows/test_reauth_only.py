"""The keep-alive `pytest flows --reauth-only [--within-days N] [--apply]` on the `expiring`
scenario ("Acme Ads US" expires in 3 days, "Acme Ads EU" in 20, "Acme Ads APAC" expired
2 days ago), with the mock clock. The end state is read from the mocks' state API."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flows.runs.session import Request
from mocks.client import MockSites
from tests.flows.support import Harness, InProcess

US, EU, APAC = "prod/Acme Ads US", "prod/Acme Ads EU", "prod/Acme Ads APAC"
DAY = 86400


def accounts_by_key(aep: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {f"{a['sandbox']}/{a['name']}": a for a in aep["accounts"].values()}


def reconnects(changes: list[dict[str, Any]]) -> list[str]:
    """The accounts reconnected, in order (Save after a reconnect is a change of its own)."""
    return [c["account_id"] for c in changes if c["op"] == "reconnect"]


def reported(harness: Harness) -> dict[str, dict[str, Any]]:
    return {a["key"]: a for a in harness.report()["accounts"]}


# `pytest flows --reauth-only --apply`
KEEP_ALIVE = Request("reauth", apply=True)


def test_dry_run_lists_the_accounts_expiring_within_n_days_and_changes_nothing(
    harness: Harness, mock_sites: MockSites
) -> None:
    mock_sites.reset("expiring")
    before = mock_sites.aep_state()

    run = harness.run("--reauth-only", "--within-days", "7")

    assert run.returncode == 0, run.output
    assert mock_sites.aep_state() == before, "a dry run changes nothing"
    accounts = reported(harness)
    assert {k: a["outcome"] for k, a in accounts.items()} == {
        US: "would_reconnect", EU: "connected", APAC: "would_reconnect"
    }  # fmt: skip
    assert accounts[US]["expires_before"] == "2023-12-04"
    assert accounts[US]["reason"] == "expires 2023-12-04 (in 3 days)"
    assert accounts[APAC]["reason"] == "expired on 2023-11-29 (2 days ago)"
    assert accounts[EU]["expires_after"] == "2023-12-21"
    assert harness.report()["within_days"] == 7
    assert "would_reconnect  account prod/Acme Ads US  expires 2023-12-04" in run.output
    assert not (harness.latest / "plan.json").exists(), "the keep-alive makes no plan"


def test_apply_reconnects_what_expires_within_n_days_then_does_nothing_until_the_clock_moves(
    harness: Harness, in_process: InProcess, mock_sites: MockSites
) -> None:
    mock_sites.reset("expiring")
    before = mock_sites.aep_state()
    epoch = datetime.fromisoformat(before["now"])

    # No plan in this evidence folder: --reauth-only --apply needs none.
    first = harness.run("--reauth-only", "--apply")

    assert first.returncode == 0, first.output
    after = mock_sites.aep_state()
    accounts = accounts_by_key(after)
    renewed = (epoch + timedelta(days=30)).isoformat()
    assert accounts[US]["expires"] == renewed
    assert accounts[APAC]["expires"] == renewed
    assert accounts[EU] == accounts_by_key(before)[EU], "20 days left: not reconnected"
    assert after["flows"] == before["flows"], "no dataflow touched"
    reconnected = accounts[US]["id"], accounts[APAC]["id"]
    assert sorted(reconnects(after["changes"])) == sorted(reconnected)
    assert {c.get("account_id") for c in after["changes"]} == set(reconnected)
    report = reported(harness)
    assert {k: a["outcome"] for k, a in report.items()} == {
        US: "reconnected", EU: "connected", APAC: "reconnected"
    }  # fmt: skip
    assert (report[US]["expires_before"], report[US]["expires_after"]) == (
        "2023-12-04", "2023-12-31"
    )  # fmt: skip
    changes = after["change_count"]

    # Again, in this process (the command line is proven above).
    second = in_process.run(KEEP_ALIVE)

    assert second.exit_status == 0, second.report
    assert mock_sites.aep_state()["change_count"] == changes, "a second run changed nothing"
    assert {a["outcome"] for a in reported(harness).values()} == {"connected"}

    mock_sites.advance_clock(14 * DAY)  # EU now expires in 6 days; US and APAC in 16
    third = in_process.run(KEEP_ALIVE)

    assert third.exit_status == 0, third.report
    later = mock_sites.aep_state()
    assert reconnects(later["changes"]) == [
        *reconnects(after["changes"]), accounts[EU]["id"]
    ]  # fmt: skip
    assert later["flows"] == before["flows"]
    now = datetime.fromisoformat(later["now"])
    assert accounts_by_key(later)[EU]["expires"] == (now + timedelta(days=30)).isoformat()
    assert {k: a["outcome"] for k, a in reported(harness).items()} == {
        US: "connected", EU: "reconnected", APAC: "connected"
    }  # fmt: skip


def test_a_cancelled_consent_fails_the_run_and_changes_nothing(
    harness: Harness, mock_sites: MockSites
) -> None:
    mock_sites.reset("expiring", faults={"oauth_consent_denied": True})
    before = mock_sites.aep_state()
    pinterest_tokens = mock_sites.pinterest_state()["tokens"]

    run = harness.run("--reauth-only", "--apply")

    assert run.returncode == 1, run.output
    after = mock_sites.aep_state()
    assert after["accounts"] == before["accounts"]
    assert after["flows"] == before["flows"]
    assert after["change_count"] == before["change_count"]
    assert mock_sites.pinterest_state()["tokens"] == pinterest_tokens
    accounts = reported(harness)
    assert {k: a["outcome"] for k, a in accounts.items()} == {
        US: "failed", EU: "connected", APAC: "failed"
    }  # fmt: skip
    assert "access_denied" in accounts[US]["reason"], accounts[US]["reason"]
    assert accounts[US]["expires_after"] == ""
    assert harness.report()["needs_a_person"] == 2
    assert "failed  account prod/Acme Ads US" in run.output


def test_an_expired_sign_in_stops_with_exit_status_6(
    harness: Harness, mock_sites: MockSites
) -> None:
    mock_sites.reset("expiring")
    empty = harness.evidence.parent / "empty.json"
    empty.write_text('{"cookies": [], "origins": []}')
    harness.env["AEP_STORAGE_STATE"] = str(empty)

    run = harness.run("--reauth-only", "--apply")

    assert run.returncode == 6, run.output
    assert "make login" in run.output
    assert mock_sites.aep_state()["change_count"] == 0
