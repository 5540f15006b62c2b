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
from dataclasses import dataclass
from typing import Any

from playwright.sync_api import Locator, expect

from pages.aep.labels import AepLabels
from pages.labels import exactly

# Shared by the scripts below: the grid's scroll container (the first scrollable element
# inside it), its own rows (not a nested grid's), and a scroll that waits for the
# virtualizer. After a scroll the rendered rows/columns must change: at once when the
# virtualizer renders in its scroll handler, after a frame or a few when it renders later.
_HELPERS = """
  const frame = () => new Promise(r => requestAnimationFrame(r));
  const scroller = [grid, ...grid.querySelectorAll("*")].find(el =>
    /(auto|scroll)/.test(getComputedStyle(el).overflowY)) || grid;
  const ownRows = () => [...grid.querySelectorAll('[role="row"][aria-rowindex]')]
    .filter(row => row.closest('[role="grid"]') === grid);
  const layout = () => ownRows().map(row => row.getAttribute("aria-rowindex") + ":" +
    [...row.querySelectorAll("[aria-colindex]")].map(c => c.getAttribute("aria-colindex")))
    .join("|");
  // Lazy loading: a row of the grid's own without an aria-rowindex, holding a progress bar.
  const loader = () => [...grid.querySelectorAll('[role="row"]:not([aria-rowindex])')]
    .find(row => row.closest('[role="grid"]') === grid && row.getClientRects().length &&
      row.querySelector('[role="progressbar"]'));
  const atBottom = () => scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 1;
  const busy = () => loader() || grid.getAttribute("aria-busy") === "true";
  // The grid's own rows leave no gap in the scroller's view (down to its last row, at the
  // end): after a scroll by less than a row, say, there is nothing for a virtualizer to
  // render that a read would miss.
  const covered = () => {
    const top = scroller.getBoundingClientRect().top + scroller.clientTop;
    const bottom = top + scroller.clientHeight;
    const spans = ownRows().map(row => row.getBoundingClientRect())
      .filter(box => box.height && box.bottom > top && box.top < bottom)
      .sort((a, b) => a.top - b.top);
    let reached = top;
    for (const box of spans) {
      if (box.top > reached + 1) return false;
      reached = Math.max(reached, box.bottom);
    }
    const last = grid.getAttribute("aria-rowcount");
    return reached >= bottom - 1 ||
      (atBottom() && ownRows().some(row => row.getAttribute("aria-rowindex") === last));
  };
  // Whether this script has scrolled the grid down (a scroll handler may then load more).
  let scrolledDown = false;
  // At the end of the rows, wait for rows being appended (the loader gone); 30 s at most.
  // The scroll handler that asks for more runs by the next frame; without a loader then,
  // nothing is coming. Unscrolled, no handler has run since the grid rendered: a list that
  // loads more on rendering shows its loader already.
  const settle = async () => {
    if (!atBottom()) return;
    if (!scrolledDown && !busy()) return;
    await frame();
    if (!busy()) return;
    const start = performance.now();
    while (busy() && performance.now() - start < 30000) await frame();
    await frame();
  };
  const scrollTo = async (top, left, wait = true) => {
    const before = layout();
    const [top0, left0] = [scroller.scrollTop, scroller.scrollLeft];
    scroller.scrollTop = top; scroller.scrollLeft = left;
    if (scroller.scrollTop > top0) scrolledDown = true;
    if (scroller.scrollTop === top0 && scroller.scrollLeft === left0) {
      if (wait) await settle();
      return;
    }
    // The browser fires `scroll` by the next frame; firing it now lets a virtualizer that
    // renders in its handler do so at once (the later real event finds nothing to do).
    // One that renders later is waited for, a frame at a time, unless the rows already
    // rendered fill the view (a vertical scroll only: columns come into view sideways).
    scroller.dispatchEvent(new Event("scroll"));
    const waitFor = scroller.scrollLeft !== left0 || !covered();
    for (let i = 0; waitFor && i < 8 && layout() === before; i++) await frame();
    if (wait) await settle();
  };
"""

# Reads every cell of every row: scrolls the grid top to bottom, sweeping each band of
# rows left to right and the next right to left (no scrolling back), and collects each
# cell's text, link target and inner accessible labels, keyed by aria-rowindex/colindex
# (as JSON).
_READ_GRID = (
    """
async (grid) => {"""
    + _HELPERS
    + """
  const header = ownRows().find(row => row.getAttribute("aria-rowindex") === "1");
  const pinned = grid.querySelector('[role="rowheader"]');
  const stepY = Math.max(1, scroller.clientHeight - (header ? header.offsetHeight : 0) - 8);
  const stepX = Math.max(1, scroller.clientWidth - (pinned ? pinned.offsetWidth : 0) - 16);
  const maxLeft = Math.max(0, scroller.scrollWidth - scroller.clientWidth);
  const colCount = Number(grid.getAttribute("aria-colcount") || 0);
  const lefts = [0];
  while (lefts[lefts.length - 1] < maxLeft) lefts.push(Math.min(maxLeft, lefts.at(-1) + stepX));
  const headers = {};
  const rows = {};
  const read = () => {
    for (const row of ownRows()) {
      const rowIndex = Number(row.getAttribute("aria-rowindex"));
      for (const cell of row.querySelectorAll('[aria-colindex]')) {
        const col = Number(cell.getAttribute("aria-colindex"));
        const text = (cell.textContent || "").replace(/\\s+/g, " ").trim();
        if (cell.getAttribute("role") === "columnheader") { headers[col] = text; continue; }
        const link = cell.querySelector("a[href]");
        const labels = [...cell.querySelectorAll("[aria-label]")]
          .map(el => el.getAttribute("aria-label"));
        const href = link ? link.getAttribute("href") : null;
        (rows[rowIndex] ||= {})[col] = {text, href, labels};
      }
    }
  };
  // A rendered data row whose cells were not all read yet (the header row is row 1).
  const unread = () => ownRows().some(row => {
    const index = row.getAttribute("aria-rowindex");
    return index !== "1" && Object.keys(rows[index] || {}).length < colCount;
  });
  const top0 = scroller.scrollTop, left0 = scroller.scrollLeft;
  let top = 0;
  let waits = 0;
  for (let band = 0; ; band++) {
    const sweep = band % 2 ? [...lefts].reverse() : lefts;
    const announced = grid.getAttribute("aria-rowcount");
    for (const [i, left] of sweep.entries()) {
      // Every rendered row shows every column: nothing more to the side of this band.
      if (i && ownRows().every(row => row.querySelectorAll("[aria-colindex]").length >= colCount))
        break;
      await scrollTo(top, left, false);
      read();
    }
    // Swept, and still some cells not rendered: the virtualizer has yet to catch up with
    // the layout (e.g. a grid just shown, its width measured by the next frame).
    if (unread() && waits < 30) {
      waits++;
      await frame();
      band--;
      continue;
    }
    // A lazily loaded list appends rows at its end, maybe during the sweep: then sweep
    // this band again (the new rows in it were read in part) and read on below them.
    if (atBottom()) await settle();
    if (grid.getAttribute("aria-rowcount") !== announced) continue;
    if (atBottom()) break;
    top = scroller.scrollTop + stepY;
  }
  // Back where it was; the virtualizer renders there by the next frame (no lazy wait).
  await scrollTo(top0, left0, false);
  // As one JSON string: Playwright's own encoding of a result this size (every cell an
  // object of its own) adds half again to the read (1.5 s to 3 s at 800 rows).
  return JSON.stringify({rowCount: Number(grid.getAttribute("aria-rowcount") || 0),
                         colCount, headers, rows});
}
"""
)

# Scrolls until the row with aria-rowindex == index is rendered: first straight to where
# a row of the rendered rows' height would be, then a screen at a time towards it.
_SCROLL_TO_ROW = (
    """
async (grid, index) => {"""
    + _HELPERS
    + """
  const find = () => ownRows().find(row => row.getAttribute("aria-rowindex") === String(index));
  const body = ownRows().filter(row => row.getAttribute("aria-rowindex") !== "1");
  if (!find() && body.length) {
    const first = body.reduce((a, b) =>
      Number(a.getAttribute("aria-rowindex")) < Number(b.getAttribute("aria-rowindex")) ? a : b);
    const height = first.offsetHeight;
    await scrollTo(Math.max(0, (index - 2) * height - height), scroller.scrollLeft);
  }
  for (let guard = 0; guard < 10000 && !find(); guard++) {
    const shown = ownRows().map(r => Number(r.getAttribute("aria-rowindex"))).filter(i => i > 1);
    const step = Math.max(1, scroller.clientHeight - 80);
    const before = scroller.scrollTop;
    const up = shown.length && index < Math.min(...shown);
    const height = scroller.scrollHeight;
    await scrollTo(before + (up ? -step : step), scroller.scrollLeft);
    if (scroller.scrollTop === before && scroller.scrollHeight === height) break;
  }
  find()?.scrollIntoView({block: "center"});
  await frame();
  return Boolean(find());
}
"""
)


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
    page: int = 1  # in a paged list, the page the row is on (its index is on that page)

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


class Pager:
    """A list's pager: Previous page, "Page N of M", Next page (its DOM is undocumented)."""

    def __init__(self, locator: Locator, labels: AepLabels) -> None:
        self.locator = locator
        self.labels = labels

    def present(self) -> bool:
        return self.locator.count() > 0

    def _button(self, names: tuple[str, ...]) -> Locator:
        return self.locator.get_by_role("button", name=exactly(*names))

    def position(self) -> tuple[int, int]:
        """(current page, page count) as the pager tells them."""
        numbers = re.findall(r"\d+", self.locator.inner_text())
        if len(numbers) < 2:
            raise IncompleteGrid(f"the pager shows no page numbers: {self.locator.inner_text()!r}")
        return int(numbers[0]), int(numbers[1])

    def go_to(self, page: int) -> None:
        """Step with Next/Previous page to `page`, waiting for the pager to show it."""
        current, count = self.position()
        if not 1 <= page <= count:
            raise IncompleteGrid(f"no page {page}: the list has {count}")
        while current != page:
            step = self.labels.next_page if page > current else self.labels.previous_page
            self._button(step).click()
            current += 1 if page > current else -1
            expect(self.locator, f"page {current}").to_contain_text(
                re.compile(rf"\b{current}\b\D+\b{count}\b")
            )


class VirtualGrid:
    """A `grid` whose rows are virtualized (or lazily loaded, or paged: give its pager)."""

    def __init__(self, locator: Locator, pager: Pager | None = None) -> None:
        self.locator = locator
        self.pager = pager

    def expect_loaded(self) -> None:
        expect(self.locator, "the grid").to_be_visible()

    def _paged(self) -> bool:
        return self.pager is not None and self.pager.present()

    def rows(self) -> list[GridRow]:
        """Every data row, in order (page by page in a paged list); cross-checked against
        `aria-rowcount`."""
        self.expect_loaded()
        if self.pager is None or not self._paged():
            return self._page_rows(1)
        _, count = self.pager.position()
        rows: list[GridRow] = []
        for page in range(1, count + 1):
            self.pager.go_to(page)
            rows += self._page_rows(page)
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

    def expect_row_count(self, count: int) -> None:
        expect(self.locator, "rows the grid announces").to_have_attribute(
            "aria-rowcount", str(count + 1)
        )

    def scroll_to(self, row_index: int, page: int = 1) -> Locator:
        """The row at `aria-rowindex` == row_index (on `page` of a paged list), scrolled into
        the DOM and view."""
        if self.pager is not None and self._paged():
            self.pager.go_to(page)
        if not self.locator.evaluate(_SCROLL_TO_ROW, row_index):
            raise IncompleteGrid(f"could not scroll row {row_index} into view")
        return self.rendered_row(row_index)

    def rendered_row(self, row_index: int) -> Locator:
        """The row at `aria-rowindex` == row_index if it is in the DOM now (no scrolling)."""
        # A row of a virtualized grid has no accessible name to find it by position; its
        # ARIA row index is the only handle, so this one attribute selector is needed.
        return self.locator.locator(f'[role="row"][aria-rowindex="{row_index}"]')
