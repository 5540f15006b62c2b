"""`python -m mocks`: serve the mock AEP and the mock Pinterest for a person to click through."""

from __future__ import annotations

import argparse
import contextlib
import json
import threading

from mocks.options import OPEN_VARIANTS, VARIANTS, OptionError, scramble_seed
from mocks.scenarios import (
    AD_ACCOUNT_ID,
    AEP_USER_EMAIL,
    AEP_USER_PASSWORD,
    PINTEREST_EMAIL,
    PINTEREST_PASSWORD,
    SCENARIOS,
)
from mocks.server import serve


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m mocks", description=__doc__)
    parser.add_argument("--scenario", default="notice", choices=sorted(SCENARIOS))
    parser.add_argument(
        "--options", default="{}", help="scenario options as JSON, e.g. '{\"pairs\": 20}'"
    )
    for name, values in VARIANTS.items():
        parser.add_argument(f"--{name.replace('_', '-')}", choices=values, default=values[0])
    parser.add_argument(
        "--scramble",
        default="off",
        help=f"redraw the mocks' undocumented names and markup: {OPEN_VARIANTS['scramble']}",
    )
    args = parser.parse_args()
    try:
        scramble_seed(args.scramble)
    except OptionError as exc:
        parser.error(str(exc))
    variants = {name: getattr(args, name) for name in [*VARIANTS, *OPEN_VARIANTS]}
    with serve(args.scenario, options=json.loads(args.options), variants=variants) as world:
        lines = [
            ("Mock AEP", f"{world.aep_url}/", f"sign in as {AEP_USER_EMAIL} / {AEP_USER_PASSWORD}"),
            (
                "Mock Pinterest",
                f"{world.pinterest_url}/",
                f"log in as {PINTEREST_EMAIL} / {PINTEREST_PASSWORD}",
            ),
            ("Ad accounts", f"{world.pinterest_url}/advertisers/", ""),
            ("Ads Manager", f"{world.pinterest_url}/advertiser/{AD_ACCOUNT_ID}/audiences/", ""),
            (
                "State API",
                f"{world.aep_url}/__mock/state",
                f"and {world.pinterest_url}/__mock/state",
            ),
        ]
        if world.scramble_seed is not None:
            lines.append(
                ("Scramble", f"seed {world.scramble_seed}", "(see docs/variants-and-faults.md)")
            )
        for label, url, note in lines:
            print(f"{label + ':':<16} {url}   {note}".rstrip())
        print("Press Ctrl+C to stop.", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
