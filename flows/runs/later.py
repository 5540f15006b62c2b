"""`--verify RUN_ID`: an apply run's switched pairs, checked again later.

Pinterest can take hours to process an audience, so the verification at the end of an
apply often says `pending`; this repeats it for that run: both flows still as the run
left them (else `drifted`), and each audience of each new flow `confirmed`, `pending` or
`missing` in Ads Manager. The switch time is the AEP server's clock at the run's switch
clicks (journal `server_time`), the clock Pinterest's timestamps follow.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from flows.evidence.folder import JOURNAL, PLAN, SCREENSHOTS, TRACES, RunFolder, utc_now
from flows.evidence.journal import Journal, journals_of_plan, read_journal
from flows.harness import Harness, OnHarness
from flows.model import Outcome, PairPlan, Plan
from flows.steps.activate import completed
from flows.steps.verify import AudienceCheck, check_audiences, owner_account, read_back

SWITCHED = (Outcome.SWITCHED.value, Outcome.ALREADY_MIGRATED.value)

_TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).parent.parent / "evidence" / "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)


class NoSuchRun(RuntimeError):
    """RUN_ID names no apply run with a plan and a journal in EVIDENCE_DIR."""


@dataclass(frozen=True)
class SwitchedPair:
    """A pair an apply run left switched: its plan, first-seen and left switches."""

    plan: PairPlan
    first_seen: dict[str, bool]
    left: dict[str, bool]

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
    last: dict[str, dict[str, Any]] = {}
    for entry in entries:
        if entry.get("event") == "pair":
            last[entry["key"]] = entry
    # A pair blocked in the plan was switched only once its missing audiences were added
    # (--activate-missing): its new flow carries them, so they are verified too.
    pairs = tuple(
        SwitchedPair(
            completed(p) if p.action == Outcome.BLOCKED else p,
            dict(last[p.key]["first_seen"]),
            dict(last[p.key]["final"]),
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
    return RunEvidence(folder.name, folder, plan, pairs, switched_at)


@dataclass
class PairVerification:
    key: str
    state: dict[str, bool]
    left: dict[str, bool]
    audiences: list[AudienceCheck] = field(default_factory=list)

    @property
    def drifted(self) -> bool:
        return self.state != self.left

    @property
    def confirmed(self) -> bool:
        return not self.drifted and all(a.status == "confirmed" for a in self.audiences)

    def problems(self) -> str:
        said = []
        if self.drifted:
            said.append(f"drifted: old={self.state['old']}, new={self.state['new']}")
        said += [f"{a.name}: {a.status}" for a in self.audiences if a.status != "confirmed"]
        said += [f"{a.name}: {a.duplicates} duplicate(s)" for a in self.audiences if a.duplicates]
        return "; ".join(said)

    def to_json(self) -> dict[str, Any]:
        return {
            "key": self.key, "state": self.state, "left": self.left, "drifted": self.drifted,
            "confirmed": self.confirmed, "audiences": [a.to_json() for a in self.audiences],
        }  # fmt: skip


def verify_pair(h: Harness, pair: SwitchedPair, switched_at: datetime) -> PairVerification:
    """Both flows after reload, then the new flow's audiences in Ads Manager."""
    with h.group("Both flows after reload"):
        state = read_back(h, pair.plan)
    result = PairVerification(pair.key, state, pair.left)
    with h.group("Audiences in Pinterest Ads Manager"):
        result.audiences = check_audiences(h, [pair.plan], switched_at)
    return result


@dataclass
class VerifyLater(OnHarness):
    """One `--verify RUN_ID` session; its evidence goes into that run's folder."""

    kind_of_run = "verification"

    evidence: RunEvidence
    stamp: str = field(default_factory=lambda: utc_now().replace(":", "").replace("+0000", "Z"))
    folder: RunFolder = field(init=False)
    journal: Journal = field(init=False)
    harness: Harness | None = None
    results: dict[str, PairVerification] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Traces, screenshots and the journal of this check, beside the run's own.
        path = self.evidence.folder / f"verification-{self.stamp}"
        for sub in (TRACES, SCREENSHOTS):
            (path / sub).mkdir(parents=True, exist_ok=True)
        self.folder = RunFolder(path)
        self.journal = Journal(path / JOURNAL, run_id=path.name, plan_id=self.evidence.plan.run_id)
        self.journal.write("run_started", kind="verify", of_run=self.evidence.run_id)

    def pair(self, key: str) -> PairVerification:
        pair = self.evidence.pair(key)
        # Between step traces (no credential is traced), as the login that sees its ad account.
        self.h.ensure_pinterest_session(*owner_account(self.evidence.plan, pair.plan))
        with self.h.step(f"Verify {key}"):
            result = verify_pair(self.h, pair, self.evidence.switched_at or self.h.server_now)
        self.results[key] = result
        self.journal.write("verified", **result.to_json())
        return result

    def report(self) -> dict[str, Any]:
        results = list(self.results.values())
        audiences = [a for r in results for a in r.audiences]
        statuses = [a.status for a in audiences]
        return {
            "run_id": self.evidence.run_id,
            "verified": utc_now(),
            "server_time": self.h.server_now.isoformat() if self.harness else "",
            "switched_at": self.evidence.switched_at.isoformat()
            if self.evidence.switched_at
            else "",
            "aep_user": self.journal.aep_user,
            "summary": {s: statuses.count(s) for s in ("confirmed", "pending", "missing")},
            "drifted": [r.key for r in results if r.drifted],
            "all_confirmed": bool(results)
            and len(results) == len(self.evidence.pairs)
            and all(r.confirmed for r in results),
            "pairs": [r.to_json() for r in results],
            "audiences": [asdict(a) for a in audiences],
            "evidence": self.folder.path.name,
        }

    def finish(self, exit_status: int) -> Path:
        """Write `verification-<time>.json` and `.html` into the run's folder."""
        report = self.report()
        self.journal.write("run_finished", exit_status=exit_status)
        base = self.evidence.folder / f"verification-{self.stamp}"
        json_path = base.with_suffix(".json")
        json_path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        html = _TEMPLATES.get_template("verification.html").render(report=report)
        base.with_suffix(".html").write_text(html, encoding="utf-8")
        return json_path
