"""The notice's migration end to end across the mock AEP's variants: the all-hard
combination (once every one of its values exists) and the fewest others in which every two
values of two variants meet (pairwise over mocks.options.VARIANTS), each with the
undocumented names and markup of both mocks scrambled by a seed of its own; and once with
every guessed label nonsense."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest

from mocks.client import MockSites
from mocks.options import VARIANTS
from tests.flows.support import THREE_PAIRS, InProcess, nonsense_guesses
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
# Each run of the matrix also scrambles every undocumented name and markup choice of both
# mock sites (mocks/scramble.py) with a seed of its own: the page objects must find by
# role and structure what the guessed labels do not name. 30 seeds run under `slow`.
SEEDS = [str(i + 1) for i in range(len(COMBINATIONS))]


def migrate_notice(in_process: InProcess, mock_sites: MockSites, **reset: Any) -> dict[str, Any]:
    """The notice's migration end to end: the dry run plans (one pair blocked: its old
    flow has an audience its new flow lacks), the apply reconnects the account, adds that
    audience with the activation steps, switches every pair and verifies them in Pinterest.
    The apply's report."""
    mock_sites.reset("notice", **reset)
    first_seen = pairs_in_aep(mock_sites.aep_state())
    dry = in_process.dry_run()
    assert Counter(p["outcome"] for p in dry.report["pairs"]) == {"would_switch": 2, "blocked": 1}
    assert dry.exit_status == 1, "a blocked pair needs a person"
    apply = in_process.apply(activate_missing=True)
    report = apply.report
    assert apply.exit_status == 0, report
    assert {p["outcome"] for p in report["pairs"]} == {"switched"}, report["pairs"]
    assert [len(p["audiences_added"]) for p in report["pairs"]] == [0, 0, 1]
    assert [a["outcome"] for a in report["accounts"]] == ["reconnected"]
    assert {v["status"] for v in report["verification"]} == {"confirmed"}, report["verification"]
    assert report["aep_user"] == mock_sites.aep_state()["user"]["name"]
    check_invariants(mock_sites, report, first_seen)
    return report


@pytest.mark.parametrize(
    ("variants", "seed"),
    list(zip(COMBINATIONS, SEEDS, strict=True)),
    ids=[f"{case_id(c)}-scramble={seed}" for c, seed in zip(COMBINATIONS, SEEDS, strict=True)],
)
def test_the_notice_migration_across_variants(
    in_process: InProcess, mock_sites: MockSites, variants: dict[str, str], seed: str
) -> None:
    migrate_notice(in_process, mock_sites, variants={**variants, "scramble": seed})


def test_every_guess_has_a_fallback(in_process: InProcess, mock_sites: MockSites) -> None:
    """Every guessed label replaced by a text no UI shows: the notice's migration still
    runs end to end, by role and structure alone, and says what it found that way."""
    in_process.labels = nonsense_guesses()

    report = migrate_notice(in_process, mock_sites)

    found = {f["label"] for f in report["discovered"]}
    assert {"app_frame_title", "more_actions", "edit_details_dialog"} <= found, found


@pytest.mark.slow
@pytest.mark.parametrize("seed", [str(i) for i in range(1, 31)])
def test_the_notice_migration_on_every_seed(
    in_process: InProcess, mock_sites: MockSites, seed: str
) -> None:
    migrate_notice(in_process, mock_sites, variants={"scramble": seed})


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
