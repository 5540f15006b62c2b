// Toasts as React Spectrum renders them: a `region` named after how many there are
// ("1 notification."), one `alertdialog` per toast holding an `alert` with the message and a
// `button "Close"`. They stack (newest last) and outlive in-app navigation: the region is a
// child of <body>, outside the routed view. Positive and info toasts close after 5 s; the
// timers pause while the pointer or focus is inside the region, as in React Aria.
// Variant scramble may draw another container (aep.toast_container): a region named
// "Notifications" listing `status` (or, for errors, `alert`) items, or no region at all,
// the `status`/`alert` elements at the end of <body>.
import { h, icon, uid } from "./dom.js";
import { choice } from "./scramble.js";

const TIMEOUT_MS = 5000;
const VARIANT_LABEL = { positive: "Success", negative: "Error", info: "Info" };
const ICON = { positive: "success", negative: "alert", info: "info" };

const CONTAINER = choice("aep.toast_container");
const toasts = []; // {key, element, focusTarget, remaining, timer, started}
let region = null;
let paused = false;

function regionLabel() {
  return `${toasts.length} ${toasts.length === 1 ? "notification" : "notifications"}.`;
}

function ensureRegion() {
  if (region) return region;
  if (CONTAINER === "status") {
    // No landmark: a plain holder, so the status elements sit at the end of <body>.
    region = h("div", { class: "toast-region toast-stack", "data-top-layer": "" }, h("div", { class: "toast-list" }));
  } else {
    region = h("div", {
      role: "region", tabindex: "-1", class: "toast-region", "data-top-layer": "",
      "aria-label": CONTAINER === "notifications" ? "Notifications" : null,
    }, h("ol", { class: "toast-list" }));
  }
  const pause = () => setPaused(true);
  const resume = () => {
    if (!region.matches(":hover") && !region.contains(document.activeElement)) setPaused(false);
  };
  region.addEventListener("pointerenter", pause);
  region.addEventListener("pointerleave", resume);
  region.addEventListener("focusin", pause);
  region.addEventListener("focusout", () => setTimeout(resume));
  document.body.append(region);
  return region;
}

function setPaused(value) {
  if (paused === value) return;
  paused = value;
  for (const t of toasts) (paused ? stopTimer : startTimer)(t);
}

function startTimer(t) {
  if (t.remaining === null || t.timer) return;
  t.started = Date.now();
  t.timer = setTimeout(() => closeToast(t.key), t.remaining);
}

function stopTimer(t) {
  if (!t.timer) return;
  clearTimeout(t.timer);
  t.timer = null;
  t.remaining = Math.max(0, t.remaining - (Date.now() - t.started));
}

function render() {
  if (!toasts.length) {
    region?.remove();
    region = null;
    paused = false;
    return;
  }
  ensureRegion();
  if (CONTAINER === "spectrum") region.setAttribute("aria-label", regionLabel());
  region.firstChild.replaceChildren(...toasts.map((t) => t.element));
}

/** Close one toast; focus moves to a neighbour so keyboard users are not stranded. */
export function closeToast(key) {
  const index = toasts.findIndex((t) => t.key === key);
  if (index < 0) return;
  const [t] = toasts.splice(index, 1);
  const hadFocus = t.element.contains(document.activeElement);
  clearTimeout(t.timer);
  render();
  if (hadFocus && toasts.length) {
    toasts[Math.min(index, toasts.length - 1)].focusTarget.focus();
  }
}

/** Queue a toast. variant: positive | negative | info | neutral. Returns its key. */
export function showToast(message, { variant = "neutral", timeout } = {}) {
  const key = uid("toast");
  const label = VARIANT_LABEL[variant];
  const closeButton = h("button", {
    type: "button", class: "clear-button", "aria-label": "Close", onclick: () => closeToast(key),
  }, icon("cross"));
  let element;
  let focusTarget;
  if (CONTAINER === "spectrum") {
    const titleId = uid("toast-title");
    const iconId = uid("toast-icon");
    focusTarget = h("div", {
      role: "alertdialog", "aria-modal": "false", tabindex: "0",
      class: `toast toast-${variant}`,
      "aria-labelledby": label ? `${iconId} ${titleId}` : titleId,
    },
    h("div", { role: "alert", "aria-atomic": "true", class: "toast-content" },
      label ? Object.assign(icon(ICON[variant], label), { id: iconId }) : null,
      h("div", { class: "toast-body", role: "presentation", id: titleId }, message)),
    h("div", { class: "toast-buttons", role: "presentation" }, closeButton));
    element = h("li", { class: "toast-item" }, focusTarget);
  } else {
    // A hand-made toast: a live `status` (an `alert` for errors) with the message and Close.
    focusTarget = h("div", {
      role: variant === "negative" ? "alert" : "status", tabindex: "-1", class: `toast toast-${variant}`,
    },
    h("div", { class: "toast-content" }, label ? icon(ICON[variant], label) : null,
      h("span", { class: "toast-body" }, message)),
    h("div", { class: "toast-buttons" }, closeButton));
    element = CONTAINER === "notifications" ? h("li", { class: "toast-item" }, focusTarget) : focusTarget;
  }
  const auto = variant === "positive" || variant === "info";
  const t = {
    key,
    element,
    focusTarget,
    remaining: timeout !== undefined ? timeout : auto ? TIMEOUT_MS : null,
    timer: null,
    started: 0,
  };
  toasts.push(t);
  render();
  if (!paused) startTimer(t);
  return key;
}

export const toast = {
  positive: (message, opts) => showToast(message, { ...opts, variant: "positive" }),
  negative: (message, opts) => showToast(message, { ...opts, variant: "negative" }),
  info: (message, opts) => showToast(message, { ...opts, variant: "info" }),
  neutral: (message, opts) => showToast(message, { ...opts, variant: "neutral" }),
};
