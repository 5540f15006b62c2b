"""The progress line of a long plan or apply: done of total, about how long is left."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

import pytest

from flows import progress
from flows.conftest import terminal_say
from flows.progress import Progress, duration, quiet
from mocks.client import MockSites
from tests.flows.support import InProcess


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_says_done_of_total_and_the_time_left_at_most_every_so_often() -> None:
    clock, lines = Clock(), []
    counted = Progress("apply", 5, "pairs switched", lines.append, every_s=10, clock=clock)

    clock.now += 6
    counted.one_done()  # 6 s since the start: too soon
    clock.now += 6
    counted.one_done()  # 12 s: 6 s a pair, 3 left
    clock.now += 4
    counted.one_done()  # 4 s since the last line
    clock.now += 20
    counted.one_done()
    clock.now += 20
    counted.one_done()  # the last: the run's summary says the rest

    assert lines == [
        "apply: 2 of 5 pairs switched, about 18 s left",
        "apply: 4 of 5 pairs switched, about 9 s left",
    ]


@pytest.mark.parametrize(
    ("seconds", "said"),
    [(0.4, "0 s"), (59, "59 s"), (190, "3 min 10 s"), (180, "3 min"), (1490, "25 min"),
     (3900, "1 h 5 min")],
)  # fmt: skip
def test_durations_read_as_a_person_says_them(seconds: float, said: str) -> None:
    assert duration(seconds) == said


def test_nothing_is_said_under_q() -> None:
    plugins = {"terminalreporter": object(), "capturemanager": object()}

    def config(verbosity: int) -> SimpleNamespace:
        return SimpleNamespace(
            pluginmanager=SimpleNamespace(get_plugin=plugins.get),
            get_verbosity=lambda: verbosity,
        )

    assert terminal_say(config(-1)) is quiet  # type: ignore[arg-type]
    assert terminal_say(config(0)) is not quiet  # type: ignore[arg-type]


def test_the_plan_and_the_apply_say_how_far_they_are(
    in_process: InProcess, mock_sites: MockSites, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With two contexts, whose units finish in either thread."""
    monkeypatch.setattr(progress, "EVERY_S", 0.0)  # a line for every unit but the last
    lines: list[str] = []
    mock_sites.reset("large", options={"pairs": 3})
    run = replace(
        in_process, say=lines.append, settings=replace(in_process.settings, parallel_contexts=2)
    )

    assert run.dry_run().exit_status == 0
    assert run.apply().exit_status == 0

    said = [line.split(", about")[0] for line in lines]
    assert said == [
        *(f"plan, prod: {i} of 6 flows read" for i in range(1, 6)),
        *(f"apply: {i} of 3 pairs switched" for i in (1, 2)),
    ]
    assert all(line.endswith(" left") for line in lines)
