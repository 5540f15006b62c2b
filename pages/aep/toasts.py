"""Toasts: `alertdialog`s in a `region` named by its count ("2 notifications.").

They queue and outlive in-app navigation, so a toast's text may belong to an older
action: never the only proof that something happened.
"""

from __future__ import annotations

import re

from playwright.sync_api import Locator, expect

from pages.aep.labels import AepLabels
from pages.base import Root
from pages.labels import exactly


class Toasts:
    def __init__(self, root: Root, labels: AepLabels) -> None:
        self.root = root
        self.labels = labels

    @property
    def region(self) -> Locator:
        # Named by its count: "1 notification.", "2 notifications."
        words = "|".join(re.escape(t) for t in self.labels.notifications)
        return self.root.get_by_role("region", name=re.compile(rf"^\d+ (?:{words})\.?$", re.I))

    @property
    def toasts(self) -> Locator:
        return self.region.get_by_role("alertdialog")

    @property
    def errors(self) -> Locator:
        """The error toasts, oldest first (each names its icon "Error")."""
        icon = self.root.get_by_role("img", name=exactly(*self.labels.toast_error))
        return self.toasts.filter(has=icon)

    def message_of(self, toast: Locator) -> str:
        return toast.get_by_role("alert").inner_text().strip()

    def messages(self) -> list[str]:
        if not self.region.count():
            return []
        return [text.strip() for text in self.toasts.get_by_role("alert").all_inner_texts()]

    def expect_message(self, text: str | re.Pattern[str]) -> None:
        expect(
            self.toasts.get_by_role("alert").filter(has_text=text).first, "a toast"
        ).to_be_visible()

    def dismiss_all(self) -> None:
        while self.region.count() and self.toasts.count():
            self.toasts.first.get_by_role("button", name=exactly(*self.labels.close)).click()
