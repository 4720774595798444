"""Sequence-model training steps, minigrad vs PyTorch CPU, each framework alone in its process.

Two cases (float32, the same initial weights in both frameworks, the model in training mode):

- ``lstm``: ``nn.LSTM(28, 128, batch_first=True)`` on a batch of 64 sequences of 28 steps
  (an MNIST image read row by row), a ``Linear(128, 10)`` on the last hidden state,
  cross-entropy;
- ``encoder``: ``nn.TransformerEncoderLayer(128, 4, dim_feedforward=512, batch_first=True)``
  (dropout 0.1) on a batch of 64 sequences of 64 tokens, the mean of the squared output.

One step = forward, loss, zero_grad, backward, SGD step. A pair is one minigrad process and
one PyTorch process run back to back (the order alternating from pair to pair), each timing
``--steps`` steps after ``--warmup`` and reporting its median; the ratio of the pair's medians
is one sample, and the median of those ratios is reported (so a busy neighbour slowing one
pair does not skew the figure). Run ``python benchmarks/bench_sequence.py --help``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASES = {
    "lstm": "LSTM step: batch 64, 28 steps x 28 inputs, hidden 128",
    "encoder": "Transformer encoder layer step: batch 64, sequence 64, width 128, 4 heads, ff 512",
}


def build(lib, case: str, state: dict | None):
    """The model, its loss and a batch, in ``lib`` (minigrad or torch); ``state`` copies weights."""
    import numpy as np

    rng = np.random.default_rng(0)
    nn = lib.nn
    if case == "lstm":
        model = nn.ModuleDict({"rnn": nn.LSTM(28, 128, batch_first=True), "fc": nn.Linear(128, 10)})
        x = lib.tensor(rng.random((64, 28, 28), dtype=np.float32))
        y = lib.tensor(rng.integers(0, 10, 64))

        def loss_fn():
            _, (h, _) = model["rnn"](x)
            return nn.functional.cross_entropy(model["fc"](h[0]), y)

    else:
        model = nn.TransformerEncoderLayer(128, 4, dim_feedforward=512, batch_first=True)
        x = lib.tensor(rng.standard_normal((64, 64, 128), dtype=np.float32))

        def loss_fn():
            return (model(x) ** 2).mean()

    if state is not None:
        model.load_state_dict({k: lib.tensor(v) for k, v in state.items()})
    return model, loss_fn


def worker(framework: str, case: str, steps: int, warmup: int, threads: int) -> dict:
    import numpy as np

    import minigrad as mg

    mg.manual_seed(0)
    reference, _ = build(mg, case, None)
    state = {k: np.array(v) for k, v in reference.state_dict().items()}
    if framework == "torch":
        import torch

        torch.set_num_threads(threads)
        torch.manual_seed(0)
        lib, version = torch, torch.__version__
    else:
        lib, version = mg, "numpy " + np.__version__
    model, loss_fn = build(lib, case, state)
    opt = lib.optim.SGD(model.parameters(), lr=1e-3)
    times = []
    for i in range(warmup + steps):
        start = time.perf_counter()
        loss = loss_fn()
        opt.zero_grad()
        loss.backward()
        opt.step()
        if i >= warmup:
            times.append(time.perf_counter() - start)
    return {"median": statistics.median(times), "loss": float(loss.item()), "version": version}


def run_pair_member(framework: str, args: argparse.Namespace) -> dict:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env[var] = str(args.threads)
    cmd = [
        sys.executable,
        __file__,
        "--worker",
        framework,
        "--case",
        args.case,
        "--steps",
        str(args.steps),
        "--warmup",
        str(args.warmup),
        "--threads",
        str(args.threads),
    ]
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> dict:
    p = argparse.ArgumentParser(description="LSTM and Transformer-encoder steps vs PyTorch.")
    p.add_argument("--case", choices=sorted(CASES), default="lstm")
    p.add_argument("--pairs", type=int, default=5, help="minigrad/PyTorch process pairs")
    p.add_argument("--steps", type=int, default=10, help="timed steps per process")
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--threads", type=int, default=1, help="BLAS / torch threads per process")
    p.add_argument("--worker", choices=["minigrad", "torch"], help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.worker:
        result = worker(args.worker, args.case, args.steps, args.warmup, args.threads)
        print(json.dumps(result))
        return result
    ratios, results = [], {"minigrad": [], "torch": []}
    for i in range(args.pairs):
        order = ("minigrad", "torch") if i % 2 == 0 else ("torch", "minigrad")
        pair = {fw: run_pair_member(fw, args) for fw in order}
        for fw in pair:
            results[fw].append(pair[fw]["median"])
        ratios.append(pair["minigrad"]["median"] / pair["torch"]["median"])
        print(
            f"pair {i + 1}: minigrad {pair['minigrad']['median'] * 1e3:7.2f} ms, "
            f"PyTorch {pair['torch']['median'] * 1e3:7.2f} ms, ratio {ratios[-1]:.2f}"
        )
    summary = {
        "case": CASES[args.case],
        "threads": args.threads,
        "minigrad_ms": statistics.median(results["minigrad"]) * 1e3,
        "torch_ms": statistics.median(results["torch"]) * 1e3,
        "ratio": statistics.median(ratios),
        "versions": {"minigrad": pair["minigrad"]["version"], "torch": pair["torch"]["version"]},
    }
    print(
        f"{summary['case']}, {args.threads} thread(s): minigrad {summary['minigrad_ms']:.2f} ms, "
        f"PyTorch {summary['torch_ms']:.2f} ms; median of {args.pairs} pair ratios "
        f"{summary['ratio']:.2f}x ({summary['versions']['minigrad']}, "
        f"torch {summary['versions']['torch']}, Python {sys.version.split()[0]})"
    )
    return summary


if __name__ == "__main__":
    main()
