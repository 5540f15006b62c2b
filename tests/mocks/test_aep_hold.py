"""Fault `hold_after_changes`: the kill point of resume tests is exact."""

from __future__ import annotations

import threading

import httpx

from mocks import scenarios
from mocks.aep.client import AepClient
from mocks.client import MockSites


def test_a_change_after_the_limit_is_held_then_dropped_unapplied(mock_sites: MockSites) -> None:
    mock_sites.reset("notice", faults={"hold_after_changes": 1})
    flows = [f for f in mock_sites.aep_state()["flows"].values() if not f["enabled"]]
    answers: list[int] = []
    with AepClient(mock_sites.aep_url) as client:
        client.sign_in(scenarios.AEP_USER_EMAIL, scenarios.AEP_USER_PASSWORD)
        assert client.flow_action(flows[0]["id"], "enable").status_code == 200
        second = threading.Thread(
            target=lambda: answers.append(client.flow_action(flows[1]["id"], "enable").status_code)
        )
        second.start()

        held = mock_sites.wait_for_held_change(timeout=30)
        assert held == {"held": 1, "change_count": 1}
        mock_sites.set_faults({})
        second.join(30)

    state = mock_sites.aep_state()
    assert answers == [503]
    assert state["change_count"] == 1
    assert state["flows"][flows[1]["id"]]["enabled"] is False
    assert state["held"] == 0


def test_faults_can_be_replaced_without_a_reset(mock_sites: MockSites) -> None:
    mock_sites.reset("notice", faults={"latency_ms": 5})
    before = mock_sites.aep_state()["flows"]

    described = mock_sites.set_faults({"flow_action_errors": 2})
    bad = httpx.post(f"{mock_sites.aep_url}/__mock/faults", json={"nope": 1})

    assert described["faults"] == {"flow_action_errors": 2}
    assert mock_sites.aep_state()["flows"] == before
    assert bad.status_code == 400
