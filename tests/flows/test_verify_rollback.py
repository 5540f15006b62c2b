"""`--verify RUN_ID` and `--rollback RUN_ID` on one apply run of three pairs.

The state can be brought back to just after the switch only by applying again (~20 s), so
this test is a chain of steps over one apply run's evidence, in order: verify
(pending, then confirmed, then missing and drifted), roll back one pair, a rollback dry run
(a stale pair left alone), a rollback after Pinterest's v4 shutdown. Each asserts its end
state through the mocks' state API.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser

from flows.runs.lifecycle import DrivenRun
from flows.runs.session import Request
from flows.settings import Settings
from mocks import scenarios
from mocks.aep.client import AepClient
from mocks.aep.state import NEW_CARD, OLD_CARD
from mocks.client import MockSites
from mocks.clock import SCENARIO_EPOCH, V4_SHUTDOWN
from tests.flows.conftest import harness_env
from tests.flows.support import Harness, InProcess, flows_by_key, live_settings

PAIRS = ("Campaign 0001", "Campaign 0002", "Campaign 0003")
# Pinterest keeps pushed audiences PROCESSING this many mock seconds (fault of the mock).
PROCESSING_S = 7200


@dataclass
class Applied:
    harness: Harness
    in_process: InProcess
    run_id: str

    def verify(self) -> int:
        """`pytest flows --verify RUN_ID`, in this process: its exit status."""
        return self.in_process.run(Request("verify", run_id=self.run_id)).exit_status

    def rollback(self, *, apply: bool, only: tuple[str, ...] = ()) -> DrivenRun:
        """`pytest flows --rollback RUN_ID [--only NAME] [--apply]`, in this process."""
        return self.in_process.run(Request("rollback", apply=apply, run_id=self.run_id, only=only))

    def run_folder(self) -> Path:
        return self.harness.evidence / self.run_id

    def verification(self) -> dict[str, Any]:
        """The newest verification report written into the apply run's folder."""
        newest = sorted(self.run_folder().glob("verification-*.json"))[-1]
        report: dict[str, Any] = json.loads(newest.read_text())
        return report


@pytest.fixture
def applied(
    settings: Settings,
    mock_sites: MockSites,
    browser: Browser,
    tmp_path_factory: pytest.TempPathFactory,
) -> Applied:
    """Three pairs switched by one apply (run in this process: only `--verify` and
    `--rollback` are the CLI under test), their audiences still processing in Pinterest."""
    folder = tmp_path_factory.mktemp("switched")
    mock_sites.reset(
        "large", options={"pairs": 3}, faults={"pinterest_processing_delay_s": PROCESSING_S}
    )
    in_process = InProcess(live_settings(settings, mock_sites, folder), browser)
    in_process.dry_run()
    apply = in_process.apply()
    assert apply.exit_status == 0, apply.report
    assert {p["outcome"] for p in apply.report["pairs"]} == {"switched"}
    harness = Harness(harness_env(mock_sites, folder), folder / "evidence")
    return Applied(harness, in_process, apply.folder.run_id)


def switches(mock_sites: MockSites) -> dict[str, tuple[bool, bool]]:
    """(old enabled, new enabled) per pair, from the mock AEP's state API."""
    flows = flows_by_key(mock_sites.aep_state())
    return {n: (flows[(n, OLD_CARD)]["enabled"], flows[(n, NEW_CARD)]["enabled"]) for n in PAIRS}


def audience_statuses(report: dict[str, Any]) -> dict[str, str]:
    return {a["name"]: a["status"] for a in report["audiences"]}


def check_verify_right_after_the_switch_is_pending(applied: Applied) -> None:
    run = applied.harness.run("--verify", applied.run_id)

    assert run.returncode == 1, run.output
    report = applied.verification()
    assert set(audience_statuses(report).values()) == {"pending"}
    assert len(report["audiences"]) == 6
    assert report["drifted"] == []
    assert report["all_confirmed"] is False
    assert report["switched_at"].startswith(SCENARIO_EPOCH.date().isoformat())
    assert (applied.run_folder() / f"{report['evidence']}.html").is_file()
    junit = (applied.run_folder() / report["evidence"] / "junit.xml").read_text()
    assert 'name="test_verify_pair[prod/Campaign 0001-chromium]"' in junit


def check_verify_after_processing_is_confirmed(applied: Applied, mock_sites: MockSites) -> None:
    mock_sites.advance_clock(PROCESSING_S + 600)

    status = applied.verify()

    report = applied.verification()
    assert status == 0, report
    assert set(audience_statuses(report).values()) == {"confirmed"}
    assert report["all_confirmed"] is True
    ready = {a["status"] for a in mock_sites.pinterest_state()["audiences"].values()}
    assert ready == {"READY"}, "the mock Pinterest finished processing"


def check_verify_flags_a_missing_audience_and_a_drifted_pair(
    applied: Applied, mock_sites: MockSites
) -> None:
    world = mock_sites.world
    with world.lock:  # the mock runs in this process: remove it as a person would in Ads Manager
        gone = next(
            a for a in world.pinterest.audiences.values() if a.name == "Campaign 0002 audience 1"
        )
        del world.pinterest.audiences[gone.id]
    with AepClient(mock_sites.aep_url) as colleague:
        colleague.sign_in(scenarios.AEP_USER_EMAIL, scenarios.AEP_USER_PASSWORD)
        new = next(
            f
            for f in colleague.flows()
            if f["name"] == "Campaign 0003" and f["destination"] == NEW_CARD
        )
        assert colleague.flow_action(new["id"], "disable").status_code == 200

    run = applied.harness.run("--verify", applied.run_id)

    assert run.returncode == 1, run.output
    report = applied.verification()
    statuses = audience_statuses(report)
    assert statuses["Campaign 0002 audience 1"] == "missing"
    assert statuses["Campaign 0002 audience 2"] == "confirmed"
    assert report["drifted"] == ["prod/Campaign 0003"]
    assert "drifted  prod/Campaign 0003" in run.output
    assert switches(mock_sites)["Campaign 0003"] == (False, False), "verify changed nothing"


def check_rollback_only_one_pair(applied: Applied, mock_sites: MockSites) -> None:
    run = applied.rollback(apply=True, only=("Campaign 0001",))

    assert run.exit_status == 0, run.report
    assert switches(mock_sites) == {
        "Campaign 0001": (True, False),  # back to first-seen: old on, new off
        "Campaign 0002": (False, True),
        "Campaign 0003": (False, False),
    }
    report = applied.harness.report()
    assert report["kind"] == "rollback"
    assert [(p["key"], p["outcome"]) for p in report["pairs"]] == [
        ("prod/Campaign 0001", "rolled_back")
    ]
    actions = report["pairs"][0]["actions"]
    assert actions == ["enable old flow", "disable new flow"], "old on before new off"
    journal = (applied.harness.latest / "journal.jsonl").read_text().splitlines()
    events = [json.loads(line)["event"] for line in journal]
    assert events.count("intent") == events.count("done") == 2


def check_rollback_after_the_v4_shutdown_warns_and_a_dry_run_changes_nothing(
    applied: Applied, mock_sites: MockSites
) -> None:
    now = datetime.fromisoformat(mock_sites.aep_state()["now"])
    mock_sites.advance_clock((V4_SHUTDOWN + timedelta(days=1) - now).total_seconds())
    changes = mock_sites.aep_state()["change_count"]

    run = applied.harness.run("--rollback", applied.run_id)

    assert run.returncode == 1, run.output  # the stale pair needs a person
    assert mock_sites.aep_state()["change_count"] == changes, "a dry run changes nothing"
    warning = run.line_with("WARNING:")
    assert "v4" in warning, run.output
    assert "2024-01-18" in warning
    report = applied.harness.report()
    assert len(report["warnings"]) == 1
    assert "v4" in report["warnings"][0]
    assert "v4" in (applied.harness.latest / "report.html").read_text()
    outcomes = {p["name"]: p["outcome"] for p in report["pairs"]}
    assert outcomes == {
        "Campaign 0001": "already_rolled_back",
        "Campaign 0002": "would_roll_back",
        "Campaign 0003": "stale",
    }
    assert "stale  prod/Campaign 0003" in run.output


def check_rollback_with_apply_leaves_the_stale_pair_alone(
    applied: Applied, mock_sites: MockSites
) -> None:
    run = applied.rollback(apply=True)

    assert run.exit_status == 1, run.report  # the stale pair needs a person
    assert run.report["warnings"], "still warned: past the v4 shutdown"
    outcomes = {p["name"]: p["outcome"] for p in run.report["pairs"]}
    assert outcomes == {
        "Campaign 0001": "already_rolled_back",
        "Campaign 0002": "rolled_back",
        "Campaign 0003": "stale",
    }
    assert switches(mock_sites) == {
        "Campaign 0001": (True, False),
        "Campaign 0002": (True, False),
        "Campaign 0003": (False, False),  # stale: left alone
    }


def test_verify_later_and_roll_back(applied: Applied, mock_sites: MockSites) -> None:
    """One chain: each step starts from the state the step before left."""
    check_verify_right_after_the_switch_is_pending(applied)
    check_verify_after_processing_is_confirmed(applied, mock_sites)
    check_verify_flags_a_missing_audience_and_a_drifted_pair(applied, mock_sites)
    check_rollback_only_one_pair(applied, mock_sites)
    check_rollback_after_the_v4_shutdown_warns_and_a_dry_run_changes_nothing(applied, mock_sites)
    check_rollback_with_apply_leaves_the_stale_pair_alone(applied, mock_sites)
