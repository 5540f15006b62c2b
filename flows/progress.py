"""A long run's progress line: how much is done of how much, and about how long is left.

The plan says it for the flows it reads, the apply for the pairs it switches, every
`every_s` seconds at most (never for the last one: the run's own summary follows). The
lines go where the run is told to say things (`Say`): the terminal, between pytest's own
lines, or nowhere (under `-q`, and in this process's runs). Units may finish in any
thread (PARALLEL_CONTEXTS), so counting and saying hold a lock.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

Say = Callable[[str], None]
# At most one line this often (seconds).
EVERY_S = 10.0


def quiet(line: str) -> None:
    """Says nothing."""


def duration(seconds: float) -> str:
    """`45 s`, `3 min 10 s`, `1 h 5 min`: as a person reads a time left."""
    s = max(0, round(seconds))
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min {s % 60} s" if s % 60 and s < 600 else f"{round(s / 60)} min"
    return f"{s // 3600} h {round(s % 3600 / 60)} min"


class Progress:
    """`what: done of total unit, about T left`, for `total` units started now."""

    def __init__(
        self,
        what: str,
        total: int,
        unit: str,
        say: Say,
        *,
        every_s: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.what = what
        self.total = total
        self.unit = unit
        self.say = say
        self.every_s = EVERY_S if every_s is None else every_s
        self.clock = clock
        self.started = clock()
        self.done = 0
        self._said_at = self.started
        self._lock = threading.Lock()

    def one_done(self) -> None:
        with self._lock:
            self.done += 1
            now = self.clock()
            if self.done >= self.total or now - self._said_at < self.every_s:
                return
            self._said_at = now
            left = (now - self.started) / self.done * (self.total - self.done)
            self.say(
                f"{self.what}: {self.done} of {self.total} {self.unit}, about {duration(left)} left"
            )
