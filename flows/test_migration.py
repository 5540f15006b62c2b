"""The main job. `pytest flows` plans (a dry run); `pytest flows --apply` carries out the plan;
`--verify RUN_ID` checks an apply run again later; `--rollback RUN_ID` undoes its switches.

Outcomes map to pytest's: switched, already_migrated, paused, would_switch pass;
blocked, unpaired, stale, no_permission and failed fail with the reason in one line.
An expired AEP sign-in stops the whole run (flows/conftest.py).
"""

from __future__ import annotations

import pytest

from flows.model import Outcome
from flows.runs.keepalive import account_key
from flows.runs.later import VerifyLater
from flows.runs.migration import PASSING, Migration
from flows.runs.rollback import Rollback
from pages.aep.shell import SignedOut
from pages.pinterest.login import UntrustedLoginOrigin


def fail_unless_passing(key: str, outcome: Outcome, reason: str) -> None:
    if outcome not in PASSING:
        pytest.fail(f"{key}: {outcome.value}: {reason}", pytrace=False)


@pytest.mark.dry_run_only
def test_plan(migration: Migration, subtests: pytest.Subtests) -> None:
    """Plan: the documented clicks, read-only; one outcome per pair."""
    plan = migration.make_plan()
    for pair in plan.pairs:
        with subtests.test(msg=pair.key):
            fail_unless_passing(pair.key, pair.action, pair.reason)
    for flow in plan.unpaired:
        with subtests.test(msg=f"{flow.sandbox}/{flow.name} ({flow.destination})"):
            pytest.fail(f"unpaired: {flow.reason}", pytrace=False)


@pytest.mark.apply_only
def test_reconnect(migration: Migration, account_key: str) -> None:
    """Reauthenticate: Edit details > Reconnect OAuth on a (New) Pinterest account."""
    result = migration.account(account_key)
    fail_unless_passing(account_key, result.outcome, result.reason)


@pytest.mark.apply_only
def test_switch(migration: Migration, pair_key: str) -> None:
    """Switch a pair: enable the new flow, disable the old one."""
    result = migration.pair(pair_key)
    fail_unless_passing(pair_key, result.outcome, result.reason)


@pytest.mark.apply_only
def test_unpaired(unpaired_key: str) -> None:
    """A flow with no partner of its name on the other card: a person decides."""
    pytest.fail(
        f"{unpaired_key}: unpaired: no single flow of that name on the other card", pytrace=False
    )


@pytest.mark.apply_only
def test_verify(migration: Migration) -> None:
    """Verify: both flows after reload; every audience of the new flows in Pinterest."""
    audiences = migration.verify()
    problems = [f"{k}: {migration.pair_results[k].reason}" for k in migration.drifted]
    missing = [f"{a['pair']}: {a['name']}" for a in audiences if a["status"] == "missing"]
    if missing:
        problems.append(f"missing in Pinterest: {'; '.join(missing)}")
    if problems:
        pytest.fail("; ".join(problems), pytrace=False)


@pytest.mark.reauth_only
def test_reauth_only(migration: Migration, subtests: pytest.Subtests) -> None:
    """Keep-alive: reconnect OAuth on each account of the new card expiring within N days."""
    stop: SignedOut | UntrustedLoginOrigin | None = None
    for account in migration.new_card_accounts():
        key = account_key(account)
        with subtests.test(msg=key):
            try:
                result = migration.keep_alive(account)
            except (SignedOut, UntrustedLoginOrigin) as error:
                stop = error
                break
            fail_unless_passing(key, result.outcome, result.reason)
    if stop is not None:
        # Raised outside the subtest, which would record it as a failure: the run stops
        # (flows/conftest.py turns an expired sign-in into its own exit status, and a
        # login form on an untrusted origin into a STOPPED line).
        raise stop


@pytest.mark.verify_only
def test_verify_pair(verify_later: VerifyLater, verify_key: str) -> None:
    """Verify later: both flows as the run left them; every audience confirmed in Pinterest."""
    result = verify_later.pair(verify_key)
    if not result.confirmed:
        pytest.fail(f"{verify_key}: {result.problems()}", pytrace=False)


@pytest.mark.rollback_only
def test_rollback(rollback: Rollback, rollback_key: str) -> None:
    """Roll back a pair: old flow on and read back, then new flow off."""
    result = rollback.pair(rollback_key)
    fail_unless_passing(rollback_key, result.outcome, result.reason)
