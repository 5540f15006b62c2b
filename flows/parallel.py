"""PARALLEL_CONTEXTS = K > 1: K browser contexts take a run's work from one queue: the
dry run's flows to read, the apply's pairs to switch, verification's pairs to read back.

Playwright's sync API belongs to the thread that started it, so each of the K - 1 helper
threads runs its own Playwright with its own browser (launched with the run's launch
arguments, or connected to the same browser server when BROWSER_WS_ENDPOINT is set) and
one context, recording its own step traces; the run's own context, in the main thread,
takes work too. Work leaves the queue in order. A pair is switched by flows/steps/switch.py
exactly as with one context (re-read, safe order, every step journaled before and after,
one fsynced line at a time), so the invariants and resuming after a kill are the same;
what changes is only that K pairs may be in flight at once. The plan's reads are the
same as with one context (flows/steps/plan.py): each flow at the location its Browse
link gives, a context opening a Browse list of its own only where links give none.

pytest still has one item per pair: the first pair item switches them all, then each
item reports its own pair's result, or raises its pair's error.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from playwright.sync_api import Browser, Playwright, sync_playwright

from flows.harness import Harness
from flows.model import PairResult, first_line
from pages.aep.shell import SignedOut

OpenBrowser = Callable[[Playwright], Browser]
T = TypeVar("T", bound=Hashable)


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


@dataclass
class Shared(Generic[T]):
    """What became of work shared out: each item's error, and an expired sign-in (after
    which no context takes another item)."""

    items: list[T]
    errors: dict[T, BaseException] = field(default_factory=dict)
    signed_out: SignedOut | None = None

    def raise_first(self) -> None:
        """For work that fails as a whole: the expired sign-in, else the error of the first
        item (in the queue's order) that failed."""
        if self.signed_out is not None:
            raise self.signed_out
        for item in self.items:
            if item in self.errors:
                raise self.errors[item]


@dataclass
class ContextPool:
    """The run's context and K - 1 helpers' contexts, taking items from one queue."""

    contexts: int
    open_browser: OpenBrowser
    context_args: dict[str, Any]
    trace: bool = True

    def share(
        self,
        main: Harness,
        items: Iterable[T],
        work: Callable[[Harness, T], object],
        helper_session: Callable[[Harness], AbstractContextManager[object]],
    ) -> Shared[T]:
        """`work(harness, item)` for every item, in the queue's order, by `main` and the
        helpers; each helper takes items inside `helper_session(its harness)` (where it
        opens AEP in a step trace of its own). A helper that cannot start or stops early
        leaves its items to the others (a journal warning says why)."""
        shared = Shared(list(items))
        todo: queue.SimpleQueue[T] = queue.SimpleQueue()
        for item in shared.items:
            todo.put(item)

        def take(harness: Harness) -> None:
            while shared.signed_out is None:
                try:
                    item = todo.get_nowait()
                except queue.Empty:
                    return
                try:
                    work(harness, item)
                except SignedOut as error:
                    shared.signed_out = error
                    shared.errors[item] = error
                except Exception as error:  # the caller reports it with its item
                    shared.errors[item] = error

        def helper() -> None:
            if todo.empty():  # the others took everything already: no browser to start
                return
            try:
                with self._helper_harness(main) as harness, helper_session(harness):
                    take(harness)
            except SignedOut as error:
                shared.signed_out = error
            except Exception as error:  # the other contexts take its items
                reason = first_line(error)
                main.journal.write(
                    "warning", message=f"a parallel browser context stopped early: {reason}"
                )

        helpers = [
            threading.Thread(target=helper, name=f"context-{i}", daemon=True)
            for i in range(1, self.contexts)
        ]
        for thread in helpers:
            thread.start()
        take(main)
        for thread in helpers:
            thread.join()
        return shared

    @contextmanager
    def _helper_harness(self, main: Harness) -> Iterator[Harness]:
        """A helper thread's own Playwright, browser and context, sharing the run's folder,
        journal and step numbers."""
        with sync_playwright() as playwright:
            browser = self.open_browser(playwright)
            try:
                harness = Harness(
                    main.settings, browser, main.run, main.journal,
                    context_args=self.context_args, trace=self.trace,
                    step_numbers=main.step_numbers, labels=main.labels,
                )  # fmt: skip
                try:
                    yield harness
                finally:
                    harness.close()
            finally:
                browser.close()


def each(
    pool: ContextPool | None,
    main: Harness,
    count: int,
    work: Callable[[Harness, int], object],
    helper_session: Callable[[Harness], AbstractContextManager[object]],
) -> None:
    """`work(harness, i)` for i in range(count) that fails as a whole: in `main` alone
    without a pool (or for one item), else shared by the pool's contexts."""
    if pool is None or count < 2:
        for i in range(count):
            work(main, i)
        return
    pool.share(main, range(count), work, helper_session).raise_first()


class PairPool:
    """The apply's pairs, switched by the pool's contexts: the first pair asked for starts
    them all; each pair's result (or error) is then handed out in turn."""

    def __init__(
        self,
        pool: ContextPool,
        switch: Callable[[Harness, str], PairResult],
        keys: list[str],
        before: Callable[[], object],
    ) -> None:
        self.pool = pool
        self.switch = switch
        self.keys = keys
        # Run once before any context switches (e.g. reading earlier journals).
        self.before = before
        self._shared: Shared[str] | None = None
        self._results: dict[str, PairResult] = {}

    def result(self, main: Harness, key: str) -> PairResult:
        """This pair's result, switching every pair first if nothing has started yet."""
        if self._shared is None:
            self.before()

            def work(harness: Harness, pair_key: str) -> None:
                self._results[pair_key] = self.switch(harness, pair_key)

            self._shared = self.pool.share(main, self.keys, work, _open_aep)
        if key in self._shared.errors:
            raise self._shared.errors[key]
        if key in self._results:
            return self._results[key]
        # Not taken: the run stopped at an expired sign-in.
        raise self._shared.signed_out or RuntimeError(f"{key} was not switched")


def helper_step(title: str) -> Callable[[Harness], AbstractContextManager[None]]:
    """A helper's session for work done inside one step trace of its own: AEP opened
    (where SignedOut shows), then its items."""

    @contextmanager
    def session(harness: Harness) -> Iterator[None]:
        with harness.step(title):
            harness.open_aep()
            yield

    return session


@contextmanager
def _open_aep(harness: Harness) -> Iterator[None]:
    """A switching helper opens AEP in a step of its own (also the server's clock, which
    switching reads); each pair's switch records its own steps."""
    with harness.step("Open Adobe Experience Platform"):
        harness.open_aep()
    yield
