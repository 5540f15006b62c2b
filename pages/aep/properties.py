"""Read-only properties of rails and dialogs: a label's text and the value that belongs to it.

How a property list is marked up is undocumented, so a value is found by its label's text
(tolerantly) and the markup around it, whatever that is: a `dl` (`dt`/`dd`, or elements of
role `term`/`definition`), a table row (`th` then `td`), a `label` and its (read-only)
field, an element labelled by the label (`aria-labelledby`), the label and value elements
side by side, or `Label: value` in one text. A whole rail is read in one round trip.
"""

from __future__ import annotations

from collections.abc import Mapping

from playwright.sync_api import FrameLocator, Locator, Page

from pages.base import shown
from pages.labels import Texts, pattern

Scope = Page | FrameLocator | Locator

# (scope, {key: [pattern sources]}) -> {key: value or null}. Labels are matched on their
# text content (cheap); a value is read as shown (innerText), or a field's value.
_READ = """
(scope, wanted) => {
  const norm = t => (t || "").replace(/\\s+/g, " ").trim();
  const shown = el => el.matches("input, textarea, select") ? norm(el.value) : (() => {
    const text = norm(el.innerText);
    const field = el.querySelector("input, textarea, select");
    return !text && field ? norm(field.value) : text;
  })();
  const visible = el => !el.checkVisibility || el.checkVisibility();
  const cells = '[role=cell], [role=gridcell], td';
  const semantic = 'label, dt, [role=term], th, [role=rowheader], td, [role=cell], [role=gridcell]';
  // A grid's column header names a column, not a property.
  const header = el => el.matches('[role=columnheader], thead th, th[scope=col]');
  const valueOf = (box) => {
    if (box.matches('dt, [role=term]')) {
      const dd = box.nextElementSibling;
      return dd ? shown(dd) : null;
    }
    if (box.matches('th, [role=rowheader], td, [role=cell], [role=gridcell]')) {
      const next = box.nextElementSibling;
      return next && next.matches(cells) ? shown(next) : null;
    }
    if (box instanceof HTMLLabelElement && box.control) return shown(box.control);
    if (box.id) {
      const named = box.ownerDocument.querySelector(`[aria-labelledby~="${CSS.escape(box.id)}"]`);
      if (named && named !== box) return shown(named);
    }
    let next = box.nextElementSibling;
    if (!next && box.parentElement && box.parentElement.children.length === 1)
      next = box.parentElement.nextElementSibling;
    return next ? shown(next) : null;
  };
  const elements = [scope, ...scope.querySelectorAll("*")].filter(el =>
    (el.textContent || "").length < 200 && !el.matches("script, style, option"));
  const result = {};
  for (const [key, sources] of Object.entries(wanted)) {
    const label = new RegExp(sources.map(s => `(?:${s})`).join("|"), "i");
    result[key] = null;
    for (const el of elements) {
      const text = norm(el.textContent);
      // The innermost element with the text first: its box is found from there.
      const inner = [...el.children].some(child => norm(child.textContent) === text);
      if (label.test(text) && !inner && !header(el) && visible(el)) {
        // The label's box: the element with just this text that says it is a label (a
        // label, term or header cell), else the outermost element with just this text.
        let box = el;
        while (!box.matches(semantic) && box.parentElement && box !== scope &&
               norm(box.parentElement.textContent) === text)
          box = box.parentElement;
        if (header(box)) continue;
        const value = valueOf(box);
        if (value !== null) { result[key] = value; break; }
        continue;
      }
      // `Label: value` in one text, the innermost element holding it.
      const colon = text.indexOf(":");
      if (colon > 0 && label.test(text.slice(0, colon)) && visible(el) &&
          ![...el.children].some(child => norm(child.textContent) === text)) {
        result[key] = norm(text.slice(colon + 1));
        break;
      }
    }
  }
  return result;
}
"""

# The same read, repeated until the property (or, with `headings`, a heading) shows one of
# `accepted` (or the time is up): {value, matched}.
_WAIT = (
    """
async (scope, [wanted, accepted, timeout, headings]) => {
  const read = """
    + _READ
    + """;
  const ok = new RegExp(accepted.map(s => `(?:${s})`).join("|"), "i");
  const heading = () => [...scope.querySelectorAll("h1,h2,h3,h4,h5,h6,[role=heading]")]
    .map(h => h.textContent.trim()).find(t => ok.test(t));
  const start = performance.now();
  for (;;) {
    const value = read(scope, wanted).value;
    if (value !== null && ok.test(value)) return {value, matched: true};
    const titled = headings ? heading() : undefined;
    if (titled !== undefined) return {value: titled, matched: true};
    if (performance.now() - start > timeout) return {value, matched: false};
    await new Promise(r => setTimeout(r, 100));
  }
}
"""
)


def _sources(texts: Texts) -> list[str]:
    return [pattern(t).pattern for t in texts]


def _element(scope: Scope) -> Locator:
    return scope if isinstance(scope, Locator) else scope.locator("body")


def read(scope: Scope, wanted: Mapping[str, Texts]) -> dict[str, str | None]:
    """Each wanted property's value (None when no label of its names is shown), in one
    round trip; a value shown as a dash is "" (see `shown`)."""
    found: dict[str, str | None] = _element(scope).first.evaluate(
        _READ, {key: _sources(texts) for key, texts in wanted.items()}
    )
    return {key: (None if value is None else shown(value)) for key, value in found.items()}


def value(scope: Scope, names: Texts) -> str:
    """One property's value; "" when absent or shown as a dash."""
    return read(scope, {"value": names})["value"] or ""


def wait_for(
    scope: Scope, names: Texts, accepted: Texts, timeout_ms: float, *, or_heading: bool = False
) -> str | None:
    """Wait until the property named `names` (or, `or_heading`, a heading) shows one of
    `accepted`; its value then, or None when it did not within `timeout_ms`."""
    result = _element(scope).first.evaluate(
        _WAIT, [{"value": _sources(names)}, _sources(accepted), timeout_ms, or_heading]
    )
    return str(result["value"]) if result["matched"] else None
