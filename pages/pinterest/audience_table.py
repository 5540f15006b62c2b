"""Which column of Ads Manager's audience table holds what: by header, else by content.

Pinterest documents neither the table's columns nor its status words, only that a usable
list's "status will turn green". The headers' names are guesses (pages/pinterest/labels.py);
a column whose header does not match is told by what it holds: the ID (all digits), the
last update (date-times), the status (the documented green), the size (numbers), the name
(the row header, else the text column whose values differ most), the type (what is left).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from pages.dates import is_datetime
from pages.labels import pattern
from pages.pinterest.labels import PinterestLabels

# A cell's tone, as the page computes it from the colours it draws (ads_manager.py).
GREEN, COLOURED = 2, 1
FIELDS = ("name", "id", "type", "size", "status", "last_updated")
LABEL_OF = {
    "name": "col_name", "id": "col_id", "type": "col_type", "size": "col_size",
    "status": "col_status", "last_updated": "col_updated",
}  # fmt: skip
_DIGITS = re.compile(r"^\d+$")
_NUMBER = re.compile(r"^[\d.,\s\u202f\u00a0]*\d[\d.,\s\u202f\u00a0]*[KMBkmb]?\+?$")
_NOTHING = ("", "—", "–", "-")


@dataclass(frozen=True)
class RawRow:
    """One table row as the page reads it in one round trip."""

    cells: list[str]
    tones: list[int]  # per cell: GREEN, COLOURED (a coloured dot or badge), or 0
    head: int  # the index of the row's header cell, -1 when it has none
    times: list[str]  # per cell: its <time>'s machine-readable datetime, "" when none

    @classmethod
    def from_json(cls, data: Sequence[Any]) -> RawRow:
        cells, tones, head, times = data
        return cls([str(c) for c in cells], [int(t) for t in tones], int(head), list(times))


Columns = dict[str, int | None]


def resolve(headers: list[str], rows: list[RawRow], labels: PinterestLabels) -> Columns:
    """Each field's column index (None: the table has no such column), noting on `labels`
    each column found by its content rather than its guessed header."""
    width = max([len(headers), *(len(r.cells) for r in rows)])
    columns: Columns = dict.fromkeys(FIELDS)
    for field in FIELDS:
        wanted = pattern(*getattr(labels, LABEL_OF[field]))
        columns[field] = next(
            (i for i, h in enumerate(headers) if wanted.search(h) and i not in columns.values()),
            None,
        )
    finders: list[tuple[str, Callable[[list[int]], int | None], str]] = [
        ("id", lambda free: _id_column(rows, free), "the column whose values are all digits"),
        ("last_updated", lambda free: _time_column(rows, free), "the column of date-times"),
        ("status", lambda free: _toned_column(rows, free), "the column of coloured statuses"),
        ("size", lambda free: _number_column(rows, free), "the column of numbers"),
        ("name", lambda free: _name_column(rows, free), "the row header or the distinct texts"),
        ("type", lambda free: _last_column(rows, free), "the one text column left"),
    ]
    for field, find, how in finders:
        if columns[field] is not None:
            continue
        free = [i for i in range(width) if i not in columns.values()]
        found = find(free)
        if found is not None:
            columns[field] = found
            labels.note(LABEL_OF[field], headers[found] if found < len(headers) else "", how)
    return columns


def _values(rows: list[RawRow], i: int) -> list[str]:
    """Column `i`'s shown values, empty cells and dashes left out."""
    return [r.cells[i] for r in rows if i < len(r.cells) and r.cells[i].strip() not in _NOTHING]


def _all(rows: list[RawRow], free: list[int], test: Callable[[str], bool]) -> list[int]:
    return [i for i in free if (vs := _values(rows, i)) and all(test(v.strip()) for v in vs)]


def _id_column(rows: list[RawRow], free: list[int]) -> int | None:
    # Several all-digit columns (a small size without separators): IDs are the longest.
    candidates = _all(rows, free, lambda v: bool(_DIGITS.match(v)))
    lengths = {i: sum(map(len, _values(rows, i))) / len(_values(rows, i)) for i in candidates}
    return max(candidates, key=lambda i: lengths[i], default=None)


def _time_column(rows: list[RawRow], free: list[int]) -> int | None:
    timed = [i for i in free if rows and all(i < len(r.times) and r.times[i] for r in rows)]
    return next(iter(timed or _all(rows, free, is_datetime)), None)


def _toned_column(rows: list[RawRow], free: list[int]) -> int | None:
    """The column with the most green cells; with none green (nothing ready yet), the one
    with the most coloured dots or badges."""
    for tone in (GREEN, COLOURED):
        counts = {i: sum(1 for r in rows if i < len(r.tones) and r.tones[i] >= tone) for i in free}
        best = max(free, key=lambda i: counts[i], default=None)
        if best is not None and counts[best]:
            return best
    return None


def _number_column(rows: list[RawRow], free: list[int]) -> int | None:
    return next(iter(_all(rows, free, lambda v: bool(_NUMBER.match(v)))), None)


def _name_column(rows: list[RawRow], free: list[int]) -> int | None:
    heads = {r.head for r in rows}
    if len(heads) == 1 and (head := heads.pop()) in free:
        return head
    texts = [i for i in free if _values(rows, i)]
    return max(texts, key=lambda i: (len(set(_values(rows, i))), -i), default=None)


def _last_column(rows: list[RawRow], free: list[int]) -> int | None:
    texts = [i for i in free if _values(rows, i)]
    return texts[0] if len(texts) == 1 else None
