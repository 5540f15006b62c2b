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


def covers_every_pair(variants: dict[str, tuple[str, ...]], rows: list[dict[str, str]]) -> bool:
    return all_pairs(variants) <= set().union(*(pairs_of(list(variants), row) for row in rows))


def test_given_combinations_come_first_and_count() -> None:
    hard = {"shell": "iframe", "oauth": "redirect", "disable_confirm": "dialog",
            "layout": "classic", "rows": "lazy", "nav": "connections"}  # fmt: skip

    rows = pairwise(VARIANTS, start=[hard])

    assert rows[0] == hard
    assert hard not in rows[1:]
    assert covers_every_pair(dict(VARIANTS), rows)


def test_as_few_runs_as_pairs_allow() -> None:
    """Three two-valued variants need 4 runs. One three-valued and five two-valued need 7:
    in 6, each value of the first is in exactly two runs, which differ in every other
    variant; as those three couples go, two of the five variants then always read alike,
    or always opposite (there are only four ways, up to swapping values), and miss a pair."""
    binary = {name: ("x", "y") for name in "bcdef"}
    three = {"a": ("1", "2", "3"), **binary}

    assert len(pairwise({n: binary[n] for n in "bcd"})) == 4
    assert len(pairwise(three)) == 7
    assert covers_every_pair(three, pairwise(three))


def test_the_same_variants_give_the_same_runs() -> None:
    assert pairwise(VARIANTS) == pairwise(dict(VARIANTS))


def test_one_variant_gives_each_value_once() -> None:
    assert pairwise({"shell": ("iframe", "top")}) == [{"shell": "iframe"}, {"shell": "top"}]


def test_ids_are_readable() -> None:
    assert case_id({"layout": "classic", "oauth": "redirect"}) == "layout=classic-oauth=redirect"
