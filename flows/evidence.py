"""A run's evidence folder, the journal of its actions, and the lock against concurrent runs.

Everything is written as the run goes, straight into `EVIDENCE_DIR/<run id>/`, so a run
that is killed keeps what it wrote; `EVIDENCE_DIR/latest` points at the newest run.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

PLAN = "plan.json"
JOURNAL = "journal.jsonl"
REPORT_JSON = "report.json"
REPORT_HTML = "report.html"
JUNIT = "junit.xml"
TRACES = "traces"
SCREENSHOTS = "screenshots"
LOCK = ".lock"


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def new_run_id(kind: str) -> str:
    """Sortable by time: `20261128-190455-123456-apply`."""
    return f"{datetime.now(UTC):%Y%m%d-%H%M%S-%f}-{kind}"


@dataclass(frozen=True)
class RunFolder:
    path: Path

    @property
    def run_id(self) -> str:
        return self.path.name

    @classmethod
    def create(cls, evidence_dir: Path, kind: str) -> RunFolder:
        evidence_dir.mkdir(parents=True, exist_ok=True)
        while True:
            path = evidence_dir / new_run_id(kind)
            with contextlib.suppress(FileExistsError):
                path.mkdir()
                break
        (path / TRACES).mkdir()
        (path / SCREENSHOTS).mkdir()
        folder = cls(path)
        folder.link_latest()
        return folder

    def link_latest(self) -> None:
        latest = self.path.parent / "latest"
        tmp = self.path.parent / f".latest-{os.getpid()}"
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        tmp.symlink_to(self.path.name)
        tmp.replace(latest)

    def file(self, name: str) -> Path:
        return self.path / name

    def write_json(self, name: str, data: Any) -> Path:
        path = self.file(name)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        tmp.replace(path)
        return path


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


class RunLocked(RuntimeError):
    """Another run holds the evidence folder's lock."""


@contextlib.contextmanager
def run_lock(evidence_dir: Path, run_id: str) -> Iterator[None]:
    """Hold `EVIDENCE_DIR/.lock` for the run; a lock left by a dead process is taken over."""
    evidence_dir.mkdir(parents=True, exist_ok=True)
    lock = evidence_dir / LOCK
    for _ in range(2):
        try:
            fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        except FileExistsError:
            holder = _lock_holder(lock)
            if holder is not None and _alive(holder["pid"]):
                raise RunLocked(
                    f"another run ({holder['run_id']}, pid {holder['pid']}) holds {lock}; "
                    "wait for it to finish"
                ) from None
            lock.unlink(missing_ok=True)
            continue
        with os.fdopen(fd, "w") as out:
            json.dump({"pid": os.getpid(), "run_id": run_id, "since": utc_now()}, out)
        try:
            yield
        finally:
            lock.unlink(missing_ok=True)
        return
    raise RunLocked(f"could not take {lock}")


def _lock_holder(lock: Path) -> dict[str, Any] | None:
    try:
        holder = json.loads(lock.read_text())
    except (OSError, ValueError):
        return None
    return holder if isinstance(holder, dict) and isinstance(holder.get("pid"), int) else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
