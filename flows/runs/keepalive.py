"""`pytest flows --reauth-only [--within-days N] [--apply]`: keep the (New) Pinterest
connection alive by reconnecting OAuth before the 30-day expiry.

Per sandbox, Destinations > Accounts filtered to the new card; every account whose token
expires within N days (or has expired) is reconnected with `--apply`, or reported as
`would_reconnect` without it. No dataflow is touched and no plan is needed. One item,
one part per account.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from flows.evidence.journal import Journal
from flows.evidence.report import write_reports
from flows.model import AccountResult, Outcome, first_line
from flows.runs.migration import Migration
from flows.runs.session import STEP_ERRORS, Item, Said
from flows.settings import redacted_settings
from flows.steps.reauth import keep_alive, new_card_accounts
from pages.aep.shell import SignedOut
from pages.pinterest.login import UntrustedLoginOrigin


@dataclass
class KeepAlive(Migration):
    account_results: dict[str, AccountResult] = field(default_factory=dict)

    def __post_init__(self) -> None:
        run_id = self.folder.run_id
        self.journal = Journal(self.folder.file("journal.jsonl"), run_id=run_id, plan_id=run_id)
        self.journal.write(
            "run_started", kind="reauth_apply" if self.request.apply else "reauth_dry_run",
            order="", plan_id=run_id, only=[], settings=redacted_settings(self.settings),
            within_days=self.request.within_days,
        )  # fmt: skip

    @property
    def noun(self) -> str:
        return "keep-alive" if self.request.apply else "keep-alive dry run"

    def item(self, item: Item) -> Said:
        """Each account of the new card: reconnected if it expires within N days. An
        expired sign-in or an untrusted login page stops the run after the account."""
        parts = []
        for account in new_card_accounts(self.h):
            try:
                result = keep_alive(self.h, account, self.request.within_days, self.request.apply)
            except (SignedOut, UntrustedLoginOrigin):
                raise  # the run stops, as the main job's does
            except STEP_ERRORS as error:
                self.h.raise_if_signed_out()  # the sign-in ended under the step: stop the run
                # Reported as failed, so the report says which account and why.
                result = AccountResult(
                    account.key, account.sandbox, account.name, account.destination,
                    Outcome.FAILED, reason=first_line(error), username=account.username,
                    expires_before=account.expires,
                )  # fmt: skip
            self.account_results[result.key] = result
            self.journal.write("account", **dataclasses.asdict(result))
            parts.append(Said.of(result.key, result.outcome, result.reason))
        return Said("keep-alive", "done", passed=all(p.passed for p in parts), parts=tuple(parts))

    def finish(self, exit_status: int) -> None:
        self.journal_findings()
        self.journal.write("run_finished", exit_status=exit_status)
        write_reports(self.folder)
