"""Ads Manager (ads.pinterest.com): the ad accounts page and an ad account's Audiences page.

Pinterest documents neither the Audiences page's columns nor its status wording, only
that a usable list's "status will turn green"; the columns and labels here are the
harness's assumptions (Name, Audience ID, Type, Size, Status, Last updated; Ready with a
green dot). Variant scramble redraws them all: the heading, the columns' names and order,
the ready wording, the time format and how a long list is paged.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route
from starlette.templating import Jinja2Templates

from mocks.pinterest.ads import ad_accounts_of, audiences_of, can_access
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


# Column key -> the choice point naming it; "pinterest.col_order" orders the keys.
COLUMN_CHOICES = {
    "name": "pinterest.col_name",
    "id": "pinterest.col_id",
    "type": "pinterest.col_type",
    "size": "pinterest.col_size",
    "status": "pinterest.col_status",
    "updated": "pinterest.col_updated",
}


@dataclass(frozen=True)
class Column:
    key: str
    title: str


def columns(choices: dict[str, Any]) -> list[Column]:
    return [
        Column(key, choices[COLUMN_CHOICES[key]]) for key in choices["pinterest.col_order"].split()
    ]


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


def audience_row(audience: PinterestAudience, choices: dict[str, Any]) -> AudienceRow:
    status, status_class = STATUS_LABELS.get(
        audience.status, (audience.status.replace("_", " ").capitalize(), "")
    )
    if audience.status == "READY":
        status = choices["pinterest.status_ready"]
    updated = datetime.fromtimestamp(audience.updated_timestamp, UTC)
    return AudienceRow(
        name=audience.name,
        id=audience.id,
        type=TYPE_LABELS.get(audience.audience_type, audience.audience_type),
        size=f"{audience.size:,}" if audience.size is not None else "—",
        status=status,
        status_class=status_class,
        updated=updated.strftime(choices["pinterest.time_format"]),
        updated_iso=updated.strftime("%Y-%m-%dT%H:%M:%SZ"),
    )


@dataclass(frozen=True)
class Paging:
    """One page of a paged Audiences list, and the ways to the others."""

    mode: str  # "pages" | "bookmark" | "load-more" | "show-more"
    page: int
    pages: int
    shown: int  # rows up to the end of this page
    total: int
    previous_href: str | None
    next_href: str | None


def _bookmark(offset: int) -> str:
    """An opaque continuation token, as Pinterest's bookmarks are."""
    return base64.urlsafe_b64encode(f"audiences:{offset}".encode()).decode().rstrip("=")


def _offset_of(bookmark: str) -> int:
    try:
        text = base64.urlsafe_b64decode(bookmark + "=" * (-len(bookmark) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError):
        return 0
    prefix, _, number = text.partition(":")
    return int(number) if prefix == "audiences" and number.isdigit() else 0


def page_of(
    rows: list[AudienceRow], choices: dict[str, Any], query: dict[str, str]
) -> tuple[list[AudienceRow], Paging | None]:
    """The rows this request shows (`?page=N` or `?bookmark=...`) and its paging."""
    mode: str = choices["pinterest.audiences_paging"]
    if mode == "all":
        return rows, None
    size: int = choices["pinterest.audiences_page_size"]
    pages = max(1, -(-len(rows) // size))
    if mode == "bookmark":
        page = min(_offset_of(query.get("bookmark", "")) // size, pages - 1) + 1
    else:
        number = query.get("page", "1")
        page = min(max(int(number), 1), pages) if number.isdigit() else 1
    start = (page - 1) * size
    more = page < pages
    if mode == "bookmark":
        next_href = f"?bookmark={_bookmark(start + size)}" if more else None
        previous_href = None  # a bookmark only leads on
    else:
        next_href = f"?page={page + 1}" if more else None
        previous_href = f"?page={page - 1}" if page > 1 and mode == "pages" else None
    shown = min(start + size, len(rows))
    paging = Paging(mode, page, pages, shown, len(rows), previous_href, next_href)
    return rows[start : start + size], paging


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
            choices = world.choices
            rows = [
                audience_row(a, choices)
                for a in reversed(audiences_of(state, account.id, world.clock.timestamp()))
            ]
            shown, paging = page_of(rows, choices, dict(request.query_params))
            context = {
                "user": session.user,
                "account": account,
                "audiences": shown,
                "total": len(rows),
                "columns": columns(choices),
                "paging": paging,
            }
            return templates.TemplateResponse(request, "audiences.html", context)

    async def advertisers(request: Request) -> Response:
        """The ad accounts the signed-in user can see, each a link to its Audiences page."""
        with world.lock:
            session = sessions.current(request)
            if session is None:
                return RedirectResponse(login_url(request), 302)
            accounts = ad_accounts_of(world.pinterest, session.user.id)
            context = {"user": session.user, "ad_accounts": accounts, "ads_manager": True}
            return templates.TemplateResponse(request, "home.html", context)

    return [
        Route("/advertisers/", advertisers, methods=["GET"]),
        Route("/advertiser/{ad_account_id}/", advertiser, methods=["GET"]),
        Route("/advertiser/{ad_account_id}/audiences/", audiences, methods=["GET"]),
    ]
