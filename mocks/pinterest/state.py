"""In-memory state of the mock Pinterest. Plain dataclasses; `to_json` feeds `GET /__mock/state`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mocks.jsonstate import to_jsonable


@dataclass
class PinterestUser:
    id: str
    username: str
    email: str
    password: str = field(repr=False)
    business_name: str = ""
    account_type: str = "BUSINESS"


@dataclass
class AdAccount:
    id: str
    name: str
    owner_user_id: str
    # Users other than the owner with Business Access ("audience" level is what Adobe needs).
    member_user_ids: list[str] = field(default_factory=list)
    country: str = "US"
    currency: str = "USD"
    created_time: int = 0
    updated_time: int = 0


@dataclass
class OAuthApp:
    """A registered Pinterest app (Adobe's destination is one)."""

    client_id: str
    name: str
    client_secret: str = field(repr=False)
    redirect_uris: list[str] = field(default_factory=list)


@dataclass
class AuthCode:
    code: str = field(repr=False)
    client_id: str
    redirect_uri: str
    user_id: str
    scopes: list[str]
    expires_at: int
    used: bool = False


@dataclass
class Token:
    value: str = field(repr=False)
    kind: str  # "access" | "refresh"
    user_id: str
    client_id: str
    scopes: list[str]
    expires_at: int
    # A continuous refresh token (60 days, renewed on use) rather than a legacy one (365 days).
    continuous: bool = False


@dataclass
class PinterestAudience:
    id: str
    ad_account_id: str
    name: str
    audience_type: str
    rule: dict[str, Any]
    description: str | None = None
    size: int | None = None
    status: str = "INITIALIZING"
    created_timestamp: int = 0
    updated_timestamp: int = 0
    # Mock-clock second when processing ends (status READY / TOO_SMALL, size known).
    ready_at: int = 0


@dataclass
class CustomerList:
    id: str
    ad_account_id: str
    name: str
    list_type: str
    records: list[str] = field(default_factory=list)
    num_batches: int = 0
    num_uploaded_user_records: int = 0
    num_removed_user_records: int = 0
    status: str = "PROCESSING"
    created_time: int = 0
    updated_time: int = 0
    ready_at: int = 0


@dataclass
class V4Request:
    """A call to the retired v4 advertiser API (what (Deprecating) flows use)."""

    at: int
    method: str
    path: str
    status: int


@dataclass
class ApiRequest:
    """One API v5 request, so tests can tell what reached Pinterest and how it was answered."""

    at: int
    method: str
    path: str
    status: int


# The request logs keep the newest entries only, so a long benchmark cannot grow it unbounded.
API_REQUEST_LOG_LIMIT = 1000


@dataclass
class PinterestState:
    users: dict[str, PinterestUser]
    ad_accounts: dict[str, AdAccount]
    apps: dict[str, OAuthApp]
    audiences: dict[str, PinterestAudience] = field(default_factory=dict)
    customer_lists: dict[str, CustomerList] = field(default_factory=dict)
    codes: dict[str, AuthCode] = field(default_factory=dict)
    tokens: dict[str, Token] = field(default_factory=dict)
    v4_requests: list[V4Request] = field(default_factory=list)
    api_requests: list[ApiRequest] = field(default_factory=list)
    # API v5 requests answered 429 under fault `pinterest_rate_limit` since the reset.
    rate_limited: int = 0
    # Seconds (mock clock) that audiences and lists stay PROCESSING after a change.
    processing_delay_s: int = 0
    next_id: int = 1000

    def new_id(self) -> str:
        """A numeric-string ID, deterministic for a scenario."""
        self.next_id += 1
        return f"5497{self.next_id:08d}"

    def log_api_request(self, request: ApiRequest) -> None:
        self.api_requests.append(request)
        del self.api_requests[:-API_REQUEST_LOG_LIMIT]

    def log_v4_request(self, request: V4Request) -> None:
        self.v4_requests.append(request)
        del self.v4_requests[:-API_REQUEST_LOG_LIMIT]

    def to_json(self) -> dict[str, Any]:
        state: dict[str, Any] = to_jsonable(self)
        # Codes and tokens are keyed by their secret value: report them without it.
        state["codes"] = [to_jsonable(c) for c in self.codes.values()]
        state["tokens"] = [to_jsonable(t) for t in self.tokens.values()]
        return state
