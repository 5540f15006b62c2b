"""`python -m mocks`: serve the mock AEP and the mock Pinterest for a person to click through."""

from __future__ import annotations

import argparse
import json
import threading

from mocks.options import VARIANTS
from mocks.scenarios import AEP_USER_EMAIL, AEP_USER_PASSWORD, PINTEREST_EMAIL, PINTEREST_PASSWORD, SCENARIOS
from mocks.server import serve


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m mocks", description=__doc__)
    parser.add_argument("--scenario", default="notice", choices=sorted(SCENARIOS))
    parser.add_argument("--options", default="{}", help='scenario options as JSON, e.g. \'{"pairs": 20}\'')
    for name, values in VARIANTS.items():
        parser.add_argument(f"--{name.replace('_', '-')}", choices=values, default=values[0])
    args = parser.parse_args()
    variants = {name: getattr(args, name) for name in VARIANTS}
    with serve(args.scenario, options=json.loads(args.options), variants=variants) as world:
        print(f"Mock AEP:        {world.aep_url}/   (sign in as {AEP_USER_EMAIL} / {AEP_USER_PASSWORD})")
        print(f"Mock Pinterest:  {world.pinterest_url}/   (log in as {PINTEREST_EMAIL} / {PINTEREST_PASSWORD})")
        print(f"Ads Manager:     {world.pinterest_url}/advertiser/549755885175/audiences/")
        print(f"State API:       {world.aep_url}/__mock/state  and  {world.pinterest_url}/__mock/state")
        print("Press Ctrl+C to stop.", flush=True)
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
