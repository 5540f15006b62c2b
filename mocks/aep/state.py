"""In-memory state of the mock AEP. Plain dataclasses; `to_json` feeds `GET /__mock/state`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from mocks.jsonstate import to_jsonable

OLD_CARD = "(Deprecating) Pinterest"
NEW_CARD = "(New) Pinterest"


@dataclass(frozen=True)
class Card:
    """A destination card of the catalog."""

    name: str
    connection_type: str
    category: str
    # Accounts and Browse show an expiration date only for these (Pinterest, LinkedIn).
    shows_expiry: bool = False
    # Which Pinterest API a card's dataflows export through ("v4", "v5"), if any.
    pinterest_api: str | None = None


CATALOG: dict[str, Card] = {
    card.name: card
    for card in (
        Card(OLD_CARD, "OAuth 2", "Advertising", shows_expiry=True, pinterest_api="v4"),
        Card(NEW_CARD, "OAuth 2", "Advertising", shows_expiry=True, pinterest_api="v5"),
        Card("Facebook Custom Audience", "OAuth 2", "Social"),
        Card("Google Customer Match", "Server-to-server", "Advertising"),
        Card("LinkedIn Matched Audiences", "OAuth 2", "Social", shows_expiry=True),
        Card("Amazon S3", "Access Key", "Cloud storage"),
    )
}


@dataclass
class Sandbox:
    name: str
    title: str
    region: str = "VA7"
    type: str = "production"


@dataclass
class AepUser:
    email: str
    name: str
    password: str = field(repr=False)
    # Manage Destinations is what changing a dataflow needs.
    permissions: list[str] = field(
        default_factory=lambda: [
            "View Destinations",
            "Manage Destinations",
            "Activate Destinations",
            "View Profiles",
            "View Segments",
        ]
    )


@dataclass
class Audience:
    """An audience (segment) of a sandbox; its members are generated from its ID."""

    id: str
    sandbox: str
    name: str
    description: str = ""
    profiles: int = 150


@dataclass
class Activation:
    """An audience mapped to a dataflow, with its schedule."""

    audience_id: str
    start: datetime
    end: datetime | None = None
    source_identity: str = "Email_LC_SHA256"
    target_field: str = "pinterest_audience"


@dataclass
class Account:
    """A destination account (Destinations > Accounts)."""

    id: str
    sandbox: str
    name: str
    destination: str
    username: str = ""
    created_by: str = ""
    authorized: datetime | None = None
    expires: datetime | None = None
    access_token: str | None = field(default=None, repr=False)
    refresh_token: str | None = field(default=None, repr=False)
    description: str = ""


@dataclass
class Run:
    """One dataflow run (an export attempt)."""

    id: str
    started: datetime
    status: str  # Completed | Failed | Processing
    profiles_received: int = 0
    identities_activated: int = 0
    identities_excluded: int = 0
    identities_failed: int = 0
    # Mock-clock seconds the run took (0 unless the clock moved while it ran).
    processing_time: int = 0
    error: str = ""


@dataclass
class Flow:
    """A dataflow (a connection to a destination) and its activated audiences."""

    id: str
    sandbox: str
    name: str
    destination: str
    account_id: str
    ad_account_id: str
    enabled: bool
    activations: list[Activation] = field(default_factory=list)
    description: str = ""
    data_type: str = "Customers"
    created: datetime | None = None
    created_by: str = ""
    modified: datetime | None = None
    modified_by: str = ""
    tags: list[str] = field(default_factory=list)
    marketing_actions: list[str] = field(default_factory=lambda: ["Data Export"])
    runs: list[Run] = field(default_factory=list)


@dataclass
class PendingOAuth:
    """A Reconnect OAuth that went to Pinterest and has not come back yet."""

    # The `state` parameter sent to Pinterest; single use, so a replayed callback fails.
    state: str = field(repr=False)
    account_id: str
    started: datetime
    started_by: str
    # Variant oauth=redirect: the app route the tab returns to ("" for a popup).
    return_to: str = ""


@dataclass
class AepState:
    org_name: str
    tenant: str
    user: AepUser
    sandboxes: list[Sandbox]
    audiences: dict[str, Audience]
    accounts: dict[str, Account]
    flows: dict[str, Flow]
    # Counts every change request that reached the server (enable, disable, reconnect...).
    change_count: int = 0
    # What changed, in order: {"at", "op", "flow_id" | "account_id", ...}.
    changes: list[dict[str, Any]] = field(default_factory=list)
    # Runs numbered across the org, so run IDs are deterministic.
    runs_started: int = 0
    oauth_pending: list[PendingOAuth] = field(default_factory=list)
    # Variant oauth=redirect: the outcome of a reconnect, by user, until the app reads it.
    oauth_results: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Counters of the counted faults since the reset: `flow_action_errors` answered,
    # `signed_in_requests` seen (for `aep_session_expires_after`).
    faults_fired: dict[str, int] = field(default_factory=dict)
    # Fault aep_session_expires_after: the sign-ins that made those requests, which end.
    sessions_in_use: set[str] = field(default_factory=set)
    # Change requests held unapplied right now (fault hold_after_changes).
    held: int = 0
    # Fault stale_browse_list: a changed flow's status before the change, which the next
    # list of flows still shows.
    stale_rows: dict[str, bool] = field(default_factory=dict)

    def record_change(self, at: datetime, op: str, by: str, **target: Any) -> None:
        """Count a change request the server carried out; `target` names the flow or account."""
        self.change_count += 1
        self.changes.append({"at": at.isoformat(), "op": op, "by": by, **target})

    def to_json(self) -> dict[str, Any]:
        state: dict[str, Any] = to_jsonable(self)
        return state
