"""The migration's typed data: what the plan records and what a run reports.

Everything here round-trips through JSON (`plan.json`, `report.json`), so a plan made
by one run is carried out by another.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Outcome(StrEnum):
    """What happened (or, in a dry run, would happen) to a pair or an account."""

    WOULD_SWITCH = "would_switch"
    SWITCHED = "switched"
    ALREADY_MIGRATED = "already_migrated"
    PAUSED = "paused"
    BLOCKED = "blocked"
    UNPAIRED = "unpaired"
    STALE = "stale"
    NO_PERMISSION = "no_permission"
    FAILED = "failed"
    # Accounts.
    WOULD_RECONNECT = "would_reconnect"
    RECONNECTED = "reconnected"
    CONNECTED = "connected"
    # Rollback (`--rollback RUN_ID`).
    WOULD_ROLL_BACK = "would_roll_back"
    ROLLED_BACK = "rolled_back"
    ALREADY_ROLLED_BACK = "already_rolled_back"

    @property
    def needs_a_person(self) -> bool:
        return self in NEEDS_A_PERSON


NEEDS_A_PERSON = frozenset(
    {Outcome.BLOCKED, Outcome.UNPAIRED, Outcome.STALE, Outcome.NO_PERMISSION, Outcome.FAILED}
)


@dataclass(frozen=True)
class Switches:
    """Whether each flow of a pair is enabled: the old card's and the new card's."""

    old: bool
    new: bool

    def __str__(self) -> str:
        return ", ".join(
            f"{card} flow {'enabled' if on else 'disabled'}" for card, on in self.items()
        )

    def items(self) -> list[tuple[str, bool]]:
        return [("old", self.old), ("new", self.new)]

    def to_json(self) -> dict[str, bool]:
        return {"old": self.old, "new": self.new}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Switches:
        return cls(bool(data["old"]), bool(data["new"]))


# Where a migrated pair stands: the old flow off, the new one on.
MIGRATED = Switches(old=False, new=True)


@dataclass(frozen=True)
class AudienceRef:
    """An audience activated on a dataflow (compared across flows by ID)."""

    id: str
    name: str
    start: str = ""
    end: str = ""


@dataclass(frozen=True)
class AccountInfo:
    """A Pinterest destination account as Destinations > Accounts shows it."""

    sandbox: str
    name: str
    destination: str
    username: str
    connection_type: str = ""
    connections: int = 0
    authorized: str = ""
    expires: str = ""
    ad_account_ids: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """`sandbox/name`: how plans, journals and reports name an account."""
        return f"{self.sandbox}/{self.name}"


@dataclass(frozen=True)
class FlowState:
    """One dataflow as read on its page."""

    name: str
    destination: str
    enabled: bool
    can_change: bool
    url: str = ""
    ad_account_id: str = ""
    audiences: tuple[AudienceRef, ...] = ()
    # Where ad_account_id came from: "aep" (the flow's page), "settings"
    # (PINTEREST_AD_ACCOUNTS), "pinterest" (found in Ads Manager), "" (unknown; plans
    # written before this field have none).
    ad_account_source: str = ""

    def audience_ids(self) -> set[str]:
        return {a.id for a in self.audiences}


@dataclass(frozen=True)
class PairPlan:
    """An old flow and its copy on the new card, with what the plan intends for them."""

    sandbox: str
    name: str
    old: FlowState
    new: FlowState
    action: Outcome
    missing: tuple[AudienceRef, ...] = ()
    reason: str = ""

    @property
    def key(self) -> str:
        return f"{self.sandbox}/{self.name}"

    @property
    def first_seen(self) -> Switches:
        """Both flows' switches as the plan first saw them."""
        return Switches(self.old.enabled, self.new.enabled)


@dataclass(frozen=True)
class UnpairedFlow:
    sandbox: str
    name: str
    destination: str
    reason: str


@dataclass(frozen=True)
class Plan:
    run_id: str
    created: str
    aep_url: str
    old_destination: str
    new_destination: str
    aep_user: str = ""
    accounts: tuple[AccountInfo, ...] = ()
    accounts_to_reconnect: tuple[str, ...] = ()
    pairs: tuple[PairPlan, ...] = ()
    unpaired: tuple[UnpairedFlow, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Plan:
        return Plan(
            **{
                **data,
                "accounts": tuple(_account(a) for a in data.get("accounts", ())),
                "accounts_to_reconnect": tuple(data.get("accounts_to_reconnect", ())),
                "pairs": tuple(_pair(p) for p in data.get("pairs", ())),
                "unpaired": tuple(UnpairedFlow(**u) for u in data.get("unpaired", ())),
            }
        )


def _account(data: dict[str, Any]) -> AccountInfo:
    return AccountInfo(**{**data, "ad_account_ids": tuple(data.get("ad_account_ids", ()))})


def _flow(data: dict[str, Any]) -> FlowState:
    return FlowState(
        **{**data, "audiences": tuple(AudienceRef(**a) for a in data.get("audiences", ()))}
    )


def _pair(data: dict[str, Any]) -> PairPlan:
    return PairPlan(
        **{
            **data,
            "old": _flow(data["old"]),
            "new": _flow(data["new"]),
            "action": Outcome(data["action"]),
            "missing": tuple(AudienceRef(**a) for a in data.get("missing", ())),
        }
    )


@dataclass
class PairResult:
    """What a run did to one pair."""

    key: str
    outcome: Outcome
    reason: str = ""
    before: Switches | None = None
    # As read at the end (None: it could not be read).
    after: Switches | None = None
    actions: list[str] = field(default_factory=list)
    screenshots: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    # `--activate-missing`: the audiences this run added to the new flow.
    audiences_added: list[AudienceRef] = field(default_factory=list)
    # The step traces of this pair (relative to the run folder), in order.
    traces: list[str] = field(default_factory=list)


@dataclass
class AccountResult:
    """What a run did to one account (reconnect, or the keep-alive's look at it)."""

    key: str
    sandbox: str
    name: str
    destination: str
    outcome: Outcome
    reason: str = ""
    username: str = ""
    expires_before: str = ""
    expires_after: str = ""


def first_line(error: BaseException) -> str:
    """An error as a report's reason: its first line (its type's name when it says nothing)."""
    return (str(error).strip().splitlines() or [type(error).__name__])[0]
