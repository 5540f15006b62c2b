"""Destinations workspace: the heading and the top-header tabs."""

from __future__ import annotations

from playwright.sync_api import Locator, expect

from pages.aep.accounts import AccountsTab
from pages.aep.browse import BrowseTab
from pages.aep.labels import AepLabels
from pages.base import Root
from pages.labels import pattern


class DestinationsWorkspace:
    """Tabs Overview, Catalog, Browse, Accounts, System View."""

    def __init__(self, root: Root, labels: AepLabels) -> None:
        self.root = root
        self.labels = labels
        expect(self.tab(labels.tab_browse), "the Destinations workspace's tabs").to_be_visible()

    def tab(self, names: tuple[str, ...]) -> Locator:
        return self.root.get_by_role("tab", name=pattern(*names))

    def select(self, names: tuple[str, ...]) -> None:
        tab = self.tab(names)
        if tab.get_attribute("aria-selected") != "true":
            tab.click()
        expect(tab, f"the {names[0]} tab").to_have_attribute("aria-selected", "true")

    def open_accounts(self) -> AccountsTab:
        self.select(self.labels.tab_accounts)
        return AccountsTab(self.root, self.labels)

    def open_browse(self) -> BrowseTab:
        self.select(self.labels.tab_browse)
        return BrowseTab(self.root, self.labels)
