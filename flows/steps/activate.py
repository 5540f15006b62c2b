"""`--activate-missing`: what the notice leaves to the customer, done before the switch.

Audiences activated to an old flow after Adobe's copy are not on its new flow; the notice
says to add them "with the regular activation steps". For a blocked pair this opens the
new flow's Activate audiences and adds exactly the audiences the plan found missing,
keeping the old flow's start and end dates and its mapping where the UI shows them.
Finish activates all of them in one go or none: a Review that shows a data-usage policy
violation is cancelled, and the pair stays blocked with the reason.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from flows.decide import PairState, completed, is_stale
from flows.harness import Harness
from flows.model import AudienceRef, PairPlan
from flows.steps.navigate import open_flow, read_flow
from pages.aep.activation import ActivationRefused, Scheduled
from pages.aep.dataflow import ActivatedAudience, DataflowPage

INTENT, DONE = "activation_intent", "activation_done"


class NotActivated(RuntimeError):
    """The activation steps could not add the audiences; nothing was activated."""


class PairChanged(RuntimeError):
    """Someone else changed the pair since the plan: it is left alone (`stale`)."""


@dataclass(frozen=True)
class Activated:
    """What this run added, and the pair as the plan would have found it with them."""

    added: tuple[AudienceRef, ...]
    pair: PairPlan


def _active(audience: ActivatedAudience, today: date) -> bool:
    return not audience.end or date.fromisoformat(audience.end) >= today


def activate_missing(h: Harness, pair: PairPlan, produced: Sequence[PairState] = ()) -> Activated:
    """Add the plan's missing audiences to the pair's new flow (those still missing).

    Raises PairChanged when the pair differs from the plan and from what this harness
    produced (the missing audiences aside: an earlier, killed run may have added them),
    NotActivated when the activation steps refuse (e.g. a policy violation at Review).
    """
    today = h.server_now.date()
    missing_ids = {a.id for a in pair.missing}
    with h.group("Read both flows"):
        old_page = open_flow(h, pair.sandbox, pair.old)
        old_audiences = {a.id: a for a in old_page.audiences() if _active(a, today)}
        old = read_flow(old_page, today)
        new_page = open_flow(h, pair.sandbox, pair.new)
        new = read_flow(new_page, today)
    current = PairState.of(old, new)
    without = replace(current, new_audiences=current.new_audiences - missing_ids)
    if is_stale(pair, without, produced):
        raise PairChanged("changed since the plan by someone else")
    to_add = [old_audiences[a.id] for a in pair.missing if a.id not in current.new_audiences]
    if not to_add:
        return Activated((), completed(pair))
    ids = [a.id for a in to_add]
    names = ", ".join(a.name for a in to_add)
    h.journal.write(INTENT, pair=pair.key, audiences=ids)
    with h.group(f"Activate audiences: {names}"):
        _activate(new_page, to_add)
    with h.group("Read the new flow back"):
        now = {a.id: a for a in new_page.reload().audiences()}
    lacking = [a.name for a in to_add if a.id not in now]
    if lacking:
        raise NotActivated(f"not on the new flow after Finish: {', '.join(lacking)}")
    h.journal.write(DONE, pair=pair.key, audiences=ids, server_time=h.server_now.isoformat())
    added = tuple(AudienceRef(a.id, a.name, a.start, a.end) for a in to_add)
    return Activated(added, completed(pair))


def _activate(page: DataflowPage, audiences: Sequence[ActivatedAudience]) -> None:
    """The regular activation steps, whatever their layout: the audiences with the old
    flow's dates, and its mapping where the old flow shows one (else the new flow's own)."""
    mapped = {(a.source_field, a.target_field) for a in audiences if a.source_field}
    if len(mapped) > 1:
        raise NotActivated(f"the old flow maps these audiences differently: {sorted(mapped)}")
    wizard = page.start_activate_audiences()
    try:
        wizard.activate(
            [Scheduled(a.name, a.start, a.end) for a in audiences],
            mapped.pop() if mapped else None,
        )
    except ActivationRefused as refused:
        raise NotActivated(str(refused)) from None
