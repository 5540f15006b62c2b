"""Pinterest Ads Manager: an ad account's Audiences page, read to the end whatever its paging.

Documented: Ads Manager lives at `<ads url>/advertiser/<ad account id>/...`, has an
"Audiences" page, and a usable audience's "status will turn green". The table's columns,
status words, time format and paging are guesses: each is found by its guessed name
first, else by structure and content (pages/pinterest/audience_table.py, paging.py).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime

from playwright.sync_api import Locator, Page, expect

from pages.dates import parse_datetime
from pages.labels import pattern
from pages.pinterest.audience_table import GREEN, Columns, RawRow, resolve
from pages.pinterest.labels import PinterestLabels
from pages.pinterest.paging import Next, go_on

# A runaway "next" (a list that never ends) stops here rather than looping forever.
MAX_PAGES = 1000
# The table's rows from `start` on, in one round trip: [how many rows the table has, its
# data rows (header rows left out), each as [cell texts, cell tones, the row header's
# index, cell <time> datetimes]]. A tone is 2 when anything drawn in the cell is
# clearly green (text, background, an SVG's fill, a ::before/::after dot), 1 when it has
# another coloured dot or badge (a background or fill), else 0: the documented "status
# will turn green" is read from the colours, whatever the words.
_ROWS = r"""(rows, start) => {
  const rgb = s => {
    const m = s && s.match(/rgba?\(([^)]*)\)/);
    if (!m) return null;
    const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(parseFloat);
    return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1};
  };
  const tone = (s, green, other) => {
    const c = rgb(s);
    if (!c || c.a < 0.3) return 0;
    const max = Math.max(c.r, c.g, c.b), min = Math.min(c.r, c.g, c.b), d = max - min;
    if (max < 60 || d / max < 0.35) return 0;  // black, grey, white, washed out
    let h = max === c.r ? ((c.g - c.b) / d) % 6 : max === c.g ? (c.b - c.r) / d + 2
          : (c.r - c.g) / d + 4;
    h = (h * 60 + 360) % 360;
    return h >= 75 && h <= 165 ? green : other;
  };
  const ownText = el => [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
  const cellTone = cell => {
    let best = 0;
    for (const el of [cell, ...cell.querySelectorAll('*')]) {
      if (el !== cell && !el.getClientRects().length) continue;
      const st = getComputedStyle(el);
      best = Math.max(best, tone(st.backgroundColor, 2, 1), tone(st.fill, 2, 1),
                      ownText(el) ? tone(st.color, 2, 0) : 0);
      // A drawn dot sits on an element inside the cell (the costly part: skip the cell).
      for (const pseudo of el === cell ? [] : ['::before', '::after']) {
        const ps = getComputedStyle(el, pseudo);
        if (ps.content === 'none' || ps.content === 'normal') continue;
        best = Math.max(best, tone(ps.backgroundColor, 2, 1), tone(ps.color, 2, 0));
      }
    }
    return best;
  };
  const cellsOf = r => r.cells ? [...r.cells] : [...r.children].filter(c =>
    ['cell', 'gridcell', 'rowheader', 'columnheader'].includes(c.getAttribute('role')));
  const isHead = c => c.tagName === 'TH' || c.getAttribute('role') === 'rowheader';
  const isColumnHead = c => c.getAttribute('role') === 'columnheader'
    || (c.tagName === 'TH' && (c.scope === 'col' || !!c.closest('thead')));
  const data = rows.slice(start).map(cellsOf).filter(cells =>
    cells.length && !cells.every(isColumnHead));
  // As one JSON string: Playwright's own encoding of thousands of values costs more than
  // reading them (0.4 s at 800 rows), as for AEP's grids (pages/aep/grid.py).
  return JSON.stringify([rows.length, data.map(cells => [
    cells.map(c => c.innerText.trim()), cells.map(cellTone), cells.findIndex(isHead),
    cells.map(c => (c.querySelector('time[datetime]') || {}).dateTime || '')])]);
}"""


@dataclass(frozen=True)
class AudienceRow:
    name: str
    id: str
    type: str
    size: str
    status: str
    last_updated: str
    # Usable: the status is a known ready word, or its cell is green (the documented sign).
    ready: bool = False
    # The cell's machine-readable time (a <time datetime>), when it has one.
    updated_datetime: str = ""

    @property
    def updated_at(self) -> datetime | None:
        """Last updated, as an aware UTC time (to the minute Ads Manager shows); None when
        the table shows no time this harness can read."""
        for text in (self.last_updated, self.updated_datetime):
            try:
                return parse_datetime(text)
            except ValueError:
                continue
        return None


class AudiencesPage:
    """`<ads url>/advertiser/<ad account id>/audiences/`: the account's audiences as a table."""

    def __init__(self, page: Page, labels: PinterestLabels) -> None:
        self.page = page
        self.labels = labels
        heading = page.get_by_role("heading", name=pattern(*labels.audiences_heading))
        expect(
            heading.or_(self._audience_tables).filter(visible=True).first,
            "Ads Manager's Audiences page",
        ).to_be_visible()
        if not heading.filter(visible=True).count():
            labels.note("audiences_heading", "", "a table whose rows hold audiences")

    @classmethod
    def open(
        cls, page: Page, ads_url: str, ad_account_id: str, labels: PinterestLabels
    ) -> AudiencesPage:
        page.goto(f"{ads_url.rstrip('/')}/advertiser/{ad_account_id}/audiences/")
        return cls(page, labels)

    @property
    def _tables(self) -> Locator:
        return self.page.get_by_role("table").or_(self.page.get_by_role("grid"))

    @property
    def _audience_tables(self) -> Locator:
        """Tables holding an audience: an ID's digits in their text (by text, not by each
        cell's accessible name: that costs a second per thousand rows)."""
        return self._tables.filter(has_text=re.compile(r"(?<!\d)\d{6,}(?!\d)"))

    @property
    def table(self) -> Locator:
        """The audience table: the page's one table, else the one holding audiences."""
        return self._tables.first if self._tables.count() <= 1 else self._audience_tables.first

    def audiences(self) -> list[AudienceRow]:
        """Every audience, on every page of the list; each page's rows in one round trip."""
        table = self.table
        expect(table, "the audience table").to_be_visible()
        headers = [h.strip() for h in table.get_by_role("columnheader").all_inner_texts()]
        # Every row, header rows too: the script leaves those out (a role filter on cells
        # would cost a query per row).
        rows = table.get_by_role("row")
        raw: list[RawRow] = []
        visited, start = {self.page.url}, 0
        for _ in range(MAX_PAGES):
            total, read = json.loads(rows.evaluate_all(_ROWS, start))
            raw += [RawRow.from_json(r) for r in read]
            step = go_on(self.page, self.labels, visited)
            if step is None:
                break
            if step.label == "load_more":
                start = self._load_more(step, rows, total)
            else:
                self._turn(step, rows, bool(read))
                visited.add(self.page.url)
                start = 0
        else:
            raise RuntimeError(f"the audience list goes on past {MAX_PAGES} pages")
        columns = resolve(headers, raw, self.labels)
        ready = pattern(*self.labels.status_ready)
        return _unique([self._row(r, columns, ready) for r in raw])

    def _load_more(self, more: Next, rows: Locator, shown: int) -> int:
        """Click it and wait for rows to be added; returns where the new rows start."""
        self._noted(more)
        more.control.click()
        expect(rows, "more audience rows after loading more").not_to_have_count(shown)
        return shown

    def _turn(self, turn: Next, rows: Locator, shown: bool) -> None:
        """Go to the next page (a link's or a script's) and wait until its rows replaced
        this page's: the last row (a data row; its ID makes it unique) is another."""
        self._noted(turn)
        last = rows.last.text_content() if shown else None
        turn.control.click()
        if last is not None:
            expect(rows.last, "the next page of audiences").not_to_have_text(last)

    def _noted(self, found: Next) -> None:
        if found.how:
            self.labels.note(found.label, found.found, found.how)

    def _row(self, raw: RawRow, columns: Columns, ready: re.Pattern[str]) -> AudienceRow:
        def cell(field: str, values: list[str]) -> str:
            i = columns[field]
            return values[i] if i is not None and i < len(values) else ""

        status, at = cell("status", raw.cells), columns["status"]
        worded = bool(status) and bool(ready.search(status))
        green = at is not None and at < len(raw.tones) and raw.tones[at] == GREEN
        if green and not worded:
            self.labels.note("status_ready", status, "the status cell is green")
        return AudienceRow(
            name=cell("name", raw.cells),
            id=cell("id", raw.cells),
            type=cell("type", raw.cells),
            size=cell("size", raw.cells),
            status=status,
            last_updated=cell("last_updated", raw.cells),
            ready=worded or green,
            updated_datetime=cell("last_updated", raw.times),
        )


def _unique(rows: list[AudienceRow]) -> list[AudienceRow]:
    """Each audience once (a list that shifted while it was paged shows one twice)."""
    seen: set[str] = set()
    unique = []
    for row in rows:
        if row.id and row.id in seen:
            continue
        seen.add(row.id)
        unique.append(row)
    return unique
