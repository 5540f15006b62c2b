"""Where a guess did not match: what the page objects found by role and structure instead.

Every guessed label (pages/labels.py) is only a preference. When the UI names or marks up
the thing otherwise, the page object finds it by role and structure and notes a
`Finding`: which label, what the UI calls the thing ("" when it has no name), and how it
was found. A run reports its findings; the probe turns them into the labels-file entries
that would make every guess match (`--write-labels`).
"""

from __future__ import annotations

import threading
from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Finding:
    site: str  # "aep" or "pinterest": the label set's key in a labels file
    label: str  # the label's name in that set
    found: str  # what the UI names the thing ("" when it has no name to add)
    how: str  # how it was found instead
    screen: str = ""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


class Findings:
    """The findings of one run, each once (parallel contexts share one)."""

    def __init__(self) -> None:
        self._items: dict[tuple[str, str, str], Finding] = {}
        self._lock = threading.Lock()

    def note(self, site: str, label: str, found: str, how: str, screen: str = "") -> None:
        with self._lock:
            self._items.setdefault((site, label, found), Finding(site, label, found, how, screen))

    def all(self) -> list[Finding]:
        with self._lock:
            return list(self._items.values())

    def proposal(self) -> dict[str, dict[str, list[str]]]:
        """The labels-file entries that would make every noted guess match: per site, per
        label, the names the UI gives (findings without a name need no entry)."""
        entries: dict[str, dict[str, list[str]]] = {}
        for finding in self.all():
            if finding.found.strip():
                names = entries.setdefault(finding.site, {}).setdefault(finding.label, [])
                if finding.found not in names:
                    names.append(finding.found)
        return entries

    def __len__(self) -> int:
        return len(self._items)
