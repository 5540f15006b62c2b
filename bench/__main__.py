"""`make bench` (`python -m bench`): the main job against the floor, at a real org's latency.

Every request of both mock sites waits `--latency-ms` (300 by default: a real org answers
in hundreds of milliseconds; 0 gives the CPU view). For each N (10 and 50 pairs by
default), on a fresh `large` scenario each time: the floor (bench/floor.py, one context),
then the main job as a user runs it (the dry run, then `pytest flows --apply`, headless,
in live mode against this process's mock sites) with K browser contexts
(PARALLEL_CONTEXTS): by default K = 1, 2 and 4 at the smallest N and the default K (4)
at the others, which keeps `make bench` within 15 minutes here (`--k 1 2 4` runs every K
at every N: about 27 minutes).

Phases are the items' own times (bench/timing.py): plan (the dry run's item),
reauthenticate, switch and verify (the apply's items); `startup` is the rest (Python,
pytest, Chromium, opening AEP). The mock sites list every request they answer; the bench
puts each into the phase whose item was running and counts, per pair, the page loads
(navigations, reloads and frame loads) and the other requests the browser made. Each row
also has the CPU seconds the harness's processes (pytest, Playwright's driver, Chromium)
and the floor's used, the mock sites' excluded. Writes bench/results/bench.json and
bench/results/bench.png and prints the table.
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
from pathlib import Path
from typing import Any

from bench.env import aep_storage_state, harness_env
from bench.floor import pairs_of, run_floor
from flows.settings import Settings
from mocks.client import MockSites
from mocks.server import serve

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
OLD_CARD, NEW_CARD = "(Deprecating) Pinterest", "(New) Pinterest"
PYTEST = [
    sys.executable, "-m", "pytest", "flows", "-q", "-p", "no:cacheprovider", "-p", "bench.timing",
]  # fmt: skip
# prctl(2): orphaned descendants are reparented to this process, not to init.
PR_SET_CHILD_SUBREAPER = 36
# Which items make which phase (pytest item name before its parameters).
PHASES = {
    "test_plan": "plan",
    "test_reconnect": "reauthenticate",
    "test_switch": "switch",
    "test_verify": "verify",
}
Window = tuple[str, float, float]  # phase, start, end (Unix times)


def phase_windows(timing: Path) -> list[Window]:
    """When each phase's items ran, from bench/timing.py's file."""
    ran = json.loads(timing.read_text(encoding="utf-8"))
    return [(PHASES.get(name.split("[")[0], "startup"), start, end) for name, start, end in ran]


def phase_of(at: float, windows: list[Window]) -> str:
    return next((phase for phase, start, end in windows if start <= at <= end), "startup")


def count_traffic(
    traffic: list[tuple[float, str, str, str]], windows: list[Window], pairs: int
) -> dict[str, dict[str, float]]:
    """Per phase: page loads and other browser requests per pair (the sites' own calls to
    each other are not the browser's and are left out)."""
    counted: dict[str, dict[str, float]] = {}
    for at, _site, kind, _path in traffic:
        if kind == "server":
            continue
        phase = counted.setdefault(phase_of(at, windows), {"pages": 0, "requests": 0})
        phase["pages" if kind == "page" else "requests"] += 1
    return {
        phase: {what: round(count / pairs, 2) for what, count in sorted(numbers.items())}
        for phase, numbers in counted.items()
    }


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


def timed(args: list[str], env: dict[str, str]) -> tuple[float, int, str, list[Window]]:
    """One run of the main job: seconds, exit status, output, when its phases ran."""
    with tempfile.NamedTemporaryFile(suffix=".json") as timing:
        started = time.monotonic()
        done = subprocess.run(
            [*PYTEST, *args], cwd=ROOT, env={**env, "BENCH_TIMING": timing.name},
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        took = time.monotonic() - started
        windows = phase_windows(Path(timing.name)) if done.returncode == 0 else []
    return took, done.returncode, done.stdout + done.stderr, windows


def contexts_at(n: int, ns: list[int], chosen: list[int] | None) -> list[int]:
    """The K to run at N: those chosen, else 1, 2 and 4 at the smallest N and the
    default PARALLEL_CONTEXTS at the others."""
    if chosen:
        return chosen
    default = Settings.parallel_contexts
    return sorted({1, 2, 4, default}) if n == min(ns) else [default]


def fresh_scenario(sites: MockSites, n: int, latency_ms: int, *, reconnected: bool) -> None:
    """`large` with n pairs; `reconnected`: the (New) account already reconnected, so the
    floor's enables export to Pinterest as the main job's do after its reconnect."""
    options = {"pairs": n, "reconnected": reconnected}
    sites.reset("large", options=options, faults={"latency_ms": latency_ms})


def run_harness(sites: MockSites, n: int, k: int, folder: Path, latency_ms: int) -> dict[str, Any]:
    """The dry run, then --apply, on a fresh scenario; whole job and phases in seconds."""
    fresh_scenario(sites, n, latency_ms, reconnected=False)
    env = harness_env(sites, folder, k)
    cpu = children_cpu_s()
    dry_s, dry_status, dry_out, dry_windows = timed([], env)
    apply_s, apply_status, apply_out, apply_windows = timed(["--apply"], env)
    reap_adopted()
    cpu = children_cpu_s() - cpu
    if dry_status or apply_status:
        sys.exit(f"N={n} K={k}: the main job failed\n{dry_out[-2000:]}\n{apply_out[-2000:]}")
    switched = [f for f in sites.aep_state()["flows"].values() if f["name"].startswith("Camp")]
    wrong = [f["name"] for f in switched if f["enabled"] != (f["destination"] == NEW_CARD)]
    if wrong:
        sys.exit(f"N={n} K={k}: not switched: {wrong[:5]}")
    windows = dry_windows + apply_windows
    phases = dict.fromkeys(PHASES.values(), 0.0)
    for phase, start, end in windows:
        if phase != "startup":
            phases[phase] += end - start
    phases["startup"] = dry_s + apply_s - sum(phases.values())
    return {
        "harness_s": dry_s + apply_s,
        "harness_cpu_s": round(cpu, 2),
        "phases": {k: round(v, 2) for k, v in phases.items()},
        "loads_per_pair": count_traffic(sites.traffic(), windows, n),
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
        loads = ", ".join(
            f"{phase} {c['pages']:g}+{c['requests']:g}" for phase, c in r["loads_per_pair"].items()
        )
        floor = ", ".join(
            f"{c['pages']:g}+{c['requests']:g}" for c in r["floor_loads_per_pair"].values()
        )
        lines.append(f"{'':>8}per pair, page loads + other requests: {loads}; floor {floor}")
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
    latency = rows[0]["latency_ms"] if rows else 0
    ax.set_title(f"Pinterest migration: harness vs minimal script, {latency} ms per request")
    ax.grid(True, alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--n", type=int, nargs="+", default=[10, 50], help="pair counts")
    parser.add_argument(
        "--k", type=int, nargs="+", default=None,
        help="PARALLEL_CONTEXTS at every N (default: 1 2 4 at the smallest N, then the default)",
    )  # fmt: skip
    parser.add_argument(
        "--latency-ms", type=int, default=300, help="every request of both sites waits this long"
    )
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
            fresh_scenario(sites, n, args.latency_ms, reconnected=True)
            pairs = pairs_of(sites.aep_state(), OLD_CARD, NEW_CARD)
            storage = aep_storage_state(sites, Path(tmp))
            cpu = children_cpu_s()
            started = time.time()
            floor_s, _, chromium = run_floor(sites.aep_url, storage, pairs)
            reap_adopted()
            floor_cpu_s = children_cpu_s() - cpu
            floor_loads = count_traffic(
                sites.traffic(started), [("switch", started, time.time())], n
            )
            print(f"N={n}: floor {floor_s:.1f} s", flush=True)
            for k in contexts_at(n, args.n, args.k):
                folder = Path(tmp) / f"n{n}-k{k}"
                folder.mkdir()
                measured = run_harness(sites, n, k, folder, args.latency_ms)
                row = {"n": n, "k": k, "latency_ms": args.latency_ms, **measured,
                       "floor_s": round(floor_s, 2), "floor_cpu_s": round(floor_cpu_s, 2),
                       "floor_loads_per_pair": floor_loads}  # fmt: skip
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
