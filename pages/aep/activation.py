"""The activation steps (reference §7: Select audiences, Mapping, Audience schedule, Review).

Only arriving and leaving are scripted: the steps' controls are undocumented beyond their
page names, and the mock AEP stands the wizard in with a dialog of the same title.
"""

from __future__ import annotations

from playwright.sync_api import Locator, expect

from pages.aep.labels import AepLabels
from pages.base import Root
from pages.labels import exactly


class ActivationWizard:
    """Checks on arrival that the activation steps are showing (as a page or a dialog)."""

    def __init__(self, root: Root, labels: AepLabels) -> None:
        self.root = root
        self.labels = labels
        expect(self.heading, "the activation steps").to_be_visible()

    @property
    def heading(self) -> Locator:
        return self.root.get_by_role("heading", name=exactly(*self.labels.activation_wizard))

    def cancel(self) -> None:
        """Leave without activating anything (Cancel, or Close where that is all there is)."""
        leave = exactly(*self.labels.cancel, *self.labels.close)
        # Within the wizard: a toast's Close button is elsewhere on the page too.
        dialog = self.root.get_by_role("dialog").filter(has=self.heading)
        scope = dialog if dialog.count() else self.root.get_by_role("main")
        scope.get_by_role("button", name=leave).first.click()
        expect(self.heading, "the activation steps closed").to_be_hidden()
