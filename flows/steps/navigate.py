"""The way to a screen: the documented clicks, and a flow's page by the location its
Browse link gave. Every step that reads or acts on a screen gets there through these.
"""

from __future__ import annotations

import dataclasses
from datetime import date

from flows.harness import Harness
from flows.model import AccountInfo, AudienceRef, FlowState
from pages.aep.accounts import AccountRow, AccountsTab
from pages.aep.browse import BrowseTab
from pages.aep.dataflow import DataflowPage
from pages.aep.shell import AepShell


def open_sandbox(h: Harness, sandbox: str | None) -> AepShell:
    """AEP_URL, switched to `sandbox` (through the shell's switcher) when one is named."""
    shell = h.open_aep()
    return shell.switch_sandbox(sandbox) if sandbox else shell


def browse_both_cards(h: Harness, shell: AepShell) -> BrowseTab:
    """Destinations > Browse, filtered to both cards."""
    browse = shell.go_to_destinations().open_browse()
    browse.filter_by_destination(h.settings.old_destination, h.settings.new_destination)
    return browse


def accounts_of_card(h: Harness, shell: AepShell, card: str) -> AccountsTab:
    """Destinations > Accounts, filtered to one card."""
    accounts = shell.go_to_destinations().open_accounts()
    accounts.filter_by_destination(card)
    return accounts


def find_account(h: Harness, account: AccountInfo) -> tuple[AccountsTab, AccountRow]:
    """The account's row on Accounts, from a freshly loaded page."""
    shell = open_sandbox(h, account.sandbox if h.settings.aep_sandboxes else None)
    with h.group(f"Accounts filtered to {account.destination}"):
        accounts = accounts_of_card(h, shell, account.destination)
        return accounts, accounts.find(account.name, account.destination)


def open_flow(h: Harness, sandbox: str, flow: FlowState) -> DataflowPage:
    """The flow's page: by its recorded location (checking it is that flow), else by clicks."""
    if flow.url:
        shell = h.open_aep(flow.url)
        try:
            return DataflowPage(
                shell.app, h.aep_labels, name=flow.name, destination=flow.destination
            )
        except AssertionError:
            pass  # the location no longer shows that flow: take the documented clicks
    shell = open_sandbox(h, sandbox if h.settings.aep_sandboxes else None)
    browse = shell.go_to_destinations().open_browse()
    browse.filter_by_destination(flow.destination)
    browse.search(flow.name)
    rows = [
        r for r in browse.dataflows() if r.name == flow.name and r.destination == flow.destination
    ]
    if len(rows) != 1:
        raise LookupError(f"{len(rows)} flows named {flow.name!r} on {flow.destination}")
    return browse.open_dataflow(rows[0])


def read_flow(page: DataflowPage, today: date) -> FlowState:
    """A flow as its page shows it; audiences whose schedule has ended are left out."""
    audiences = tuple(
        AudienceRef(a.id, a.name, a.start, a.end)
        for a in page.audiences()
        if not a.end or date.fromisoformat(a.end) >= today
    )
    return FlowState(**dataclasses.asdict(page.read()), audiences=audiences)
