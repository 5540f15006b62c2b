"""The mock AEP's activation API over HTTP: what the wizard offers, its checks, and that
Finish activates everything asked or, refused, nothing."""

from __future__ import annotations

from typing import Any

import pytest

from mocks.aep.client import AepClient
from mocks.aep.state import NEW_CARD
from mocks.client import MockSites

MAPPING = {"source_identity": "Email_LC_SHA256", "target_field": "pinterest_audience"}


def cart_recovery(aep: AepClient) -> dict[str, Any]:
    [flow] = [
        f for f in aep.flows() if f["name"] == "Cart recovery" and f["destination"] == NEW_CARD
    ]
    return flow


def audience_id(aep: AepClient, flow_id: str, name: str) -> str:
    options = aep.json("GET", f"/api/flows/{flow_id}/activation-options")
    [audience] = [a for a in options["audiences"] if a["name"] == name]
    return str(audience["id"])


def test_options_offer_the_sandbox_audiences_and_the_flow_mapping(aep: AepClient) -> None:
    flow = cart_recovery(aep)

    options = aep.json("GET", f"/api/flows/{flow['id']}/activation-options")

    activated = {a["name"] for a in options["audiences"] if a["activated"]}
    assert activated == {"Cart abandoners (30 days)"}
    assert "Holiday gift shoppers" in {a["name"] for a in options["audiences"]}
    assert options["mapping"]["required"] is True
    assert options["mapping"]["current"] == MAPPING
    assert options["today"] == "2023-12-01"


@pytest.mark.parametrize(
    ("change", "status", "message"),
    [
        ({"mapping": None}, 400, "source identity"),
        ({"end": "2023-11-01"}, 400, "before its start date"),
        ({"audience": "Cart abandoners (30 days)"}, 409, "already activated"),
    ],
)
def test_bad_activations_are_refused_and_change_nothing(
    aep: AepClient, mock_sites: MockSites, change: dict[str, Any], status: int, message: str
) -> None:
    flow = cart_recovery(aep)
    audience = audience_id(aep, flow["id"], change.get("audience", "Holiday gift shoppers"))
    body = {
        "audiences": [{"audience_id": audience, "start": "2023-11-19", "end": change.get("end")}],
        "mapping": change.get("mapping", MAPPING),
    }

    answer = aep.http.post(f"/api/flows/{flow['id']}/activations", json=body)

    assert answer.status_code == status
    assert message in answer.json()["error"]
    assert mock_sites.aep_state()["changes"] == []


def test_a_policy_violation_shows_at_review_and_finish_activates_nothing(
    aep: AepClient, mock_sites: MockSites
) -> None:
    mock_sites.set_faults({"activation_policy_violation": True})
    flow = cart_recovery(aep)
    holiday = audience_id(aep, flow["id"], "Holiday gift shoppers")
    body = {"audiences": [{"audience_id": holiday, "start": "2023-11-19"}], "mapping": MAPPING}

    review = aep.json("POST", f"/api/flows/{flow['id']}/activations/review", json=body)
    finish = aep.http.post(f"/api/flows/{flow['id']}/activations", json=body)

    assert [v["name"] for v in review["violations"]] == ["Holiday gift shoppers"]
    assert finish.status_code == 422
    assert "policy violation" in finish.json()["error"]
    assert cart_recovery(aep)["activation_count"] == 1
    assert mock_sites.aep_state()["changes"] == []


def test_finish_activates_with_the_schedule_and_mapping(
    aep: AepClient, mock_sites: MockSites
) -> None:
    flow = cart_recovery(aep)
    holiday = audience_id(aep, flow["id"], "Holiday gift shoppers")
    body = {
        "audiences": [{"audience_id": holiday, "start": "2023-11-19", "end": "2024-06-30"}],
        "mapping": MAPPING,
    }

    updated = aep.json("POST", f"/api/flows/{flow['id']}/activations", json=body)

    [added] = [a for a in updated["activations"] if a["audience_id"] == holiday]
    assert (added["start"][:10], added["end"][:10]) == ("2023-11-19", "2024-06-30")
    assert (added["source_identity"], added["target_field"]) == tuple(MAPPING.values())
    [change] = mock_sites.aep_state()["changes"]
    assert (change["op"], change["audience_ids"]) == ("activate", [holiday])
