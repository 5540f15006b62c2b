// The Destinations workspace: heading, the "top header" tabs (Overview, Catalog, Browse,
// Accounts, System View) and the selected tab's panel. Each tab is a route.
import { h } from "../lib/dom.js";
import { tabs } from "../lib/widgets.js";
import { renderAccounts } from "./accounts.js";
import { renderBrowse } from "./browse.js";
import { renderCatalog } from "./catalog.js";
import { renderOverview, renderSystemView } from "./overview.js";

const TAB_ITEMS = [
  { key: "overview", label: "Overview" },
  { key: "catalog", label: "Catalog" },
  { key: "browse", label: "Browse" },
  { key: "accounts", label: "Accounts" },
  { key: "system-view", label: "System View" },
];

const RENDERERS = {
  overview: renderOverview,
  catalog: renderCatalog,
  browse: renderBrowse,
  accounts: renderAccounts,
  "system-view": renderSystemView,
};

// Arrow keys in the tablist navigate; the newly rendered tab takes the focus back.
let focusSelectedTab = false;

export function renderDestinations(ctx) {
  const { route, main } = ctx;
  const panel = h("div", { class: "tab-content" });
  const t = tabs({
    label: "Destinations",
    items: TAB_ITEMS,
    selected: route.tab,
    panel,
    onSelect: (key, { focus = false } = {}) => {
      focusSelectedTab = focus;
      ctx.navigate({ ...route, page: "destination", tab: key });
    },
  });
  main.replaceChildren(h("div", { class: "page workspace" },
    h("header", { class: "page-header" }, h("h1", { class: "page-title" }, "Destinations")),
    t.list, t.panel));
  if (focusSelectedTab) {
    focusSelectedTab = false;
    t.focusSelected();
  }
  RENDERERS[route.tab]({ ...ctx, panel });
}
