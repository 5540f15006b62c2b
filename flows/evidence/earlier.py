"""An earlier apply run's evidence: what it switched, from what, and when.

`--verify RUN_ID` and `--rollback RUN_ID` act on the pairs that run left switched: its
plan, the `pair` entries of its journal (first-seen and final switches), and the AEP
server's time of its switch clicks (the clock Pinterest's timestamps follow).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from flows.decide import completed
from flows.evidence.folder import JOURNAL, PLAN
from flows.evidence.journal import journals_of_plan, read_journal
from flows.model import Outcome, PairPlan, Plan, Switches

SWITCHED = (Outcome.SWITCHED.value, Outcome.ALREADY_MIGRATED.value)


class NoSuchRun(RuntimeError):
    """RUN_ID names no apply run with a plan and a journal in EVIDENCE_DIR."""


@dataclass(frozen=True)
class SwitchedPair:
    """A pair an apply run left switched: its plan, first-seen and left switches."""

    plan: PairPlan
    first_seen: Switches
    left: Switches

    @property
    def key(self) -> str:
        return self.plan.key


@dataclass(frozen=True)
class RunEvidence:
    """What an apply run's evidence folder says it switched, and when (server clock)."""

    run_id: str
    folder: Path
    plan: Plan
    pairs: tuple[SwitchedPair, ...]
    switched_at: datetime | None

    def pair(self, key: str) -> SwitchedPair:
        return next(p for p in self.pairs if p.key == key)


def load_run(evidence_dir: Path, run_id: str) -> RunEvidence:
    folder = (evidence_dir / run_id).resolve()
    if not (folder / PLAN).is_file() or not (folder / JOURNAL).is_file():
        raise NoSuchRun(f"no apply run {run_id!r} in {evidence_dir} (plan.json and journal.jsonl)")
    plan = Plan.from_json(json.loads((folder / PLAN).read_text(encoding="utf-8")))
    entries = read_journal(folder / JOURNAL)
    started = next((e for e in entries if e.get("event") == "run_started"), {})
    if started.get("kind") != "apply":
        kind = started.get("kind") or "unknown"
        raise NoSuchRun(f"{run_id!r} is not an apply run (it is a {kind} run): nothing it switched")
    last: dict[str, dict[str, Any]] = {}
    for entry in entries:
        if entry.get("event") == "pair":
            last[entry["key"]] = entry
    # A pair blocked in the plan was switched only once its missing audiences were added
    # (--activate-missing): its new flow carries them, so they are verified too.
    pairs = tuple(
        SwitchedPair(
            completed(p) if p.action == Outcome.BLOCKED else p,
            Switches.from_json(last[p.key]["first_seen"]),
            Switches.from_json(last[p.key]["final"]),
        )
        for p in plan.pairs
        if p.key in last and last[p.key]["outcome"] in SWITCHED and last[p.key].get("final")
    )
    keys = {p.key for p in pairs}
    # The switch clicks of these pairs, by this run or an earlier run of the same plan.
    times = [
        e["server_time"]
        for e in journals_of_plan(evidence_dir, plan.run_id)
        if e.get("event") == "done"
        and e.get("pair") in keys
        and e.get("server_time")
        and not str(e.get("run_id", "")).endswith("-rollback")
    ] or [last[k]["server_time"] for k in keys if last[k].get("server_time")]
    switched_at = max(datetime.fromisoformat(t) for t in times) if times else None
    if not pairs:
        raise NoSuchRun(
            f"the apply run {run_id!r} left no pair switched: nothing to verify or undo"
        )
    return RunEvidence(folder.name, folder, plan, pairs, switched_at)
