"""A small deterministic pairwise (all-pairs) generator over variant values.

Every two values of two different variants meet in at least one combination. First a
greedy cover after the combinations given as `start`: each new combination starts from the
first pair not yet covered and fills the other variants with the value that covers most
uncovered pairs (ties: the earlier value). Then it is shrunk, since every combination is a
migration of its own: one is dropped and the others (not those of `start`) change one value
at a time, by a local search with a fixed seed, until every pair is covered again; this
repeats while it succeeds within its budget. The same variants always give the same runs.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Mapping, Sequence
from itertools import combinations

Combination = dict[str, str]
Pair = tuple[tuple[str, str], tuple[str, str]]

# Steps of the local search per attempt to cover every pair with one combination fewer.
EFFORT = 20_000


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


def pairwise(
    variants: Mapping[str, Sequence[str]], start: Sequence[Mapping[str, str]] = ()
) -> list[Combination]:
    """Combinations covering every pair of values; `start`'s come first, unchanged."""
    names = list(variants)
    rows = [{name: row[name] for name in names} for row in start]
    if len(names) < 2:
        seen = {row[name] for row in rows for name in names}
        return rows + [{n: v} for n in names for v in variants[n] if v not in seen]
    rows += _greedy(variants, rows)
    while len(rows) > len(start) and (fewer := _shrunk(variants, rows, len(start))):
        rows = fewer
    return rows


def _greedy(variants: Mapping[str, Sequence[str]], rows: list[Combination]) -> list[Combination]:
    names = list(variants)
    uncovered = all_pairs(variants).difference(*(pairs_of(names, row) for row in rows))

    def rank(pair: Pair) -> tuple[int, ...]:
        return tuple(i for n, v in pair for i in (names.index(n), variants[n].index(v)))

    added: list[Combination] = []
    while uncovered:
        (a, va), (b, vb) = min(uncovered, key=rank)
        row = {a: va, b: vb}
        for name in names:
            if name in row:
                continue
            gains = [len(pairs_of(names, {**row, name: v}) & uncovered) for v in variants[name]]
            row[name] = variants[name][gains.index(max(gains))]
        added.append({name: row[name] for name in names})
        uncovered -= pairs_of(names, row)
    return added


def _shrunk(
    variants: Mapping[str, Sequence[str]], rows: list[Combination], fixed: int
) -> list[Combination] | None:
    """A cover with one combination fewer than `rows` (the first `fixed` kept), or None."""
    names = list(variants)
    rng = random.Random(len(rows))  # noqa: S311 (a search, not a secret: seeded on purpose)
    rows = [dict(row) for row in rows[:-1]]
    counts = Counter(pair for row in rows for pair in pairs_of(names, row))
    missing = sum(1 for pair in all_pairs(variants) if not counts[pair])
    changeable = [
        (i, name) for i in range(fixed, len(rows)) for name in names if len(variants[name]) > 1
    ]
    if not changeable:
        return None
    heat = 2.0
    for _ in range(EFFORT):
        if not missing:
            return rows
        i, name = rng.choice(changeable)
        old = rows[i][name]
        new = rng.choice([v for v in variants[name] if v != old])
        lost = _pairs_with(names, rows[i], name)
        rows[i][name] = new
        gained = _pairs_with(names, rows[i], name)
        delta = sum(counts[p] == 1 for p in lost) - sum(counts[p] == 0 for p in gained)
        if delta <= 0 or rng.random() < math.exp(-delta / heat):
            counts.subtract(lost)
            counts.update(gained)
            missing += delta
        else:
            rows[i][name] = old
        heat = max(0.05, heat * 0.9995)
    return rows if not missing else None


def _pairs_with(names: Sequence[str], row: Mapping[str, str], name: str) -> list[Pair]:
    """The pairs `row` covers that involve `name`, ordered as `pairs_of` orders them."""
    at = names.index(name)
    return [
        ((name, row[name]), (other, row[other]))
        if at < j
        else ((other, row[other]), (name, row[name]))
        for j, other in enumerate(names)
        if other != name
    ]


def case_id(combination: Mapping[str, str]) -> str:
    """`layout=classic-oauth=redirect-...`: readable parametrize ids."""
    return "-".join(f"{name}={value}" for name, value in combination.items())
