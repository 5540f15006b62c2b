"""`make migrate`: the dry run, its plan's summary, then `--apply --activate-missing`; exit
status is the apply's. Blocked pairs get their missing audiences first, then are switched.

It only ever runs on the embedded mock sites: both runs start them from the same
deterministic scenario, so the plan made by the first applies to the second. With
MIGRATION_TARGET=live (in .env, as for a real org) it refuses, exit status 4: a real org
is migrated by the trust ladder, a person reviewing the plan before `--apply`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flows.settings import SettingsError, load_settings  # noqa: E402

# The main job's own plugins only: the test suite's are not part of it.
PYTEST = [sys.executable, "-m", "pytest", "flows", "-q", "-p", "no:cacheprovider"]


def run(*args: str) -> int:
    print(f"\n$ pytest flows {' '.join(args)}".rstrip(), flush=True)
    # The mock sites, whatever .env says (it was checked to say so; this keeps it so).
    env = {**os.environ, "MIGRATION_TARGET": "mock"}
    return subprocess.run([*PYTEST, *args], cwd=ROOT, env=env, check=False).returncode


def report(evidence: Path) -> dict[str, Any]:
    path = evidence / "latest" / "report.json"
    data: dict[str, Any] = json.loads(path.read_text()) if path.exists() else {}
    return data


def main() -> int:
    try:
        settings = load_settings(ROOT)
    except SettingsError as exc:
        print(f"settings: {exc}", file=sys.stderr)
        return 4
    if settings.migration_target != "mock":
        print(
            "make migrate refuses MIGRATION_TARGET=live: it runs on the embedded mock sites "
            "only; to migrate your org, run `pytest flows` (a dry run), review its plan, then "
            "`pytest flows --apply` (README: the trust ladder)",
            file=sys.stderr,
        )
        return 4
    evidence = settings.evidence_dir
    print(
        f"make migrate: the main job on the embedded mock sites (scenario "
        f"{settings.mock_scenario}), not on a real org; evidence in {evidence}"
    )
    dry = run()
    plan = report(evidence)
    if not plan.get("complete"):
        print("The dry run did not finish; nothing was applied.", file=sys.stderr)
        return dry
    print(f"\nPlan: {plan['summary']}  ({evidence / 'latest' / 'plan.json'})")
    status = run("--apply", "--activate-missing")
    done = report(evidence)
    print(f"\nApplied: {done.get('summary', {})}")
    print(f"Report: {evidence / 'latest' / 'report.html'}")
    for pair in done.get("pairs", []):
        if pair.get("audiences_added"):
            names = ", ".join(a["name"] for a in pair["audiences_added"])
            print(f"Audiences added: {pair['key']}: {names} (then switched: {pair['outcome']})")
    blocked = [p for p in done.get("pairs", []) if p["outcome"] == "blocked"]
    for pair in blocked:
        names = ", ".join(a["name"] for a in pair["missing"])
        print(
            f"Blocked: {pair['key']}: its new flow lacks {names}. The old flow stays enabled. "
            f"Adding them failed ({pair['reason']}): add them to the new flow by hand "
            "(Activate audiences on its dataflow page), then run `make migrate` again."
        )
    # make itself exits 2 whenever a recipe fails: say the apply's own status.
    print(f"Exit status of the apply: {status}")
    return status


if __name__ == "__main__":
    sys.exit(main())
