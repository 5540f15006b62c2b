"""A row's `...` menu: a `button "More actions"` whose `menu` opens in a popover."""

from __future__ import annotations

from playwright.sync_api import Locator, expect

from pages.aep.labels import AepLabels
from pages.base import Root
from pages.labels import exactly


def choose(root: Root, row: Locator, item: tuple[str, ...], labels: AepLabels) -> None:
    """Open `row`'s menu and choose `item`. The menu is not inside the row but at the
    end of the document (a popover), so it is looked up from the root."""
    row.get_by_role("button", name=exactly(*labels.more_actions)).click()
    menu = root.get_by_role("menu")
    expect(menu, "the row's menu").to_be_visible()
    menu.get_by_role("menuitem", name=exactly(*item)).click()
    expect(menu, "the menu closed after choosing").to_be_hidden()
