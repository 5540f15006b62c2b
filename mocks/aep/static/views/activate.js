// The activation wizard (reference §7, "the regular activation steps"): Select audiences,
// Mapping (only destinations that have one: Pinterest maps an identity namespace to
// pinterest_audience), Audience schedule, Review. It runs in a full-screen dialog over the
// page it was opened from; Finish sends the whole activation in one request, or nothing.
// Variant scramble redraws what Adobe does not document: the wizard's title, how its steps
// are laid out on pages (one page per step; Select audiences with Audience schedule; all
// on one page, the policy check then running at Finish) and how an audience's checkbox is
// named. The steps' names stay the documented ones.
import { activateAudiences, getActivationOptions, reviewActivation } from "../lib/api.js";
import { h, uid } from "../lib/dom.js";
import { EMPTY, formatDate, plural } from "../lib/format.js";
import { openDialog, openListbox } from "../lib/overlay.js";
import { choice, fill } from "../lib/scramble.js";
import { toast } from "../lib/toast.js";
import { loadError, progress, searchField, switchControl } from "../lib/widgets.js";

const TITLES = {
  select: "Select audiences",
  mapping: "Mapping",
  schedule: "Audience schedule",
  review: "Review",
};
// The 2023 wording (layout=classic), where audiences were segments.
const SEGMENT_TITLES = { ...TITLES, select: "Select segments", schedule: "Segment schedule" };

/**
 * Open the wizard for a dataflow; onActivated(flow) runs after Finish succeeded. `segments`:
 * the 2023 wording ("Activate segments", "Select segments").
 */
export async function openActivationWizard(flowId, { onActivated = () => {}, segments = false } = {}) {
  const TITLES_SHOWN = segments ? SEGMENT_TITLES : TITLES;
  const noun = segments ? "segment" : "audience";
  let options;
  try {
    options = await getActivationOptions(flowId);
  } catch (error) {
    if (error.status !== 401) toast.negative(`Could not start the activation: ${error.message}`);
    return;
  }
  const { flow, audiences, mapping } = options;
  const steps = ["select", mapping.required ? "mapping" : null, "schedule", "review"].filter(Boolean);
  // The pages of the wizard, each a list of steps (aep.wizard_layout).
  const layout = choice("aep.wizard_layout");
  const onePage = layout === "one-page";
  const pages = onePage ? [steps]
    : layout === "select-with-schedule"
      ? [["select", "schedule"], ...steps.filter((s) => s === "mapping" || s === "review").map((s) => [s])]
      : steps.map((s) => [s]);
  const state = {
    at: 0,
    search: "",
    selected: new Set(),
    newOnly: true,
    schedule: {}, // audience id -> {start, end}
    mappings: mapping.current ? [{ ...mapping.current }] : [],
    violations: null, // null until Review has checked
    busy: false,
  };
  const byId = Object.fromEntries(audiences.map((a) => [a.id, a]));
  const body = h("div", { class: "wizard-body" });
  const dialog = openDialog({
    title: fill(choice("aep.wizard_title"), {
      entry: segments ? "Activate segments" : "Activate audiences", flow: flow.name,
    }),
    className: "dialog-fullscreen wizard",
    content: [h("p", { class: "dialog-subtitle" }, `${flow.name} · ${flow.destination}`), body],
    onDismiss: () => dialog.close(),
  });

  const sections = () => pages[state.at];
  const go = (delta) => {
    state.at += delta;
    state.violations = null;
    render();
  };
  // An answer changed: a policy check made before it no longer holds.
  const changed = () => {
    state.violations = null;
    render();
  };

  function render() {
    const views = { select: selectStep, mapping: mappingStep, schedule: scheduleStep, review: reviewStep };
    body.replaceChildren(...[
      pages.length > 1
        ? h("ol", { class: "wizard-steps", "aria-label": "Steps" }, pages.map((page, i) => h("li", {
          class: i === state.at ? "is-current" : "", "aria-current": i === state.at ? "step" : null,
        }, page.map((s) => TITLES_SHOWN[s]).join(" · "))))
        : null,
      ...sections().flatMap((name) => [h("h3", { class: "wizard-step-heading" }, TITLES_SHOWN[name]), views[name]()]),
      buttons(),
    ].filter(Boolean));
  }

  function buttons() {
    const last = state.at === pages.length - 1;
    const ready = stepReady();
    return h("div", { class: "button-group" },
      h("button", { type: "button", class: "btn btn-secondary", onclick: () => dialog.close() }, "Cancel"),
      state.at > 0
        ? h("button", { type: "button", class: "btn btn-secondary", disabled: state.busy, onclick: () => go(-1) }, "Back")
        : null,
      last
        ? h("button", { type: "button", class: "btn btn-cta", disabled: !ready || state.busy, onclick: finish }, "Finish")
        : h("button", { type: "button", class: "btn btn-cta", disabled: !ready, onclick: () => go(1) }, "Next"));
  }

  function stepReady() {
    return sections().every(sectionReady);
  }

  function sectionReady(name) {
    if (name === "select") return state.selected.size > 0;
    if (name === "mapping") return Boolean(completeMapping());
    if (name === "schedule") return [...state.selected].every((id) => !scheduleError(id));
    // On one page the policies are checked at Finish; a check that found violations holds
    // until an answer changes.
    if (onePage) return state.violations === null || state.violations.length === 0;
    return state.violations !== null && state.violations.length === 0;
  }

  // --- Select audiences ---------------------------------------------------------------
  function selectStep() {
    const rows = h("tbody", {});
    const fill = () => {
      const needle = state.search.trim().toLowerCase();
      const shown = audiences.filter((a) => a.name.toLowerCase().includes(needle));
      rows.replaceChildren(...(shown.length ? shown.map(audienceRow)
        : [h("tr", {}, h("td", { colspan: "4" }, "No audiences match your search."))]));
    };
    const search = searchField({
      label: `Search ${noun}s`, value: state.search,
      onInput: (value) => { state.search = value; fill(); },
    });
    fill();
    return h("div", { class: "wizard-select" }, h("div", { class: "listing-toolbar" }, search.element),
      h("table", { class: "simple-table", "aria-label": "Audiences" },
        h("thead", {}, h("tr", {}, ["", "Name", "Description", "Status"].map((t) => h("th", { scope: "col" }, t)))),
        rows));
  }

  function audienceRow(audience) {
    // Named "Select <name>", by the name alone, or by the row's header cell (aep.wizard_checkbox).
    const naming = choice("aep.wizard_checkbox");
    const headerId = naming === "labelledby" ? uid("audience") : null;
    const box = h("input", {
      type: "checkbox", class: "row-checkbox",
      "aria-label": headerId ? null : fill(naming, { name: audience.name }), "aria-labelledby": headerId,
      checked: audience.activated || state.selected.has(audience.id), disabled: audience.activated,
    });
    box.addEventListener("change", () => {
      if (box.checked) state.selected.add(audience.id);
      else state.selected.delete(audience.id);
      changed();
    });
    return h("tr", {},
      h("td", {}, box),
      h("th", { scope: "row", id: headerId }, audience.name),
      h("td", {}, audience.description || EMPTY),
      h("td", {}, audience.activated ? "Activated" : EMPTY));
  }

  // --- Mapping -------------------------------------------------------------------------
  function completeMapping() {
    return state.mappings.find((m) => m.source_identity && m.target_field) || null;
  }

  function mappingStep() {
    const rows = state.mappings.map((m, index) => h("div", {
      role: "group", class: "mapping-row", "aria-label": `Mapping ${index + 1}`,
    },
    picker("Source field", m.source_identity, mapping.source_fields, (v) => { m.source_identity = v; changed(); }),
    h("span", { "aria-hidden": "true" }, "→"),
    picker("Target field", m.target_field, mapping.target_fields, (v) => { m.target_field = v; changed(); }),
    h("button", {
      type: "button", class: "btn btn-quiet", "aria-label": `Remove mapping ${index + 1}`,
      onclick: () => { state.mappings.splice(index, 1); changed(); },
    }, "Remove")));
    return h("div", { class: "wizard-mapping" },
      h("button", {
        type: "button", class: "btn btn-secondary",
        onclick: () => { state.mappings.push({ source_identity: "", target_field: "" }); changed(); },
      }, "Add new mapping"),
      rows.length ? rows : h("p", {}, "No mapping yet: add one."));
  }

  /** A Picker: a button named by its label showing the value, opening a listbox. */
  function picker(label, value, choices, onSelect) {
    const labelId = uid("picker-label");
    const trigger = h("button", {
      type: "button", class: "picker", "aria-haspopup": "listbox", "aria-expanded": "false", "aria-label": label,
    }, value || "Select");
    trigger.addEventListener("click", () => openListbox(trigger, {
      label, items: choices.map((c) => ({ key: c, label: c })), selectedKey: value, onSelect,
    }));
    return h("div", { class: "field" }, h("span", { class: "field-label", id: labelId }, label), trigger);
  }

  // --- Audience schedule ---------------------------------------------------------------
  function schedule(id) {
    if (!state.schedule[id]) state.schedule[id] = { start: options.today, end: "" };
    return state.schedule[id];
  }

  function scheduleError(id) {
    const { start, end } = schedule(id);
    if (!start) return "A start date is required.";
    if (end && end < start) return "The end date is before the start date.";
    return "";
  }

  function scheduleStep() {
    const toggle = switchControl({
      label: `Show new ${noun}s only`, checked: state.newOnly,
      onChange: (checked) => { state.newOnly = checked; changed(); },
    });
    const existing = state.newOnly ? [] : flowActivations();
    const rows = [...state.selected].map((id) => {
      const dates = schedule(id);
      const error = scheduleError(id);
      const field = (label, key) => {
        const input = h("input", { type: "date", class: "text-input", "aria-label": label, value: dates[key] });
        input.addEventListener("change", () => { dates[key] = input.value; changed(); });
        return input;
      };
      return h("tr", {},
        h("th", { scope: "row" }, byId[id].name),
        h("td", {}, field("Start date", "start")),
        h("td", {}, field("End date", "end"), error ? h("p", { class: "help-text is-invalid" }, error) : null));
    });
    const old = existing.map((a) => h("tr", {},
      h("th", { scope: "row" }, a.name), h("td", {}, formatDate(a.start)), h("td", {}, formatDate(a.end))));
    return h("div", { class: "wizard-schedule" }, toggle.element,
      h("table", { class: "simple-table", "aria-label": "Audience schedule" },
        h("thead", {}, h("tr", {}, ["Name", "Start date", "End date"].map((t) => h("th", { scope: "col" }, t)))),
        h("tbody", {}, rows, old)));
  }

  function flowActivations() {
    return audiences.filter((a) => a.activated);
  }

  // --- Review --------------------------------------------------------------------------
  function request() {
    return {
      audiences: [...state.selected].map((id) => ({
        audience_id: id, start: schedule(id).start, end: schedule(id).end || null,
      })),
      mapping: mapping.required ? completeMapping() : null,
    };
  }

  function reviewStep() {
    const slot = h("div", { class: "review-checks" });
    if (state.violations === null && !onePage) {
      slot.append(progress("Checking data usage policies…"));
      reviewActivation(flow.id, request()).then((result) => {
        if (dialog.closed || !sections().includes("review")) return;
        state.violations = result.violations;
        render();
      }, (error) => {
        if (dialog.closed) return;
        slot.replaceChildren(loadError(`Could not check the activation: ${error.message}`));
      });
    } else if (state.violations && state.violations.length) {
      slot.append(h("div", { class: "inline-alert is-negative", role: "alert", "aria-label": "Data usage policy violation" },
        h("strong", {}, "Data usage policy violation"),
        h("ul", {}, state.violations.map((v) => h("li", {}, `${v.policy}: ${v.message}`)))));
    }
    const target = completeMapping();
    const mapped = target ? `${target.source_identity} → ${target.target_field}` : EMPTY;
    return h("div", { class: "wizard-review" },
      h("p", {}, `${plural(state.selected.size, "audience")} to activate to ${flow.name}.`),
      h("table", { class: "simple-table", "aria-label": "Review" },
        h("thead", {}, h("tr", {}, ["Name", "Start date", "End date", "Mapping"].map((t) => h("th", { scope: "col" }, t)))),
        h("tbody", {}, [...state.selected].map((id) => h("tr", {},
          h("th", { scope: "row" }, byId[id].name),
          h("td", {}, formatDate(schedule(id).start)),
          h("td", {}, formatDate(schedule(id).end || null)),
          h("td", {}, mapping.required ? mapped : EMPTY))))),
      slot);
  }

  async function finish() {
    state.busy = true;
    render();
    let updated;
    try {
      if (onePage) {
        // No Review page to check on: check the data usage policies now.
        const checked = await reviewActivation(flow.id, request());
        if (checked.violations.length) {
          state.busy = false;
          state.violations = checked.violations;
          if (!dialog.closed) render();
          return;
        }
      }
      updated = await activateAudiences(flow.id, request());
    } catch (error) {
      state.busy = false;
      if (dialog.closed) return;
      render();
      if (error.status !== 401) toast.negative(`Could not activate the audiences: ${error.message}`);
      return;
    }
    dialog.close();
    toast.positive(`${plural(state.selected.size, "audience")} activated.`);
    onActivated(updated);
  }

  render();
}
