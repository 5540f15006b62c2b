"""The harness's settings: read from `.env` (environment variables win), typed, validated.

Every name is documented in `.env.example` and docs/migration.md. A missing or malformed
value raises `SettingsError` whose text is one line naming the variable.
"""

from __future__ import annotations

import dataclasses
import ipaddress
import json
import os
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Literal
from urllib.parse import parse_qsl, urlsplit, urlunsplit

from dotenv import dotenv_values

from pages.label_sets import LABEL_SETS
from pages.labels import read_labels_file
from pages.secret import REDACTED, Secret

Target = Literal["mock", "live"]


class SettingsError(ValueError):
    """A setting is missing or malformed; the message names it."""


@dataclass(frozen=True)
class PinterestIdentity:
    """A Pinterest login to reconnect an AEP account with: a password or a saved state."""

    key: str  # "default" (PINTEREST_EMAIL/_STORAGE_STATE) or its PINTEREST_CREDENTIALS_FILE key
    email: str | None = None
    password: Secret | None = field(default=None, repr=False)
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
    pinterest_password: Secret | None = field(default=None, repr=False)
    pinterest_storage_state: Path | None = None
    pinterest_credentials_file: Path | None = None
    pinterest_login_origins: tuple[str, ...] = ("https://www.pinterest.com",)
    pinterest_ads_url: str = "https://ads.pinterest.com"
    pinterest_ad_account_id: str | None = None
    # PINTEREST_AD_ACCOUNTS: sandbox, or "sandbox/AEP account name", -> ad account ID, for
    # flows whose page shows none (flows/steps/ad_accounts.py).
    pinterest_ad_accounts: dict[str, str] = field(default_factory=dict)
    labels_file: Path | None = None
    browser_ws_endpoint: str | None = None
    # Sent to that server as the `x-playwright-launch-options` header (Playwright's own
    # camelCase names, e.g. {"executablePath": "/usr/bin/chromium"}).
    browser_launch_options: dict[str, Any] | None = None
    evidence_dir: Path = Path("evidence")
    # The embedded mocks' scenario when MIGRATION_TARGET=mock (e.g. notice, large).
    mock_scenario: str = "notice"
    # How many browser contexts read the flows (dry run), switch the pairs (`--apply`)
    # and read them back, taking them from one queue (flows/parallel.py). 4 by default:
    # at a real org's latency the browser mostly waits (docs/performance.md).
    parallel_contexts: int = 4

    def __repr__(self) -> str:
        # pytest prints it in a failing frame's arguments (whole with -vvv): no password,
        # and the browser server's URL and launch options as the report shows them.
        shown = ", ".join(f"{k}={v!r}" for k, v in redacted_settings(self).items())
        return f"Settings({shown})"

    def secret_values(self) -> list[str]:
        """Values that must never reach a trace, report, log or junit file: the Pinterest
        passwords, and the cookie values of the saved sign-ins (read once, while the
        files exist)."""
        passwords = [i.password for i in self.pinterest_identities.values()]
        revealed = [p.reveal() for p in (self.pinterest_password, *passwords) if p]
        return [v for v in (*revealed, *self._storage_secrets) if v]

    @cached_property
    def _storage_secrets(self) -> tuple[str, ...]:
        states = [self.aep_storage_state, self.pinterest_storage_state]
        states += [i.storage_state for i in self.pinterest_identities.values()]
        return tuple(v for path in states if path is not None for v in storage_secrets(path))

    def private_files(self) -> list[Path]:
        """The saved sign-ins and the credentials file: they must be readable by us only."""
        files = [self.aep_storage_state, self.pinterest_storage_state]
        files += [self.pinterest_credentials_file]
        files += [i.storage_state for i in self.pinterest_identities.values()]
        return [p for p in dict.fromkeys(files) if p is not None]

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


# A name (of a JSON field, an environment variable, a flag) under which a value is secret.
SECRET_NAME = re.compile(
    r"token|secret|passw|pwd|api[-_]?key|access[-_]?key|private[-_]?key|auth|credential"
    r"|cookie|session|signature",
    re.IGNORECASE,
)
# A value that looks like a credential whatever its name: long, one word, letters and digits.
_TOKEN_LIKE = re.compile(r"(?=[^/\s]*[A-Za-z])(?=[^/\s]*\d)[A-Za-z0-9_\-.=+~:]{16,}")
# Cookies shorter than this are flags and locales ("1", "en_US"), not session secrets.
MIN_COOKIE_SECRET = 8


def storage_secrets(path: Path) -> list[str]:
    """The cookie values of a saved browser state (a signed-in session), if it exists."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    cookies = data.get("cookies", []) if isinstance(data, dict) else []
    values = [c.get("value") for c in cookies if isinstance(c, dict)]
    return [v for v in values if isinstance(v, str) and len(v) >= MIN_COOKIE_SECRET]


def redact_url(value: str) -> str:
    """A URL without its userinfo and query values (grid services put tokens there), and
    without secret-looking parameters of its fragment."""
    parts = urlsplit(value)
    if not parts.scheme or not parts.netloc:
        return value
    netloc = parts.netloc
    if "@" in netloc:
        netloc = f"{REDACTED}@{netloc.rsplit('@', 1)[1]}"
    query = "&".join(
        f"{name}={REDACTED}" for name, _ in parse_qsl(parts.query, keep_blank_values=True)
    )
    fragment = re.sub(
        r"([\w.-]+)=([^&]*)",
        lambda m: f"{m.group(1)}={REDACTED}" if SECRET_NAME.search(m.group(1)) else m.group(0),
        parts.fragment,
    )
    return urlunsplit((parts.scheme, netloc, parts.path, query, fragment))


def redact_value(value: Any, name: str = "") -> Any:
    """A JSON-like value (BROWSER_LAUNCH_OPTIONS) as a report may show it: values under a
    secret-looking name, token-like strings, URLs' userinfo and queries, redacted."""
    if isinstance(value, dict):
        return {k: redact_value(v, str(k)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact_value(v, name) for v in value]
    if value is None or isinstance(value, bool):
        return value
    if SECRET_NAME.search(name):
        return REDACTED
    return _redact_text(value) if isinstance(value, str) else value


def _redact_text(value: str) -> str:
    flag, equals, rest = value.partition("=")
    if value.startswith("--") and equals:  # a browser argument: --proxy-server=URL
        return f"{flag}={REDACTED if SECRET_NAME.search(flag) else _redact_text(rest)}"
    if _TOKEN_LIKE.fullmatch(value):
        return REDACTED
    return redact_url(value)


def redacted_settings(settings: Settings) -> dict[str, str]:
    """Every setting but the passwords, as strings, with URLs and launch options redacted:
    what the journal, the report and a printed Settings show."""
    shown: dict[str, str] = {}
    for f in dataclasses.fields(settings):
        if not f.repr:  # the passwords
            continue
        value = getattr(settings, f.name)
        if isinstance(value, str):
            value = redact_url(value)
        elif isinstance(value, tuple):
            value = tuple(redact_url(v) if isinstance(v, str) else v for v in value)
        elif isinstance(value, dict):
            value = redact_value(value)
        shown[f.name] = str(value)
    return shown


def exposed_files(settings: Settings) -> list[str]:
    """A warning for each saved sign-in or credentials file that others may read."""
    warnings = []
    for path in settings.private_files():
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
        except OSError:
            continue
        if mode & 0o077:
            warnings.append(
                f"{path} holds credentials and others may read it (mode {mode:o}): chmod 600 {path}"
            )
    return warnings


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


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
            password=Secret(entry["password"]) if entry.get("password") else None,
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


def _login_origins(target: str, value: str) -> tuple[str, ...]:
    """PINTEREST_LOGIN_ORIGINS: at least one origin; in live mode https:// only (http://
    only on loopback)."""
    origins = _names(value)
    if not origins:
        raise SettingsError("PINTEREST_LOGIN_ORIGINS: needs at least one origin")
    for origin in origins:
        parts = urlsplit(origin)
        if target == "live" and parts.scheme == "http" and not is_loopback(parts.hostname or ""):
            raise SettingsError(
                f"PINTEREST_LOGIN_ORIGINS: {origin!r} is http://: a password typed there "
                "crosses the network unencrypted; use https:// (http:// only on loopback)"
            )
    return tuple(_origin("PINTEREST_LOGIN_ORIGINS", o) for o in origins)


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
    origins = _login_origins(target, get("PINTEREST_LOGIN_ORIGINS") or "https://www.pinterest.com")
    old, new = get("OLD_DESTINATION"), get("NEW_DESTINATION")
    contexts = get("PARALLEL_CONTEXTS") or str(Settings.parallel_contexts)
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
        pinterest_password=Secret(password) if password else None,
        # Need not exist yet: `make login` creates it; a run checks it (flows/conftest.py).
        pinterest_storage_state=(_path(v, root) if (v := get("PINTEREST_STORAGE_STATE")) else None),
        pinterest_credentials_file=(
            _existing_file("PINTEREST_CREDENTIALS_FILE", v, root)
            if (v := get("PINTEREST_CREDENTIALS_FILE"))
            else None
        ),
        pinterest_login_origins=origins,
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
