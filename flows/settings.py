"""The harness's settings: read from `.env` (environment variables win), typed, validated.

Every name is bound by DESIGN.md; `.env.example` documents each. A missing or malformed
value raises `SettingsError` whose text is one line naming the variable.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from dotenv import dotenv_values

from pages.label_sets import LABEL_SETS
from pages.labels import read_labels_file

Target = Literal["mock", "live"]


class SettingsError(ValueError):
    """A setting is missing or malformed; the message names it."""


@dataclass(frozen=True)
class PinterestIdentity:
    """A Pinterest login to reconnect an AEP account with: a password or a saved state."""

    key: str  # "default" (PINTEREST_EMAIL/_STORAGE_STATE) or its PINTEREST_CREDENTIALS_FILE key
    email: str | None = None
    password: str | None = field(default=None, repr=False)
    storage_state: Path | None = None
    # The Pinterest username the account must show after a reconnect ("": the one AEP
    # showed in the plan).
    username: str = ""


@dataclass(frozen=True)
class Settings:
    migration_target: Target = "mock"
    # None until known: in mock mode the embedded mock AEP's URL fills it in.
    aep_url: str | None = None
    aep_storage_state: Path = Path(".auth/aep.json")
    # Empty: the sandbox that AEP_URL opens.
    aep_sandboxes: tuple[str, ...] = ()
    old_destination: str = "(Deprecating) Pinterest"
    new_destination: str = "(New) Pinterest"
    pinterest_email: str | None = None
    pinterest_password: str | None = field(default=None, repr=False)
    pinterest_storage_state: Path | None = None
    pinterest_credentials_file: Path | None = None
    pinterest_login_origins: tuple[str, ...] = ("https://www.pinterest.com",)
    pinterest_ads_url: str = "https://ads.pinterest.com"
    pinterest_ad_account_id: str | None = None
    # PINTEREST_AD_ACCOUNTS: sandbox, or "sandbox/AEP account name", -> ad account ID, for
    # flows whose page shows none (flows/ad_accounts.py).
    pinterest_ad_accounts: dict[str, str] = field(default_factory=dict)
    labels_file: Path | None = None
    browser_ws_endpoint: str | None = None
    # Sent to that server as the `x-playwright-launch-options` header (Playwright's own
    # camelCase names, e.g. {"executablePath": "/usr/bin/chromium"}).
    browser_launch_options: dict[str, Any] | None = None
    evidence_dir: Path = Path("evidence")
    # The embedded mocks' scenario when MIGRATION_TARGET=mock (e.g. notice, large).
    mock_scenario: str = "notice"
    # How many browser contexts read the flows (dry run) and switch the pairs (`--apply`),
    # taking them from one queue (flows/parallel.py).
    parallel_contexts: int = 1

    def secret_values(self) -> list[str]:
        """Values that must never reach a trace, report, log or junit file."""
        passwords = [i.password for i in self.pinterest_identities.values()]
        return [v for v in (self.pinterest_password, *passwords) if v]

    @cached_property
    def pinterest_identities(self) -> dict[str, PinterestIdentity]:
        """PINTEREST_CREDENTIALS_FILE's entries: AEP account ("name" or "sandbox/name") ->
        Pinterest login (read once; load_settings validates it)."""
        path = self.pinterest_credentials_file
        return _identities(path) if path is not None else {}

    def pinterest_identity(self, sandbox: str = "", account: str = "") -> PinterestIdentity:
        """The login for an AEP account: its credentials-file entry ("sandbox/name" first,
        then "name"), else PINTEREST_EMAIL/PASSWORD or PINTEREST_STORAGE_STATE."""
        for key in (f"{sandbox}/{account}", account):
            if key in self.pinterest_identities:
                return self.pinterest_identities[key]
        return PinterestIdentity(
            "default", self.pinterest_email, self.pinterest_password, self.pinterest_storage_state
        )


def _origin(variable: str, value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path not in ("", "/"):
        raise SettingsError(
            f"{variable}: {value!r} is not an origin like https://www.pinterest.com"
        )
    return f"{parts.scheme}://{parts.netloc}"


def _url(variable: str, value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise SettingsError(f"{variable}: {value!r} is not an http(s) URL")
    return value.rstrip("/") if not parts.fragment else value


def _existing_file(variable: str, value: str, base: Path) -> Path:
    path = _path(value, base)
    if not path.is_file():
        raise SettingsError(f"{variable}: no file at {path}")
    return path


def _path(value: str, base: Path) -> Path:
    path = Path(value)
    return path if path.is_absolute() else base / path


def _json_object(variable: str, value: str) -> dict[str, Any]:
    try:
        data = json.loads(value)
    except json.JSONDecodeError as exc:
        raise SettingsError(f"{variable}: not JSON ({exc.msg})") from None
    if not isinstance(data, dict):
        raise SettingsError(f"{variable}: must be a JSON object, got {value!r}")
    return data


IDENTITY_FIELDS = {"email", "password", "storage_state", "username"}


def _identities(path: Path) -> dict[str, PinterestIdentity]:
    """PINTEREST_CREDENTIALS_FILE: `{"<account>": {"email", "password"} or {"storage_state"},
    optionally "username"}`; a storage state's path is relative to the file's folder."""
    variable = "PINTEREST_CREDENTIALS_FILE"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise SettingsError(f"{variable}: {path} is not JSON ({exc.msg})") from None
    if not isinstance(data, dict):
        raise SettingsError(f"{variable}: must map AEP account names to Pinterest logins")
    identities = {}
    for key, entry in data.items():
        if not isinstance(entry, dict) or not all(isinstance(v, str) for v in entry.values()):
            raise SettingsError(f"{variable}: {key!r} must be an object of strings")
        if unknown := sorted(set(entry) - IDENTITY_FIELDS):
            raise SettingsError(f"{variable}: {key!r} has unknown field(s) {unknown}")
        has_login = bool(entry.get("email")) and bool(entry.get("password"))
        if has_login == bool(entry.get("storage_state")):
            raise SettingsError(
                f"{variable}: {key!r} needs either email and password, or storage_state"
            )
        state = entry.get("storage_state")
        identities[key] = PinterestIdentity(
            key=key,
            email=entry.get("email"),
            password=entry.get("password"),
            storage_state=_path(state, path.parent) if state else None,
            username=entry.get("username", ""),
        )
    return identities


def _ad_accounts(value: str) -> dict[str, str]:
    """PINTEREST_AD_ACCOUNTS: `{"<sandbox>" or "<sandbox>/<AEP account name>": "<ad account
    id>"}` (an ID may be a JSON number too: Python reads it exactly)."""
    variable = "PINTEREST_AD_ACCOUNTS"
    data = _json_object(variable, value)
    accounts = {}
    for key, given in data.items():
        sandbox, _, account = key.partition("/")
        if not sandbox.strip() or ("/" in key and not account.strip()):
            raise SettingsError(
                f'{variable}: {key!r} must be a sandbox name or "<sandbox>/<AEP account name>"'
            )
        ad_account = str(given) if isinstance(given, int) and not isinstance(given, bool) else given
        if not isinstance(ad_account, str) or not re.fullmatch(r"\d{1,18}", ad_account):
            raise SettingsError(
                f"{variable}: {key!r} must map to an ad account ID of up to 18 digits, "
                f"got {given!r}"
            )
        accounts[key] = ad_account
    return accounts


def _names(value: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in value.split(",") if name.strip())


def load_settings(root: Path, environ: Mapping[str, str] | None = None) -> Settings:
    """Read `root/.env` under the environment (environment wins) and validate every value."""
    env_file = {k: v for k, v in dotenv_values(root / ".env").items() if v is not None}
    env = {**env_file, **(os.environ if environ is None else environ)}

    def get(name: str) -> str | None:
        value = env.get(name, "").strip()
        return value or None

    target = get("MIGRATION_TARGET") or "mock"
    if target not in ("mock", "live"):
        raise SettingsError(f"MIGRATION_TARGET: must be 'mock' or 'live', got {target!r}")
    aep_url = get("AEP_URL")
    if aep_url:
        aep_url = _url("AEP_URL", aep_url)
    elif target == "live":
        raise SettingsError(
            "AEP_URL: required when MIGRATION_TARGET=live, e.g. "
            "https://experience.adobe.com/#/@TENANT/sname:prod/platform/home"
        )
    ad_account = get("PINTEREST_AD_ACCOUNT_ID")
    if ad_account and not re.fullmatch(r"\d{1,18}", ad_account):
        raise SettingsError(f"PINTEREST_AD_ACCOUNT_ID: must be up to 18 digits, got {ad_account!r}")
    ws = get("BROWSER_WS_ENDPOINT")
    if ws and urlsplit(ws).scheme not in ("ws", "wss"):
        raise SettingsError(f"BROWSER_WS_ENDPOINT: must be a ws:// or wss:// URL, got {ws!r}")
    launch = get("BROWSER_LAUNCH_OPTIONS")
    if launch and not ws:
        raise SettingsError("BROWSER_LAUNCH_OPTIONS: only used with BROWSER_WS_ENDPOINT")
    email, password = get("PINTEREST_EMAIL"), get("PINTEREST_PASSWORD")
    if bool(email) != bool(password):
        missing = "PINTEREST_PASSWORD" if email else "PINTEREST_EMAIL"
        raise SettingsError(f"{missing}: required when the other Pinterest login setting is set")
    origins = _names(get("PINTEREST_LOGIN_ORIGINS") or "https://www.pinterest.com")
    if not origins:
        raise SettingsError("PINTEREST_LOGIN_ORIGINS: needs at least one origin")
    old, new = get("OLD_DESTINATION"), get("NEW_DESTINATION")
    contexts = get("PARALLEL_CONTEXTS") or "1"
    if not re.fullmatch(r"\d{1,3}", contexts) or int(contexts) < 1:
        raise SettingsError(f"PARALLEL_CONTEXTS: must be a whole number >= 1, got {contexts!r}")
    defaults = Settings()
    settings = Settings(
        migration_target="live" if target == "live" else "mock",
        aep_url=aep_url,
        aep_storage_state=_path(get("AEP_STORAGE_STATE") or str(defaults.aep_storage_state), root),
        aep_sandboxes=_names(get("AEP_SANDBOXES") or ""),
        old_destination=old or defaults.old_destination,
        new_destination=new or defaults.new_destination,
        pinterest_email=email,
        pinterest_password=password,
        # Need not exist yet: `make login` creates it; a run checks it (flows/conftest.py).
        pinterest_storage_state=(_path(v, root) if (v := get("PINTEREST_STORAGE_STATE")) else None),
        pinterest_credentials_file=(
            _existing_file("PINTEREST_CREDENTIALS_FILE", v, root)
            if (v := get("PINTEREST_CREDENTIALS_FILE"))
            else None
        ),
        pinterest_login_origins=tuple(_origin("PINTEREST_LOGIN_ORIGINS", o) for o in origins),
        pinterest_ads_url=_url(
            "PINTEREST_ADS_URL", get("PINTEREST_ADS_URL") or defaults.pinterest_ads_url
        ),
        pinterest_ad_account_id=ad_account,
        pinterest_ad_accounts=_ad_accounts(v) if (v := get("PINTEREST_AD_ACCOUNTS")) else {},
        labels_file=_existing_file("LABELS_FILE", v, root) if (v := get("LABELS_FILE")) else None,
        browser_ws_endpoint=ws,
        browser_launch_options=_json_object("BROWSER_LAUNCH_OPTIONS", launch) if launch else None,
        evidence_dir=root / (get("EVIDENCE_DIR") or defaults.evidence_dir),
        mock_scenario=get("MOCK_SCENARIO") or defaults.mock_scenario,
        parallel_contexts=int(contexts),
    )
    settings.pinterest_identities  # noqa: B018 -- read now: a malformed file stops the start
    if settings.labels_file is not None:
        try:
            read_labels_file(settings.labels_file, LABEL_SETS)
        except ValueError as exc:
            raise SettingsError(f"LABELS_FILE: {exc}") from None
    if old and new and old == new:
        raise SettingsError("NEW_DESTINATION: must differ from OLD_DESTINATION")
    return settings
