"""The filters above and beside Accounts and Browse: search, sidebar checkboxes, tags.

The 2023 (classic) layout has none of the search bar, sidebar and tags: "the filter icon
on the top left" opens a "sort panel" listing the destinations to tick. Both are handled.
"""

from __future__ import annotations

import functools
import re

from playwright.sync_api import Locator, expect

from pages.aep.grid import Pager, VirtualGrid, find_grid
from pages.aep.labels import AepLabels
from pages.base import Root
from pages.labels import Texts, contains, pattern


class ListFilters:
    """Search bar, "Destination platform"/"Status" checkbox groups, active-filter tags,
    over the list's grid."""

    def __init__(self, root: Root, labels: AepLabels, grid_label: str, first_column: Texts) -> None:
        self.root = root
        self.labels = labels
        # The list's grid: the one whose first column is documented (its name is not).
        self.grid = VirtualGrid(
            find_grid(root, root, labels, grid_label, (first_column,)), Pager(root, labels)
        )

    @property
    def filter_toggle(self) -> Locator:
        """The classic layout's filter icon (absent in the current layout)."""
        named = self.root.get_by_role("button", name=pattern(*self.labels.filter_toggle))
        if named.count():
            return named
        return self.root.get_by_role("button", name=contains("filter", "filters"))

    @property
    def searchbox(self) -> Locator:
        """The search bar at the top of the table: named as guessed, else the one there is."""
        named = self.root.get_by_role("searchbox", name=pattern(*self.labels.search))
        if named.count() or not self.root.get_by_role("searchbox").count():
            return named
        self.labels.note("search", "", "the list's one search box", "list")
        return self.root.get_by_role("searchbox").first

    @property
    def active_filters(self) -> Locator:
        return self.root.get_by_role("grid", name=pattern(*self.labels.active_filters))

    def search(self, text: str) -> bool:
        """Type into the search bar, which filters by name as you type; wait until every
        row shown has the text in its name (the row header). False when the layout has no
        search bar (classic): the caller picks the rows by name itself."""
        if not self.searchbox.count():
            return False
        self.searchbox.fill(text)
        if not text.strip():
            return True
        named = self.root.get_by_role("rowheader", name=re.compile(re.escape(text.strip()), re.I))
        other = self.grid.locator.get_by_role("row").filter(
            has=self.root.get_by_role("rowheader"), has_not=named
        )
        expect(other, f"only rows named like {text!r}").to_have_count(0)
        return True

    def _group(self, group_names: tuple[str, ...]) -> Locator:
        """A checkbox group of the sidebar, or of the sort panel (opened by the filter icon)."""
        group = self.root.get_by_role("group", name=pattern(*group_names))
        if not group.is_visible() and self.filter_toggle.count():
            self.filter_toggle.click()
            expect(group, f"the sort panel's {group_names[0]}").to_be_visible()
        return group

    def _check(self, group_names: tuple[str, ...], values: tuple[str, ...]) -> None:
        # The list kept these filters (e.g. back from a dataflow): one look at the boxes
        # shown says so. (A closed sort panel shows none: then it is opened below.)
        shown = self.root.get_by_role("group", name=pattern(*group_names))
        ticked = [shown.get_by_role("checkbox", name=v, exact=True, checked=True) for v in values]
        if ticked and functools.reduce(Locator.or_, ticked).count() == len(values):
            return
        group = self._group(group_names)
        for value in values:
            # A card's name is matched exactly: "(New) Pinterest" is not "Pinterest".
            box = group.get_by_role("checkbox", name=value, exact=True)
            if box.is_checked():  # the list kept this filter
                continue
            box.check()
            expect(box, f"{value} ticked").to_be_checked()

    def filter_by_destination(self, *destinations: str) -> None:
        """Tick each destination platform (several at once)."""
        self._check(self.labels.destination_platform, destinations)

    def filter_by_status(self, *statuses: str) -> None:
        self._check(self.labels.status_filter, statuses)

    def filter_tags(self) -> list[str]:
        if not self.active_filters.count():
            return []
        return [
            (row.get_attribute("aria-label") or row.inner_text()).strip()
            for row in self.active_filters.get_by_role("row").all()
        ]

    def remove_filter(self, name: str) -> None:
        prefix = self.labels.remove_filter_prefix[0]
        self.active_filters.get_by_role("button", name=f"{prefix} {name}", exact=True).click()

    def clear_filters(self) -> None:
        """Clear all tags (and the search text); in the classic layout untick the sort
        panel's boxes."""
        if self.filter_toggle.count():
            group = self._group(self.labels.destination_platform)
            for box in group.get_by_role("checkbox", checked=True).all():
                box.uncheck()
            expect(group.get_by_role("checkbox", checked=True), "no ticked box").to_have_count(0)
            return
        if self.active_filters.count():
            self.root.get_by_role("button", name=pattern(*self.labels.clear_all)).click()
        expect(self.active_filters, "no active filters").to_have_count(0)
        if self.searchbox.input_value():
            self.searchbox.fill("")
