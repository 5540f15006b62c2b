"""Reauthenticate: Accounts > (New) Pinterest account > ... > Edit details > Reconnect OAuth."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flows.harness import Harness
from flows.model import AccountInfo, Outcome
from flows.plan import RECONNECT_WITHIN_DAYS, needs_reconnect
from pages.aep.accounts import AccountRow, AccountsTab
from pages.aep.edit_details import OAuthWindow, ReconnectRefused
from pages.pinterest.login import PinterestLogin, arrive


@dataclass
class AccountResult:
    key: str
    sandbox: str
    name: str
    destination: str
    outcome: Outcome
    reason: str = ""
    username: str = ""
    expires_before: str = ""
    expires_after: str = ""


# Reconnect OAuth is tried again when Pinterest was only busy (429, a 5xx).
RECONNECT_ATTEMPTS = 3
TRANSIENT = re.compile(r"\b(429|5\d\d)\b|rate limit|temporarily", re.IGNORECASE)


def is_transient(error: str) -> bool:
    return bool(TRANSIENT.search(error))


def _find(h: Harness, account: AccountInfo) -> tuple[AccountsTab, AccountRow]:
    shell = h.open_aep()
    if h.settings.aep_sandboxes:
        shell = shell.switch_sandbox(account.sandbox)
    with h.group("Accounts filtered to the new card"):
        accounts = shell.go_to_destinations().open_accounts()
        accounts.filter_by_destination(account.destination)
        return accounts, accounts.find(account.name, account.destination)


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
    key = f"{account.sandbox}/{account.name}"
    result = AccountResult(
        key, account.sandbox, account.name, account.destination, Outcome.FAILED,
        username=account.username, expires_before=account.expires,
    )  # fmt: skip
    accounts, row = _find(h, account)
    wrong_user = bool(expected_username) and row.username not in ("", expected_username)
    if not wrong_user and not needs_reconnect(row.expires_on, h.server_now.date(), within_days):
        # Reconnected since the plan (by an earlier run, or a person): nothing to do.
        result.outcome, result.expires_after = Outcome.CONNECTED, row.expires_on
        result.reason = f"token valid until {row.expires_on}"
        return result
    for attempt in range(1, RECONNECT_ATTEMPTS + 1):
        if attempt > 1:  # from a freshly loaded page, as a person would try again
            accounts, row = _find(h, account)
        h.journal.write("intent", account=key, step="reconnect OAuth", attempt=attempt)
        with h.group("Edit details > Reconnect OAuth"):
            dialog = accounts.open_edit_details(row)
            shown_before = dialog.connection().expires
            left_app = False
            try:
                window: OAuthWindow | None = dialog.reconnect_oauth()
                error = ""
            except ReconnectRefused as refused:  # Platform said no before leaving for Pinterest
                window, error, left_app = None, str(refused), refused.left_app
        if window is not None:
            with h.group("Pinterest: give access"):
                screen = arrive(window.page, h.settings.pinterest_login_origins, h.pinterest_labels)
                if isinstance(screen, PinterestLogin):
                    result.reason = (
                        "Pinterest asked for a login inside the traced flow; "
                        "the session hand-over failed"
                    )
                    return result
                screen.give_access()
            with h.group("Read the account back"):
                error = dialog.wait_for_reconnect(shown_before)
        if not error:
            break
        # AEP kept the old grant: close without saving anything (unless the tab is on a
        # page of Platform's own: no dialog is left). Safe to try again when Pinterest was
        # only busy (nothing changed); a refusal needs a person.
        with h.group("Cancel Edit details"):
            if not left_app:
                dialog.cancel()
            if window is not None and window.is_popup and not window.page.is_closed():
                window.page.close()
        result.reason = f"Reconnect OAuth failed: {error}"
        if attempt == RECONNECT_ATTEMPTS or not is_transient(error):
            return result
        h.journal.write("retry", account=key, error=error)
    result.reason = ""
    with h.group("Save the account"):
        connection = dialog.connection()
        dialog.save()
    h.journal.write("done", account=key, step="reconnect OAuth")
    result.username = connection.username
    result.expires_after = connection.expires_on
    if expected_username and connection.username != expected_username:
        result.reason = (
            f"reconnected as Pinterest user {connection.username!r}, expected {expected_username!r}"
        )
        return result
    result.outcome = Outcome.RECONNECTED
    return result
