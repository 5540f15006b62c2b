"""The migration's decisions, as pure functions of what was read (no browser here).

A pair's state is (old enabled, new enabled). The target is (off, on). `safe` order goes
(on, off) -> (on, on) -> (off, on), so neither card ever stops exporting; `documented`
order (the notice's) goes (on, off) -> (off, off) -> (off, on).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Literal

from flows.model import MIGRATED, AudienceRef, FlowState, Outcome, PairPlan, Switches

Order = Literal["safe", "documented"]
Card = Literal["old", "new"]


@dataclass(frozen=True)
class PairState:
    """What decides a pair: both flows' switches and audience IDs."""

    old_enabled: bool
    new_enabled: bool
    old_audiences: frozenset[str]
    new_audiences: frozenset[str]

    @classmethod
    def of(cls, old: FlowState, new: FlowState) -> PairState:
        return cls(
            old.enabled, new.enabled, frozenset(old.audience_ids()), frozenset(new.audience_ids())
        )

    @property
    def switches(self) -> Switches:
        return Switches(self.old_enabled, self.new_enabled)

    def with_switches(self, old: bool, new: bool) -> PairState:
        return PairState(old, new, self.old_audiences, self.new_audiences)


@dataclass(frozen=True)
class Step:
    """One click on a dataflow's Enabled switch."""

    card: Card
    enable: bool

    def describe(self) -> str:
        return f"{'enable' if self.enable else 'disable'} {self.card} flow"


def missing_audiences(old: FlowState, new: FlowState) -> tuple[AudienceRef, ...]:
    """Audiences on the old flow but not on the new one (by ID)."""
    have = new.audience_ids()
    return tuple(a for a in old.audiences if a.id not in have)


def intended_action(old: FlowState, new: FlowState) -> tuple[Outcome, str]:
    """What the plan intends for a pair, first seen as `old` and `new`."""
    state = Switches(old.enabled, new.enabled)
    if state == MIGRATED:
        return Outcome.ALREADY_MIGRATED, ""
    if state == Switches(old=False, new=False):
        return Outcome.PAUSED, "both flows are disabled: left alone"
    if not (old.can_change and new.can_change):
        which = [f.destination for f in (old, new) if not f.can_change]
        return Outcome.NO_PERMISSION, f"cannot change the Enabled switch on {', '.join(which)}"
    if missing := missing_audiences(old, new):
        names = ", ".join(f"{a.name} ({a.id})" for a in missing)
        return Outcome.BLOCKED, f"the new flow lacks {len(missing)} audience(s): {names}"
    return Outcome.WOULD_SWITCH, ""


def steps(state: Switches, order: Order) -> list[Step]:
    """The clicks that take a pair from `state` to (old off, new on), in `order`."""
    enable_new = [Step("new", True)] if not state.new else []
    disable_old = [Step("old", False)] if state.old else []
    return enable_new + disable_old if order == "safe" else disable_old + enable_new


def is_stale(pair: PairPlan, current: PairState, produced: Iterable[PairState] = ()) -> bool:
    """Someone else changed the pair: it differs from the plan and from all the harness did.

    `produced` holds the states the harness's journal records for this pair (after each
    action, or intended by an action a killed run may have completed).
    """
    first_seen = PairState.of(pair.old, pair.new)
    return current != first_seen and current not in set(produced)


def recheck(pair: PairPlan, old: FlowState, new: FlowState) -> tuple[Outcome, str]:
    """The pair's action derived again from its flows just read (not stale), whatever the
    plan file says: a plan is input, and an edit must not switch a pair whose new flow
    lacks audiences or that the user may not change.

    As first seen (the plan's state): the dry run's own decision. In a state this harness
    produced (a run stopped half-way through the pair): only what forbids going on.
    """
    if PairState.of(old, new) == PairState.of(pair.old, pair.new):
        action, reason = intended_action(old, new)
    else:
        # What forbids going on (no permission, missing audiences), as the dry run
        # decides it for a pair neither migrated nor paused: both flows taken as on.
        action, reason = intended_action(replace(old, enabled=True), replace(new, enabled=True))
    if action not in (pair.action, Outcome.WOULD_SWITCH):
        reason += f" (the plan said {pair.action})"
    return action, reason


# A (New) Pinterest token is reconnected when it ends within this many days.
RECONNECT_WITHIN_DAYS = 7


def needs_reconnect(expires_on: str, today: date, within_days: int) -> bool:
    """A token that is missing, expired or expiring within `within_days` days."""
    if not expires_on:
        return True
    return date.fromisoformat(expires_on) - today <= timedelta(days=within_days)


def rollback_clicks(now: Switches, first_seen: Switches) -> list[Step]:
    """From `now` to `first_seen`: every enable before any disable, the old card first."""
    enables = [Step("old", True)] if first_seen.old and not now.old else []
    enables += [Step("new", True)] if first_seen.new and not now.new else []
    disables = [Step("old", False)] if now.old and not first_seen.old else []
    disables += [Step("new", False)] if now.new and not first_seen.new else []
    return enables + disables


def completed(pair: PairPlan) -> PairPlan:
    """`pair` with its missing audiences on the new flow: what a switch then expects."""
    new = replace(pair.new, audiences=pair.new.audiences + pair.missing)
    return replace(pair, new=new, action=Outcome.WOULD_SWITCH, missing=(), reason="")


def after(state: Switches, step: Step) -> Switches:
    """The switches once `step` is clicked."""
    return replace(state, **{step.card: step.enable})
