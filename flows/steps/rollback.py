"""Roll a pair back to its first-seen state: the old flow enabled and read back before
the new one is disabled, so there is never a moment when neither exports.

A pair changed since the run (neither as the run left it nor already back) is `stale` and
left alone. Past Pinterest's v4 shutdown the old card's flows cannot export: a rollback
then warns loudly.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

from flows.decide import after, rollback_clicks
from flows.evidence.earlier import SwitchedPair
from flows.harness import Harness
from flows.model import Outcome, PairResult, Switches
from flows.steps.click import journaled_click
from flows.steps.navigate import open_flow, read_flow

# Pinterest turned its v4 advertiser API (the old card's) off after this instant.
PINTEREST_V4_SHUTDOWN = datetime(2024, 1, 18, tzinfo=UTC)


def v4_warning(server_now: datetime) -> str:
    if server_now <= PINTEREST_V4_SHUTDOWN:
        return ""
    return (
        f"the AEP server's time ({server_now:%Y-%m-%d %H:%M} UTC) is past "
        f"{PINTEREST_V4_SHUTDOWN:%Y-%m-%d}, when Pinterest turned its v4 API off: the old "
        "card's flows cannot export, so rolled-back pairs would stop reaching Pinterest"
    )


def rollback_pair(h: Harness, pair: SwitchedPair, apply: bool) -> PairResult:
    started = time.monotonic()
    first_seen = pair.first_seen
    result = PairResult(pair.key, Outcome.FAILED, before=pair.left)
    today = h.server_now.date()
    with h.group("Read both flows"):
        old_page = open_flow(h, pair.plan.sandbox, pair.plan.old)
        old_enabled = read_flow(old_page, today).enabled
        result.screenshots["old flow before the rollback"] = h.screenshot(f"{pair.key} old before")
        new_page = open_flow(h, pair.plan.sandbox, pair.plan.new)
        now = Switches(old_enabled, read_flow(new_page, today).enabled)
    result.after = now
    if now == first_seen:
        result.outcome = Outcome.ALREADY_ROLLED_BACK
        result.reason = "" if pair.left != first_seen else "the run changed nothing here"
        return result
    if now != pair.left:
        result.outcome = Outcome.STALE
        result.reason = f"changed since the run: now {now} (the run left {pair.left})"
        return result
    clicks = rollback_clicks(now, first_seen)
    if not apply:
        result.outcome = Outcome.WOULD_ROLL_BACK
        result.reason = "would " + ", then ".join(c.describe() for c in clicks)
        return result
    on, page, state = "new", new_page, now
    for click in clicks:
        target = after(state, click)
        # Read back after a reload: the old flow exports before the new one stops.
        on, page = journaled_click(
            h, pair.key, click, target,
            flows=(pair.plan.sandbox, pair.plan.old, pair.plan.new), shown=(on, page),
            set_enabled=lambda p, enable: p.set_enabled(enable, read_back=True),
        )  # fmt: skip
        result.actions.append(click.describe())
        state = target
    result.after = state
    result.screenshots[f"{on} flow after the rollback"] = h.screenshot(f"{pair.key} {on} after")
    result.outcome = Outcome.ROLLED_BACK
    result.seconds = round(time.monotonic() - started, 3)
    return result
