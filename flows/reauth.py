"""Reauthenticate: Accounts > (New) Pinterest account > ... > Edit details > Reconnect OAuth."""

from __future__ import annotations

from dataclasses import dataclass

from flows.harness import Harness
from flows.model import AccountInfo, Outcome
from flows.plan import RECONNECT_WITHIN_DAYS, needs_reconnect
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
    shell = h.open_aep()
    if h.settings.aep_sandboxes:
        shell = shell.switch_sandbox(account.sandbox)
    with h.group("Accounts filtered to the new card"):
        accounts = shell.go_to_destinations().open_accounts()
        accounts.filter_by_destination(account.destination)
        row = accounts.find(account.name, account.destination)
    wrong_user = bool(expected_username) and row.username not in ("", expected_username)
    if not wrong_user and not needs_reconnect(row.expires_on, h.server_now.date(), within_days):
        # Reconnected since the plan (by an earlier run, or a person): nothing to do.
        result.outcome, result.expires_after = Outcome.CONNECTED, row.expires_on
        result.reason = f"token valid until {row.expires_on}"
        return result
    with h.group("Edit details > Reconnect OAuth"):
        dialog = accounts.open_edit_details(row)
        shown_before = dialog.connection().expires
        window = dialog.reconnect_oauth()
    with h.group("Pinterest: give access"):
        screen = arrive(window.page, h.settings.pinterest_login_origins, h.pinterest_labels)
        if isinstance(screen, PinterestLogin):
            result.reason = (
                "Pinterest asked for a login inside the traced flow; the session hand-over failed"
            )
            return result
        screen.give_access()
    with h.group("Read the account back"):
        error = dialog.wait_for_reconnect(shown_before)
        if error:
            # AEP kept the old grant: close without saving anything.
            dialog.cancel()
            result.reason = f"Reconnect OAuth failed: {error}"
            return result
        connection = dialog.connection()
        dialog.save()
    result.username = connection.username
    result.expires_after = connection.expires_on
    if expected_username and connection.username != expected_username:
        result.reason = (
            f"reconnected as Pinterest user {connection.username!r}, expected {expected_username!r}"
        )
        return result
    result.outcome = Outcome.RECONNECTED
    return result
