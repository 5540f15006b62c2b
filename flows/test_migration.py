"""The main job's items (flows/conftest.py collects only those of the run asked for).

`pytest flows` plans (`test_plan`, one part per pair); `--apply` reconnects accounts
(`test_reconnect[sandbox/account]`), switches pairs (`test_switch[sandbox/name]`), names the
unpaired flows (`test_unpaired`) and verifies (`test_verify`); `--reauth-only`,
`--verify RUN_ID`, `--rollback RUN_ID` and `--probe` have items of their own. An item
passes unless it needs a person: blocked, unpaired, stale, no_permission and failed fail
with the reason in one line.
"""

from __future__ import annotations

import pytest

from flows.runs.lifecycle import Run
from flows.runs.session import Item, Said


def report(said: Said, subtests: pytest.Subtests | None = None) -> None:
    """Fail unless the item passed (each part as a subtest of its own)."""
    for part in said.parts:
        assert subtests is not None
        with subtests.test(msg=part.key):
            report(part)
    if not said.passed and not said.parts:
        what = f"{said.key}: {said.outcome}: " if said.outcome else ""
        pytest.fail(f"{what}{said.reason}", pytrace=False)


def test_plan(run: Run, subtests: pytest.Subtests) -> None:
    """Plan: the documented clicks, read-only; one outcome per pair."""
    report(run.item(Item("plan")), subtests)


def test_reconnect(run: Run, reconnect_key: str) -> None:
    """Reauthenticate: Edit details > Reconnect OAuth on a (New) Pinterest account."""
    report(run.item(Item("reconnect", reconnect_key)))


def test_switch(run: Run, switch_key: str) -> None:
    """Switch a pair: enable the new flow, disable the old one."""
    report(run.item(Item("switch", switch_key)))


def test_unpaired(run: Run, unpaired_key: str) -> None:
    """A flow with no partner of its name on the other card: a person decides."""
    report(run.item(Item("unpaired", unpaired_key)))


def test_verify(run: Run) -> None:
    """Verify: both flows after reload; every audience of the new flows in Pinterest."""
    report(run.item(Item("verify")))


def test_reauth_only(run: Run, subtests: pytest.Subtests) -> None:
    """Keep-alive: reconnect OAuth on each account of the new card expiring within N days."""
    report(run.item(Item("reauth_only")), subtests)


def test_verify_pair(run: Run, verify_pair_key: str) -> None:
    """Verify later: both flows as the run left them; every audience confirmed in Pinterest."""
    report(run.item(Item("verify_pair", verify_pair_key)))


def test_rollback(run: Run, rollback_key: str) -> None:
    """Roll back a pair: old flow on and read back, then new flow off."""
    report(run.item(Item("rollback", rollback_key)))


def test_probe(run: Run) -> None:
    """Every screen of the procedure resolves on this UI; nothing is changed. Screens left
    unvisited for want of data are listed, not failed."""
    report(run.item(Item("probe")))
