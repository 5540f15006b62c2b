"""Keep the (New) Pinterest connection alive: reconnect OAuth before the 30-day expiry.

`pytest flows --reauth-only [--within-days N] [--apply]`: per sandbox, Destinations >
Accounts filtered to the new card; every account whose token expires within N days (or
has expired) is reconnected with `--apply`, or reported as `would_reconnect` without it.
No dataflow is touched and no plan is needed.
"""

from __future__ import annotations

from datetime import date

from flows.decide import needs_reconnect
from flows.harness import Harness
from flows.model import AccountInfo, Outcome
from flows.steps.plan import account_info
from flows.steps.reauth import AccountResult, reauthenticate


def account_key(account: AccountInfo) -> str:
    return f"{account.sandbox}/{account.name}"


def read_accounts(h: Harness, sandbox: str | None) -> list[AccountInfo]:
    """The new card's accounts in `sandbox` (None: the one AEP_URL opens), read-only."""
    card = h.settings.new_destination
    shell = h.open_aep()
    if sandbox:
        shell = shell.switch_sandbox(sandbox)
    name = shell.sandbox_name()
    with h.group(f"{name}: Accounts filtered to {card}"):
        accounts = shell.go_to_destinations().open_accounts()
        accounts.filter_by_destination(card)
        return [account_info(name, row) for row in accounts.accounts() if row.destination == card]


def new_card_accounts(h: Harness) -> list[AccountInfo]:
    """Every account of the new card across AEP_SANDBOXES, in one step's trace."""
    found: list[AccountInfo] = []
    with h.step(f"Accounts of {h.settings.new_destination}"):
        for sandbox in h.settings.aep_sandboxes or (None,):
            found += read_accounts(h, sandbox)
    return found


def expiry(expires_on: str, today: date) -> str:
    """How an expiry reads in a report: "expires 2023-12-04 (in 3 days)"."""
    if not expires_on:
        return "no expiration date shown"
    days = (date.fromisoformat(expires_on) - today).days
    if days < 0:
        return f"expired on {expires_on} ({-days} days ago)"
    return f"expires {expires_on} (in {days} days)"


def keep_alive(h: Harness, account: AccountInfo, within_days: int, apply: bool) -> AccountResult:
    """Reconnect `account` if its token expires within `within_days` days (dry run: say so)."""
    key = account_key(account)
    result = AccountResult(
        key, account.sandbox, account.name, account.destination, Outcome.CONNECTED,
        reason=expiry(account.expires, h.server_now.date()), username=account.username,
        expires_before=account.expires, expires_after=account.expires,
    )  # fmt: skip
    if not needs_reconnect(account.expires, h.server_now.date(), within_days):
        return result
    if not apply:
        result.outcome, result.expires_after = Outcome.WOULD_RECONNECT, ""
        return result
    # Between step traces: no credential is traced.
    h.ensure_pinterest_session(account.sandbox, account.name)
    expected = h.settings.pinterest_identity(account.sandbox, account.name).username
    with h.step(f"Reconnect OAuth {key}"):
        return reauthenticate(h, account, expected or account.username, within_days)
