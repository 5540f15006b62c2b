"""What `--apply` refuses, leaves alone, and limits itself to; its exit status per outcome."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser

from flows.evidence.journal import read_journal
from flows.settings import Settings
from mocks import scenarios
from mocks.aep.client import AepClient
from mocks.aep.state import NEW_CARD, OLD_CARD
from mocks.client import MockSites
from tests.flows.support import (
    THREE_PAIRS,
    Harness,
    InProcess,
    LosingBrowser,
    flows_by_key,
    live_settings,
)


@pytest.fixture(scope="module")
def notice_plan(
    settings: Settings,
    mock_sites: MockSites,
    browser: Browser,
    tmp_path_factory: pytest.TempPathFactory,
) -> Path:
    """One dry run's plan of the notice scenario (scenarios are deterministic), made in
    this process."""
    folder = tmp_path_factory.mktemp("plan")
    mock_sites.reset("notice")
    return InProcess(live_settings(settings, mock_sites, folder), browser).dry_run().plan_file


def test_apply_without_a_plan_says_to_run_the_dry_run_first(harness: Harness) -> None:
    run = harness.run("--apply")

    assert run.returncode == pytest.ExitCode.USAGE_ERROR
    assert "no plan at" in run.line_with("ERROR:")
    assert "run the dry run first (pytest flows)" in run.line_with("ERROR:")


@pytest.mark.parametrize(
    ("args", "refused"),
    [(("-n", "2"), "pytest-xdist (-n) is refused"), (("-p", "xdist", "--dist", "load"), "refused")],
)
def test_parallel_runs_are_refused(harness: Harness, args: tuple[str, ...], refused: str) -> None:
    run = harness.run(*args)

    assert run.returncode == pytest.ExitCode.USAGE_ERROR
    assert refused in run.output


def edited(plan_file: Path, folder: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    """A copy of a plan, changed by hand."""
    data = json.loads(plan_file.read_text())
    change(data)
    path = folder / "edited-plan.json"
    path.write_text(json.dumps(data))
    return path


def _unblock(plan: dict[str, Any]) -> None:
    """Cart recovery (blocked: its new flow lacks an audience) edited to would_switch."""
    cart = next(p for p in plan["pairs"] if p["name"] == "Cart recovery")
    cart.update(action="would_switch", missing=[], reason="")


def test_a_colleague_changed_pair_is_stale_and_an_edited_plan_switches_no_blocked_pair(
    in_process: InProcess, mock_sites: MockSites, notice_plan: Path, tmp_path: Path
) -> None:
    """A pair a colleague changed since the plan is stale and left alone; a blocked pair
    edited to would_switch in plan.json is blocked again by what is read before acting."""
    mock_sites.reset("notice")
    spring_new = flows_by_key(mock_sites.aep_state())[("Spring sale retargeting", NEW_CARD)]
    with AepClient(mock_sites.aep_url) as colleague:
        colleague.sign_in(scenarios.AEP_USER_EMAIL, scenarios.AEP_USER_PASSWORD)
        assert colleague.flow_action(spring_new["id"], "enable").status_code == 200

    run = in_process.apply(edited(notice_plan, tmp_path, _unblock))

    flows = flows_by_key(mock_sites.aep_state())
    assert flows[("Spring sale retargeting", OLD_CARD)]["enabled"] is True, "left alone"
    assert flows[("Loyalty campaign", OLD_CARD)]["enabled"] is False, "other pairs go on"
    outcomes = {p["name"]: p for p in run.report["pairs"]}
    assert outcomes["Spring sale retargeting"]["outcome"] == "stale"
    assert "changed since the plan by someone else" in outcomes["Spring sale retargeting"]["reason"]
    assert "new flow enabled" in outcomes["Spring sale retargeting"]["reason"]
    assert outcomes["Cart recovery"]["outcome"] == "blocked"
    assert "(the plan said would_switch)" in outcomes["Cart recovery"]["reason"]
    assert flows[("Cart recovery", OLD_CARD)]["enabled"] is True, "its old flow still exports"
    assert flows[("Cart recovery", NEW_CARD)]["enabled"] is False
    assert run.exit_status == 1


def test_a_plan_made_by_another_user_is_refused_once_aep_is_open(
    in_process: InProcess, mock_sites: MockSites, notice_plan: Path, tmp_path: Path
) -> None:
    mock_sites.reset("notice")
    before = mock_sites.aep_state()["change_count"]

    run = in_process.apply(edited(notice_plan, tmp_path, lambda p: p.update(aep_user="Mallory")))

    assert run.exit_status == pytest.ExitCode.USAGE_ERROR
    assert mock_sites.aep_state()["change_count"] == before, "nothing was changed"
    assert run.report["pairs"] == []


def test_the_trust_ladder_switches_every_pair(
    in_process: InProcess, mock_sites: MockSites, browser: Browser
) -> None:
    """As the README climbs it: dry run, the canary (`--apply --only NAME`), then plain
    `--apply` on `latest`. The canary's run carries the whole plan forward, so the rest
    switches every other pair. Each run's last click is lost (the page shows it saved; a
    reload does not): switched means read back, in the notice's order and the safe one."""
    mock_sites.reset(**THREE_PAIRS)
    in_process.settings.aep_storage_state.chmod(0o644)  # a saved sign-in others may read
    dry = in_process.dry_run()
    assert dry.exit_status == 0, dry.report
    [warning] = dry.report["warnings"]
    assert f"{in_process.settings.aep_storage_state} holds credentials and others may" in warning
    losing = LosingBrowser(browser)
    ladder = replace(in_process, browser=losing)  # type: ignore[arg-type]

    losing.lose("enable")  # the canary's last click in the notice's order
    canary = ladder.apply(only=("Campaign 0001",), order="documented")

    flows = flows_by_key(mock_sites.aep_state())
    assert (flows[("Campaign 0001", OLD_CARD)]["enabled"],
            flows[("Campaign 0001", NEW_CARD)]["enabled"]) == (False, True)  # fmt: skip
    assert flows[("Campaign 0002", OLD_CARD)]["enabled"] is True, "not among --only"
    assert [(p["name"], p["outcome"]) for p in canary.report["pairs"]] == [
        ("Campaign 0001", "switched")
    ]
    assert canary.exit_status == 0, canary.report
    assert canary.report["left"] == []
    assert (in_process.settings.evidence_dir / "latest").resolve() == canary.folder.path
    kept = json.loads(canary.plan_file.read_text())
    assert len(kept["pairs"]) == 3, "the canary's run carries the whole plan"
    journal = read_journal(canary.folder.file("journal.jsonl"))
    events = [(e["event"], e.get("account") or e.get("key")) for e in journal]
    account = "prod/Pinterest - Acme Ads"
    assert events.index(("intent", account)) < events.index(("account", account)), (
        "Reconnect OAuth is journaled before it happens"
    )
    assert [e["event"] for e in journal if e["event"] == "retry"] == ["retry"]

    losing.lose("disable")  # the next pair's last click in the safe order
    rest = ladder.apply()

    flows = flows_by_key(mock_sites.aep_state())
    for name in ("Campaign 0001", "Campaign 0002", "Campaign 0003"):
        assert flows[(name, OLD_CARD)]["enabled"] is False, name
        assert flows[(name, NEW_CARD)]["enabled"] is True, name
    outcomes = {p["name"]: p["outcome"] for p in rest.report["pairs"]}
    assert outcomes == {"Campaign 0001": "already_migrated", "Campaign 0002": "switched",
                        "Campaign 0003": "switched"}  # fmt: skip
    assert rest.exit_status == 0, rest.report


def test_exit_status_is_zero_when_nothing_needs_a_person(
    harness: Harness, mock_sites: MockSites
) -> None:
    mock_sites.reset("migrated")

    dry = harness.run()
    apply = harness.run("--apply")

    assert dry.returncode == 0, dry.output
    assert apply.returncode == 0, apply.output
    assert {p["outcome"] for p in harness.report()["pairs"]} == {"already_migrated"}


def test_an_expired_sign_in_stops_with_its_own_exit_status(
    harness: Harness, mock_sites: MockSites
) -> None:
    mock_sites.reset("notice")
    harness.env["AEP_STORAGE_STATE"] = str(harness.evidence.parent / "empty.json")
    (harness.evidence.parent / "empty.json").write_text('{"cookies": [], "origins": []}')

    run = harness.run()

    assert run.returncode == 6
    assert "make login" in run.output


def test_a_sign_in_expiring_mid_run_stops_it_and_a_rerun_finishes(
    harness: Harness, in_process: InProcess, mock_sites: MockSites, notice_plan: Path
) -> None:
    # An apply of the notice scenario makes about 40 signed-in requests: end the sign-in
    # part-way through.
    mock_sites.reset("notice", faults={"aep_session_expires_after": 18})

    stopped = harness.run("--apply", "--plan", str(notice_plan))

    assert stopped.returncode == 6, stopped.output
    assert "make login" in stopped.output
    report = harness.report()
    assert report["left"], "the report lists what is left"
    # The person signs in again (what `make login` does) and runs --apply again, here in
    # this process, on the same evidence folder and saved sign-in file.
    mock_sites.set_faults({})
    assert in_process.settings.aep_storage_state == Path(harness.env["AEP_STORAGE_STATE"])
    mock_sites.save_sign_in(in_process.settings.aep_storage_state)
    finished = in_process.apply(notice_plan)

    flows = flows_by_key(mock_sites.aep_state())
    for name in ("Loyalty campaign", "Spring sale retargeting"):
        assert flows[(name, NEW_CARD)]["enabled"] is True, name
        assert flows[(name, OLD_CARD)]["enabled"] is False, name
    assert finished.exit_status == 1, finished.report  # only the blocked pair is left
    assert finished.report["left"] == []


def test_a_user_without_manage_destinations_gets_no_permission_before_anything_changes(
    in_process: InProcess, mock_sites: MockSites
) -> None:
    mock_sites.reset("notice", faults={"no_manage_permission": True})
    before = mock_sites.aep_state()

    run = in_process.dry_run()

    assert run.exit_status == 1
    plan = json.loads(run.plan_file.read_text())
    assert {p["action"] for p in plan["pairs"]} == {"no_permission"}
    assert mock_sites.aep_state() == before
