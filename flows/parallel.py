"""PARALLEL_CONTEXTS = K > 1: K browser contexts take an apply run's pairs from one queue.

Playwright's sync API belongs to the thread that started it, so each of the K - 1 helper
threads runs its own Playwright with its own browser (launched with the run's launch
arguments, or connected to the same browser server when BROWSER_WS_ENDPOINT is set) and
one context for the run, recording its own step traces; the run's own context, in the
main thread, takes pairs too. Pairs leave the queue in the plan's order. Each is switched
by flows/switch.py exactly as with one context (re-read, safe order, every step journaled
before and after, one fsynced line at a time), so the invariants and resuming after a
kill are the same; what changes is only that K pairs may be in flight at once.

pytest still has one item per pair: the first pair item switches them all, then each
item reports its own pair's result, or raises its pair's error.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from playwright.sync_api import Browser, Playwright, sync_playwright

from flows.harness import Harness
from flows.model import PairResult
from pages.aep.shell import SignedOut

if TYPE_CHECKING:
    from flows.run import Migration

OpenBrowser = Callable[[Playwright], Browser]


def browser_opener(
    browser_name: str, launch_args: dict[str, Any], ws_endpoint: str | None
) -> OpenBrowser:
    """How a helper thread gets its browser: like the run's own."""

    def open_browser(playwright: Playwright) -> Browser:
        browser_type = getattr(playwright, browser_name)
        if ws_endpoint:
            browser: Browser = browser_type.connect(ws_endpoint)
        else:
            browser = browser_type.launch(**launch_args)
        return browser

    return open_browser


class PairPool:
    """The run's context and K - 1 helpers' contexts, switching the plan's pairs."""

    def __init__(
        self,
        migration: Migration,
        contexts: int,
        open_browser: OpenBrowser,
        context_args: dict[str, Any],
        *,
        trace: bool = True,
    ) -> None:
        self.migration = migration
        self.contexts = contexts
        self.open_browser = open_browser
        self.context_args = context_args
        self.trace = trace
        self._queue: queue.SimpleQueue[str] = queue.SimpleQueue()
        self._errors: dict[str, BaseException] = {}
        self._signed_out: SignedOut | None = None
        self._started = False

    def result(self, key: str) -> PairResult:
        """This pair's result, switching every pair first if nothing has started yet."""
        if not self._started:
            self._switch_all()
        if key in self._errors:
            raise self._errors[key]
        if key in self.migration.pair_results:
            return self.migration.pair_results[key]
        # Not taken: the run stopped at an expired sign-in.
        raise self._signed_out or RuntimeError(f"{key} was not switched")

    def _switch_all(self) -> None:
        self._started = True
        run = self.migration
        run.earlier_entries()  # before any context writes this run's entries
        for pair in run.plan.pairs if run.plan else ():
            self._queue.put(pair.key)
        helpers = [
            threading.Thread(target=self._helper, name=f"pairs-{i}", daemon=True)
            for i in range(1, self.contexts)
        ]
        for helper in helpers:
            helper.start()
        self._take_pairs(run.h)
        for helper in helpers:
            helper.join()

    def _helper(self) -> None:
        run = self.migration
        try:
            with sync_playwright() as playwright:
                browser = self.open_browser(playwright)
                harness = Harness(
                    run.settings, browser, run.run, run.journal,
                    context_args=self.context_args, trace=self.trace,
                    step_numbers=run.h.step_numbers,
                )  # fmt: skip
                try:
                    with harness.step("Open Adobe Experience Platform"):
                        harness.open_aep()  # also the server's clock, which switching reads
                    self._take_pairs(harness)
                finally:
                    harness.close()
                    browser.close()
        except SignedOut as error:
            self._signed_out = error
        except Exception as error:  # the other contexts take its pairs
            reason = str(error).splitlines()[0] if str(error) else type(error).__name__
            run.journal.write(
                "warning", message=f"a parallel browser context stopped early: {reason}"
            )

    def _take_pairs(self, harness: Harness) -> None:
        while self._signed_out is None:
            try:
                key = self._queue.get_nowait()
            except queue.Empty:
                return
            try:
                self.migration.switch(harness, key)
            except SignedOut as error:
                self._signed_out = error
                self._errors[key] = error
            except Exception as error:  # its pytest item raises it
                self._errors[key] = error
