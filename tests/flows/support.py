"""Running the main job as a user would (`python -m pytest flows ...` in a subprocess), or
in the test process (flows/runs/lifecycle.py `drive`) where no process is killed and no
command line is tested."""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypeVar

from playwright.sync_api import Browser, BrowserContext, Route

from flows.decide import Order
from flows.parallel import OpenBrowser
from flows.progress import Say, quiet
from flows.runs.lifecycle import DrivenRun, drive
from flows.runs.session import Request
from flows.settings import Settings
from mocks import scenarios
from mocks.client import MockSites
from pages.aep.labels import AepLabels
from pages.label_sets import load_labels
from pages.labels import LabelSet
from pages.pinterest.labels import PinterestLabels
from pages.secret import Secret

ROOT = Path(__file__).resolve().parents[2]
L = TypeVar("L", bound=LabelSet)
# The main job's own venv (requirements.txt) lacks the test-only pytest plugins; leaving
# them out here also saves seconds per run.
LEAN = (
    "-p",
    "no:cacheprovider",
    "-p",
    "no:schemathesis",
    "-p",
    "no:hypothesispytest",
    "-p",
    "no:anyio",
)


@dataclass
class HarnessRun:
    """One `pytest flows` process: its exit status and output."""

    returncode: int
    output: str

    def line_with(self, text: str) -> str:
        return next((line for line in self.output.splitlines() if text in line), "")


@dataclass
class Harness:
    """The main job, pointed at the mock sites through its settings."""

    env: dict[str, str]
    evidence: Path

    def command(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "pytest", "flows", *LEAN, *args]

    def run(self, *args: str, timeout: float = 240) -> HarnessRun:
        done = subprocess.run(
            self.command(*args), cwd=ROOT, env=self.env, capture_output=True, text=True,
            timeout=timeout, check=False,
        )  # fmt: skip
        return HarnessRun(done.returncode, done.stdout + done.stderr)

    def popen(self, *args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            self.command(*args), cwd=ROOT, env=self.env, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True,
        )  # fmt: skip

    @property
    def latest(self) -> Path:
        return (self.evidence / "latest").resolve()

    def report(self) -> dict[str, Any]:
        report: dict[str, Any] = json.loads((self.latest / "report.json").read_text())
        return report

    def plan(self) -> dict[str, Any]:
        plan: dict[str, Any] = json.loads((self.latest / "plan.json").read_text())
        return plan


def flows_by_key(state: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """The mock AEP's flows by (connection name, destination)."""
    return {(f["name"], f["destination"]): f for f in state["flows"].values()}


# The small migration of the matrix and the resume tests: 3 pairs of 2 audiences, one
# account to reconnect.
THREE_PAIRS: dict[str, Any] = {"scenario": "large", "options": {"pairs": 3}}


def live_settings(settings: Settings, mock_sites: MockSites, folder: Path) -> Settings:
    """Settings that point the main job at this process's mock sites, as at a real org."""
    storage = mock_sites.save_sign_in(folder / "aep.json")
    return replace(
        settings,
        migration_target="live",
        aep_url=f"{mock_sites.aep_url}/",
        aep_storage_state=storage,
        aep_sandboxes=(),
        pinterest_email=scenarios.PINTEREST_EMAIL,
        pinterest_password=Secret(scenarios.PINTEREST_PASSWORD),
        pinterest_storage_state=None,
        pinterest_login_origins=(mock_sites.pinterest_url,),
        pinterest_ads_url=mock_sites.pinterest_url,
        pinterest_ad_account_id=None,
        labels_file=None,
        evidence_dir=folder / "evidence",
        parallel_contexts=1,  # unless a test is about more contexts
    )


@dataclass
class InProcess:
    """`pytest flows` and `pytest flows --apply`, run in this process."""

    settings: Settings
    browser: Browser
    # How PARALLEL_CONTEXTS' helper threads get their browsers (the `in_process` fixture's
    # launches them as the worker's own browser is launched).
    open_browser: OpenBrowser | None = None
    # Labels instead of the built-in ones (e.g. `nonsense_guesses()`).
    labels: tuple[AepLabels, PinterestLabels] | None = None
    # Where the run's progress lines go.
    say: Say = quiet

    def run(
        self,
        request: Request,
        *,
        context_args: dict[str, Any] | None = None,
        trace: bool = False,
    ) -> DrivenRun:
        """Any run of the main job, as `pytest flows ...` would carry it out."""
        return drive(
            request, self.settings, self.browser, context_args=context_args, trace=trace,
            open_browser=self.open_browser, labels=self.labels, say=self.say,
        )  # fmt: skip

    def dry_run(
        self, context_args: dict[str, Any] | None = None, *, trace: bool = False
    ) -> DrivenRun:
        return self.run(Request("dry_run"), context_args=context_args, trace=trace)

    def apply(
        self,
        plan_file: Path | None = None,
        order: Order = "safe",
        only: tuple[str, ...] = (),
        *,
        activate_missing: bool = False,
        trace: bool = False,
    ) -> DrivenRun:
        request = Request(
            "apply", apply=True, plan_file=plan_file, order=order, only=tuple(only),
            activate_missing=activate_missing,
        )  # fmt: skip
        return self.run(request, trace=trace)


def nonsense_guesses() -> tuple[AepLabels, PinterestLabels]:
    """Both label sets with every guessed label replaced by a text no UI shows: whatever
    still works, works by role and structure (documented labels stay)."""

    def blank(labels: L) -> L:
        cls = type(labels)
        guessed = {n: ("zz no such label",) for n in cls.label_names() if cls.is_guessed(n)}
        return dataclasses.replace(labels, **guessed)

    aep, pinterest = load_labels(None)
    return blank(aep), blank(pinterest)


class LosingBrowser:
    """The worker's browser, whose contexts lose the next change of a flow's Enabled switch
    they are told to (`lose("enable")`), as a write lost behind a cache would be: the
    change and the page's read of the flow right after it are answered as saved, so the
    page shows it, but it is never sent, so a reload shows it did not happen."""

    FLOW = re.compile(r"/api/flows/([^/?]+)(/action\?op=\w+)?$")

    def __init__(self, browser: Browser) -> None:
        self.browser = browser
        self.op = ""
        # The flow whose next read answers as if the lost change had been saved.
        self._shown: tuple[str, bool] | None = None

    def lose(self, op: str) -> None:
        self.op = op

    def new_context(self, **options: Any) -> BrowserContext:
        context = self.browser.new_context(**options)
        context.route(self.FLOW, self._flow)
        return context

    def _flow(self, route: Route) -> None:
        match = self.FLOW.search(route.request.url)
        assert match is not None
        flow_id, action = match.group(1), match.group(2)
        if action and self.op and action.endswith(f"op={self.op}"):
            self._shown, self.op = (flow_id, self.op == "enable"), ""
            route.fulfill(json={})
        elif not action and self._shown and self._shown[0] == flow_id:
            enabled, self._shown = self._shown[1], None
            response = route.fetch()
            status = "Enabled" if enabled else "Disabled"
            route.fulfill(response=response, json={**response.json(), "enabled": enabled,
                                                   "status": status})  # fmt: skip
        else:
            route.continue_()
