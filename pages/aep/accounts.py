"""Destinations > Accounts: the destination accounts, their menus and Edit details."""

from __future__ import annotations

from dataclasses import dataclass

from playwright.sync_api import expect

from pages.aep import menu
from pages.aep.edit_details import EditDetailsDialog
from pages.aep.filters import ListFilters
from pages.aep.grid import GridRow
from pages.aep.labels import AepLabels
from pages.base import Root, shown
from pages.dates import parse_date


@dataclass(frozen=True)
class AccountRow:
    name: str
    destination: str
    connection_type: str
    username: str
    connections: int
    authorization_date: str
    expiration_date: str
    # The warning icon's label before a close or past expiry ("Expires soon", "Expired").
    expiry_warning: str
    row_index: int
    # In a paged list, the page the row is on (row_index counts on that page).
    page: int = 1

    @property
    def expires_on(self) -> str:
        """The expiration date as YYYY-MM-DD, or "" when none is shown."""
        return parse_date(self.expiration_date)


class AccountsTab(ListFilters):
    def __init__(self, root: Root, labels: AepLabels) -> None:
        super().__init__(root, labels, "accounts_grid", labels.col_account_name)

    def accounts(self) -> list[AccountRow]:
        """Every account the (filtered) table holds, read while scrolling it."""
        return [self._account(row) for row in self.grid.rows()]

    def _account(self, row: GridRow) -> AccountRow:
        lab = self.labels
        expires = row.cell(*lab.col_expires) if row.has(*lab.col_expires) else None
        warnings = [text for text in expires.labels if text] if expires else []
        connections = row.optional(*lab.col_connections)

        return AccountRow(
            name=row.text(*lab.col_account_name),
            destination=row.text(*lab.col_account_destination),
            connection_type=row.optional(*lab.col_connection_type),
            username=shown(row.optional(*lab.col_username)),
            connections=int(connections) if connections.isdigit() else 0,
            authorization_date=shown(row.optional(*lab.col_authorized)),
            expiration_date=shown(expires.text) if expires else "",
            expiry_warning=warnings[0] if warnings else "",
            row_index=row.index,
            page=row.page,
        )

    def find(self, name: str, destination: str) -> AccountRow:
        """The one account with exactly this name on this card."""
        matches = [a for a in self.accounts() if a.name == name and a.destination == destination]
        if len(matches) != 1:
            raise LookupError(f"{len(matches)} accounts named {name!r} on {destination}")
        return matches[0]

    def open_edit_details(self, account: AccountRow) -> EditDetailsDialog:
        """The account's `...` > Edit details."""
        row = self.grid.scroll_to(account.row_index, account.page)
        expect(row, f"the row of {account.name}").to_contain_text(account.name)
        menu.choose(self.root, row, self.labels.edit_details, self.labels)
        return EditDetailsDialog(self.root, self.labels)
