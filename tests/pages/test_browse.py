"""BrowseTab: every row of the virtualized grid, filters, search, and opening a dataflow by
its hyperlinked connection name exactly, whatever the name holds."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from mocks.aep.state import NEW_CARD, OLD_CARD
from mocks.client import MockSites
from pages.aep.browse import BrowseTab, DataflowRow
from pages.aep.dataflow import DataflowPage
from pages.aep.workspace import DestinationsWorkspace
from tests.pages.variants import each


def shown(rows: list[DataflowRow]) -> list[tuple[str, str, str, int]]:
    return sorted((f.name, f.destination, f.status, f.activation_count) for f in rows)


def in_state(state: dict[str, Any], **match: Any) -> list[tuple[str, str, str, int]]:
    return sorted(
        (
            f["name"],
            f["destination"],
            "Enabled" if f["enabled"] else "Disabled",
            len(f["activations"]),
        )
        for f in state["flows"].values()
        if all(f[key] == value for key, value in match.items())
    )


def flow_id(state: dict[str, Any], name: str, destination: str) -> str:
    [found] = [
        f["id"]
        for f in state["flows"].values()
        if f["name"] == name and f["destination"] == destination
    ]
    return str(found)


def browse_tab(
    destinations: Callable[..., DestinationsWorkspace], *args: Any, **reset: Any
) -> BrowseTab:
    return destinations(*args, **reset).open_browse()


PAGE_SIZE = 25  # rows per page and per lazy load in the mock (views/listing.js)


@each("rows")
def test_reads_every_row_beyond_the_first_screen_and_opens_the_last(
    destinations: Callable[..., DestinationsWorkspace], mock_sites: MockSites, rows: str
) -> None:
    browse = browse_tab(destinations, "large", options={"pairs": 60}, variants={"rows": rows})

    read = browse.dataflows()
    announced = browse.grid.row_count()
    last = browse.open_dataflow(read[-1])

    state = mock_sites.aep_state()
    assert len(read) == 120
    # A page announces its own rows; a lazy list, the rows loaded (all of them, once read).
    assert announced == {"virtual": 120, "pages": 120 - 4 * PAGE_SIZE, "lazy": 120}[rows]
    assert shown(read) == in_state(state)
    if rows == "pages":
        assert [(r.page, r.row_index) for r in read] == [
            (1 + i // PAGE_SIZE, 2 + i % PAGE_SIZE) for i in range(120)
        ]
    else:
        assert [r.row_index for r in read] == list(range(2, 122))
    assert (last.name(), last.destination()) == (read[-1].name, read[-1].destination)
    assert flow_id(state, read[-1].name, read[-1].destination) in last.location()


@each("rows")
def test_finds_a_pair_far_down_the_400_pair_list(
    destinations: Callable[..., DestinationsWorkspace], mock_sites: MockSites, rows: str
) -> None:
    browse = browse_tab(destinations, "large", variants={"rows": rows})
    browse.filter_by_destination(OLD_CARD, NEW_CARD)
    state = mock_sites.aep_state()
    # The pair the server lists last: on the last page, or behind every lazy load.
    *_, far = [f for f in state["flows"].values() if f["destination"] == NEW_CARD]

    row = browse.find(far["name"], NEW_CARD)
    page = browse.open_dataflow(row)

    assert len(state["flows"]) == 800
    assert (page.name(), page.destination()) == (far["name"], NEW_CARD)
    assert page.location().endswith(f"/{far['id']}")
    assert (row.page > 1) is (rows == "pages")


@each("layout")
@pytest.mark.parametrize("card", [OLD_CARD, NEW_CARD])
def test_opens_every_flow_by_its_exact_name(
    destinations: Callable[..., DestinationsWorkspace],
    mock_sites: MockSites,
    card: str,
    layout: str,
) -> None:
    browse = browse_tab(destinations, "names", variants={"layout": layout})
    browse.filter_by_destination(OLD_CARD, NEW_CARD)
    # Read once: the filters and the order stay while going to each flow and back.
    rows = {f.name: f for f in browse.dataflows() if f.destination == card}
    names = sorted(rows)

    opened: list[tuple[str, str, str]] = []
    for name in names:
        page: DataflowPage = browse.open_dataflow(rows[name])
        opened.append((page.name(), page.destination(), page.location()))
        browse = page.back_to_browse()

    state = mock_sites.aep_state()
    assert len(names) == 6
    for name, (shown_name, destination, location) in zip(names, opened, strict=True):
        assert (shown_name, destination) == (name, card)
        assert location.endswith(f"/{flow_id(state, name, card)}")


def test_filters_by_destination_and_status(
    destinations: Callable[..., DestinationsWorkspace], mock_sites: MockSites
) -> None:
    browse = browse_tab(destinations, "notice")

    browse.filter_by_destination(OLD_CARD, NEW_CARD)
    pinterest = browse.dataflows()
    browse.filter_by_status("Enabled")
    enabled = browse.dataflows()
    browse.clear_filters()
    everything = browse.dataflows()

    state = mock_sites.aep_state()
    assert shown(pinterest) == sorted(
        in_state(state, destination=OLD_CARD) + in_state(state, destination=NEW_CARD)
    )
    assert shown(enabled) == in_state(state, destination=OLD_CARD, enabled=True)
    assert shown(everything) == in_state(state)


def test_search_filters_by_name_as_you_type(
    destinations: Callable[..., DestinationsWorkspace], mock_sites: MockSites
) -> None:
    browse = browse_tab(destinations, "names")

    browse.search("loyalty")
    loyalty = browse.dataflows()
    browse.search("MOTHER'S")
    mothers = browse.dataflows()

    state = mock_sites.aep_state()
    assert shown(loyalty) == sorted(
        in_state(state, name="Loyalty") + in_state(state, name="Loyalty campaign")
    )
    assert shown(mothers) == in_state(state, name='Mother\'s Day "VIP" list')


def test_classic_layout_filters_in_the_sort_panel_and_has_no_search(
    destinations: Callable[..., DestinationsWorkspace], mock_sites: MockSites
) -> None:
    browse = browse_tab(destinations, "names", variants={"layout": "classic"})

    searched = browse.search("loyalty")
    browse.filter_by_destination(NEW_CARD)
    new = browse.dataflows()
    tags = browse.filter_tags()
    browse.clear_filters()
    everything = browse.dataflows()

    state = mock_sites.aep_state()
    assert searched is False, "no search bar: the caller picks rows by name"
    assert shown(new) == in_state(state, destination=NEW_CARD)
    assert tags == []
    assert shown(everything) == in_state(state)
