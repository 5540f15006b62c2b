"""The migration's runs: a dry run that plans, and an apply that carries out a plan.

The dry run has one item (the plan; one part per pair); the apply has one item per
account to reconnect, one per pair (`sandbox/connection name`), one per unpaired flow,
and one for verification, in that order (flows/runs/lifecycle.py runs them).
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from playwright.sync_api import Error as PlaywrightError

from flows.decide import PairState
from flows.evidence.folder import PLAN, REPORT_JSON, utc_now
from flows.evidence.journal import Journal, journals_of_plan
from flows.evidence.report import write_reports
from flows.harness import Harness, PinterestLoginFailed
from flows.model import (
    MIGRATED,
    AccountResult,
    AudienceRef,
    Outcome,
    PairPlan,
    PairResult,
    Plan,
    Switches,
    first_line,
)
from flows.parallel import ContextPool, PairPool, each, helper_step
from flows.planfile import check_session, select
from flows.progress import Progress
from flows.runs.session import STEP_ERRORS, Item, RunSession, Said
from flows.settings import redacted_settings
from flows.steps.activate import NotActivated, PairChanged, activate_missing
from flows.steps.plan import make_plan
from flows.steps.reauth import reauthenticate
from flows.steps.switch import switch_pair
from flows.steps.verify import check_audiences, owner_account, read_back
from pages.aep.shell import SignedOut
from pages.pinterest.login import UntrustedLoginOrigin


def _audience_names(audiences: list[dict[str, Any]]) -> str:
    return ", ".join(f"{a['name']} ({a['id']})" for a in audiences)


def apply_items(plan: Plan, only: tuple[str, ...]) -> list[Item]:
    """An apply's items: the accounts its pairs need reconnected, its pairs, the plan's
    unpaired flows (not with `--only`, which names pairs), then verification."""
    pairs, accounts = select(plan, only)
    unpaired = [] if only else [f"{u.sandbox}/{u.name} ({u.destination})" for u in plan.unpaired]
    return [
        *(Item("reconnect", key) for key in accounts),
        *(Item("switch", pair.key) for pair in pairs),
        *(Item("unpaired", key) for key in unpaired),
        Item("verify"),
    ]


@dataclass
class Migration(RunSession):
    """What the dry run and the apply share: the journal's pair entries, the reports and
    what the person reads at the end."""

    # PARALLEL_CONTEXTS > 1: flows are read, pairs switched and read back by several
    # contexts (flows/parallel.py); set by the lifecycle before the run starts.
    pool: ContextPool | None = field(default=None, init=False)

    def use_pool(self, pool: ContextPool) -> None:
        """PARALLEL_CONTEXTS > 1: the plan's flows read, and verification's read back, by
        the pool's contexts (flows/parallel.py)."""
        self.pool = pool

    def journal_pair(
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
            first_seen=pair.first_seen.to_json(),
            final=result.after.to_json() if result and result.after else {},
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
            traces=result.traces if result else [],
            seconds=result.seconds if result else 0,
            # The AEP server's clock (its Date header), which Pinterest's timestamps follow.
            server_time=h.server_now.isoformat() if h else "",
        )

    def finish(self, exit_status: int) -> None:
        self.journal_findings()
        self.journal.write("run_finished", exit_status=exit_status)
        write_reports(self.folder)

    def summary_lines(self) -> list[str]:
        path = self.folder.file(REPORT_JSON)
        report = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
        lines = [f"WARNING: {w}" for w in report.get("warnings", [])]
        for pair in report.get("pairs", []):
            reason = f"  ({pair['reason']})" if pair["reason"] else ""
            lines.append(f"{pair['outcome']:>17}  {pair['key']}{reason}")
            if added := pair.get("audiences_added"):
                lines.append(f"{'':>17}  audiences added: {_audience_names(added)}")
            if would_add := pair.get("would_add"):
                names = _audience_names(would_add)
                lines.append(f"{'':>17}  --apply --activate-missing would add: {names}")
        for account in report.get("accounts", []):
            before, after = account["expires_before"] or "-", account["expires_after"] or "-"
            reason = f"  ({account['reason']})" if account["reason"] else ""
            lines.append(
                f"{account['outcome']:>17}  account {account['key']}  expires {before} -> "
                f"{after}{reason}"
            )
        if report and not report.get("aep_user"):
            lines.append("AEP user: not shown by the shell (the journal records none)")
        if discovered := report.get("discovered"):
            lines.append(
                f"{len(discovered)} guessed label(s) did not match and were found by structure "
                "(report: Found by structure; pytest flows --probe --write-labels FILE names them)"
            )
        counts = ", ".join(f"{k}: {v}" for k, v in report.get("summary", {}).items()) or "nothing"
        lines.append(f"{self.noun}: {counts}")
        lines.append(f"report: {self.folder.file('report.html')}")
        return lines

    @property
    def noun(self) -> str:
        return "run"


@dataclass
class DryRun(Migration):
    """`pytest flows`: the documented clicks, read-only; writes `plan.json`."""

    plan: Plan | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        run_id = self.folder.run_id
        self.journal = Journal(self.folder.file("journal.jsonl"), run_id=run_id, plan_id=run_id)
        self.journal.write(
            "run_started", kind="dry_run", order=self.request.order, plan_id=run_id,
            only=list(self.request.only), settings=redacted_settings(self.settings),
            activate_missing=self.request.activate_missing,
        )  # fmt: skip

    @property
    def noun(self) -> str:
        return "dry run"

    def item(self, item: Item) -> Said:
        plan = self.make_plan()
        parts = [Said.of(pair.key, pair.action, pair.reason) for pair in plan.pairs]
        parts += [
            Said(f"{u.sandbox}/{u.name} ({u.destination})", Outcome.UNPAIRED, u.reason, False)
            for u in plan.unpaired
        ]
        return Said("plan", "planned", passed=all(p.passed for p in parts), parts=tuple(parts))

    def make_plan(self) -> Plan:
        with self.h.step("Plan: the documented clicks, read-only"):
            plan = make_plan(
                self.h, self.folder.run_id, utc_now(), self.journal.aep_user, self.pool,
                say=self.say,
            )  # fmt: skip
        self.plan = plan
        self.folder.write_json(PLAN, plan.to_json())
        for account in plan.accounts:
            if account.destination != plan.new_destination:
                continue
            reconnect = account.key in plan.accounts_to_reconnect
            outcome = Outcome.WOULD_RECONNECT if reconnect else Outcome.CONNECTED
            self.journal.write(
                "account", key=account.key, sandbox=account.sandbox, name=account.name,
                destination=account.destination, outcome=outcome, reason="",
                username=account.username, expires_before=account.expires, expires_after="",
            )  # fmt: skip
        for pair in plan.pairs:
            self.journal_pair(pair, pair.action, pair.reason, None)
        self.journal.write("unpaired", flows=[dataclasses.asdict(u) for u in plan.unpaired])
        return plan

    def summary_lines(self) -> list[str]:
        plan = self.folder.file(PLAN)
        return [*super().summary_lines(), f"plan: {plan}  (review it, then: pytest flows --apply)"]


@dataclass
class Apply(Migration):
    """`pytest flows --apply`: carries out a plan (the whole plan carried forward into this
    run's folder; `--only` limits what this run does)."""

    plan: Plan = field(kw_only=True)
    pair_results: dict[str, PairResult] = field(default_factory=dict)
    account_results: dict[str, AccountResult] = field(default_factory=dict)
    switched_at: datetime | None = None
    # The pairs as switched: with the audiences `--activate-missing` added to the new flow.
    switched_pairs: dict[str, PairPlan] = field(default_factory=dict)
    # PARALLEL_CONTEXTS > 1: the pairs switched by the pool's contexts.
    parallel: PairPool | None = field(default=None, init=False)
    # Journal entries of earlier runs of the plan, by pair: read once, not once per pair.
    _earlier: dict[str, list[dict[str, Any]]] | None = None
    # What this apply carries out of the (whole) plan: the pairs `--only` names and the
    # accounts to reconnect they need (all of them without `--only`).
    pairs: tuple[PairPlan, ...] = field(default=(), init=False)
    accounts_to_reconnect: tuple[str, ...] = field(default=(), init=False)
    # Pairs whose state, read back after reload by verification, is not old off/new on.
    drifted: list[str] = field(default_factory=list)
    # The switches done, for the progress line (made when the first pair's turn comes).
    switching: Progress | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        # The whole plan is carried forward (written into this run's folder, which
        # `latest` points at): `--only` limits what this run does, not the plan.
        self.pairs, self.accounts_to_reconnect = select(self.plan, self.request.only)
        self.journal = Journal(
            self.folder.file("journal.jsonl"), run_id=self.folder.run_id, plan_id=self.plan.run_id
        )
        self.journal.write(
            "run_started", kind="apply", order=self.request.order, plan_id=self.plan.run_id,
            only=list(self.request.only), settings=redacted_settings(self.settings),
            activate_missing=self.request.activate_missing,
        )  # fmt: skip
        self.folder.write_json(PLAN, self.plan.to_json())

    @property
    def noun(self) -> str:
        return "apply"

    def use_pool(self, pool: ContextPool) -> None:
        """PARALLEL_CONTEXTS > 1: the pairs are switched by the pool's contexts too."""
        super().use_pool(pool)
        keys = [p.key for p in self.pairs]
        self.parallel = PairPool(pool, self._switch_counted, keys, self.earlier_entries)

    def attach(self, harness: Harness) -> None:
        """Open AEP; the plan must be for this org, user and sandbox (PlanRefused, a usage
        error, when it is not)."""
        super().attach(harness)
        check_session(self.plan, self.settings, self.journal.aep_user, harness.page.url)

    def item(self, item: Item) -> Said:
        if item.test == "reconnect":
            account = self.account(item.key)
            return Said.of(item.key, account.outcome, account.reason)
        if item.test == "switch":
            pair = self.pair(item.key)
            return Said.of(item.key, pair.outcome, pair.reason)
        if item.test == "unpaired":
            reason = "no single flow of that name on the other card"
            return Said(item.key, Outcome.UNPAIRED, reason, passed=False)
        return self.verification()

    def verification(self) -> Said:
        audiences = self.verify()
        problems = [f"{k}: {self.pair_results[k].reason}" for k in self.drifted]
        missing = [f"{a['pair']}: {a['name']}" for a in audiences if a["status"] == "missing"]
        if missing:
            problems.append(f"missing in Pinterest: {'; '.join(missing)}")
        return Said("verify", "", "; ".join(problems), passed=not problems)

    def account(self, key: str) -> AccountResult:
        plan = self.plan
        account = next(
            a for a in plan.accounts if a.key == key and a.destination == plan.new_destination
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
        if self.switching is None:
            self.switching = Progress("apply", len(self.pairs), "pairs switched", self.say)
        if self.parallel is not None:
            return self.parallel.result(self.h, key)
        return self._switch_counted(self.h, key)

    def _switch_counted(self, h: Harness, key: str) -> PairResult:
        try:
            return self.switch(h, key)
        finally:
            if self.switching is not None:
                self.switching.one_done()

    def switch(self, h: Harness, key: str) -> PairResult:
        """Switch one pair in `h`'s browser context (the run's own, or a parallel one's)."""
        plan = self.plan
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
            result = PairResult(key, Outcome.FAILED, before=pair.first_seen)
            account = unconnected[0]
            result.reason = (
                f"left alone: account {account.key} was not reconnected ({account.reason})"
            )
            self.pair_results[key] = result
            self.journal_pair(pair, result.outcome, result.reason, result, h)
            return result
        produced = self._produced_states(pair)
        added: list[AudienceRef] = []
        if self.request.activate_missing and pair.action == Outcome.BLOCKED:
            try:
                with h.step(f"Activate missing audiences {key}"):
                    activated = activate_missing(h, pair, produced)
            except (PairChanged, NotActivated, PlaywrightError, LookupError, ValueError) as error:
                return self._not_activated(pair, error, h)
            pair, added = activated.pair, list(activated.added)
            produced = self._produced_states(pair)
        traces = [h.last_trace] if added and h.last_trace else []
        signed_out: SignedOut | None = None
        try:
            with h.step(f"Switch {key}"):
                result = switch_pair(h, pair, self.request.order, produced)
            traces.append(h.last_trace)
        except SignedOut as error:
            traces.append(h.last_trace)
            result, signed_out = self._failed_pair(h, pair, error), error
        except STEP_ERRORS as error:
            traces.append(h.last_trace)
            result = self._failed_pair(h, pair, error)
        result.traces = [t for t in (*traces, *result.traces) if t]
        result.audiences_added = added
        self.switched_pairs[key] = pair
        if result.actions:
            self.switched_at = max(h.server_now, self.switched_at or h.server_now)
        self.pair_results[key] = result
        self.journal_pair(pair, result.outcome, result.reason, result, h)
        if signed_out is not None:
            raise signed_out
        return result

    def _failed_pair(self, h: Harness, pair: PairPlan, error: Exception) -> PairResult:
        """A switch that stopped half-way: both flows read again, so the report says
        where the pair stands (or that it could not be read)."""
        result = PairResult(pair.key, Outcome.FAILED, before=pair.first_seen)
        result.reason = first_line(error)
        try:
            with h.step(f"Read back {pair.key} after an error"):
                result.after = read_back(h, pair)
        except (SignedOut, *STEP_ERRORS) as again:
            result.reason += f"; its state could not be read back ({first_line(again)})"
        result.traces.append(h.last_trace)
        return result

    def _not_activated(self, pair: PairPlan, error: Exception, h: Harness) -> PairResult:
        """The missing audiences could not be added: the pair stays as it was."""
        stale = isinstance(error, PairChanged)
        result = PairResult(
            pair.key,
            Outcome.STALE if stale else Outcome.BLOCKED,
            before=pair.first_seen,
            after=pair.first_seen,
        )
        why = first_line(error)
        result.reason = (
            why if stale else f"{pair.reason}; --activate-missing could not add them: {why}"
        )
        self.pair_results[pair.key] = result
        self.journal_pair(pair, result.outcome, result.reason, result, h)
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
            for entry in journals_of_plan(self.settings.evidence_dir, self.plan.run_id):
                if entry.get("event") in ("intent", "done") and "pair" in entry:
                    self._earlier.setdefault(entry["pair"], []).append(entry)
        return self._earlier

    def verify(self) -> list[dict[str, Any]]:
        plan = self.plan
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
                checks += check_audiences(self.h, pairs, self.switch_time())
        audiences = [c.to_json() for c in checks]
        drifted = [f"{k}: {self.pair_results[k].reason}" for k in self.drifted]
        self.journal.write("verification", audiences=audiences, drifted=drifted)
        return audiences

    def switch_time(self) -> datetime:
        """When the pairs were switched, in the AEP server's clock: this run's last click,
        else an earlier run's of this plan (a rerun that clicks nothing), else now."""
        if self.switched_at is not None:
            return self.switched_at
        times = [
            datetime.fromisoformat(entry["server_time"])
            for entries in self.earlier_entries().values()
            for entry in entries
            if entry.get("event") == "done" and entry.get("server_time")
        ]
        return max(times) if times else self.h.server_now

    def record_read_back(self, pairs: list[PairPlan], states: list[Switches]) -> list[str]:
        """Switched means read back: a pair whose flows, read after reload, are not old
        off / new on is `failed` (journaled, so the report says so); its keys."""
        failed = []
        for pair, state in zip(pairs, states, strict=True):
            if state == MIGRATED:
                continue
            result = self.pair_results[pair.key]
            result.outcome, result.after = Outcome.FAILED, state
            result.reason = f"read back after reload: {state} (not old off, new on)"
            self.journal_pair(pair, result.outcome, result.reason, result)
            failed.append(pair.key)
        return failed

    def _read_back_all(self, pairs: list[PairPlan]) -> list[Switches]:
        """Each pair's switches after reload, in order; by the pool's contexts if any."""
        title = "Verify: both flows after reload"
        states: dict[int, Switches] = {}

        def read(h: Harness, i: int) -> None:
            states[i] = read_back(h, pairs[i])

        with self.h.step(title):
            each(self.pool, self.h, len(pairs), read, helper_step(f"{title} (another context)"))
        return [states[i] for i in range(len(pairs))]

    def _by_identity(self, pairs: list[PairPlan]) -> dict[tuple[str, str], list[PairPlan]]:
        """Pairs by the Pinterest login that sees their ad account, keyed by one account
        that uses it (("", "") for the default login)."""
        plan = self.plan
        groups: dict[tuple[str, str], list[PairPlan]] = {}
        owners: dict[str, tuple[str, str]] = {}
        for pair in pairs:
            owner = owner_account(plan, pair)
            login = self.settings.pinterest_identity(*owner).key
            groups.setdefault(owners.setdefault(login, owner), []).append(pair)
        return groups
