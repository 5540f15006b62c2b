"""Deterministic scenarios: the same name gives the same IDs, names and dates in every process.

A scenario seeds both sites at once (the AEP org and the Pinterest side it exports to),
so a plan made against one mock run applies to a fresh one.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from mocks.aep.state import (
    NEW_CARD,
    OLD_CARD,
    Account,
    Activation,
    AepState,
    AepUser,
    Audience,
    Flow,
    Sandbox,
)
from mocks.clock import SCENARIO_EPOCH
from mocks.pinterest.state import (
    AdAccount,
    CustomerList,
    OAuthApp,
    PinterestAudience,
    PinterestState,
    PinterestUser,
    Token,
)

# The date Adobe copied every (Deprecating) Pinterest dataflow to the (New) Pinterest card.
COPY_DATE = datetime(2023, 11, 16, 9, 0, tzinfo=SCENARIO_EPOCH.tzinfo)

# Adobe's Pinterest app, as registered with Pinterest; the mock AEP is its client.
AEP_CLIENT_ID = "1484362"
AEP_CLIENT_SECRET = "mock-aep-client-secret"
AEP_APP_NAME = "Adobe Experience Platform"

AEP_USER_EMAIL = "ops@acme.example"
AEP_USER_PASSWORD = "mock-aep-password"
PINTEREST_EMAIL = "marketing@acme.example"
PINTEREST_PASSWORD = "mock-pinterest-password"
PINTEREST_USERNAME = "acme_marketing"
AD_ACCOUNT_ID = "549755885175"


def stable_id(*parts: str) -> str:
    """A UUID derived from `parts`: the same in every process."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "mock-aep/" + "/".join(parts)))


def audience_members(audience_id: str, profiles: int) -> list[str]:
    """The SHA-256 hashed emails of an audience's members (deterministic)."""
    return [
        hashlib.sha256(f"member{i}.{audience_id[:8]}@example.com".encode()).hexdigest()
        for i in range(profiles)
    ]


@dataclass
class Scenario:
    aep: AepState
    pinterest: PinterestState
    # Options the scenario was built with, echoed by the state API.
    options: dict[str, Any] = field(default_factory=dict)


class ScenarioError(ValueError):
    """An unknown scenario or a bad option: the state API answers 400 with its text."""


class _Builder:
    """Accumulates one scenario's two sites; helpers keep the scenarios short."""

    def __init__(self, aep_origin: str, sandboxes: list[Sandbox] | None = None) -> None:
        self.aep = AepState(
            org_name="Acme Corp",
            tenant="acme",
            user=AepUser(email=AEP_USER_EMAIL, name="Olivia Ops", password=AEP_USER_PASSWORD),
            sandboxes=sandboxes or [Sandbox("prod", "Prod")],
            audiences={},
            accounts={},
            flows={},
        )
        owner = PinterestUser(
            id="1014932261412345",
            username=PINTEREST_USERNAME,
            email=PINTEREST_EMAIL,
            password=PINTEREST_PASSWORD,
            business_name="Acme Corp",
        )
        self.pinterest = PinterestState(
            users={owner.id: owner},
            ad_accounts={
                AD_ACCOUNT_ID: AdAccount(
                    id=AD_ACCOUNT_ID,
                    name="Acme Ads",
                    owner_user_id=owner.id,
                    created_time=int(datetime(2022, 3, 1, tzinfo=COPY_DATE.tzinfo).timestamp()),
                    updated_time=int(COPY_DATE.timestamp()),
                )
            },
            apps={
                AEP_CLIENT_ID: OAuthApp(
                    client_id=AEP_CLIENT_ID,
                    name=AEP_APP_NAME,
                    client_secret=AEP_CLIENT_SECRET,
                    redirect_uris=[f"{aep_origin}/oauth/pinterest/callback"],
                )
            },
        )

    def audience(self, sandbox: str, name: str, profiles: int = 150) -> Audience:
        audience = Audience(stable_id(sandbox, "audience", name), sandbox, name, profiles=profiles)
        self.aep.audiences[audience.id] = audience
        return audience

    def account(
        self,
        sandbox: str,
        destination: str,
        name: str,
        *,
        connected: bool,
        expires: datetime | None = None,
    ) -> Account:
        account = Account(
            id=stable_id(sandbox, "account", destination, name),
            sandbox=sandbox,
            name=name,
            destination=destination,
            username=PINTEREST_USERNAME if "Pinterest" in destination else "acme-ops",
            created_by=self.aep.user.email,
            description="",
        )
        if connected:
            # A 30-day token, granted 10 days before the epoch unless `expires` says otherwise.
            account.expires = expires or SCENARIO_EPOCH + timedelta(days=20)
            account.authorized = account.expires - timedelta(days=30)
            account.access_token = f"pina_seed_{account.id[:8]}"
            if "Pinterest" in destination:
                # The grant Pinterest gave this account: its exports must authenticate.
                self.pinterest.tokens[account.access_token] = Token(
                    value=account.access_token,
                    kind="access",
                    user_id=next(iter(self.pinterest.users)),
                    client_id=AEP_CLIENT_ID,
                    scopes=["ads:read", "ads:write", "user_accounts:read"],
                    expires_at=int(account.expires.timestamp()),
                )
        else:
            # Copied from the old card on COPY_DATE; its v4 grant does not work for v5.
            account.authorized = COPY_DATE
            account.expires = COPY_DATE
        self.aep.accounts[account.id] = account
        return account

    def flow(
        self,
        sandbox: str,
        name: str,
        account: Account,
        audiences: list[Audience],
        *,
        enabled: bool,
        added_after_copy: list[Audience] = (),  # type: ignore[assignment]
    ) -> Flow:
        created = (
            COPY_DATE
            if account.destination == NEW_CARD
            else datetime(2023, 5, 2, 14, 30, tzinfo=COPY_DATE.tzinfo)
        )
        flow = Flow(
            id=stable_id(sandbox, "flow", account.destination, name),
            sandbox=sandbox,
            name=name,
            destination=account.destination,
            account_id=account.id,
            ad_account_id=AD_ACCOUNT_ID,
            enabled=enabled,
            activations=[Activation(a.id, start=created) for a in audiences]
            + [Activation(a.id, start=COPY_DATE + timedelta(days=3)) for a in added_after_copy],
            created=created,
            created_by=self.aep.user.email,
            modified=COPY_DATE + timedelta(days=3) if added_after_copy else created,
            modified_by=self.aep.user.email,
        )
        self.aep.flows[flow.id] = flow
        return flow

    def pinterest_audience(self, audience: Audience, updated: datetime) -> None:
        """What the old card's v4 exports left in the ad account before the migration."""
        ts = int(updated.timestamp())
        members = audience_members(audience.id, audience.profiles)
        customer_list = CustomerList(
            id=self.pinterest.new_id(),
            ad_account_id=AD_ACCOUNT_ID,
            name=audience.name,
            list_type="EMAIL",
            records=members,
            num_batches=1,
            num_uploaded_user_records=len(members),
            status="READY",
            created_time=ts,
            updated_time=ts,
        )
        self.pinterest.customer_lists[customer_list.id] = customer_list
        pin = PinterestAudience(
            id=self.pinterest.new_id(),
            ad_account_id=AD_ACCOUNT_ID,
            name=audience.name,
            audience_type="CUSTOMER_LIST",
            rule={"customer_list_id": customer_list.id},
            description=f"Adobe Experience Platform audience {audience.id}",
            size=len(members),
            status="READY" if len(members) >= 100 else "TOO_SMALL",
            created_timestamp=ts,
            updated_timestamp=ts,
        )
        self.pinterest.audiences[pin.id] = pin

    def pair(
        self,
        sandbox: str,
        name: str,
        old: Account,
        new: Account,
        audiences: list[Audience],
        *,
        added_after_copy: list[Audience] = (),  # type: ignore[assignment]
        migrated: bool = False,
        paused: bool = False,
    ) -> None:
        """An old flow and its copy on the new card, as Adobe's copy left them."""
        self.flow(
            sandbox,
            name,
            old,
            audiences,
            enabled=not migrated and not paused,
            added_after_copy=added_after_copy,
        )
        self.flow(
            sandbox,
            name,
            new,
            audiences + (list(added_after_copy) if migrated else []),
            enabled=migrated and not paused,
        )
        for audience in [*audiences, *added_after_copy]:
            self.pinterest_audience(audience, COPY_DATE - timedelta(days=1))

    def build(self, **options: Any) -> Scenario:
        return Scenario(self.aep, self.pinterest, options)


def _pinterest_accounts(b: _Builder, sandbox: str, *, reconnected: bool) -> tuple[Account, Account]:
    old = b.account(sandbox, OLD_CARD, "Pinterest - Acme Ads", connected=True)
    new = b.account(sandbox, NEW_CARD, "Pinterest - Acme Ads", connected=reconnected)
    return old, new


def _other_destinations(b: _Builder, sandbox: str) -> None:
    """Flows to other destinations, which the migration must not touch."""
    fb = b.account(sandbox, "Facebook Custom Audience", "Facebook - Acme", connected=True)
    google = b.account(sandbox, "Google Customer Match", "Google - Acme", connected=True)
    loyal = b.audience(sandbox, "Loyalty members")
    b.flow(sandbox, "Loyalty campaign", fb, [loyal], enabled=True)
    b.flow(
        sandbox,
        "Google CM - lapsed buyers",
        google,
        [b.audience(sandbox, "Lapsed buyers")],
        enabled=True,
    )


def _notice(aep_origin: str, *, migrated: bool = False) -> Scenario:
    b = _Builder(aep_origin)
    sb = "prod"
    old, new = _pinterest_accounts(b, sb, reconnected=migrated)
    loyal = b.audience(sb, "Loyalty members")
    high = b.audience(sb, "High-value customers")
    spring = b.audience(sb, "Spring sale visitors")
    cart = b.audience(sb, "Cart abandoners (30 days)")
    holiday = b.audience(sb, "Holiday gift shoppers")
    b.pair(sb, "Loyalty campaign", old, new, [loyal, high], migrated=migrated)
    b.pair(sb, "Spring sale retargeting", old, new, [spring], migrated=migrated)
    # An audience activated to the old flow after the copy date: not on the new flow.
    b.pair(sb, "Cart recovery", old, new, [cart], added_after_copy=[holiday], migrated=migrated)
    _other_destinations(b, sb)
    return b.build()


def notice(aep_origin: str, options: dict[str, Any]) -> Scenario:
    """The notice's example: "Loyalty campaign" and two more pairs, one of them not in sync."""
    _no_options("notice", options)
    return _notice(aep_origin)


def migrated(aep_origin: str, options: dict[str, Any]) -> Scenario:
    """The notice's pairs, already migrated: the harness must change nothing."""
    _no_options("migrated", options)
    return _notice(aep_origin, migrated=True)


def large(aep_origin: str, options: dict[str, Any]) -> Scenario:
    """N generated pairs (option `pairs`, default 400) with K audiences each (`audiences`, 2);
    the (New) account expired, as in the notice, unless `reconnected` is true."""
    unknown = set(options) - {"pairs", "audiences", "reconnected"}
    if unknown:
        raise ScenarioError(f"scenario 'large' has no option(s) {sorted(unknown)}")
    pairs = options.get("pairs", 400)
    per_pair = options.get("audiences", 2)
    if not isinstance(pairs, int) or not 1 <= pairs <= 2000:
        raise ScenarioError("option 'pairs' of scenario 'large' must be an integer from 1 to 2000")
    if not isinstance(per_pair, int) or not 1 <= per_pair <= 200:
        raise ScenarioError("option 'audiences' of scenario 'large' must be from 1 to 200")
    reconnected = options.get("reconnected", False)
    if not isinstance(reconnected, bool):
        raise ScenarioError("option 'reconnected' of scenario 'large' must be true or false")
    b = _Builder(aep_origin)
    sb = "prod"
    old, new = _pinterest_accounts(b, sb, reconnected=reconnected)
    for i in range(1, pairs + 1):
        audiences = [b.audience(sb, f"Campaign {i:04d} audience {k + 1}") for k in range(per_pair)]
        b.pair(sb, f"Campaign {i:04d}", old, new, audiences)
    return b.build(pairs=pairs, audiences=per_pair)


def names(aep_origin: str, options: dict[str, Any]) -> Scenario:
    """Names that break naive selectors: quotes, apostrophes, &, unicode, prefixes, length."""
    _no_options("names", options)
    b = _Builder(aep_origin)
    sb = "prod"
    old, new = _pinterest_accounts(b, sb, reconnected=False)
    tricky = [
        "Loyalty",
        "Loyalty campaign",  # "Loyalty" is a prefix of it
        'Mother\'s Day "VIP" list',
        "Café & Crème — été 2023 🎉",
        "Ünïcödé 顧客 セグメント",
        "Q4 " + "very long connection name " * 4 + "end",  # over 100 characters
    ]
    for name in tricky:
        b.pair(sb, name, old, new, [b.audience(sb, f"{name} audience")])
    return b.build()


def sandboxes(aep_origin: str, options: dict[str, Any]) -> Scenario:
    """Two sandboxes, each with its own accounts and pairs (and one name in both)."""
    _no_options("sandboxes", options)
    b = _Builder(
        aep_origin, [Sandbox("prod", "Prod"), Sandbox("dev-emea", "Dev EMEA", type="development")]
    )
    for sb, pair_names in (
        ("prod", ["Loyalty campaign", "Spring sale retargeting"]),
        ("dev-emea", ["Loyalty campaign", "EMEA newsletter"]),
    ):
        old, new = _pinterest_accounts(b, sb, reconnected=False)
        for name in pair_names:
            b.pair(sb, name, old, new, [b.audience(sb, f"{name} members")])
    return b.build()


# The (New) Pinterest accounts of `expiring`: name, days from the epoch to expiry, flows.
EXPIRING_ACCOUNTS = (
    ("Acme Ads US", 3, ["US prospecting", "US loyalty"]),
    ("Acme Ads EU", 20, ["EU newsletter"]),
    ("Acme Ads APAC", -2, ["APAC launch"]),
)


def expiring(aep_origin: str, options: dict[str, Any]) -> Scenario:
    """Three connected (New) Pinterest accounts whose tokens expire at different times:
    in 3 days, in 20 days, and 2 days ago (for the keep-alive `--reauth-only`)."""
    _no_options("expiring", options)
    b = _Builder(aep_origin)
    sb = "prod"
    for name, days, flow_names in EXPIRING_ACCOUNTS:
        account = b.account(
            sb, NEW_CARD, name, connected=True, expires=SCENARIO_EPOCH + timedelta(days=days)
        )
        for flow_name in flow_names:
            b.flow(sb, flow_name, account, [b.audience(sb, f"{flow_name} members")], enabled=True)
    return b.build()


# The second Pinterest identity of `identities`: its own login, username and ad account.
EMEA_PINTEREST_EMAIL = "emea@acme.example"
EMEA_PINTEREST_PASSWORD = "mock-pinterest-emea-password"
EMEA_PINTEREST_USERNAME = "acme_emea"
EMEA_AD_ACCOUNT_ID = "549755885176"
# identities: sandbox -> (AEP account name, Pinterest username, ad account, pair name).
IDENTITIES = {
    "prod": ("Pinterest - Acme US", PINTEREST_USERNAME, AD_ACCOUNT_ID, "US loyalty"),
    "dev-emea": (
        "Pinterest - Acme EMEA", EMEA_PINTEREST_USERNAME, EMEA_AD_ACCOUNT_ID, "EMEA newsletter"
    ),
}  # fmt: skip


def identities(aep_origin: str, options: dict[str, Any]) -> Scenario:
    """Two Pinterest identities: sandbox prod exports to the scenario's usual Pinterest user
    and ad account, sandbox dev-emea to another user (EMEA_*) with an ad account of its
    own, which the first user cannot see. Each (New) Pinterest account needs a reconnect
    as its own user."""
    _no_options("identities", options)
    b = _Builder(
        aep_origin, [Sandbox("prod", "Prod"), Sandbox("dev-emea", "Dev EMEA", type="development")]
    )
    emea = PinterestUser(
        id="1014932261419999",
        username=EMEA_PINTEREST_USERNAME,
        email=EMEA_PINTEREST_EMAIL,
        password=EMEA_PINTEREST_PASSWORD,
        business_name="Acme EMEA",
    )
    b.pinterest.users[emea.id] = emea
    b.pinterest.ad_accounts[EMEA_AD_ACCOUNT_ID] = AdAccount(
        id=EMEA_AD_ACCOUNT_ID,
        name="Acme Ads EMEA",
        owner_user_id=emea.id,
        country="DE",
        currency="EUR",
        created_time=int(datetime(2022, 6, 1, tzinfo=COPY_DATE.tzinfo).timestamp()),
        updated_time=int(COPY_DATE.timestamp()),
    )
    for sb, (account_name, username, ad_account, pair_name) in IDENTITIES.items():
        old = b.account(sb, OLD_CARD, account_name, connected=True)
        new = b.account(sb, NEW_CARD, account_name, connected=False)
        audience = b.audience(sb, f"{pair_name} members")
        lists_before = set(b.pinterest.customer_lists)
        b.pair(sb, pair_name, old, new, [audience])
        if ad_account == AD_ACCOUNT_ID:
            continue
        # The builder seeds the usual user's things: hand this sandbox's to the other one.
        old.username = new.username = username
        b.pinterest.tokens[old.access_token or ""].user_id = emea.id
        for flow in b.aep.flows.values():
            if flow.sandbox == sb:
                flow.ad_account_id = ad_account
        for list_id in set(b.pinterest.customer_lists) - lists_before:
            b.pinterest.customer_lists[list_id].ad_account_id = ad_account
        for pin in b.pinterest.audiences.values():
            if pin.name == audience.name:
                pin.ad_account_id = ad_account
    return b.build()


def _no_options(name: str, options: dict[str, Any]) -> None:
    if options:
        raise ScenarioError(f"scenario {name!r} takes no options, got {sorted(options)}")


SCENARIOS: dict[str, Callable[[str, dict[str, Any]], Scenario]] = {
    "notice": notice,
    "migrated": migrated,
    "large": large,
    "names": names,
    "sandboxes": sandboxes,
    "expiring": expiring,
    "identities": identities,
}


def build(name: str, aep_origin: str, options: dict[str, Any] | None = None) -> Scenario:
    try:
        builder = SCENARIOS[name]
    except KeyError:
        raise ScenarioError(
            f"unknown scenario {name!r}; known: {', '.join(sorted(SCENARIOS))}"
        ) from None
    return builder(aep_origin, dict(options or {}))
