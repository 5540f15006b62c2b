"""The 3-pair migration end to end across the mock AEP's variants: the all-hard combination
(once every one of its values exists) and the fewest others in which every two values of
two variants meet (pairwise over mocks.options.VARIANTS)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from mocks.client import MockSites
from mocks.options import VARIANTS
from tests.flows.support import THREE_PAIRS, InProcess
from tests.matrix.invariants import check_invariants, pairs_in_aep
from tests.matrix.pairwise import case_id, pairwise

# iframe + redirect + confirm + classic + lazy, by name: the first spelling a variant has.
HARD = {
    "shell": ("iframe",),
    "oauth": ("redirect",),
    "disable_confirm": ("dialog", "confirm", "on"),
    "layout": ("classic",),
    "rows": ("lazy",),
}


def all_hard() -> list[dict[str, str]]:
    """The all-hard combination (other variants at their default), when it exists."""
    chosen: dict[str, str] = {}
    for name, spellings in HARD.items():
        value = next((v for v in spellings if v in VARIANTS.get(name, ())), None)
        if value is None:
            return []
        chosen[name] = value
    return [{name: chosen.get(name, values[0]) for name, values in VARIANTS.items()}]


COMBINATIONS = pairwise(VARIANTS, start=all_hard())


def migrate_three_pairs(
    in_process: InProcess, mock_sites: MockSites, **reset: Any
) -> dict[str, Any]:
    """Reset, dry run, apply; both runs pass. The apply's report."""
    mock_sites.reset(**THREE_PAIRS, **reset)
    first_seen = pairs_in_aep(mock_sites.aep_state())
    dry = in_process.dry_run()
    assert dry.exit_status == 0, dry.report
    assert {p["outcome"] for p in dry.report["pairs"]} == {"would_switch"}
    apply = in_process.apply()
    assert apply.exit_status == 0, apply.report
    report = apply.report
    assert {p["outcome"] for p in report["pairs"]} == {"switched"}, report["pairs"]
    assert [a["outcome"] for a in report["accounts"]] == ["reconnected"]
    assert len(report["verification"]) == 6
    check_invariants(mock_sites, report, first_seen)
    return report


@pytest.mark.parametrize("variants", COMBINATIONS, ids=case_id)
def test_three_pairs_across_variants(
    in_process: InProcess, mock_sites: MockSites, variants: dict[str, str]
) -> None:
    report = migrate_three_pairs(in_process, mock_sites, variants=variants)
    assert {v["status"] for v in report["verification"]} == {"confirmed"}


def test_a_plan_in_a_window_wide_enough_for_every_activation_column(
    in_process: InProcess, mock_sites: MockSites
) -> None:
    """Nothing to scroll sideways in Activation data: its read must still wait for the
    columns of a grid that has just appeared (rendered once its width is measured)."""
    mock_sites.reset(**THREE_PAIRS)
    wide = {"viewport": {"width": 1920, "height": 1080}}

    dry = in_process.dry_run(context_args=wide)

    assert dry.exit_status == 0, dry.report
    assert {p["outcome"] for p in dry.report["pairs"]} == {"would_switch"}
    state = mock_sites.aep_state()
    planned = json.loads(dry.plan_file.read_text())
    for pair in planned["pairs"]:
        for flow in (pair["old"], pair["new"]):
            [activations] = [
                f["activations"] for f in state["flows"].values() if f"/{f['id']}" in flow["url"]
            ]
            assert [a["id"] for a in flow["audiences"]] == [a["audience_id"] for a in activations]
