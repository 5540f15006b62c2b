"""Where each flow's Pinterest ad account comes from: never one ID silently applied to all.

A flow's page may show its Ad Account ID (source "aep"). Where it does not,
PINTEREST_AD_ACCOUNTS may map the flow's AEP account in its sandbox ("sandbox/account
name") or its sandbox to one ("settings"). Else it stays unknown in the plan, and
verification finds it in Pinterest: among the ad accounts the signed-in user sees, the one
whose audiences hold the flow's ("pinterest", flows/steps/verify.py). PINTEREST_AD_ACCOUNT_ID
means "verify only this ad account", and is reported as such.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Protocol

from flows.model import FlowState, PairPlan
from flows.settings import Settings

AEP, SETTINGS, PINTEREST = "aep", "settings", "pinterest"
ONLY_SETTING = "PINTEREST_AD_ACCOUNT_ID"
_NEVER = datetime.min.replace(tzinfo=UTC)


class ListedFlow(Protocol):
    """A flow as Browse lists it: its account's Pinterest username ties it to the account."""

    @property
    def username(self) -> str: ...


class ListedAccount(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def destination(self) -> str: ...
    @property
    def username(self) -> str: ...


def with_ad_accounts(
    settings: Settings,
    sandbox: str,
    pairs: Sequence[PairPlan],
    accounts: Sequence[ListedAccount],
    rows: Sequence[tuple[ListedFlow, ListedFlow]],
) -> list[PairPlan]:
    """`pairs` with each flow's ad account and its source; `rows` are each pair's (old,
    new) Browse rows, `accounts` the sandbox's Accounts rows."""
    return [
        replace(
            pair,
            old=flow_ad_account(settings, sandbox, account_of(accounts, pair.old, old), pair.old),
            new=flow_ad_account(settings, sandbox, account_of(accounts, pair.new, new), pair.new),
        )
        for pair, (old, new) in zip(pairs, rows, strict=True)
    ]


def account_of(accounts: Sequence[ListedAccount], flow: FlowState, row: ListedFlow) -> str:
    """The AEP account of `flow`: the one account of its card with the Pinterest username
    its Browse row shows ("" when none or several: only the sandbox's entry applies)."""
    names = {
        a.name
        for a in accounts
        if a.destination == flow.destination and row.username and a.username == row.username
    }
    return names.pop() if len(names) == 1 else ""


def flow_ad_account(settings: Settings, sandbox: str, account: str, flow: FlowState) -> FlowState:
    """`flow` with its ad account: its page's, else PINTEREST_AD_ACCOUNTS' for its AEP
    account in `sandbox`, else for `sandbox`, else unknown ("")."""
    if flow.ad_account_id:
        return replace(flow, ad_account_source=AEP)
    mapped = from_settings(settings.pinterest_ad_accounts, sandbox, account)
    if mapped:
        return replace(flow, ad_account_id=mapped, ad_account_source=SETTINGS)
    return replace(flow, ad_account_source="")


def from_settings(mapping: Mapping[str, str], sandbox: str, account: str) -> str:
    """The mapped ad account: "sandbox/account" first, then "sandbox"; "" for neither."""
    keys = ([f"{sandbox}/{account}"] if account else []) + [sandbox]
    return next((mapping[k] for k in keys if k in mapping), "")


def to_verify(settings: Settings, flow: FlowState) -> tuple[str, str]:
    """(ad account, source) to look the flow's audiences up in: PINTEREST_AD_ACCOUNT_ID
    when set, else the flow's own (a plan from before sources were kept: from AEP); ("",
    "") when unknown, to be found in Pinterest."""
    if settings.pinterest_ad_account_id:
        return settings.pinterest_ad_account_id, ONLY_SETTING
    if flow.ad_account_id:
        return flow.ad_account_id, flow.ad_account_source or AEP
    return "", ""


def holder(
    held: Mapping[str, Sequence[tuple[str, datetime | None]]], names: Sequence[str]
) -> tuple[str, list[str]]:
    """Of the ad accounts' audiences ((name, last updated), the accounts in the order
    Pinterest lists them), the one holding the most of `names`; among several holding as
    many, the one updated last (a switched flow's exports update its own). Returns it and
    the others that hold as many, to be said; ("", []) when none holds any."""
    wanted = set(names)
    count = {
        account: len(wanted & {n for n, _ in audiences}) for account, audiences in held.items()
    }
    most = max(count.values(), default=0)
    if not most:
        return "", []
    tied = [account for account in held if count[account] == most]

    def last_update(account: str) -> datetime:
        times = [t for n, t in held[account] if n in wanted and t is not None]
        return max(times, default=_NEVER)

    best = max(tied, key=last_update)
    return best, [account for account in tied if account != best]
