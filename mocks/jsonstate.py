"""Dataclass state to JSON for `GET /__mock/state`.

Fields declared with `repr=False` hold secrets (passwords, tokens); the state API reports
only whether they are set, so a test log that prints the state never carries one.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime
from typing import Any


def to_jsonable(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        for f in dataclasses.fields(value):
            item = getattr(value, f.name)
            if f.repr:
                out[f.name] = to_jsonable(item)
            else:
                out[f"{f.name}_set"] = item is not None and item != ""
        return out
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [to_jsonable(v) for v in value]
        return sorted(items) if isinstance(value, set | frozenset) else items
    return value
