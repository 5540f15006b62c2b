"""What Pinterest does with an ad account's customer lists and audiences.

API v5 and Ads Manager share these rules. Matching takes time: a new or changed customer
list, and every audience built on it, stays PROCESSING (lists) / INITIALIZING (audiences)
until its `ready_at` on the mock clock, then turns READY, or TOO_SMALL under 100 records.
Nothing runs in the background: status is settled when something reads it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mocks.pinterest.state import AdAccount, CustomerList, PinterestAudience, PinterestState

# "Each audience list needs to have at least 100 people with Pinterest accounts" (spec).
MIN_AUDIENCE_SIZE = 100
PROCESSING_STATUSES = frozenset({"PROCESSING", "UPLOADING", "INITIALIZING"})


@dataclass(frozen=True)
class Moment:
    """When a change happens (mock-clock seconds) and how long matching it takes."""

    now: int
    processing_delay_s: int

    @property
    def ready_at(self) -> int:
        return self.now + self.processing_delay_s


def can_access(account: AdAccount, user_id: str) -> bool:
    return user_id == account.owner_user_id or user_id in account.member_user_ids


def permissions(account: AdAccount, user_id: str) -> list[str]:
    # Members hold the "audience" access level Adobe's destination requires.
    return ["OWNER"] if user_id == account.owner_user_id else ["AUDIENCE_MANAGER"]


def ad_accounts_of(state: PinterestState, user_id: str, *, shared: bool = True) -> list[AdAccount]:
    """The ad accounts a user owns and, with `shared`, those shared with them."""
    return sorted(
        (
            account
            for account in state.ad_accounts.values()
            if account.owner_user_id == user_id or (shared and user_id in account.member_user_ids)
        ),
        key=lambda account: int(account.id),
    )


def audiences_of(state: PinterestState, ad_account_id: str, now: int) -> list[PinterestAudience]:
    found = [a for a in state.audiences.values() if a.ad_account_id == ad_account_id]
    for audience in found:
        settle_audience(state, audience, now)
    return sorted(found, key=lambda a: int(a.id))


def customer_lists_of(state: PinterestState, ad_account_id: str, now: int) -> list[CustomerList]:
    found = [c for c in state.customer_lists.values() if c.ad_account_id == ad_account_id]
    for customer_list in found:
        settle_customer_list(customer_list, now)
    return sorted(found, key=lambda c: int(c.id))


def settle_customer_list(customer_list: CustomerList, now: int) -> None:
    if customer_list.status in PROCESSING_STATUSES and now >= customer_list.ready_at:
        matched = len(customer_list.records)
        customer_list.status = "READY" if matched >= MIN_AUDIENCE_SIZE else "TOO_SMALL"


def settle_audience(state: PinterestState, audience: PinterestAudience, now: int) -> None:
    if audience.status in PROCESSING_STATUSES and now >= audience.ready_at:
        audience.size = _matched_size(state, audience)
        audience.status = "READY" if audience.size >= MIN_AUDIENCE_SIZE else "TOO_SMALL"


def settle(state: PinterestState, now: int) -> None:
    """Settle everything, e.g. before the state API reports it."""
    for customer_list in state.customer_lists.values():
        settle_customer_list(customer_list, now)
    for audience in state.audiences.values():
        settle_audience(state, audience, now)


def _matched_size(state: PinterestState, audience: PinterestAudience) -> int:
    # Only customer-list audiences have members in the mock; the other types have no
    # source of people (no tag events, no engagement), so they match nobody.
    if audience.audience_type != "CUSTOMER_LIST":
        return 0
    customer_list = state.customer_lists.get(str(audience.rule.get("customer_list_id", "")))
    return len(customer_list.records) if customer_list else 0


def create_customer_list(
    state: PinterestState,
    ad_account_id: str,
    *,
    name: str,
    list_type: str,
    records: list[str],
    at: Moment,
) -> CustomerList:
    customer_list = CustomerList(
        id=state.new_id(),
        ad_account_id=ad_account_id,
        name=name,
        list_type=list_type,
        records=list(dict.fromkeys(records)),
        num_batches=1,
        num_uploaded_user_records=len(records),
        status="PROCESSING",
        created_time=at.now,
        updated_time=at.now,
        ready_at=at.ready_at,
    )
    state.customer_lists[customer_list.id] = customer_list
    settle_customer_list(customer_list, at.now)
    return customer_list


def change_customer_list(
    state: PinterestState,
    customer_list: CustomerList,
    *,
    operation: str,
    records: list[str],
    at: Moment,
) -> None:
    """PATCH ADD or REMOVE: one more batch; the list and its audiences match again."""
    if operation == "ADD":
        present = set(customer_list.records)
        customer_list.records.extend(r for r in dict.fromkeys(records) if r not in present)
        # The counter grows "even if the uploaded user is already in the list" (spec).
        customer_list.num_uploaded_user_records += len(records)
    else:
        removed = set(records)
        customer_list.records = [r for r in customer_list.records if r not in removed]
        # It grows "even if the user is not found in the list" (spec).
        customer_list.num_removed_user_records += len(records)
    customer_list.num_batches += 1
    customer_list.updated_time = at.now
    customer_list.status = "PROCESSING"
    customer_list.ready_at = at.ready_at
    for audience in state.audiences.values():
        if audience.rule.get("customer_list_id") == customer_list.id:
            audience.updated_timestamp = at.now
            audience.status = "INITIALIZING"
            audience.ready_at = at.ready_at
            settle_audience(state, audience, at.now)
    settle_customer_list(customer_list, at.now)


def create_audience(
    state: PinterestState,
    ad_account_id: str,
    *,
    name: str,
    audience_type: str,
    rule: dict[str, Any],
    description: str | None,
    at: Moment,
) -> PinterestAudience:
    audience = PinterestAudience(
        id=state.new_id(),
        ad_account_id=ad_account_id,
        name=name,
        audience_type=audience_type,
        rule=rule,
        description=description,
        status="INITIALIZING",
        created_timestamp=at.now,
        updated_timestamp=at.now,
        ready_at=_audience_ready_at(state, rule, at),
    )
    state.audiences[audience.id] = audience
    settle_audience(state, audience, at.now)
    return audience


def update_audience(
    state: PinterestState,
    audience: PinterestAudience,
    changes: dict[str, Any],
    at: Moment,
) -> None:
    """PATCH UPDATE: new name, description or rule; a new rule is matched again."""
    if "name" in changes:
        audience.name = changes["name"]
    if "description" in changes:
        audience.description = changes["description"]
    if "rule" in changes:
        audience.rule = changes["rule"]
        audience.status = "INITIALIZING"
        audience.ready_at = _audience_ready_at(state, audience.rule, at)
    audience.updated_timestamp = at.now
    settle_audience(state, audience, at.now)


def _audience_ready_at(state: PinterestState, rule: dict[str, Any], at: Moment) -> int:
    # An audience over a list still being matched is ready no sooner than its list.
    customer_list = state.customer_lists.get(str(rule.get("customer_list_id", "")))
    list_ready_at = customer_list.ready_at if customer_list else 0
    return max(at.ready_at, list_ready_at)
