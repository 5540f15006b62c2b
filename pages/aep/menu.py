"""A row's `...` menu: a button in the row (its name is undocumented) whose `menu` opens in
a popover at the end of the document."""

from __future__ import annotations

from playwright.sync_api import Locator, expect

from pages.aep.labels import AepLabels
from pages.base import Root
from pages.labels import pattern

# Of a row's buttons, the menu's: one that says it opens a menu, else the last button of
# the row's first cell (the docs put the `...` in the Name column, beside the name), else
# the row's only button; -1 if none of these.
_MENU_BUTTON = """buttons => {
  const popup = buttons.findIndex(b => ["menu", "true"].includes(b.getAttribute("aria-haspopup")));
  if (popup >= 0) return popup;
  const row = buttons.length ? buttons[0].closest('[role="row"], tr') : null;
  const first = row ? [...row.children][0] : null;
  const inFirst = buttons.map((b, i) => first && first.contains(b) ? i : -1).filter(i => i >= 0);
  if (inFirst.length) return inFirst[inFirst.length - 1];
  return buttons.length === 1 ? 0 : -1;
}"""


def menu_button(row: Locator, labels: AepLabels) -> Locator:
    """The row's `...` button: named as guessed, else found by its place in the row."""
    named = row.get_by_role("button", name=pattern(*labels.more_actions))
    if named.count():
        return named.first
    buttons = row.get_by_role("button")
    index: int = buttons.evaluate_all(_MENU_BUTTON)
    if index < 0:
        raise LookupError("the row has no menu button")
    found = buttons.nth(index)
    name = found.get_attribute("aria-label") or (found.text_content() or "").strip()
    labels.note("more_actions", name, "the row's menu button by its place in the row", "list")
    return found


def choose(root: Root, row: Locator, item: tuple[str, ...], labels: AepLabels) -> None:
    """Open `row`'s menu and choose `item`. The menu is not inside the row but at the
    end of the document (a popover), so it is looked up from the root."""
    menu_button(row, labels).click()
    menu = root.get_by_role("menu")
    expect(menu, "the row's menu").to_be_visible()
    menu.get_by_role("menuitem", name=pattern(*item)).first.click()
    expect(menu, "the menu closed after choosing").to_be_hidden()
