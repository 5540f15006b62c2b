"""The main job's command line: its options, and what they ask for as a `Request`.

`pytest flows [--apply [--plan FILE] [--order O] [--only NAME]... [--activate-missing]]`,
`--reauth-only [--within-days N] [--apply]`, `--verify RUN_ID`, `--rollback RUN_ID [--only
NAME]... [--apply]`, `--probe [--write-labels FILE]`; flows/conftest.py adds them to pytest.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from flows.decide import RECONNECT_WITHIN_DAYS
from flows.runs.session import Kind, Request, Usage

# The main job's options: (flag, what argparse takes, help).
OPTIONS: list[tuple[str, dict[str, Any], str]] = [
    ("--apply", {"action": "store_true"}, "carry out the plan (default: a dry run that plans)"),
    ("--plan", {"metavar": "FILE"}, "the plan to carry out (default: latest/plan.json)"),
    ("--order", {"choices": ("safe", "documented"), "default": "safe"},
     "safe: new on, then old off (default); documented: the notice's order"),
    ("--only", {"action": "append", "default": [], "metavar": "NAME"},
     "only the pairs with this connection name (repeatable)"),
    ("--activate-missing", {"action": "store_true"},
     "with --apply: add the audiences a blocked pair's new flow lacks, then switch it"),
    ("--reauth-only", {"action": "store_true"},
     "keep-alive: reconnect OAuth on new-card accounts expiring soon (dry run unless --apply)"),
    ("--within-days", {"type": int, "default": RECONNECT_WITHIN_DAYS, "metavar": "N"},
     f"with --reauth-only: tokens expiring within N days (default {RECONNECT_WITHIN_DAYS})"),
    ("--verify", {"metavar": "RUN_ID"}, "check an apply run's switched pairs again"),
    ("--rollback", {"metavar": "RUN_ID"},
     "put an apply run's switched pairs back to first-seen (dry run unless --apply)"),
    ("--probe", {"action": "store_true"},
     "read-only: every screen of the procedure, and what differs on this UI"),
    ("--write-labels", {"metavar": "FILE"},
     "with --probe: write the labels file it proposes, for LABELS_FILE"),
]  # fmt: skip


def request_of(get: Callable[[str], Any]) -> Request:
    """The command line as a Request; a combination that makes no sense is a usage error."""
    verify, rollback, probe, reauth = (
        get("--verify"),
        get("--rollback"),
        get("--probe"),
        get("--reauth-only"),
    )
    if probe and (given := [o for o in ("--apply", "--reauth-only", "--verify", "--rollback",
                                        "--plan", "--only") if get(o)]):  # fmt: skip
        raise Usage(f"--probe is read-only and takes no {', '.join(given)}")
    if get("--write-labels") and not probe:
        raise Usage("--write-labels goes with --probe (it writes what the probe found)")
    if get("--write-labels") and Path(get("--write-labels")).is_dir():
        raise Usage("--write-labels takes a file, not a folder")
    if get("--activate-missing") and not get("--apply"):
        raise Usage("--activate-missing goes with --apply (a dry run lists what it would add)")
    if sum(bool(x) for x in (verify, rollback, reauth)) > 1:
        raise Usage("--verify, --rollback and --reauth-only are separate runs: give one")
    if get("--within-days") < 0:
        raise Usage(f"--within-days takes a number of days >= 0, got {get('--within-days')}")
    kind: Kind = (
        "probe" if probe else "verify" if verify else "rollback" if rollback
        else "reauth" if reauth else "apply" if get("--apply") else "dry_run"
    )  # fmt: skip
    return Request(
        kind=kind,
        apply=bool(get("--apply")),
        plan_file=Path(get("--plan")) if get("--plan") else None,
        order=get("--order"),
        only=tuple(get("--only")),
        activate_missing=bool(get("--activate-missing")),
        within_days=get("--within-days"),
        run_id=verify or rollback or "",
        write_labels=Path(get("--write-labels")) if get("--write-labels") else None,
    )
