"""The keep-alive's decisions, as pure functions of an expiry date and today."""

from __future__ import annotations

from datetime import date

import pytest

from flows.decide import needs_reconnect
from flows.steps.reauth import expiry

TODAY = date(2023, 12, 1)


@pytest.mark.parametrize(
    ("expires_on", "within_days", "needed"),
    [
        ("2023-12-04", 7, True),  # in 3 days
        ("2023-12-21", 7, False),  # in 20 days
        ("2023-12-21", 20, True),  # on the threshold's last day
        ("2023-12-08", 7, True),
        ("2023-12-09", 7, False),
        ("2023-11-29", 0, True),  # expired
        ("2023-12-01", 0, True),  # ends today
        ("", 7, True),  # no token
    ],
)
def test_needs_reconnect_within_n_days_or_expired(
    expires_on: str, within_days: int, needed: bool
) -> None:
    assert needs_reconnect(expires_on, TODAY, within_days) is needed


def test_expiry_reads_as_days_left_or_ago() -> None:
    assert expiry("2023-12-04", TODAY) == "expires 2023-12-04 (in 3 days)"
    assert expiry("2023-11-29", TODAY) == "expired on 2023-11-29 (2 days ago)"
    assert expiry("", TODAY) == "no expiration date shown"
