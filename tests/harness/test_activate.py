"""`--activate-missing`'s pure part: the pair a switch expects once the audiences are added."""

from __future__ import annotations

from flows.decide import PairState, intended_action, is_stale
from flows.model import AudienceRef, FlowState, Outcome, PairPlan
from flows.steps.activate import completed

A, B = (
    AudienceRef("a1", "Cart abandoners"),
    AudienceRef("b2", "Holiday gift shoppers", "2023-11-19"),
)


def blocked_pair() -> PairPlan:
    old = FlowState("Cart recovery", "old", True, True, audiences=(A, B))
    new = FlowState("Cart recovery", "new", False, True, audiences=(A,))
    action, reason = intended_action(old, new)
    return PairPlan("prod", "Cart recovery", old, new, action, (B,), reason)


def test_completed_pair_carries_the_missing_audiences_and_would_switch() -> None:
    pair = blocked_pair()
    assert pair.action == Outcome.BLOCKED

    done = completed(pair)

    assert done.new.audiences == (A, B)
    assert (done.action, done.missing, done.reason) == (Outcome.WOULD_SWITCH, (), "")
    assert intended_action(done.old, done.new)[0] == Outcome.WOULD_SWITCH


def test_the_added_audiences_do_not_make_the_pair_stale_for_its_switch() -> None:
    pair = blocked_pair()
    after_adding = PairState(True, False, frozenset({"a1", "b2"}), frozenset({"a1", "b2"}))

    assert is_stale(pair, after_adding), "against the plan as made, it looks changed"
    assert not is_stale(completed(pair), after_adding), "against the completed pair, it is not"
