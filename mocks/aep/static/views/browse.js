// Destinations > Browse: the sandbox's dataflows. The name is a link to the dataflow page;
// a click elsewhere on a row opens the right rail with the destination's summary.
import { getFlow, listFlows } from "../lib/api.js";
import { h, uid } from "../lib/dom.js";
import { EMPTY, formatDate, formatDateTime, formatList } from "../lib/format.js";
import { notInMock } from "../lib/overlay.js";
import { routePath } from "../lib/route.js";
import { choice, headerCase } from "../lib/scramble.js";
import { propertyList } from "../lib/widgets.js";
import { openActivationWizard } from "./activate.js";
import { confirmDeleteFlow } from "./dialogs.js";
import { createListing, listState } from "./listing.js";
import { activateLabel, button, load, moreActions, statusLight, variant } from "./common.js";

const state = listState(["destination", "status"], choice("aep.browse_page_size"));

// The older menu (EN destinations-workspace.md@9327cf8), for layout=classic.
const CLASSIC_MENU = [
  { key: "activate", label: "Activate segments" },
  { key: "delete", label: "Delete" },
  { key: "monitoring", label: "View in monitoring" },
  { key: "alerts", label: "Subscribe to alerts" },
];

const MENU = [
  { key: "activate", label: "Activate audiences" },
  { key: "edit-destination", label: "Edit destination" },
  { key: "edit-marketing-actions", label: "Edit marketing actions" },
  { key: "delete", label: "Delete" },
  { key: "monitoring", label: "View in monitoring" },
  { key: "alerts", label: "Subscribe to alerts" },
  { key: "tags", label: "Manage tags" },
];

// Menu items whose feature the mock lacks: the dialog that says so.
const NOT_IN_MOCK = {
  "edit-destination": ["Edit destination", "Editing a destination"],
  "edit-marketing-actions": ["Edit marketing actions", "Editing marketing actions"],
  monitoring: ["View in monitoring", "Monitoring"],
  alerts: ["Subscribe to alerts", "Alert subscriptions"],
  tags: ["Manage tags", "Tag management"],
};

export function renderBrowse(ctx) {
  const { panel, route } = ctx;
  const classic = variant(ctx, "layout") === "classic";
  const menu = classic ? CLASSIC_MENU : MENU;
  const activate = activateLabel(ctx);
  const flowHref = (flow) => `#${routePath({ ...route, page: "dataflow", flowId: flow.id, flowTab: "runs" })}`;

  const onAction = (key, flow) => {
    if (key === "delete") confirmDeleteFlow(flow, () => { closeRail(); reload(); });
    else if (key === "activate") openActivationWizard(flow.id, { onActivated: () => reload(), segments: classic });
    else notInMock(...NOT_IN_MOCK[key]);
  };

  const columns = [
    {
      key: "name", title: "Name", width: 250, sortValue: (f) => f.name.toLowerCase(),
      render: (f) => [
        h("a", { href: flowHref(f), class: "link cell-text" }, f.name),
        moreActions(menu, (key) => onAction(key, f), f.name),
      ],
    },
    { key: "data_type", title: "Data Type", width: 120, render: (f) => f.data_type || EMPTY },
    {
      key: "last_run_status", title: classic ? "Last Flow Run Status" : "Last Dataflow Run Status", width: 200,
      render: (f) => (f.last_run_status ? statusLight(f.last_run_status) : EMPTY),
    },
    {
      key: "last_run_date", title: classic ? "Last Flow Run Date" : "Last Dataflow Run Date", width: 200,
      render: (f) => formatDateTime(f.last_run_date), sortValue: (f) => f.last_run_date,
    },
    { key: "destination", title: "Destination", width: 190, render: (f) => f.destination },
    { key: "connection_type", title: "Connection Type", width: 150, render: () => "Profile-based" },
    {
      key: "account_expires", title: "Account Expiration Date", width: 190,
      render: (f) => (f.account_expires ? formatDate(f.account_expires) : ""),
    },
    { key: "username", title: "Username", width: 160, render: (f) => f.username || EMPTY },
    {
      key: "activation_count", title: "Activation Data", width: 140,
      render: (f) => String(f.activation_count), sortValue: (f) => f.activation_count,
    },
    {
      key: "created", title: "Created", width: 190,
      render: (f) => formatDateTime(f.created), sortValue: (f) => f.created,
    },
    {
      key: "modified", title: "Modified", width: 190,
      render: (f) => formatDateTime(f.modified), sortValue: (f) => f.modified,
    },
    { key: "status", title: "Status", width: 120, render: (f) => statusLight(f.status), sortValue: (f) => f.status },
    { key: "access_labels", title: "Access labels", width: 150, render: (f) => formatList(f.access_labels) },
    { key: "tags", title: "Tags", width: 150, render: (f) => formatList(f.tags) },
  ];
  // The older column set (EN @9327cf8): Name, Last Flow Run Status, Last Flow Run Date,
  // Destination, Connection Type, Username, Activation Data, Created, Status.
  const CLASSIC = ["name", "last_run_status", "last_run_date", "destination", "connection_type",
    "username", "activation_count", "created", "status"];
  const CURRENT = columns.map((c) => c.key).filter((key) => key !== "connection_type");
  const keys = classic ? CLASSIC : CURRENT;
  // The grid's name and its headers' casing are undocumented or vary (variant scramble).
  const casing = choice("aep.browse_header_case");
  const gridOptions = {
    label: choice("aep.browse_grid_name"),
    selectable: true,
    emptyText: "No dataflows match the filters.",
    onRowAction: (flow) => openRail(flow),
    columns: keys.map((key) => columns.find((c) => c.key === key)).map((c) => ({ ...c, title: headerCase(c.title, casing) })),
  };
  const listing = createListing({
    ctx,
    state,
    grid: gridOptions,
    nameOf: (f) => f.name,
    groups: [
      {
        key: "destination", label: "Destination platform", classicLabel: "Destinations",
        valueOf: (f) => f.destination,
      },
      { key: "status", label: "Status", valueOf: (f) => f.status, options: ["Enabled", "Disabled"] },
    ],
  });

  let railFor = null;
  function closeRail() {
    railFor = null;
    listing.rail.replaceChildren();
    listing.grid.clearSelection();
  }

  /** The right rail: destination ID, description, activated audiences, two actions. */
  async function openRail(row) {
    railFor = row.id;
    const headingId = uid("rail-title");
    const body = h("div", { class: "rail-body" });
    listing.rail.replaceChildren(h("aside", { class: "rail", "aria-labelledby": headingId },
      h("div", { class: "rail-header" },
        h("h2", { class: "rail-title", id: headingId }, row.name),
        h("button", {
          type: "button", class: "action-button is-quiet", "aria-label": "Close details", onclick: closeRail,
        }, "✕")),
      body));
    await load(ctx, body, () => getFlow(row.id), (flow) => {
      if (railFor !== row.id) return;
      body.replaceChildren(
        propertyList([
          ["Destination ID", flow.id],
          ["Description", flow.description || EMPTY],
          ["Activated audiences", String(flow.activations ? flow.activations.length : flow.activation_count)],
        ], "properties", choice("aep.rail_markup")),
        h("div", { class: "rail-actions" },
          button("Edit destination", "btn-secondary", () => notInMock(...NOT_IN_MOCK["edit-destination"])),
          button(activate, "btn-primary", () => openActivationWizard(flow.id, {
            onActivated: () => reload(), segments: classic,
          }))));
    });
  }

  async function reload() {
    try {
      const flows = await listFlows(route.sandbox);
      if (ctx.isCurrent()) listing.setItems(flows);
    } catch {
      // The list stays as it was; the action's own toast said what failed.
    }
  }

  load(ctx, panel, () => listFlows(route.sandbox), (flows) => {
    panel.replaceChildren(listing.element);
    listing.setItems(flows);
  });
}
