"""Framework overhead: minigrad vs PyTorch CPU, side by side in one process.

1. Chains of 100 small element-wise ops on a 1-element tensor, forward + one backward: the
   cost per op is almost all framework (graph recording, the engine), not arithmetic. One
   chain is adds only (as in PERF_NOTES); the other mixes multiply, add, tanh and subtract,
   whose VJPs cost one, zero, one and zero extra ops.
2. One training step of an MLP 784-256-10 (ReLU, cross-entropy, plain SGD update), batch 128,
   float32, written with raw tensor ops in both frameworks.

Repeats are interleaved (minigrad, torch, minigrad, ...) and medians reported, because this
machine's speed drifts between runs. Run: ``python benchmarks/bench_overhead.py``.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

import minigrad as mg

try:
    import torch
except ImportError:  # the benchmark still reports minigrad alone
    torch = None

CHAIN = 100


def add_chain(lib) -> None:
    x = lib.tensor([0.5], requires_grad=True)
    y = x
    for _ in range(CHAIN):
        y = y + 0.1
    y.backward(lib.ones(1))


def mixed_chain(lib) -> None:
    x = lib.tensor([0.5], requires_grad=True)
    y = x
    for i in range(CHAIN // 4):
        y = (y * 1.01 + 0.1).tanh() - 0.01 * i
    y.backward(lib.ones(1))


def mlp_setup(lib, rng):
    w1 = rng.standard_normal((784, 256)).astype(np.float32) * 0.05
    w2 = rng.standard_normal((256, 10)).astype(np.float32) * 0.05
    x = rng.standard_normal((128, 784)).astype(np.float32)
    y = rng.integers(0, 10, 128)
    if lib == "torch":
        params = [
            torch.tensor(w1, requires_grad=True),
            torch.zeros(256, requires_grad=True),
            torch.tensor(w2, requires_grad=True),
            torch.zeros(10, requires_grad=True),
        ]
        return params, torch.tensor(x), torch.tensor(y)
    params = [
        mg.tensor(w1, requires_grad=True),
        mg.zeros(256, requires_grad=True),
        mg.tensor(w2, requires_grad=True),
        mg.zeros(10, requires_grad=True),
    ]
    return params, mg.tensor(x), y


def mlp_step_minigrad(params, x, y) -> None:
    w1, b1, w2, b2 = params
    logits = (x @ w1 + b1).relu() @ w2 + b2
    # cross-entropy: mean over the batch of logsumexp(logits) - logits[label]
    loss = (logits.logsumexp(axis=1) - logits[np.arange(len(y)), y]).mean()
    for p in params:
        p.grad = None
    loss.backward()
    with mg.no_grad():
        for p in params:
            p.add_(p.grad, alpha=-0.01)


def mlp_step_torch(params, x, y) -> None:
    w1, b1, w2, b2 = params
    logits = (x @ w1 + b1).relu() @ w2 + b2
    loss = torch.nn.functional.cross_entropy(logits, y)
    for p in params:
        p.grad = None
    loss.backward()
    with torch.no_grad():
        for p in params:
            p.add_(p.grad, alpha=-0.01)


def measure(fn, repeats: int, inner: int) -> list[float]:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        for _ in range(inner):
            fn()
        times.append((time.perf_counter() - t0) / inner)
    return times


def side_by_side(name: str, ours, theirs, repeats: int, inner: int, unit: float, label: str):
    ours(), theirs and theirs()  # warm up
    mine, ref = [], []
    for _ in range(repeats):  # interleave so drift hits both alike
        mine += measure(ours, 1, inner)
        if theirs:
            ref += measure(theirs, 1, inner)
    m = statistics.median(mine) * unit
    if theirs:
        r = statistics.median(ref) * unit
        print(
            f"{name:<50} minigrad {m:8.2f} {label}   torch {r:8.2f} {label}   ratio {m / r:5.2f}x"
        )
    else:
        print(f"{name:<50} minigrad {m:8.2f} {label}   (PyTorch not installed)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    if torch is not None:
        torch.set_num_threads(2)
    print(f"numpy {np.__version__}" + (f", torch {torch.__version__}" if torch else ""))
    for name, chain in (("adds", add_chain), ("mul/add/tanh/sub", mixed_chain)):
        side_by_side(
            f"chain of {CHAIN} {name} + backward, per op",
            lambda c=chain: c(mg),
            (lambda c=chain: c(torch)) if torch else None,
            args.repeats,
            20,
            1e6 / CHAIN,
            "us",
        )
    rng = np.random.default_rng(0)
    mp, mx, my = mlp_setup("minigrad", rng)
    ours = lambda: mlp_step_minigrad(mp, mx, my)  # noqa: E731
    theirs = None
    if torch is not None:
        tp, tx, ty = mlp_setup("torch", np.random.default_rng(0))
        theirs = lambda: mlp_step_torch(tp, tx, ty)  # noqa: E731
    side_by_side(
        "MLP 784-256-10 step, batch 128, float32", ours, theirs, args.repeats, 10, 1e3, "ms"
    )


if __name__ == "__main__":
    main()
