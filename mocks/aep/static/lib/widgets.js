// React Spectrum's simple components, with the roles and names React Aria gives them.
import { append, h, icon, uid } from "./dom.js";

/** ProgressCircle, indeterminate: a `progressbar` named "Loading…". */
export function progress(label = "Loading…") {
  return h("div", { class: "progress-wrap" },
    h("div", {
      role: "progressbar", "aria-label": label, "aria-valuemin": "0", "aria-valuemax": "100", class: "progress-circle",
    }));
}

/** An error message in place of a view whose data did not load. */
export function loadError(message) {
  return h("div", { class: "inline-alert", role: "alert" }, icon("alert"), h("span", {}, message));
}

/**
 * Tabs: a `tablist` of `tab`s and one `tabpanel`. Selecting a tab calls onSelect(key) (the
 * app navigates, then renders again); arrow keys move and select, as in React Spectrum.
 */
export function tabs({ label, items, selected, onSelect, panel }) {
  const ids = Object.fromEntries(items.map((item) => [item.key, uid("tab")]));
  const panelId = uid("tabpanel");
  const tabEls = items.map((item) => h("div", {
    role: "tab", id: ids[item.key], class: "tab", tabindex: item.key === selected ? "0" : "-1",
    "aria-selected": String(item.key === selected), "aria-controls": item.key === selected ? panelId : null,
    "data-key": item.key,
    onclick: () => item.key !== selected && onSelect(item.key),
  }, item.label));
  const list = h("div", { role: "tablist", "aria-orientation": "horizontal", "aria-label": label, class: "tablist" }, tabEls);
  list.addEventListener("keydown", (event) => {
    const at = tabEls.indexOf(document.activeElement);
    const targets = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: items.length - 1 };
    if (!(event.key in targets)) return;
    event.preventDefault();
    const next = Math.max(0, Math.min(items.length - 1, targets[event.key]));
    tabEls[next].focus();
    if (items[next].key !== selected) onSelect(items[next].key, { focus: true });
  });
  const panelEl = h("div", {
    role: "tabpanel", id: panelId, class: "tabpanel", tabindex: "0", "aria-labelledby": ids[selected],
  }, panel);
  return { list, panel: panelEl, focusSelected: () => tabEls.find((t) => t.dataset.key === selected)?.focus() };
}

/** Switch: `<input type="checkbox" role="switch">` whose name is its label, whatever its state. */
export function switchControl({ label, checked, disabled, onChange }) {
  const input = h("input", { type: "checkbox", role: "switch", class: "switch-input", checked, disabled });
  input.addEventListener("change", () => onChange(input.checked, input));
  const element = h("label", { class: "switch" }, input, h("span", { class: "switch-track", "aria-hidden": "true" }),
    h("span", { class: "switch-label" }, label));
  return { element, input };
}

/**
 * A two-state toggle as variant scramble draws it (alternative 0 is switchControl's):
 * kind "input" (<input role=switch>), "button" (<button role=switch aria-checked>) or
 * "checkbox" (a plain checkbox); naming: a fixed label ("Enabled"...), "state" (the label
 * says the state: "Enabled"/"Disabled") or "unnamed" (no name; the state shown beside it).
 * The state is always readable from `checked`/`aria-checked`; showSaved(on) sets it and
 * the state text together, so the text follows the saved state, not a pending click.
 */
export function toggleControl({ kind = "input", naming = "Enabled", checked, disabled, onChange }) {
  const stateWord = (on) => (on ? "Enabled" : "Disabled");
  const named = naming !== "unnamed";
  const labelText = (on) => (naming === "state" ? stateWord(on) : naming);
  const labelSpan = named ? h("span", { class: kind === "checkbox" ? "checkbox-label" : "switch-label" }, labelText(checked)) : null;
  const beside = named ? null : h("span", { class: "switch-state" }, stateWord(checked));
  const track = () => h("span", { class: "switch-track", "aria-hidden": "true" });
  let control;
  let element;
  if (kind === "button") {
    control = h("button", {
      type: "button", role: "switch", class: "switch switch-button", "aria-checked": String(Boolean(checked)), disabled,
    }, track(), labelSpan);
    control.addEventListener("click", () => {
      const next = control.getAttribute("aria-checked") !== "true";
      control.setAttribute("aria-checked", String(next));
      onChange(next);
    });
    element = named ? control : h("span", { class: "switch-with-state" }, control, beside);
  } else {
    const isSwitch = kind === "input";
    control = h("input", {
      type: "checkbox", role: isSwitch ? "switch" : null, class: isSwitch ? "switch-input" : "checkbox-input", checked, disabled,
    });
    control.addEventListener("change", () => onChange(control.checked));
    const look = isSwitch ? track() : h("span", { class: "checkbox-box", "aria-hidden": "true" }, icon("check"));
    const wrapperClass = isSwitch ? "switch" : "checkbox";
    element = named
      ? h("label", { class: wrapperClass }, control, look, labelSpan)
      : h("span", { class: "switch-with-state" }, h("span", { class: wrapperClass }, control, look), beside);
  }
  const toggle = {
    element,
    control,
    get checked() {
      return kind === "button" ? control.getAttribute("aria-checked") === "true" : control.checked;
    },
    set checked(on) {
      if (kind === "button") control.setAttribute("aria-checked", String(on));
      else control.checked = on;
    },
    get disabled() {
      return control.disabled;
    },
    set disabled(value) {
      control.disabled = value;
    },
    showSaved(on) {
      toggle.checked = on;
      if (naming === "state") labelSpan.textContent = labelText(on);
      if (beside) beside.textContent = stateWord(on);
    },
  };
  return toggle;
}

/** SearchField: a `searchbox` with a "Clear search" button; onInput on every keystroke. */
export function searchField({ label = "Search", value = "", onInput }) {
  const input = h("input", {
    type: "search", class: "search-input", "aria-label": label, placeholder: label, autocomplete: "off", value,
  });
  const clear = h("button", {
    type: "button", class: "clear-button search-clear", "aria-label": "Clear search", tabindex: "-1", hidden: !value,
  }, icon("cross"));
  const changed = () => {
    clear.hidden = !input.value;
    onInput(input.value);
  };
  input.addEventListener("input", changed);
  input.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && input.value) {
      event.preventDefault();
      input.value = "";
      changed();
    }
  });
  clear.addEventListener("click", () => {
    input.value = "";
    changed();
    input.focus();
  });
  return { element: h("div", { class: "search-field" }, icon("search"), input, clear), input };
}

/** CheckboxGroup: a `group` named by its label holding one `checkbox` per option. */
export function checkboxGroup({ label, options, selected, onChange }) {
  const labelId = uid("group-label");
  const boxes = options.map((option) => {
    const input = h("input", { type: "checkbox", class: "checkbox-input", value: option, checked: selected.has(option) });
    input.addEventListener("change", () => onChange(option, input.checked));
    return h("label", { class: "checkbox" }, input,
      h("span", { class: "checkbox-box", "aria-hidden": "true" }, icon("check")),
      h("span", { class: "checkbox-label" }, option));
  });
  return h("div", { role: "group", "aria-labelledby": labelId, class: "checkbox-group" },
    h("span", { class: "field-label", id: labelId }, label), h("div", { class: "checkbox-list" }, boxes));
}

/**
 * TagGroup with removable tags and an action: a `grid` named `label` with one `row` per tag
 * (a `gridcell` with the text and a `button "Remove <tag>"`), and beside it a `group`
 * holding the action button ("Clear all"). Nothing is rendered without tags.
 */
export function tagGroup({ label, tags, onRemove, actionLabel, onAction }) {
  if (!tags.length) return h("div", { class: "tag-group is-empty" });
  const gridId = uid("tags");
  const actionsId = uid("tag-actions");
  const rows = tags.map((tag, index) => {
    const rowId = uid("tag");
    const buttonId = uid("tag-remove");
    const remove = h("button", {
      type: "button", class: "clear-button tag-remove", id: buttonId, tabindex: "-1",
      "aria-label": "Remove", "aria-labelledby": `${buttonId} ${rowId}`,
      onclick: () => onRemove(tag),
    }, icon("cross"));
    const row = h("div", {
      role: "row", id: rowId, "aria-label": tag.label, class: "tag", tabindex: index === 0 ? "0" : "-1",
    }, h("div", { role: "gridcell", class: "tag-cell" }, h("span", { class: "tag-label" }, tag.label), remove));
    row.addEventListener("keydown", (event) => {
      if (event.key === "Delete" || event.key === "Backspace") {
        event.preventDefault();
        onRemove(tag);
      }
    });
    return row;
  });
  const grid = h("div", { role: "grid", id: gridId, "aria-label": label, class: "tags" }, rows);
  grid.addEventListener("keydown", (event) => {
    const moves = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 };
    const at = rows.indexOf(document.activeElement);
    if (at < 0 || !(event.key in moves)) return;
    event.preventDefault();
    rows[Math.max(0, Math.min(rows.length - 1, at + moves[event.key]))].focus();
  });
  const actions = h("div", {
    role: "group", id: actionsId, class: "tag-actions",
    "aria-label": "Actions", "aria-labelledby": `${gridId} ${actionsId}`,
  }, h("button", { type: "button", class: "btn btn-quiet", onclick: onAction }, actionLabel));
  return h("div", { class: "tag-group" }, grid, actions);
}

/** TextField / TextArea with a visible `label`. */
export function textField({ label, value = "", multiline = false, name }) {
  const id = uid("field");
  const input = multiline
    ? h("textarea", { id, name, class: "text-input", rows: "3" })
    : h("input", { id, name, type: "text", class: "text-input", autocomplete: "off" });
  input.value = value;
  return { element: h("div", { class: "field" }, h("label", { class: "field-label", for: id }, label), input), input };
}

/**
 * A read-only property list. markup (variant scramble's PROPERTY_MARKUP): "dl", `term`/
 * `definition` pairs, each definition named by its term; "pairs", label and value spans
 * side by side; "table", a table of row headers and cells; "text", one "Label: value"
 * paragraph per property; "readonly", a labelled read-only text field per property
 * (icons among a value's nodes follow the field).
 */
export function propertyList(entries, className = "properties", markup = "dl") {
  if (markup === "pairs") {
    return h("div", { class: `${className} properties-pairs` }, entries.map(([term, value]) => h("div", { class: "property" },
      h("span", { class: "property-label" }, term), h("span", { class: "property-value" }, value))));
  }
  if (markup === "table") {
    return h("table", { class: `${className} properties-table` }, h("tbody", {}, entries.map(([term, value]) => h("tr", {},
      h("th", { scope: "row" }, term), h("td", {}, value)))));
  }
  if (markup === "text") {
    return h("div", { class: `${className} properties-text` }, entries.map(([term, value]) => h("p", { class: "property" },
      `${term}: `, value)));
  }
  if (markup === "readonly") {
    return h("div", { class: `${className} properties-fields` }, entries.map(([term, value]) => {
      const id = uid("property");
      const holder = append(h("span"), [value]);
      const input = h("input", {
        id, type: "text", class: "text-input", readonly: true, value: holder.textContent.trim(),
      });
      return h("div", { class: "field property" }, h("label", { class: "field-label", for: id }, term),
        h("div", { class: "property-field" }, input, [...holder.querySelectorAll("svg[role=img]")]));
    }));
  }
  return h("dl", { class: className }, entries.map(([term, value]) => {
    const id = uid("term");
    return h("div", { class: "property" },
      h("dt", { id }, term),
      h("dd", { "aria-labelledby": id }, value));
  }));
}
