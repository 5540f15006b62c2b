"""`--rollback RUN_ID [--only NAME]`: an apply run's switched pairs, back to first-seen.

The old flow is enabled and read back before the new one is disabled, so there is never a
moment when neither exports. A dry run unless `--apply`. A pair changed since the run
(neither as the run left it nor already back) is `stale` and left alone. Past Pinterest's
v4 shutdown the old card's flows cannot export: a rollback then warns loudly.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

from flows.evidence.folder import RunFolder
from flows.evidence.journal import Journal
from flows.harness import Harness, OnHarness
from flows.model import Outcome, PairResult
from flows.runs.later import RunEvidence, SwitchedPair
from flows.steps.navigate import open_flow, read_flow

# Pinterest turned its v4 advertiser API (the old card's) off after this instant.
PINTEREST_V4_SHUTDOWN = datetime(2024, 1, 18, tzinfo=UTC)


@dataclass(frozen=True)
class Click:
    card: str  # old | new
    enable: bool

    def describe(self) -> str:
        return f"{'enable' if self.enable else 'disable'} {self.card} flow"


def rollback_clicks(now: dict[str, bool], first_seen: dict[str, bool]) -> list[Click]:
    """From `now` to `first_seen`: every enable before any disable, the old card first."""
    enables = [Click(c, True) for c in ("old", "new") if first_seen[c] and not now[c]]
    disables = [Click(c, False) for c in ("old", "new") if now[c] and not first_seen[c]]
    return enables + disables


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
    result = PairResult(pair.key, Outcome.FAILED, before=dict(pair.left))
    today = h.server_now.date()
    with h.group("Read both flows"):
        old_page = open_flow(h, pair.plan.sandbox, pair.plan.old)
        now = {"old": read_flow(old_page, today).enabled}
        result.screenshots["before"] = h.screenshot(f"{pair.key} old before")
        new_page = open_flow(h, pair.plan.sandbox, pair.plan.new)
        now["new"] = read_flow(new_page, today).enabled
    result.after = dict(now)
    if now == first_seen:
        result.outcome = Outcome.ALREADY_ROLLED_BACK
        result.reason = "" if pair.left != first_seen else "the run changed nothing here"
        return result
    if now != pair.left:
        result.outcome = Outcome.STALE
        result.reason = (
            f"changed since the run: now old={now['old']}, new={now['new']} "
            f"(the run left old={pair.left['old']}, new={pair.left['new']})"
        )
        return result
    clicks = rollback_clicks(now, first_seen)
    if not apply:
        result.outcome = Outcome.WOULD_ROLL_BACK
        result.reason = "would " + ", then ".join(c.describe() for c in clicks)
        return result
    on, page, state = "new", new_page, dict(now)
    for click in clicks:
        target = {**state, click.card: click.enable}
        h.journal.write("intent", pair=pair.key, step=click.describe(), expect=target)
        with h.group(click.describe()):
            if click.card != on:
                flow = pair.plan.old if click.card == "old" else pair.plan.new
                page = open_flow(h, pair.plan.sandbox, flow)
                on = click.card
            # Read back after a reload: the old flow exports before the new one stops.
            page = page.set_enabled(click.enable, read_back=True)
        h.journal.write(
            "done", pair=pair.key, step=click.describe(), state=target,
            server_time=h.server_now.isoformat(),
        )  # fmt: skip
        result.actions.append(click.describe())
        state = target
    result.after = state
    result.screenshots["after"] = h.screenshot(f"{pair.key} after")
    result.outcome = Outcome.ROLLED_BACK
    result.seconds = round(time.monotonic() - started, 3)
    return result


@dataclass
class Rollback(OnHarness):
    """One `--rollback RUN_ID` session: its own run folder, journal and report."""

    kind_of_run = "rollback"

    evidence: RunEvidence
    run: RunFolder
    apply: bool
    only: list[str] = field(default_factory=list)
    journal: Journal = field(init=False)
    harness: Harness | None = None
    results: dict[str, PairResult] = field(default_factory=dict)
    warning: str = ""

    def __post_init__(self) -> None:
        self.journal = Journal(
            self.run.file("journal.jsonl"),
            run_id=self.run.run_id,
            plan_id=self.evidence.plan.run_id,
        )
        self.journal.write(
            "run_started", kind="rollback" if self.apply else "rollback dry run",
            plan_id=self.evidence.plan.run_id, of_run=self.evidence.run_id, only=self.only,
        )  # fmt: skip

    @property
    def pairs(self) -> list[SwitchedPair]:
        return [p for p in self.evidence.pairs if not self.only or p.plan.name in self.only]

    def attach(self, harness: Harness) -> None:
        super().attach(harness)
        self.warning = v4_warning(harness.server_now)
        if self.warning:
            self.journal.write("warning", message=self.warning)

    def pair(self, key: str) -> PairResult:
        pair = self.evidence.pair(key)
        with self.h.step(f"Roll back {key}"):
            result = rollback_pair(self.h, pair, self.apply)
        self.results[key] = result
        self.journal.write(
            "pair", key=key, sandbox=pair.plan.sandbox, name=pair.plan.name,
            outcome=result.outcome, reason=result.reason, first_seen=pair.first_seen,
            left_by_run=pair.left, final=result.after, missing=[],
            urls={"old": pair.plan.old.url, "new": pair.plan.new.url},
            actions=result.actions, screenshots=result.screenshots, seconds=result.seconds,
            server_time=self.h.server_now.isoformat(),
        )  # fmt: skip
        return result

    def finish(self, exit_status: int) -> None:
        self.journal.write("run_finished", exit_status=exit_status)
