"""VirtualGrid against virtualizers that render at different moments after a scroll.

The mock AEP's grid renders in its scroll handler. React Spectrum's may render in it, or
a frame later; and a handler may ignore events the page fired itself (`isTrusted`). The
read fires `scroll` at once and waits frames only when nothing changed, so it must read
every row and cell whichever way the grid renders.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from pages.aep.grid import Cell, VirtualGrid

ROWS, COLUMNS = 60, 6

# A grid of ROWS rows and COLUMNS columns (120 px wide) in a 300x200 px scroller: only the
# rows and columns in view are rendered, in a pool of recycled row elements. `render` is when:
# "handler" (in the scroll handler), "frame" (a frame after it), "trusted" (in the
# handler, for the browser's own scroll events only).
GRID_PAGE = """
<div role="grid" aria-label="Items" aria-rowcount="{rows}" aria-colcount="{cols}">
  <div id="scroller" style="height: 200px; width: 300px; overflow: auto; position: relative">
    <div id="body"></div>
  </div>
</div>
<script>
  const [ROWS, COLS, H, W, RENDER] = [{rows}, {cols}, 30, 120, "{render}"];
  const scroller = document.getElementById("scroller");
  const body = document.getElementById("body");
  body.style.cssText = `height: ${{ROWS * H}}px; width: ${{COLS * W}}px`;
  const pool = [];
  const cell = (row, col) => {{
    const el = document.createElement("div");
    el.setAttribute("role", row === 1 ? "columnheader" : col === 1 ? "rowheader" : "gridcell");
    el.setAttribute("aria-colindex", String(col));
    el.textContent = row === 1 ? `Column ${{col}}` : `r${{row}}c${{col}}`;
    return el;
  }};
  function render() {{
    const first = Math.max(1, Math.floor(scroller.scrollTop / H));
    const last = Math.min(ROWS, first + Math.ceil(scroller.clientHeight / H) + 1);
    const left = Math.max(2, Math.floor(scroller.scrollLeft / W) + 1);
    const right = Math.min(COLS, left + Math.ceil(scroller.clientWidth / W));
    const wanted = [1, ...Array.from({{length: last - first + 1}}, (_, i) => first + i)];
    wanted.forEach((index, i) => {{
      const row = pool[i] || (pool[i] = body.appendChild(document.createElement("div")));
      row.setAttribute("role", "row");
      row.setAttribute("aria-rowindex", String(index));
      row.style.cssText = `position: absolute; top: ${{(index - 1) * H}}px; height: ${{H}}px`;
      const cols = [1];
      for (let c = left; c <= right; c++) cols.push(c);
      row.replaceChildren(...cols.map(c => cell(index, c)));
    }});
    pool.slice(wanted.length).forEach(row => row.remove());
    pool.length = wanted.length;
  }}
  scroller.addEventListener("scroll", event => {{
    if (RENDER === "frame") requestAnimationFrame(render);
    else if (RENDER === "handler" || event.isTrusted) render();
  }});
  render();
</script>
"""


@pytest.mark.parametrize("render", ["handler", "frame", "trusted"])
def test_reads_every_row_and_cell_whenever_the_virtualizer_renders(page: Page, render: str) -> None:
    # The header row counts in aria-rowcount, as in ARIA.
    page.set_content(GRID_PAGE.format(rows=ROWS + 1, cols=COLUMNS, render=render))
    grid = VirtualGrid(page.get_by_role("grid", name="Items"))

    rows = grid.rows()

    assert [row.index for row in rows] == list(range(2, ROWS + 2))
    assert all(
        row.cells == {f"Column {c}": Cell(f"r{row.index}c{c}") for c in range(1, COLUMNS + 1)}
        for row in rows
    )
    # Back where it was: at the top, the first rows rendered again.
    assert page.get_by_role("row").first.get_attribute("aria-rowindex") == "1"


def test_a_scroll_that_leaves_the_view_filled_with_rendered_rows_waits_no_frame(
    page: Page,
) -> None:
    """The last scroll of a list 22 rows long (two columns, no scrolling sideways) moves it
    by 4 px, within the rows already rendered: the read goes on at once rather than wait
    frames for a render that cannot come. Frames are counted as the page requests them."""
    page.set_content(GRID_PAGE.format(rows=23, cols=2, render="handler"))
    page.evaluate(
        """() => {
          window.framesWaited = 0;
          const request = window.requestAnimationFrame.bind(window);
          window.requestAnimationFrame = callback => {
            window.framesWaited++;
            return request(callback);
          };
        }"""
    )
    grid = VirtualGrid(page.get_by_role("grid", name="Items"))

    rows = grid.rows()

    assert [row.index for row in rows] == list(range(2, 24))
    # One frame, at the end of the rows: a lazily loaded list would show its loader by then.
    assert page.evaluate("window.framesWaited") == 1
