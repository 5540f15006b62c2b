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
from typing import Any

from playwright.sync_api import Locator, expect

from pages.aep.labels import AepLabels
from pages.base import Root
from pages.labels import pattern

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

# A table that is not virtualized (no aria-rowindex): its own rows as they are, the header
# row (th / columnheader cells) first, each cell by its position. An empty-state row (one
# cell spanning the table) is no data row.
_READ_PLAIN = """
function readPlain(grid) {
  const rows = [...grid.querySelectorAll('tr, [role="row"]')]
    .filter(row => row.closest('table, [role="grid"], [role="table"]') === grid);
  const cellsOf = row => [...row.children].filter(c =>
    c.matches('td, th, [role="cell"], [role="gridcell"], [role="columnheader"],' +
      ' [role="rowheader"]'));
  const isHeader = row => cellsOf(row).length &&
    cellsOf(row).every(c => c.matches('th[scope="col"], thead th, [role="columnheader"]'));
  const headerRow = rows.find(isHeader);
  const headers = {};
  if (headerRow) cellsOf(headerRow).forEach((c, i) =>
    headers[i + 1] = (c.textContent || "").replace(/\\s+/g, " ").trim());
  const colCount = Object.keys(headers).length;
  const data = {};
  let index = 1;
  for (const row of rows) {
    if (row === headerRow) continue;
    const cells = cellsOf(row);
    if (cells.length === 1 && colCount > 1) continue;
    index += 1;
    data[index] = {};
    cells.forEach((cell, i) => {
      const link = cell.querySelector("a[href]");
      data[index][i + 1] = {
        text: (cell.textContent || "").replace(/\\s+/g, " ").trim(),
        href: link ? link.getAttribute("href") : null,
        labels: [...cell.querySelectorAll("[aria-label]")].map(el => el.getAttribute("aria-label")),
      };
    });
  }
  return {rowCount: index, colCount, headers, rows: data};
}
"""

# Reads every cell of every row: scrolls the grid top to bottom, sweeping each band of
# rows left to right and the next right to left (no scrolling back), and collects each
# cell's text, link target and inner accessible labels, keyed by aria-rowindex/colindex
# (as JSON).
_READ_GRID = (
    """
async (grid) => {"""
    + _HELPERS
    + _READ_PLAIN
    + """
  if (!ownRows().length) return JSON.stringify(readPlain(grid));
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
