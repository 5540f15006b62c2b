"""The mock clock: scenarios pin "now" so dates are the same in every process."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

# Between the (New) Pinterest card's release (2023-11-16) and the notice's deadline.
SCENARIO_EPOCH = datetime(2023, 12, 1, 12, 0, tzinfo=UTC)
# Pinterest turned the v4 advertiser API off after this instant (Adobe's ko-KR notice).
V4_SHUTDOWN = datetime(2024, 1, 18, 0, 0, tzinfo=UTC)


class MockClock:
    """A settable clock shared by both mock sites of one process."""

    def __init__(self, now: datetime = SCENARIO_EPOCH) -> None:
        self._lock = threading.Lock()
        self._now = now

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def timestamp(self) -> int:
        return int(self.now().timestamp())

    def set(self, now: datetime) -> None:
        with self._lock:
            self._now = now

    def advance(self, delta: timedelta) -> datetime:
        with self._lock:
            self._now += delta
            return self._now
