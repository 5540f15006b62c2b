"""Destinations > Browse: the dataflows, each opened by its hyperlinked connection name."""

from __future__ import annotations

from dataclasses import dataclass

from pages.aep import menu
from pages.aep.activation import ActivationWizard
from pages.aep.dataflow import DataflowPage
from pages.aep.filters import ListFilters
from pages.aep.grid import GridRow
from pages.aep.labels import AepLabels
from pages.base import Root, shown


@dataclass(frozen=True)
class DataflowRow:
    name: str
    destination: str
    status: str
    activation_count: int
    username: str
    last_run_status: str
    # The connection name's link target, when the UI exposes one.
    href: str
    row_index: int
    # In a paged list, the page the row is on (row_index counts on that page).
    page: int = 1


class BrowseTab(ListFilters):
    def __init__(self, root: Root, labels: AepLabels) -> None:
        super().__init__(root, labels, "dataflows_grid", labels.col_flow_name)

    def dataflows(self) -> list[DataflowRow]:
        """Every dataflow the (filtered) table holds, read while scrolling it."""
        return [self._dataflow(row) for row in self.grid.rows()]

    def _dataflow(self, row: GridRow) -> DataflowRow:
        lab = self.labels
        name = row.cell(*lab.col_flow_name)
        count = row.optional(*lab.col_activation_data)
        return DataflowRow(
            name=name.text,
            destination=row.text(*lab.col_flow_destination),
            status=row.optional(*lab.col_flow_status),
            activation_count=int(count) if count.isdigit() else 0,
            username=shown(row.optional(*lab.col_username)),
            last_run_status=shown(row.optional(*lab.col_last_run_status)),
            href=name.href or "",
            row_index=row.index,
            page=row.page,
        )

    def find(self, name: str, destination: str) -> DataflowRow:
        """The one row with exactly this connection name on this card."""
        matches = [f for f in self.dataflows() if f.name == name and f.destination == destination]
        if len(matches) != 1:
            raise LookupError(f"{len(matches)} dataflows named {name!r} on {destination}")
        return matches[0]

    def open_dataflow(self, flow: DataflowRow) -> DataflowPage:
        """Select the hyperlinked connection name, exactly (names repeat across cards and
        may be prefixes of others), and check the page shows that flow."""
        row = self.grid.scroll_to(flow.row_index, flow.page)
        row.get_by_role("link", name=flow.name, exact=True).click()
        return DataflowPage(self.root, self.labels, name=flow.name, destination=flow.destination)

    def start_activate_audiences(self, flow: DataflowRow) -> ActivationWizard:
        """The row's `...` > Activate audiences: the regular activation steps for that flow."""
        row = self.grid.scroll_to(flow.row_index, flow.page)
        menu.choose(self.root, row, self.labels.activate_audiences, self.labels)
        return ActivationWizard(self.root, self.labels)
