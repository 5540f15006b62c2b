"""Verify: both flows re-read after reload, and each audience checked in Ads Manager.

Pinterest can take hours to process an audience, so each one is `confirmed` (in the
flow's ad account, updated at or after the switch), `pending` (there, not yet), or
`missing`; same-name duplicates are flagged. Verification never changes an outcome.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

from flows.harness import Harness
from flows.model import PairPlan
from flows.switch import open_flow
from pages.dates import parse_datetime
from pages.pinterest.ads_manager import AudienceRow, AudiencesPage


@dataclass(frozen=True)
class AudienceCheck:
    pair: str
    ad_account_id: str
    audience_id: str
    name: str
    status: str  # confirmed | pending | missing
    duplicates: int = 0
    detail: str = ""

    def to_json(self) -> dict[str, object]:
        return asdict(self)


def read_back(h: Harness, pair: PairPlan) -> dict[str, bool]:
    """Both flows' switches, read again from freshly loaded pages.

    Only the switches: the audiences were compared before the switch, and reading the
    Activation data tab again would cost a tab and a grid per flow for nothing.
    """
    old = open_flow(h, pair.sandbox, pair.old).is_enabled()
    new = open_flow(h, pair.sandbox, pair.new).is_enabled()
    return {"old": old, "new": new}


def check_audiences(
    h: Harness, pairs: list[PairPlan], switched_at: datetime
) -> list[AudienceCheck]:
    """Each audience of each pair's new flow, in that flow's ad account in Ads Manager."""
    checks: list[AudienceCheck] = []
    by_account: dict[str, list[AudienceRow]] = {}
    labels = h.pinterest_labels
    for pair in pairs:
        ad_account = h.settings.pinterest_ad_account_id or pair.new.ad_account_id
        if ad_account not in by_account:
            with h.group(f"Ads Manager: audiences of {ad_account}"):
                page = AudiencesPage.open(h.page, h.settings.pinterest_ads_url, ad_account, labels)
                by_account[ad_account] = page.audiences()
        rows = by_account[ad_account]
        for audience in pair.new.audiences:
            same_name = [r for r in rows if r.name == audience.name]
            status, detail = "missing", "no audience of that name in the ad account"
            if same_name:
                newest = max(same_name, key=lambda r: parse_datetime(r.last_updated))
                updated = parse_datetime(newest.last_updated)
                ready = newest.status in labels.status_ready
                if ready and updated >= switched_at.replace(second=0, microsecond=0):
                    status, detail = "confirmed", f"{newest.status}, updated {newest.last_updated}"
                else:
                    status = "pending"
                    detail = f"{newest.status}, last updated {newest.last_updated}"
            checks.append(
                AudienceCheck(
                    pair.key, ad_account, audience.id, audience.name, status,
                    duplicates=max(0, len(same_name) - 1), detail=detail,
                )
            )  # fmt: skip
    return checks
