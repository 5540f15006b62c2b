"""Dates as the UIs print them, read back as ISO dates."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone

from pages.base import EMPTY_VALUES

_FORMATS = ("%b %d, %Y", "%B %d, %Y", "%Y-%m-%d", "%m/%d/%Y", "%d %b %Y")


def parse_date(text: str) -> str:
    """`Dec 1, 2023` (and `Dec 1, 2023, 12:00 PM UTC`, `2023-12-01`, ...) as `2023-12-01`;
    "" for no date. Raises ValueError for text that is not a date."""
    text = text.strip()
    if not text or text in EMPTY_VALUES:
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


_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")
# A date, then a time (", ", " at ", " " or ISO's "T" between them), then UTC or an offset.
_DATETIME = re.compile(
    r"^(?P<date>.+?)(?:\s*,\s*|\s+at\s+|\s+|T)"
    r"(?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2})(?:\.\d+)?)?"
    r"\s*(?P<ampm>[AaPp]\.?\s*[Mm]\.?)?"
    r"\s*(?P<tz>UTC|GMT|Z|(?:UTC|GMT)?\s*[+-]\d{1,2}(?::?\d{2})?)?$"
)


def parse_datetime(text: str) -> datetime:
    """A time as Ads Manager-like UIs print it, as an aware UTC datetime: `Dec 01, 2023,
    12:00 UTC`, `Dec 1, 2023, 12:00 PM UTC`, `2023-12-01 12:00 UTC`, `12/01/2023, 12:00 PM
    UTC`, ISO 8601 (no zone means UTC). Raises ValueError for anything else."""
    text = " ".join(text.split())
    parsed = _parse_iso(text) or _parse_written(text)
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _parse_iso(text: str) -> datetime | None:
    # Only with a time: bare digits ("20231201") are ISO 8601 too, and read like an ID.
    if not _ISO.match(text):
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def _parse_written(text: str) -> datetime:
    match = _DATETIME.match(text)
    if not match:
        raise ValueError(f"not a date and time: {text!r}")
    day = date.fromisoformat(parse_date(match["date"]))
    hour, minute, second = int(match["h"]), int(match["m"]), int(match["s"] or 0)
    if match["ampm"]:
        if not 1 <= hour <= 12:
            raise ValueError(f"not a date and time: {text!r}")
        hour = hour % 12 + (12 if match["ampm"][0] in "Pp" else 0)
    offset = _offset(match["tz"] or "")
    try:
        return datetime.combine(day, time(hour, minute, second), timezone(offset))
    except ValueError:
        raise ValueError(f"not a date and time: {text!r}") from None


def _offset(zone: str) -> timedelta:
    """`+02:00`, `GMT-5`, `UTC+0530` as a timedelta; UTC, GMT, Z and none as zero."""
    match = re.search(r"([+-])(\d{1,2}):?(\d{2})?$", zone)
    if not match:
        return timedelta(0)
    minutes = int(match[2]) * 60 + int(match[3] or 0)
    return timedelta(minutes=minutes if match[1] == "+" else -minutes)


def is_datetime(text: str) -> bool:
    """Whether `text` reads as a date and time (parse_datetime takes it)."""
    try:
        parse_datetime(text)
    except ValueError:
        return False
    return True
