"""Verify: both flows re-read after reload, and each audience checked in Ads Manager.

Pinterest can take hours to process an audience, so each one is `confirmed` (in the
flow's ad account, its status ready (the documented green) and updated at or after the
switch), `pending` (there, not yet), or `missing`; same-name duplicates are flagged. The
flow's ad account, and where it came from, is flows/steps/ad_accounts.py's. Verification never
changes an outcome.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

from playwright.sync_api import Error as PlaywrightError

from flows.evidence.earlier import SwitchedPair
from flows.harness import Harness
from flows.model import PairPlan, Plan, Switches
from flows.steps.ad_accounts import PINTEREST, holder, to_verify
from flows.steps.navigate import open_flow
from pages.pinterest.ad_accounts import AdAccountsPage
from pages.pinterest.ads_manager import AudienceRow, AudiencesPage

_NEVER = datetime.min.replace(tzinfo=UTC)


@dataclass(frozen=True)
class AudienceCheck:
    pair: str
    ad_account_id: str
    audience_id: str
    name: str
    status: str  # confirmed | pending | missing
    duplicates: int = 0
    detail: str = ""
    # Where the ad account came from: "aep", "settings", "pinterest" or
    # "PINTEREST_AD_ACCOUNT_ID" (only that one verified); "" when none was found.
    ad_account_source: str = ""

    def to_json(self) -> dict[str, object]:
        return asdict(self)


def read_back(h: Harness, pair: PairPlan) -> Switches:
    """Both flows' switches, read again from freshly loaded pages.

    Only the switches: the audiences were compared before the switch, and reading the
    Activation data tab again would cost a tab and a grid per flow for nothing.
    """
    old = open_flow(h, pair.sandbox, pair.old).is_enabled()
    new = open_flow(h, pair.sandbox, pair.new).is_enabled()
    return Switches(old, new)


def check_audiences(
    h: Harness, pairs: list[PairPlan], switched_at: datetime, ads: AdsManager | None = None
) -> list[AudienceCheck]:
    """Each audience of each pair's new flow, in that flow's ad account in Ads Manager
    (found in Pinterest when neither AEP nor the settings name it)."""
    checks: list[AudienceCheck] = []
    ads = ads or AdsManager(h)
    for pair in pairs:
        if not pair.new.audiences:
            continue
        ad_account, source = to_verify(h.settings, pair.new)
        names = [a.name for a in pair.new.audiences]
        also: list[str] = []
        if not ad_account:
            (ad_account, also), source = ads.holder(names), PINTEREST
        if not ad_account:
            checks += [
                AudienceCheck(
                    pair.key, "", a.id, a.name, "missing",
                    detail="no ad account of the signed-in Pinterest user holds the flow's "
                    "audiences (and neither AEP nor PINTEREST_AD_ACCOUNTS names one)",
                )
                for a in pair.new.audiences
            ]  # fmt: skip
            continue
        rows = ads.audiences(ad_account)
        for audience in pair.new.audiences:
            status, detail, same_name = _check(rows, audience.name, switched_at)
            if also:
                detail += f"; ad account(s) {', '.join(also)} hold as many: this one updated last"
            checks.append(
                AudienceCheck(
                    pair.key, ad_account, audience.id, audience.name, status,
                    duplicates=max(0, same_name - 1), detail=detail, ad_account_source=source,
                )
            )  # fmt: skip
    return checks


def _check(rows: list[AudienceRow], name: str, switched_at: datetime) -> tuple[str, str, int]:
    """(status, detail, how many audiences have that name) of one audience."""
    same_name = [r for r in rows if r.name == name]
    if not same_name:
        return "missing", "no audience of that name in the ad account", 0
    newest = max(same_name, key=lambda r: r.updated_at or _NEVER)
    updated = newest.updated_at
    shown = newest.status or "no status shown"
    if updated is None:
        return "pending", f"{shown}, no last-updated time to read", len(same_name)
    if newest.ready and updated >= switched_at.replace(second=0, microsecond=0):
        return "confirmed", f"{shown}, updated {newest.last_updated}", len(same_name)
    return "pending", f"{shown}, last updated {newest.last_updated}", len(same_name)


class AdsManager:
    """Ads Manager as one verification reads it: each ad account's audiences once, and the
    ad accounts the signed-in user sees (only when a flow's is unknown)."""

    def __init__(self, h: Harness) -> None:
        self.h = h
        self._audiences: dict[str, list[AudienceRow]] = {}
        self._accounts: list[str] | None = None
        self._unreadable: set[str] = set()

    def audiences(self, ad_account: str) -> list[AudienceRow]:
        if ad_account not in self._audiences:
            with self.h.group(f"Ads Manager: audiences of {ad_account}"):
                page = AudiencesPage.open(
                    self.h.page, self.h.settings.pinterest_ads_url, ad_account,
                    self.h.pinterest_labels,
                )  # fmt: skip
                self._audiences[ad_account] = page.audiences()
        return self._audiences[ad_account]

    def holder(self, names: list[str]) -> tuple[str, list[str]]:
        """The signed-in user's ad account whose audiences hold the most of `names` (and
        the others that hold as many: flows/steps/ad_accounts.py holder)."""
        if self._accounts is None:
            with self.h.group("Ads Manager: the ad accounts of the signed-in user"):
                page = AdAccountsPage.open(self.h.page, self.h.settings.pinterest_ads_url)
                self._accounts = [a.id for a in page.ad_accounts()]
        held = {a: [(r.name, r.updated_at) for r in rows] for a in self._accounts
                if (rows := self._readable(a)) is not None}  # fmt: skip
        return holder(held, names)

    def _readable(self, ad_account: str) -> list[AudienceRow] | None:
        """An ad account's audiences, or None when its Audiences page does not open (the
        landing page linked to it, but the user cannot see its audiences)."""
        if ad_account in self._unreadable:
            return None
        try:
            return self.audiences(ad_account)
        except (AssertionError, PlaywrightError):
            self._unreadable.add(ad_account)
            return None


def owner_account(plan: Plan, pair: PairPlan) -> tuple[str, str]:
    """(sandbox, name) of the new-card account of the pair's sandbox whose flows name the
    pair's Ad Account ID (the first, should several); ("", "") when none does, which
    means the default Pinterest login."""
    owner = next(
        (
            a for a in plan.accounts
            if a.destination == plan.new_destination and a.sandbox == pair.sandbox
            and pair.new.ad_account_id in a.ad_account_ids
        ),
        None,
    )  # fmt: skip
    return (owner.sandbox, owner.name) if owner else ("", "")


@dataclass
class PairVerification:
    key: str
    state: Switches
    left: Switches
    audiences: list[AudienceCheck] = field(default_factory=list)

    @property
    def drifted(self) -> bool:
        return self.state != self.left

    @property
    def confirmed(self) -> bool:
        return not self.drifted and all(a.status == "confirmed" for a in self.audiences)

    def problems(self) -> str:
        said = []
        if self.drifted:
            said.append(f"drifted: {self.state}")
        said += [f"{a.name}: {a.status}" for a in self.audiences if a.status != "confirmed"]
        said += [f"{a.name}: {a.duplicates} duplicate(s)" for a in self.audiences if a.duplicates]
        return "; ".join(said)

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key, "state": self.state.to_json(), "left": self.left.to_json(),
            "drifted": self.drifted,
            "confirmed": self.confirmed, "audiences": [a.to_json() for a in self.audiences],
        }  # fmt: skip


def verify_pair(h: Harness, pair: SwitchedPair, switched_at: datetime) -> PairVerification:
    """Both flows after reload, then the new flow's audiences in Ads Manager."""
    with h.group("Both flows after reload"):
        state = read_back(h, pair.plan)
    result = PairVerification(pair.key, state, pair.left)
    with h.group("Audiences in Pinterest Ads Manager"):
        result.audiences = check_audiences(h, [pair.plan], switched_at)
    return result
