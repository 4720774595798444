"""Training-step speed: the flagship CNN and a 784-256-10 MLP, minigrad vs PyTorch CPU.

Both frameworks get the same architecture and the same initial weights (copied across), the
same batch, float32, 2 threads, Adam. One step = forward, cross-entropy, zero_grad, backward,
optimizer step. Repeats are interleaved and medians reported. Run:
``python benchmarks/bench_train.py`` (needs PyTorch for the comparison).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

import minigrad as mg
from minigrad import nn

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "examples"))
from mnist_cnn import build_model

try:
    import torch
except ImportError:
    torch = None


def mlp_minigrad() -> nn.Module:
    return nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 10))


def torch_twin(model: nn.Module):
    """The same architecture in PyTorch, with the minigrad model's weights copied in."""
    layers = []
    for m in model:
        name = type(m).__name__
        if name == "Conv2d":
            t = torch.nn.Conv2d(m.in_channels, m.out_channels, m.kernel_size, m.stride, m.padding)
        elif name == "Linear":
            t = torch.nn.Linear(m.in_features, m.out_features)
        elif name == "MaxPool2d":
            t = torch.nn.MaxPool2d(m.kernel_size, m.stride)
        elif name == "Dropout":
            t = torch.nn.Dropout(m.p)
        else:
            t = getattr(torch.nn, name)()
        layers.append(t)
    twin = torch.nn.Sequential(*layers)
    state = {k: torch.tensor(np.asarray(v)) for k, v in model.state_dict().items()}
    twin.load_state_dict(state)
    return twin


def step_minigrad(model, opt, x, y) -> None:
    loss = nn.functional.cross_entropy(model(x), y)
    opt.zero_grad()
    loss.backward()
    opt.step()


def step_torch(model, opt, x, y) -> None:
    loss = torch.nn.functional.cross_entropy(model(x), y)
    opt.zero_grad()
    loss.backward()
    opt.step()


def compare(name: str, model: nn.Module, x: np.ndarray, y: np.ndarray, repeats: int) -> None:
    model.train()
    opt = mg.optim.Adam(model.parameters(), lr=1e-3)
    mx, my = mg.tensor(x), mg.tensor(y)
    ours = lambda: step_minigrad(model, opt, mx, my)  # noqa: E731
    theirs = None
    if torch is not None:
        twin = torch_twin(model).train()
        topt = torch.optim.Adam(twin.parameters(), lr=1e-3)
        tx, ty = torch.tensor(x), torch.tensor(y)
        theirs = lambda: step_torch(twin, topt, tx, ty)  # noqa: E731
    for f in (ours, theirs):
        if f:
            for _ in range(3):
                f()
    mine, ref = [], []
    for _ in range(repeats):
        for fn, times in ((ours, mine), (theirs, ref)):
            if fn:
                t0 = time.perf_counter()
                fn()
                times.append(time.perf_counter() - t0)
    m = statistics.median(mine) * 1e3
    line = f"{name:<52} minigrad {m:7.2f} ms/step"
    if ref:
        r = statistics.median(ref) * 1e3
        line += f"   torch {r:7.2f} ms/step   ratio {m / r:4.2f}x"
    print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=50)
    args = parser.parse_args()
    if torch is not None:
        torch.set_num_threads(2)
    rng = np.random.default_rng(0)
    print(f"numpy {np.__version__}" + (f", torch {torch.__version__}" if torch else ""))
    mg.manual_seed(0)
    images = rng.random((64, 1, 28, 28), dtype=np.float32)
    labels = rng.integers(0, 10, 64)
    compare(
        "flagship CNN (examples/mnist_cnn.py), batch 64",
        build_model(),
        images,
        labels,
        args.repeats,
    )
    flat = rng.random((128, 784), dtype=np.float32)
    compare(
        "MLP 784-256-10 (ReLU), batch 128",
        mlp_minigrad(),
        flat,
        rng.integers(0, 10, 128),
        args.repeats,
    )


if __name__ == "__main__":
    main()
