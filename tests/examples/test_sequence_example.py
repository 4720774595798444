"""The sequence flagship (examples/mnist_lstm.py) runs end to end on a few hundred images."""

import importlib.util
import json
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def load(name):
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def test_lstm_flagship_trains_and_writes_its_outputs(tmp_path, capsys):
    pytest.importorskip("tqdm")
    pytest.importorskip("matplotlib")
    history = load("mnist_lstm").main(
        [
            "--epochs",
            "3",
            "--limit",
            "640",
            "--batch-size",
            "32",
            "--lr",
            "5e-3",
            "--out",
            str(tmp_path),
        ]
    )
    assert history["train_loss"][-1] < history["train_loss"][0]
    assert history["test_acc"] > 0.25  # 3 short epochs on 640 images: above chance (0.1)
    assert (tmp_path / "curves.png").stat().st_size > 10_000
    saved = json.loads((tmp_path / "history.json").read_text())
    assert saved["test_acc"] == history["test_acc"] and 1 <= saved["best_epoch"] <= 3
    assert (tmp_path / "best.npz").exists()
    assert "test accuracy of the best checkpoint" in capsys.readouterr().out


def test_lstm_flagship_help(capsys):
    with pytest.raises(SystemExit):
        load("mnist_lstm").parse_args(["--help"])
    assert "--limit" in capsys.readouterr().out
