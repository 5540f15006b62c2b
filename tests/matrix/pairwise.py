"""A small deterministic pairwise (all-pairs) generator over variant values.

Every two values of two different variants meet in at least one combination. Greedy:
each new combination starts from the first pair not yet covered and fills the other
variants with the value that covers most uncovered pairs (ties: the earlier value).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import combinations

Combination = dict[str, str]
Pair = tuple[tuple[str, str], tuple[str, str]]


def all_pairs(variants: Mapping[str, Sequence[str]]) -> set[Pair]:
    return {
        ((a, va), (b, vb))
        for a, b in combinations(list(variants), 2)
        for va in variants[a]
        for vb in variants[b]
    }


def pairs_of(names: Sequence[str], row: Mapping[str, str]) -> set[Pair]:
    present = [name for name in names if name in row]
    return {((a, row[a]), (b, row[b])) for a, b in combinations(present, 2)}


def pairwise(variants: Mapping[str, Sequence[str]]) -> list[Combination]:
    names = list(variants)
    if len(names) < 2:
        return [{name: value} for name in names for value in variants[name]]
    uncovered = all_pairs(variants)

    def rank(pair: Pair) -> tuple[int, ...]:
        return tuple(i for n, v in pair for i in (names.index(n), variants[n].index(v)))

    rows: list[Combination] = []
    while uncovered:
        (a, va), (b, vb) = min(uncovered, key=rank)
        row = {a: va, b: vb}
        for name in names:
            if name in row:
                continue
            gains = [len(pairs_of(names, {**row, name: v}) & uncovered) for v in variants[name]]
            row[name] = variants[name][gains.index(max(gains))]
        rows.append({name: row[name] for name in names})
        uncovered -= pairs_of(names, row)
    return rows


def case_id(combination: Mapping[str, str]) -> str:
    """`layout=classic-oauth=redirect-...`: readable parametrize ids."""
    return "-".join(f"{name}={value}" for name, value in combination.items())
