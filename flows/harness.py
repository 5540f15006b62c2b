"""One run's browser session: the context, its step traces, the journal, and the way in.

The main job keeps one browser context for the whole run and records one trace per step
(`tracing.group` inside, scrubbed before it is kept) into the run's evidence folder.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import re
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from playwright.sync_api import Browser, BrowserContext, Page
from playwright.sync_api import Error as PlaywrightError

from flows.evidence.folder import SCREENSHOTS, TRACES, RunFolder
from flows.evidence.journal import Journal
from flows.evidence.scrub import Scrubber
from flows.model import first_line
from flows.settings import PinterestIdentity, Settings, exposed_files
from pages.aep.labels import AepLabels
from pages.aep.shell import AepShell, SignedOut
from pages.label_sets import load_labels
from pages.pinterest.labels import PinterestLabels
from pages.pinterest.login import LoginRefused, PinterestLogin, UntrustedLoginOrigin
from pages.snapshot import screen_snapshot

# Context options that record what happens in a context: never for the Pinterest login.
RECORDING_OPTIONS = ("record_video_dir", "record_video_size", "record_har_path",
                     "record_har_content", "record_har_mode", "record_har_omit_content",
                     "record_har_url_filter")  # fmt: skip


class PinterestLoginFailed(RuntimeError):
    """The Pinterest login (in the untraced context) did not sign in; one line, no secret."""


def slug(text: str, limit: int = 60) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()[:limit] or "step"


@dataclass
class Harness:
    settings: Settings
    browser: Browser
    run: RunFolder
    journal: Journal
    # repr=False: pytest prints a failing frame's arguments (whole, with -vvv).
    context_args: dict[str, Any] = field(default_factory=dict, repr=False)
    trace: bool = True
    context: BrowserContext = field(init=False)
    page: Page = field(init=False)
    aep_labels: AepLabels = field(init=False)
    pinterest_labels: PinterestLabels = field(init=False)
    scrubber: Scrubber = field(init=False)
    # The AEP server's time (its Date header) at the last navigation.
    server_now: datetime = field(init=False)
    pinterest_signed_in: bool = False
    # Step traces and screenshots are numbered in the run's order; parallel contexts
    # (flows/parallel.py) share the numbers.
    step_numbers: Iterator[int] = field(default_factory=lambda: itertools.count(1))
    # Which PinterestIdentity's session the context holds, and the cookies handed over.
    pinterest_identity: str = ""
    _pinterest_cookies: list[dict[str, Any]] = field(default_factory=list, repr=False)
    _cookie_secrets: list[str] = field(default_factory=list, repr=False)
    _steps: int = 0
    _tracing: bool = False
    # The last step's trace, relative to the run's folder ("" when untraced).
    last_trace: str = ""
    _closed: bool = False
    # Parallel contexts share the run's labels, and so the findings noted on them.
    labels: tuple[AepLabels, PinterestLabels] | None = None

    def __post_init__(self) -> None:
        if self.labels is None:
            self.labels = load_labels(self.settings.labels_file)
        self.aep_labels, self.pinterest_labels = self.labels
        self.scrubber = Scrubber(self.settings.secret_values())
        state = self.settings.aep_storage_state
        self.context = self.browser.new_context(
            **self.context_args, storage_state=state if state.exists() else None
        )
        self.page = self.context.new_page()
        self.server_now = datetime.now(UTC)

    @property
    def aep_origin(self) -> str:
        parts = urlsplit(self.settings.aep_url or "")
        return f"{parts.scheme}://{parts.netloc}"

    def goto(self, url: str) -> None:
        """Navigate and remember the server's clock from the response's Date header."""
        response = self.page.goto(url)
        date = response.headers.get("date") if response else None
        if date:
            self.server_now = parsedate_to_datetime(date).astimezone(UTC)

    def open_aep(self, location: str = "") -> AepShell:
        """AEP_URL (or a location recorded on its origin); SignedOut if the sign-in expired."""
        self.goto(self.aep_origin + location if location else self.settings.aep_url or "")
        return AepShell(self.page, self.aep_labels)

    def raise_if_signed_out(self) -> None:
        """SignedOut when AEP now shows its sign-in page (a step's error may mean that)."""
        if AepShell.shows_sign_in(self.page, self.aep_labels):
            raise SignedOut(f"AEP shows its sign-in page at {self.page.url}")

    @contextmanager
    def step(self, title: str) -> Iterator[None]:
        """One trace, grouped under `title`, kept scrubbed in the evidence folder.

        A trace of its own per step, not a chunk of one run-long trace: a context's chunks
        each carry the network log since tracing started (microsoft/playwright#30591),
        so they grew with every pair, and so did scrubbing them.
        """
        self._steps = next(self.step_numbers)
        path = self.run.file(TRACES) / f"{self._steps:04d}-{slug(title)}.zip"
        if not self.trace:
            try:
                yield
            except Exception:
                self.keep_screen(path.with_suffix(""))
                raise
            return
        tracing = self.context.tracing
        # DOM snapshots, not a screencast: the report's screenshots are taken where it
        # needs them (Harness.screenshot), and a screencast costs CPU on every frame.
        tracing.start(title=title, screenshots=False, snapshots=True, sources=False)
        self._tracing = True
        tracing.group(title)
        try:
            yield
        except Exception:
            self.keep_screen(path.with_suffix(""))
            raise
        finally:
            tracing.group_end()
            self._tracing = False
            self.last_trace = f"{TRACES}/{path.name}"
            keep_trace(lambda raw: tracing.stop(path=raw), path, self.scrubber, self.journal)

    def keep_screen(self, base: Path) -> None:
        """The screen as it is now, beside the step's trace: its ARIA snapshot
        (`<base>.aria.yml`) and a screenshot (`<base>.png`), for the person who reads why a
        step failed. Best effort: the page may be gone."""
        with contextlib.suppress(PlaywrightError):
            text = screen_snapshot(self.page)
            base.with_suffix(".aria.yml").write_text(
                f"# {self.page.url}\n{self.scrubber.text(text)}", encoding="utf-8"
            )
        with contextlib.suppress(PlaywrightError):
            self.page.screenshot(path=base.with_suffix(".png"))

    @contextmanager
    def group(self, title: str) -> Iterator[None]:
        """A named group of actions inside the current step's trace."""
        tracing = self._tracing
        if tracing:
            self.context.tracing.group(title)
        try:
            yield
        finally:
            if tracing:
                self.context.tracing.group_end()

    def screenshot(self, name: str) -> str:
        """A screenshot for the report; returns its path relative to the run folder."""
        relative = f"{SCREENSHOTS}/{self._steps:04d}-{slug(name)}.jpeg"
        self.page.screenshot(path=self.run.file(relative), type="jpeg", quality=60)
        return relative

    def ensure_pinterest_session(self, sandbox: str = "", account: str = "") -> None:
        """Signed in to Pinterest as the login for this AEP account (PINTEREST_CREDENTIALS_FILE,
        else the default one), without a credential ever in this (traced) context.

        The login runs in a separate, untraced context; its cookies are handed over
        between step traces (replacing another identity's), and their values join the
        scrubber's secrets.
        """
        identity = self.settings.pinterest_identity(sandbox, account)
        if self.pinterest_signed_in and self.pinterest_identity == identity.key:
            return
        if identity.storage_state is not None:
            if not identity.storage_state.is_file():
                raise RuntimeError(
                    f"no saved Pinterest sign-in at {identity.storage_state} "
                    f"({identity.key}): run `make login`"
                )
            cookies = _storage_cookies(identity.storage_state)
        else:
            cookies = self._log_in_to_pinterest(identity)
        # Their values join the secrets before they can reach a trace.
        self._cookie_secrets += [c["value"] for c in cookies if c.get("value")]
        self.scrubber = Scrubber(self.secret_values())
        for cookie in self._pinterest_cookies:
            # Another identity's session must not answer for this one.
            self.context.clear_cookies(
                name=cookie["name"], domain=cookie.get("domain"), path=cookie.get("path")
            )
        self.context.add_cookies(cookies)  # type: ignore[arg-type]
        self._pinterest_cookies = cookies
        self.pinterest_signed_in = True
        self.pinterest_identity = identity.key

    def secret_values(self) -> list[str]:
        """The settings' secrets and the cookie values of every Pinterest session handed over."""
        return [*self.settings.secret_values(), *self._cookie_secrets]

    def _log_in_to_pinterest(self, identity: PinterestIdentity) -> list[dict[str, Any]]:
        """Log in in a context of its own, untraced and unrecorded; its cookies.

        A failure is one line raised `from None`: the frames it passed through hold the
        password (Playwright's `fill(value)`), and pytest prints a frame's arguments.
        """
        settings = self.settings
        if not (identity.email and identity.password):
            raise RuntimeError(
                "Pinterest login needed: set PINTEREST_EMAIL and PINTEREST_PASSWORD, "
                "or PINTEREST_STORAGE_STATE (or an entry in PINTEREST_CREDENTIALS_FILE)"
            )
        unrecorded = {k: v for k, v in self.context_args.items() if k not in RECORDING_OPTIONS}
        login_context = self.browser.new_context(**unrecorded)
        try:
            page = login_context.new_page()
            page.goto(f"{settings.pinterest_login_origins[0]}/login/")
            login = PinterestLogin(page, settings.pinterest_login_origins, self.pinterest_labels)
            login.log_in(identity.email, identity.password)
            login.expect_signed_in()
            return [dict(c) for c in login_context.cookies()]
        except UntrustedLoginOrigin:
            raise  # raised before anything secret is typed; the run stops on it
        except (PlaywrightError, AssertionError, LoginRefused, TimeoutError) as error:
            failure = self.scrubber.text(first_line(error))
        finally:
            login_context.close()
        raise PinterestLoginFailed(
            f"Pinterest login as {identity.key} ({identity.email}) failed: {failure}"
        ) from None

    def close(self) -> None:
        """Close the run's context (once: the lifecycle may ask again)."""
        if not self._closed:
            self._closed = True
            self.context.close()


def keep_trace(
    stop: Callable[[Path], None], path: Path, scrubber: Scrubber, journal: Journal
) -> None:
    """Stop tracing into a private temporary folder outside the evidence, scrub, and only
    then put the trace at `path`: a crash (or a kill) while scrubbing leaves no unscrubbed
    trace in the evidence folder. A trace that cannot be scrubbed is dropped, and the
    journal says so."""
    with tempfile.TemporaryDirectory(prefix="trace-") as private:
        raw = Path(private) / path.name
        stop(raw)
        try:
            scrubber.trace(raw)
        except Exception as error:  # whatever it was, the raw trace must not be kept
            journal.write(
                "warning",
                message=f"trace {path.name} dropped: scrubbing it failed ({type(error).__name__})",
            )
            return
        if raw.stat().st_dev == path.parent.stat().st_dev:
            raw.replace(path)
        else:
            _copy(raw, path)


def _copy(source: Path, target: Path) -> None:
    """Across file systems: written beside `target`, then renamed into place."""
    partial = target.with_suffix(target.suffix + ".part")
    partial.write_bytes(source.read_bytes())
    partial.replace(target)


def _storage_cookies(path: Path) -> list[dict[str, Any]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    cookies = data.get("cookies", []) if isinstance(data, dict) else []
    return [c for c in cookies if isinstance(c, dict)]


class OnHarness:
    """What every kind of run (migration, verification, rollback, probe) does with its
    browser session: keep it, and open AEP once on attaching (SignedOut stops there),
    noting the signed-in user in the journal."""

    harness: Harness | None
    journal: Journal
    # How the run is named in the error when it is used before it has a session.
    kind_of_run = "run"

    @property
    def h(self) -> Harness:
        if self.harness is None:
            raise RuntimeError(f"the {self.kind_of_run} has no browser session yet")
        return self.harness

    def attach(self, harness: Harness) -> None:
        self.harness = harness
        for warning in exposed_files(harness.settings):
            self.journal.write("warning", message=warning)
        with harness.step("Open Adobe Experience Platform"):
            self.journal.aep_user = harness.open_aep().user()
