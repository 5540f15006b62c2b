"""The activation steps ("the regular activation steps"): Select audiences, Mapping (on
destinations that have one), Audience schedule, Review, Finish.

The steps' names and buttons are documented; how they are laid out is not (one page per
step, some steps on one page, everything in one dialog), nor the wizard's title, nor how
an audience's checkbox is named. So the wizard is driven by what each screen shows: it
ticks the audiences where their checkboxes are, maps where the mapping is, sets the dates
where the schedule is, and goes Next until Finish; a data-usage policy violation cancels
everything. A date or a mapping it cannot set stops it (ActivationRefused), never a
default silently kept.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from playwright.sync_api import Locator, expect

from pages.aep.labels import AepLabels
from pages.base import Root
from pages.labels import exactly, pattern

# Review checks the activation against data-usage policies on the server first.
REVIEW_TIMEOUT_MS = 15_000
# Finish activates (and, on an enabled flow, exports) before the wizard closes.
FINISH_TIMEOUT_MS = 30_000
# More screens than any layout of four steps has: a wizard that never reaches Finish.
_MAX_SCREENS = 8
_POLL_MS = 250


class ActivationRefused(ValueError):
    """The activation steps could not add the audiences as asked; nothing was activated."""


@dataclass(frozen=True)
class Scheduled:
    """An audience to activate, with its schedule (YYYY-MM-DD; an empty end: no end)."""

    name: str
    start: str
    end: str = ""


class ActivationWizard:
    """Checks on arrival that the activation steps show: the dialog (or, where they are a
    page, the main area) that shows one of the documented steps."""

    STEPS = ("select", "mapping", "schedule", "review")

    def __init__(self, root: Root, labels: AepLabels) -> None:
        self.root = root
        self.labels = labels
        steps = self._step_names()
        headings = root.get_by_role("heading", name=pattern(*steps))
        dialog = root.get_by_role("dialog").filter(has=headings)
        expect(
            dialog.or_(root.get_by_role("main").filter(has=headings)).first,
            "the activation steps",
        ).to_be_visible()
        self.scope = dialog.first if dialog.count() else root.get_by_role("main").first
        title = self.scope.get_attribute("aria-label") or ""
        if dialog.count() and not title:
            named = self.scope.get_by_role("heading").first
            title = named.inner_text().strip() if named.count() else ""
        if dialog.count() and not pattern(*labels.activation_wizard).search(title):
            labels.note("activation_wizard", title, "the dialog showing the activation steps")

    def _step_names(self, *which: str) -> tuple[str, ...]:
        lab = self.labels
        names = {
            "select": lab.step_select_audiences,
            "mapping": lab.step_mapping,
            "schedule": lab.step_schedule,
            "review": lab.step_review,
        }
        return tuple(t for step in (which or self.STEPS) for t in names[step])

    @property
    def heading(self) -> Locator:
        """The wizard itself (its dialog): hidden once it closed."""
        return self.scope

    def button(self, names: tuple[str, ...]) -> Locator:
        return self.scope.get_by_role("button", name=pattern(*names))

    def steps_shown(self) -> set[str]:
        """Which documented steps the screen shows now (after waiting for one)."""
        headings = self.scope.get_by_role("heading", name=pattern(*self._step_names()))
        expect(headings.first, "a step of the activation").to_be_visible()
        texts = headings.all_inner_texts()
        return {
            step
            for step in self.STEPS
            if any(pattern(*self._step_names(step)).search(t) for t in texts)
        }

    # --- the whole activation -----------------------------------------------------------
    def activate(self, audiences: Sequence[Scheduled], mapping: tuple[str, str] | None) -> None:
        """Activate `audiences` with their dates and `mapping` (None: the mapping the flow
        has), whatever the steps' layout; ActivationRefused (the wizard cancelled) when it
        cannot, e.g. a policy violation at Review."""
        todo = {"select", "mapping", "schedule"}
        for _ in range(_MAX_SCREENS):
            shown = self.steps_shown()
            if "select" in shown and "select" in todo:
                self.select(*(a.name for a in audiences))
                todo.discard("select")
            if "mapping" in shown and "mapping" in todo:
                self._map(mapping)
                todo.discard("mapping")
            if "schedule" in shown and "schedule" in todo:
                for audience in audiences:
                    self._schedule(audience)
                todo.discard("schedule")
            finish = self.button(self.labels.finish)
            if finish.count() and finish.first.is_visible():
                if missing := todo - {"mapping"}:
                    self.cancel()
                    raise ActivationRefused(f"the activation steps showed no {sorted(missing)}")
                self._finish()
                return
            self._next(shown)
        self.cancel()
        raise ActivationRefused("the activation steps never reached Finish")

    def _next(self, shown: set[str]) -> None:
        next_ = self.button(self.labels.next)
        expect(next_, "Next, once the step is complete").to_be_enabled()
        next_.click()
        # The next screen shows other steps.
        before = pattern(*self._step_names(*shown))
        expect(
            self.scope.get_by_role("heading", name=pattern(*self._step_names()))
            .filter(has_not_text=before)
            .first,
            "the next step",
        ).to_be_visible()

    # --- Select audiences ---------------------------------------------------------------
    @property
    def search_box(self) -> Locator:
        named = self.scope.get_by_role("searchbox", name=pattern(*self.labels.search_audiences))
        if named.count() or not self.scope.get_by_role("searchbox").count():
            return named
        self.labels.note("search_audiences", "", "the activation steps' one search box")
        return self.scope.get_by_role("searchbox").first

    def search(self, text: str) -> ActivationWizard:
        if self.search_box.count():
            self.search_box.fill(text)
        return self

    def checkbox(self, name: str) -> Locator:
        """An audience's checkbox: named "<prefix> <name>" or by the audience's name (its
        name matched exactly), else the checkbox of the row named so."""
        texts = [f"{prefix} {name}" for prefix in self.labels.select_row_prefix]
        named = self.scope.get_by_role("checkbox", name=exactly(*texts, name))
        if named.count():
            return named
        header = self.root.get_by_role("rowheader", name=exactly(name)).or_(
            self.root.get_by_role("gridcell", name=exactly(name))
        )
        in_row = self.scope.get_by_role("row").filter(has=header).get_by_role("checkbox")
        if in_row.count():
            self.labels.note("select_row_prefix", "", "the checkbox in the audience's row")
        return in_row

    def is_activated(self, name: str) -> bool:
        """Already on the flow: shown checked and disabled."""
        self.search(name)
        box = self.checkbox(name)
        return box.is_checked() and box.is_disabled()

    def select(self, *names: str) -> ActivationWizard:
        """Tick each audience, found by searching its name (one checkbox per name)."""
        for name in names:
            self.search(name)
            box = self.checkbox(name)
            expect(box, f"one audience named {name!r}").to_have_count(1)
            if box.is_disabled():
                raise ActivationRefused(f"{name!r} is already activated to this dataflow")
            box.check()
        self.search("")
        return self

    # --- Mapping ------------------------------------------------------------------------
    def _picker(self, row: Locator, names: tuple[str, ...]) -> Locator:
        return row.get_by_role("button", name=pattern(*names))

    @property
    def mapping_rows(self) -> Locator:
        # Each mapping is a `group` holding a Source field and a Target field. (An inner
        # `has` locator is matched inside the outer one: it starts from the root.)
        source = self.root.get_by_role("button", name=pattern(*self.labels.source_field))
        return self.scope.get_by_role("group").filter(has=source)

    def mappings(self) -> list[tuple[str, str]]:
        lab = self.labels
        return [
            (
                self._picker(row, lab.source_field).inner_text().strip(),
                self._picker(row, lab.target_field).inner_text().strip(),
            )
            for row in self.mapping_rows.all()
        ]

    def _map(self, mapping: tuple[str, str] | None) -> None:
        if mapping is None:
            if not self.mappings():
                self.cancel()
                raise ActivationRefused("no mapping to keep, and none to copy from the old flow")
            return
        self.set_mapping(*mapping)

    def set_mapping(self, source: str, target: str) -> ActivationWizard:
        """Map `source` to `target`, unless a row already does."""
        if (source, target) in self.mappings():
            return self
        count = self.mapping_rows.count()
        self.button(self.labels.add_mapping).click()
        expect(self.mapping_rows, "a new mapping row").to_have_count(count + 1)
        self._choose(self._picker(self.mapping_rows.nth(count), self.labels.source_field), source)
        self._choose(self._picker(self.mapping_rows.nth(count), self.labels.target_field), target)
        expect(self.mapping_rows.nth(count), "the mapping as chosen").to_contain_text(source)
        return self

    def _choose(self, picker: Locator, value: str) -> None:
        picker.click()
        # The listbox opens in a popover at the end of the document, not inside the row.
        listbox = self.root.get_by_role("listbox")
        listbox.get_by_role("option", name=exactly(value)).click()
        expect(listbox, "the picker closed").to_be_hidden()

    # --- Audience schedule --------------------------------------------------------------
    @property
    def new_only(self) -> Locator:
        return self.scope.get_by_role("switch", name=pattern(*self.labels.show_new_only))

    def show_new_audiences_only(self, on: bool) -> ActivationWizard:
        self.new_only.set_checked(on)
        return self

    def schedule_row(self, name: str) -> Locator:
        header = self.root.get_by_role("rowheader", name=exactly(name))
        return self.scope.get_by_role("row").filter(has=header)

    def _schedule(self, audience: Scheduled) -> None:
        """Set the audience's dates, and read them back: a date it cannot set stops it."""
        row = self.schedule_row(audience.name)
        if not row.count():
            self.cancel()
            raise ActivationRefused(f"the schedule shows no row for {audience.name!r}")
        lab = self.labels
        for names, value in ((lab.start_date, audience.start), (lab.end_date, audience.end)):
            field = row.get_by_label(pattern(*names))
            if not field.count():
                if not value:
                    continue
                self.cancel()
                raise ActivationRefused(f"no {names[0]} to set for {audience.name!r}")
            field.fill(value)
            if field.input_value() != value:
                shown = field.input_value()
                self.cancel()
                raise ActivationRefused(
                    f"{audience.name!r}: {names[0]} {value or '(none)'} could not be set "
                    f"(the field shows {shown or 'nothing'})"
                )

    # --- Review and Finish --------------------------------------------------------------
    @property
    def violation(self) -> Locator:
        """A data-usage policy violation: an alert named as guessed, else any alert in the
        activation steps (they show no other)."""
        named = self.scope.get_by_role("alert", name=pattern(*self.labels.policy_violation))
        return named.or_(self.scope.get_by_role("alert"))

    @property
    def finish_button(self) -> Locator:
        return self.button(self.labels.finish)

    def violations(self, timeout_ms: float = REVIEW_TIMEOUT_MS) -> list[str]:
        """The data-usage policy violations shown (they block Finish), once the policy
        check is done (a violation, or Finish ready)."""
        ready = self.finish_button.and_(self.scope.get_by_role("button", disabled=False))
        expect(self.violation.or_(ready).first, "the Review's policy check").to_be_visible(
            timeout=timeout_ms
        )
        return self._shown_violations()

    def _shown_violations(self) -> list[str]:
        if not self.violation.first.is_visible():
            return []
        alert = self.violation.first
        items = alert.get_by_role("listitem").all_inner_texts()
        return [i.strip() for i in items] or [alert.inner_text().strip()]

    def _finish(self) -> None:
        if violations := self.violations():
            self.cancel()
            raise ActivationRefused(
                "the Review shows a data-usage policy violation: " + "; ".join(violations)
            )
        self.finish()

    def finish(self) -> None:
        """Activate; the wizard closes once the server has done it (or shows a violation
        found at Finish: ActivationRefused, the wizard cancelled)."""
        expect(self.finish_button, "Finish").to_be_enabled(timeout=REVIEW_TIMEOUT_MS)
        self.finish_button.click()
        for _ in range(int(FINISH_TIMEOUT_MS / _POLL_MS)):
            try:
                expect(self.scope, "the activation steps closed").to_be_hidden(timeout=_POLL_MS)
                return
            except AssertionError:
                if violations := self._shown_violations():
                    self.cancel()
                    raise ActivationRefused(
                        "Finish found a data-usage policy violation: " + "; ".join(violations)
                    ) from None
        expect(self.scope, "the activation steps closed").to_be_hidden(timeout=_POLL_MS)

    def cancel(self) -> None:
        """Leave without activating anything (Cancel, or Close where that is all there is)."""
        leave = pattern(*self.labels.cancel, *self.labels.close)
        self.scope.get_by_role("button", name=leave).first.click()
        expect(self.scope, "the activation steps closed").to_be_hidden()
