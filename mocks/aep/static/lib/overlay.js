// Overlays as React Spectrum renders them: portalled to the end of <body>, the rest of the
// page hidden from assistive technology while open (ariaHideOutside), a transparent
// underlay that swallows the outside click which closes a popover, Escape to close, and
// focus restored to whatever had it before.
import { h, tabbables, uid } from "./dom.js";

const openOverlays = [];

/** Hide every child of <body> but `keep` from assistive tech; returns the undo function. */
function ariaHideOutside(keep) {
  const hidden = [];
  for (const el of document.body.children) {
    // Toast regions stay reachable, like React Aria's top-layer elements.
    if (el === keep || el.hasAttribute("data-top-layer") || el.getAttribute("aria-hidden") === "true") continue;
    el.setAttribute("aria-hidden", "true");
    hidden.push(el);
  }
  return () => hidden.forEach((el) => el.removeAttribute("aria-hidden"));
}

function visuallyHiddenDismiss(onDismiss) {
  return h("div", { class: "visually-hidden" },
    h("button", { type: "button", "aria-label": "Dismiss", tabindex: "-1", onclick: onDismiss }));
}

/** Mount `content` in a container at the end of <body>; shared by popovers and modals. */
function mountOverlay({ content, underlayClass, onDismiss, restoreFocusTo, dismissOnOutside = true }) {
  const underlay = h("div", { class: `underlay ${underlayClass}` });
  const container = h("div", { class: "overlay-container" }, underlay, content);
  document.body.append(container);
  const unhide = ariaHideOutside(container);
  const previousFocus = restoreFocusTo || document.activeElement;
  let closed = false;
  const overlay = {
    container,
    close({ restoreFocus = true } = {}) {
      if (closed) return;
      closed = true;
      openOverlays.splice(openOverlays.indexOf(overlay), 1);
      unhide();
      container.remove();
      if (restoreFocus && previousFocus && previousFocus.isConnected) previousFocus.focus();
    },
    get closed() {
      return closed;
    },
  };
  // A press outside closes a popover; the underlay keeps it from reaching what is beneath.
  // Modal dialogs only close through Escape and their own buttons.
  underlay.addEventListener("pointerdown", (event) => {
    event.preventDefault();
    if (dismissOnOutside) onDismiss();
  });
  container.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && openOverlays[openOverlays.length - 1] === overlay) {
      event.preventDefault();
      event.stopPropagation();
      onDismiss();
    }
  });
  openOverlays.push(overlay);
  return overlay;
}

/** Place a popover under (or, without room, over) its trigger, aligned to the trigger's end. */
function position(popover, trigger, align) {
  const rect = trigger.getBoundingClientRect();
  const box = popover.getBoundingClientRect();
  const gap = 4;
  let top = rect.bottom + gap;
  if (top + box.height > window.innerHeight - 8 && rect.top - gap - box.height > 8) {
    top = rect.top - gap - box.height;
  }
  let left = align === "end" ? rect.right - box.width : rect.left;
  left = Math.max(8, Math.min(left, window.innerWidth - box.width - 8));
  popover.style.top = `${Math.max(8, top)}px`;
  popover.style.left = `${left}px`;
}

/**
 * A popover anchored to `trigger` holding a collection (`menu` or `listbox`) between two
 * visually hidden Dismiss buttons. `items` are {key, label, description?, selected?}.
 */
function openCollection(trigger, { role, label, items, onSelect, align = "start", selectedKey = null }) {
  if (!trigger.id) trigger.id = uid("trigger");
  const collectionId = uid(role);
  const list = h(role === "menu" ? "ul" : "div", {
    role, id: collectionId, tabindex: "-1", class: role === "menu" ? "menu" : "listbox",
    "aria-labelledby": label ? null : trigger.id, "aria-label": label || null,
  });
  const options = items.map((item) => {
    const labelId = uid("label");
    const descId = item.description ? uid("desc") : null;
    const option = h(role === "menu" ? "li" : "div", {
      role: role === "menu" ? "menuitem" : "option",
      tabindex: "-1",
      class: "menu-item",
      "aria-selected": role === "listbox" ? String(item.key === selectedKey) : null,
      "aria-labelledby": descId ? labelId : null,
      "aria-describedby": descId,
      "data-key": item.key,
    },
    h("span", { class: "menu-item-label", id: labelId }, item.label),
    item.description ? h("span", { class: "menu-item-description", id: descId }, item.description) : null);
    option.addEventListener("click", () => choose(item));
    option.addEventListener("pointermove", () => option !== document.activeElement && option.focus());
    list.append(option);
    return option;
  });
  const dismiss = () => close();
  const popover = h("div", { class: "popover", role: "presentation" },
    visuallyHiddenDismiss(dismiss), list, visuallyHiddenDismiss(dismiss));
  const overlay = mountOverlay({
    content: popover, underlayClass: "underlay-transparent", onDismiss: dismiss, restoreFocusTo: trigger,
  });
  trigger.setAttribute("aria-expanded", "true");
  trigger.setAttribute("aria-controls", collectionId);
  position(popover, trigger, align);

  function close(opts) {
    trigger.setAttribute("aria-expanded", "false");
    trigger.removeAttribute("aria-controls");
    overlay.close(opts);
  }
  function choose(item) {
    close();
    onSelect(item.key);
  }
  function focusAt(index) {
    const count = options.length;
    options[((index % count) + count) % count].focus();
  }
  list.addEventListener("keydown", (event) => {
    const current = options.indexOf(document.activeElement);
    const keys = {
      ArrowDown: () => focusAt(current + 1),
      ArrowUp: () => focusAt(current < 0 ? -1 : current - 1),
      Home: () => focusAt(0),
      End: () => focusAt(-1),
      Enter: () => current >= 0 && choose(items[current]),
      " ": () => current >= 0 && choose(items[current]),
      Tab: () => close(),
    };
    if (keys[event.key]) {
      event.preventDefault();
      keys[event.key]();
    } else if (event.key.length === 1) {
      // Typeahead: the next item starting with the typed letter.
      const start = current + 1;
      const hit = [...items.keys()].map((i) => (start + i) % items.length)
        .find((i) => items[i].label.toLowerCase().startsWith(event.key.toLowerCase()));
      if (hit !== undefined) focusAt(hit);
    }
  });
  const selected = items.findIndex((item) => item.key === selectedKey);
  focusAt(selected >= 0 ? selected : 0);
  return { close, element: list };
}

/** An ActionMenu's `menu` of `menuitem`s; onAction(key) runs after it closes. */
export function openMenu(trigger, items, onAction) {
  return openCollection(trigger, { role: "menu", items, onSelect: onAction, align: "end" });
}

/** A Picker's `listbox` of `option`s. */
export function openListbox(trigger, { label, items, selectedKey, onSelect }) {
  return openCollection(trigger, { role: "listbox", label, items, selectedKey, onSelect });
}

/**
 * A popover `dialog` anchored to `trigger` (React Spectrum's DialogTrigger type="popover"):
 * named `label`, holding `content`; a press outside, Escape or the hidden Dismiss closes it.
 */
export function openPopover(trigger, { label, content, align = "end" }) {
  const dialog = h("section", { role: "dialog", tabindex: "-1", class: "popover-dialog", "aria-label": label }, content);
  const dismiss = () => close();
  const popover = h("div", { class: "popover", role: "presentation" }, dialog, visuallyHiddenDismiss(dismiss));
  const overlay = mountOverlay({
    content: popover, underlayClass: "underlay-transparent", onDismiss: dismiss, restoreFocusTo: trigger,
  });
  trigger.setAttribute("aria-expanded", "true");
  position(popover, trigger, align);
  function close(opts) {
    trigger.setAttribute("aria-expanded", "false");
    overlay.close(opts);
  }
  dialog.focus();
  return { close, element: dialog };
}

/**
 * A modal `dialog` (or `alertdialog`) with a heading, content and a button group.
 * buttons: [{label, variant: "primary"|"secondary"|"negative"|"cta", onPress(dialog)}].
 * Escape and Cancel call onDismiss (default: close). Returns the dialog handle.
 */
export function openDialog({
  title, role = "dialog", content = [], buttons = [], onDismiss, initialFocus, className = "", titleAsLabel = false,
}) {
  const headingId = uid("dialog-title");
  const buttonEls = buttons.map((button) => h("button", {
    type: "button",
    class: `btn btn-${button.variant || "secondary"}`,
    onclick: () => button.onPress(handle),
  }, button.label));
  // titleAsLabel: a hand-made dialog named by aria-label, its title shown but not a heading.
  const section = h("section", {
    role, class: `dialog ${className}`, tabindex: "-1",
    "aria-labelledby": titleAsLabel ? null : headingId, "aria-label": titleAsLabel ? title : null,
  },
  titleAsLabel ? h("p", { class: "dialog-heading" }, title) : h("h2", { class: "dialog-heading", id: headingId }, title),
  h("hr", { class: "dialog-divider" }),
  h("div", { class: "dialog-content" }, content),
  buttonEls.length ? h("div", { class: "button-group" }, buttonEls) : null);
  const modal = h("div", { class: "modal-wrapper" }, h("div", { class: "modal", role: "presentation" }, section));
  const dismiss = () => (onDismiss ? onDismiss(handle) : handle.close());
  const overlay = mountOverlay({
    content: modal, underlayClass: "underlay-modal", onDismiss: dismiss, dismissOnOutside: false,
  });
  // Focus stays inside the dialog (FocusScope contain).
  section.addEventListener("keydown", (event) => {
    if (event.key !== "Tab") return;
    const stops = tabbables(section);
    if (!stops.length) return event.preventDefault();
    const first = stops[0];
    const last = stops[stops.length - 1];
    if (event.shiftKey && (document.activeElement === first || document.activeElement === section)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  });
  const handle = {
    element: section,
    buttons: buttonEls,
    close: (opts) => overlay.close(opts),
    get closed() {
      return overlay.closed;
    },
    /** Disable the button group while a request is in flight. */
    setBusy(busy) {
      buttonEls.forEach((b) => { b.disabled = busy; });
      section.setAttribute("aria-busy", String(busy));
    },
  };
  (initialFocus ? initialFocus(section) : section).focus();
  return handle;
}

/** A dialog for menu items and buttons whose feature the mock does not have yet. */
export function notInMock(title, what = "This feature") {
  return openDialog({
    title,
    content: h("p", {}, `${what} is not part of the mock Adobe Experience Platform yet.`),
    buttons: [{ label: "Close", variant: "secondary", onPress: (d) => d.close() }],
  });
}

/** Close every open overlay (route changes). */
export function closeAllOverlays() {
  [...openOverlays].reverse().forEach((overlay) => overlay.close({ restoreFocus: false }));
}
