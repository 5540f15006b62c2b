// The pager under a paged list (Accounts and Browse under rows=pages, Activation data when
// scrambled into pages). Its markup and words are undocumented; variant scramble draws
// them. Alternative 0 is nav "Pagination" > button "Previous page" (‹), "Page N of M" (a
// polite live region), button "Next page" (›).
import { h } from "./dom.js";
import { choice } from "./scramble.js";

const BUTTONS = {
  page: [{ label: "Previous page", text: "‹" }, { label: "Next page", text: "›" }],
  short: [{ label: null, text: "Previous" }, { label: null, text: "Next" }],
  go: [{ label: "Go to previous page", text: "‹" }, { label: "Go to next page", text: "›" }],
  glyph: [{ label: null, text: "‹" }, { label: null, text: "›" }],
};

/** Pages to offer as numbered buttons: all of a few; else the ends and the current's neighbours. */
function pageNumbers(page, pageCount) {
  const all = [...Array(pageCount).keys()].map((i) => i + 1);
  if (pageCount <= 7) return all;
  return all.filter((n) => n === 1 || n === pageCount || Math.abs(n - page) <= 1);
}

/** The pager of page `page` (1-based) of `pageCount`; onGo(page) shows another page. */
export function pager({ page, pageCount, pageSize, total, onGo }) {
  const [previous, next] = BUTTONS[choice("aep.pager_buttons")];
  const button = ({ label, text }, target, disabled) => h("button", {
    type: "button", class: text.length > 1 ? "btn btn-quiet pager-button" : "action-button",
    "aria-label": label, disabled, onclick: () => onGo(target),
  }, text);
  let status;
  const shown = choice("aep.pager_status");
  if (shown === "range") {
    const first = total ? (page - 1) * pageSize + 1 : 0;
    status = h("span", { class: "pager-status", "aria-live": "polite" },
      `${first}–${Math.min(page * pageSize, total)} of ${total}`);
  } else if (shown === "numbers") {
    const numbers = [];
    let last = 0;
    for (const n of pageNumbers(page, pageCount)) {
      if (n > last + 1) numbers.push(h("span", { class: "pager-gap" }, "…"));
      numbers.push(h("button", {
        type: "button", class: "action-button pager-number", "aria-current": n === page ? "page" : null,
        onclick: () => n !== page && onGo(n),
      }, String(n)));
      last = n;
    }
    status = h("span", { class: "pager-pages" }, numbers);
  } else {
    status = h("span", { class: "pager-status", "aria-live": "polite" }, `Page ${page} of ${pageCount}`);
  }
  const parts = [button(previous, page - 1, page <= 1), status, button(next, page + 1, page >= pageCount)];
  const container = choice("aep.pager_container");
  if (container === "none") return h("div", { class: "pager" }, parts);
  return h("nav", { class: "pager", "aria-label": container === "Pagination" ? "Pagination" : null }, parts);
}
