"""Which Pinterest login sees a pair's ad account (PINTEREST_CREDENTIALS_FILE identities)."""

from __future__ import annotations

from flows.model import PairPlan, Plan


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
