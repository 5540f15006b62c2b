"""Settings: .env under the environment, validated with one line naming the variable."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from flows.settings import Settings, SettingsError, load_settings

ROOT = Path(__file__).resolve().parents[2]


def test_defaults_match_the_design(tmp_path: Path) -> None:
    settings = load_settings(tmp_path, environ={})

    assert settings.migration_target == "mock"
    assert settings.old_destination == "(Deprecating) Pinterest"
    assert settings.new_destination == "(New) Pinterest"
    assert settings.pinterest_login_origins == ("https://www.pinterest.com",)
    assert settings.pinterest_ads_url == "https://ads.pinterest.com"
    assert settings.aep_storage_state == tmp_path / ".auth/aep.json"
    assert settings.evidence_dir == tmp_path / "evidence"
    assert settings.aep_sandboxes == ()
    assert settings.parallel_contexts == 4


def test_environment_wins_over_env_file(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("AEP_SANDBOXES=prod\nEVIDENCE_DIR=from-file\n")

    settings = load_settings(tmp_path, environ={"AEP_SANDBOXES": "prod, dev-emea"})

    assert settings.aep_sandboxes == ("prod", "dev-emea")
    assert settings.evidence_dir == tmp_path / "from-file"


def test_parallel_contexts_is_read(tmp_path: Path) -> None:
    assert load_settings(tmp_path, environ={"PARALLEL_CONTEXTS": "2"}).parallel_contexts == 2


def test_env_example_documents_every_setting() -> None:
    lines = (ROOT / ".env.example").read_text().splitlines()
    setting_line = re.compile(r"^#? ?[A-Z_]+=")

    for name in Settings.__dataclass_fields__:
        variable = name.upper()
        index = next((i for i, line in enumerate(lines) if f"{variable}=" in line), None)
        assert index is not None, f".env.example lacks {variable}"
        # A comment stands above the setting or above the block of settings it belongs to.
        while index > 0 and setting_line.match(lines[index - 1]):
            index -= 1
        assert lines[index - 1].startswith("# "), f"{variable} has no comment above it"


def test_secret_never_in_repr(tmp_path: Path) -> None:
    settings = load_settings(
        tmp_path, environ={"PINTEREST_EMAIL": "a@b.example", "PINTEREST_PASSWORD": "hunter2-canary"}
    )

    assert "hunter2-canary" not in repr(settings)
    assert settings.secret_values() == ["hunter2-canary"]


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"MIGRATION_TARGET": "prod"}, "MIGRATION_TARGET: must be 'mock' or 'live'"),
        ({"MIGRATION_TARGET": "live"}, "AEP_URL: required when MIGRATION_TARGET=live"),
        (
            {"AEP_URL": "experience.adobe.com"},
            "AEP_URL: 'experience.adobe.com' is not an http(s) URL",
        ),
        (
            {"PINTEREST_LOGIN_ORIGINS": "https://www.pinterest.com/login/"},
            "PINTEREST_LOGIN_ORIGINS",
        ),
        ({"PINTEREST_AD_ACCOUNT_ID": "act_12"}, "PINTEREST_AD_ACCOUNT_ID: must be up to 18 digits"),
        ({"BROWSER_WS_ENDPOINT": "http://grid:3000"}, "BROWSER_WS_ENDPOINT: must be a ws://"),
        ({"PINTEREST_EMAIL": "a@b.example"}, "PINTEREST_PASSWORD: required"),
        ({"LABELS_FILE": "nowhere.json"}, "LABELS_FILE: no file at"),
        ({"NEW_DESTINATION": "Pinterest", "OLD_DESTINATION": "Pinterest"}, "NEW_DESTINATION"),
        ({"PARALLEL_CONTEXTS": "0"}, "PARALLEL_CONTEXTS: must be a whole number >= 1"),
        ({"PARALLEL_CONTEXTS": "two"}, "PARALLEL_CONTEXTS: must be a whole number >= 1"),
    ],
)
def test_malformed_value_names_the_variable(
    tmp_path: Path, environ: dict[str, str], message: str
) -> None:
    with pytest.raises(SettingsError) as error:
        load_settings(tmp_path, environ=environ)

    assert message in str(error.value)
    assert "\n" not in str(error.value)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"aep": {"more_action": ["Optionen"]}}', "LABELS_FILE: labels file: aep has no label"),
        ("{not json", "LABELS_FILE: labels file:"),
    ],
)
def test_a_labels_file_is_checked_at_start(tmp_path: Path, content: str, message: str) -> None:
    (tmp_path / "labels.json").write_text(content)

    with pytest.raises(SettingsError) as error:
        load_settings(tmp_path, environ={"LABELS_FILE": "labels.json"})

    assert str(error.value).startswith(message)
    assert "\n" not in str(error.value)


def test_a_settings_error_stops_pytest_with_one_line() -> None:
    env = {**os.environ, "MIGRATION_TARGET": "staging"}

    result = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "tests/harness"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode != 0
    lines = (result.stdout + result.stderr).splitlines()
    errors = [line for line in lines if "MIGRATION_TARGET" in line]
    assert errors == ["ERROR: settings: MIGRATION_TARGET: must be 'mock' or 'live', got 'staging'"]
