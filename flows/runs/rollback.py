"""`pytest flows --rollback RUN_ID [--only NAME]`: an apply run's switched pairs, back to
first-seen (flows/steps/rollback.py), one item per pair; a dry run unless `--apply`."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from flows.evidence.earlier import RunEvidence, SwitchedPair
from flows.evidence.folder import JOURNAL, REPORT_JSON
from flows.evidence.journal import Journal
from flows.evidence.report import write_reports
from flows.harness import Harness
from flows.model import Outcome, PairResult, first_line
from flows.runs.session import STEP_ERRORS, Item, RunSession, Said
from flows.steps.rollback import rollback_pair, v4_warning
from flows.steps.verify import read_back
from pages.aep.shell import SignedOut


def rollback_items(evidence: RunEvidence, only: tuple[str, ...]) -> list[Item]:
    """One item per pair the run switched (those `--only` names)."""
    return [Item("rollback", p.key) for p in evidence.pairs if not only or p.plan.name in only]


@dataclass
class Rollback(RunSession):
    """`pytest flows --rollback RUN_ID [--only NAME] [--apply]`: its own run folder,
    journal and report."""

    kind_of_run = "rollback"

    evidence: RunEvidence = field(kw_only=True)
    results: dict[str, PairResult] = field(default_factory=dict)
    warning: str = ""

    def __post_init__(self) -> None:
        self.journal = Journal(
            self.folder.file(JOURNAL),
            run_id=self.folder.run_id,
            plan_id=self.evidence.plan.run_id,
        )
        self.journal.write(
            "run_started", kind="rollback" if self.request.apply else "rollback dry run",
            plan_id=self.evidence.plan.run_id, of_run=self.evidence.run_id,
            only=list(self.request.only),
        )  # fmt: skip

    def attach(self, harness: Harness) -> None:
        super().attach(harness)
        self.warning = v4_warning(harness.server_now)
        if self.warning:
            self.journal.write("warning", message=self.warning)

    def item(self, item: Item) -> Said:
        result = self.pair(item.key)
        return Said.of(item.key, result.outcome, result.reason)

    def pair(self, key: str) -> PairResult:
        pair = self.evidence.pair(key)
        try:
            with self.h.step(f"Roll back {key}"):
                result = rollback_pair(self.h, pair, self.request.apply)
        except STEP_ERRORS as error:
            self.h.raise_if_signed_out()  # the sign-in ended under the step: stop the run
            result = self._failed(pair, error)
        result.traces = [self.h.last_trace] if self.h.last_trace else []
        self.results[key] = result
        self.journal.write(
            "pair", key=key, sandbox=pair.plan.sandbox, name=pair.plan.name,
            outcome=result.outcome, reason=result.reason, first_seen=pair.first_seen.to_json(),
            left_by_run=pair.left.to_json(),
            final=result.after.to_json() if result.after else {}, missing=[],
            urls={"old": pair.plan.old.url, "new": pair.plan.new.url},
            actions=result.actions, screenshots=result.screenshots, traces=result.traces,
            seconds=result.seconds,
            server_time=self.h.server_now.isoformat(),
        )  # fmt: skip
        return result

    def _failed(self, pair: SwitchedPair, error: Exception) -> PairResult:
        """A rollback that stopped half-way: both flows read again, so the report says
        where the pair stands (or that it could not be read)."""
        result = PairResult(pair.key, Outcome.FAILED, first_line(error), before=pair.left)
        try:
            with self.h.step(f"Read back {pair.key} after an error"):
                result.after = read_back(self.h, pair.plan)
        except (SignedOut, *STEP_ERRORS) as again:
            result.reason += f"; its state could not be read back ({first_line(again)})"
        return result

    def finish(self, exit_status: int) -> None:
        self.journal_findings()
        self.journal.write("run_finished", exit_status=exit_status)
        write_reports(self.folder)

    def summary_lines(self) -> list[str]:
        report = json.loads(self.folder.file(REPORT_JSON).read_text(encoding="utf-8"))
        lines = [f"WARNING: {warning}" for warning in report.get("warnings", [])]
        for pair in report.get("pairs", []):
            reason = f"  ({pair['reason']})" if pair["reason"] else ""
            lines.append(f"{pair['outcome']:>19}  {pair['key']}{reason}")
        counts = ", ".join(f"{k}: {v}" for k, v in report.get("summary", {}).items()) or "nothing"
        lines.append(f"{'rollback' if self.request.apply else 'rollback dry run'}: {counts}")
        lines.append(f"report: {self.folder.file('report.html')}")
        if not self.request.apply:
            run_id = self.evidence.run_id
            lines.append(f"to roll back: pytest flows --rollback {run_id} --apply")
        return lines
