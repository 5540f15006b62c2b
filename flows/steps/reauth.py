"""Reauthenticate: Accounts > (New) Pinterest account > ... > Edit details > Reconnect OAuth."""

from __future__ import annotations

import re
from datetime import date

from flows.decide import RECONNECT_WITHIN_DAYS, needs_reconnect
from flows.harness import Harness
from flows.model import AccountInfo, AccountResult, Outcome
from flows.steps.navigate import accounts_of_card, find_account, open_sandbox
from flows.steps.plan import account_info
from pages.aep.accounts import AccountRow, AccountsTab
from pages.aep.edit_details import ReconnectRefused
from pages.dates import parse_date
from pages.pinterest.login import PinterestLogin, arrive

# Reconnect OAuth is tried again when Pinterest was only busy (429, a 5xx).
RECONNECT_ATTEMPTS = 3
TRANSIENT = re.compile(r"\b(429|5\d\d)\b|rate limit|temporarily", re.IGNORECASE)


def is_transient(error: str) -> bool:
    return bool(TRANSIENT.search(error))


def reauthenticate(
    h: Harness,
    account: AccountInfo,
    expected_username: str,
    within_days: int = RECONNECT_WITHIN_DAYS,
) -> AccountResult:
    """Reconnect OAuth on `account` unless its token is valid for more than `within_days`
    days; the Pinterest session must already be in the context.

    A valid token granted by another Pinterest user than the expected one is reconnected
    too (e.g. an earlier run used the wrong login). Pinterest only ever shows consent
    here: a login form in this (traced) flow means the handed-over session did not take,
    and the step fails rather than type a credential.
    """
    key = account.key
    result = AccountResult(
        key, account.sandbox, account.name, account.destination, Outcome.FAILED,
        username=account.username, expires_before=account.expires,
    )  # fmt: skip
    accounts, row = find_account(h, account)
    wrong_user = bool(expected_username) and row.username not in ("", expected_username)
    if not wrong_user and not needs_reconnect(row.expires_on, h.server_now.date(), within_days):
        # Reconnected since the plan (by an earlier run, or a person): nothing to do.
        result.outcome, result.expires_after = Outcome.CONNECTED, row.expires_on
        result.reason = f"token valid until {row.expires_on}"
        return result
    for attempt in range(1, RECONNECT_ATTEMPTS + 1):
        if attempt > 1:  # from a freshly loaded page, as a person would try again
            accounts, row = find_account(h, account)
        h.journal.write("intent", account=key, step="reconnect OAuth", attempt=attempt)
        error = _reconnect_once(
            h,
            account,
            accounts=accounts,
            before=row,
            result=result,
            expected_username=expected_username,
        )
        if error is None:
            return result
        result.reason = f"Reconnect OAuth failed: {error}"
        # Safe to try again when Pinterest was only busy (nothing changed); a refusal
        # needs a person.
        if attempt == RECONNECT_ATTEMPTS or not is_transient(error):
            return result
        h.journal.write("retry", account=key, error=error)
    return result


def _reconnect_once(
    h: Harness,
    account: AccountInfo,
    *,
    accounts: AccountsTab,
    before: AccountRow,
    result: AccountResult,
    expected_username: str,
) -> str | None:
    """One Edit details > Reconnect OAuth > consent > Save, and the Accounts row read back.
    None when `result` is decided; else why it failed (to try again when transient)."""
    with h.group("Edit details > Reconnect OAuth"):
        dialog = accounts.open_edit_details(before)
        said_before = dialog.messages()
        try:
            window = dialog.reconnect_oauth()
        except ReconnectRefused as refused:  # Platform said no before leaving for Pinterest
            # AEP kept the old grant: close without saving anything (unless the tab is on
            # a page of Platform's own: no dialog is left).
            if not refused.left_app and dialog.is_open():
                dialog.cancel()
            return str(refused)
    with h.group("Pinterest: give access"):
        screen = arrive(window.page, h.settings.pinterest_login_origins, h.pinterest_labels)
        if isinstance(screen, PinterestLogin):
            result.reason = (
                "Pinterest asked for a login inside the traced flow; the session hand-over failed"
            )
            return None
        screen.give_access()
    # Where the app shows the result (in the dialog, a toast, or nowhere) is undocumented:
    # its words only explain a failure; the Accounts row decides.
    said = dialog.said_after(said_before)
    said_failed = bool(said) and dialog.is_error(said)
    with h.group("Cancel Edit details" if said_failed else "Save the account"):
        if dialog.is_open():
            if said_failed:
                dialog.cancel()
            else:
                dialog.save()
        if window.is_popup and not window.page.is_closed():
            window.page.close()
    with h.group("Read the account back"):
        _, after = _read_back(h, account, accounts, before)
    if not _renewed(before, after):
        return said or (
            "the account's authorization did not change on Accounts (authorized "
            f"{before.authorization_date or '-'}, expires {before.expiration_date or '-'})"
        )
    h.journal.write("done", account=result.key, step="reconnect OAuth")
    result.username, result.expires_after, result.reason = after.username, after.expires_on, ""
    if expected_username and after.username != expected_username:
        result.reason = (
            f"reconnected as Pinterest user {after.username!r}, expected {expected_username!r}"
        )
    else:
        result.outcome = Outcome.RECONNECTED
    return None


def _read_back(
    h: Harness, account: AccountInfo, accounts: AccountsTab, before: AccountRow
) -> tuple[AccountsTab, AccountRow]:
    """The account's row on Accounts (its documented columns: username, authorization and
    expiration dates) after the reconnect: as the list shows it now, else once more from a
    freshly loaded page (a list may not refresh by itself)."""
    after = accounts.find(account.name, account.destination)
    if _renewed(before, after):
        return accounts, after
    return find_account(h, account)


def _renewed(before: AccountRow, after: AccountRow) -> bool:
    """The grant changed: a later expiration or authorization date, or another user."""
    for earlier, later in (
        (before.expiration_date, after.expiration_date),
        (before.authorization_date, after.authorization_date),
    ):
        try:
            old, new = parse_date(earlier), parse_date(later)
        except ValueError:
            continue
        if new and (not old or new > old):
            return True
    return bool(after.username) and after.username != before.username


def new_card_accounts(h: Harness) -> list[AccountInfo]:
    """Every account of the new card across AEP_SANDBOXES (or the sandbox AEP_URL opens),
    read-only, in one step's trace."""
    card = h.settings.new_destination
    found: list[AccountInfo] = []
    with h.step(f"Accounts of {card}"):
        for sandbox in h.settings.aep_sandboxes or (None,):
            shell = open_sandbox(h, sandbox)
            name = shell.sandbox_name()
            with h.group(f"{name}: Accounts filtered to {card}"):
                rows = accounts_of_card(h, shell, card).accounts()
            found += [account_info(name, row) for row in rows if row.destination == card]
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
    result = AccountResult(
        account.key, account.sandbox, account.name, account.destination, Outcome.CONNECTED,
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
    with h.step(f"Reconnect OAuth {account.key}"):
        return reauthenticate(h, account, expected or account.username, within_days)
