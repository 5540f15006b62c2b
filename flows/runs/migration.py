"""A run of the main job: a dry run that plans, or an apply that carries out a plan.

Pytest drives it (flows/conftest.py, flows/test_migration.py); this module holds what a
run knows and does, so the pytest glue stays thin.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from playwright.sync_api import Error as PlaywrightError

from flows.decide import RECONNECT_WITHIN_DAYS, Order, PairState
from flows.evidence.folder import PLAN, RunFolder, utc_now
from flows.evidence.journal import Journal, journals_of_plan
from flows.harness import Harness, OnHarness, PinterestLoginFailed
from flows.model import (
    NEEDS_A_PERSON,
    AccountInfo,
    AudienceRef,
    Outcome,
    PairPlan,
    PairResult,
    Plan,
)
from flows.parallel import ContextPool, OpenBrowser, PairPool, each, helper_step
from flows.planfile import NoPlan, check_session, select
from flows.runs.keepalive import account_key, keep_alive, new_card_accounts
from flows.settings import Settings, redacted_settings
from flows.steps.activate import NotActivated, PairChanged, activate_missing
from flows.steps.plan import make_plan
from flows.steps.reauth import AccountResult, reauthenticate
from flows.steps.switch import switch_pair
from flows.steps.verify import check_audiences, owner_account, read_back
from pages.aep.shell import SignedOut
from pages.pinterest.login import UntrustedLoginOrigin

PASSING = frozenset(
    {Outcome.SWITCHED, Outcome.ALREADY_MIGRATED, Outcome.PAUSED, Outcome.WOULD_SWITCH,
     Outcome.RECONNECTED, Outcome.CONNECTED, Outcome.WOULD_RECONNECT,
     Outcome.WOULD_ROLL_BACK, Outcome.ROLLED_BACK, Outcome.ALREADY_ROLLED_BACK}
)  # fmt: skip


# Exit status of a run stopped because the saved AEP sign-in has expired.
EXIT_SIGNED_OUT = 6

# What a step of the run may fail with and the run survives (reported as `failed`): the
# page did not show what was expected, a switch did not save, a window went away.
STEP_ERRORS = (PlaywrightError, AssertionError, LookupError, RuntimeError, TimeoutError)


def _on_off(enabled: bool) -> str:
    return "enabled" if enabled else "disabled"


def first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]


def safe_settings(settings: Settings) -> dict[str, Any]:
    """Settings for the journal and the report: every field but the secrets, as strings,
    the browser server's URL and launch options redacted (grid services put tokens there)."""
    return dict(redacted_settings(settings))


@dataclass
class Migration(OnHarness):
    settings: Settings
    run: RunFolder
    apply: bool
    order: Order = "safe"
    only: list[str] = field(default_factory=list)
    plan: Plan | None = None
    journal: Journal = field(init=False)
    harness: Harness | None = None
    pair_results: dict[str, PairResult] = field(default_factory=dict)
    account_results: dict[str, AccountResult] = field(default_factory=dict)
    switched_at: datetime | None = None
    # `--activate-missing`: blocked pairs get their missing audiences, then are switched.
    activate_missing: bool = False
    # The pairs as switched: with the audiences `--activate-missing` added to the new flow.
    switched_pairs: dict[str, PairPlan] = field(default_factory=dict)
    # `--reauth-only [--within-days N]`: the keep-alive run (flows/runs/keepalive.py).
    reauth_only: bool = False
    within_days: int = RECONNECT_WITHIN_DAYS
    # PARALLEL_CONTEXTS > 1: flows are read, pairs switched and read back by several
    # contexts (flows/parallel.py).
    pool: ContextPool | None = None
    parallel: PairPool | None = None
    # Journal entries of earlier runs of the plan, by pair: read once, not once per pair.
    _earlier: dict[str, list[dict[str, Any]]] | None = None
    # What this apply carries out of the (whole) plan: the pairs `--only` names and the
    # accounts to reconnect they need (all of them without `--only`).
    pairs: tuple[PairPlan, ...] = ()
    accounts_to_reconnect: tuple[str, ...] = ()
    # Pairs whose state, read back after reload by verification, is not old off/new on.
    drifted: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        kind = "apply" if self.apply else "dry_run"
        return f"reauth_{kind}" if self.reauth_only else kind

    def __post_init__(self) -> None:
        if self.plan is not None:
            # The whole plan is carried forward (written into this run's folder, which
            # `latest` points at): `--only` limits what this run does, not the plan.
            self.pairs, self.accounts_to_reconnect = select(self.plan, self.only)
        plan_id = self.plan.run_id if self.plan else self.run.run_id
        self.journal = Journal(
            self.run.file("journal.jsonl"), run_id=self.run.run_id, plan_id=plan_id
        )
        keep_alive = {"within_days": self.within_days} if self.reauth_only else {}
        self.journal.write(
            "run_started", kind=self.kind, order="" if self.reauth_only else self.order,
            plan_id=plan_id, only=self.only, settings=safe_settings(self.settings), **keep_alive,
            activate_missing=self.activate_missing,
        )  # fmt: skip
        if self.plan is not None:
            self.run.write_json(PLAN, self.plan.to_json())

    def use_parallel_contexts(
        self, open_browser: OpenBrowser | None, context_args: dict[str, Any], *, trace: bool
    ) -> None:
        """PARALLEL_CONTEXTS > 1: the dry run's flows are read, and the apply's pairs
        switched and verified, by that many contexts, the helpers' browsers from
        `open_browser` (flows/parallel.py)."""
        contexts = self.settings.parallel_contexts
        if contexts <= 1:
            return
        if open_browser is None:
            raise ValueError(f"PARALLEL_CONTEXTS={contexts}: no way to open the helpers' browsers")
        self.pool = ContextPool(contexts, open_browser, context_args, trace)
        if self.apply:
            self.parallel = PairPool(self, self.pool)

    def attach(self, harness: Harness) -> None:
        """Open AEP; an apply's plan must be for this org, user and sandbox
        (PlanRefused, a usage error, when it is not)."""
        super().attach(harness)
        if self.apply and self.plan is not None and not self.reauth_only:
            check_session(self.plan, self.settings, self.journal.aep_user, harness.page.url)

    # --- dry run -------------------------------------------------------------------------
    def make_plan(self) -> Plan:
        with self.h.step("Plan: the documented clicks, read-only"):
            plan = make_plan(self.h, self.run.run_id, utc_now(), self.journal.aep_user, self.pool)
        self.plan = plan
        self.run.write_json(PLAN, plan.to_json())
        for account in plan.accounts:
            key = f"{account.sandbox}/{account.name}"
            if account.destination != plan.new_destination:
                continue
            outcome = (
                Outcome.WOULD_RECONNECT if key in plan.accounts_to_reconnect else Outcome.CONNECTED
            )
            self.journal.write(
                "account", key=key, sandbox=account.sandbox, name=account.name,
                destination=account.destination, outcome=outcome, reason="",
                username=account.username, expires_before=account.expires, expires_after="",
            )  # fmt: skip
        for pair in plan.pairs:
            self._journal_pair(pair, pair.action, pair.reason, None)
        self.journal.write("unpaired", flows=[dataclasses.asdict(u) for u in plan.unpaired])
        return plan

    def _journal_pair(
        self,
        pair: PairPlan,
        outcome: Outcome,
        reason: str,
        result: PairResult | None,
        h: Harness | None = None,
    ) -> None:
        h = h or self.harness
        self.journal.write(
            "pair",
            key=pair.key,
            sandbox=pair.sandbox,
            name=pair.name,
            outcome=outcome,
            reason=reason,
            first_seen={"old": pair.old.enabled, "new": pair.new.enabled},
            final=result.after if result else {},
            missing=[dataclasses.asdict(a) for a in pair.missing],
            audiences_added=[dataclasses.asdict(a) for a in result.audiences_added]
            if result
            else [],
            # A dry run's blocked pair: what `--apply --activate-missing` would add.
            would_add=[dataclasses.asdict(a) for a in pair.missing]
            if result is None and outcome == Outcome.BLOCKED
            else [],
            urls={"old": pair.old.url, "new": pair.new.url},
            actions=result.actions if result else [],
            screenshots=result.screenshots if result else {},
            seconds=result.seconds if result else 0,
            # The AEP server's clock (its Date header), which Pinterest's timestamps follow.
            server_time=h.server_now.isoformat() if h else "",
        )

    # --- apply ---------------------------------------------------------------------------
    def _plan(self) -> Plan:
        if self.plan is None:
            raise NoPlan("no plan")
        return self.plan

    def account(self, key: str) -> AccountResult:
        plan = self._plan()
        account = next(
            a
            for a in plan.accounts
            if f"{a.sandbox}/{a.name}" == key and a.destination == plan.new_destination
        )
        identity = self.settings.pinterest_identity(account.sandbox, account.name)
        try:
            # Between step traces: no credential is traced. Inside this handler: a login
            # that fails is the account's one-line reason, not a traceback.
            self.h.ensure_pinterest_session(account.sandbox, account.name)
            with self.h.step(f"Reauthenticate {key}"):
                result = reauthenticate(self.h, account, identity.username or account.username)
        except (SignedOut, UntrustedLoginOrigin):
            raise  # the run stops (flows/conftest.py)
        except STEP_ERRORS as error:
            self.h.raise_if_signed_out()  # the sign-in ended under the step: stop the run
            # E.g. the OAuth window closed before consent: a person reconnects.
            reason = first_line(error)
            if not isinstance(error, PinterestLoginFailed):
                reason = f"Reconnect OAuth did not finish: {reason}"
            result = AccountResult(
                key, account.sandbox, account.name, account.destination, Outcome.FAILED,
                reason=reason, username=account.username, expires_before=account.expires,
            )  # fmt: skip
        self.account_results[key] = result
        self.journal.write("account", **dataclasses.asdict(result))
        return result

    def pair(self, key: str) -> PairResult:
        if self.parallel is not None:
            return self.parallel.result(key)
        return self.switch(self.h, key)

    def switch(self, h: Harness, key: str) -> PairResult:
        """Switch one pair in `h`'s browser context (the run's own, or a parallel one's)."""
        plan = self._plan()
        pair = next(p for p in plan.pairs if p.key == key)
        unconnected = [
            r for r in self.account_results.values()
            if r.sandbox == pair.sandbox and r.outcome == Outcome.FAILED
        ] + [
            # An account whose reconnect raised (its item failed) has no result at all.
            AccountResult(key, pair.sandbox, key, plan.new_destination, Outcome.FAILED,
                          reason="its reconnect stopped with an error")
            for key in plan.accounts_to_reconnect
            if key.startswith(f"{pair.sandbox}/") and key not in self.account_results
        ]  # fmt: skip
        if unconnected:
            # The new flow would export with no valid token: keep the old one exporting.
            result = PairResult(
                key, Outcome.FAILED, before={"old": pair.old.enabled, "new": pair.new.enabled}
            )
            account = unconnected[0]
            result.reason = (
                f"left alone: account {account.key} was not reconnected ({account.reason})"
            )
            self.pair_results[key] = result
            self._journal_pair(pair, result.outcome, result.reason, result, h)
            return result
        produced = self._produced_states(pair)
        added: list[AudienceRef] = []
        if self.activate_missing and pair.action == Outcome.BLOCKED:
            try:
                with h.step(f"Activate missing audiences {key}"):
                    activated = activate_missing(h, pair, produced)
            except (PairChanged, NotActivated, PlaywrightError, LookupError, ValueError) as error:
                return self._not_activated(pair, error, h)
            pair, added = activated.pair, list(activated.added)
            produced = self._produced_states(pair)
        signed_out: SignedOut | None = None
        try:
            with h.step(f"Switch {key}"):
                result = switch_pair(h, pair, self.order, produced)
        except SignedOut as error:
            result, signed_out = self._failed_pair(h, pair, error), error
        except STEP_ERRORS as error:
            result = self._failed_pair(h, pair, error)
        result.audiences_added = added
        self.switched_pairs[key] = pair
        if result.actions:
            self.switched_at = max(h.server_now, self.switched_at or h.server_now)
        self.pair_results[key] = result
        self._journal_pair(pair, result.outcome, result.reason, result, h)
        if signed_out is not None:
            raise signed_out
        return result

    def _failed_pair(self, h: Harness, pair: PairPlan, error: Exception) -> PairResult:
        """A switch that stopped half-way: both flows read again, so the report says
        where the pair stands (or that it could not be read)."""
        result = PairResult(
            pair.key, Outcome.FAILED, before={"old": pair.old.enabled, "new": pair.new.enabled}
        )
        result.reason = first_line(error)
        try:
            with h.step(f"Read back {pair.key} after an error"):
                result.after = read_back(h, pair)
        except (SignedOut, *STEP_ERRORS) as again:
            result.reason += f"; its state could not be read back ({first_line(again)})"
        return result

    def _not_activated(self, pair: PairPlan, error: Exception, h: Harness) -> PairResult:
        """The missing audiences could not be added: the pair stays as it was."""
        stale = isinstance(error, PairChanged)
        result = PairResult(
            pair.key,
            Outcome.STALE if stale else Outcome.BLOCKED,
            before={"old": pair.old.enabled, "new": pair.new.enabled},
            after={"old": pair.old.enabled, "new": pair.new.enabled},
        )
        first_line = str(error).splitlines()[0] if str(error) else type(error).__name__
        result.reason = (
            first_line
            if stale
            else f"{pair.reason}; --activate-missing could not add them: {first_line}"
        )
        self.pair_results[pair.key] = result
        self._journal_pair(pair, result.outcome, result.reason, result, h)
        return result

    def _produced_states(self, pair: PairPlan) -> list[PairState]:
        """States this harness's journals say it produced (or intended) for the pair."""
        first_seen = PairState.of(pair.old, pair.new)
        states = []
        for entry in self.earlier_entries().get(pair.key, []):
            switches = entry.get("expect") or entry.get("state") or {}
            states.append(
                first_seen.with_switches(bool(switches.get("old")), bool(switches.get("new")))
            )
        return states

    def earlier_entries(self) -> dict[str, list[dict[str, Any]]]:
        """The plan's journal entries (intent, done) by pair, read once, not once per pair.

        This run writes a pair's entries only while switching it, so the journals as they
        are before the first pair hold everything earlier runs did to each pair.
        """
        if self._earlier is None:
            self._earlier = {}
            for entry in journals_of_plan(self.settings.evidence_dir, self._plan().run_id):
                if entry.get("event") in ("intent", "done") and "pair" in entry:
                    self._earlier.setdefault(entry["pair"], []).append(entry)
        return self._earlier

    def verify(self) -> list[dict[str, Any]]:
        plan = self._plan()
        done = [
            self.switched_pairs.get(p.key, p)
            for p in plan.pairs
            if self.pair_results.get(p.key)
            and self.pair_results[p.key].outcome in (Outcome.SWITCHED, Outcome.ALREADY_MIGRATED)
        ]
        self.drifted = self.record_read_back(done, self._read_back_all(done))
        done = [p for p in done if p.key not in self.drifted]
        checks = []
        for (sandbox, account), pairs in self._by_identity(done).items():
            self.h.ensure_pinterest_session(sandbox, account)  # between step traces
            login = self.settings.pinterest_identity(sandbox, account).key
            title = "Verify: audiences in Pinterest Ads Manager"
            with self.h.step(title if login == "default" else f"{title} (as {login})"):
                checks += check_audiences(self.h, pairs, self.switched_at or self.h.server_now)
        audiences = [c.to_json() for c in checks]
        drifted = [f"{k}: {self.pair_results[k].reason}" for k in self.drifted]
        self.journal.write("verification", audiences=audiences, drifted=drifted)
        return audiences

    def record_read_back(self, pairs: list[PairPlan], states: list[dict[str, bool]]) -> list[str]:
        """Switched means read back: a pair whose flows, read after reload, are not old
        off / new on is `failed` (journaled, so the report says so); its keys."""
        failed = []
        for pair, state in zip(pairs, states, strict=True):
            if state == {"old": False, "new": True}:
                continue
            result = self.pair_results[pair.key]
            result.outcome, result.after = Outcome.FAILED, state
            result.reason = (
                f"read back after reload: old flow {_on_off(state['old'])}, new flow "
                f"{_on_off(state['new'])} (not old off, new on)"
            )
            self._journal_pair(pair, result.outcome, result.reason, result)
            failed.append(pair.key)
        return failed

    def _read_back_all(self, pairs: list[PairPlan]) -> list[dict[str, bool]]:
        """Each pair's switches after reload, in order; by the pool's contexts if any."""
        title = "Verify: both flows after reload"
        states: dict[int, dict[str, bool]] = {}

        def read(h: Harness, i: int) -> None:
            states[i] = read_back(h, pairs[i])

        with self.h.step(title):
            each(self.pool, self.h, len(pairs), read, helper_step(f"{title} (another context)"))
        return [states[i] for i in range(len(pairs))]

    def _by_identity(self, pairs: list[PairPlan]) -> dict[tuple[str, str], list[PairPlan]]:
        """Pairs by the Pinterest login that sees their ad account, keyed by one account
        that uses it (("", "") for the default login)."""
        plan = self._plan()
        groups: dict[tuple[str, str], list[PairPlan]] = {}
        owners: dict[str, tuple[str, str]] = {}
        for pair in pairs:
            owner = owner_account(plan, pair)
            login = self.settings.pinterest_identity(*owner).key
            groups.setdefault(owners.setdefault(login, owner), []).append(pair)
        return groups

    # --- keep-alive (--reauth-only) -------------------------------------------------------
    def new_card_accounts(self) -> list[AccountInfo]:
        return new_card_accounts(self.h)

    def keep_alive(self, account: AccountInfo) -> AccountResult:
        """Reconnect one account of the new card if it expires within `within_days` days."""
        key = account_key(account)
        try:
            result = keep_alive(self.h, account, self.within_days, self.apply)
        except (SignedOut, UntrustedLoginOrigin):
            raise  # the run stops, as the main job's does (flows/conftest.py)
        except STEP_ERRORS as error:
            self.h.raise_if_signed_out()  # the sign-in ended under the step: stop the run
            # Reported as failed, so the report says which account and why.
            result = AccountResult(
                key, account.sandbox, account.name, account.destination, Outcome.FAILED,
                reason=first_line(error), username=account.username,
                expires_before=account.expires,
            )  # fmt: skip
        self.account_results[key] = result
        self.journal.write("account", **dataclasses.asdict(result))
        return result

    def needs_a_person(self) -> bool:
        outcomes = [r.outcome for r in self.pair_results.values()] + [
            r.outcome for r in self.account_results.values()
        ]
        return any(o in NEEDS_A_PERSON for o in outcomes)

    def finish(self, exit_status: int) -> None:
        if self.harness is not None:
            # Guesses the page objects did not find as labelled: worth a labels-file entry.
            found = self.harness.aep_labels.findings.all()
            self.journal.write("discovered", findings=[f.to_json() for f in found])
        self.journal.write("run_finished", exit_status=exit_status)
