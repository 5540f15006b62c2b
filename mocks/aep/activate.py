"""The activation wizard's API (reference §7): what it offers, its Review, and Finish.

Finish carries out the whole activation in one request, or nothing: a data-usage policy
violation (fault `activation_policy_violation`) answers 422 and changes no flow. Adding
audiences to an enabled flow runs it, as enabling one does, so they reach Pinterest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from mocks.aep import exports, views
from mocks.aep.api import find_flow, require_manage
from mocks.aep.auth import require_user
from mocks.aep.hold import hold_if_due
from mocks.aep.state import CATALOG, Activation, AepState, Flow
from mocks.aep.web import ApiError, json_object
from mocks.world import MockWorld

# Identity namespaces the Mapping step offers as source fields (Select identity namespace).
SOURCE_IDENTITIES = ("Email_LC_SHA256", "Email", "Phone_SHA256", "GAID", "IDFA")
# Pinterest's only target field (reference §8).
PINTEREST_TARGETS = ("pinterest_audience",)
POLICY = "Data export restriction (C2)"


@dataclass(frozen=True)
class _Request:
    """A validated activation: which audiences, their schedules, and the mapping."""

    activations: list[Activation]


def _has_mapping(flow: Flow) -> bool:
    """Only some destinations have a Mapping step: here, the Pinterest cards."""
    card = CATALOG.get(flow.destination)
    return bool(card and card.pinterest_api)


def _day(value: object, what: str, *, required: bool) -> datetime | None:
    if value in (None, ""):
        if required:
            raise ApiError(400, f"{what} is required")
        return None
    if not isinstance(value, str):
        raise ApiError(400, f"{what} must be a date (YYYY-MM-DD)")
    try:
        return datetime.combine(date.fromisoformat(value[:10]), time(), tzinfo=UTC)
    except ValueError:
        raise ApiError(400, f"{what} must be a date (YYYY-MM-DD), got {value!r}") from None


def _parse(aep: AepState, flow: Flow, body: dict[str, Any]) -> _Request:
    items = body.get("audiences")
    if not isinstance(items, list) or not items:
        raise ApiError(400, "select at least one audience")
    mapping = body.get("mapping") or {}
    if not isinstance(mapping, dict):
        raise ApiError(400, "mapping must be an object")
    source, target = mapping.get("source_identity"), mapping.get("target_field")
    if _has_mapping(flow):
        if source not in SOURCE_IDENTITIES:
            raise ApiError(400, f"map a source identity namespace, one of {SOURCE_IDENTITIES}")
        if target not in PINTEREST_TARGETS:
            raise ApiError(400, f"map the target field {PINTEREST_TARGETS[0]!r}")
    have = {a.audience_id for a in flow.activations}
    activations: list[Activation] = []
    for item in items:
        audience_id = item.get("audience_id") if isinstance(item, dict) else None
        audience = aep.audiences.get(str(audience_id))
        if audience is None or audience.sandbox != flow.sandbox:
            raise ApiError(400, f"no audience {audience_id!r} in sandbox {flow.sandbox!r}")
        if audience.id in have or any(a.audience_id == audience.id for a in activations):
            raise ApiError(409, f"{audience.name!r} is already activated to this dataflow")
        start = _day(item.get("start"), f"the start date of {audience.name!r}", required=True)
        end = _day(item.get("end"), f"the end date of {audience.name!r}", required=False)
        assert start is not None
        if end is not None and end < start:
            raise ApiError(400, f"the end date of {audience.name!r} is before its start date")
        activation = Activation(audience.id, start=start, end=end)
        if _has_mapping(flow):
            activation.source_identity, activation.target_field = str(source), str(target)
        activations.append(activation)
    return _Request(activations)


def _violations(world: MockWorld, aep: AepState, request: _Request) -> list[dict[str, str]]:
    """Fault `activation_policy_violation`: every audience breaks a data-usage policy."""
    if not world.faults.get("activation_policy_violation"):
        return []
    names = [aep.audiences[a.audience_id].name for a in request.activations]
    return [
        {
            "audience_id": a.audience_id,
            "name": name,
            "policy": POLICY,
            "message": f"{name} contains data labelled C2, which the marketing action "
            "Data Export may not export to third parties.",
        }
        for a, name in zip(request.activations, names, strict=True)
    ]


class _Wizard:
    def __init__(self, world: MockWorld) -> None:
        self.world = world

    async def options(self, request: Request) -> Response:
        """What the wizard offers for a flow: the sandbox's audiences and the mapping."""
        world = self.world
        require_user(world, request)
        with world.lock:
            aep = world.aep
            flow = find_flow(aep, request.path_params["flow_id"])
            have = {a.audience_id: a for a in flow.activations}
            audiences = [
                {
                    "id": a.id,
                    "name": a.name,
                    "description": a.description,
                    "profiles": a.profiles,
                    "activated": a.id in have,
                    # The schedule of an audience already on the flow (Show new audiences only
                    # off shows it).
                    "start": views.iso(have[a.id].start) if a.id in have else None,
                    "end": views.iso(have[a.id].end) if a.id in have else None,
                }
                for a in aep.audiences.values()
                if a.sandbox == flow.sandbox
            ]
            first = flow.activations[0] if flow.activations else None
            current = None
            if first and _has_mapping(flow):
                current = {
                    "source_identity": first.source_identity,
                    "target_field": first.target_field,
                }
            mapping = {
                "required": _has_mapping(flow),
                "source_fields": list(SOURCE_IDENTITIES),
                "target_fields": list(PINTEREST_TARGETS),
                "current": current,
            }
            return JSONResponse(
                {
                    "flow": views.flow_row(aep, flow),
                    "audiences": sorted(audiences, key=lambda a: str(a["name"]).lower()),
                    "mapping": mapping,
                    "today": world.clock.now().date().isoformat(),
                }
            )

    async def review(self, request: Request) -> Response:
        """The Review step's checks: data-usage policy violations block Finish."""
        world = self.world
        require_user(world, request)
        body = await json_object(request)
        with world.lock:
            aep = world.aep
            flow = find_flow(aep, request.path_params["flow_id"])
            return JSONResponse({"violations": _violations(world, aep, _parse(aep, flow, body))})

    async def activate(self, request: Request) -> Response:
        """Finish: every audience is activated, or (an error) none is."""
        world = self.world
        email = require_user(world, request)
        body = await json_object(request)
        await hold_if_due(world)
        with world.lock:
            aep = world.aep
            flow = find_flow(aep, request.path_params["flow_id"])
            require_manage(world)
            parsed = _parse(aep, flow, body)
            if violations := _violations(world, aep, parsed):
                names = ", ".join(v["name"] for v in violations)
                raise ApiError(422, f"Data usage policy violation ({POLICY}): {names}")
            now = world.clock.now()
            flow.activations.extend(parsed.activations)
            flow.modified, flow.modified_by = now, email
            ids = [a.audience_id for a in parsed.activations]
            aep.record_change(now, "activate", email, flow_id=flow.id, audience_ids=ids)
            enabled = flow.enabled
        if enabled:
            await exports.run_flows(world, aep, [flow.id])
        with world.lock:
            return JSONResponse(views.flow_details(world, aep, flow))


def routes(world: MockWorld) -> list[Route]:
    wizard = _Wizard(world)
    return [
        Route("/api/flows/{flow_id}/activation-options", wizard.options, methods=["GET"]),
        Route("/api/flows/{flow_id}/activations/review", wizard.review, methods=["POST"]),
        Route("/api/flows/{flow_id}/activations", wizard.activate, methods=["POST"]),
    ]
