// Overview and System View: small but real summaries of the sandbox's destinations.
import { listAccounts, listFlows } from "../lib/api.js";
import { h } from "../lib/dom.js";
import { plural } from "../lib/format.js";
import { propertyList } from "../lib/widgets.js";
import { load } from "./common.js";

function byDestination(flows) {
  const groups = new Map();
  for (const flow of flows) {
    const group = groups.get(flow.destination) || { total: 0, enabled: 0 };
    group.total += 1;
    group.enabled += flow.enabled ? 1 : 0;
    groups.set(flow.destination, group);
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b));
}

export function renderOverview(ctx) {
  const { panel, route } = ctx;
  load(ctx, panel, () => Promise.all([listFlows(route.sandbox), listAccounts(route.sandbox)]), ([flows, accounts]) => {
    const enabled = flows.filter((f) => f.enabled).length;
    panel.replaceChildren(h("div", { class: "overview" },
      h("section", { "aria-label": "Summary" }, propertyList([
        ["Enabled dataflows", String(enabled)],
        ["Disabled dataflows", String(flows.length - enabled)],
        ["Accounts", String(accounts.length)],
      ], "stats")),
      h("table", { class: "simple-table" },
        h("caption", {}, "Dataflows by destination"),
        h("thead", {}, h("tr", {}, ["Destination", "Dataflows", "Enabled"].map((t) => h("th", { scope: "col" }, t)))),
        h("tbody", {}, byDestination(flows).map(([name, g]) => h("tr", {},
          h("th", { scope: "row" }, name), h("td", {}, String(g.total)), h("td", {}, String(g.enabled))))))));
  });
}

export function renderSystemView(ctx) {
  const { panel, route } = ctx;
  load(ctx, panel, () => listFlows(route.sandbox), (flows) => {
    panel.replaceChildren(h("div", { class: "system-view" },
      h("div", { class: "system-node system-source" }, "Experience Platform profiles"),
      h("div", { class: "system-edge", "aria-hidden": "true" }, "→"),
      h("ul", { class: "system-destinations", "aria-label": "Connected destinations" },
        byDestination(flows).map(([name, g]) => h("li", { class: "system-node" },
          h("span", { class: "system-node-name" }, name),
          h("span", { class: "system-node-meta" }, `${plural(g.total, "dataflow")}, ${g.enabled} enabled`))))));
  });
}
