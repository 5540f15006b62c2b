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
from pathlib import Path
from typing import Any

from flows.evidence.earlier import RunEvidence
from flows.evidence.folder import JOURNAL, SCREENSHOTS, TRACES, RunFolder, utc_now
from flows.evidence.journal import Journal
from flows.evidence.report import TEMPLATES
from flows.runs.session import Item, RunSession, Said
from flows.steps.verify import PairVerification, owner_account, verify_pair


def verification_folder(evidence: RunEvidence) -> RunFolder:
    """`verification-<time>/` in the apply run's folder: this check's journal and traces,
    beside the run's own."""
    stamp = utc_now().replace(":", "").replace("+0000", "Z")
    path = evidence.folder / f"verification-{stamp}"
    for sub in (TRACES, SCREENSHOTS):
        (path / sub).mkdir(parents=True, exist_ok=True)
    return RunFolder(path)


@dataclass
class VerifyLater(RunSession):
    """`pytest flows --verify RUN_ID`: one item per pair the run left switched."""

    kind_of_run = "verification"

    evidence: RunEvidence = field(kw_only=True)
    results: dict[str, PairVerification] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.journal = Journal(
            self.folder.file(JOURNAL), run_id=self.folder.run_id, plan_id=self.evidence.plan.run_id
        )
        self.journal.write("run_started", kind="verify", of_run=self.evidence.run_id)

    def item(self, item: Item) -> Said:
        result = self.pair(item.key)
        status = "confirmed" if result.confirmed else ("drifted" if result.drifted else "not yet")
        return Said(item.key, status, result.problems(), passed=result.confirmed)

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

    def finish(self, exit_status: int) -> None:
        """Write `verification-<time>.json` and `.html` into the run's folder."""
        report = self.report()
        self.journal_findings()
        self.journal.write("run_finished", exit_status=exit_status)
        base = self.folder.path
        base.with_suffix(".json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        html = TEMPLATES.get_template("verification.html").render(report=report)
        base.with_suffix(".html").write_text(html, encoding="utf-8")

    def summary_lines(self) -> list[str]:
        lines = []
        for pair in self.results.values():
            status = "confirmed" if pair.confirmed else ("drifted" if pair.drifted else "not yet")
            problems = f"  ({pair.problems()})" if pair.problems() else ""
            lines.append(f"{status:>17}  {pair.key}{problems}")
        report = self.report()
        counts = ", ".join(f"{k}: {v}" for k, v in report["summary"].items())
        drifted = f", drifted: {len(report['drifted'])}" if report["drifted"] else ""
        lines.append(f"verify {self.evidence.run_id}: {counts}{drifted}")
        lines.append(f"report: {self.folder.path}.html")
        return lines

    def evidence_folders(self) -> list[Path]:
        # Its files sit beside the run's own, in that run's folder.
        return [self.evidence.folder]
