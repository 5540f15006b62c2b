"""AccountsTab: destination-platform filters, search, typed rows, the row menu."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from mocks.aep.state import NEW_CARD, OLD_CARD
from mocks.client import MockSites
from pages.aep.accounts import AccountRow, AccountsTab
from pages.aep.workspace import DestinationsWorkspace
from tests.pages.variants import each


def shown(rows: list[AccountRow]) -> list[tuple[str, str, str, int, str]]:
    return sorted((a.name, a.destination, a.username, a.connections, a.expires_on) for a in rows)


def in_state(state: dict[str, Any], *destinations: str) -> list[tuple[str, str, str, int, str]]:
    """The accounts the state API holds on these cards (all cards when none given)."""
    pinterest = (OLD_CARD, NEW_CARD)
    return sorted(
        (
            a["name"],
            a["destination"],
            a["username"],
            sum(1 for f in state["flows"].values() if f["account_id"] == a["id"]),
            # Only the Pinterest cards (and LinkedIn) show an expiration date.
            a["expires"][:10] if a["destination"] in pinterest else "",
        )
        for a in state["accounts"].values()
        if not destinations or a["destination"] in destinations
    )


def accounts_tab(destinations: Callable[..., DestinationsWorkspace], **reset: Any) -> AccountsTab:
    return destinations("notice", **reset).open_accounts()


@each("layout")
def test_filter_by_both_pinterest_cards(
    destinations: Callable[..., DestinationsWorkspace], mock_sites: MockSites, layout: str
) -> None:
    accounts = accounts_tab(destinations, variants={"layout": layout})

    accounts.filter_by_destination(OLD_CARD, NEW_CARD)
    rows = accounts.accounts()

    # The classic sort panel shows no tags; its columns are Platform, Destinations, Authorized.
    assert accounts.filter_tags() == ([OLD_CARD, NEW_CARD] if layout == "current" else [])
    assert shown(rows) == in_state(mock_sites.aep_state(), OLD_CARD, NEW_CARD)
    # The new card's account was copied with an already-ended grant.
    assert {a.destination: a.expiry_warning for a in rows} == {OLD_CARD: "", NEW_CARD: "Expired"}


@each("layout")
def test_remove_a_filter_then_clear_all(
    destinations: Callable[..., DestinationsWorkspace], mock_sites: MockSites, layout: str
) -> None:
    accounts = accounts_tab(destinations, variants={"layout": layout})
    if layout == "current":
        accounts.filter_by_destination(OLD_CARD, NEW_CARD)
        accounts.remove_filter(OLD_CARD)
    else:  # no tags to remove: untick in the sort panel
        accounts.filter_by_destination(NEW_CARD)

    only_new = accounts.accounts()
    accounts.clear_filters()
    everything = accounts.accounts()

    state = mock_sites.aep_state()
    assert shown(only_new) == in_state(state, NEW_CARD)
    assert accounts.filter_tags() == []
    assert shown(everything) == in_state(state)
    assert len(everything) == accounts.grid.row_count()


def test_search_by_account_name_within_a_filter(
    destinations: Callable[..., DestinationsWorkspace], mock_sites: MockSites
) -> None:
    accounts = accounts_tab(destinations)

    accounts.search("google")
    google = accounts.accounts()
    accounts.search("acme ads")
    accounts.filter_by_destination(NEW_CARD)
    new_pinterest = accounts.accounts()

    state = mock_sites.aep_state()
    assert shown(google) == in_state(state, "Google Customer Match")
    assert shown(new_pinterest) == in_state(state, NEW_CARD)


@each("layout")
def test_edit_details_opens_for_the_row_chosen_among_same_names(
    destinations: Callable[..., DestinationsWorkspace], mock_sites: MockSites, layout: str
) -> None:
    accounts = accounts_tab(destinations, variants={"layout": layout})
    # Both Pinterest cards hold an account named "Pinterest - Acme Ads".
    new_account = accounts.find("Pinterest - Acme Ads", NEW_CARD)

    dialog = accounts.open_edit_details(new_account)
    connection = dialog.connection()
    dialog.cancel()

    state = next(
        a for a in mock_sites.aep_state()["accounts"].values() if a["destination"] == NEW_CARD
    )
    assert connection.destination == NEW_CARD
    assert connection.username == state["username"]
    assert connection.expires_on == state["expires"][:10]
