// The dataflow page (Browse > a connection name): heading, the Enabled switch, the tabs
// Dataflow runs / Activation data, and the right rail in the documented order. Variant
// scramble redraws what Adobe does not document: the breadcrumbs, the toggle's element
// and name, the rail's markup, whether the Ad Account ID shows and under which label, and
// the Activation data list (its markup, name, columns, casing and paging).
import { getFlow, setFlowEnabled } from "../lib/api.js";
import { h, uid } from "../lib/dom.js";
import { EMPTY, formatDate, formatDateTime, formatList } from "../lib/format.js";
import { createGrid } from "../lib/grid.js";
import { pager } from "../lib/pager.js";
import { routePath } from "../lib/route.js";
import { choice, headerCase, words } from "../lib/scramble.js";
import { toast } from "../lib/toast.js";
import { propertyList, searchField, tabs, toggleControl } from "../lib/widgets.js";
import { openActivationWizard } from "./activate.js";
import { confirmDeleteFlow, confirmDisable } from "./dialogs.js";
import { activateLabel, button, load, statusLight, variant } from "./common.js";

const TAB_ITEMS = [
  { key: "runs", label: "Dataflow runs" },
  { key: "activation", label: choice("aep.activation_tab_label") },
];

// The page being shown, so that switching its tabs (a route change) does not reload it.
let shown = null; // {flowId, main, ctx, flow, showTab(tab)}

export function renderDataflow(ctx) {
  const { main, route } = ctx;
  if (shown && shown.flowId === route.flowId && shown.main === main && main.firstChild === shown.element) {
    shown.ctx = ctx;
    shown.showTab(route.flowTab);
    return;
  }
  shown = null;
  const element = h("div", { class: "page dataflow" });
  main.replaceChildren(element);
  load(ctx, element, () => getFlow(route.flowId), (flow) => {
    shown = { flowId: flow.id, main, element, ctx, flow, showTab: null };
    showPage(shown);
    shown.showTab(route.flowTab);
  });
}

function showPage(page) {
  const { flow } = page;
  const route = () => page.ctx.route;
  const browse = () => ({ ...route(), page: "destination", tab: "browse" });
  const panelSlot = h("div", { class: "tab-content" });
  const tabsSlot = h("div", {});
  const railSlot = h("div", { class: "rail-slot" });
  const enabled = enabledSwitch(page, () => { railSlot.replaceChildren(rail(page, browse)); });

  page.showTab = (tab) => {
    const t = tabs({
      label: "Dataflow",
      items: TAB_ITEMS,
      selected: tab,
      panel: panelSlot,
      onSelect: (key, { focus = false } = {}) => {
        page.ctx.navigate({ ...route(), flowTab: key });
        if (focus) page.focusTab = true;
      },
    });
    tabsSlot.replaceChildren(t.list, t.panel);
    panelSlot.replaceChildren(tab === "activation" ? activationPanel(page.flow) : runsPanel(page.flow));
    if (page.focusTab) {
      page.focusTab = false;
      t.focusSelected();
    }
  };
  page.refreshPanels = () => page.showTab(route().flowTab);
  page.refreshRail = () => railSlot.replaceChildren(rail(page, browse));

  railSlot.replaceChildren(rail(page, browse));
  page.element.replaceChildren(...[
    breadcrumbs(`#${routePath(browse())}`, flow.name),
    h("header", { class: "page-header dataflow-header" },
      h("h1", { class: "page-title" }, flow.name),
      h("div", { class: "header-actions" }, enabled)),
    h("div", { class: "dataflow-layout" }, h("div", { class: "dataflow-main" }, tabsSlot), railSlot),
  ].filter(Boolean));
}

/** The way back to Browse (aep.breadcrumbs): a breadcrumb trail, named or not, or none. */
function breadcrumbs(browseHref, flowName) {
  const mode = choice("aep.breadcrumbs");
  if (mode === "none") return null;
  const label = { breadcrumbs: "Breadcrumbs", "breadcrumb-destinations": "Breadcrumb" }[mode] || null;
  const back = mode === "breadcrumb-destinations" ? "Destinations" : "Browse";
  return h("nav", { "aria-label": label, class: "breadcrumbs" },
    h("ol", {},
      h("li", {}, h("a", { href: browseHref, class: "link" }, back)),
      h("li", {}, h("span", { "aria-current": "page" }, flowName))));
}

/**
 * The Enabled switch: its name stays what it is (by default "Enabled"); it is disabled
 * while a change is saving and when the user may not manage destinations; on error it
 * flips back and says why.
 */
function enabledSwitch(page, onStatusChange) {
  const { flow } = page;
  const helpId = uid("switch-help");
  const toggle = toggleControl({
    kind: choice("aep.switch_element"),
    naming: choice("aep.switch_name"),
    checked: flow.enabled,
    disabled: !flow.can_manage,
    onChange: async (checked) => {
      if (!checked && variant(page.ctx, "disable_confirm") === "dialog") {
        // Variant disable_confirm=dialog: the switch stays on until the person confirms.
        toggle.checked = true;
        confirmDisable(flow, () => {
          toggle.checked = false;
          save(false);
        });
        return;
      }
      await save(checked);
    },
  });
  const { element } = toggle;
  async function save(checked) {
    toggle.disabled = true;
    let updated;
    try {
      updated = await setFlowEnabled(flow.id, checked);
    } catch (error) {
      toggle.showSaved(!checked);
      toggle.disabled = !flow.can_manage;
      const verb = checked ? "enable" : "disable";
      if (error.status !== 401) toast.negative(words("change_failed", { verb, message: error.message }));
      return;
    }
    page.flow = { ...page.flow, ...(updated || {}), enabled: checked, status: checked ? "Enabled" : "Disabled" };
    toggle.showSaved(checked);
    toggle.disabled = !flow.can_manage;
    toast.positive(words(checked ? "enabled" : "disabled"));
    if (!page.ctx.isCurrent()) return;
    onStatusChange();
    // Enabling runs the dataflow: read it again for its runs.
    try {
      const fresh = await getFlow(flow.id);
      if (!page.ctx.isCurrent()) return;
      page.flow = fresh;
      onStatusChange();
      page.refreshPanels();
    } catch {
      // The switch already shows the saved state; the runs refresh on the next visit.
    }
  }
  if (flow.can_manage) return element;
  toggle.control.setAttribute("aria-describedby", helpId);
  return h("div", { class: "switch-with-help" }, element,
    h("p", { class: "help-text", id: helpId }, "Changing a dataflow needs the Manage Destinations permission."));
}

/** The right rail, in the documented order (reference §6). */
function rail(page, browse) {
  const { flow } = page;
  const markup = choice("aep.rail_markup");
  const adAccount = choice("aep.ad_account_param");
  return h("aside", { class: "rail dataflow-rail", "aria-label": "Dataflow details" },
    h("div", { class: "rail-actions" },
      button(activateLabel(page.ctx), "btn-primary", () => openActivationWizard(flow.id, {
        segments: variant(page.ctx, "layout") === "classic",
        onActivated: (updated) => {
          page.flow = updated;
          if (!page.ctx.isCurrent()) return;
          page.refreshRail();
          page.refreshPanels();
        },
      })),
      button("Delete", "btn-secondary", () => confirmDeleteFlow(page.flow, () => {
        if (page.ctx.isCurrent()) page.ctx.navigate(browse());
      }), { disabled: !flow.can_manage })),
    propertyList([
      ["Destination name", flow.name],
      ["Description", flow.description || EMPTY],
      ["Destination", flow.destination],
      ["Status", flow.status || (flow.enabled ? "Enabled" : "Disabled")],
      ["Marketing actions", formatList(flow.marketing_actions)],
      ["Category", flow.category || EMPTY],
      ["Connection type", flow.connection_type || EMPTY],
      ["Frequency", flow.frequency || EMPTY],
      ["Identity", flow.identity || EMPTY],
      ["Created by", flow.created_by || EMPTY],
      ["Created", formatDateTime(flow.created)],
    ], "properties", markup),
    // The connection parameters: not shown at all, or the ad account under the drawn label.
    adAccount ? h("h3", { class: "rail-section-heading" }, "Connection parameters") : null,
    adAccount ? propertyList([
      ["Account", flow.account_name || EMPTY],
      [adAccount, flow.ad_account_id || EMPTY],
    ], "properties", markup) : null);
}

function runsPanel(flow) {
  const runs = flow.runs || [];
  const sum = (key) => runs.reduce((total, run) => total + (run[key] || 0), 0);
  const grid = createGrid({
    label: "Dataflow runs",
    emptyText: "This dataflow has no runs yet.",
    columns: [
      {
        key: "started", title: "Dataflow run start", width: 210,
        render: (r) => formatDateTime(r.started), sortValue: (r) => r.started,
      },
      { key: "processing_time", title: "Processing time", width: 140, render: (r) => duration(r.processing_time) },
      { key: "profiles_received", title: "Profiles received", width: 150, render: (r) => display(r.profiles_received) },
      {
        key: "identities_activated", title: "Identities activated", width: 160,
        render: (r) => display(r.identities_activated),
      },
      {
        key: "identities_excluded", title: "Identities excluded", width: 160,
        render: (r) => display(r.identities_excluded),
      },
      { key: "identities_failed", title: "Identities failed", width: 150, render: (r) => display(r.identities_failed) },
      { key: "activation_rate", title: "Activation rate", width: 140, render: (r) => percent(r.activation_rate) },
      {
        key: "status", title: "Status", width: 260,
        render: (r) => [statusLight(r.status), r.error ? h("span", { class: "cell-note" }, r.error) : null],
      },
    ],
  });
  // Newest run first.
  grid.setItems([...runs].sort((a, b) => String(b.started).localeCompare(String(a.started))));
  return h("div", { class: "runs" },
    h("section", { class: "totals", "aria-label": "Totals" }, propertyList([
      ["Identities activated", String(sum("identities_activated"))],
      ["Identities excluded", String(sum("identities_excluded"))],
      ["Identities failed", String(sum("identities_failed"))],
    ], "stats")),
    h("div", { class: "grid-slot" }, grid.element));
}

// Activation data's columns (their titles are undocumented: variant scramble draws them).
const ACTIVATION_COLUMNS = {
  name: {
    key: "name", choice: "aep.activation_col_name", width: 260,
    render: (a) => h("span", { class: "cell-text" }, a.name), sortValue: (a) => a.name.toLowerCase(),
  },
  id: {
    key: "audience_id", choice: "aep.activation_col_id", width: 320,
    render: (a) => h("span", { class: "mono" }, a.audience_id),
  },
  start: {
    key: "start", choice: "aep.activation_col_start", width: 140,
    render: (a) => formatDate(a.start), sortValue: (a) => a.start,
  },
  end: { key: "end", choice: "aep.activation_col_end", width: 140, render: (a) => formatDate(a.end), sortValue: (a) => a.end },
  mapping: {
    key: "mapping", choice: "aep.activation_col_mapping", width: 300,
    render: (a) => `${a.source_identity || EMPTY} → ${a.target_field || EMPTY}`,
  },
};

/** A native, unvirtualized `table` (aep.activation_markup "table"/"table-caption"). */
function nativeTable({ label, caption, columns, emptyText }) {
  const body = h("tbody", {});
  const element = h("table", { class: "simple-table activation-table", "aria-label": caption ? null : label },
    caption && label ? h("caption", {}, label) : null,
    h("thead", {}, h("tr", {}, columns.map((c) => h("th", { scope: "col" }, c.title)))),
    body);
  const cell = (column, item, i) => {
    const content = column.render(item);
    return h(i === 0 ? "th" : "td", { scope: i === 0 ? "row" : null }, content);
  };
  return {
    element,
    setItems(items) {
      body.replaceChildren(...(items.length
        ? items.map((item) => h("tr", {}, columns.map((c, i) => cell(c, item, i))))
        : [h("tr", {}, h("td", { colspan: String(columns.length) }, emptyText))]));
    },
  };
}

function activationPanel(flow) {
  const activations = flow.activations || [];
  const casing = choice("aep.activation_header_case");
  const columns = choice("aep.activation_col_order").split(" ").map((key) => {
    const column = ACTIVATION_COLUMNS[key];
    return { ...column, title: headerCase(choice(column.choice), casing) };
  });
  const label = choice("aep.activation_grid_name");
  const markup = choice("aep.activation_markup");
  const emptyText = activations.length ? "No audiences match your search." : "No audiences are activated to this dataflow.";
  const list = markup === "grid"
    ? createGrid({ label, getKey: (a) => a.audience_id, emptyText, columns })
    : nativeTable({ label, caption: markup === "table-caption", columns, emptyText });
  // Every row at once, or pages of `perPage` with a pager (aep.activation_rows).
  const perPage = choice("aep.activation_rows");
  const pagerSlot = perPage === "all" ? null : h("div", { class: "pager-slot" });
  let shown = activations;
  let page = 1;
  const show = () => {
    if (!pagerSlot) {
      list.setItems(shown);
      return;
    }
    const pageCount = Math.max(1, Math.ceil(shown.length / perPage));
    page = Math.min(page, pageCount);
    list.setItems(shown.slice((page - 1) * perPage, page * perPage));
    pagerSlot.replaceChildren(pager({
      page, pageCount, pageSize: perPage, total: shown.length, onGo: (to) => { page = to; show(); },
    }));
  };
  const search = searchField({
    label: "Search",
    onInput: (value) => {
      const needle = value.trim().toLowerCase();
      shown = activations.filter((a) => a.name.toLowerCase().includes(needle));
      page = 1;
      show();
    },
  });
  show();
  return h("div", { class: "activation" },
    h("div", { class: "listing-toolbar" }, search.element),
    h("div", { class: markup === "grid" ? "grid-slot" : "table-slot" }, list.element),
    pagerSlot);
}

function display(value) {
  return value === null || value === undefined || value === "" ? EMPTY : String(value);
}

function percent(value) {
  return typeof value === "number" ? `${value}%` : display(value);
}

/** Seconds as "45 s" or "3 min 5 s". */
function duration(seconds) {
  if (typeof seconds !== "number") return display(seconds);
  const minutes = Math.floor(seconds / 60);
  return minutes ? `${minutes} min ${seconds % 60} s` : `${seconds} s`;
}
