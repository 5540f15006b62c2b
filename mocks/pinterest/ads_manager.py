"""Ads Manager (ads.pinterest.com): an ad account's Audiences page.

Pinterest documents neither its columns nor its status wording, only that a usable list's
"status will turn green"; the columns and labels here are the harness's assumptions
(Name, Audience ID, Type, Size, Status, Last updated; Ready with a green dot).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from mocks.pinterest.ads import audiences_of, can_access
from mocks.pinterest.sessions import Sessions, login_url
from mocks.pinterest.state import PinterestAudience
from mocks.world import MockWorld

STATUS_LABELS = {
    "READY": ("Ready", "ready"),
    "INITIALIZING": ("Processing", "processing"),
    "PROCESSING": ("Processing", "processing"),
    "UPLOADING": ("Processing", "processing"),
    "TOO_SMALL": ("Too small", "too-small"),
}
TYPE_LABELS = {
    "CUSTOMER_LIST": "Customer list",
    "VISITOR": "Visitor",
    "ENGAGEMENT": "Engagement",
    "ACTALIKE": "Actalike",
    "PERSONA": "Persona",
}


@dataclass(frozen=True)
class AudienceRow:
    name: str
    id: str
    type: str
    size: str
    status: str
    status_class: str
    updated: str
    updated_iso: str


def audience_row(audience: PinterestAudience) -> AudienceRow:
    status, status_class = STATUS_LABELS.get(
        audience.status, (audience.status.replace("_", " ").capitalize(), "")
    )
    updated = datetime.fromtimestamp(audience.updated_timestamp, UTC)
    return AudienceRow(
        name=audience.name,
        id=audience.id,
        type=TYPE_LABELS.get(audience.audience_type, audience.audience_type),
        size=f"{audience.size:,}" if audience.size is not None else "—",
        status=status,
        status_class=status_class,
        updated=updated.strftime("%b %d, %Y, %H:%M UTC"),
        updated_iso=updated.strftime("%Y-%m-%dT%H:%M:%SZ"),
    )


def routes(world: MockWorld, sessions: Sessions, templates: Jinja2Templates) -> list[Route]:
    async def advertiser(request: Request) -> Response:
        ad_account_id = request.path_params["ad_account_id"]
        return RedirectResponse(f"/advertiser/{ad_account_id}/audiences/", 302)

    async def audiences(request: Request) -> Response:
        with world.lock:
            session = sessions.current(request)
            if session is None:
                return RedirectResponse(login_url(request), 302)
            state = world.pinterest
            account = state.ad_accounts.get(request.path_params["ad_account_id"])
            if account is None or not can_access(account, session.user.id):
                # The same answer for an ad account that does not exist: nothing leaks.
                context = {
                    "user": session.user,
                    "heading": "You don't have access to this ad account",
                    "message": "Ask the ad account's owner to share it with you through "
                    "Business Access.",
                }
                return templates.TemplateResponse(request, "message.html", context, 403)
            rows = [
                audience_row(a)
                for a in reversed(audiences_of(state, account.id, world.clock.timestamp()))
            ]
            context = {"user": session.user, "account": account, "audiences": rows}
            return templates.TemplateResponse(request, "audiences.html", context)

    return [
        Route("/advertiser/{ad_account_id}/", advertiser, methods=["GET"]),
        Route("/advertiser/{ad_account_id}/audiences/", audiences, methods=["GET"]),
    ]
