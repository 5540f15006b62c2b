// Variant scramble (mocks/scramble.py): where Adobe's docs are silent, the UI renders the
// alternative the seed drew for that choice point. With scramble off every choice is its
// alternative 0, which is the UI as it always was; there is no second code path.
const drawn = (window.__AEP__ && window.__AEP__.scramble) || {};

/** The alternative drawn for a choice point, e.g. choice("aep.frame_title"). */
export function choice(name) {
  if (!(name in drawn)) throw new Error(`no scramble choice ${name} in the bootstrap`);
  return drawn[name];
}

/** fill("Edit {name}", {name: "Acme Ads"}) -> "Edit Acme Ads"; null stays null. */
export function fill(template, values = {}) {
  if (template === null || template === undefined) return template;
  return String(template).replace(/\{(\w+)\}/g, (whole, key) => (key in values ? String(values[key]) : whole));
}

/** A toast's words (key of mocks/scramble.py TOAST_WORDS) with its placeholders filled. */
export function words(key, values = {}) {
  return fill(choice("aep.toast_words")[key], values);
}

const ACRONYM = /^[A-Z0-9]{2,}$/;

/**
 * A column header in a casing of HEADER_CASE, as real text (not CSS): "as-documented";
 * "sentence" ("Last dataflow run status", acronyms kept); "upper".
 */
export function headerCase(title, mode) {
  if (mode === "upper") return title.toUpperCase();
  if (mode !== "sentence") return title;
  return title.split(" ").map((word, i) => {
    if (ACRONYM.test(word)) return word;
    const lower = word.toLowerCase();
    return i === 0 ? lower.charAt(0).toUpperCase() + lower.slice(1) : lower;
  }).join(" ");
}
