"""minigrad vs PyTorch CPU, each framework alone in its own process, processes alternated.

For every case, ``--pairs`` times: one ``bench_case.py --framework minigrad`` process, then one
``--framework torch`` process (A B A B ...). Each process reports its own median; the ratio is
taken pair by pair (minigrad / torch, the two processes run back to back, so they saw the same
machine state) and the median of those ratios is quoted, with its range. For ``epoch`` the
figure is images per second and the ratio is torch's rate over minigrad's (still "minigrad
takes Nx as long"). The header records the versions, the BLAS kernel and thread counts, the
OpenBLAS environment and the load average.

Run: ``python benchmarks/run.py [--cases flagship lenet ...] [--pairs 5] [--json out.json]``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT = [
    "flagship",
    "lenet",
    "conv_a",
    "conv_b",
    "conv_c",
    "maxpool2",
    "maxpool3",
    "avgpool2",
    "avgpool3",
    "mlp",
    "chain",
    "conv_c_mem",
    "epoch",
]
REPEATS = {"conv_c": 10, "chain": 200, "mlp": 100}


def environment(threads: str | None) -> dict:
    import numpy
    import threadpoolctl  # noqa: F401 - the BLAS kernel is read in a child, as benchmarks see it

    probe = (
        f"import json, numpy, torch, threadpoolctl; torch.set_num_threads({int(threads or 2)});"
        "print(json.dumps({'numpy': numpy.__version__, 'torch': torch.__version__,"
        "'torch_threads': torch.get_num_threads(),"
        "'pools': [{k: i.get(k) for k in ('internal_api', 'num_threads', 'architecture',"
        "'version')} for i in threadpoolctl.threadpool_info()]}))"
    )
    info = json.loads(subprocess.check_output([sys.executable, "-c", probe], text=True))
    info["python"] = platform.python_version()
    info["cpus"] = os.cpu_count()
    info["numpy_check"] = numpy.__version__
    info["env"] = {
        k: os.environ.get(k, "(unset)")
        for k in (
            "OPENBLAS_CORETYPE",
            "OPENBLAS_L2_SIZE",
            "OPENBLAS_NUM_THREADS",
            "OMP_NUM_THREADS",
        )
    }
    return info


def idle_fraction(seconds: float = 0.5) -> float:
    """The share of all cores left idle over ``seconds`` (from /proc/stat)."""

    def sample() -> tuple[int, int]:
        with open("/proc/stat") as f:
            fields = [int(v) for v in f.readline().split()[1:]]
        return fields[3] + fields[4], sum(fields)  # idle + iowait, total

    (i0, t0), _ = sample(), time.sleep(seconds)
    i1, t1 = sample()
    return (i1 - i0) / max(1, t1 - t0)


def wait_for_quiet(threshold: float, max_wait: float) -> float:
    """Wait (at most ``max_wait`` s) until the machine is at least ``threshold`` idle: other
    processes on a 2-core machine preempt PyTorch's OpenMP workers and make it up to 10x slower,
    which no pairing can undo. Returns the idle share seen last."""
    deadline = time.monotonic() + max_wait
    idle = idle_fraction()
    while idle < threshold and time.monotonic() < deadline:
        idle = idle_fraction()
    return idle


def one(framework: str, case: str, repeats: int | None, extra: list[str]) -> dict:
    """One process: its JSON result."""
    cmd = [sys.executable, str(HERE / "bench_case.py"), "--framework", framework, "--case", case]
    if repeats:
        cmd += ["--repeats", str(repeats)]
    cmd += extra
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def figure(r: dict) -> float:
    return r.get("ms", r.get("img_s", r.get("rss_delta_mib")))


def run_case(case: str, args: argparse.Namespace) -> dict:
    extra = ["--clock", args.clock] + (["--threads", args.threads] if args.threads else [])
    other, other_extra = "torch", extra
    mine = [*extra, "--root", str(args.root)] if args.root else extra
    if args.baseline:
        other, other_extra = "minigrad", [*extra, "--root", str(args.baseline)]
    rows, idle = [], []
    for _ in range(args.pairs):
        idle.append(wait_for_quiet(args.quiet, args.max_wait))
        n = round(REPEATS.get(case, 30) * args.repeats / 30)
        a = one("minigrad", case, n, mine)
        b = one(other, case, n, other_extra)
        rows.append((a, b))
    mine = [figure(a) for a, _ in rows]
    theirs = [figure(b) for _, b in rows]
    if case == "epoch":
        ratios = [t / m for m, t in zip(mine, theirs)]
    elif case.endswith("_mem"):
        ratios = [m / t if t > 0 else float("inf") for m, t in zip(mine, theirs)]
    else:
        ratios = [m / t for m, t in zip(mine, theirs)]
    loads = [a["load"][0] for a, _ in rows] + [b["load"][0] for _, b in rows]
    return {
        "case": case,
        "minigrad": statistics.median(mine),
        "torch": statistics.median(theirs),
        "ratio": statistics.median(ratios),
        "ratio_range": (min(ratios), max(ratios)),
        "ratios": ratios,
        "minigrad_all": mine,
        "torch_all": theirs,
        "load_1min": (min(loads), max(loads)),
        "idle_before_pair": idle,
    }


def unit(case: str) -> str:
    return (
        "img/s"
        if case == "epoch"
        else "MiB"
        if case.endswith("_mem")
        else ("µs/op" if case == "chain" else "ms")
    )


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--cases", nargs="+", default=DEFAULT)
    p.add_argument("--pairs", type=int, default=5)
    p.add_argument("--json", type=Path)
    p.add_argument("--quiet", type=float, default=0.9, help="idle share to wait for per pair")
    p.add_argument("--max-wait", type=float, default=20.0, help="seconds to wait for it")
    p.add_argument("--threads", help="BLAS and PyTorch threads (default: OpenBLAS's, torch 2)")
    p.add_argument(
        "--clock", choices=["wall", "cpu"], default="wall", help="see bench_case.py --clock"
    )
    p.add_argument(
        "--repeats", type=int, default=30, help="timed calls per process (scaled per case)"
    )
    p.add_argument("--root", type=Path, help="the minigrad tree to measure (default: this one)")
    p.add_argument(
        "--baseline",
        type=Path,
        help="compare against the minigrad tree at this path instead of PyTorch (before/after)",
    )
    args = p.parse_args()
    sys.path.insert(0, str(HERE))
    from bench_case import SHAPES

    env = environment(args.threads)
    env["run"] = {
        "threads": args.threads or "default",
        "clock": args.clock,
        "minigrad": str(args.root or HERE.parent),
        "against": str(args.baseline) if args.baseline else "torch",
    }
    print(f"# {time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())}  {json.dumps(env)}")
    results = []
    for case in args.cases:
        r = run_case(case, args)
        results.append(r)
        scale = 1e3 if case == "chain" else 1
        lo, hi = r["ratio_range"]
        print(
            f"{case:<11} minigrad {r['minigrad'] * scale:10.2f} {unit(case):<5} "
            f"{'baseline' if args.baseline else 'torch'} {r['torch'] * scale:10.2f}  "
            f"ratio {r['ratio']:.2f}x [{lo:.2f}-{hi:.2f}]  "
            f"load {r['load_1min'][0]:.2f}-{r['load_1min'][1]:.2f} "
            f"idle {min(r['idle_before_pair']):.0%}-{max(r['idle_before_pair']):.0%}  "
            f"({SHAPES[case]})",
            flush=True,
        )
    if args.json:
        args.json.write_text(json.dumps({"env": env, "pairs": args.pairs, "results": results}))


if __name__ == "__main__":
    main()
