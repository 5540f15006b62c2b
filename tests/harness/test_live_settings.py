"""Settings a live run needs: saved states made later by `make login`, remote browsers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flows.evidence.folder import RunFolder
from flows.evidence.report import build_report
from flows.runs.migration import DryRun
from flows.settings import SettingsError, load_settings

WS = "ws://127.0.0.1:3000/"


def test_a_pinterest_storage_state_may_not_exist_yet(tmp_path: Path) -> None:
    """`make login` creates it, so the setting names a file to come (a run checks it)."""
    settings = load_settings(tmp_path, environ={"PINTEREST_STORAGE_STATE": ".auth/pin.json"})

    assert settings.pinterest_storage_state == tmp_path / ".auth/pin.json"


def test_browser_launch_options_are_a_json_object_sent_with_the_endpoint(tmp_path: Path) -> None:
    environ = {"BROWSER_WS_ENDPOINT": WS, "BROWSER_LAUNCH_OPTIONS": '{"executablePath": "/c"}'}

    settings = load_settings(tmp_path, environ=environ)

    assert settings.browser_ws_endpoint == WS
    assert settings.browser_launch_options == {"executablePath": "/c"}


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"BROWSER_LAUNCH_OPTIONS": "{}"}, "BROWSER_LAUNCH_OPTIONS: only used with"),
        (
            {"BROWSER_WS_ENDPOINT": WS, "BROWSER_LAUNCH_OPTIONS": "{headless"},
            "BROWSER_LAUNCH_OPTIONS: not JSON",
        ),
        (
            {"BROWSER_WS_ENDPOINT": WS, "BROWSER_LAUNCH_OPTIONS": '["--x"]'},
            "BROWSER_LAUNCH_OPTIONS: must be a JSON object",
        ),
    ],
)
def test_malformed_launch_options_name_the_variable(
    tmp_path: Path, environ: dict[str, str], message: str
) -> None:
    with pytest.raises(SettingsError, match=message) as error:
        load_settings(tmp_path, environ=environ)

    assert "\n" not in str(error.value)


def test_the_credentials_file_maps_accounts_to_logins_and_its_passwords_are_secret(
    tmp_path: Path,
) -> None:
    (tmp_path / "creds.json").write_text(
        '{"Pinterest - US": {"email": "us@x.example", "password": "pw-canary-1"},'
        ' "dev/Pinterest - EU": {"storage_state": ".auth/eu.json", "username": "acme_eu"}}'
    )
    environ = {"PINTEREST_CREDENTIALS_FILE": "creds.json", "PINTEREST_EMAIL": "d@x.example",
               "PINTEREST_PASSWORD": "pw-default"}  # fmt: skip

    settings = load_settings(tmp_path, environ=environ)

    assert settings.pinterest_identity("prod", "Pinterest - US").email == "us@x.example"
    eu = settings.pinterest_identity("dev", "Pinterest - EU")
    # Relative to the credentials file's folder.
    assert (eu.storage_state, eu.username) == (tmp_path / ".auth/eu.json", "acme_eu")
    assert settings.pinterest_identity("prod", "Pinterest - EU").key == "default"
    assert settings.pinterest_identity("prod", "Other").email == "d@x.example"
    assert sorted(settings.secret_values()) == ["pw-canary-1", "pw-default"]
    assert "pw-canary-1" not in repr(settings)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[]", "must map AEP account names"),
        ('{"A": {"email": "a@x.example"}}', "'A' needs either email and password, or storage"),
        ('{"A": {"storage_state": "s.json", "email": "a", "password": "p"}}', "needs either"),
        ('{"A": {"storage_state": "s.json", "token": "t"}}', "unknown field(s) ['token']"),
        ("{nope", "is not JSON"),
    ],
)
def test_a_malformed_credentials_file_names_the_variable(
    tmp_path: Path, content: str, message: str
) -> None:
    (tmp_path / "creds.json").write_text(content)

    with pytest.raises(SettingsError) as error:
        load_settings(tmp_path, environ={"PINTEREST_CREDENTIALS_FILE": "creds.json"})

    assert str(error.value).startswith("PINTEREST_CREDENTIALS_FILE: ")
    assert message in str(error.value)


def test_the_browser_servers_url_and_launch_options_reach_no_journal_or_report_unredacted(
    tmp_path: Path,
) -> None:
    """Grid services put tokens in the endpoint's query or userinfo, and proxies and
    environment variables in the launch options: the journal's and report's settings (and
    a Settings printed in a traceback) keep what helps and redact those."""
    canaries = ["grid-pass-1", "grid-token-2", "proxy-pass-3", "proxy-pw-4", "key-5",
                "argpass-6", "hdr-7", "0123456789abcdef0123456789"]  # fmt: skip
    options = {
        "headless": True,
        "proxy": {"server": "http://proxy-user:proxy-pass-3@proxy:3128", "password": "proxy-pw-4"},
        "env": {"GRID_API_KEY": "key-5", "TZ": "UTC"},
        "args": ["--proxy-server=http://u:argpass-6@p:1", "--no-sandbox"],
        "headers": {"Authorization": "Bearer hdr-7"},
        "sessionId": "0123456789abcdef0123456789",
    }
    settings = load_settings(
        tmp_path,
        environ={
            "BROWSER_WS_ENDPOINT": "wss://me:grid-pass-1@grid.example/pw?token=grid-token-2&eu=1",
            "BROWSER_LAUNCH_OPTIONS": json.dumps(options),
        },
    )
    run = RunFolder.create(tmp_path / "evidence", "dry")

    DryRun(settings, run)

    written = {
        "journal": run.file("journal.jsonl").read_text(),
        "report": json.dumps(build_report(run)),
        "repr": repr(settings),
    }
    leaks = [(c, where) for c in canaries for where, text in written.items() if c in text]
    assert leaks == []
    shown = build_report(run)["settings"]
    assert shown["browser_ws_endpoint"] == (
        "wss://<redacted>@grid.example/pw?token=<redacted>&eu=<redacted>"
    )
    for kept in ("'headless': True", "'TZ': 'UTC'", "--no-sandbox", "proxy:3128"):
        assert kept in shown["browser_launch_options"], kept


@pytest.mark.parametrize(
    ("origin", "refused"),
    [("http://www.pinterest.com", True), ("http://10.0.0.5:8080", True),
     ("http://127.0.0.1:8080", False), ("http://localhost:3000", False),
     ("http://[::1]:3000", False), ("https://www.pinterest.com", False)],
)  # fmt: skip
def test_a_login_origin_over_http_is_refused_in_live_mode_unless_loopback(
    tmp_path: Path, origin: str, refused: bool
) -> None:
    """A password typed on an http:// page crosses the network in clear."""
    live = {"MIGRATION_TARGET": "live", "AEP_URL": "https://experience.adobe.com/",
            "PINTEREST_LOGIN_ORIGINS": origin}  # fmt: skip

    if refused:
        with pytest.raises(SettingsError, match=r"PINTEREST_LOGIN_ORIGINS: .* is http://"):
            load_settings(tmp_path, environ=live)
    else:
        assert load_settings(tmp_path, environ=live).pinterest_login_origins == (origin,)
    mock = {**live, "MIGRATION_TARGET": "mock"}
    assert load_settings(tmp_path, environ=mock).pinterest_login_origins == (origin,)
