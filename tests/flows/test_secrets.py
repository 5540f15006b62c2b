"""No secret reaches evidence or output: canary secrets through a dry run and an apply."""

from __future__ import annotations

import json
import re
import stat
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Route

from flows.evidence.folder import RunFolder
from flows.evidence.journal import Journal
from flows.harness import RECORDING_OPTIONS, Harness, PinterestLoginFailed
from flows.settings import Settings
from mocks import scenarios
from mocks.client import MockSites
from mocks.pinterest.sessions import COOKIE as PINTEREST_COOKIE
from tests.flows.support import Harness as MainJob
from tests.flows.support import live_settings

CANARY_PASSWORD = "Canary-Pa55-7f3k2q"
WRONG_PASSWORD = "Wrong-Canary-Pa55-9z1x"


def _texts(folder: Path) -> dict[str, str]:
    """Every file under `folder` as text, zip archives opened member by member."""
    texts = {}
    for path in folder.rglob("*"):
        if not path.is_file():
            continue
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                for name in archive.namelist():
                    texts[f"{path}!{name}"] = archive.read(name).decode("utf-8", "replace")
        else:
            texts[str(path)] = path.read_bytes().decode("utf-8", "replace")
    return texts


def test_canary_secrets_never_reach_evidence_or_output(
    harness: MainJob, mock_sites: MockSites
) -> None:
    mock_sites.reset("notice")
    # The state API cannot set a password; the mock runs in this process, so set it here.
    user = next(iter(mock_sites.world.pinterest.users.values()))
    user.password = CANARY_PASSWORD
    harness.env["PINTEREST_PASSWORD"] = CANARY_PASSWORD
    aep_cookie = json.loads(Path(harness.env["AEP_STORAGE_STATE"]).read_text())["cookies"][0]

    dry = harness.run("--tracing", "on")
    apply = harness.run("--apply", "--tracing", "on")
    # A wrong password: Pinterest refuses the login, and pytest prints every frame's
    # arguments (--tb=long) and whole objects (-vvv).
    harness.env["PINTEREST_PASSWORD"] = WRONG_PASSWORD
    refused = harness.run("--apply", "--tracing", "on", "--tb=long", "-vvv")

    pinterest = mock_sites.world.pinterest
    secrets = {
        "pinterest password": CANARY_PASSWORD,
        "wrong pinterest password": WRONG_PASSWORD,
        "aep session cookie": aep_cookie["value"],
        **{f"token {i}": value for i, value in enumerate(pinterest.tokens)},
        **{f"oauth code {i}": value for i, value in enumerate(pinterest.codes)},
    }
    assert len(secrets) >= 5, "the run issued a code, an access and a refresh token"
    texts = {**_texts(harness.evidence), "dry run output": dry.output, "apply output": apply.output,
             "refused login's output": refused.output}  # fmt: skip
    if (test_results := Path("test-results")).exists():
        texts.update(_texts(test_results))
    leaks = [
        f"{secret} in {where}"
        for where, text in texts.items()
        for secret, value in secrets.items()
        if value in text
    ]
    patterns = {
        "a Pinterest session cookie": re.compile(
            rf"{PINTEREST_COOKIE}=(?!%3Credacted|<redacted>)\w"
        ),
        "an OAuth code parameter": re.compile(r"[?&]code=(?!%3Credacted|<redacted>)\w"),
        "a bearer token": re.compile(r"Bearer (?!<redacted>)\w"),
    }
    leaks += [
        f"{name} in {where}"
        for where, text in texts.items()
        for name, pattern in patterns.items()
        if pattern.search(text)
    ]
    assert leaks == []
    assert apply.returncode == 1, apply.output  # only the blocked pair failed
    assert "switched" in apply.output
    assert refused.returncode == 1, refused.output
    assert "Pinterest refused the login" in refused.line_with("account prod/"), refused.output
    # Live mode: the evidence is readable by this user only.
    modes = {p: stat.S_IMODE(p.stat().st_mode) for p in harness.evidence.rglob("*")
             if not p.is_symlink()}  # fmt: skip
    assert {p: m for p, m in modes.items() if m != (0o700 if p.is_dir() else 0o600)} == {}


class RecordingBrowser:
    """The worker's browser, noting every context's options; with `stall_login` set, the
    Pinterest login page's password field takes no input, and a new context's actions
    (not its navigations) give up after `timeout_ms`: the fill times out."""

    def __init__(self, browser: Browser, timeout_ms: float = 3_000) -> None:
        self.browser = browser
        self.timeout_ms = timeout_ms
        self.contexts: list[dict[str, Any]] = []
        self.stall_login = False

    def new_context(self, **options: Any) -> BrowserContext:
        self.contexts.append(options)
        # Noted, not recorded: this machine has no ffmpeg for videos.
        kept = {k: v for k, v in options.items() if k not in RECORDING_OPTIONS}
        context = self.browser.new_context(**kept)
        if self.stall_login:
            context.set_default_timeout(self.timeout_ms)
            context.set_default_navigation_timeout(30_000)
            context.route("**/login/", self._read_only_password)
        return context

    @staticmethod
    def _read_only_password(route: Route) -> None:
        page = route.fetch()
        body = page.text().replace('type="password"', 'type="password" readonly')
        route.fulfill(response=page, body=body)


def test_a_login_that_times_out_shows_no_secret_in_its_traceback(
    settings: Settings, mock_sites: MockSites, browser: Browser, tmp_path: Path
) -> None:
    """A fill that times out inside the login: the traceback pytest prints with
    `--tb=long -vvv` (every frame's arguments, untruncated) holds neither the password nor
    the cookies of the Pinterest session signed in before; the login context records no
    video, though the run's own context does (`--video on`)."""
    mock_sites.reset("notice")
    credentials = tmp_path / "credentials.json"
    credentials.write_text(
        json.dumps({"Other": {"email": scenarios.PINTEREST_EMAIL, "password": CANARY_PASSWORD}})
    )
    live = replace(
        live_settings(settings, mock_sites, tmp_path), pinterest_credentials_file=credentials
    )
    recording = RecordingBrowser(browser)
    folder = RunFolder.create(live.evidence_dir, "test")
    journal = Journal(folder.file("journal.jsonl"), run_id=folder.run_id, plan_id="p")
    videos = {"record_video_dir": str(tmp_path / "videos")}
    h = Harness(live, recording, folder, journal, context_args=videos)  # type: ignore[arg-type]
    try:
        h.ensure_pinterest_session()  # the default login: signed in, its cookies handed over
        cookies = [c["value"] for c in h.context.cookies(mock_sites.pinterest_url)]
        recording.stall_login = True
        with pytest.raises(PinterestLoginFailed, match="Timeout") as failed:
            h.ensure_pinterest_session("prod", "Other")
    finally:
        h.close()

    shown = str(failed.getrepr(style="long", funcargs=True, truncate_args=False, chain=True))
    assert "def ensure_pinterest_session" in shown, "the long traceback, with its frames"
    assert cookies, "a Pinterest session was handed over"
    leaks = [v for v in (CANARY_PASSWORD, *cookies) if v in shown or v in repr(h)]
    assert leaks == []
    assert str(failed.value).count("\n") == 0
    run_context, *login_contexts = recording.contexts
    assert run_context["record_video_dir"] == videos["record_video_dir"]
    assert len(login_contexts) == 2
    assert all(not set(options) & set(RECORDING_OPTIONS) for options in login_contexts)
