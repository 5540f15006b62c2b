"""Settings a live run needs: saved states made later by `make login`, remote browsers."""

from __future__ import annotations

from pathlib import Path

import pytest

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
