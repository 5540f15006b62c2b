"""Pinterest Ads Manager: an ad account's Audiences page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from playwright.sync_api import Locator, Page, expect

from pages.dates import parse_datetime
from pages.labels import exactly
from pages.pinterest.labels import PinterestLabels


@dataclass(frozen=True)
class AudienceRow:
    name: str
    id: str
    type: str
    size: str
    status: str
    last_updated: str

    @property
    def updated_at(self) -> datetime:
        """Last updated, as an aware UTC time (to the minute Ads Manager shows)."""
        return parse_datetime(self.last_updated)


class AudiencesPage:
    """`<ads url>/advertiser/<ad account id>/audiences/`: the account's audiences as a table."""

    def __init__(self, page: Page, labels: PinterestLabels) -> None:
        self.page = page
        self.labels = labels
        expect(
            page.get_by_role("heading", name=exactly(*labels.audiences_heading)),
            "Ads Manager's Audiences page",
        ).to_be_visible()

    @classmethod
    def open(
        cls, page: Page, ads_url: str, ad_account_id: str, labels: PinterestLabels
    ) -> AudiencesPage:
        page.goto(f"{ads_url.rstrip('/')}/advertiser/{ad_account_id}/audiences/")
        return cls(page, labels)

    @property
    def table(self) -> Locator:
        return self.page.get_by_role("table")

    def audiences(self) -> list[AudienceRow]:
        """Every audience row, read in one pass (the column order comes from the headers)."""
        headers = [h.strip() for h in self.table.get_by_role("columnheader").all_inner_texts()]
        index = {
            field: _column(headers, texts)
            for field, texts in (
                ("name", self.labels.col_name),
                ("id", self.labels.col_id),
                ("type", self.labels.col_type),
                ("size", self.labels.col_size),
                ("status", self.labels.col_status),
                ("last_updated", self.labels.col_updated),
            )
        }
        data_rows = self.table.get_by_role("row").filter(has=self.page.get_by_role("cell"))
        rows: list[list[str]] = data_rows.evaluate_all(
            "rows => rows.map(r => [...r.cells].map(c => c.innerText.trim()))"
        )
        return [AudienceRow(**{f: cells[i] for f, i in index.items()}) for cells in rows]


def _column(headers: list[str], texts: tuple[str, ...]) -> int:
    for text in texts:
        if text in headers:
            return headers.index(text)
    raise LookupError(f"no column {texts[0]!r} among {headers}")
