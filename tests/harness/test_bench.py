"""The benchmark's own arithmetic (bench/__main__.py): which item's time a request falls
in, what it counts per pair, and which runs `make bench` makes."""

from __future__ import annotations

import json
from pathlib import Path

from bench.__main__ import contexts_at, count_traffic, phase_windows


def test_requests_are_counted_per_pair_in_the_phase_whose_item_ran(tmp_path: Path) -> None:
    timing = tmp_path / "timing.json"
    timing.write_text(json.dumps([["test_plan[chromium]", 10, 20], ["test_verify", 30, 40]]))
    windows = phase_windows(timing)
    traffic = [
        (11.0, "aep", "page", "/"),
        (12.0, "aep", "request", "/api/flows/a"),
        (13.0, "aep", "request", "/api/flows/b"),
        (14.0, "pinterest", "server", "/v5/ad_accounts"),  # the mock AEP's call: not counted
        (25.0, "aep", "page", "/"),  # between items: start-up
        (35.0, "pinterest", "request", "/advertiser/1/audiences/"),
    ]

    counted = count_traffic(traffic, windows, pairs=2)

    assert counted == {
        "plan": {"pages": 0.5, "requests": 1.0},
        "startup": {"pages": 0.5, "requests": 0},
        "verify": {"pages": 0, "requests": 0.5},
    }


def test_make_bench_runs_every_k_at_the_smallest_n_and_the_default_at_the_others() -> None:
    assert contexts_at(10, [10, 50], None) == [1, 2, 4]
    assert contexts_at(50, [10, 50], None) == [4]
    assert contexts_at(50, [10, 50], [1, 2]) == [1, 2]
