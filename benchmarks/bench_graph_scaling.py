"""Graph scaling: forward + backward time against the graph's size, and what anomaly mode costs.

1. A chain of ``n`` multiplies on a 2-element tensor (depth ``n``), n = 1,000 ... 100,000.
2. A fan-in of width ``n``: ``n`` branches ``x * i`` stacked into one node, then summed, so
   ``n`` gradients flow back into one leaf.
3. Anomaly mode: the cost per op of a 100-op chain with the mode off and on, and the cost of
   the mode's check when off (the global flag tests ``Function.apply`` and the engine make).

Linear time shows as a constant time per node down each column. Each figure is the median of
``--repeats`` runs. Run: ``python benchmarks/bench_graph_scaling.py``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import timeit
from collections.abc import Callable

import numpy as np

import minigrad as mg
from minigrad.autograd import set_detect_anomaly


def chain(n: int) -> tuple[float, float]:
    x = mg.tensor(np.array([1.0, 2.0]), requires_grad=True)
    start = time.perf_counter()
    y = x
    for _ in range(n):
        y = y * 1.00001
    loss = y.sum()
    built = time.perf_counter()
    loss.backward()
    return built - start, time.perf_counter() - built


def fan_in(n: int) -> tuple[float, float]:
    x = mg.tensor(np.array([1.0, 2.0]), requires_grad=True)
    start = time.perf_counter()
    loss = mg.stack([x * float(i) for i in range(n)]).sum()
    built = time.perf_counter()
    loss.backward()
    return built - start, time.perf_counter() - built


def median_times(fn: Callable[[int], tuple[float, float]], n: int, repeats: int) -> tuple:
    runs = [fn(n) for _ in range(repeats)]
    return tuple(statistics.median(r[i] for r in runs) for i in range(2))


def scaling_table(name: str, fn: Callable[[int], tuple[float, float]], sizes, repeats: int):
    print(f"\n{name}")
    print(f"{'n':>9} {'forward s':>10} {'backward s':>11} {'us/node fwd':>12} {'us/node bwd':>12}")
    for n in sizes:
        fwd, bwd = median_times(fn, n, repeats)
        print(f"{n:>9,} {fwd:>10.3f} {bwd:>11.3f} {fwd / n * 1e6:>12.2f} {bwd / n * 1e6:>12.2f}")


def anomaly_cost(repeats: int) -> None:
    def program() -> None:
        x = mg.tensor([0.5], requires_grad=True)
        y = x
        for _ in range(100):
            y = y * 1.001
        y.sum().backward()

    print("\nanomaly mode, 100-op chain forward + backward (per op)")
    for mode in (False, True):
        with set_detect_anomaly(mode):
            t = min(timeit.repeat(program, number=20, repeat=repeats)) / 20 / 100
        print(f"  {'on ' if mode else 'off'}: {t * 1e6:6.2f} us")
    # When off, apply tests the flag once and the engine once per node: two global loads.
    ns = min(timeit.repeat("f or g", globals={"f": False, "g": False}, number=10**6, repeat=5))
    print(f"  the off-mode check itself: ~{2 * ns * 1e3:.0f} ns per op (two flag tests)")


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--max", type=int, default=100_000, help="largest graph size")
    args = p.parse_args(argv)
    sizes = [n for n in (1_000, 3_000, 10_000, 30_000, 100_000) if n <= args.max]
    print(f"minigrad {mg.__version__}, NumPy {np.__version__}, Python {sys.version.split()[0]}")
    scaling_table("chain of n multiplies (depth n)", chain, sizes, args.repeats)
    scaling_table("fan-in of width n (n gradients into one leaf)", fan_in, sizes, args.repeats)
    anomaly_cost(args.repeats)


if __name__ == "__main__":
    main()
