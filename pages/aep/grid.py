"""A virtualized ARIA grid, as React Spectrum's TableView renders it.

Only the rows (and columns) in view are in the DOM, and row elements are recycled while
scrolling. So a grid is read by scrolling its scroller and reading every rendered row's
cells at once, keyed by `aria-rowindex` / `aria-colindex`, until every row that
`aria-rowcount` announces has been seen. One browser round trip reads the whole grid.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from playwright.sync_api import Locator, expect

# Runs in the page. Scrolls the grid's scroll container (the first scrollable element
# inside the grid) top to bottom and left to right, waiting two animation frames after
# each step so the virtualizer renders, and collects each cell's text and link target.
_READ_GRID = """
async (grid) => {
  const frames = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const scroller = [grid, ...grid.querySelectorAll("*")].find(el =>
    /(auto|scroll)/.test(getComputedStyle(el).overflowY)) || grid;
  const rowCount = Number(grid.getAttribute("aria-rowcount") || 0);
  const headers = {};
  const rows = {};
  const read = () => {
    for (const row of grid.querySelectorAll('[role="row"][aria-rowindex]')) {
      if (row.closest('[role="grid"]') !== grid) continue;
      const rowIndex = Number(row.getAttribute("aria-rowindex"));
      for (const cell of row.querySelectorAll('[aria-colindex]')) {
        const col = Number(cell.getAttribute("aria-colindex"));
        const role = cell.getAttribute("role");
        const text = (cell.textContent || "").replace(/\\s+/g, " ").trim();
        if (role === "columnheader") { headers[col] = text; continue; }
        const link = cell.querySelector("a[href]");
        const labels = [...cell.querySelectorAll("[aria-label]")]
          .map(el => el.getAttribute("aria-label"));
        const href = link ? link.getAttribute("href") : null;
        (rows[rowIndex] ||= {})[col] = {text, href, labels};
      }
    }
  };
  const top0 = scroller.scrollTop, left0 = scroller.scrollLeft;
  scroller.scrollTop = 0; scroller.scrollLeft = 0; await frames();
  for (let guard = 0; guard < 100000; guard++) {
    for (let x = 0; ; ) {
      read();
      if (scroller.scrollLeft + scroller.clientWidth >= scroller.scrollWidth - 1) break;
      x = scroller.scrollLeft + Math.max(1, scroller.clientWidth - 60);
      scroller.scrollLeft = x; await frames();
    }
    if (scroller.scrollLeft) { scroller.scrollLeft = 0; await frames(); }
    if (scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 1) break;
    scroller.scrollTop = scroller.scrollTop + Math.max(1, scroller.clientHeight - 80);
    await frames();
  }
  scroller.scrollTop = top0; scroller.scrollLeft = left0;
  return {rowCount, colCount: Number(grid.getAttribute("aria-colcount") || 0), headers, rows};
}
"""

# Scrolls until the row with `aria-rowindex` == index is rendered.
_SCROLL_TO_ROW = """
async (grid, index) => {
  const frames = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  const find = () => grid.querySelector(`[role="row"][aria-rowindex="${index}"]`);
  const scroller = [grid, ...grid.querySelectorAll("*")].find(el =>
    /(auto|scroll)/.test(getComputedStyle(el).overflowY)) || grid;
  for (let guard = 0; guard < 100000 && !find(); guard++) {
    const rendered = [...grid.querySelectorAll('[role="row"][aria-rowindex]')]
      .map(r => Number(r.getAttribute("aria-rowindex"))).filter(i => i > 1);
    const before = scroller.scrollTop;
    const step = Math.max(1, scroller.clientHeight - 80);
    scroller.scrollTop += rendered.length && index < Math.min(...rendered) ? -step : step;
    await frames();
    if (scroller.scrollTop === before) break;
  }
  find()?.scrollIntoView({block: "center"});
  await frames();
  return Boolean(find());
}
"""


@dataclass(frozen=True)
class Cell:
    text: str
    href: str | None = None
    # Accessible labels inside the cell (e.g. a warning icon's "Expires soon").
    labels: tuple[str, ...] = ()


@dataclass(frozen=True)
class GridRow:
    index: int  # aria-rowindex: 1 is the header row
    cells: dict[str, Cell]

    def text(self, *column_names: str) -> str:
        """The text of the first column present among `column_names` (label alternatives)."""
        for name in column_names:
            if name in self.cells:
                return self.cells[name].text
        raise KeyError(f"no column {column_names[0]!r} in {sorted(self.cells)}")

    def cell(self, *column_names: str) -> Cell:
        for name in column_names:
            if name in self.cells:
                return self.cells[name]
        raise KeyError(f"no column {column_names[0]!r} in {sorted(self.cells)}")


class IncompleteGrid(RuntimeError):
    """Scrolling did not reach every row the grid announces."""


class VirtualGrid:
    """A `grid` whose rows are virtualized; built from the grid's locator."""

    def __init__(self, locator: Locator) -> None:
        self.locator = locator

    def expect_loaded(self) -> None:
        expect(self.locator, "the grid").to_be_visible()

    def rows(self) -> list[GridRow]:
        """Every data row, in order; cross-checked against `aria-rowcount`."""
        self.expect_loaded()
        data: dict[str, Any] = self.locator.evaluate(_READ_GRID)
        headers = {int(col): name for col, name in data["headers"].items()}
        rows = [
            GridRow(
                int(index),
                {
                    headers.get(int(col), str(col)): Cell(c["text"], c["href"], tuple(c["labels"]))
                    for col, c in cells.items()
                },
            )
            for index, cells in sorted(data["rows"].items(), key=lambda item: int(item[0]))
        ]
        expected = data["rowCount"] - 1  # the header row counts too
        if len(rows) != expected:
            raise IncompleteGrid(f"read {len(rows)} rows of the {expected} the grid announces")
        return rows

    def row_count(self) -> int:
        """Data rows the grid announces (aria-rowcount less the header row)."""
        count = self.locator.get_attribute("aria-rowcount")
        return int(count or 1) - 1

    def expect_row_count(self, count: int) -> None:
        expect(self.locator, "rows the grid announces").to_have_attribute(
            "aria-rowcount", str(count + 1)
        )

    def scroll_to(self, row_index: int) -> Locator:
        """The row at `aria-rowindex` == row_index, scrolled into the DOM and view."""
        if not self.locator.evaluate(_SCROLL_TO_ROW, row_index):
            raise IncompleteGrid(f"could not scroll row {row_index} into view")
        # A row of a virtualized grid has no accessible name to find it by position; its
        # ARIA row index is the only handle, so this one attribute selector is needed.
        return self.locator.locator(f'[role="row"][aria-rowindex="{row_index}"]')
