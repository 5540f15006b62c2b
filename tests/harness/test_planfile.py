"""A plan is input, not truth: a malformed, hand-edited or foreign plan.json is one line
and a usage error; `--only` picks pairs and the accounts they need, never shrinks the
plan; an edited action is derived again from what is read."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from flows.decide import recheck
from flows.evidence.folder import RunFolder
from flows.evidence.journal import read_journal
from flows.evidence.report import build_report
from flows.model import AudienceRef, FlowState, Outcome, PairResult, Plan, Switches
from flows.planfile import NoPlan, PlanRefused, check_session, load_plan, select
from flows.runs.migration import Apply
from flows.runs.session import Request
from flows.settings import Settings
from mocks.aep.state import NEW_CARD, OLD_CARD
from mocks.scenarios import AD_ACCOUNT_ID

AEP_URL = "https://experience.adobe.com/#/@acme/sname:prod/platform/home"
LOYAL = {"id": "a1", "name": "Loyalty members", "start": "2023-05-02", "end": ""}
HOLIDAY = {"id": "a2", "name": "Holiday gift shoppers", "start": "2023-11-01", "end": ""}


def _flow(name: str, card: str, enabled: bool, audiences: list[dict[str, str]]) -> dict[str, Any]:
    flow_id = f"{name[:4]}-{card[1:4]}".lower()
    return {"name": name, "destination": card, "enabled": enabled, "can_change": True,
            "url": f"/#/@acme/sname:prod/platform/destination/browse/{flow_id}/activation",
            "ad_account_id": AD_ACCOUNT_ID, "audiences": audiences}  # fmt: skip


def _pair(name: str, old: list[dict[str, str]], new: list[dict[str, str]]) -> dict[str, Any]:
    missing = [a for a in old if a not in new]
    return {
        "sandbox": "prod", "name": name, "old": _flow(name, OLD_CARD, True, old),
        "new": _flow(name, NEW_CARD, False, new),
        "action": "blocked" if missing else "would_switch",
        "missing": missing, "reason": "the new flow lacks 1 audience(s)" if missing else "",
    }  # fmt: skip


def plan_data() -> dict[str, Any]:
    """A dry run's plan: two pairs in prod, one blocked; one account to reconnect."""
    account = {"sandbox": "prod", "name": "Pinterest - Acme Ads", "destination": NEW_CARD,
               "username": "acme_marketing", "expires": "2023-11-16",
               "ad_account_ids": [AD_ACCOUNT_ID]}  # fmt: skip
    return {
        "run_id": "20231201-100000-000000-dry", "created": "2023-12-01T10:00:00+00:00",
        "aep_url": AEP_URL, "old_destination": OLD_CARD, "new_destination": NEW_CARD,
        "aep_user": "Olivia Ops", "accounts": [account],
        "accounts_to_reconnect": ["prod/Pinterest - Acme Ads"],
        "pairs": [_pair("Loyalty campaign", [LOYAL], [LOYAL]),
                  _pair("Cart recovery", [LOYAL, HOLIDAY], [LOYAL])],
        "unpaired": [],
    }  # fmt: skip


SETTINGS = Settings(migration_target="live", aep_url=AEP_URL)


def _write(tmp_path: Path, data: Any) -> Path:
    path = tmp_path / "plan.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return path


def test_a_dry_runs_plan_is_carried_out(tmp_path: Path) -> None:
    plan = load_plan(_write(tmp_path, plan_data()), SETTINGS)

    assert [p.key for p in plan.pairs] == ["prod/Loyalty campaign", "prod/Cart recovery"]


def _edit(change: Callable[[dict[str, Any]], object]) -> dict[str, Any]:
    data = copy.deepcopy(plan_data())
    change(data)
    return data


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    """`data[a][b]... = value` for a path "a.b...", list indexes as numbers."""

    def change(data: dict[str, Any]) -> None:
        *parents, last = [int(k) if k.isdigit() else k for k in path.split(".")]
        target: Any = data
        for key in parents:
            target = target[key]
        if value is DELETE:
            del target[last]
        else:
            target[last] = value

    return change


DELETE = object()
OTHER_ORG = "/#/@globex/sname:prod/platform/destination/browse/x/activation"


@pytest.mark.parametrize(
    ("plan", "message"),
    [
        ('{"pairs": [', "not JSON"),
        ("[]", "the plan is not an object"),
        (_edit(_set("pairs", DELETE)), "the plan lacks pairs"),
        (_edit(_set("pairs.0.action", DELETE)), "pair 1 lacks action"),
        (_edit(_set("pairs.0.action", "delete_flow")), "unknown action 'delete_flow'"),
        (_edit(_set("pairs.0.action", "switched")), "unknown action 'switched'"),
        (_edit(_set("pairs.0.old.enabled", "yes")), "enabled is not a bool"),
        (_edit(_set("pairs.0.new.run", "now")), "has unknown field(s) run"),
        (_edit(_set("pairs.0.sandbox", "dev")), "flow is in sandbox prod"),
        (_edit(_set("pairs.0.old.url", "@evil.example/x")), "is not a location on the AEP origin"),
        (_edit(_set("pairs.0.old.url", "//evil.example/x")), "is not a location on the AEP origin"),
        (_edit(_set("pairs.0.new.url", OTHER_ORG)), "its flows belong to several orgs"),
        (_edit(_set("aep_url", "https://experience.adobe.com/#/@globex/sname:prod/home")),
         "it was made for https://experience.adobe.com/#/@globex"),
        (_edit(_set("old_destination", "Pinterest")), "its flows are not on the plan's two cards"),
        (_edit(_set("pairs.1.action", "would_switch")), "would_switch does not match its missing"),
        (_edit(_set("pairs.0.missing", [HOLIDAY])), "missing audiences are not the old flow's"),
        (_edit(lambda d: d["pairs"].append(d["pairs"][0])), "Loyalty campaign is listed twice"),
        (_edit(_set("accounts_to_reconnect", ["prod/X"])), "account prod/X to reconnect"),
    ],
    ids=["bad JSON", "not an object", "no pairs", "no action", "unknown action",
         "an outcome as action", "wrong type", "unknown field", "another sandbox",
         "another origin", "protocol-relative", "another org's flow", "another org",
         "other cards", "blocked edited to would_switch", "forged missing audience",
         "duplicate pair", "unknown account"],
)  # fmt: skip
def test_a_plan_that_cannot_be_carried_out_is_one_line(
    tmp_path: Path, plan: Any, message: str
) -> None:
    path = _write(tmp_path, plan)

    with pytest.raises(PlanRefused) as refused:
        load_plan(path, SETTINGS)

    assert message in str(refused.value)
    assert str(refused.value).startswith(f"{path} ")
    assert "\n" not in str(refused.value)


def test_a_plan_outside_aep_sandboxes_is_refused(tmp_path: Path) -> None:
    settings = Settings(migration_target="live", aep_url=AEP_URL, aep_sandboxes=("dev",))

    with pytest.raises(PlanRefused, match="pairs in sandbox prod, not in AEP_SANDBOXES"):
        load_plan(_write(tmp_path, plan_data()), settings)


def test_no_plan_says_to_run_the_dry_run_first(tmp_path: Path) -> None:
    with pytest.raises(NoPlan, match=r"run the dry run first \(pytest flows\)"):
        load_plan(tmp_path / "plan.json")


@pytest.mark.parametrize(
    ("user", "location", "message"),
    [
        ("Mallory Ops", AEP_URL, "made by Olivia Ops, but Mallory Ops is signed in"),
        ("Olivia Ops", "https://experience.adobe.com/#/@globex/sname:prod/home", "org acme"),
        ("Olivia Ops", "https://experience.adobe.com/#/@acme/sname:dev/home", "sandbox prod"),
    ],
    ids=["another user", "another org", "another sandbox"],
)
def test_once_aep_is_open_a_plan_for_another_user_org_or_sandbox_is_refused(
    user: str, location: str, message: str
) -> None:
    plan = Plan.from_json(plan_data())

    check_session(plan, SETTINGS, "Olivia Ops", AEP_URL)  # its own: carried out
    with pytest.raises(PlanRefused, match=message):
        check_session(plan, SETTINGS, user, location)


def test_only_picks_pairs_and_the_accounts_they_need_and_refuses_unknown_names() -> None:
    plan = Plan.from_json(plan_data())

    assert select(plan, []) == (plan.pairs, plan.accounts_to_reconnect)
    pairs, accounts = select(plan, ["Loyalty campaign"])
    assert [p.name for p in pairs] == ["Loyalty campaign"]
    assert accounts == ("prod/Pinterest - Acme Ads",), "its sandbox's account"
    with pytest.raises(PlanRefused) as refused:
        select(plan, ["Loyalty campaign", "Loyalty"])
    assert str(refused.value) == (
        "--only 'Loyalty': no pair of the plan has that name; "
        "its pairs: 'Cart recovery', 'Loyalty campaign'"
    )


def test_a_pair_edited_to_would_switch_is_blocked_by_what_is_read() -> None:
    """The plan says would_switch (action and missing edited); the flows read say the new
    flow lacks an audience: blocked, whatever the file says."""
    data = plan_data()["pairs"][1]
    data.update(action="would_switch", missing=[], reason="")
    pair = Plan.from_json({**plan_data(), "pairs": [data]}).pairs[0]
    holiday = AudienceRef(**HOLIDAY)
    old = FlowState(pair.name, OLD_CARD, True, True, audiences=(*pair.old.audiences,))
    new = FlowState(pair.name, NEW_CARD, False, True, audiences=pair.new.audiences)
    assert holiday in old.audiences

    assert recheck(pair, old, new)[0] == Outcome.BLOCKED
    assert "(the plan said would_switch)" in recheck(pair, old, new)[1]
    # Half-way through (a killed run left both on): still what the flows say.
    both_on = FlowState(pair.name, NEW_CARD, True, True, audiences=pair.new.audiences)
    assert recheck(pair, old, both_on)[0] == Outcome.BLOCKED
    ready = FlowState(pair.name, NEW_CARD, True, True, audiences=old.audiences)
    assert recheck(pair, old, ready)[0] == Outcome.WOULD_SWITCH


def test_a_pair_read_back_otherwise_after_reload_is_failed(tmp_path: Path) -> None:
    """Verification reads both flows after reload: a pair reported switched whose flows
    say otherwise becomes failed in the journal, hence in the report."""
    plan = Plan.from_json(plan_data())
    run = RunFolder.create(tmp_path, "apply")
    migration = Apply(SETTINGS, run, Request("apply", apply=True), plan=plan)
    pairs = list(plan.pairs)
    for pair in pairs:
        migration.pair_results[pair.key] = PairResult(pair.key, Outcome.SWITCHED)

    drifted = migration.record_read_back(pairs, [Switches(False, True), Switches(False, False)])

    assert drifted == ["prod/Cart recovery"]
    outcomes = {p["key"]: p["outcome"] for p in build_report(run)["pairs"]}
    assert outcomes == {"prod/Cart recovery": "failed"}
    entry = read_journal(run.file("journal.jsonl"))[-1]
    assert entry["final"] == {"old": False, "new": False}
    assert "old flow disabled, new flow disabled" in entry["reason"]
    assert migration.pair_results["prod/Cart recovery"].outcome.needs_a_person


def test_an_only_run_carries_the_whole_plan_forward(tmp_path: Path) -> None:
    plan = Plan.from_json(plan_data())
    run = RunFolder.create(tmp_path, "apply")

    Apply(SETTINGS, run, Request("apply", apply=True, only=("Loyalty campaign",)), plan=plan)

    kept = json.loads(run.file("plan.json").read_text())
    assert [p["name"] for p in kept["pairs"]] == ["Loyalty campaign", "Cart recovery"]
    started = read_journal(run.file("journal.jsonl"))[0]
    assert started["only"] == ["Loyalty campaign"], "the filter is recorded apart"
    assert build_report(run)["left"] == ["prod/Loyalty campaign"], "what --only left to do"
