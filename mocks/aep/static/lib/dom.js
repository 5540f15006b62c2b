// Small DOM helpers shared by the shell and the Platform app (no framework, no build step).

// Attributes that must be set as properties to reflect the live state of form controls.
const PROPS = new Set(["checked", "disabled", "value", "hidden", "indeterminate"]);

/** h("button", {class: "btn", onclick: fn}, "Save") -> an element with its children. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") el.className = value;
    else if (key === "style" && typeof value === "object") Object.assign(el.style, value);
    else if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (PROPS.has(key)) el[key] = value;
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

/** Append strings, nodes and (nested) arrays of them; skip null/false. */
export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

let lastId = 0;
/** A document-unique id, for aria-labelledby and friends. */
export function uid(prefix = "aep") {
  lastId += 1;
  return `${prefix}-${lastId}`;
}

const SVG = "http://www.w3.org/2000/svg";
const ICON_PATHS = {
  more: "M4 10a2 2 0 1 1-4 0 2 2 0 0 1 4 0Zm8 0a2 2 0 1 1-4 0 2 2 0 0 1 4 0Zm8 0a2 2 0 1 1-4 0 2 2 0 0 1 4 0Z",
  alert: "M10 1.5 19 18H1L10 1.5Zm-1 6v5h2v-5H9Zm0 6.5v2h2v-2H9Z",
  success: "M10 1a9 9 0 1 0 0 18 9 9 0 0 0 0-18Zm-1.2 13.2L4.6 10l1.4-1.4 2.8 2.8 5.2-5.2 1.4 1.4-6.6 6.6Z",
  info: "M10 1a9 9 0 1 0 0 18 9 9 0 0 0 0-18Zm1 14H9V9h2v6Zm0-8H9V5h2v2Z",
  cross: "M15.3 3.3 10 8.6 4.7 3.3 3.3 4.7 8.6 10l-5.3 5.3 1.4 1.4 5.3-5.3 5.3 5.3 1.4-1.4L11.4 10l5.3-5.3-1.4-1.4Z",
  search: "M8 2a6 6 0 0 1 4.8 9.6l4.6 4.6-1.4 1.4-4.6-4.6A6 6 0 1 1 8 2Zm0 2a4 4 0 1 0 0 8 4 4 0 0 0 0-8Z",
  chevron: "M5.3 7.3 10 12l4.7-4.7 1.4 1.4L10 14.8 3.9 8.7l1.4-1.4Z",
  filter: "M1 3h18v2l-7 7v6l-4-2v-4L1 5V3Z",
  user: "M10 2a4 4 0 1 1 0 8 4 4 0 0 1 0-8Zm0 10c4.4 0 8 2 8 4.5V18H2v-1.5C2 14 5.6 12 10 12Z",
  check: "M7.5 14.5 3 10l1.4-1.4 3.1 3.1 7.1-7.1L16 6l-8.5 8.5Z",
};

/** An inline icon: decorative (aria-hidden) unless it has a label, then role="img". */
export function icon(name, label = null) {
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 20 20");
  svg.setAttribute("class", `icon icon-${name}`);
  svg.setAttribute("focusable", "false");
  if (label) {
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", label);
  } else {
    svg.setAttribute("aria-hidden", "true");
  }
  const path = document.createElementNS(SVG, "path");
  path.setAttribute("d", ICON_PATHS[name]);
  svg.append(path);
  return svg;
}

/** Elements a keyboard user can Tab to inside `root`, in document order. */
export function tabbables(root) {
  const selector = "button, [href], input, select, textarea, [tabindex]";
  return [...root.querySelectorAll(selector)].filter(
    (el) => !el.disabled && el.tabIndex >= 0 && el.getClientRects().length > 0,
  );
}
