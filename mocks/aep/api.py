"""The JSON API the Platform app calls (same origin, cookie session).

Every change request the server carries out is counted in `change_count` and listed in
`changes`, even one that finds the state already as asked: that is how tests prove a
second run of the harness sent nothing.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from mocks.aep import exports, views
from mocks.aep.auth import require_user
from mocks.aep.hold import hold_if_due
from mocks.aep.state import NEW_CARD, Account, AepState, Flow
from mocks.aep.web import ApiError, json_object
from mocks.world import MockWorld

EDITABLE_ACCOUNT_FIELDS = frozenset({"name", "description"})
# Who changes a pair under fault `colleague_changes_pair`.
COLLEAGUE = "colleague@acme.example"


def _sandbox(aep: AepState, name: str) -> None:
    if not any(s.name == name for s in aep.sandboxes):
        raise ApiError(404, f"no sandbox {name!r}")


def find_flow(aep: AepState, flow_id: str) -> Flow:
    flow = aep.flows.get(flow_id)
    if flow is None:
        raise ApiError(404, f"no dataflow {flow_id!r}")
    return flow


def _account(aep: AepState, account_id: str) -> Account:
    account = aep.accounts.get(account_id)
    if account is None:
        raise ApiError(404, f"no account {account_id!r}")
    return account


def require_manage(world: MockWorld) -> None:
    if not views.can_manage(world):
        raise ApiError(403, "You need the Manage Destinations permission to do this.")


def _transient_error(world: MockWorld, aep: AepState) -> None:
    """Fault `flow_action_errors`: the next N flow actions fail as a flaky backend would."""
    fired = aep.faults_fired.get("flow_action_errors", 0)
    if fired < world.faults.get("flow_action_errors", 0):
        aep.faults_fired["flow_action_errors"] = fired + 1
        raise ApiError(503, "The service is temporarily unavailable. Try again later.")


def _counted_action_fault(world: MockWorld, aep: AepState) -> str:
    """Faults `change_error_at` and `change_response_lost_at`: which one this enable or
    disable request (counted since the reset) meets, if any."""
    aep.faults_fired["flow_actions"] = seen = aep.faults_fired.get("flow_actions", 0) + 1
    if world.faults.get("change_error_at") == seen:
        raise ApiError(503, "The service is temporarily unavailable. Try again later.")
    return "lost" if world.faults.get("change_response_lost_at") == seen else ""


async def _colleague_changes_pair(world: MockWorld, aep: AepState) -> None:
    """Fault `colleague_changes_pair`: once, a colleague enables the new flow of the first
    pair (by name), as a person working in the UI between plan and apply would."""
    if not world.faults.get("colleague_changes_pair") or aep.faults_fired.get("colleague"):
        return
    with world.lock:
        aep.faults_fired["colleague"] = 1
        flows = sorted((f for f in aep.flows.values() if f.destination == NEW_CARD and
                        not f.enabled), key=lambda f: f.name)  # fmt: skip
        if not flows:
            return
        flow, now = flows[0], world.clock.now()
        flow.enabled, flow.modified, flow.modified_by = True, now, COLLEAGUE
        aep.record_change(now, "enable", COLLEAGUE, flow_id=flow.id, changed=True)
    await exports.run_flows(world, aep, [flow.id])


def _account_edit(body: dict[str, object]) -> dict[str, str]:
    unknown = set(body) - EDITABLE_ACCOUNT_FIELDS
    if unknown:
        raise ApiError(400, f"fields that cannot be edited: {', '.join(sorted(unknown))}")
    edit: dict[str, str] = {}
    for key, value in body.items():
        if not isinstance(value, str):
            raise ApiError(400, f"{key!r} must be a string")
        edit[key] = value.strip() if key == "name" else value
    if edit.get("name") == "":
        raise ApiError(400, "the account name must not be empty")
    return edit


class _Api:
    """The API's endpoints; each reads `world.aep` afresh, since a reset replaces it."""

    def __init__(self, world: MockWorld) -> None:
        self.world = world

    async def context(self, request: Request) -> Response:
        world = self.world
        require_user(world, request)
        with world.lock:
            return JSONResponse({**views.bootstrap(world), "now": views.iso(world.clock.now())})

    async def accounts(self, request: Request) -> Response:
        world = self.world
        require_user(world, request)
        sandbox = request.path_params["sandbox"]
        with world.lock:
            aep, now = world.aep, world.clock.now()
            _sandbox(aep, sandbox)
            items = [
                views.account(aep, a, now) for a in aep.accounts.values() if a.sandbox == sandbox
            ]
        return JSONResponse({"items": items})

    async def account(self, request: Request) -> Response:
        world = self.world
        require_user(world, request)
        with world.lock:
            aep = world.aep
            item = _account(aep, request.path_params["account_id"])
            return JSONResponse(views.account(aep, item, world.clock.now()))

    async def flows(self, request: Request) -> Response:
        world = self.world
        require_user(world, request)
        sandbox = request.path_params["sandbox"]
        with world.lock:
            aep = world.aep
            _sandbox(aep, sandbox)
            items = [views.flow_row(aep, f) for f in aep.flows.values() if f.sandbox == sandbox]
            if world.faults.get("stale_browse_list"):
                # A cached list: the flows changed since the last load show their old status.
                for item in items:
                    if item["id"] in aep.stale_rows:
                        item.update(views.status_fields(aep.stale_rows.pop(item["id"])))
        return JSONResponse({"items": items})

    async def flow(self, request: Request) -> Response:
        world = self.world
        require_user(world, request)
        await _colleague_changes_pair(world, world.aep)
        with world.lock:
            aep = world.aep
            item = find_flow(aep, request.path_params["flow_id"])
            return JSONResponse(views.flow_details(world, aep, item))

    async def flow_action(self, request: Request) -> Response:
        world = self.world
        email = require_user(world, request)
        op = request.query_params.get("op")
        if op not in ("enable", "disable"):
            raise ApiError(400, "op must be enable or disable")
        await hold_if_due(world)
        with world.lock:
            aep = world.aep
            item = find_flow(aep, request.path_params["flow_id"])
            require_manage(world)
            _transient_error(world, aep)
            lost = _counted_action_fault(world, aep)
            now, enable = world.clock.now(), op == "enable"
            changed = item.enabled != enable
            if changed:
                if world.faults.get("stale_browse_list"):
                    aep.stale_rows.setdefault(item.id, item.enabled)
                item.enabled, item.modified, item.modified_by = enable, now, email
            aep.record_change(now, op, email, flow_id=item.id, changed=changed)
        if changed and enable:
            # Enabling starts the dataflow: its first run exports before the answer, so
            # the caller (and a test) sees the run's outcome on the returned flow.
            await exports.run_flows(world, aep, [item.id])
        if lost:
            raise ApiError(504, "The request timed out.")
        with world.lock:
            return JSONResponse(views.flow_details(world, aep, item))

    async def edit_account(self, request: Request) -> Response:
        world = self.world
        email = require_user(world, request)
        edit = _account_edit(await json_object(request))
        await hold_if_due(world)
        with world.lock:
            aep, now = world.aep, world.clock.now()
            item = _account(aep, request.path_params["account_id"])
            require_manage(world)
            for key, value in edit.items():
                setattr(item, key, value)
            aep.record_change(now, "edit_account", email, account_id=item.id, fields=sorted(edit))
            return JSONResponse(views.account(aep, item, now))

    async def delete_account(self, request: Request) -> Response:
        world = self.world
        email = require_user(world, request)
        with world.lock:
            aep = world.aep
            item = _account(aep, request.path_params["account_id"])
            require_manage(world)
            used_by = sum(1 for f in aep.flows.values() if f.account_id == item.id)
            if used_by:
                raise ApiError(
                    409, f"{used_by} dataflows use this account: delete them before the account."
                )
            del aep.accounts[item.id]
            aep.record_change(world.clock.now(), "delete_account", email, account_id=item.id)
        return JSONResponse({"id": item.id, "deleted": True})

    async def delete_flow(self, request: Request) -> Response:
        world = self.world
        email = require_user(world, request)
        with world.lock:
            aep = world.aep
            item = find_flow(aep, request.path_params["flow_id"])
            require_manage(world)
            del aep.flows[item.id]
            aep.record_change(world.clock.now(), "delete_flow", email, flow_id=item.id)
        return JSONResponse({"id": item.id, "deleted": True})


def routes(world: MockWorld) -> list[Route]:
    api = _Api(world)
    return [
        Route("/api/context", api.context, methods=["GET"]),
        Route("/api/sandboxes/{sandbox}/accounts", api.accounts, methods=["GET"]),
        Route("/api/sandboxes/{sandbox}/flows", api.flows, methods=["GET"]),
        Route("/api/accounts/{account_id}", api.account, methods=["GET"]),
        Route("/api/accounts/{account_id}", api.edit_account, methods=["PATCH"]),
        Route("/api/accounts/{account_id}", api.delete_account, methods=["DELETE"]),
        Route("/api/flows/{flow_id}", api.flow, methods=["GET"]),
        Route("/api/flows/{flow_id}", api.delete_flow, methods=["DELETE"]),
        Route("/api/flows/{flow_id}/action", api.flow_action, methods=["POST"]),
    ]
