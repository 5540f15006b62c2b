"""What `--apply` refuses, leaves alone, and limits itself to; its exit status per outcome."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from mocks import scenarios
from mocks.aep.client import AepClient
from mocks.aep.state import NEW_CARD, OLD_CARD
from mocks.client import MockSites
from tests.flows.conftest import harness_env
from tests.flows.support import Harness, flows_by_key


@pytest.fixture(scope="module")
def notice_plan(mock_sites: MockSites, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One dry run's plan of the notice scenario (scenarios are deterministic)."""
    folder = tmp_path_factory.mktemp("plan")
    mock_sites.reset("notice")
    planner = Harness(harness_env(mock_sites, folder), folder / "evidence")
    planner.run()
    plan = folder / "plan.json"
    shutil.copy(planner.latest / "plan.json", plan)
    return plan


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


def test_a_colleague_changed_pair_is_stale_and_left_alone(
    harness: Harness, mock_sites: MockSites, notice_plan: Path
) -> None:
    mock_sites.reset("notice")
    spring_new = flows_by_key(mock_sites.aep_state())[("Spring sale retargeting", NEW_CARD)]
    with AepClient(mock_sites.aep_url) as colleague:
        colleague.sign_in(scenarios.AEP_USER_EMAIL, scenarios.AEP_USER_PASSWORD)
        assert colleague.flow_action(spring_new["id"], "enable").status_code == 200

    run = harness.run("--apply", "--plan", str(notice_plan))

    flows = flows_by_key(mock_sites.aep_state())
    assert flows[("Spring sale retargeting", OLD_CARD)]["enabled"] is True, "left alone"
    assert flows[("Loyalty campaign", OLD_CARD)]["enabled"] is False, "other pairs go on"
    outcomes = {p["name"]: p for p in harness.report()["pairs"]}
    assert outcomes["Spring sale retargeting"]["outcome"] == "stale"
    assert "new flow enabled" in outcomes["Spring sale retargeting"]["reason"]
    assert run.returncode == 1
    assert "stale: changed since the plan by someone else" in run.output


def test_only_limits_the_pairs(harness: Harness, mock_sites: MockSites, notice_plan: Path) -> None:
    mock_sites.reset("notice")

    harness.run("--apply", "--plan", str(notice_plan), "--only", "Loyalty campaign")

    flows = flows_by_key(mock_sites.aep_state())
    assert flows[("Loyalty campaign", NEW_CARD)]["enabled"] is True
    assert flows[("Spring sale retargeting", OLD_CARD)]["enabled"] is True
    assert flows[("Spring sale retargeting", NEW_CARD)]["enabled"] is False
    assert [p["name"] for p in harness.report()["pairs"]] == ["Loyalty campaign"]


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
    harness: Harness, mock_sites: MockSites, notice_plan: Path
) -> None:
    # An apply of the notice scenario makes about 40 signed-in requests: end the sign-in
    # part-way through.
    mock_sites.reset("notice", faults={"aep_session_expires_after": 18})

    stopped = harness.run("--apply", "--plan", str(notice_plan))

    assert stopped.returncode == 6, stopped.output
    assert "make login" in stopped.output
    report = harness.report()
    assert report["left"], "the report lists what is left"
    # The person signs in again (what `make login` does) and runs --apply again.
    mock_sites.set_faults({})
    Path(harness.env["AEP_STORAGE_STATE"]).write_text(
        json.dumps(mock_sites.sign_in_aep(scenarios.AEP_USER_EMAIL, scenarios.AEP_USER_PASSWORD))
    )

    finished = harness.run("--apply", "--plan", str(notice_plan))

    flows = flows_by_key(mock_sites.aep_state())
    for name in ("Loyalty campaign", "Spring sale retargeting"):
        assert flows[(name, NEW_CARD)]["enabled"] is True, name
        assert flows[(name, OLD_CARD)]["enabled"] is False, name
    assert finished.returncode == 1, finished.output  # only the blocked pair is left
    assert harness.report()["left"] == []


def test_a_user_without_manage_destinations_gets_no_permission_before_anything_changes(
    harness: Harness, mock_sites: MockSites
) -> None:
    mock_sites.reset("notice", faults={"no_manage_permission": True})
    before = mock_sites.aep_state()

    run = harness.run()

    assert run.returncode == 1
    actions = {p["name"]: p["action"] for p in harness.plan()["pairs"]}
    assert set(actions.values()) == {"no_permission"}
    assert "no_permission  prod/Loyalty campaign" in run.output
    assert mock_sites.aep_state() == before
