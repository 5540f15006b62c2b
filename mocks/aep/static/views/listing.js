// The filtered lists of Accounts and Browse, in the variants of the real UI:
// - layout=current (the newest docs): a search bar above the table filtering by name as you
//   type, a left sidebar of checkbox groups (several values at once), the active filters as
//   removable tags with "Clear all";
// - layout=classic (2023): a filter icon ("Filter", a toggle button) opening the "sort
//   panel", a list of the destinations to tick (several at once); no search bar, no tags;
// and the rows: rows=virtual, one virtualized grid of every row; rows=pages, a page of rows
// at a time with a pager (`navigation "Pagination"`: Previous page, "Page N of M", Next
// page); rows=lazy, the first rows, more appended while scrolling (onLoadMore). Variant
// scramble draws each list's page size and the pager's markup (lib/pager.js).
// Filters, the page and how far the list was loaded live in module state, so they survive
// in-app navigation (going to a dataflow and back) but not a reload.
import { h, icon } from "../lib/dom.js";
import { createGrid } from "../lib/grid.js";
import { pager } from "../lib/pager.js";
import { checkboxGroup, searchField, tagGroup } from "../lib/widgets.js";
import { variant } from "./common.js";

export const PAGE_SIZE = 25;
// How long the mock takes to "fetch" the next rows of a lazily loaded list.
const LOAD_MORE_MS = 120;

/**
 * Filter state of one list: {search, selected: {groupKey: Set}, page, loaded, panelOpen,
 * pageSize} (pageSize: rows per page, and per lazy load).
 */
export function listState(groupKeys, pageSize = PAGE_SIZE) {
  return {
    search: "",
    selected: Object.fromEntries(groupKeys.map((key) => [key, new Set()])),
    page: 1,
    loaded: pageSize,
    panelOpen: false,
    pageSize,
  };
}

/**
 * groups: [{key, label, valueOf(item), options?: [...], classicLabel?}] (options default to
 * the values present in the items); in the classic layout only groups with a classicLabel
 * are offered, in the sort panel. nameOf(item) is what the search bar matches. grid: the
 * createGrid options; the listing makes the grid (`listing.grid`).
 */
export function createListing({ ctx, state, groups: allGroups, grid: gridOptions, nameOf, searchLabel = "Search" }) {
  const classic = variant(ctx, "layout") === "classic";
  const rows = variant(ctx, "rows") || "virtual";
  const groups = classic
    ? allGroups.filter((g) => g.classicLabel).map((g) => ({ ...g, label: g.classicLabel }))
    : allGroups;
  let items = [];
  let shown = [];
  let loadTimer = null;
  const grid = createGrid({
    ...gridOptions,
    hasMore: () => rows === "lazy" && state.loaded < shown.length,
    onLoadMore: rows === "lazy" ? loadMore : null,
  });
  const sidebar = h("div", { class: "filter-groups" });
  const tagsSlot = h("div", { class: "tags-slot" });
  const pagerSlot = h("div", { class: "pager-slot" });
  const search = classic ? null : searchField({
    label: searchLabel,
    value: state.search,
    onInput: (value) => {
      state.search = value;
      refresh({ restart: true });
    },
  });
  const rail = h("div", { class: "rail-slot" });
  const panel = h("section", { class: "filter-panel", "aria-label": classic ? "Sort panel" : "Filters" },
    h("h2", { class: "panel-heading" }, classic ? "Destinations" : "Filters"), sidebar);
  const toolbar = h("div", { class: "listing-toolbar" });
  if (classic) {
    // The filter icon "on the top left" launches the sort panel.
    const toggle = h("button", {
      type: "button", class: "action-button is-quiet filter-toggle", "aria-label": "Filter",
      "aria-pressed": String(state.panelOpen),
    }, icon("filter"));
    toggle.addEventListener("click", () => {
      state.panelOpen = !state.panelOpen;
      toggle.setAttribute("aria-pressed", String(state.panelOpen));
      panel.hidden = !state.panelOpen;
    });
    panel.hidden = !state.panelOpen;
    toolbar.append(toggle);
  } else {
    toolbar.append(search.element);
  }
  const element = h("div", { class: "listing" },
    panel,
    h("div", { class: "listing-main" }, toolbar, tagsSlot,
      h("div", { class: "grid-slot" }, grid.element), pagerSlot),
    rail);
  let sidebarKey = "";

  function optionsOf(group) {
    const values = new Set(group.options || items.map(group.valueOf).filter(Boolean));
    for (const value of state.selected[group.key]) values.add(value);
    return group.options ? [...values] : [...values].sort((a, b) => a.localeCompare(b));
  }

  function renderSidebar() {
    const all = groups.map((group) => [group, optionsOf(group)]);
    const key = JSON.stringify(all.map(([g, options]) => [g.key, options]));
    if (key !== sidebarKey) {
      sidebarKey = key;
      sidebar.replaceChildren(...all.map(([group, options]) => checkboxGroup({
        label: group.label,
        options,
        selected: state.selected[group.key],
        onChange: (value, checked) => {
          state.selected[group.key][checked ? "add" : "delete"](value);
          refresh({ restart: true });
        },
      })));
    }
    // Keep the boxes in step with tags removed elsewhere, without rebuilding focused inputs.
    sidebar.querySelectorAll(".checkbox-group").forEach((el, i) => {
      const selected = state.selected[groups[i].key];
      el.querySelectorAll("input").forEach((input) => { input.checked = selected.has(input.value); });
    });
  }

  function renderTags({ focusAfterRemoval = null } = {}) {
    if (classic) return;
    const tags = groups.flatMap((group) => [...state.selected[group.key]].map((value) => (
      { key: `${group.key}:${value}`, label: value, group: group.key, value })));
    const removeTag = (tag) => {
      const index = tags.findIndex((t) => t.key === tag.key);
      state.selected[tag.group].delete(tag.value);
      refresh({ focusAfterRemoval: index, restart: true });
    };
    const clearAll = () => {
      groups.forEach((group) => state.selected[group.key].clear());
      refresh({ restart: true });
      search.input.focus();
    };
    tagsSlot.replaceChildren(tagGroup({
      label: "Active filters", tags, onRemove: removeTag, actionLabel: "Clear all", onAction: clearAll,
    }));
    if (focusAfterRemoval !== null) {
      // Focus moves to the next tag, as React Aria does after a removal; else to the search bar.
      const tagRows = tagsSlot.querySelectorAll("[role=row]");
      (tagRows[Math.min(focusAfterRemoval, tagRows.length - 1)] || search.input).focus();
    }
  }

  function matches(item) {
    const needle = classic ? "" : state.search.trim().toLowerCase();
    if (needle && !nameOf(item).toLowerCase().includes(needle)) return false;
    return groups.every((group) => {
      const selected = state.selected[group.key];
      return selected.size === 0 || selected.has(group.valueOf(item));
    });
  }

  const size = state.pageSize;
  const pageCount = () => Math.max(1, Math.ceil(shown.length / size));

  /** The rows the grid holds now: all, the current page, or as many as were loaded. */
  function showRows() {
    if (rows === "pages") {
      state.page = Math.min(state.page, pageCount());
      grid.setItems(shown.slice((state.page - 1) * size, state.page * size));
      renderPager();
    } else if (rows === "lazy") {
      grid.setItems(shown.slice(0, state.loaded));
    } else {
      grid.setItems(shown);
    }
  }

  function renderPager() {
    const go = (page) => {
      state.page = page;
      showRows();
      grid.scrollToRow(0);
    };
    pagerSlot.replaceChildren(pager({
      page: state.page, pageCount: pageCount(), pageSize: size, total: shown.length, onGo: go,
    }));
  }

  function loadMore() {
    // As a fetch of the next rows would: they arrive a little later.
    loadTimer = setTimeout(() => {
      loadTimer = null;
      state.loaded += size;
      grid.setItems(shown.slice(0, state.loaded));
      grid.setLoading(false);
    }, LOAD_MORE_MS);
  }

  function refresh({ restart = false, ...opts } = {}) {
    if (restart) {
      // New filters: back to the first page, the first rows.
      state.page = 1;
      state.loaded = size;
      if (loadTimer) clearTimeout(loadTimer);
      loadTimer = null;
    }
    shown = items.filter(matches);
    showRows();
    if (restart) {
      grid.scrollToRow(0);
      grid.setLoading(false);
    }
    renderSidebar();
    renderTags(opts);
  }

  return {
    element,
    rail,
    grid,
    setItems(list) {
      items = list;
      refresh();
    },
  };
}
