"""A run's evidence folder, and the lock against concurrent runs.

Everything is written as the run goes, straight into `EVIDENCE_DIR/<run id>/`, so a run
that is killed keeps what it wrote; `EVIDENCE_DIR/latest` points at the newest run.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
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


# Live mode: evidence is readable by this user only (it shows the org's dataflows,
# audiences and users): created under this umask, and locked down again at the end.
PRIVATE_UMASK = 0o077


def lock_down(folder: Path) -> None:
    """Mode 700 for `folder` and the folders in it, 600 for its files (some are written by
    Playwright's driver, whose umask is its own)."""
    for path in [folder, *folder.rglob("*")]:
        if path.is_symlink():
            continue
        path.chmod(0o700 if path.is_dir() else 0o600)


class RunLocked(RuntimeError):
    """Another run holds the evidence folder's lock."""


@dataclass
class RunLock:
    """`EVIDENCE_DIR/.lock`, held with flock(2) for the run's life: the OS lets go of it
    when the process ends, however it ends (SIGKILL included), so there is no stale lock to
    judge and no PID to trust. Its text names the holder, for the refused run's message."""

    path: Path
    fd: int

    def record(self, run_id: str) -> None:
        holder = {"pid": os.getpid(), "run_id": run_id, "since": utc_now()}
        data = json.dumps(holder).encode("utf-8")
        os.ftruncate(self.fd, 0)
        os.pwrite(self.fd, data, 0)


@contextlib.contextmanager
def run_lock(evidence_dir: Path) -> Iterator[RunLock]:
    """Hold `EVIDENCE_DIR/.lock` for the run, or raise RunLocked naming who holds it.

    Take it before creating the run's folder or moving `latest`: a refused run leaves
    both as they were. The file is never removed (another run may hold it by then).
    """
    evidence_dir.mkdir(parents=True, exist_ok=True)
    path = evidence_dir / LOCK
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _lock_holder(path)
            who = f"({holder['run_id'] or 'starting'}, pid {holder['pid']}) " if holder else ""
            raise RunLocked(f"another run {who}holds {path}; wait for it to finish") from None
        lock = RunLock(path, fd)
        lock.record("")
        yield lock
    finally:
        os.close(fd)  # lets go of the lock


@contextlib.contextmanager
def locked_run_folder(evidence_dir: Path, kind: str) -> Iterator[RunFolder]:
    """The run's lock, then its folder (which `latest` then points at), for the run's life."""
    with run_lock(evidence_dir) as lock:
        folder = RunFolder.create(evidence_dir, kind)
        lock.record(folder.run_id)
        yield folder


def _lock_holder(lock: Path) -> dict[str, Any] | None:
    try:
        holder = json.loads(lock.read_text())
    except (OSError, ValueError):
        return None  # being written: the refusal names no one
    if not isinstance(holder, dict) or not isinstance(holder.get("pid"), int):
        return None
    return {"pid": holder["pid"], "run_id": str(holder.get("run_id") or "")}
