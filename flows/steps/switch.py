"""Switch a pair: new flow on and old flow off (safe order), or the notice's order.

Before acting, both flows are read again; a pair someone else changed is `stale` and
left alone. Every click is journaled before (with the state it should produce) and after.
"""

from __future__ import annotations

import time

from flows.decide import Order, PairState, after, is_stale, recheck, steps
from flows.harness import Harness
from flows.model import MIGRATED, Outcome, PairPlan, PairResult
from flows.steps.click import journaled_click
from flows.steps.navigate import open_flow, read_flow
from pages.aep.dataflow import DataflowPage, NotSaved

LEFT_ALONE = (Outcome.PAUSED, Outcome.NO_PERMISSION, Outcome.BLOCKED)


def switch_pair(h: Harness, pair: PairPlan, order: Order, produced: list[PairState]) -> PairResult:
    started = time.monotonic()
    first_seen = PairState.of(pair.old, pair.new)
    result = PairResult(pair.key, Outcome.FAILED, before=first_seen.switches)
    today = h.server_now.date()
    with h.group("Read both flows"):
        old_page = open_flow(h, pair.sandbox, pair.old)
        old = read_flow(old_page, today)
        caption = f"old flow before the switch ({_on_off(old.enabled)})"
        result.screenshots[caption] = h.screenshot(f"{pair.key} old before")
        new_page = open_flow(h, pair.sandbox, pair.new)
        new = read_flow(new_page, today)
    current = PairState.of(old, new)
    result.after = current.switches
    if is_stale(pair, current, produced):
        result.outcome = Outcome.STALE
        result.reason = "changed since the plan by someone else: " + _differences(
            first_seen, current
        )
        return result
    # Derived again from what was just read: the plan file may have been edited.
    action, reason = recheck(pair, old, new)
    if action in LEFT_ALONE:
        result.outcome, result.reason = action, reason
        return result
    # The new flow's page is the one on screen after reading.
    on, page, state = "new", new_page, current
    clicks = steps(current.switches, order)
    for step in clicks:
        clicked = after(state.switches, step)
        # Every click is read back after a reload before the next one (the new flow
        # exports before the old one stops) and before the pair is called switched.
        on, page = journaled_click(
            h, pair.key, step, clicked,
            flows=(pair.sandbox, pair.old, pair.new), shown=(on, page),
            set_enabled=lambda p, enable: _set_enabled(h, pair.key, p, enable, read_back=True),
        )  # fmt: skip
        result.actions.append(step.describe())
        state = state.with_switches(clicked.old, clicked.new)
    result.after = state.switches
    caption = f"{on} flow after the switch ({_on_off(getattr(state.switches, on))})"
    result.screenshots[caption] = h.screenshot(f"{pair.key} {on} after")
    if state.switches != MIGRATED:
        result.reason = "the pair did not reach old off, new on"
        return result
    result.outcome = Outcome.SWITCHED if result.actions else Outcome.ALREADY_MIGRATED
    if not result.actions and first_seen.switches != MIGRATED:
        result.reason = "already switched by an earlier run of this plan"
    result.seconds = round(time.monotonic() - started, 3)
    return result


def _set_enabled(
    h: Harness, key: str, page: DataflowPage, enable: bool, *, read_back: bool
) -> DataflowPage:
    """Flip the switch; when the UI says the change failed, read the flow again: a change
    that was saved although its answer was lost stands, one that did not happen is sent
    once more (safe: the read-back shows nothing changed)."""
    try:
        return page.set_enabled(enable, read_back=read_back)
    except NotSaved as error:
        page = page.reload()
        if page.is_enabled() == enable:
            h.journal.write("saved_despite_error", pair=key, error=str(error))
            return page
        h.journal.write("retry", pair=key, error=str(error))
        return page.set_enabled(enable, read_back=read_back)


def _differences(planned: PairState, now: PairState) -> str:
    said = []
    for card, was, is_ in (
        ("old", planned.old_enabled, now.old_enabled),
        ("new", planned.new_enabled, now.new_enabled),
    ):
        if was != is_:
            said.append(f"{card} flow {'enabled' if is_ else 'disabled'}")
    if planned.old_audiences != now.old_audiences or planned.new_audiences != now.new_audiences:
        said.append("audiences changed")
    return ", ".join(said) or "state differs from the plan"


def _on_off(enabled: bool) -> str:
    return "enabled" if enabled else "disabled"
