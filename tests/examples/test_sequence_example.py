"""The sequence flagship (examples/mnist_lstm.py) runs end to end on a few hundred images.

It runs as the README runs it, in its own process: the example sets its BLAS thread count
before NumPy is imported, which an in-process run (NumPy already loaded) could not honour.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "examples" / "mnist_lstm.py"


def run(*args):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], env=env, capture_output=True, text=True, check=True
    ).stdout


def test_lstm_flagship_trains_and_writes_its_outputs(tmp_path):
    pytest.importorskip("tqdm")
    pytest.importorskip("matplotlib")
    out = run(
        "--epochs",
        "3",
        "--limit",
        "480",
        "--batch-size",
        "32",
        "--lr",
        "1e-2",
        "--hidden",
        "48",
        "--out",
        str(tmp_path),
    )
    history = json.loads((tmp_path / "history.json").read_text())
    assert history["train_loss"][-1] < history["train_loss"][0]
    assert history["test_acc"] > 0.25  # 3 short epochs on 480 images: above chance (0.1)
    assert 1 <= history["best_epoch"] <= 3
    assert f"test accuracy of the best checkpoint (epoch {history['best_epoch']})" in out
    assert (tmp_path / "curves.png").stat().st_size > 10_000
    assert (tmp_path / "best.npz").exists()


def test_lstm_flagship_help():
    assert "--limit" in run("--help")
