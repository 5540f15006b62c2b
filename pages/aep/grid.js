// A virtualized ARIA grid (React Spectrum's TableView), read in one browser round trip.
//
// Only the rows (and columns) in view are in the DOM, and row elements are recycled while
// scrolling; so the grid is read by scrolling its scroller and reading every rendered
// row's cells, keyed by aria-rowindex / aria-colindex, until every row aria-rowcount
// announces has been seen. A table that is not virtualized (no aria-rowindex) is read as
// it is. pages/aep/grid.py evaluates `(this file).read` and `(this file).scrollToRow`.
(() => {
  // The grid's scroll container (the first scrollable element inside it), its own rows
  // (not a nested grid's), and a scroll that waits for the virtualizer. After a scroll the
  // rendered rows/columns must change: at once when the virtualizer renders in its scroll
  // handler, after a frame or a few when it renders later.
  function helpers(grid) {
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
    return {frame, scroller, ownRows, layout, loader, atBottom, busy, covered, settle, scrollTo};
  }

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
      headers[i + 1] = (c.textContent || "").replace(/\s+/g, " ").trim());
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
          text: (cell.textContent || "").replace(/\s+/g, " ").trim(),
          href: link ? link.getAttribute("href") : null,
          labels: [...cell.querySelectorAll("[aria-label]")].map(el => el.getAttribute("aria-label")),
        };
      });
    }
    return {rowCount: index, colCount, headers, rows: data};
  }

  return {
    // Every cell of every row, as JSON: scrolls the grid top to bottom, sweeping each band
    // of rows left to right and the next right to left (no scrolling back).
    read: async (grid) => {
      const {frame, scroller, ownRows, atBottom, settle, scrollTo} = helpers(grid);

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
            const text = (cell.textContent || "").replace(/\s+/g, " ").trim();
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
    },
    // Scrolls until the row with aria-rowindex == index is rendered: first straight to
    // where a row of the rendered rows' height would be, then a screen at a time.
    scrollToRow: async (grid, index) => {
      const {frame, scroller, ownRows, scrollTo} = helpers(grid);

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
    },
  };
})()
