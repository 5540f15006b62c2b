"""Plan: the documented clicks, read-only, and what the migration intends per pair.

Per sandbox: Accounts filtered to both cards; Browse filtered to both cards; each
connection opened by its hyperlinked name and read (switch, location, ad account,
audiences). Flows pair by exact connection name within a sandbox; anything else is
reported as `unpaired`, never guessed.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from datetime import date

from flows.decide import RECONNECT_WITHIN_DAYS, intended_action, missing_audiences, needs_reconnect
from flows.harness import Harness
from flows.model import AccountInfo, FlowState, PairPlan, Plan, UnpairedFlow
from flows.parallel import ContextPool, each
from flows.progress import Progress, Say, quiet
from flows.steps.ad_accounts import with_ad_accounts
from flows.steps.navigate import browse_both_cards, open_sandbox, read_flow
from pages.aep.accounts import AccountRow
from pages.aep.browse import BrowseTab, DataflowRow
from pages.aep.dataflow import DataflowPage


class FlowReader:
    """Reads the flows of a Browse list filtered to both cards.

    The first flow is opened by its hyperlinked name (the documented click), and shows
    how the list's links map to locations: when the page's location ends with the link's
    target, every other flow is opened at the location its own link gives, and checked
    to show that flow, without going back to the list and filtering it again. Where the
    links say nothing usable, or a location shows another flow, each flow is opened by
    its link from the list (back by the breadcrumb, the filter again should the UI have
    dropped it). With PARALLEL_CONTEXTS > 1 the other contexts read too, taking flows
    from one queue, each reaching a Browse list of its own only when it needs one.
    """

    def __init__(
        self,
        h: Harness,
        sandbox: str | None,
        name: str,
        browse: BrowseTab,
        today: date,
        *,
        say: Say = quiet,
    ) -> None:
        self.h = h
        self.sandbox = sandbox
        self.name = name
        self.today = today
        self.cards = (h.settings.old_destination, h.settings.new_destination)
        self.say = say
        # Each context's Browse list (by its harness), the flow page it left it for, or
        # None when it is elsewhere.
        self._lists: dict[int, BrowseTab | DataflowPage | None] = {id(h): browse}
        # What a link's target needs in front of it to be a location; None: not known yet.
        self._prefix: str | None = None
        self._links_usable = True
        self._named_alike: Counter[tuple[str, str]] = Counter()

    def read(self, rows: Sequence[DataflowRow], pool: ContextPool | None) -> list[FlowState]:
        """Every row's flow, in the rows' order."""
        self._named_alike = Counter((row.name, row.destination) for row in rows)
        states: dict[int, FlowState] = {}
        progress = Progress(f"plan, {self.name}", len(rows), "flows read", self.say)

        def read_one(harness: Harness, i: int) -> None:
            states[i] = self._read(harness, rows[i])
            progress.one_done()

        each(pool, self.h, len(rows), read_one, self._helper_session)
        return [states[i] for i in range(len(rows))]

    def _read(self, h: Harness, row: DataflowRow) -> FlowState:
        with h.group(f"{self.name}: open {row.name!r} on {row.destination}"):
            page = self._at_location(h, row) or self._by_link(h, row)
            self._lists[id(h)] = page
            return read_flow(page, self.today)

    def _at_location(self, h: Harness, row: DataflowRow) -> DataflowPage | None:
        """The flow at the location its link gives, once the first flow showed how."""
        if self._prefix is None or not self._links_usable or not row.href:
            return None
        if self._named_alike[(row.name, row.destination)] > 1:
            return None  # a page's name would not tell this flow from its namesake
        self._lists[id(h)] = None  # wherever the location leads, not a Browse list
        try:
            shell = h.open_aep(self._prefix + row.href)
            return DataflowPage(shell.app, h.aep_labels, name=row.name, destination=row.destination)
        except AssertionError:
            self._links_usable = False  # this UI's links do not say where a flow is
            return None

    def _by_link(self, h: Harness, row: DataflowRow) -> DataflowPage:
        """The documented click on the row's hyperlinked name, from a Browse list."""
        at = self._lists.get(id(h))
        if isinstance(at, DataflowPage):
            browse = at.back_to_browse()
            browse.filter_by_destination(*self.cards)
        else:
            browse = at or self._open_browse(h)
        page = browse.open_dataflow(row)
        location = page.location()
        if self._links_usable and self._prefix is None and row.href:
            if location.endswith(row.href):
                self._prefix = location[: -len(row.href)]
            else:
                self._links_usable = False
        return page

    def _open_browse(self, h: Harness) -> BrowseTab:
        return browse_both_cards(h, open_sandbox(h, self.sandbox))

    @contextmanager
    def _helper_session(self, h: Harness) -> Iterator[None]:
        """Another context's reads, in a step trace of its own."""
        with h.step(f"Plan: {self.name}: flows read in another browser context"):
            yield


def plan_sandbox(
    h: Harness, sandbox: str | None, pool: ContextPool | None = None, *, say: Say = quiet
) -> tuple[list[AccountInfo], list[PairPlan], list[UnpairedFlow]]:
    s = h.settings
    cards = (s.old_destination, s.new_destination)
    shell = h.open_aep()
    if sandbox:
        shell = shell.switch_sandbox(sandbox)
    name = shell.sandbox_name()
    today = h.server_now.date()

    with h.group(f"{name}: Accounts filtered to both cards"):
        accounts_tab = shell.go_to_destinations().open_accounts()
        accounts_tab.filter_by_destination(*cards)
        account_rows = [a for a in accounts_tab.accounts() if a.destination in cards]

    with h.group(f"{name}: Browse filtered to both cards"):
        browse = browse_both_cards(h, shell)
        flows = [f for f in browse.dataflows() if f.destination in cards]

    by_name: dict[str, dict[str, list[DataflowRow]]] = defaultdict(lambda: defaultdict(list))
    for flow in flows:
        by_name[flow.name][flow.destination].append(flow)

    to_read: list[tuple[str, DataflowRow, DataflowRow]] = []
    unpaired: list[UnpairedFlow] = []
    for flow_name, on_card in by_name.items():
        olds, news = on_card.get(s.old_destination, []), on_card.get(s.new_destination, [])
        if len(olds) != 1 or len(news) != 1:
            unpaired += _unpaired(name, flow_name, olds, news, cards)
            continue
        to_read.append((flow_name, olds[0], news[0]))

    reader = FlowReader(h, sandbox, name, browse, today, say=say)
    states = reader.read(
        [row for _, old_row, new_row in to_read for row in (old_row, new_row)], pool
    )
    pairs: list[PairPlan] = []
    for (flow_name, _, _), old, new in zip(to_read, states[::2], states[1::2], strict=True):
        action, reason = intended_action(old, new)
        pairs.append(
            PairPlan(name, flow_name, old, new, action, missing_audiences(old, new), reason)
        )

    # Each flow's ad account: its page's, else PINTEREST_AD_ACCOUNTS' (flows/steps/ad_accounts.py).
    pairs = with_ad_accounts(s, name, pairs, account_rows, [(o, n) for _, o, n in to_read])
    accounts = [account_info(name, row, pairs) for row in account_rows]
    return accounts, pairs, unpaired


def account_info(sandbox: str, row: AccountRow, pairs: Sequence[PairPlan] = ()) -> AccountInfo:
    """An Accounts row as plan data; its Ad Account IDs are those of `pairs`' flows."""
    ad_accounts = sorted(
        {
            flow.ad_account_id
            for pair in pairs
            for flow in (pair.old, pair.new)
            if flow.destination == row.destination and flow.ad_account_id
        }
    )
    return AccountInfo(
        sandbox=sandbox,
        name=row.name,
        destination=row.destination,
        username=row.username,
        connection_type=row.connection_type,
        connections=row.connections,
        authorized=row.authorization_date,
        expires=row.expires_on,
        ad_account_ids=tuple(ad_accounts),
    )


def _unpaired(
    sandbox: str,
    name: str,
    olds: list[DataflowRow],
    news: list[DataflowRow],
    cards: tuple[str, str],
) -> list[UnpairedFlow]:
    old_card, new_card = cards
    if olds and news:
        reason = (
            f"ambiguous: {len(olds)} flow(s) named {name!r} on {old_card}, "
            f"{len(news)} on {new_card}"
        )
    elif olds:
        reason = f"no flow named {name!r} on {new_card}"
    else:
        reason = f"no flow named {name!r} on {old_card}"
    return [UnpairedFlow(sandbox, name, f.destination, reason) for f in (*olds, *news)]


def make_plan(
    h: Harness,
    run_id: str,
    created: str,
    aep_user: str,
    pool: ContextPool | None = None,
    *,
    say: Say = quiet,
) -> Plan:
    s = h.settings
    accounts: list[AccountInfo] = []
    pairs: list[PairPlan] = []
    unpaired: list[UnpairedFlow] = []
    for sandbox in s.aep_sandboxes or (None,):
        a, p, u = plan_sandbox(h, sandbox, pool, say=say)
        accounts += a
        pairs += p
        unpaired += u
    today = h.server_now.date()
    to_reconnect = tuple(
        a.key
        for a in accounts
        if a.destination == s.new_destination
        and needs_reconnect(a.expires, today, RECONNECT_WITHIN_DAYS)
    )
    return Plan(
        run_id=run_id,
        created=created,
        aep_url=s.aep_url or "",
        old_destination=s.old_destination,
        new_destination=s.new_destination,
        aep_user=aep_user,
        accounts=tuple(accounts),
        accounts_to_reconnect=to_reconnect,
        pairs=tuple(pairs),
        unpaired=tuple(unpaired),
    )


def only(plan: Plan, names: list[str]) -> Plan:
    """The plan limited to the pairs whose connection name is in `names` (`--only`)."""
    if not names:
        return plan
    return replace(plan, pairs=tuple(p for p in plan.pairs if p.name in names))
