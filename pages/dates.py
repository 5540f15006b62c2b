"""Dates as the UIs print them, read back as ISO dates."""

from __future__ import annotations

import re
from datetime import UTC, datetime

_FORMATS = ("%b %d, %Y", "%B %d, %Y", "%Y-%m-%d", "%m/%d/%Y", "%d %b %Y")


def parse_date(text: str) -> str:
    """`Dec 1, 2023` (and `Dec 1, 2023, 12:00 PM UTC`, `2023-12-01`, ...) as `2023-12-01`;
    "" for no date. Raises ValueError for text that is not a date."""
    text = text.strip()
    if not text or text in ("—", "-", "–"):
        return ""
    # Keep the date part of a date-time ("Dec 1, 2023, 12:00 PM UTC").
    match = re.match(
        r"^([A-Za-z]{3,9} \d{1,2}, \d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})", text
    )
    candidate = match.group(1) if match else text
    for fmt in _FORMATS:
        try:
            return datetime.strptime(candidate, fmt).date().isoformat()
        except ValueError:
            continue
    raise ValueError(f"not a date: {text!r}")


def parse_datetime(text: str) -> datetime:
    """`Dec 01, 2023, 12:00 UTC` or an ISO 8601 time, as an aware UTC datetime."""
    text = text.strip()
    for fmt in ("%b %d, %Y, %H:%M UTC", "%b %d, %Y, %I:%M %p UTC"):
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
    parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
