"""Dataflow runs: what makes Pinterest receive a flow's audiences.

(New) Pinterest flows upsert each active audience by name in the flow's ad account over
Pinterest API v5; (Deprecating) Pinterest flows post to the v4 advertiser API, which
answers 410 once Pinterest has switched it off. Other destinations have no mock partner:
their runs simply complete.

A run copies what it needs out of the state under `world.lock`, talks to Pinterest with
the lock released (the mock Pinterest takes the same lock to answer), then records its
Run under the lock again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from mocks.aep import views
from mocks.aep.state import CATALOG, AepState, Run
from mocks.aep.web import pinterest_client
from mocks.scenarios import audience_members, stable_id
from mocks.state_api import is_loopback
from mocks.world import MockWorld

PAGE_SIZE = 250  # the largest page Pinterest v5 serves
MAX_PAGES = 1000  # a bookmark that never ends is a bug of the partner, not a reason to hang
RUNS_KEPT = 50
RECONNECT_HINT = "Reconnect the account (Accounts > Edit details > Reconnect OAuth)."
V4_GONE = "Pinterest API v4 is no longer available (410 Gone)."


class ExportError(Exception):
    """Why a run failed; its text becomes the Run's `error`."""


@dataclass(frozen=True)
class _Audience:
    id: str
    name: str
    profiles: int


@dataclass(frozen=True)
class _Job:
    """A flow's run, as copied out of the state."""

    api: str | None  # "v4" | "v5" | None (no mock partner)
    ad_account_id: str
    token: str | None
    token_expires: datetime | None
    audiences: list[_Audience]
    started: datetime


@dataclass
class _Tally:
    """Identities that reached Pinterest before the run ended (or failed)."""

    activated: int = 0


def _job(world: MockWorld, aep: AepState, flow_id: str) -> _Job | None:
    flow = aep.flows.get(flow_id)
    if flow is None or not flow.enabled:
        return None  # disabled flows never export
    now = world.clock.now()
    account = aep.accounts.get(flow.account_id)
    card = CATALOG.get(flow.destination)
    audiences = [
        _Audience(a.audience_id, audience.name, audience.profiles)
        for a in flow.activations
        if a.start <= now
        and (a.end is None or a.end > now)
        and (audience := aep.audiences.get(a.audience_id))
    ]
    return _Job(
        api=card.pinterest_api if card else None,
        ad_account_id=flow.ad_account_id,
        token=account.access_token if account else None,
        token_expires=account.expires if account else None,
        audiences=audiences,
        started=now,
    )


def _checked(response: httpx.Response) -> dict[str, Any]:
    """The JSON body of a 2xx answer; raises ExportError with Pinterest's message otherwise."""
    if response.is_success:
        body: dict[str, Any] = response.json()
        return body
    try:
        message = str(response.json().get("message", ""))
    except ValueError:
        message = response.text[:200]
    raise ExportError(f"Pinterest API error {response.status_code}: {message}".rstrip(": "))


class _Pinterest:
    """Pinterest's API as one account's token sees it."""

    def __init__(self, http: httpx.AsyncClient, base: str, token: str) -> None:
        self.http, self.base = http, base
        self.headers = {"Authorization": f"Bearer {token}"}

    async def call(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        return await self.http.request(method, self.base + path, headers=self.headers, **kwargs)

    async def json(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        return _checked(await self.call(method, path, **kwargs))

    async def list_all(self, path: str) -> list[dict[str, Any]]:
        items: list[dict[str, Any]] = []
        params: dict[str, str | int] = {"page_size": PAGE_SIZE}
        for _ in range(MAX_PAGES):
            page = await self.json("GET", path, params=params)
            items.extend(page.get("items") or [])
            if not page.get("bookmark"):
                return items
            params["bookmark"] = page["bookmark"]
        raise ExportError(f"Pinterest kept paging past {MAX_PAGES} pages of {path}")


def _by_name(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    # The first of a name wins: an upsert by name needs exactly one target.
    return {item["name"]: item for item in reversed(items)}


def _check_token(job: _Job, *, expiry: bool) -> str:
    if not job.token:
        raise ExportError(f"The account has no Pinterest authorization. {RECONNECT_HINT}")
    if expiry and (job.token_expires is None or job.token_expires <= job.started):
        when = job.token_expires.date().isoformat() if job.token_expires else "an unknown date"
        raise ExportError(f"The Pinterest authorization expired on {when}. {RECONNECT_HINT}")
    return job.token


async def _push_v5(http: httpx.AsyncClient, api_url: str, job: _Job, tally: _Tally) -> None:
    token = _check_token(job, expiry=True)
    pinterest = _Pinterest(http, f"{api_url}/v5/ad_accounts/{job.ad_account_id}", token)
    lists = _by_name(await pinterest.list_all("/customer_lists"))
    audiences = _by_name(await pinterest.list_all("/audiences"))
    for audience in job.audiences:
        records = ",".join(audience_members(audience.id, audience.profiles))
        if known := lists.get(audience.name):
            body = {"operation_type": "ADD", "records": records}
            customer_list = await pinterest.json(
                "PATCH", f"/customer_lists/{known['id']}", json=body
            )
        else:
            body = {"name": audience.name, "records": records, "list_type": "EMAIL"}
            customer_list = await pinterest.json("POST", "/customer_lists", json=body)
            lists[audience.name] = customer_list
        if audience.name not in audiences:
            created = {
                "ad_account_id": job.ad_account_id,
                "name": audience.name,
                "audience_type": "CUSTOMER_LIST",
                "rule": {"customer_list_id": customer_list["id"]},
                "description": f"Adobe Experience Platform audience {audience.id}",
            }
            audiences[audience.name] = await pinterest.json("POST", "/audiences", json=created)
        tally.activated += audience.profiles


async def _push_v4(http: httpx.AsyncClient, api_url: str, job: _Job, tally: _Tally) -> None:
    # No expiry check here: Adobe's backend kept the old card's v4 grants alive with their
    # one-year refresh tokens, so only Pinterest's answer decides whether v4 still works.
    token = _check_token(job, expiry=False)
    pinterest = _Pinterest(http, f"{api_url}/ads/v4/advertisers/{job.ad_account_id}", token)
    for audience in job.audiences:
        records = ",".join(audience_members(audience.id, audience.profiles))
        body = {"name": audience.name, "records": records, "list_type": "EMAIL"}
        response = await pinterest.call("POST", "/customer_lists", json=body)
        if response.status_code == 410:
            raise ExportError(V4_GONE)
        _checked(response)
        tally.activated += audience.profiles


async def _run(
    world: MockWorld, aep: AepState, flow_id: str, http: httpx.AsyncClient
) -> Run | None:
    with world.lock:
        job = _job(world, aep, flow_id)
    if job is None:
        return None
    tally, error = _Tally(), ""
    try:
        if job.api == "v5":
            await _push_v5(http, world.pinterest_api_url, job, tally)
        elif job.api == "v4":
            await _push_v4(http, world.pinterest_api_url, job, tally)
        else:
            tally.activated = sum(a.profiles for a in job.audiences)
    except ExportError as exc:
        error = str(exc)
    except httpx.HTTPError as exc:
        error = f"Pinterest could not be reached: {exc!r}"
    except (KeyError, TypeError, ValueError) as exc:
        error = f"Pinterest's answer could not be used: {exc!r}"
    received = sum(a.profiles for a in job.audiences)
    with world.lock:
        aep.runs_started += 1
        run = Run(
            # Deterministic, like every ID of a scenario.
            id=stable_id(flow_id, "run", str(aep.runs_started)),
            started=job.started,
            status="Failed" if error else "Completed",
            profiles_received=received,
            identities_activated=tally.activated,
            identities_failed=received - tally.activated if error else 0,
            processing_time=int((world.clock.now() - job.started).total_seconds()),
            error=error,
        )
        if flow := aep.flows.get(flow_id):
            flow.runs.insert(0, run)
            del flow.runs[RUNS_KEPT:]
    return run


async def run_flows(world: MockWorld, aep: AepState, flow_ids: list[str]) -> dict[str, Run]:
    """Run each flow once, one after the other (an upsert by name must not race itself)."""
    runs: dict[str, Run] = {}
    async with pinterest_client() as http:
        for flow_id in flow_ids:
            if run := await _run(world, aep, flow_id, http):
                runs[flow_id] = run
    return runs


def routes(world: MockWorld) -> list[Route]:
    async def run_dataflows(request: Request) -> Response:
        """Like Platform's schedule: every enabled flow runs once."""
        if not is_loopback(request):
            return JSONResponse({"error": "the state API answers loopback clients only"}, 403)
        with world.lock:
            aep = world.aep
            enabled = [f.id for f in aep.flows.values() if f.enabled]
        runs = await run_flows(world, aep, enabled)
        items = [{"flow_id": flow_id, **views.run(run)} for flow_id, run in runs.items()]
        return JSONResponse({"runs": items})

    return [Route("/__mock/run-dataflows", run_dataflows, methods=["POST"])]
