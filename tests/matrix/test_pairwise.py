"""The pairwise generator the variant matrix uses."""

from __future__ import annotations

from tests.matrix.pairwise import all_pairs, case_id, pairs_of, pairwise

# The variants issue 7 names, as part A may spell them.
ISSUE_7 = {
    "shell": ("iframe", "top"),
    "oauth": ("popup", "redirect"),
    "disable_confirm": ("dialog", "none"),
    "layout": ("current", "classic"),
    "rows": ("virtual", "pages", "lazy"),
    "nav": ("left", "connections"),
}


def test_every_two_values_of_two_variants_meet() -> None:
    rows = pairwise(ISSUE_7)

    covered = set().union(*(pairs_of(list(ISSUE_7), row) for row in rows))
    assert all_pairs(ISSUE_7) <= covered
    assert len(rows) < 3 * 2 * 2 * 2 * 2 * 2, "far fewer runs than every combination"
    assert all(set(row) == set(ISSUE_7) for row in rows)


def test_the_same_variants_give_the_same_runs() -> None:
    assert pairwise(ISSUE_7) == pairwise(dict(ISSUE_7))


def test_one_variant_gives_each_value_once() -> None:
    assert pairwise({"shell": ("iframe", "top")}) == [{"shell": "iframe"}, {"shell": "top"}]


def test_ids_are_readable() -> None:
    assert case_id({"layout": "classic", "oauth": "redirect"}) == "layout=classic-oauth=redirect"
