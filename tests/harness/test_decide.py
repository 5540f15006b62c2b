"""The migration's decisions, as pure functions: intended action, clicks per order, staleness."""

from __future__ import annotations

import pytest

from flows.decide import PairState, Step, after, intended_action, is_stale, missing_audiences, steps
from flows.model import AudienceRef, FlowState, Outcome, PairPlan, Switches

A, B = AudienceRef("a1", "Loyalty members"), AudienceRef("b2", "High-value customers")


def flow(
    card: str, *, enabled: bool, audiences: tuple[AudienceRef, ...] = (A,), can_change: bool = True
) -> FlowState:
    return FlowState("Loyalty campaign", card, enabled, can_change, audiences=audiences)


@pytest.mark.parametrize(
    ("old", "new", "outcome"),
    [
        (flow("old", enabled=True), flow("new", enabled=False), Outcome.WOULD_SWITCH),
        (flow("old", enabled=True), flow("new", enabled=True), Outcome.WOULD_SWITCH),
        (flow("old", enabled=False), flow("new", enabled=True), Outcome.ALREADY_MIGRATED),
        (flow("old", enabled=False), flow("new", enabled=False), Outcome.PAUSED),
        (flow("old", enabled=True, audiences=(A, B)), flow("new", enabled=False), Outcome.BLOCKED),
        (
            flow("old", enabled=True),
            flow("new", enabled=False, can_change=False),
            Outcome.NO_PERMISSION,
        ),
    ],
    ids=["clean", "both-on", "done", "paused", "missing-audience", "read-only-user"],
)
def test_intended_action(old: FlowState, new: FlowState, outcome: Outcome) -> None:
    assert intended_action(old, new)[0] == outcome


def test_blocked_reason_names_the_missing_audiences() -> None:
    old, new = flow("old", enabled=True, audiences=(A, B)), flow("new", enabled=False)

    _outcome, reason = intended_action(old, new)

    assert missing_audiences(old, new) == (B,)
    assert "High-value customers (b2)" in reason


def test_an_extra_audience_on_the_new_flow_does_not_block() -> None:
    old, new = flow("old", enabled=True), flow("new", enabled=False, audiences=(A, B))

    assert intended_action(old, new)[0] == Outcome.WOULD_SWITCH


@pytest.mark.parametrize(
    ("state", "order", "clicks"),
    [
        ((True, False), "safe", [Step("new", True), Step("old", False)]),
        ((True, False), "documented", [Step("old", False), Step("new", True)]),
        ((True, True), "safe", [Step("old", False)]),
        ((False, False), "documented", [Step("new", True)]),
        ((False, True), "safe", []),
    ],
)
def test_steps_per_order(state: tuple[bool, bool], order: str, clicks: list[Step]) -> None:
    assert steps(Switches(*state), order) == clicks  # type: ignore[arg-type]


def test_the_safe_order_never_passes_through_both_disabled() -> None:
    state = Switches(old=True, new=False)
    for step in steps(state, "safe"):
        state = after(state, step)
        assert state != Switches(old=False, new=False)


def test_stale_only_when_neither_planned_nor_produced() -> None:
    old, new = flow("old", enabled=True), flow("new", enabled=False)
    pair = PairPlan("prod", "Loyalty campaign", old, new, Outcome.WOULD_SWITCH)
    first_seen = PairState.of(old, new)
    half_done = first_seen.with_switches(True, True)
    changed_by_a_colleague = first_seen.with_switches(False, False)

    assert not is_stale(pair, first_seen)
    assert not is_stale(pair, half_done, produced=[half_done])
    assert is_stale(pair, half_done)
    assert is_stale(pair, changed_by_a_colleague, produced=[half_done])


def test_an_audience_added_after_the_plan_makes_the_pair_stale() -> None:
    old, new = flow("old", enabled=True), flow("new", enabled=False)
    pair = PairPlan("prod", "Loyalty campaign", old, new, Outcome.WOULD_SWITCH)
    now = PairState.of(flow("old", enabled=True, audiences=(A, B)), new)

    assert is_stale(pair, now)
