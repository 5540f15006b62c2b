"""`report.json` and `report.html`, always built from the run's journal.

The journal is written (and fsynced) as the run goes, so the same code rebuilds both
reports after a crash: `python -m flows.evidence.report RUN_DIR`.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from flows.evidence.folder import JOURNAL, PLAN, REPORT_HTML, REPORT_JSON, RunFolder
from flows.evidence.journal import read_journal
from flows.model import NEEDS_A_PERSON, Outcome

TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)

OUTCOME_COLOURS = {
    "switched": "ok", "already_migrated": "ok", "would_switch": "info", "paused": "muted",
    "connected": "ok", "reconnected": "ok", "would_reconnect": "info",
    "would_roll_back": "info", "rolled_back": "ok", "already_rolled_back": "ok",
    "blocked": "warn", "unpaired": "warn", "stale": "warn", "no_permission": "bad", "failed": "bad",
}  # fmt: skip


def build_report(folder: RunFolder) -> dict[str, Any]:
    """The report of a run, from its journal (the last entry per pair or account wins)."""
    entries = read_journal(folder.file(JOURNAL))
    started = next((e for e in entries if e["event"] == "run_started"), {})
    finished = next((e for e in reversed(entries) if e["event"] == "run_finished"), None)
    pairs: dict[str, dict[str, Any]] = {}
    accounts: dict[str, dict[str, Any]] = {}
    verification: list[dict[str, Any]] = []
    unpaired: list[dict[str, Any]] = []
    warnings: list[str] = []
    discovered: list[dict[str, Any]] = []
    for entry in entries:
        if entry["event"] == "pair":
            pairs[entry["key"]] = _strip(entry)
        elif entry["event"] == "account":
            accounts[entry["key"]] = _strip(entry)
        elif entry["event"] == "verification":
            verification = entry["audiences"]
        elif entry["event"] == "unpaired":
            unpaired = entry["flows"]
        elif entry["event"] == "warning":
            warnings.append(entry["message"])
        elif entry["event"] == "discovered":
            discovered = entry["findings"]
    outcomes = Counter([p["outcome"] for p in pairs.values()])
    outcomes.update(a["outcome"] for a in accounts.values())
    outcomes["unpaired"] += len(unpaired)
    needs_a_person = sum(n for o, n in outcomes.items() if Outcome(o) in NEEDS_A_PERSON)
    left = _left(folder, pairs, started.get("only") or []) if started.get("kind") == "apply" else []
    return {
        "run_id": folder.run_id,
        "kind": started.get("kind", ""),
        "plan_id": started.get("plan_id", ""),
        "order": started.get("order", ""),
        # Keep-alive runs (--reauth-only): the threshold in days.
        "within_days": started.get("within_days"),
        # The user is known once the run has opened AEP, after it started.
        "aep_user": next((e["aep_user"] for e in reversed(entries) if e.get("aep_user")), ""),
        "settings": started.get("settings", {}),
        "started": started.get("time", ""),
        "finished": finished["time"] if finished else "",
        "complete": finished is not None,
        "summary": {k: outcomes[k] for k in sorted(outcomes) if outcomes[k]},
        "needs_a_person": needs_a_person,
        "accounts": list(accounts.values()),
        "pairs": list(pairs.values()),
        "unpaired": unpaired,
        # Pairs of the plan this run did not get to (it stopped, or was killed).
        "left": left,
        "warnings": warnings,
        "verification": verification,
        # Guessed labels that did not match, found by role and structure instead.
        "discovered": discovered,
        "plan": PLAN if folder.file(PLAN).exists() else "",
    }


def _left(folder: RunFolder, done: dict[str, dict[str, Any]], only: list[str]) -> list[str]:
    """The plan's pairs (those `--only` named, if it did) this run did not get to."""
    plan_file = folder.file(PLAN)
    if not plan_file.exists():
        return []
    plan = json.loads(plan_file.read_text(encoding="utf-8"))
    return [
        f"{p['sandbox']}/{p['name']}"
        for p in plan.get("pairs", ())
        if f"{p['sandbox']}/{p['name']}" not in done and (not only or p["name"] in only)
    ]


def _strip(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in entry.items() if k not in ("event", "run_id", "plan_id", "aep_user")}


def render_html(report: dict[str, Any]) -> str:
    sandboxes: dict[str, list[dict[str, Any]]] = {}
    for pair in report["pairs"]:
        sandboxes.setdefault(pair["sandbox"], []).append(pair)
    return TEMPLATES.get_template("report.html").render(
        report=report, sandboxes=sandboxes, colours=OUTCOME_COLOURS
    )


def write_reports(folder: RunFolder) -> dict[str, Any]:
    report = build_report(folder)
    folder.write_json(REPORT_JSON, report)
    folder.file(REPORT_HTML).write_text(render_html(report), encoding="utf-8")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m flows.evidence.report",
        description="Rebuild a run's reports from its journal.",
    )
    parser.add_argument("run_dir", type=Path)
    args = parser.parse_args(argv)
    if not (args.run_dir / JOURNAL).is_file():
        print(f"no {JOURNAL} in {args.run_dir}", file=sys.stderr)
        return 2
    report = write_reports(RunFolder(args.run_dir.resolve()))
    print(f"{args.run_dir / REPORT_HTML}: {report['summary']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
