"""A plan read back from `plan.json`: input to check, not truth to trust.

A plan file can be malformed, hand-edited, or made for another org, sandbox or user. It
is checked when it is read (its shape, and that it agrees with itself and with the
settings) and again once AEP is open (the signed-in user, org and sandbox); anything
wrong is one line, a usage error. Before a pair is touched, its action is derived again
from the flows just read (flows/decide.py `recheck`), so an edit cannot switch a pair.
"""

from __future__ import annotations

import dataclasses
import json
import re
import typing
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flows.model import (
    AccountInfo,
    AudienceRef,
    FlowState,
    Outcome,
    PairPlan,
    Plan,
    UnpairedFlow,
)
from flows.settings import Settings


class NoPlan(RuntimeError):
    """--apply without a plan to carry out."""


class PlanRefused(NoPlan):
    """The plan cannot be carried out here: malformed, edited, or made for another org,
    sandbox or user. Its text is one line."""


# The actions a dry run writes into a plan.
PLAN_ACTIONS = frozenset(
    {Outcome.WOULD_SWITCH, Outcome.ALREADY_MIGRATED, Outcome.PAUSED, Outcome.BLOCKED,
     Outcome.NO_PERMISSION}
)  # fmt: skip
# Each object's fields and their JSON types; those without a default (the second set) must
# be there. Taken from the dataclasses of flows/model.py, so the two cannot drift apart.
Shape = tuple[dict[str, type], set[str]]


def _shape(cls: type) -> Shape:
    hints = typing.get_type_hints(cls)
    fields: dict[str, type] = {}
    for field in dataclasses.fields(cls):
        kind = typing.get_origin(hints[field.name]) or hints[field.name]
        if kind is tuple:
            kind = list  # a tuple is a JSON array
        elif dataclasses.is_dataclass(kind):
            kind = dict
        elif isinstance(kind, type) and issubclass(kind, str):
            kind = str  # an Outcome is its value
        fields[field.name] = kind
    required = {
        f.name
        for f in dataclasses.fields(cls)
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    }
    return fields, required


_PAIR, _FLOW = _shape(PairPlan), _shape(FlowState)
# A plan always lists its pairs (none is an empty list), though the dataclass defaults them.
_PLAN = (_shape(Plan)[0], _shape(Plan)[1] | {"pairs"})
_AUDIENCE, _ACCOUNT, _UNPAIRED = _shape(AudienceRef), _shape(AccountInfo), _shape(UnpairedFlow)


def load_plan(path: Path, settings: Settings | None = None) -> Plan:
    """The plan in `path`, checked (against `settings` too, when given); NoPlan when there
    is none, PlanRefused when it cannot be carried out."""
    if not path.is_file():
        raise NoPlan(f"no plan at {path}: run the dry run first (pytest flows)")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, OSError) as error:
        why = error.msg if isinstance(error, json.JSONDecodeError) else type(error).__name__
        raise PlanRefused(f"{path} is not a plan: not JSON ({why})") from None
    try:
        _check_shape(data, "the plan", _PLAN)
        _check_parts(data)
        try:
            plan = Plan.from_json(data)
        except (TypeError, ValueError, KeyError) as error:
            raise PlanRefused(f"not a plan ({type(error).__name__}: {error})") from None
        check_plan(plan, settings)
    except PlanRefused as error:
        raise PlanRefused(f"{path} cannot be carried out: {error}") from None
    return plan


def _check_shape(value: Any, where: str, shape: Shape) -> None:
    """`value` is an object of the shape's fields, each of its type, the required ones there."""
    fields, required = shape
    if not isinstance(value, dict):
        raise PlanRefused(f"{where} is not an object")
    if unknown := sorted(set(value) - set(fields)):
        raise PlanRefused(f"{where} has unknown field(s) {', '.join(unknown)}")
    if absent := sorted(required - set(value)):
        raise PlanRefused(f"{where} lacks {', '.join(absent)}")
    for name, item in value.items():
        kind = fields[name]
        if not isinstance(item, kind) or (kind is int and isinstance(item, bool)):
            raise PlanRefused(f"{where}: {name} is not a {kind.__name__}")


def _check_parts(plan: dict[str, Any]) -> None:
    for i, pair in enumerate(plan["pairs"]):
        _check_pair(pair, f"pair {i + 1}")
    for i, account in enumerate(plan.get("accounts", ())):
        _check_shape(account, f"account {i + 1}", _ACCOUNT)
        if not all(isinstance(a, str) for a in account.get("ad_account_ids", ())):
            raise PlanRefused(f"account {i + 1}: ad_account_ids are not strings")
    for i, flow in enumerate(plan.get("unpaired", ())):
        _check_shape(flow, f"unpaired flow {i + 1}", _UNPAIRED)
    if not all(isinstance(key, str) for key in plan.get("accounts_to_reconnect", ())):
        raise PlanRefused("accounts_to_reconnect holds something other than names")


def _check_pair(pair: Any, where: str) -> None:
    _check_shape(pair, where, _PAIR)
    where = f"pair {pair['sandbox']}/{pair['name']}"
    if pair["action"] not in PLAN_ACTIONS:
        known = ", ".join(sorted(PLAN_ACTIONS))
        raise PlanRefused(f"{where}: unknown action {pair['action']!r} (a plan's are {known})")
    for card in ("old", "new"):
        _check_shape(pair[card], f"{where}: its {card} flow", _FLOW)
        for audience in pair[card].get("audiences", ()):
            _check_shape(audience, f"{where}: an audience of its {card} flow", _AUDIENCE)
    for audience in pair.get("missing", ()):
        _check_shape(audience, f"{where}: a missing audience", _AUDIENCE)


def org_of(url: str) -> tuple[str, str]:
    """(host, tenant) of an AEP location: the tenant is the `@TENANT` of Experience Cloud's
    URLs (`https://experience.adobe.com/#/@acme/sname:prod/...`), "" where it shows none.
    The port is left out: the embedded mock sites get a new one every run."""
    parts = urlsplit(url)
    return (parts.hostname or "", tenant_of(url))


def tenant_of(url: str) -> str:
    match = re.search(r"(?:^|[/#])@([^/?#]+)", urlsplit(url).fragment or urlsplit(url).path)
    return match.group(1) if match else ""


def sandbox_of(url: str) -> str:
    match = re.search(r"/sname:([^/?#]+)", url)
    return match.group(1) if match else ""


def check_plan(plan: Plan, settings: Settings | None) -> None:
    """What a plan must agree with, in itself and with the settings (PlanRefused if not)."""
    keys = [pair.key for pair in plan.pairs]
    if duplicated := sorted({k for k in keys if keys.count(k) > 1}):
        raise PlanRefused(f"pair {duplicated[0]} is listed twice")
    tenants = set()
    for pair in plan.pairs:
        _check_pair_agrees(plan, pair)
        tenants |= {tenant_of(f.url) for f in (pair.old, pair.new) if tenant_of(f.url)}
    if len(tenants) > 1:
        raise PlanRefused(f"its flows belong to several orgs ({', '.join(sorted(tenants))})")
    new_accounts = {a.key for a in plan.accounts
                    if a.destination == plan.new_destination}  # fmt: skip
    if unknown := [k for k in plan.accounts_to_reconnect if k not in new_accounts]:
        raise PlanRefused(f"account {unknown[0]} to reconnect is not among its accounts")
    if settings is not None:
        _check_settings(plan, settings, tenants)


def _check_pair_agrees(plan: Plan, pair: PairPlan) -> None:
    where = f"pair {pair.key}"
    if (pair.old.destination, pair.new.destination) != (
        plan.old_destination,
        plan.new_destination,
    ):
        raise PlanRefused(f"{where}: its flows are not on the plan's two cards")
    if not pair.name == pair.old.name == pair.new.name:
        raise PlanRefused(f"{where}: its flows are named otherwise")
    for flow in (pair.old, pair.new):
        # A location on the AEP origin (the harness puts its origin before it).
        if flow.url and (not flow.url.startswith("/") or flow.url.startswith(("//", "/\\"))):
            raise PlanRefused(f"{where}: {flow.url!r} is not a location on the AEP origin")
        if (sandbox := sandbox_of(flow.url)) and sandbox != pair.sandbox:
            raise PlanRefused(f"{where}: its {flow.destination} flow is in sandbox {sandbox}")
    old_ids, new_ids = pair.old.audience_ids(), pair.new.audience_ids()
    missing = {a.id for a in pair.missing}
    if not missing <= old_ids - new_ids:
        raise PlanRefused(f"{where}: its missing audiences are not the old flow's alone")
    if (pair.action == Outcome.BLOCKED) != bool(missing) and pair.action in (
        Outcome.BLOCKED,
        Outcome.WOULD_SWITCH,
    ):
        raise PlanRefused(f"{where}: {pair.action} does not match its missing audiences")


def _check_settings(plan: Plan, settings: Settings, tenants: set[str]) -> None:
    cards = (settings.old_destination, settings.new_destination)
    if (plan.old_destination, plan.new_destination) != cards:
        raise PlanRefused(
            f"it moves {plan.old_destination!r} to {plan.new_destination!r}, the settings "
            f"{cards[0]!r} to {cards[1]!r}"
        )
    if settings.aep_url:
        if org_of(plan.aep_url) != org_of(settings.aep_url):
            raise PlanRefused(
                f"it was made for {plan.aep_url}, not for AEP_URL ({settings.aep_url})"
            )
        tenant = tenant_of(settings.aep_url)
        if tenant and tenants - {tenant}:
            raise PlanRefused(f"its flows belong to org {tenants.pop()}, AEP_URL to {tenant}")
    sandboxes = set(settings.aep_sandboxes)
    outside = sorted({p.sandbox for p in plan.pairs} - sandboxes)
    if sandboxes and outside:
        raise PlanRefused(f"it has pairs in sandbox {outside[0]}, not in AEP_SANDBOXES")


def check_session(plan: Plan, settings: Settings, aep_user: str, location: str) -> None:
    """Once AEP is open: the plan is for this org, this user, and (without AEP_SANDBOXES)
    the sandbox AEP_URL opens. `location` is the page's URL there."""
    _check_settings(plan, settings, set())
    if plan.aep_user and aep_user and plan.aep_user != aep_user:
        raise PlanRefused(
            f"the plan was made by {plan.aep_user}, but {aep_user} is signed in: "
            "run the dry run as this user"
        )
    tenant = tenant_of(location)
    flows = [f for p in plan.pairs for f in (p.old, p.new)]
    if tenant and (others := {tenant_of(f.url) for f in flows} - {tenant, ""}):
        raise PlanRefused(f"the plan's flows belong to org {others.pop()}; AEP opens {tenant}")
    sandbox = sandbox_of(location)
    outside = sorted({p.sandbox for p in plan.pairs} - {sandbox})
    if not settings.aep_sandboxes and sandbox and outside:
        raise PlanRefused(
            f"the plan has pairs in sandbox {outside[0]}; AEP_URL opens {sandbox} "
            "(list the sandboxes in AEP_SANDBOXES)"
        )


def select(plan: Plan, only: Sequence[str]) -> tuple[tuple[PairPlan, ...], tuple[str, ...]]:
    """The pairs `--only` names (every pair without it), and the accounts to reconnect
    they need: those of their sandboxes (a pair is switched only once every account to
    reconnect in its sandbox is). An `--only` that names no pair is refused."""
    if not only:
        return plan.pairs, plan.accounts_to_reconnect
    names = {pair.name for pair in plan.pairs}
    if unknown := [name for name in only if name not in names]:
        known = ", ".join(repr(n) for n in sorted(names)) or "none"
        raise PlanRefused(
            f"--only {', '.join(repr(n) for n in unknown)}: no pair of the plan has that "
            f"name; its pairs: {known}"
        )
    pairs = tuple(pair for pair in plan.pairs if pair.name in only)
    sandboxes = {pair.sandbox for pair in pairs}
    accounts = tuple(
        key for key in plan.accounts_to_reconnect if any(key.startswith(f"{s}/") for s in sandboxes)
    )
    return pairs, accounts
