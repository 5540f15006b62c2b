// Destinations > Accounts: the accounts of the sandbox's destinations.
import { getContext, listAccounts } from "../lib/api.js";
import { h } from "../lib/dom.js";
import { EMPTY, formatDate } from "../lib/format.js";
import { createGrid } from "../lib/grid.js";
import { notInMock } from "../lib/overlay.js";
import { confirmDeleteAccount, expiryWarning, openEditDetails } from "./dialogs.js";
import { createListing, listState } from "./listing.js";
import { load, moreActions } from "./common.js";

const state = listState(["destination"]);

const MENU = [
  { key: "activate", label: "Activate audiences" },
  { key: "edit", label: "Edit details" },
  { key: "delete", label: "Delete" },
];

export function renderAccounts(ctx) {
  const { panel, route } = ctx;
  let now = null;

  const onAction = (key, account) => {
    if (key === "activate") notInMock("Activate audiences", "The activation wizard");
    else if (key === "edit") openEditDetails({ account, sandbox: route.sandbox, now, onChanged: reload });
    else if (key === "delete") confirmDeleteAccount(account, reload);
  };

  const grid = createGrid({
    label: "Accounts",
    emptyText: "No accounts match the filters.",
    columns: [
      {
        key: "name", title: "Name", width: 250, sortValue: (a) => a.name.toLowerCase(),
        render: (a) => [h("span", { class: "cell-text" }, a.name), moreActions(MENU, (key) => onAction(key, a))],
      },
      { key: "destination", title: "Destination", width: 190, render: (a) => a.destination },
      { key: "connection_type", title: "Connection Type", width: 150, render: (a) => a.connection_type || EMPTY },
      { key: "username", title: "Username", width: 160, render: (a) => a.username || EMPTY },
      {
        key: "connections", title: "Connections", width: 120,
        render: (a) => String(a.connections), sortValue: (a) => a.connections,
      },
      {
        key: "authorized", title: "Authorization date", width: 170,
        render: (a) => formatDate(a.authorized), sortValue: (a) => a.authorized,
      },
      {
        key: "expires", title: "Expiration date", width: 170, sortValue: (a) => a.expires,
        render: (a) => (a.shows_expiry ? [expiryWarning(a, now), h("span", {}, formatDate(a.expires))] : ""),
      },
    ],
  });
  const listing = createListing({
    state,
    grid,
    nameOf: (a) => a.name,
    groups: [{ key: "destination", label: "Destination platform", valueOf: (a) => a.destination }],
  });

  const fetchAll = () => Promise.all([listAccounts(route.sandbox), getContext()]);
  function show([accounts, context]) {
    now = context.now;
    listing.setItems(accounts);
  }
  async function reload() {
    try {
      const data = await fetchAll();
      if (ctx.isCurrent()) show(data);
    } catch {
      // A failed refresh leaves the list as it was; the action's own toast said what failed.
    }
  }

  load(ctx, panel, fetchAll, (data) => {
    panel.replaceChildren(listing.element);
    show(data);
  });
}
