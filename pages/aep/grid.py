"""A virtualized ARIA grid, as React Spectrum's TableView renders it.

Only the rows (and columns) in view are in the DOM, and row elements are recycled while
scrolling. So a grid is read by scrolling its scroller and reading every rendered row's
cells at once, keyed by `aria-rowindex` / `aria-colindex`, until every row that
`aria-rowcount` announces has been seen. One browser round trip reads the whole grid.

Two other shapes are handled too, as the real lists' are undocumented: lazy loading
(scrolled to its end, the grid shows a row with a progress bar and appends rows; reading
waits for it and goes on) and pages (a `navigation` pager beside the grid; each page is
read in turn and a row is known by its page and its index on that page).
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playwright.sync_api import Locator, expect

from pages.aep.labels import AepLabels
from pages.base import Root
from pages.labels import pattern

# The scripts that read and scroll a grid in the page: grid.js evaluates to an object of
# functions; Playwright calls the one an expression names with the grid element.
_GRID_JS = (Path(__file__).with_name("grid.js")).read_text(encoding="utf-8").strip()
_READ_GRID = f"({_GRID_JS}).read"
_SCROLL_TO_ROW = f"({_GRID_JS}).scrollToRow"


@dataclass(frozen=True)
class Cell:
    text: str
    href: str | None = None
    # Accessible labels inside the cell (e.g. a warning icon's "Expires soon").
    labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class GridRow:
    index: int  # aria-rowindex (or position): 1 is the header row
    cells: dict[str, Cell]
    page: int = 1  # in a paged list, the page the row is on (its index is on that page)

    def cell(self, *column_names: str) -> Cell:
        """The cell of the first column present among `column_names` (label
        alternatives), its header matched tolerantly (case, whitespace)."""
        for name in column_names:
            for header, cell in self.cells.items():
                if pattern(name).search(header):
                    return cell
        raise KeyError(f"no column {column_names[0]!r} in {sorted(self.cells)}")

    def text(self, *column_names: str) -> str:
        return self.cell(*column_names).text

    def has(self, *column_names: str) -> bool:
        return any(pattern(name).search(header) for name in column_names for header in self.cells)

    def optional(self, *column_names: str) -> str:
        """The text of a column the list may not show (column sets changed over time); ""
        when it shows none of `column_names`."""
        return self.text(*column_names) if self.has(*column_names) else ""


class IncompleteGrid(RuntimeError):
    """Scrolling or paging did not reach every row the list has."""


# A pager's next/previous controls when they are named otherwise than guessed.
_NEXT = re.compile(r"^\s*(?:next(?:\s+page)?|go\s+to\s+next\s+page|[›»>→])\s*$", re.IGNORECASE)
_PREVIOUS = re.compile(
    r"^\s*(?:prev(?:ious)?(?:\s+page)?|go\s+to\s+previous\s+page|[‹«<←])\s*$", re.IGNORECASE
)


class Pager:
    """A list's pager (its DOM and words are undocumented): its next and previous page
    controls, by the guessed names inside a navigation named as guessed, else by those
    names anywhere, else by their usual words and arrows."""

    def __init__(self, root: Root, labels: AepLabels) -> None:
        self.root = root
        self.labels = labels
        # The page shown: a list shown afresh is on its first page.
        self.current = 1

    def _control(self, texts: tuple[str, ...], usual: re.Pattern[str], label: str) -> Locator:
        def named(scope: Root | Locator, names: re.Pattern[str]) -> Locator:
            return scope.get_by_role("button", name=names).or_(
                scope.get_by_role("link", name=names)
            )

        nav = self.root.get_by_role("navigation", name=pattern(*self.labels.pagination))
        for found, how in (
            (named(nav, pattern(*texts)), ""),
            (named(self.root, pattern(*texts)), "pagination"),
            (named(self.root, usual), label),
        ):
            if found.count():
                if how:
                    self.labels.note(how, "", "a pager's control by its usual words", "list")
                return found.first
        return named(nav, pattern(*texts))

    @property
    def next_control(self) -> Locator:
        return self._control(self.labels.next_page, _NEXT, "next_page")

    @property
    def previous_control(self) -> Locator:
        return self._control(self.labels.previous_page, _PREVIOUS, "previous_page")

    def present(self) -> bool:
        return self.next_control.count() > 0 or self.previous_control.count() > 0

    @staticmethod
    def _usable(control: Locator) -> bool:
        if not control.count():
            return False
        return bool(
            control.evaluate(
                """el => !el.disabled && el.getAttribute("aria-disabled") !== "true" &&
                  (el.tagName !== "A" || el.hasAttribute("href"))"""
            )
        )

    def _step(self, control: Locator, grid: Locator, where: str) -> bool:
        """Click `control` if it can be used and wait for the list to show other rows."""
        if not self._usable(control):
            return False
        before = grid.text_content() or ""
        control.click()
        expect(grid, f"the list's {where} page").not_to_have_text(before)
        return True

    def next(self, grid: Locator) -> bool:
        """To the next page; False on the last one."""
        moved = self._step(self.next_control, grid, "next")
        self.current += moved
        return moved

    def rewind(self, grid: Locator) -> None:
        """Back to the first page (a list may keep its page when you come back to it)."""
        while self._step(self.previous_control, grid, "previous"):
            pass
        self.current = 1

    def go_to(self, page: int, grid: Locator) -> None:
        """To `page` (1-based), a page at a time."""
        while self.current < page:
            if not self.next(grid):
                raise IncompleteGrid(f"no page {page}: the list ends at page {self.current}")
        while self.current > page:
            if not self._step(self.previous_control, grid, "previous"):
                raise IncompleteGrid(f"could not go back to page {page}")
            self.current -= 1


class VirtualGrid:
    """A `grid` whose rows are virtualized (or lazily loaded, or paged: give its pager), or
    a plain table."""

    def __init__(self, locator: Locator, pager: Pager | None = None) -> None:
        self.locator = locator
        self.pager = pager

    def expect_loaded(self) -> None:
        expect(self.locator, "the grid").to_be_visible()

    def rows(self) -> list[GridRow]:
        """Every data row, in order (page by page in a paged list); cross-checked against
        `aria-rowcount` where the grid announces one."""
        self.expect_loaded()
        if self.pager is None or not self.pager.present():
            return self._page_rows(1)
        self.pager.rewind(self.locator)
        rows = self._page_rows(1)
        while self.pager.next(self.locator):
            rows += self._page_rows(self.pager.current)
        return rows

    def _page_rows(self, page: int) -> list[GridRow]:
        data: dict[str, Any] = json.loads(self.locator.evaluate(_READ_GRID))
        headers = {int(col): name for col, name in data["headers"].items()}
        rows = [
            GridRow(
                int(index),
                {
                    headers.get(int(col), str(col)): Cell(c["text"], c["href"], tuple(c["labels"]))
                    for col, c in cells.items()
                },
                page,
            )
            for index, cells in sorted(data["rows"].items(), key=lambda item: int(item[0]))
        ]
        expected = data["rowCount"] - 1  # the header row counts too
        if len(rows) != expected:
            raise IncompleteGrid(f"read {len(rows)} rows of the {expected} the grid announces")
        short = [row.index for row in rows if len(row.cells) < data["colCount"]]
        if short:
            raise IncompleteGrid(f"rows {short} lack some of the {data['colCount']} columns")
        return rows

    def row_count(self) -> int:
        """Data rows the grid announces (aria-rowcount less the header row)."""
        count = self.locator.get_attribute("aria-rowcount")
        return int(count or 1) - 1

    def scroll_to(self, row_index: int, page: int = 1) -> Locator:
        """The row at `aria-rowindex` == row_index (on `page` of a paged list), scrolled into
        the DOM and view; in a plain table, the row at that position."""
        if self.pager is not None and self.pager.present():
            self.pager.go_to(page, self.locator)
        if not self.locator.locator('[role="row"][aria-rowindex]').count():
            return self.rendered_row(row_index)  # a plain table: every row is there
        if not self.locator.evaluate(_SCROLL_TO_ROW, row_index):
            raise IncompleteGrid(f"could not scroll row {row_index} into view")
        return self.rendered_row(row_index)

    def rendered_row(self, row_index: int) -> Locator:
        """The row at `aria-rowindex` == row_index if it is in the DOM now (no scrolling)."""
        # A row of a virtualized grid has no accessible name to find it by position; its
        # ARIA row index is the only handle, so this one attribute selector is needed.
        indexed = self.locator.locator(f'[role="row"][aria-rowindex="{row_index}"]')
        if indexed.count() or self.locator.locator('[role="row"][aria-rowindex]').count():
            return indexed
        # A plain table: its rows by position (row 1 is the header row).
        return self.locator.get_by_role("row").nth(row_index - 1)


def find_grid(
    scope: Root | Locator,
    root: Root,
    labels: AepLabels,
    label: str,
    columns: Sequence[tuple[str, ...]] = (),
) -> Locator:
    """The list's grid (or table): among those in `scope` with the documented `columns`, the
    one named as guessed (`label`), else the first (noted)."""
    tables = scope.get_by_role("grid").or_(scope.get_by_role("table"))
    for texts in columns:
        # An inner `has` locator is matched inside the outer one: it starts from the root.
        tables = tables.filter(has=root.get_by_role("columnheader", name=pattern(*texts)))
    expect(tables.first, f"the list's table ({label})").to_be_visible()
    names = pattern(*getattr(labels, label))
    named = tables.and_(
        scope.get_by_role("grid", name=names).or_(scope.get_by_role("table", name=names))
    )
    if named.count():
        return named.first
    name = tables.first.get_attribute("aria-label") or ""
    labels.note(label, name, "the table with the documented columns")
    return tables.first
