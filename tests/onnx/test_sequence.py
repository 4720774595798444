"""The recurrent layers export unrolled, with a dynamic batch axis, and import back."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import minigrad as mg
from minigrad import nn

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")
import minigrad.onnx  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "examples"))
from mnist_lstm import RowLSTM  # noqa: E402


class Outputs(nn.Module):
    """A recurrent layer's output and final state(s), each a graph output."""

    def __init__(self, layer: nn.Module) -> None:
        super().__init__()
        self.layer = layer

    def forward(self, x, *hx):
        out, state = self.layer(x, (hx if len(hx) > 1 else hx[0]) if hx else None)
        return (out, *(state if isinstance(state, tuple) else (state,)))


LAYERS = {
    "lstm_two_layers": lambda: nn.LSTM(5, 6, num_layers=2),
    "lstm_bidirectional_batch_first": lambda: nn.LSTM(5, 6, bidirectional=True, batch_first=True),
    "gru_two_layers_bidirectional": lambda: nn.GRU(5, 6, num_layers=2, bidirectional=True),
    "gru_without_bias": lambda: nn.GRU(5, 6, bias=False, batch_first=True),
    "rnn_tanh": lambda: nn.RNN(5, 6, num_layers=2),
    "rnn_relu_bidirectional": lambda: nn.RNN(5, 6, nonlinearity="relu", bidirectional=True),
}


def _input(layer: nn.Module, n: int) -> np.ndarray:
    shape = (n, 4, 5) if layer.batch_first else (4, n, 5)  # 4 steps of 5 features
    return np.random.default_rng(n).standard_normal(shape).astype(np.float32)


def _assert_same(session, feeds: dict, expected: tuple) -> None:
    got = session.run(None, feeds)
    assert len(got) == len(expected)
    for y, e in zip(got, expected):
        assert y.shape == e.shape
        np.testing.assert_allclose(y, e.array, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("name", list(LAYERS))
def test_recurrent_layers_agree_with_onnx_runtime_at_other_batch_sizes(name, tmp_path):
    mg.manual_seed(0)
    model = Outputs(LAYERS[name]()).eval()
    axis = 0 if model.layer.batch_first else 1
    path = tmp_path / f"{name}.onnx"
    minigrad.onnx.export(
        model, mg.tensor(_input(model.layer, 3)), path, input_names=["x"],
        dynamic_axes={"x": {axis: "batch"}},
    )  # fmt: skip
    onnx.checker.check_model(onnx.load(path), full_check=True)
    session = ort.InferenceSession(str(path))
    for n in (1, 7):
        x = _input(model.layer, n)
        _assert_same(session, {"x": x}, model(mg.tensor(x)))


@pytest.mark.parametrize("name", ["lstm_two_layers", "gru_two_layers_bidirectional"])
def test_given_initial_states_are_inputs_with_their_own_batch_axis(name, tmp_path):
    mg.manual_seed(1)
    model = Outputs(LAYERS[name]()).eval()
    layer = model.layer
    states = ["h0", "c0"] if layer.mode == "LSTM" else ["h0"]
    count = layer.num_layers * (2 if layer.bidirectional else 1)

    def feeds(n):
        state = np.random.default_rng(n + 10).standard_normal((count, n, 6)).astype(np.float32)
        return {"x": _input(layer, n), **{s: state * (i + 1) for i, s in enumerate(states)}}

    example = [mg.tensor(a) for a in feeds(2).values()]
    minigrad.onnx.export(
        model, tuple(example), tmp_path / "s.onnx", input_names=["x", *states],
        dynamic_axes={"x": {1: "batch"}, **{s: {1: "batch"} for s in states}},
    )  # fmt: skip
    session = ort.InferenceSession(str(tmp_path / "s.onnx"))
    for n in (1, 7):
        f = feeds(n)
        _assert_same(session, f, model(*[mg.tensor(a) for a in f.values()]))


def test_zero_initial_states_are_built_from_the_run_time_batch(tmp_path):
    model = Outputs(nn.LSTM(5, 6)).eval()
    proto = minigrad.onnx.export(
        model, mg.tensor(_input(model.layer, 3)), tmp_path / "z.onnx", input_names=["x"],
        dynamic_axes={"x": {1: "batch"}},
    )  # fmt: skip
    ops = [n.op_type for n in proto.graph.node]
    assert ops.count("ConstantOfShape") == 2  # h0 and c0
    assert {"Shape", "Gather"} <= set(ops)
    # and no initializer holds the example batch's zero state
    assert not any(i.dims == [3, 6] for i in proto.graph.initializer)


@pytest.mark.parametrize("name", ["lstm_bidirectional_batch_first", "gru_without_bias"])
def test_an_imported_recurrent_graph_keeps_its_dynamic_batch(name, tmp_path):
    mg.manual_seed(2)
    model = Outputs(LAYERS[name]()).eval()
    dynamic = {"x": {0: "batch"}}
    minigrad.onnx.export(
        model, mg.tensor(_input(model.layer, 3)), tmp_path / "a.onnx", input_names=["x"],
        dynamic_axes=dynamic,
    )  # fmt: skip
    imported = minigrad.onnx.load(tmp_path / "a.onnx")
    minigrad.onnx.export(
        imported, mg.tensor(_input(model.layer, 2)), tmp_path / "b.onnx", input_names=["x"],
        dynamic_axes=dynamic,
    )  # fmt: skip
    session = ort.InferenceSession(str(tmp_path / "b.onnx"))
    for n in (1, 7):
        x = mg.tensor(_input(model.layer, n))
        expected = model(x)
        for got, e in zip(imported(x), expected):
            np.testing.assert_allclose(got.array, e.array, rtol=1e-5, atol=1e-6)
        _assert_same(session, {"x": x.array}, expected)


def test_the_second_flagship_example_exports_with_a_dynamic_batch(tmp_path):
    pytest.importorskip("tqdm")
    pytest.importorskip("matplotlib")
    path = tmp_path / "lstm.onnx"
    args = ["--epochs", "1", "--limit", "96", "--batch-size", "32", "--hidden", "16",
            "--out", str(tmp_path), "--export-onnx", str(path)]  # fmt: skip
    # In its own process, as the README runs it (it sets its BLAS threads before NumPy loads).
    out = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "mnist_lstm.py"), *args],
        env=dict(os.environ, PYTHONPATH=str(ROOT)), capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "ONNX Runtime agrees with minigrad to" in out
    model = RowLSTM(hidden=16).eval()
    model.load_state_dict(mg.load(tmp_path / "best.npz"))
    session = ort.InferenceSession(str(path))
    for n in (1, 7):
        images = np.random.default_rng(n).random((n, 1, 28, 28), np.float32)
        (logits,) = session.run(None, {"image": images})
        np.testing.assert_allclose(logits, model(mg.tensor(images)).array, rtol=1e-4, atol=1e-5)
