"""One click on a pair's Enabled switch, as the switch and the rollback both make it:
journaled before (with the switches it should give) and after (with the server's time),
on the flow's page (opened unless it is the one on screen), read back after a reload."""

from __future__ import annotations

from collections.abc import Callable

from flows.decide import Step
from flows.harness import Harness
from flows.model import FlowState, Switches
from flows.steps.navigate import open_flow
from pages.aep.dataflow import DataflowPage

SetEnabled = Callable[[DataflowPage, bool], DataflowPage]


def journaled_click(
    h: Harness,
    key: str,
    step: Step,
    expect: Switches,
    *,
    flows: tuple[str, FlowState, FlowState],
    shown: tuple[str, DataflowPage],
    set_enabled: SetEnabled,
) -> tuple[str, DataflowPage]:
    """`step` on pair `key`, whose (sandbox, old flow, new flow) are `flows` and whose
    (card, page) on screen is `shown`; `set_enabled` flips and reads back. The card and
    page on screen after it."""
    sandbox, old, new = flows
    on, page = shown
    h.journal.write("intent", pair=key, step=step.describe(), expect=expect.to_json())
    with h.group(step.describe()):
        if step.card != on:
            page = open_flow(h, sandbox, old if step.card == "old" else new)
            on = step.card
        page = set_enabled(page, step.enable)
    h.journal.write(
        "done", pair=key, step=step.describe(), state=expect.to_json(),
        server_time=h.server_now.isoformat(),
    )  # fmt: skip
    return on, page
