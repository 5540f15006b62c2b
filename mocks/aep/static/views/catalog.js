// Catalog: one card per destination, the two Pinterest cards side by side.
import { h, uid } from "../lib/dom.js";
import { notInMock } from "../lib/overlay.js";
import { searchField } from "../lib/widgets.js";
import { button } from "./common.js";

// The mock's catalog (mocks/aep/state.py CATALOG), with the text a card shows.
export const CARDS = [
  {
    name: "(Deprecating) Pinterest", category: "Advertising",
    text: "Pinterest Customer List connection on the v4 Advertiser API. Replaced by (New) Pinterest.",
  },
  {
    name: "(New) Pinterest", category: "Advertising",
    text: "Pinterest Customer List connection on the v5 Advertiser API.",
  },
  { name: "Facebook Custom Audience", category: "Social", text: "Activate profiles to Facebook Custom Audiences." },
  {
    name: "Google Customer Match", category: "Advertising",
    text: "Reach your customers across Search, Shopping, Gmail and YouTube.",
  },
  { name: "LinkedIn Matched Audiences", category: "Social", text: "Activate profiles to LinkedIn Matched Audiences." },
  { name: "Amazon S3", category: "Cloud storage", text: "Export files with profiles or datasets to Amazon S3." },
];

function card(entry) {
  const titleId = uid("card-title");
  return h("article", { class: "card destination-card", "aria-labelledby": titleId },
    h("div", { class: "card-logo", "aria-hidden": "true" }, entry.name.replace(/^\(.*?\)\s*/, "").slice(0, 1)),
    h("h3", { class: "card-title", id: titleId }, entry.name),
    h("p", { class: "card-category" }, entry.category),
    h("p", { class: "card-text" }, entry.text),
    h("div", { class: "card-actions" },
      button("Set up", "btn-secondary", () => notInMock("Set up", "Connecting a new destination")),
      button("Activate audiences", "btn-primary", () => notInMock("Activate audiences", "The activation wizard"))));
}

export function renderCatalog({ panel }) {
  const list = h("div", { class: "catalog-cards" });
  const show = (text) => {
    const needle = text.trim().toLowerCase();
    const cards = CARDS.filter((c) => c.name.toLowerCase().includes(needle)).map(card);
    const empty = h("p", { class: "empty-text" }, "No destinations match your search.");
    list.replaceChildren(...(cards.length ? cards : [empty]));
  };
  panel.replaceChildren(h("div", { class: "catalog" },
    h("div", { class: "listing-toolbar" }, searchField({ label: "Search destinations", onInput: show }).element),
    list));
  show("");
}
