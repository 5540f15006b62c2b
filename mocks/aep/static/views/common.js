// Helpers shared by the routed views.
import { h, icon } from "../lib/dom.js";
import { openMenu } from "../lib/overlay.js";
import { choice, fill } from "../lib/scramble.js";
import { loadError, progress } from "../lib/widgets.js";

/** Show "Loading…" in `container` while `fetcher` runs, then hand its data to `show`. */
export async function load(ctx, container, fetcher, show) {
  container.replaceChildren(progress());
  let data;
  try {
    data = await fetcher();
  } catch (error) {
    if (ctx.isCurrent() && error.status !== 401) {
      container.replaceChildren(loadError(`Could not load this page: ${error.message}`));
    }
    return;
  }
  if (ctx.isCurrent()) show(data);
}

/**
 * An ActionMenu trigger: `button "More actions"` opening a menu of `items` ({key, label}).
 * Its name is undocumented: variant scramble draws it (aep.row_menu_name, "{name}" being
 * the row's name), or none at all.
 */
export function moreActions(items, onAction, rowName = "") {
  const button = h("button", {
    type: "button", class: "action-button is-quiet more-actions",
    "aria-label": fill(choice("aep.row_menu_name"), { name: rowName }),
    "aria-haspopup": "true", "aria-expanded": "false",
  }, icon("more"));
  const open = () => openMenu(button, items, onAction);
  button.addEventListener("click", open);
  button.addEventListener("keydown", (event) => {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      open();
    }
  });
  return button;
}

const TONES = {
  Enabled: "positive", Completed: "positive", Success: "positive",
  Failed: "negative", Error: "negative", Processing: "info",
};

/** StatusLight: a coloured dot and the status text. */
export function statusLight(text) {
  return h("span", { class: `status-light status-${TONES[text] || "neutral"}` }, text);
}

/** A Spectrum Button; variant is btn-primary, btn-secondary, btn-cta or btn-negative. */
export function button(label, variant, onclick, { disabled = false } = {}) {
  return h("button", { type: "button", class: `btn ${variant}`, onclick, disabled }, label);
}

/** A variant's value (POST /__mock/reset {"variants": ...}); the first value is the default. */
export function variant(ctx, name) {
  return ((ctx.boot && ctx.boot.variants) || {})[name];
}

/** The activation entry point: "Activate segments" in the 2023 (classic) layout. */
export function activateLabel(ctx) {
  return variant(ctx, "layout") === "classic" ? "Activate segments" : "Activate audiences";
}
