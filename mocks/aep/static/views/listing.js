// The filtered lists of Accounts and Browse (the documented "current" layout): a search bar
// above the table filtering by name as you type, a left sidebar of checkbox groups
// (several values at once), the active filters as removable tags with "Clear all", and the
// virtualized grid. Filters live in module state, so they survive in-app navigation (going
// to a dataflow and back) but not a reload.
import { h } from "../lib/dom.js";
import { checkboxGroup, searchField, tagGroup } from "../lib/widgets.js";

/** Filter state of one list: {search, selected: {groupKey: Set}}. */
export function listState(groupKeys) {
  return { search: "", selected: Object.fromEntries(groupKeys.map((key) => [key, new Set()])) };
}

/**
 * groups: [{key, label, valueOf(item), options?: [...]}] (options default to the values
 * present in the items). nameOf(item) is what the search bar matches.
 */
export function createListing({ state, groups, grid, nameOf, searchLabel = "Search" }) {
  let items = [];
  const sidebar = h("div", { class: "filter-groups" });
  const tagsSlot = h("div", { class: "tags-slot" });
  const search = searchField({
    label: searchLabel,
    value: state.search,
    onInput: (value) => {
      state.search = value;
      refresh();
    },
  });
  const rail = h("div", { class: "rail-slot" });
  const element = h("div", { class: "listing" },
    h("section", { class: "filter-panel", "aria-label": "Filters" },
      h("h2", { class: "panel-heading" }, "Filters"), sidebar),
    h("div", { class: "listing-main" },
      h("div", { class: "listing-toolbar" }, search.element),
      tagsSlot,
      h("div", { class: "grid-slot" }, grid.element)),
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
          refresh();
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
    const tags = groups.flatMap((group) => [...state.selected[group.key]].map((value) => (
      { key: `${group.key}:${value}`, label: value, group: group.key, value })));
    const removeTag = (tag) => {
      const index = tags.findIndex((t) => t.key === tag.key);
      state.selected[tag.group].delete(tag.value);
      refresh({ focusAfterRemoval: index });
    };
    const clearAll = () => {
      groups.forEach((group) => state.selected[group.key].clear());
      refresh();
      search.input.focus();
    };
    tagsSlot.replaceChildren(tagGroup({
      label: "Active filters", tags, onRemove: removeTag, actionLabel: "Clear all", onAction: clearAll,
    }));
    if (focusAfterRemoval !== null) {
      // Focus moves to the next tag, as React Aria does after a removal; else to the search bar.
      const rows = tagsSlot.querySelectorAll("[role=row]");
      (rows[Math.min(focusAfterRemoval, rows.length - 1)] || search.input).focus();
    }
  }

  function matches(item) {
    const needle = state.search.trim().toLowerCase();
    if (needle && !nameOf(item).toLowerCase().includes(needle)) return false;
    return groups.every((group) => {
      const selected = state.selected[group.key];
      return selected.size === 0 || selected.has(group.valueOf(item));
    });
  }

  function refresh(opts) {
    grid.setItems(items.filter(matches));
    renderSidebar();
    renderTags(opts);
  }

  return {
    element,
    rail,
    setItems(list) {
      items = list;
      refresh();
    },
  };
}
