"""A dataflow's page: its Enabled switch, Activation data, and right rail."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from playwright.sync_api import Locator, expect

from pages.aep import properties
from pages.aep.activation import ActivationWizard
from pages.aep.grid import Cell, VirtualGrid
from pages.aep.labels import AepLabels
from pages.aep.toasts import Toasts
from pages.base import Root, page_of
from pages.dates import parse_date
from pages.labels import exactly

if TYPE_CHECKING:
    from pages.aep.browse import BrowseTab


# Enabling a flow runs it before the answer comes back (the mock's export included).
SAVE_TIMEOUT_MS = 30_000


class NotPermitted(RuntimeError):
    """The user may not change this dataflow (the switch is disabled)."""


class NotSaved(RuntimeError):
    """The Enabled switch was flipped but the saved state, read back, did not change."""


@dataclass(frozen=True)
class ActivatedAudience:
    name: str
    id: str
    start: str  # YYYY-MM-DD
    end: str  # YYYY-MM-DD or ""
    # The mapping, where the table shows one ("source → target"); "" otherwise.
    source_field: str = ""
    target_field: str = ""


@dataclass(frozen=True)
class FlowFacts:
    """What a dataflow's page shows about it, besides its audiences (a plan's FlowState
    takes these fields as they are)."""

    name: str
    destination: str
    enabled: bool
    can_change: bool
    url: str  # the page's location relative to its origin
    ad_account_id: str


# Each Enabled switch's (checked, disabled), as Playwright's is_checked/is_enabled read
# them: a native checkbox's own state, else its ARIA state.
_SWITCH = """el => [
  el instanceof HTMLInputElement ? el.checked : el.getAttribute("aria-checked") === "true",
  el.disabled === true || el.getAttribute("aria-disabled") === "true"]"""
_SWITCHES = f"switches => switches.map({_SWITCH})"
# The rail's terms (the elements of role term: `dt`, `dfn`, or so marked) and the Enabled
# switches, found by Playwright's role engine in one locator, told apart here:
# [terms, switches].
_RAIL_AND_SWITCHES = f"""elements => {{
  const isTerm = el => el.matches('dt, dfn, [role="term"]');
  const terms = elements.filter(isTerm);
  return [({properties.TERMS})(terms), elements.filter(el => !isTerm(el)).map({_SWITCH})];
}}"""


def _switch_state(states: list[list[bool]]) -> tuple[bool, bool]:
    """(enabled, can_change) from the Enabled switches' (checked, disabled): it can be
    changed when it is there, alone, and not disabled."""
    if len(states) != 1:
        return (bool(states) and states[0][0]), False
    checked, disabled = states[0]
    return checked, not disabled


def _mapping(cells: Mapping[str, Cell], names: tuple[str, ...]) -> tuple[str, str]:
    """(source, target) from a Mapping cell reading "source → target"; empty parts if none."""
    text = next((cells[n].text for n in names if n in cells), "")
    source, arrow, target = text.partition("→")
    shown = [
        part.strip() if part.strip() not in ("—", "-", "") else "" for part in (source, target)
    ]
    return (shown[0], shown[1]) if arrow else ("", "")


class DataflowPage:
    """Checks on arrival that it shows a dataflow (and the expected one, when told)."""

    def __init__(
        self,
        root: Root,
        labels: AepLabels,
        *,
        name: str | None = None,
        destination: str | None = None,
    ) -> None:
        self.root = root
        self.labels = labels
        # What arrival checked, so a reload checks the same without reading it again.
        self._known = (name, destination)
        if name is None:
            # Told its name, the heading shows the page has come; else the switch does.
            expect(self.switch, "a dataflow's Enabled switch").to_be_visible()
        else:
            expect(self.heading, "the dataflow's name").to_have_text(name)
        if destination is not None:
            expect(
                self._property(labels.rail_destination), "the dataflow's destination"
            ).to_have_text(destination)

    @property
    def heading(self) -> Locator:
        return self.root.get_by_role("heading", level=1)

    @property
    def switch(self) -> Locator:
        return self.root.get_by_role("switch", name=exactly(*self.labels.enabled_switch))

    def _property(self, names: tuple[str, ...]) -> Locator:
        return properties.definition(self.root, names)

    def name(self) -> str:
        return self.heading.inner_text().strip()

    def destination(self) -> str:
        return self._property(self.labels.rail_destination).inner_text().strip()

    def ad_account_id(self) -> str:
        return properties.value(self.root, self.labels.ad_account_id)

    def location(self) -> str:
        """The page's URL relative to its origin (how a plan finds the flow again)."""
        parts = urlsplit(page_of(self.root).url)
        return (
            parts.path
            + (f"?{parts.query}" if parts.query else "")
            + (f"#{parts.fragment}" if parts.fragment else "")
        )

    def is_enabled(self) -> bool:
        """From the switch's checked state, not from its label."""
        return self.switch.is_checked()

    def switch_state(self) -> tuple[bool, bool]:
        """(enabled, can_change) in one round trip: the switch's checked state, and whether
        it is there, alone, and not disabled."""
        return _switch_state(self.switch.evaluate_all(_SWITCHES))

    def read(self) -> FlowFacts:
        """Name, destination, switch and Ad Account ID in one round trip, two when the
        page was not told its name (a plan reads every flow; the Activation data tab is
        read by `audiences`)."""
        found = self.switch.or_(self.root.get_by_role("term")).evaluate_all(_RAIL_AND_SWITCHES)
        rail = [(term, text) for term, text in found[0]]
        enabled, can_change = _switch_state(found[1])
        return FlowFacts(
            name=self._known[0] or self.name(),
            destination=properties.pick(rail, self.labels.rail_destination) or "",
            enabled=enabled,
            can_change=can_change,
            ad_account_id=properties.shown(properties.pick(rail, self.labels.ad_account_id) or ""),
            url=self.location(),
        )

    def can_change(self) -> bool:
        """The user may flip the switch: it is there and not disabled."""
        return self.switch_state()[1]

    def expect_enabled(self, enabled: bool) -> None:
        expect(self.switch, "the Enabled switch's state").to_be_checked(checked=enabled)

    def set_enabled(self, enabled: bool, *, read_back: bool = True) -> DataflowPage:
        """Flip the switch, accept a confirmation if one asks, and read the state back.

        Returns the page read again from the server: a toast or the switch's own state
        in the page may be optimistic, the reloaded page is not. Raises NotPermitted when
        the switch is disabled (no Manage Destinations), NotSaved when the change did not
        stick.
        """
        checked, can_change = self.switch_state()
        if checked == enabled:
            return self
        if not can_change:
            raise NotPermitted(f"the Enabled switch of {self.name()!r} is disabled")
        self.switch.click()
        confirm = self.root.get_by_role("alertdialog").get_by_role(
            "button", name=exactly(*self.labels.confirm_disable)
        )
        # The switch is disabled while the change saves; a confirmation, if the UI asks
        # for one, comes first.
        settled = self.root.get_by_role("switch", name=exactly(*self.labels.enabled_switch))
        settled = settled.and_(self.root.get_by_role("switch", disabled=False))
        expect(confirm.or_(settled).first, "the change saved, or a confirmation").to_be_visible(
            timeout=SAVE_TIMEOUT_MS
        )
        if confirm.is_visible():
            confirm.click()
            expect(settled, "the change saved").to_be_visible(timeout=SAVE_TIMEOUT_MS)
        state = "enabled" if enabled else "disabled"
        if self.is_enabled() != enabled:  # the UI flipped it back: the save failed
            toasts = Toasts(self.root, self.labels).messages()
            raise NotSaved(
                f"{self.name()!r} was not {state}" + (f": {toasts[-1]}" if toasts else "")
            )
        # The rail's Status follows the saved flow; reloading before it does could cut
        # the save short in a UI that does not disable the switch meanwhile.
        expect(self._property(self.labels.rail_status), "the rail's Status").to_have_text(
            exactly(*(self.labels.enabled if enabled else self.labels.disabled)),
            timeout=SAVE_TIMEOUT_MS,
        )
        if not read_back:  # the caller reads the flow again later, after a reload of its own
            return self
        saved = self.reload()
        if saved.is_enabled() != enabled:
            raise NotSaved(
                f"{saved.name()!r} shows {state} but reads back otherwise after a reload"
            )
        return saved

    def status_text(self) -> str:
        return self._property(self.labels.rail_status).inner_text().strip()

    def audiences(self) -> list[ActivatedAudience]:
        """Every audience of the Activation data tab."""
        tab = self.root.get_by_role("tab", name=exactly(*self.labels.tab_activation_data))
        if tab.get_attribute("aria-selected") != "true":
            tab.click()
        grid = VirtualGrid(
            self.root.get_by_role("grid", name=exactly(*self.labels.activation_grid))
        )
        lab = self.labels
        return [
            ActivatedAudience(
                row.text(*lab.col_audience_name),
                row.text(*lab.col_audience_id),
                parse_date(row.text(*lab.col_start)),
                parse_date(row.text(*lab.col_end)),
                *_mapping(row.cells, lab.col_mapping),
            )
            for row in grid.rows()
        ]

    def start_activate_audiences(self) -> ActivationWizard:
        """The rail's Activate audiences: the regular activation steps for this flow."""
        button = self.root.get_by_role("button", name=exactly(*self.labels.activate_audiences))
        button.first.click()
        return ActivationWizard(self.root, self.labels)

    def back_to_browse(self) -> BrowseTab:
        """The breadcrumb back to Browse (its filters stay as they were)."""
        # Browse opens dataflow pages, so it imports this module: import it late.
        from pages.aep.browse import BrowseTab  # noqa: PLC0415

        crumbs = self.root.get_by_role("navigation", name=exactly(*self.labels.breadcrumbs))
        crumbs.get_by_role("link", name=exactly(*self.labels.tab_browse)).click()
        return BrowseTab(self.root, self.labels)

    def reload(self) -> DataflowPage:
        """Read the page again from the server (the saved state, not the UI's memory)."""
        name, destination = self._known
        name = self.name() if name is None else name
        destination = self.destination() if destination is None else destination
        page_of(self.root).reload()
        return DataflowPage(self.root, self.labels, name=name, destination=destination)
