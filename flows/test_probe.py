"""`pytest flows --probe`: every screen of the procedure, read-only (flows/runs/probe.py)."""

from __future__ import annotations

import pytest

from flows.runs.probe import Probe


@pytest.mark.probe_only
def test_probe(probe: Probe) -> None:
    """Every locator the page objects rely on resolves on this UI; nothing is changed.
    Screens left unvisited for want of data (no dataflow on a card, no Pinterest login)
    are listed, not failed."""
    probe.probe()
    if probe.failed:
        pytest.fail("\n".join(probe.lines()), pytrace=False)
