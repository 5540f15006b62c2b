"""A pytest plugin for the benchmark (`-p bench.timing`): when each item ran.

Writes `[[item name, start, end], ...]` (Unix times, setup to teardown) to the file named
by BENCH_TIMING at the session's end, so the benchmark can put the mock sites' requests
into the phase that made them.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

_ran: list[tuple[str, float, float]] = []


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item) -> Iterator[None]:
    started = time.time()
    yield
    _ran.append((item.name, started, time.time()))


def pytest_sessionfinish() -> None:
    target = os.environ.get("BENCH_TIMING")
    if target:
        Path(target).write_text(json.dumps(_ran), encoding="utf-8")
