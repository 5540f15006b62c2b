"""Label sets: every user-visible text a page object keys on, with its documented variants.

The real UIs changed their wording over time ("Activate segments" became "Activate
audiences"; the Accounts column "Platform" became "Name"), so each label is a tuple of
accepted texts. A user can extend them for a localized or renamed UI through a JSON
file (`LABELS_FILE`): `{"aep": {"activate_audiences": ["Zielgruppen aktivieren"]}}` adds
to the built-in texts.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


def exactly(*texts: str) -> re.Pattern[str]:
    """A pattern matching any of `texts` as the whole (trimmed) accessible name."""
    return re.compile(r"^\s*(?:" + "|".join(re.escape(t) for t in texts) + r")\s*$")


def merge_labels(labels: T, extra: dict[str, Any], site: str) -> T:
    """`labels` with `extra`'s texts added in front of each named label's own."""
    if not dataclasses.is_dataclass(labels) or isinstance(labels, type):
        raise TypeError("merge_labels takes a label set instance")
    known = {f.name for f in dataclasses.fields(labels)}
    changes: dict[str, tuple[str, ...]] = {}
    for name, given in extra.items():
        if name not in known:
            raise ValueError(f"labels file: {site} has no label {name!r}")
        texts = [given] if isinstance(given, str) else given
        if not isinstance(texts, list) or not all(isinstance(t, str) for t in texts):
            raise ValueError(f"labels file: {site}.{name} must be a string or a list of strings")
        changes[name] = (*texts, *getattr(labels, name))
    return dataclasses.replace(labels, **changes)


def read_labels_file(path: Path | None) -> dict[str, dict[str, Any]]:
    if path is None:
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError("labels file: the top level must be an object of sites")
    return data
