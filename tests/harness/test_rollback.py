"""The rollback's pure decisions: which clicks, in which order, and when to warn."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from flows.decide import rollback_clicks
from flows.model import Switches
from flows.steps.rollback import v4_warning


@pytest.mark.parametrize(
    ("now", "first_seen", "clicks"),
    [
        # The usual switch undone: the old flow exports again before the new one stops.
        ((False, True), (True, False), ["enable old flow", "disable new flow"]),
        ((False, True), (True, True), ["enable old flow"]),
        ((True, True), (True, False), ["disable new flow"]),
        ((True, False), (True, False), []),
    ],
)
def test_rollback_clicks_enable_before_they_disable(
    now: tuple[bool, bool], first_seen: tuple[bool, bool], clicks: list[str]
) -> None:
    said = rollback_clicks(Switches(*now), Switches(*first_seen))

    assert [c.describe() for c in said] == clicks


def test_v4_warning_only_after_pinterest_turned_v4_off() -> None:
    assert v4_warning(datetime(2024, 1, 17, 23, 59, tzinfo=UTC)) == ""
    warning = v4_warning(datetime(2024, 1, 19, tzinfo=UTC))
    assert "2024-01-18" in warning
    assert "v4" in warning
