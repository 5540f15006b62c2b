"""What every kind of run is: a request, its items, what each item says, and the session
that carries them out in one browser session.

A run of the main job is asked for on the command line (`Request`), knows its items before
any browser opens (`Item`: which test runs it, and its key: a pair, an account), and says
per item whether it passed and why not (`Said`). The pytest plugin (flows/conftest.py)
and the in-process driver (flows/runs/lifecycle.py `drive`) loop over the same items; the
lifecycle around them (lock, folder, journal, reports, scrubbing, exit status) is written
once, in flows/runs/lifecycle.py.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from playwright.sync_api import Error as PlaywrightError

from flows.decide import RECONNECT_WITHIN_DAYS, Order
from flows.evidence.folder import RunFolder
from flows.evidence.journal import Journal
from flows.harness import Harness, OnHarness
from flows.model import Outcome
from flows.progress import Say, quiet
from flows.settings import Settings

Kind = Literal["dry_run", "apply", "reauth", "verify", "rollback", "probe"]

# What a step of a run may fail with and the run survives (its item reported `failed`):
# the page did not show what was expected, a switch did not save, a window went away.
STEP_ERRORS = (PlaywrightError, AssertionError, LookupError, RuntimeError, TimeoutError)

# Exit statuses: pytest's own for the first two; a usage error; an expired AEP sign-in.
EXIT_OK, EXIT_NEEDS_A_PERSON, EXIT_USAGE, EXIT_SIGNED_OUT = 0, 1, 4, 6


@dataclass(frozen=True)
class Request:
    """What a person asked for: `pytest flows [--apply] [--reauth-only] [--verify RUN_ID]
    [--rollback RUN_ID] [--probe] ...`, as typed data."""

    kind: Kind = "dry_run"
    apply: bool = False
    plan_file: Path | None = None
    order: Order = "safe"
    only: tuple[str, ...] = ()
    activate_missing: bool = False
    within_days: int = RECONNECT_WITHIN_DAYS
    # --verify / --rollback: the apply run's folder name in EVIDENCE_DIR.
    run_id: str = ""
    # --probe --write-labels FILE
    write_labels: Path | None = None


@dataclass(frozen=True)
class Item:
    """One pytest item of a run: the test function that runs it (`test_<test>`), and its
    key (a pair's `sandbox/name`, an account's; "" for an item of the whole run)."""

    test: str
    key: str = ""


@dataclass(frozen=True)
class Said:
    """What an item says: its outcome, why (when it needs a person), and, for an item of
    the whole run (the plan, the keep-alive), what each of its parts says."""

    key: str
    outcome: str
    reason: str = ""
    passed: bool = True
    parts: tuple[Said, ...] = ()

    @classmethod
    def of(cls, key: str, outcome: Outcome, reason: str = "") -> Said:
        return cls(key, outcome.value, reason, not outcome.needs_a_person)


class Usage(ValueError):
    """The request cannot be carried out as asked (exit status 4): one line."""


class Stop(Exception):
    """The run cannot go on (an expired sign-in, an untrusted login page): its exit
    status and one line for the person."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class RunSession(OnHarness, ABC):
    """A run's work in its browser session: its items, what each says, its reports. Its
    journal is made by each kind (`__post_init__`), its browser session handed over by the
    lifecycle (`attach`)."""

    settings: Settings
    folder: RunFolder
    request: Request = field(default_factory=Request)
    journal: Journal = field(init=False)
    harness: Harness | None = field(default=None, init=False)
    # Where a long run's progress lines go (flows/progress.py): the lifecycle sets it.
    say: Say = field(default=quiet, init=False, repr=False)

    @abstractmethod
    def item(self, item: Item) -> Said:
        """Carry out one item (raises SignedOut, UntrustedLoginOrigin: the run stops)."""

    @abstractmethod
    def finish(self, exit_status: int) -> None:
        """The run is over: journal it, write its reports."""

    @abstractmethod
    def summary_lines(self) -> list[str]:
        """What the person reads at the end of the run's output."""

    def evidence_folders(self) -> list[Path]:
        """The folders this run wrote evidence into (to scrub, and lock down when live)."""
        return [self.folder.path]

    def journal_findings(self) -> None:
        """Guesses the page objects did not find as labelled: worth a labels-file entry."""
        if self.harness is not None:
            found = self.harness.aep_labels.findings.all()
            self.journal.write("discovered", findings=[f.to_json() for f in found])
