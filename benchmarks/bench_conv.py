"""Convolution and pooling speed and memory: minigrad vs PyTorch CPU, side by side.

One process, float32, 2 threads for both (BLAS and PyTorch; ``--threads``). Repeats are
interleaved (minigrad, PyTorch, minigrad, ...) so both see the same machine state, each repeat
a block of back-to-back calls; medians reported.
"forward" is the op alone; "fwd+bwd" adds the backward pass w.r.t. input, weight (and bias)
for a given output gradient. The memory line is tracemalloc's peak (NumPy's allocations) during
one conv forward+backward, as a multiple of the input's size.

Run: ``python benchmarks/bench_conv.py [--repeats 15] [--block 5]`` (needs torch).
"""

from __future__ import annotations

import argparse
import functools
import os
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable

# BLAS reads its thread count at import: set it (from --threads, default 2) before NumPy loads.
THREADS = sys.argv[sys.argv.index("--threads") + 1] if "--threads" in sys.argv else "2"
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = THREADS

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as tnf  # noqa: E402

import minigrad as mg  # noqa: E402
from minigrad.ops import conv, pool  # noqa: E402

CONV_CASES = {
    "(a) 64x1x28x28 * 32x1x5x5": ((64, 1, 28, 28), (32, 1, 5, 5), 0),
    "(b) 64x32x14x14 * 64x32x3x3 pad 1": ((64, 32, 14, 14), (64, 32, 3, 3), 1),
    "(c) 32x64x32x32 * 128x64x3x3 pad 1": ((32, 64, 32, 32), (128, 64, 3, 3), 1),
}
POOL_CASES = {
    "max 2x2/2": ("max", 2, 2),
    "max 3x3/2": ("max", 3, 2),
    "avg 2x2/2": ("avg", 2, 2),
    "avg 3x3/2": ("avg", 3, 2),
}
POOL_INPUT = (64, 32, 28, 28)


def _median_ms(fns: list[Callable[[], None]], repeats: int, block: int) -> list[float]:
    """Median wall time of each function, in ms, the functions interleaved in blocks.

    Each repeat times ``block`` back-to-back calls of one function, then moves to the next:
    both libraries' thread pools spin for a while after a parallel call and steal the cores
    from whatever runs next, so single interleaved calls mostly measure that interference.
    """
    for f in fns:  # warm-up
        f()
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(repeats):
        for t, f in zip(times, fns):
            start = time.perf_counter()
            for _ in range(block):
                f()
            t.append((time.perf_counter() - start) / block)
    return [1e3 * statistics.median(t) for t in times]


def _pair(
    make_mg: Callable[[], mg.Tensor],
    make_torch: Callable[[], torch.Tensor],
    grad: np.ndarray,
    mg_leaves: list,
    torch_leaves: list,
    timing: tuple[int, int],
) -> list[float]:
    g_mg, g_torch = mg.Tensor(grad), torch.from_numpy(grad)

    def mg_fwd() -> None:
        with mg.no_grad():
            make_mg()

    def torch_fwd() -> None:
        with torch.no_grad():
            make_torch()

    def mg_both() -> None:
        for p in mg_leaves:
            p.grad = None
        make_mg().backward(g_mg)

    def torch_both() -> None:
        for p in torch_leaves:
            p.grad = None
        make_torch().backward(g_torch)

    return _median_ms([mg_fwd, torch_fwd, mg_both, torch_both], *timing)


def _row(name: str, shape: str, t: list[float]) -> None:
    f_mg, f_t, b_mg, b_t = t
    print(
        f"{name:38s} {shape:28s} {f_mg:8.2f} {f_t:8.2f} {f_mg / f_t:6.2f}x"
        f" {b_mg:9.2f} {b_t:9.2f} {b_mg / b_t:6.2f}x"
    )


def bench_conv(timing: tuple[int, int], rng: np.random.Generator) -> None:
    for name, (xs, ws, p) in CONV_CASES.items():
        x = rng.standard_normal(xs, dtype=np.float32)
        w = rng.standard_normal(ws, dtype=np.float32) * 0.1
        b = rng.standard_normal(ws[0], dtype=np.float32)
        X, W, B = (mg.Tensor(a, requires_grad=True) for a in (x, w, b))
        tX, tW, tB = (torch.tensor(a, requires_grad=True) for a in (x, w, b))
        out_shape = tuple(tnf.conv2d(tX, tW, tB, padding=p).shape)
        g = rng.standard_normal(out_shape, dtype=np.float32)
        t = _pair(
            functools.partial(conv.conv2d, X, W, B, padding=p),
            functools.partial(tnf.conv2d, tX, tW, tB, padding=p),
            g,
            [X, W, B],
            [tX, tW, tB],
            timing,
        )
        _row(name, f"-> {out_shape}", t)


def bench_pool(timing: tuple[int, int], rng: np.random.Generator) -> None:
    x = rng.standard_normal(POOL_INPUT, dtype=np.float32)
    X, tX = mg.Tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    for name, (kind, k, s) in POOL_CASES.items():
        f_mg = pool.max_pool2d if kind == "max" else pool.avg_pool2d
        f_t = tnf.max_pool2d if kind == "max" else tnf.avg_pool2d
        out_shape = tuple(f_t(tX, k, s).shape)
        g = rng.standard_normal(out_shape, dtype=np.float32)
        t = _pair(
            functools.partial(f_mg, X, k, s),
            functools.partial(f_t, tX, k, s),
            g,
            [X],
            [tX],
            timing,
        )
        _row(f"{name} on {'x'.join(map(str, POOL_INPUT))}", f"-> {out_shape}", t)


def bench_memory(rng: np.random.Generator) -> None:
    print("\nPeak extra memory of one conv forward+backward (tracemalloc), x input size:")
    for name, (xs, ws, p) in CONV_CASES.items():
        x = rng.standard_normal(xs, dtype=np.float32)
        X = mg.Tensor(x, requires_grad=True)
        W = mg.Tensor(rng.standard_normal(ws, dtype=np.float32), requires_grad=True)
        B = mg.Tensor(rng.standard_normal(ws[0], dtype=np.float32), requires_grad=True)
        conv._scratch.__dict__.clear()  # count the input gradient's workspace too
        tracemalloc.start()
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        y = conv.conv2d(X, W, B, padding=p)
        y.backward(mg.Tensor(np.ones(y.shape, np.float32)))
        peak = tracemalloc.get_traced_memory()[1] - before
        tracemalloc.stop()
        print(
            f"  {name:38s} peak {peak / 2**20:7.1f} MiB = {peak / x.nbytes:5.1f}x the input "
            f"({x.nbytes / 2**20:.1f} MiB)"
        )
        del y, X, W, B


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--block", type=int, default=5, help="back-to-back calls per timing")
    parser.add_argument("--threads", type=int, default=2, help="BLAS and PyTorch threads")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    rng = np.random.default_rng(0)
    print(
        f"numpy {np.__version__}, torch {torch.__version__}, float32, {args.threads} threads, "
        f"median of {args.repeats} interleaved repeats of {args.block} calls; times in ms"
    )
    print(
        f"{'case':38s} {'output':28s} {'fwd mg':>8s} {'fwd pt':>8s} {'ratio':>7s}"
        f" {'f+b mg':>9s} {'f+b pt':>9s} {'ratio':>7s}"
    )
    bench_conv((args.repeats, args.block), rng)
    bench_pool((args.repeats, args.block), rng)
    bench_memory(rng)


if __name__ == "__main__":
    main()
