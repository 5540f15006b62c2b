"""The pairwise generator the variant matrix uses."""

from __future__ import annotations

from mocks.options import VARIANTS
from tests.matrix.pairwise import all_pairs, case_id, pairs_of, pairwise


def test_every_two_values_of_two_variants_meet() -> None:
    rows = pairwise(VARIANTS)

    covered = set().union(*(pairs_of(list(VARIANTS), row) for row in rows))
    assert all_pairs(VARIANTS) <= covered
    every = 1
    for values in VARIANTS.values():
        every *= len(values)
    assert len(rows) < every / 4, "far fewer runs than every combination"
    assert all(set(row) == set(VARIANTS) for row in rows)


def test_the_same_variants_give_the_same_runs() -> None:
    assert pairwise(VARIANTS) == pairwise(dict(VARIANTS))


def test_one_variant_gives_each_value_once() -> None:
    assert pairwise({"shell": ("iframe", "top")}) == [{"shell": "iframe"}, {"shell": "top"}]


def test_ids_are_readable() -> None:
    assert case_id({"layout": "classic", "oauth": "redirect"}) == "layout=classic-oauth=redirect"
