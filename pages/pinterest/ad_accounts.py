"""Ads Manager's landing page: the ad accounts the signed-in Pinterest user sees.

Documented: Ads Manager lives at `<ads url>/advertiser/<ad account id>/...`. How the
landing page lists the accounts is not, so an account is any link into that path, whatever
its wording or markup; its name is what the link shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from playwright.sync_api import Error, Locator, Page, expect

# Links into an ad account. CSS because only the link's target tells it: its name is
# undocumented wording, and no role or name carries an href.
_ACCOUNT_LINKS = "a[href*='/advertiser/']"
# Each link's absolute href and the name it shows, in one round trip.
_READ = """links => links.map(a => [a.href || '',
  (a.getAttribute('aria-label') || a.innerText || a.title || '').trim()])"""
_ID = re.compile(r"/advertiser/(\d{1,18})(?:[/?#]|$)")


@dataclass(frozen=True)
class AdAccount:
    id: str
    name: str  # as the link shows it ("" when it shows none)


class AdAccountsPage:
    """`<ads url>/`: whatever it shows, the links into `/advertiser/<id>/`."""

    def __init__(self, page: Page) -> None:
        self.page = page

    @classmethod
    def open(cls, page: Page, ads_url: str) -> AdAccountsPage:
        page.goto(f"{ads_url.rstrip('/')}/")
        return cls(page)

    @property
    def links(self) -> Locator:
        return self.page.locator(_ACCOUNT_LINKS)

    def ad_accounts(self) -> list[AdAccount]:
        """Each ad account once, in the page's order ([] when the page links to none: a
        user without ad accounts, or a page that lists them elsewhere)."""
        try:
            expect(self.links.first, "a link into an ad account").to_be_attached()
        except (AssertionError, Error):
            return []
        found: dict[str, str] = {}
        for href, name in self.links.evaluate_all(_READ):
            if match := _ID.search(href):
                # The first link that shows a name names the account.
                found[match[1]] = found.get(match[1]) or name
        return [AdAccount(ident, name) for ident, name in found.items()]
