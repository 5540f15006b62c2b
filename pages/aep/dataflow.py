"""A dataflow's page: its Enabled toggle, Activation data, and right rail.

Documented: the tabs Dataflow runs and Activation data, the rail's items (Destination
name, Destination, Status, ...), the "Enabled/Disabled toggle", Activate audiences.
Undocumented, so found by role and structure: whether the toggle is a switch or a
checkbox and what it is named, how the rail is marked up, Activation data's columns, and
the way back to Browse (a breadcrumb, or the left navigation).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal
from urllib.parse import urlsplit

from playwright.sync_api import Locator, expect

from pages.aep import properties
from pages.aep.activation import ActivationWizard
from pages.aep.grid import GridRow, VirtualGrid, find_grid
from pages.aep.labels import AepLabels
from pages.aep.toasts import Toasts
from pages.base import Root, page_of, shown
from pages.dates import parse_date
from pages.labels import Texts, exactly, pattern

if TYPE_CHECKING:
    from pages.aep.browse import BrowseTab


ToggleRole = Literal["switch", "checkbox"]

# Enabling a flow runs it before the answer comes back (the mock's export included).
SAVE_TIMEOUT_MS = 30_000
# The rail's "Destination name" item (documented) names the flow, as may a heading.
DESTINATION_NAME: Texts = ("Destination name",)


class NotPermitted(RuntimeError):
    """The user may not change this dataflow (the toggle is disabled or absent)."""


class NotSaved(RuntimeError):
    """The toggle was flipped but the saved state, read back, did not change."""


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


# The toggle's (checked, disabled): a native checkbox's own state, else its ARIA state,
# else the state word shown beside it ("Enabled"/"Disabled").
_STATE = """(el, [on, off]) => {
  let checked = el instanceof HTMLInputElement ? el.checked : null;
  if (checked === null && el.hasAttribute("aria-checked"))
    checked = el.getAttribute("aria-checked") === "true";
  if (checked === null) {
    const near = (el.closest("label") || el.parentElement || el).innerText || "";
    checked = new RegExp(on, "i").test(near) && !new RegExp(off, "i").test(near);
  }
  return [checked, el.disabled === true || el.getAttribute("aria-disabled") === "true"];
}"""

# Of the elements of one role, the index of the first outside a grid, table, dialog,
# listbox or group (the toggle is the page's own, not a row's or a filter's); -1 if none.
_OWN = """els => els.findIndex(el => !el.closest(
  '[role=grid], [role=table], table, [role=dialog], [role=alertdialog], [role=listbox],' +
  ' [role=group], [role=row]'))"""


def _word(texts: Texts) -> str:
    return "|".join(pattern(t).pattern for t in texts)


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
        self._toggle: Locator | None = None
        self._role: ToggleRole = "switch"
        expect(self.tabs, "a dataflow's documented tabs").to_be_visible()
        if destination is not None:
            shown = properties.wait_for(
                root, labels.rail_destination, (f"re:{exactly(destination).pattern}",), 5_000
            )
            if shown is None or shown != destination:
                raise AssertionError(f"the page is not a dataflow on {destination}")
        if name is not None and not self._shows_name(name, 5_000):
            raise AssertionError(f"the page is not the dataflow {name!r}")

    def _shows_name(self, name: str, timeout_ms: float) -> bool:
        """Whether the page names the flow, once the rail or a heading shows its name
        (within `timeout_ms`): an app that changes its route in place may still show the
        flow it showed before."""
        accepted = (f"re:{exactly(name).pattern}",)
        found = properties.wait_for(
            self.root, DESTINATION_NAME, accepted, timeout_ms, or_heading=True
        )
        return found is not None and self._names(name)

    @property
    def tabs(self) -> Locator:
        names = pattern(*self.labels.tab_dataflow_runs, *self.labels.tab_activation_data)
        return self.root.get_by_role("tab", name=names).first

    def _names(self, name: str) -> bool:
        """The page names the flow: its rail's Destination name, or a heading."""
        if properties.value(self.root, DESTINATION_NAME) == name:
            return True
        return self.root.get_by_role("heading", name=exactly(name)).count() > 0

    # --- the toggle -------------------------------------------------------------------------
    @property
    def switch(self) -> Locator:
        """The Enabled toggle: a switch or checkbox named as documented, else the page's one
        switch, else its one checkbox outside tables, dialogs and filter groups."""
        if self._toggle is None:
            self._toggle, self._role = self._find_toggle()
        return self._toggle

    def _find_toggle(self) -> tuple[Locator, ToggleRole]:
        names = pattern(*self.labels.enabled_switch, *self.labels.enabled, *self.labels.disabled)
        roles: tuple[ToggleRole, ...] = ("switch", "checkbox")
        for role in roles:
            named = self.root.get_by_role(role, name=names)
            if named.count():
                return named.first, role
        for role in roles:
            every = self.root.get_by_role(role)
            index: int = every.evaluate_all(_OWN)
            if index >= 0:
                found = every.nth(index)
                name = found.get_attribute("aria-label") or ""
                how = f"the page's own {role}, not in a table, dialog or filter"
                self.labels.note("enabled_switch", name, how, "dataflow page")
                return found, role
        # None at all: a locator that finds nothing (the user may not change the flow).
        return self.root.get_by_role("switch", name=names), "switch"

    def _state(self) -> tuple[bool, bool] | None:
        """(checked, disabled) of the toggle; None when the page has no toggle."""
        if not self.switch.count():
            return None
        on, off = _word(self.labels.enabled), _word(self.labels.disabled)
        checked, disabled = self.switch.evaluate(_STATE, [on, off])
        return bool(checked), bool(disabled)

    # --- reading ------------------------------------------------------------------------------
    def name(self) -> str:
        known = self._known[0]
        if known is not None:
            return known
        return properties.value(self.root, DESTINATION_NAME) or self._heading()

    def _heading(self) -> str:
        heading = self.root.get_by_role("heading", level=1)
        return heading.first.inner_text().strip() if heading.count() else ""

    def destination(self) -> str:
        return self._known[1] or properties.value(self.root, self.labels.rail_destination)

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
        """From the toggle's checked state, not from its label."""
        state = self._state()
        if state is None:
            raise LookupError("the dataflow page shows no Enabled toggle")
        return state[0]

    def switch_state(self) -> tuple[bool, bool]:
        """(enabled, can_change): the toggle's state, and whether it is there and not
        disabled (absent: not enabled as far as this page says, and not changeable)."""
        state = self._state()
        if state is None:
            return False, False
        return state[0], not state[1]

    def read(self) -> FlowFacts:
        """Name, destination, toggle and Ad Account ID (the Activation data tab is read by
        `audiences`)."""
        rail = properties.read(
            self.root,
            {"destination": self.labels.rail_destination, "ad_account": self.labels.ad_account_id},
        )
        enabled, can_change = self.switch_state()
        return FlowFacts(
            name=self.name(),
            destination=self._known[1] or rail["destination"] or "",
            enabled=enabled,
            can_change=can_change,
            ad_account_id=rail["ad_account"] or "",
            url=self.location(),
        )

    def can_change(self) -> bool:
        """The user may flip the toggle: it is there and not disabled."""
        return self.switch_state()[1]

    def expect_enabled(self, enabled: bool) -> None:
        expect(self.switch, "the Enabled toggle's state").to_be_checked(checked=enabled)

    # --- acting ---------------------------------------------------------------------------------
    def set_enabled(self, enabled: bool, *, read_back: bool = True) -> DataflowPage:
        """Flip the toggle, accept a confirmation if one asks, and read the state back.

        Returns the page read again from the server: a toast or the toggle's own state
        in the page may be optimistic, the reloaded page is not. Raises NotPermitted when
        the toggle is disabled or absent (no Manage Destinations), NotSaved when the
        change did not stick (with the UI's own words for it, where it shows any).
        """
        checked, can_change = self.switch_state()
        if checked == enabled and self.switch.count():
            return self
        if not can_change:
            raise NotPermitted(f"the Enabled toggle of {self.name()!r} is disabled or absent")
        messages = Toasts(self.root, self.labels)
        seen = messages.messages()
        self.switch.click()
        # A confirmation, if the UI asks for one, is a dialog offering a way back (a toast
        # is a dialog too, but offers none); the toggle is disabled while the change saves.
        dialog = self._confirmation()
        settled = self.switch.and_(self.root.get_by_role(self._role, disabled=False))
        expect(dialog.or_(settled).first, "the change saved, or a confirmation").to_be_visible(
            timeout=SAVE_TIMEOUT_MS
        )
        if dialog.count() and dialog.first.is_visible():
            self._confirm(dialog.first)
            expect(settled, "the change saved").to_be_visible(timeout=SAVE_TIMEOUT_MS)
        state = "enabled" if enabled else "disabled"
        said = messages.reason(seen)
        if self.is_enabled() != enabled:  # the UI flipped it back: the save failed
            raise NotSaved(f"{self.name()!r} was not {state}" + (f": {said}" if said else ""))
        # The rail's Status follows the saved flow; reloading before it does could cut
        # the save short in a UI that does not disable the toggle meanwhile.
        wanted = self.labels.enabled if enabled else self.labels.disabled
        if properties.wait_for(self.root, self.labels.rail_status, wanted, SAVE_TIMEOUT_MS) is None:
            said = messages.reason(seen)
            raise NotSaved(
                f"{self.name()!r}: the rail's Status did not become {state}"
                + (f": {said}" if said else "")
            )
        if not read_back:  # the caller reads the flow again later, after a reload of its own
            return self
        saved = self.reload()
        if saved.is_enabled() != enabled:
            raise NotSaved(
                f"{saved.name()!r} shows {state} but reads back otherwise after a reload"
            )
        return saved

    def _back_out(self, *, close: bool) -> re.Pattern[str]:
        """What a button that backs out of a confirmation says (guessed, then usual words)."""
        said = [*self.labels.cancel, *(self.labels.close if close else ())]
        usual = r"^\s*(?:no|keep\b.*|go back|back|not now|don'?t\b.*|cancel)\s*$"
        return re.compile(f"{pattern(*said).pattern}|{usual}", re.IGNORECASE)

    def _confirmation(self) -> Locator:
        """A dialog that asks to confirm: one with a confirm (as guessed) or back-out button."""
        dialogs = self.root.get_by_role("alertdialog").or_(self.root.get_by_role("dialog"))
        answers = (
            pattern(*self.labels.confirm_disable).pattern
            + "|"
            + self._back_out(close=False).pattern
        )
        buttons = self.root.get_by_role("button", name=re.compile(answers, re.IGNORECASE))
        return dialogs.filter(has=buttons)

    def _confirm(self, dialog: Locator) -> None:
        """Accept a switch-off confirmation: its button named as guessed, else the one
        button that does not back out (Cancel, No, Keep ..., Close)."""
        named = dialog.get_by_role("button", name=pattern(*self.labels.confirm_disable))
        if named.count():
            named.first.click()
            return
        back_out = self._back_out(close=True)
        names: list[str] = dialog.get_by_role("button").evaluate_all(
            "els => els.map(el => (el.getAttribute('aria-label') || el.innerText || '').trim())"
        )
        forward = [i for i, n in enumerate(names) if n and not back_out.search(n)]
        if len(forward) != 1:
            raise LookupError(f"a confirmation with buttons {names}: which one confirms?")
        self.labels.note(
            "confirm_disable", names[forward[0]], "the confirmation's one button that does not "
            "back out", "dataflow page",
        )  # fmt: skip
        dialog.get_by_role("button").nth(forward[0]).click()

    # --- Activation data ------------------------------------------------------------------------
    def audiences(self) -> list[ActivatedAudience]:
        """Every audience of the Activation data tab."""
        tab = self.root.get_by_role("tab", name=pattern(*self.labels.tab_activation_data))
        if tab.get_attribute("aria-selected") != "true":
            tab.click()
        expect(tab, "the Activation data tab").to_have_attribute("aria-selected", "true")
        panel = self.root.get_by_role("tabpanel")
        scope = panel if panel.count() else self.root
        grid = VirtualGrid(find_grid(scope, self.root, self.labels, "activation_grid"))
        return [self._audience(row, columns) for row, columns in _with_columns(grid, self.labels)]

    def _audience(self, row: GridRow, columns: dict[str, str]) -> ActivatedAudience:
        def text(field: str) -> str:
            return row.cells[columns[field]].text if field in columns else ""

        source, arrow, target = text("mapping").partition("→")
        parts = [shown(part) for part in (source, target)]
        return ActivatedAudience(
            text("name"),
            text("id"),
            parse_date(text("start")),
            parse_date(text("end")),
            *((parts[0], parts[1]) if arrow else ("", "")),
        )

    def start_activate_audiences(self) -> ActivationWizard:
        """The rail's Activate audiences: the regular activation steps for this flow."""
        button = self.root.get_by_role("button", name=pattern(*self.labels.activate_audiences))
        button.first.click()
        return ActivationWizard(self.root, self.labels)

    # --- leaving --------------------------------------------------------------------------------
    def back_to_browse(self) -> BrowseTab:
        """Back to Browse: a breadcrumb's Browse link, else the left navigation's
        Destinations and the Browse tab (documented both). Its filters may stay."""
        # Browse opens dataflow pages, so it imports this module: import it late.
        from pages.aep.browse import BrowseTab  # noqa: PLC0415
        from pages.aep.workspace import DestinationsWorkspace  # noqa: PLC0415

        browse = pattern(*self.labels.tab_browse)
        crumbs = self.root.get_by_role("navigation", name=pattern(*self.labels.breadcrumbs))
        link = crumbs.get_by_role("link", name=browse)
        if not link.count():
            link = self.root.get_by_role("navigation").get_by_role("link", name=browse)
            self.labels.note("breadcrumbs", "", "a navigation's Browse link", "dataflow page")
        if link.count():
            link.first.click()
            return BrowseTab(self.root, self.labels)
        nav = self.root.get_by_role("link", name=pattern(*self.labels.destinations))
        nav.first.click()
        return DestinationsWorkspace(self.root, self.labels).open_browse()

    def reload(self) -> DataflowPage:
        """Read the page again from the server (the saved state, not the UI's memory)."""
        name, destination = self._known
        name = self.name() if name is None else name
        destination = self.destination() if destination is None else destination
        page_of(self.root).reload()
        return DataflowPage(self.root, self.labels, name=name, destination=destination)


def _with_columns(grid: VirtualGrid, labels: AepLabels) -> list[tuple[GridRow, dict[str, str]]]:
    """Activation data's rows, with which column holds what: by header (guessed names),
    else by content (the audience IDs, the dates, the "source → target" mapping)."""
    rows = grid.rows()
    if not rows:
        return []
    headers = list(rows[0].cells)
    wanted = {
        "name": labels.col_audience_name,
        "id": labels.col_audience_id,
        "start": labels.col_start,
        "end": labels.col_end,
        "mapping": labels.col_mapping,
    }
    columns: dict[str, str] = {}
    for field, texts in wanted.items():
        header = next((h for h in headers if pattern(*texts).search(h)), None)
        if header is not None and header not in columns.values():
            columns[field] = header
    by_content = _columns_by_content(rows, [h for h in headers if h not in columns.values()])
    for field, header in by_content.items():
        if field not in columns:
            columns[field] = header
            labels.note(_LABEL_OF[field], header, "Activation data's column told by its content")
    return [(row, columns) for row in rows]


_LABEL_OF = {
    "name": "col_audience_name",
    "id": "col_audience_id",
    "start": "col_start",
    "end": "col_end",
    "mapping": "col_mapping",
}
_ID = re.compile(r"^[0-9a-fA-F-]{8,}$|^\d{4,}$")


def _columns_by_content(rows: list[GridRow], headers: list[str]) -> dict[str, str]:
    def values(header: str) -> list[str]:
        return [row.cells[header].text for row in rows if header in row.cells]

    def dates(header: str) -> bool:
        filled = [v for v in values(header) if shown(v)]
        try:
            return bool(filled) and all(parse_date(v) for v in filled)
        except ValueError:
            return False

    found: dict[str, str] = {}
    for header in headers:
        vals = [v for v in values(header) if shown(v)]
        if vals and all("→" in v for v in values(header)):
            found.setdefault("mapping", header)
        elif vals and all(_ID.match(v) for v in vals):
            found.setdefault("id", header)
        elif dates(header):
            found.setdefault("start" if "start" not in found else "end", header)
    rest = [h for h in headers if h not in found.values()]
    if rest:
        found.setdefault("name", rest[0])
    return found
