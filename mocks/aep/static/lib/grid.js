// A TableView as React Spectrum renders it: an ARIA `grid` that virtualizes rows and
// columns inside a fixed-height scroller. Only the rows in view (plus a small overscan)
// are in the DOM; `aria-rowcount`/`aria-colcount` say what exists and `aria-rowindex`/
// `aria-colindex` where each rendered row and cell sits. Row elements are recycled while
// scrolling: a node that showed row 3 later shows row 40. The first column is the
// `rowheader`; it stays pinned and rendered while the others scroll sideways.
import { h, uid } from "./dom.js";
import { progress } from "./widgets.js";

const OVERSCAN_ROWS = 2;
const OVERSCAN_COLUMNS = 1;

/**
 * columns: [{key, title, width, render(item) -> Node|string, sortValue?(item)}]; the first is
 * the row header. onRowAction(item) runs on a click on the row outside its links and buttons,
 * or Enter. selectable: rows show aria-selected (single selection follows the action).
 * Lazy loading (React Spectrum's onLoadMore): when the last rows scroll into view and
 * hasMore() says more exist, onLoadMore() runs; while it loads (setLoading(true)) a `row`
 * without an aria-rowindex holding a `progressbar "Loading more…"` follows the loaded rows,
 * which are all that aria-rowcount counts.
 */
export function createGrid({
  label, columns, rowHeight = 48, getKey = (item) => item.id, onRowAction = null, selectable = false,
  emptyText = "No results", onLoadMore = null, hasMore = () => false,
}) {
  const offsets = [];
  columns.reduce((x, column) => (offsets.push(x), x + column.width), 0);
  const totalWidth = offsets[offsets.length - 1] + columns[columns.length - 1].width;

  let items = [];
  let version = 0;
  let sort = null; // {key, direction: "ascending" | "descending"}
  let selectedKey = null;
  let focusIndex = 0;
  const rendered = new Map(); // row index -> row element
  const pool = []; // detached row elements waiting to be reused

  const width = { width: `${totalWidth}px` };
  const headRow = h("div", { role: "row", "aria-rowindex": "1", class: "table-row table-head-row", style: width });
  const head = h("div", { role: "rowgroup", class: "table-head", style: width }, headRow);
  const body = h("div", { role: "rowgroup", class: "table-body", style: width });
  const empty = h("div", { class: "table-empty", hidden: true }, emptyText);
  const loader = h("div", { role: "row", class: "table-row table-loader", hidden: true },
    h("div", { role: "gridcell", class: "table-cell" }, progress("Loading more…")));
  let loading = false;
  const scroller = h("div", {
    class: "table-scroller", role: "presentation", style: { scrollPaddingLeft: `${columns[0].width}px` },
  }, h("div", { class: "table-canvas", role: "presentation", style: width }, head, body, loader), empty);
  const grid = h("div", {
    role: "grid", class: "table", "aria-label": label, "aria-colcount": String(columns.length), "aria-rowcount": "1",
  }, scroller);

  scroller.addEventListener("scroll", update, { passive: true });
  new ResizeObserver(update).observe(scroller);
  body.addEventListener("click", onBodyClick);
  body.addEventListener("keydown", onBodyKeydown);

  function columnRange() {
    const viewLeft = scroller.scrollLeft + columns[0].width; // the pinned row header covers the rest
    const viewRight = scroller.scrollLeft + Math.max(scroller.clientWidth, columns[0].width);
    let first = columns.length;
    let last = 0;
    for (let i = 1; i < columns.length; i += 1) {
      const left = offsets[i];
      const right = left + columns[i].width;
      if (right > viewLeft && left < viewRight) {
        first = Math.min(first, i);
        last = Math.max(last, i);
      }
    }
    if (first > last) return [1, 0];
    return [Math.max(1, first - OVERSCAN_COLUMNS), Math.min(columns.length - 1, last + OVERSCAN_COLUMNS)];
  }

  function rowRange() {
    const viewHeight = Math.max(0, scroller.clientHeight - head.offsetHeight);
    const first = Math.floor(scroller.scrollTop / rowHeight) - OVERSCAN_ROWS;
    const last = Math.ceil((scroller.scrollTop + viewHeight) / rowHeight) + OVERSCAN_ROWS - 1;
    return [Math.max(0, first), Math.min(items.length - 1, last)];
  }

  /** The cells of one row: the pinned first cell, a spacer for the columns scrolled away, the rest. */
  function cells(make, [first, last]) {
    const out = [make(0)];
    out.push(h("div", { class: "table-spacer", style: { width: `${offsets[first] - columns[0].width}px` } }));
    for (let i = first; i <= last; i += 1) out.push(make(i));
    return out;
  }

  function renderHead(range) {
    const key = `${range}|${sort ? sort.key + sort.direction : ""}`;
    if (headRow.dataset.key === key) return;
    headRow.dataset.key = key;
    const focused = headRow.contains(document.activeElement) ? document.activeElement.dataset.col : null;
    headRow.replaceChildren(...cells((i) => headerCell(i), range));
    if (focused) headRow.querySelector(`[data-col="${focused}"]`)?.focus();
  }

  function headerCell(i) {
    const column = columns[i];
    const sortable = Boolean(column.sortValue);
    const direction = sort && sort.key === column.key ? sort.direction : null;
    const cell = h("div", {
      role: "columnheader", "aria-colindex": String(i + 1), tabindex: "-1", "data-col": String(i),
      class: `table-cell table-columnheader${i === 0 ? " table-pinned" : ""}${sortable ? " is-sortable" : ""}`,
      style: { width: `${column.width}px` },
      "aria-sort": sortable ? direction || "none" : null,
    }, h("span", { class: "table-header-text" }, column.title),
    direction ? h("span", { class: "sort-indicator", "aria-hidden": "true" }, direction === "ascending" ? "↑" : "↓") : null);
    if (sortable) {
      cell.addEventListener("click", () => toggleSort(column.key));
      cell.addEventListener("keydown", (event) => {
        if (event.key !== "Enter" && event.key !== " ") return;
        event.preventDefault();
        toggleSort(column.key);
      });
    }
    return cell;
  }

  function toggleSort(key) {
    const direction = sort && sort.key === key && sort.direction === "ascending" ? "descending" : "ascending";
    sort = { key, direction };
    applyItems(items);
  }

  function renderRow(row, index, range) {
    const item = items[index];
    const key = `${version}|${index}|${range}|${selectedKey === getKey(item)}`;
    row.setAttribute("tabindex", index === focusIndex ? "0" : "-1");
    if (row.dataset.key === key) return;
    row.dataset.key = key;
    row.dataset.index = String(index);
    row.setAttribute("aria-rowindex", String(index + 2));
    row.style.top = `${index * rowHeight}px`;
    if (selectable) row.setAttribute("aria-selected", String(selectedKey === getKey(item)));
    const headerId = `${row.id}-header`;
    row.replaceChildren(...cells((i) => {
      const column = columns[i];
      const cell = h("div", {
        role: i === 0 ? "rowheader" : "gridcell", "aria-colindex": String(i + 1),
        class: `table-cell${i === 0 ? " table-rowheader table-pinned" : ""}`, style: { width: `${column.width}px` },
        id: i === 0 ? headerId : null,
      });
      const content = column.render(item);
      cell.append(...(Array.isArray(content) ? content : [content]).filter((c) => c !== null && c !== undefined));
      return cell;
    }, range));
  }

  function createRow() {
    const row = h("div", { role: "row", class: "table-row", id: uid("row"), style: { ...width, height: `${rowHeight}px` } });
    row.setAttribute("aria-labelledby", `${row.id}-header`);
    return row;
  }

  /** Render the rows and columns in view, reusing the row elements that scrolled out. */
  function update() {
    const colRange = columnRange();
    renderHead(colRange);
    const [first, last] = rowRange();
    const active = document.activeElement;
    for (const [index, row] of rendered) {
      const inRange = index >= first && index <= last && index < items.length;
      // The focused row is kept (persisted) even when scrolled away, like React Aria's.
      const persisted = index < items.length && row.contains(active);
      if (!inRange && !persisted) {
        rendered.delete(index);
        row.remove();
        pool.push(row);
      }
    }
    for (let index = first; index <= last; index += 1) {
      let row = rendered.get(index);
      if (!row) {
        row = pool.pop() || createRow();
        rendered.set(index, row);
      }
      renderRow(row, index, colRange);
    }
    for (const [index, row] of rendered) if (index < first || index > last) renderRow(row, index, colRange);
    orderRows();
    maybeLoadMore();
  }

  /** The last loaded row is in view: ask for more (lazy loading). */
  function maybeLoadMore() {
    if (!onLoadMore || loading || !items.length || !hasMore()) return;
    if (scroller.scrollTop + scroller.clientHeight < scroller.scrollHeight - rowHeight) return;
    setLoading(true);
    onLoadMore();
  }

  function setLoading(value) {
    loading = value;
    loader.hidden = !value;
    grid.setAttribute("aria-busy", String(value));
  }

  /** Keep DOM order = row order, without moving the focused row (moving a node drops focus). */
  function orderRows() {
    const desired = [...rendered.keys()].sort((a, b) => a - b).map((i) => rendered.get(i));
    const current = [...body.children];
    if (desired.length === current.length && desired.every((row, i) => row === current[i])) return;
    const focusedAt = desired.findIndex((row) => row.contains(document.activeElement) && row.isConnected);
    if (focusedAt < 0) {
      body.append(...desired);
    } else {
      const focused = desired[focusedAt];
      focused.before(...desired.slice(0, focusedAt));
      focused.after(...desired.slice(focusedAt + 1));
    }
  }

  function applyItems(list) {
    let sorted = [...list];
    if (sort) {
      const column = columns.find((c) => c.key === sort.key);
      const sign = sort.direction === "ascending" ? 1 : -1;
      sorted.sort((a, b) => sign * compare(column.sortValue(a), column.sortValue(b)));
    }
    items = sorted;
    version += 1;
    focusIndex = Math.min(focusIndex, Math.max(0, items.length - 1));
    grid.setAttribute("aria-rowcount", String(items.length + 1));
    body.style.height = `${items.length * rowHeight}px`;
    empty.hidden = items.length > 0;
    update();
  }

  function rowOf(target) {
    const row = target.closest("[role=row]");
    return row && body.contains(row) ? row : null;
  }

  function onBodyClick(event) {
    const row = rowOf(event.target);
    if (!row || event.target.closest("a, button, input, [role=button]")) return;
    const index = Number(row.dataset.index);
    focusIndex = index;
    activate(index);
  }

  function activate(index) {
    const item = items[index];
    if (!item) return;
    if (selectable) {
      selectedKey = getKey(item);
      version += 1;
      update();
    }
    if (onRowAction) onRowAction(item);
  }

  function onBodyKeydown(event) {
    const row = rowOf(event.target);
    if (!row || event.target !== row) return;
    const index = Number(row.dataset.index);
    const page = Math.max(1, Math.floor((scroller.clientHeight - head.offsetHeight) / rowHeight));
    const moves = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, Home: -Infinity, End: Infinity };
    if (event.key in moves) {
      event.preventDefault();
      focusRow(Math.max(0, Math.min(items.length - 1, index + moves[event.key])));
    } else if (event.key === "Enter") {
      event.preventDefault();
      activate(index);
    }
  }

  /** Scroll a row into view, render it and focus it. */
  function focusRow(index) {
    scrollToRow(index);
    focusIndex = index;
    update();
    rendered.get(index)?.focus();
  }

  function scrollToRow(index) {
    const viewHeight = scroller.clientHeight - head.offsetHeight;
    const top = index * rowHeight;
    if (top < scroller.scrollTop) scroller.scrollTop = top;
    else if (top + rowHeight > scroller.scrollTop + viewHeight) scroller.scrollTop = top + rowHeight - viewHeight;
    update();
  }

  return {
    element: grid,
    setItems: applyItems,
    /** Lazy loading: show or drop the "Loading more…" row; then look whether to load more. */
    setLoading(value) {
      setLoading(value);
      if (!value) update();
    },
    scrollToRow,
    /** Clear the selection (the right rail closed). */
    clearSelection() {
      selectedKey = null;
      version += 1;
      update();
    },
    get items() {
      return items;
    },
  };
}

function compare(a, b) {
  if (a === b) return 0;
  if (a === null || a === undefined || a === "") return 1;
  if (b === null || b === undefined || b === "") return -1;
  return typeof a === "number" && typeof b === "number" ? a - b : String(a).localeCompare(String(b));
}

