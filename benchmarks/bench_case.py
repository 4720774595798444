"""One benchmark case, one framework, one process: ``python benchmarks/bench_case.py
--framework minigrad|torch --case NAME [--repeats R]`` prints one JSON line.

Each framework runs alone in its own process: NumPy/OpenBLAS and PyTorch/OpenMP keep worker
threads spinning after a call, so timing both in one process slows each by the other (PyTorch's
LeNet step took 18.7 ms interleaved, 3.6-4.0 ms alone). ``benchmarks/run.py`` spawns these
processes alternately and takes the ratio pair by pair; run that, not this.

The JSON line holds the per-process median (``ms``; for ``epoch`` the images per second), the
samples, the load average, and for ``*_mem`` cases the peak RSS growth during one call.
Threads: PyTorch ``set_num_threads(2)``; OpenBLAS its default (one per core, 2 here).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path


def _option(name: str, default: str) -> str:
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default


# Read before NumPy loads: OpenBLAS takes its thread count at import. ``--root`` picks the
# minigrad tree to import (``run.py --baseline`` compares two trees).
THREADS = _option("--threads", "")
if THREADS:
    os.environ["OPENBLAS_NUM_THREADS"] = THREADS
ROOT = Path(_option("--root", str(Path(__file__).resolve().parents[1]))).resolve()
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "examples"))

import numpy as np  # noqa: E402

CONV = {
    "conv_a": ((64, 1, 28, 28), (32, 1, 5, 5), 0),
    "conv_b": ((64, 32, 14, 14), (64, 32, 3, 3), 1),
    "conv_c": ((32, 64, 32, 32), (128, 64, 3, 3), 1),
}
POOL = {
    "maxpool2": ("max", 2, 2),
    "maxpool3": ("max", 3, 2),
    "avgpool2": ("avg", 2, 2),
    "avgpool3": ("avg", 3, 2),
}
POOL_INPUT = (64, 32, 28, 28)
SHAPES = {
    "flagship": "examples/mnist_cnn.py build_model(): 1x28x28 -> conv5(16) relu maxpool2 -> "
    "conv5(32) relu maxpool2 -> fc 512-128 relu dropout(0.25) -> fc 128-10; "
    "cross-entropy, Adam lr 1e-3, batch 64",
    "lenet": "LeNet-5: conv5(6, pad 2) relu maxpool2 -> conv5(16) relu maxpool2 -> "
    "fc 400-120-84-10 (relu); cross-entropy, SGD lr 0.01 momentum 0.9, batch 64",
    "mlp": "784-256-10 (relu), cross-entropy, Adam lr 1e-3, batch 128",
    "chain": "100 scalar adds (shape (1,)) + one backward; figure per op (ms/100)",
    "epoch": "one flagship epoch on the 50,000 MNIST training images, batch 64, shuffled, "
    "Adam + OneCycleLR as examples/mnist_cnn.py trains; figure in img/s",
    **{k: f"fwd+bwd (input, weight, bias) x{x} * w{w} pad {p}" for k, (x, w, p) in CONV.items()},
    **{
        k: f"{kind}-pool {k_}x{k_}/{s} fwd+bwd on {POOL_INPUT}" for k, (kind, k_, s) in POOL.items()
    },
    "conv_c_mem": f"peak RSS growth during one conv (c) fwd+bwd, x{CONV['conv_c'][0]}",
}


def load_framework(name: str):
    if name == "torch":
        import torch

        torch.set_num_threads(int(THREADS or 2))
        return torch
    import minigrad

    return minigrad


def lenet(nn):
    return nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(400, 120),
        nn.ReLU(),
        nn.Linear(120, 84),
        nn.ReLU(),
        nn.Linear(84, 10),
    )


def mlp(nn):
    return nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))


def flagship(lib):
    """The flagship model; for PyTorch the same layers with the minigrad model's weights."""
    from mnist_cnn import build_model

    import minigrad as mg

    mg.manual_seed(0)
    model = build_model()
    if lib is mg:
        return model
    layers = []
    for m in model:
        name = type(m).__name__
        if name == "Conv2d":
            layers.append(lib.nn.Conv2d(m.in_channels, m.out_channels, m.kernel_size))
        elif name == "Linear":
            layers.append(lib.nn.Linear(m.in_features, m.out_features))
        elif name == "MaxPool2d":
            layers.append(lib.nn.MaxPool2d(m.kernel_size, m.stride))
        elif name == "Dropout":
            layers.append(lib.nn.Dropout(m.p))
        else:
            layers.append(getattr(lib.nn, name)())
    twin = lib.nn.Sequential(*layers)
    twin.load_state_dict(
        {k: lib.tensor(np.asarray(getattr(v, "array", v))) for k, v in model.state_dict().items()}
    )
    return twin


def train_step(lib, model, opt, x, y) -> Callable[[], None]:
    F = lib.nn.functional
    model.train()

    def step() -> None:
        loss = F.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()

    return step


def case(lib, name: str) -> Callable[[], None]:
    """The callable one repeat times (setup done here, untimed)."""
    rng = np.random.default_rng(0)
    if name in ("flagship", "lenet", "mlp"):
        model = {
            "flagship": flagship,
            "lenet": lambda lib: lenet(lib.nn),
            "mlp": lambda lib: mlp(lib.nn),
        }[name](lib)
        n = 128 if name == "mlp" else 64
        x = rng.random((n, 784) if name == "mlp" else (n, 1, 28, 28), dtype=np.float32)
        y = rng.integers(0, 10, n)
        if name == "lenet":
            opt = lib.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
        else:
            opt = lib.optim.Adam(model.parameters(), lr=1e-3)
        return train_step(lib, model, opt, lib.tensor(x), lib.tensor(y))
    if name in CONV or name == "conv_c_mem":
        xs, ws, p = CONV[name.removesuffix("_mem")]
        x = lib.tensor(rng.standard_normal(xs, dtype=np.float32), requires_grad=True)
        w = lib.tensor(rng.standard_normal(ws, dtype=np.float32) * 0.1, requires_grad=True)
        b = lib.tensor(np.zeros(ws[0], np.float32), requires_grad=True)
        out = (xs[0], ws[0], xs[2] + 2 * p - ws[2] + 1, xs[3] + 2 * p - ws[3] + 1)
        g = lib.tensor(rng.standard_normal(out, dtype=np.float32))
        F = lib.nn.functional

        def conv() -> None:
            F.conv2d(x, w, b, padding=p).backward(g)
            x.grad = w.grad = b.grad = None

        return conv
    if name in POOL:
        kind, k, s = POOL[name]
        x = lib.tensor(rng.standard_normal(POOL_INPUT, dtype=np.float32), requires_grad=True)
        fn = getattr(lib.nn.functional, f"{kind}_pool2d")
        out = fn(x, k, s)
        g = lib.tensor(rng.standard_normal(tuple(out.shape), dtype=np.float32))

        def pool() -> None:
            fn(x, k, s).backward(g)
            x.grad = None

        return pool
    if name == "chain":

        def chain() -> None:
            a = lib.tensor(np.array([0.5], np.float32), requires_grad=True)
            y = a
            for _ in range(100):
                y = y + 0.1
            y.backward(lib.ones(1))

        return chain
    raise SystemExit(f"unknown case {name!r}; known: {sorted(SHAPES)}")


def epoch(lib) -> float:
    """Images per second over one flagship training epoch."""
    import minigrad as mg
    from minigrad.data import MNIST, DataLoader

    data = MNIST(ROOT / "examples" / "data" / "mnist", split="train")
    model = flagship(lib)
    opt = lib.optim.Adam(model.parameters(), lr=2e-3)
    if lib is mg:
        loader = DataLoader(data, batch_size=64, shuffle=True)
    else:
        images, labels = lib.tensor(data.images), lib.tensor(data.labels)

        def batches():
            order = lib.randperm(len(labels))
            for i in range(0, len(labels), 64):
                idx = order[i : i + 64]
                yield images[idx], labels[idx]

        loader = batches
    steps = -(-len(data) // 64)
    sched = lib.optim.lr_scheduler.OneCycleLR(opt, max_lr=2e-3, epochs=1, steps_per_epoch=steps)
    F = lib.nn.functional
    model.train()
    clock = time.process_time if "cpu" in sys.argv else time.perf_counter
    start = clock()
    for x, y in loader if lib is mg else loader():
        loss = F.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        loss.item()
    return len(data) / (clock() - start)


def rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--framework", choices=["minigrad", "torch"], required=True)
    p.add_argument("--case", required=True)
    p.add_argument("--repeats", type=int, default=30)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--threads", help="BLAS and PyTorch threads (default: OpenBLAS's, torch 2)")
    p.add_argument("--root", help="the minigrad tree to import (default: this one)")
    p.add_argument(
        "--clock",
        choices=["wall", "cpu"],
        default="wall",
        help="cpu: process CPU time, robust to other processes' load (use with --threads 1)",
    )
    args = p.parse_args()
    lib = load_framework(args.framework)
    result: dict = {
        "framework": args.framework,
        "case": args.case,
        "root": str(ROOT),
        "clock": args.clock,
        "threads": THREADS or "default",
        "load": os.getloadavg(),
    }
    if args.case == "epoch":
        result["img_s"] = epoch(lib)
    elif args.case.endswith("_mem"):
        # A fresh process, warmed up on a small conv so code paths and pools exist; then the
        # peak RSS growth of exactly one conv (c) fwd+bwd.
        case(lib, "conv_b")()
        fn = case(lib, args.case)
        before = rss_bytes()
        peak0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        fn()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        result["rss_delta_mib"] = (peak - max(before, peak0)) / 2**20
        result["peak_note"] = "ru_maxrss after - max(RSS before, ru_maxrss before)"
    else:
        fn = case(lib, args.case)
        for _ in range(args.warmup):
            fn()
        clock = time.process_time if args.clock == "cpu" else time.perf_counter
        times = []
        for _ in range(args.repeats):
            t0 = clock()
            fn()
            times.append(clock() - t0)
        scale = 1e3 / 100 if args.case == "chain" else 1e3  # chain: ms per op
        result["ms"] = statistics.median(times) * scale
        result["samples_ms"] = [t * scale for t in times]
    result["load_after"] = os.getloadavg()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
