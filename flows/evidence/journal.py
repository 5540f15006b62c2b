"""`journal.jsonl`: every action of a run, appended and fsynced before and after it happens.

A run's reports are built from its journal (flows/evidence/report.py), so a run that was
killed can still be reported; a later `--apply` of the same plan reads the journals of
every run of it to know what this harness already did.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from pathlib import Path
from typing import Any

from flows.evidence.folder import JOURNAL, utc_now


class Journal:
    """`journal.jsonl`: every action, appended and fsynced before and after it happens."""

    def __init__(self, path: Path, *, run_id: str, plan_id: str, aep_user: str = "") -> None:
        self.path = path
        self.run_id = run_id
        self.plan_id = plan_id
        self.aep_user = aep_user
        # Parallel contexts (flows/parallel.py) share one journal: one whole line at a time.
        self._lock = threading.Lock()

    def write(self, event: str, **fields: Any) -> dict[str, Any]:
        entry = {
            "time": utc_now(),
            "run_id": self.run_id,
            "plan_id": self.plan_id,
            "aep_user": self.aep_user,
            "event": event,
            **fields,
        }
        line = json.dumps(entry, ensure_ascii=False) + "\n"
        with self._lock, self.path.open("a", encoding="utf-8") as out:
            out.write(line)
            out.flush()
            os.fsync(out.fileno())
        return entry


def read_journal(path: Path) -> list[dict[str, Any]]:
    """A journal's entries; a last line cut short by a kill is ignored."""
    entries: list[dict[str, Any]] = []
    if not path.exists():
        return entries
    for line in path.read_text(encoding="utf-8").splitlines():
        with contextlib.suppress(ValueError):
            entries.append(json.loads(line))
    return entries


def journals_of_plan(evidence_dir: Path, plan_id: str) -> list[dict[str, Any]]:
    """Every journal entry, across runs, that carried out the plan `plan_id`, oldest first."""
    entries: list[dict[str, Any]] = []
    for folder in sorted(p for p in evidence_dir.iterdir() if p.is_dir() and not p.is_symlink()):
        entries += [e for e in read_journal(folder / JOURNAL) if e.get("plan_id") == plan_id]
    return entries
