"""The activation steps (reference §7): Select audiences, Mapping, Audience schedule, Review.

The wizard opens from a dataflow's Activate audiences (rail or row menu). One class per
step; each checks on arrival that its page is showing and `next()` returns the next one.
Mapping exists only on destinations that have one, so Select audiences' `next()` returns
whichever of Mapping and Audience schedule appears.
"""

from __future__ import annotations

from playwright.sync_api import Locator, expect

from pages.aep.labels import AepLabels
from pages.base import Root
from pages.labels import Texts, exactly, pattern

# Review checks the activation against data-usage policies on the server first.
REVIEW_TIMEOUT_MS = 15_000
# Finish activates (and, on an enabled flow, exports) before the wizard closes.
FINISH_TIMEOUT_MS = 30_000


class ActivationWizard:
    """Checks on arrival that the activation steps are showing (as a page or a dialog)."""

    def __init__(self, root: Root, labels: AepLabels) -> None:
        self.root = root
        self.labels = labels
        expect(self.heading, "the activation steps").to_be_visible()

    @property
    def heading(self) -> Locator:
        return self.root.get_by_role("heading", name=pattern(*self.labels.activation_wizard))

    @property
    def scope(self) -> Locator:
        """The wizard itself: its dialog, or the main area where it is a page."""
        dialog = self.root.get_by_role("dialog").filter(has=self.heading)
        return dialog if dialog.count() else self.root.get_by_role("main")

    def step_heading(self, names: Texts) -> Locator:
        return self.scope.get_by_role("heading", name=pattern(*names))

    def button(self, names: Texts) -> Locator:
        return self.scope.get_by_role("button", name=pattern(*names))

    def select_audiences(self) -> SelectAudiencesStep:
        return SelectAudiencesStep(self)

    def cancel(self) -> None:
        """Leave without activating anything (Cancel, or Close where that is all there is)."""
        leave = pattern(*self.labels.cancel, *self.labels.close)
        # Within the wizard: a toast's Close button is elsewhere on the page too.
        self.scope.get_by_role("button", name=leave).first.click()
        expect(self.heading, "the activation steps closed").to_be_hidden()


class _Step:
    """One page of the wizard, recognised by its heading."""

    def __init__(self, wizard: ActivationWizard, names: Texts) -> None:
        self.wizard = wizard
        self.labels = wizard.labels
        self.scope = wizard.scope
        expect(wizard.step_heading(names), f"the step {names[0]!r}").to_be_visible()

    def cancel(self) -> None:
        self.wizard.cancel()

    def _next(self) -> None:
        next_ = self.wizard.button(self.labels.next)
        expect(next_, "Next, once the step is complete").to_be_enabled()
        next_.click()


class SelectAudiencesStep(_Step):
    def __init__(self, wizard: ActivationWizard) -> None:
        super().__init__(wizard, wizard.labels.step_select_audiences)

    @property
    def search_box(self) -> Locator:
        return self.scope.get_by_role("searchbox", name=pattern(*self.labels.search_audiences))

    def search(self, text: str) -> SelectAudiencesStep:
        self.search_box.fill(text)
        return self

    def checkbox(self, name: str) -> Locator:
        texts = [f"{prefix} {name}" for prefix in self.labels.select_row_prefix]
        return self.scope.get_by_role("checkbox", name=pattern(*texts))

    def is_activated(self, name: str) -> bool:
        """Already on the flow: shown checked and disabled."""
        self.search(name)
        box = self.checkbox(name)
        return box.is_checked() and box.is_disabled()

    def select(self, *names: str) -> SelectAudiencesStep:
        """Tick each audience, found by searching its name (one checkbox per name)."""
        for name in names:
            self.search(name)
            box = self.checkbox(name)
            expect(box, f"one audience named {name!r}").to_have_count(1)
            if box.is_disabled():
                raise ValueError(f"{name!r} is already activated to this dataflow")
            box.check()
        self.search("")
        return self

    def next(self) -> MappingStep | ScheduleStep:
        self._next()
        mapping = self.wizard.step_heading(self.labels.step_mapping)
        schedule = self.wizard.step_heading(self.labels.step_schedule)
        expect(mapping.or_(schedule), "Mapping or Audience schedule").to_be_visible()
        return MappingStep(self.wizard) if mapping.is_visible() else ScheduleStep(self.wizard)


class MappingStep(_Step):
    """Source field (an identity namespace) to target field, one row per mapping."""

    def __init__(self, wizard: ActivationWizard) -> None:
        super().__init__(wizard, wizard.labels.step_mapping)

    def _picker(self, row: Locator, names: Texts) -> Locator:
        return row.get_by_role("button", name=pattern(*names))

    @property
    def rows(self) -> Locator:
        # Each mapping is a `group` holding a Source field and a Target field. (An inner
        # `has` locator is matched inside the outer one: it starts from the root.)
        source = self.wizard.root.get_by_role("button", name=pattern(*self.labels.source_field))
        return self.scope.get_by_role("group").filter(has=source)

    def mappings(self) -> list[tuple[str, str]]:
        lab = self.labels
        return [
            (
                self._picker(row, lab.source_field).inner_text().strip(),
                self._picker(row, lab.target_field).inner_text().strip(),
            )
            for row in self.rows.all()
        ]

    def set_mapping(self, source: str, target: str) -> MappingStep:
        """Map `source` to `target`, unless a row already does."""
        if (source, target) in self.mappings():
            return self
        count = self.rows.count()
        self.wizard.button(self.labels.add_mapping).click()
        expect(self.rows, "a new mapping row").to_have_count(count + 1)
        row = self.rows.nth(count)
        self._choose(self._picker(row, self.labels.source_field), source)
        self._choose(self._picker(self.rows.nth(count), self.labels.target_field), target)
        expect(self.rows.nth(count), "the mapping as chosen").to_contain_text(source)
        return self

    def _choose(self, picker: Locator, value: str) -> None:
        picker.click()
        # The listbox opens in a popover at the end of the document, not inside the row.
        listbox = self.wizard.root.get_by_role("listbox")
        listbox.get_by_role("option", name=exactly(value)).click()
        expect(listbox, "the picker closed").to_be_hidden()

    def next(self) -> ScheduleStep:
        self._next()
        return ScheduleStep(self.wizard)


class ScheduleStep(_Step):
    """A start and end date per audience; only new audiences unless the filter is off."""

    def __init__(self, wizard: ActivationWizard) -> None:
        super().__init__(wizard, wizard.labels.step_schedule)

    @property
    def new_only(self) -> Locator:
        return self.scope.get_by_role("switch", name=pattern(*self.labels.show_new_only))

    def show_new_audiences_only(self, on: bool) -> ScheduleStep:
        self.new_only.set_checked(on)
        return self

    def row(self, name: str) -> Locator:
        header = self.wizard.root.get_by_role("rowheader", name=exactly(name))
        return self.scope.get_by_role("row").filter(has=header)

    def set_schedule(self, name: str, start: str, end: str = "") -> ScheduleStep:
        """Dates as YYYY-MM-DD; an empty end date means no end."""
        row = self.row(name)
        for labels, value in ((self.labels.start_date, start), (self.labels.end_date, end)):
            field = row.get_by_label(pattern(*labels))
            field.fill(value)
            expect(
                self.row(name).get_by_label(pattern(*labels)), f"{name}: {labels[0]}"
            ).to_have_value(value)
        return self

    def next(self) -> ReviewStep:
        self._next()
        return ReviewStep(self.wizard)


class ReviewStep(_Step):
    def __init__(self, wizard: ActivationWizard) -> None:
        super().__init__(wizard, wizard.labels.step_review)

    @property
    def violation(self) -> Locator:
        return self.scope.get_by_role("alert", name=pattern(*self.labels.policy_violation))

    @property
    def finish_button(self) -> Locator:
        return self.wizard.button(self.labels.finish)

    def violations(self) -> list[str]:
        """The data-usage policy violations the Review shows (they block Finish)."""
        ready = self.finish_button.and_(self.scope.get_by_role("button", disabled=False))
        expect(self.violation.or_(ready), "the Review's policy check").to_be_visible(
            timeout=REVIEW_TIMEOUT_MS
        )
        if not self.violation.is_visible():
            return []
        items = self.violation.get_by_role("listitem").all_inner_texts()
        return [i.strip() for i in items] or [self.violation.inner_text().strip()]

    def back(self) -> ScheduleStep:
        self.wizard.button(self.labels.back).click()
        return ScheduleStep(self.wizard)

    def finish(self) -> None:
        """Activate; the wizard closes once the server has done it."""
        expect(self.finish_button, "Finish").to_be_enabled(timeout=REVIEW_TIMEOUT_MS)
        self.finish_button.click()
        expect(self.wizard.heading, "the activation steps closed").to_be_hidden(
            timeout=FINISH_TIMEOUT_MS
        )
