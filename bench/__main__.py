"""`make bench` (`python -m bench`): the main job against the floor, at N = 10, 100, 400 pairs.

For each N, on a fresh `large` scenario each time: the main job as a user runs it (the dry
run, then `pytest flows --apply`, headless, in live mode against this process's mock
sites) with K = 1 and K = 2 browser contexts (PARALLEL_CONTEXTS), and the floor
(bench/floor.py). Phases come from each run's JUnit report (its items' own times): plan
(the dry run's item), reauthenticate, switch and verify (the apply's items); `startup` is
the rest (Python, pytest, Chromium, opening AEP). On a shared machine wall time is noisy,
so each row also has the CPU seconds the harness's processes (pytest, Playwright's
driver, Chromium) and the floor's (driver, Chromium) used, the mock sites' excluded.
Writes bench/results/bench.json and bench/results/bench.png and prints the table.
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import json
import os
import platform
import resource
import select
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from bench.env import aep_storage_state, harness_env
from bench.floor import pairs_of, run_floor
from mocks.client import MockSites
from mocks.server import serve

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
OLD_CARD, NEW_CARD = "(Deprecating) Pinterest", "(New) Pinterest"
PYTEST = [sys.executable, "-m", "pytest", "flows", "-q", "-p", "no:cacheprovider"]
# prctl(2): orphaned descendants are reparented to this process, not to init.
PR_SET_CHILD_SUBREAPER = 36
# Which apply items make which phase (pytest item name before its parameters).
PHASES = {"test_reconnect": "reauthenticate", "test_switch": "switch", "test_verify": "verify"}


def item_times(junit: Path) -> dict[str, float]:
    """Seconds per item function (summed over its parameters) of one run's JUnit XML."""
    times: dict[str, float] = {}
    # The JUnit XML of a run this benchmark just made, not outside input.
    for case in ET.parse(junit).getroot().iter("testcase"):  # noqa: S314
        name = case.get("name", "").split("[")[0]
        times[name] = times.get(name, 0.0) + float(case.get("time", "0"))
    return times


def children_cpu_s() -> float:
    """CPU seconds used so far by this process's finished children and theirs."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def adopt_orphans() -> bool:
    """Become the reaper of this process's orphaned descendants (Linux only).

    RUSAGE_CHILDREN counts a process only once its parent has waited for it, and so on up.
    Chromium's zygote and renderers outlive the browser process that started them, so
    nobody in the chain waits for them: about half of a run's CPU went uncounted. Adopted
    here, they are reaped by `reap_adopted` and counted.
    """
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    return bool(libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0)


def reap_adopted(timeout_s: float = 30.0) -> None:
    """Wait for the orphans adopted during a run (none of this process's own children is
    running between runs) to exit, and reap them, so their CPU counts."""
    deadline = time.monotonic() + timeout_s
    tasks = Path("/proc/self/task")
    children = [task / "children" for task in tasks.iterdir()] if tasks.is_dir() else []
    for listed in children:
        # A kernel without CONFIG_PROC_CHILDREN lists none: their CPU goes uncounted.
        pids = listed.read_text().split() if listed.is_file() else []
        for pid in map(int, pids):
            with contextlib.suppress(ProcessLookupError, ChildProcessError):
                exited = os.pidfd_open(pid)
                try:
                    select.select([exited], [], [], max(0.0, deadline - time.monotonic()))
                finally:
                    os.close(exited)
                os.waitpid(pid, os.WNOHANG)


def timed(args: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    started = time.monotonic()
    done = subprocess.run(
        [*PYTEST, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    return time.monotonic() - started, done.returncode, done.stdout + done.stderr


def run_harness(sites: MockSites, n: int, k: int, folder: Path) -> dict[str, Any]:
    """The dry run, then --apply, on a fresh scenario; whole job and phases in seconds."""
    sites.reset("large", options={"pairs": n})
    env = harness_env(sites, folder, k)
    cpu = children_cpu_s()
    dry_s, dry_status, dry_out = timed([], env)
    dry = (folder / "evidence" / "latest").resolve()
    apply_s, apply_status, apply_out = timed(["--apply"], env)
    reap_adopted()
    cpu = children_cpu_s() - cpu
    applied = (folder / "evidence" / "latest").resolve()
    if dry_status or apply_status:
        sys.exit(f"N={n} K={k}: the main job failed\n{dry_out[-2000:]}\n{apply_out[-2000:]}")
    switched = [f for f in sites.aep_state()["flows"].values() if f["name"].startswith("Camp")]
    wrong = [f["name"] for f in switched if f["enabled"] != (f["destination"] == NEW_CARD)]
    if wrong:
        sys.exit(f"N={n} K={k}: not switched: {wrong[:5]}")
    plan = item_times(dry / "junit.xml")
    apply = item_times(applied / "junit.xml")
    phases = {"plan": plan.get("test_plan", 0.0)}
    for item, phase in PHASES.items():
        phases[phase] = apply.get(item, 0.0)
    phases["startup"] = dry_s + apply_s - sum(phases.values())
    return {
        "harness_s": dry_s + apply_s,
        "harness_cpu_s": round(cpu, 2),
        "phases": {k: round(v, 2) for k, v in phases.items()},
    }


def machine(chromium: str) -> dict[str, Any]:
    cpu = ""
    with open("/proc/cpuinfo", encoding="utf-8") as info:
        cpu = next((line.split(":", 1)[1].strip() for line in info if "model name" in line), "")
    return {
        "cores": os.cpu_count(),
        "cpu": cpu or platform.processor(),
        "python": platform.python_version(),
        "chromium": chromium,
        "system": platform.platform(),
    }


def table(rows: list[dict[str, Any]]) -> list[str]:
    lines = [
        f"{'N':>4} {'K':>2} {'harness s':>10} {'floor s':>8} {'ratio':>6} "
        f"{'s/pair':>7} {'floor s/pair':>12} {'CPU s':>7} {'floor CPU s':>11}   phases (s)"
    ]
    for r in rows:
        phases = ", ".join(f"{k} {v:g}" for k, v in r["phases"].items())
        lines.append(
            f"{r['n']:>4} {r['k']:>2} {r['harness_s']:>10.1f} {r['floor_s']:>8.1f} "
            f"{r['ratio']:>6.2f} {r['harness_s_per_pair']:>7.3f} {r['floor_s_per_pair']:>12.3f}"
            f" {r['harness_cpu_s']:>7.1f} {r['floor_cpu_s']:>11.1f}   {phases}"
        )
    for k in sorted({r["k"] for r in rows}):
        mine = sorted((r for r in rows if r["k"] == k), key=lambda r: r["n"])
        if len(mine) > 1:
            first, last = mine[0], mine[-1]
            growth = last["harness_s_per_pair"] / first["harness_s_per_pair"]
            lines.append(
                f"K={k}: seconds per pair grow {growth:.2f}x from N={first['n']} to N={last['n']}"
            )
    return lines


def plot(rows: list[dict[str, Any]], path: Path) -> None:
    import matplotlib  # noqa: PLC0415  (only the benchmark needs it)

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415

    fig, ax = plt.subplots(figsize=(7, 4.5))
    for k in sorted({r["k"] for r in rows}):
        mine = sorted((r for r in rows if r["k"] == k), key=lambda r: r["n"])
        ax.plot([r["n"] for r in mine], [r["harness_s"] for r in mine], "o-",
                label=f"harness (dry run + apply), K={k}")  # fmt: skip
    floors = sorted({(r["n"], r["floor_s"]) for r in rows})
    ax.plot([n for n, _ in floors], [s for _, s in floors], "s--", label="floor (minimal script)")
    ax.set_xlabel("dataflow pairs (N)")
    ax.set_ylabel("wall time (s)")
    ax.set_title("Pinterest migration: harness vs minimal script")
    ax.grid(True, alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--n", type=int, nargs="+", default=[10, 100, 400], help="pair counts")
    parser.add_argument("--k", type=int, nargs="+", default=[1, 2], help="PARALLEL_CONTEXTS")
    parser.add_argument("--out", type=Path, default=RESULTS, help="results folder")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    if not adopt_orphans():
        print("CPU seconds count only the processes their parents waited for (not Linux)")
    rows: list[dict[str, Any]] = []
    chromium = ""
    with serve("large", options={"pairs": 1}) as world, tempfile.TemporaryDirectory() as tmp:
        sites = MockSites(world)
        for n in args.n:
            sites.reset("large", options={"pairs": n})
            pairs = pairs_of(sites.aep_state(), OLD_CARD, NEW_CARD)
            storage = aep_storage_state(sites, Path(tmp))
            cpu = children_cpu_s()
            floor_s, _, chromium = run_floor(sites.aep_url, storage, pairs)
            reap_adopted()
            floor_cpu_s = children_cpu_s() - cpu
            print(f"N={n}: floor {floor_s:.1f} s", flush=True)
            for k in args.k:
                folder = Path(tmp) / f"n{n}-k{k}"
                folder.mkdir()
                measured = run_harness(sites, n, k, folder)
                row = {"n": n, "k": k, **measured, "floor_s": round(floor_s, 2),
                       "floor_cpu_s": round(floor_cpu_s, 2)}  # fmt: skip
                row["harness_s"] = round(row["harness_s"], 2)
                row["ratio"] = round(row["harness_s"] / floor_s, 2)
                row["harness_s_per_pair"] = round(row["harness_s"] / n, 3)
                row["floor_s_per_pair"] = round(floor_s / n, 3)
                rows.append(row)
                print(f"N={n} K={k}: harness {row['harness_s']:.1f} s", flush=True)
        sites.close()
    result = {"rows": rows, "machine": machine(chromium)}
    (args.out / "bench.json").write_text(json.dumps(result, indent=2) + "\n")
    plot(rows, args.out / "bench.png")
    print("\n".join(table(rows)))
    print(f"machine: {json.dumps(result['machine'])}")
    print(f"results: {args.out / 'bench.json'}, {args.out / 'bench.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
