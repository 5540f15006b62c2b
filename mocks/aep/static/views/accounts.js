// Destinations > Accounts: the accounts of the sandbox's destinations.
import { getContext, listAccounts, takeOAuthResult } from "../lib/api.js";
import { h } from "../lib/dom.js";
import { EMPTY, formatDate } from "../lib/format.js";
import { notInMock } from "../lib/overlay.js";
import { routePath } from "../lib/route.js";
import { choice, headerCase } from "../lib/scramble.js";
import { confirmDeleteAccount, expiryWarning, openEditDetails, showRedirectedReconnect } from "./dialogs.js";
import { createListing, listState } from "./listing.js";
import { activateLabel, load, moreActions, variant } from "./common.js";

const state = listState(["destination"], choice("aep.accounts_page_size"));

const menu = (ctx) => [
  { key: "activate", label: activateLabel(ctx) },
  { key: "edit", label: "Edit details" },
  { key: "delete", label: "Delete" },
];

export function renderAccounts(ctx) {
  const { panel, route } = ctx;
  let now = null;
  const classic = variant(ctx, "layout") === "classic";
  const redirect = variant(ctx, "oauth") === "redirect";
  const returnRoute = redirect ? routePath(route) : null;

  const onAction = (key, account) => {
    if (key === "activate") notInMock(activateLabel(ctx), "The activation wizard");
    else if (key === "edit") openEditDetails({ account, sandbox: route.sandbox, now, onChanged: reload, returnRoute });
    else if (key === "delete") confirmDeleteAccount(account, reload);
  };

  // layout=classic: the 2023 names (EN update-accounts.md@07869d6): Platform (the account,
  // with its `...`), Connection Type, Username, Destinations (how many use it), Authorized;
  // the mock keeps the Destination and Expiration date columns there too (see the contract).
  const columns = [
    {
      key: "name", title: classic ? "Platform" : "Name", width: 250, sortValue: (a) => a.name.toLowerCase(),
      render: (a) => [h("span", { class: "cell-text" }, a.name), moreActions(menu(ctx), (key) => onAction(key, a), a.name)],
    },
    { key: "destination", title: "Destination", width: 190, render: (a) => a.destination },
    { key: "connection_type", title: "Connection Type", width: 150, render: (a) => a.connection_type || EMPTY },
    { key: "username", title: "Username", width: 160, render: (a) => a.username || EMPTY },
    {
      key: "connections", title: classic ? "Destinations" : "Connections", width: 120,
      render: (a) => String(a.connections), sortValue: (a) => a.connections,
    },
    {
      key: "authorized", title: classic ? "Authorized" : "Authorization date", width: 170,
      render: (a) => formatDate(a.authorized), sortValue: (a) => a.authorized,
    },
    {
      key: "expires", title: "Expiration date", width: 170, sortValue: (a) => a.expires,
      render: (a) => (a.shows_expiry ? [expiryWarning(a, now), h("span", {}, formatDate(a.expires))] : ""),
    },
  ];
  // The grid's name and its headers' casing are undocumented or vary (variant scramble).
  const casing = choice("aep.accounts_header_case");
  const grid = {
    label: choice("aep.accounts_grid_name"),
    emptyText: "No accounts match the filters.",
    columns: columns.map((c) => ({ ...c, title: headerCase(c.title, casing) })),
  };
  const listing = createListing({
    ctx,
    state,
    grid,
    nameOf: (a) => a.name,
    groups: [{
      key: "destination", label: "Destination platform", classicLabel: "Destinations", valueOf: (a) => a.destination,
    }],
  });

  const fetchAll = () => Promise.all([
    listAccounts(route.sandbox), getContext(), redirect ? takeOAuthResult() : null,
  ]);
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
    const [accounts, , result] = data;
    if (result) {
      showRedirectedReconnect({ result, accounts, sandbox: route.sandbox, now, onChanged: reload, returnRoute });
    }
  });
}
