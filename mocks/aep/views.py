"""The JSON shapes of the mock AEP (docs/mock-aep-contract.md), built from `world.aep`.

Callers hold `world.lock` while they build a view, so a view is one consistent snapshot.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from mocks.aep.state import CATALOG, Account, AepState, Card, Flow, Run
from mocks.world import MockWorld

MANAGE_DESTINATIONS = "Manage Destinations"
# Accounts and Browse warn about an authorization that ends this soon (or has ended).
EXPIRY_WARNING = timedelta(days=7)
UNKNOWN_CARD = Card("", "", "")


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def permissions(world: MockWorld) -> list[str]:
    """The user's permissions, less the ones a fault takes away."""
    granted = list(world.aep.user.permissions)
    if world.faults.get("no_manage_permission"):
        granted = [p for p in granted if p != MANAGE_DESTINATIONS]
    return granted


def can_manage(world: MockWorld) -> bool:
    return MANAGE_DESTINATIONS in permissions(world)


def bootstrap(world: MockWorld) -> dict[str, Any]:
    """What both templates embed as `window.__AEP__`."""
    aep = world.aep
    return {
        "tenant": aep.tenant,
        "org": aep.org_name,
        "user": {
            "name": aep.user.name,
            "email": aep.user.email,
            "permissions": permissions(world),
        },
        "sandboxes": [
            {"name": s.name, "title": s.title, "region": s.region, "type": s.type}
            for s in aep.sandboxes
        ],
        "variants": dict(world.variants),
        # What variant scramble drew (mocks/scramble.py); alternative 0 everywhere when off.
        "scramble": world.choices,
        # Labels the UI shows under another name (fault renamed_reconnect_oauth).
        "renamed": (
            {"Reconnect OAuth": "Refresh OAuth"}
            if world.faults.get("renamed_reconnect_oauth")
            else {}
        ),
        "pinterest_url": world.pinterest_url,
    }


def account(aep: AepState, item: Account, now: datetime) -> dict[str, Any]:
    card = CATALOG.get(item.destination, UNKNOWN_CARD)
    expires = item.expires if card.shows_expiry else None
    return {
        "id": item.id,
        "sandbox": item.sandbox,
        "name": item.name,
        "destination": item.destination,
        "connection_type": card.connection_type,
        "username": item.username,
        "connections": sum(1 for f in aep.flows.values() if f.account_id == item.id),
        "authorized": iso(item.authorized),
        "expires": iso(expires),
        "expiry_warning": expires is not None and expires - now <= EXPIRY_WARNING,
        "shows_expiry": card.shows_expiry,
        "created_by": item.created_by,
        "description": item.description,
    }


def status_fields(enabled: bool) -> dict[str, Any]:
    return {"enabled": enabled, "status": "Enabled" if enabled else "Disabled"}


def flow_row(aep: AepState, flow: Flow) -> dict[str, Any]:
    owner = aep.accounts.get(flow.account_id)
    card = CATALOG.get(flow.destination, UNKNOWN_CARD)
    last = flow.runs[0] if flow.runs else None
    return {
        "id": flow.id,
        "sandbox": flow.sandbox,
        "name": flow.name,
        "destination": flow.destination,
        "data_type": flow.data_type,
        "last_run_status": last.status if last else None,
        "last_run_date": iso(last.started) if last else None,
        "account_id": flow.account_id,
        "account_name": owner.name if owner else None,
        "account_expires": iso(owner.expires) if owner and card.shows_expiry else None,
        "username": owner.username if owner else None,
        "activation_count": len(flow.activations),
        "created": iso(flow.created),
        "modified": iso(flow.modified),
        "modified_by": flow.modified_by,
        **status_fields(flow.enabled),
        "access_labels": [],
        "tags": list(flow.tags),
    }


def run(item: Run) -> dict[str, Any]:
    received = item.profiles_received
    return {
        "id": item.id,
        "started": iso(item.started),
        "status": item.status,
        "profiles_received": received,
        "identities_activated": item.identities_activated,
        "identities_excluded": item.identities_excluded,
        "identities_failed": item.identities_failed,
        # Percent of received profiles activated; null before anything was received.
        "activation_rate": round(100 * item.identities_activated / received, 1)
        if received
        else None,
        "processing_time": item.processing_time,
        "error": item.error,
    }


def flow_details(world: MockWorld, aep: AepState, flow: Flow) -> dict[str, Any]:
    card = CATALOG.get(flow.destination, UNKNOWN_CARD)
    activations = [
        {
            "audience_id": a.audience_id,
            "name": audience.name if (audience := aep.audiences.get(a.audience_id)) else "",
            "start": iso(a.start),
            "end": iso(a.end),
            "source_identity": a.source_identity,
            "target_field": a.target_field,
        }
        for a in flow.activations
    ]
    return {
        **flow_row(aep, flow),
        "description": flow.description,
        "ad_account_id": flow.ad_account_id,
        "marketing_actions": list(flow.marketing_actions),
        "category": card.category,
        "connection_type": "Profile-based",
        "frequency": "Streaming",
        "identity": flow.activations[0].source_identity if flow.activations else "",
        "created_by": flow.created_by,
        "can_manage": can_manage(world),
        "runs": [run(r) for r in flow.runs],
        "activations": activations,
    }
