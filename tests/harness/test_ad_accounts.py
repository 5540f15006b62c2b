"""Where each flow's ad account comes from: AEP, PINTEREST_AD_ACCOUNTS, or Pinterest itself;
never one ID silently applied to every sandbox; the report says which."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from flows.evidence.report import render_html
from flows.model import AccountInfo, AudienceRef, FlowState, Outcome, PairPlan, Plan
from flows.settings import Settings, SettingsError, load_settings
from flows.steps.ad_accounts import account_of, flow_ad_account, holder, to_verify, with_ad_accounts
from flows.steps.verify import AdsManager, check_audiences, owner_account
from mocks.aep.state import NEW_CARD, OLD_CARD
from mocks.scenarios import AD_ACCOUNT_ID
from pages.pinterest.ads_manager import AudienceRow

SWITCHED_AT = datetime(2023, 12, 1, 12, 0, tzinfo=UTC)
LATER = "Dec 01, 2023, 12:30 UTC"


# --- PINTEREST_AD_ACCOUNTS ---------------------------------------------------------------------
def test_ad_accounts_setting_is_read(tmp_path: Path) -> None:
    value = json.dumps({"prod": AD_ACCOUNT_ID, "dev/Pinterest - EMEA": 549755885176})

    settings = load_settings(tmp_path, environ={"PINTEREST_AD_ACCOUNTS": value})

    assert settings.pinterest_ad_accounts == {
        "prod": AD_ACCOUNT_ID,
        "dev/Pinterest - EMEA": "549755885176",
    }
    assert load_settings(tmp_path, environ={}).pinterest_ad_accounts == {}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("{prod", "PINTEREST_AD_ACCOUNTS: not JSON"),
        (json.dumps([AD_ACCOUNT_ID]), "PINTEREST_AD_ACCOUNTS: must be a JSON object"),
        ('{"prod": "5497-5588"}', "PINTEREST_AD_ACCOUNTS: 'prod' must map to an ad account ID"),
        ('{"prod": "1234567890123456789"}', "up to 18 digits"),
        ('{"prod": true}', "'prod' must map to an ad account ID"),
        ('{"prod/": "1"}', "PINTEREST_AD_ACCOUNTS: 'prod/' must be a sandbox name"),
        ('{" ": "1"}', "must be a sandbox name"),
    ],
)
def test_a_malformed_ad_accounts_setting_stops_the_start(
    tmp_path: Path, value: str, message: str
) -> None:
    with pytest.raises(SettingsError, match=message) as raised:
        load_settings(tmp_path, environ={"PINTEREST_AD_ACCOUNTS": value})
    assert "\n" not in str(raised.value)


# --- in the plan ------------------------------------------------------------------------------
def flow(destination: str = NEW_CARD, ad_account: str = "", source: str = "") -> FlowState:
    return FlowState(
        "Loyalty", destination, True, True, ad_account_id=ad_account, ad_account_source=source,
        audiences=(AudienceRef("a1", "Loyal buyers"), AudienceRef("a2", "Cart abandoners")),
    )  # fmt: skip


@dataclass(frozen=True)
class Listed:
    name: str = ""
    destination: str = NEW_CARD
    username: str = ""


MAPPED = Settings(pinterest_ad_accounts={"prod": "111", "prod/Pinterest - US": "222", "dev": "333"})


@pytest.mark.parametrize(
    ("sandbox", "account", "shown", "expected"),
    [
        ("prod", "Pinterest - US", "999", ("999", "aep")),  # the flow's page wins
        ("prod", "Pinterest - US", "", ("222", "settings")),  # its AEP account's entry
        ("prod", "Pinterest - EU", "", ("111", "settings")),  # else its sandbox's
        ("prod", "", "", ("111", "settings")),  # account unknown: the sandbox's
        ("stage", "Pinterest - US", "", ("", "")),  # neither: unknown, found later
    ],
)
def test_a_flows_ad_account_and_where_it_came_from(
    sandbox: str, account: str, shown: str, expected: tuple[str, str]
) -> None:
    resolved = flow_ad_account(MAPPED, sandbox, account, flow(ad_account=shown))

    assert (resolved.ad_account_id, resolved.ad_account_source) == expected


def test_no_setting_means_unknown_not_a_global_id() -> None:
    settings = Settings(pinterest_ad_account_id=AD_ACCOUNT_ID)

    resolved = flow_ad_account(settings, "prod", "Pinterest - US", flow())

    assert (resolved.ad_account_id, resolved.ad_account_source) == ("", "")


def test_a_flow_belongs_to_the_one_account_of_its_card_with_its_username() -> None:
    accounts = [
        Listed("Pinterest - US", NEW_CARD, "acme_us"),
        Listed("Pinterest - US (old)", OLD_CARD, "acme_us"),
        Listed("Pinterest - EU", NEW_CARD, "acme_eu"),
        Listed("Pinterest - EU 2", NEW_CARD, "acme_eu"),
    ]

    assert account_of(accounts, flow(NEW_CARD), Listed(username="acme_us")) == "Pinterest - US"
    assert (
        account_of(accounts, flow(OLD_CARD), Listed(username="acme_us")) == "Pinterest - US (old)"
    )
    assert account_of(accounts, flow(NEW_CARD), Listed(username="acme_eu")) == ""  # two: unknown
    assert account_of(accounts, flow(NEW_CARD), Listed(username="")) == ""


def test_the_plan_resolves_both_flows_of_each_pair() -> None:
    pair = PairPlan("prod", "Loyalty", flow(OLD_CARD, "999"), flow(NEW_CARD), Outcome.WOULD_SWITCH)
    accounts = [Listed("Pinterest - US", NEW_CARD, "acme_us")]

    [resolved] = with_ad_accounts(
        MAPPED, "prod", [pair], accounts, [(Listed(username="x"), Listed(username="acme_us"))]
    )

    assert (resolved.old.ad_account_id, resolved.old.ad_account_source) == ("999", "aep")
    assert (resolved.new.ad_account_id, resolved.new.ad_account_source) == ("222", "settings")


def test_a_plan_written_before_sources_were_kept_still_loads() -> None:
    pair = PairPlan(
        "prod", "Loyalty", flow(OLD_CARD, "999"), flow(NEW_CARD, "999"), Outcome.WOULD_SWITCH
    )
    data = Plan(
        "r1", "2023-12-01T00:00:00Z", "https://aep", OLD_CARD, NEW_CARD, pairs=(pair,)
    ).to_json()
    for side in ("old", "new"):
        del data["pairs"][0][side]["ad_account_source"]

    plan = Plan.from_json(data)

    assert plan.pairs[0].new.ad_account_source == ""
    assert to_verify(Settings(), plan.pairs[0].new) == ("999", "aep")


def test_an_unknown_ad_account_signs_in_as_the_default_login() -> None:
    pair = PairPlan("prod", "Loyalty", flow(OLD_CARD), flow(NEW_CARD), Outcome.WOULD_SWITCH)
    account = AccountInfo("prod", "Pinterest - US", NEW_CARD, "acme_us", ad_account_ids=("999",))
    plan = Plan("r1", "", "", OLD_CARD, NEW_CARD, accounts=(account,), pairs=(pair,))

    assert owner_account(plan, pair) == ("", "")


# --- at verification --------------------------------------------------------------------------
def test_verification_prefers_the_only_ad_account_setting() -> None:
    only = Settings(pinterest_ad_account_id="777")

    assert to_verify(only, flow(ad_account="222", source="settings")) == (
        "777",
        "PINTEREST_AD_ACCOUNT_ID",
    )
    assert to_verify(Settings(), flow(ad_account="222", source="settings")) == ("222", "settings")
    assert to_verify(Settings(), flow()) == ("", "")


def test_the_holder_is_the_ad_account_with_most_of_the_flows_audiences() -> None:
    noon, later = SWITCHED_AT, SWITCHED_AT.replace(hour=13)
    held = {
        "1": [("Other", later)],
        "2": [("Loyal buyers", later)],
        "3": [("Loyal buyers", noon), ("Cart abandoners", None)],
    }

    assert holder(held, ["Loyal buyers", "Cart abandoners"]) == ("3", [])
    assert holder(held, ["Loyal buyers"]) == ("2", ["3"])  # as many: the one updated last
    assert holder({"1": [("x", noon)], "2": [("x", noon)]}, ["x"]) == ("1", ["2"])
    assert holder(held, ["Nobody"]) == ("", [])
    assert holder({}, ["Loyal buyers"]) == ("", [])


class Ads(AdsManager):
    """Ads Manager as read already: the user's ad accounts and their audiences."""

    def __init__(self, audiences: dict[str, list[AudienceRow]]) -> None:
        self._audiences = dict(audiences)
        self._accounts = list(audiences)
        self._unreadable = set()


def audience(name: str, ready: bool, updated: str = "Dec 01, 2023, 12:05 UTC") -> AudienceRow:
    # Status words the guesses do not know: readiness is the row's `ready` (its green).
    return AudienceRow(name, "9", "Customer list", "1,000", "Usable" if ready else "Busy",
                       updated, ready=ready)  # fmt: skip


def verify(settings: Settings, *pairs: PairPlan) -> list[dict[str, Any]]:
    ads = Ads(
        {
            "111": [audience("Loyal buyers", True), audience("Cart abandoners", False)],
            "222": [audience("Loyal buyers", True)],
            "555": [audience("Loyal buyers", True, LATER), audience("Cart abandoners", True)],
        }
    )
    h: Any = SimpleNamespace(settings=settings)
    checks = check_audiences(h, list(pairs), SWITCHED_AT, ads)
    return [c.to_json() for c in checks]


def pair(name: str, new: FlowState) -> PairPlan:
    return PairPlan(
        "prod", name, flow(OLD_CARD), dataclasses.replace(new, name=name), Outcome.SWITCHED
    )


def test_each_audience_is_checked_where_its_ad_account_came_from() -> None:
    checks = verify(
        Settings(),
        pair("From AEP", flow(ad_account="111", source="aep")),
        pair("From settings", flow(ad_account="222", source="settings")),
        pair("From Pinterest", flow()),
    )

    assert [(c["pair"], c["name"], c["ad_account_id"], c["ad_account_source"], c["status"])
            for c in checks] == [
        ("prod/From AEP", "Loyal buyers", "111", "aep", "confirmed"),
        ("prod/From AEP", "Cart abandoners", "111", "aep", "pending"),
        ("prod/From settings", "Loyal buyers", "222", "settings", "confirmed"),
        ("prod/From settings", "Cart abandoners", "222", "settings", "missing"),
        ("prod/From Pinterest", "Loyal buyers", "555", "pinterest", "confirmed"),
        ("prod/From Pinterest", "Cart abandoners", "555", "pinterest", "confirmed"),
    ]  # fmt: skip
    # 111 holds both names too; 555 was updated last.
    assert "ad account(s) 111 hold as many" in checks[-1]["detail"]


def test_audiences_no_ad_account_of_the_user_holds_are_missing() -> None:
    lost = dataclasses.replace(flow(), audiences=(AudienceRef("z", "Nowhere"),))

    [check] = verify(Settings(), pair("Lost", lost))

    assert (check["status"], check["ad_account_id"]) == ("missing", "")
    assert "no ad account of the signed-in Pinterest user holds" in check["detail"]


def test_the_only_ad_account_setting_is_said_to_be_the_source() -> None:
    checks = verify(Settings(pinterest_ad_account_id="555"), pair("Any", flow("x", "111")))

    assert {(c["ad_account_id"], c["ad_account_source"]) for c in checks} == {
        ("555", "PINTEREST_AD_ACCOUNT_ID")
    }


def test_the_report_says_where_each_ad_account_came_from() -> None:
    checks = verify(
        Settings(),
        pair("From settings", flow(ad_account="222", source="settings")),
        pair("From Pinterest", flow()),
    )
    report: dict[str, Any] = {
        "run_id": "r1", "kind": "apply", "settings": {}, "summary": {}, "accounts": [],
        "pairs": [], "unpaired": [], "left": [], "warnings": [], "verification": checks,
    }  # fmt: skip

    page = render_html(report)

    assert "PINTEREST_AD_ACCOUNTS" in page
    assert "Pinterest: the user&#39;s ad account holding the audiences" in page
