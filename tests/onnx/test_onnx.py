"""ONNX export checked by ONNX Runtime, import, and the round trip."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

import minigrad as mg
from minigrad import nn

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")
import minigrad.onnx  # noqa: E402

sys.path.insert(0, str(Path(__file__).parents[2] / "examples"))
from mnist_cnn import build_model  # noqa: E402
from mnist_lstm import RowLSTM  # noqa: E402


def _lenet() -> nn.Module:
    return nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.AvgPool2d(2),
        nn.Conv2d(6, 16, 5), nn.Sigmoid(), nn.MaxPool2d(2), nn.Flatten(),
        nn.Linear(400, 120), nn.ReLU(), nn.Linear(120, 84), nn.Tanh(), nn.Linear(84, 10),
    )  # fmt: skip


def _mlp() -> nn.Module:
    return nn.Sequential(
        nn.Flatten(), nn.Linear(784, 64), nn.ReLU(), nn.Dropout(0.5), nn.Linear(64, 10),
        nn.LogSoftmax(dim=1),
    )  # fmt: skip


def _bn_net() -> nn.Module:
    return nn.Sequential(
        nn.Conv2d(1, 4, 3, stride=2, padding=1), nn.BatchNorm2d(4), nn.ReLU(),
        nn.MaxPool2d(3, stride=2, padding=1), nn.AdaptiveAvgPool2d(1), nn.Flatten(),
        nn.Linear(4, 3), nn.Softmax(dim=1),
    )  # fmt: skip


MODELS = {
    "flagship": build_model, "lenet": _lenet, "mlp": _mlp, "batchnorm": _bn_net,
    "second_flagship": lambda: RowLSTM(hidden=16),
}  # fmt: skip


def _trained_a_little(model: nn.Module) -> nn.Module:
    """One SGD step in train mode, so batch-norm statistics and weights are not the defaults."""
    opt = mg.optim.SGD(model.parameters(), lr=0.1)
    model(mg.randn(4, 1, 28, 28)).sum().backward()
    opt.step()
    return model


@pytest.mark.parametrize("name", list(MODELS))
def test_onnx_runtime_agrees_with_minigrad_on_a_dynamic_batch(name, tmp_path):
    mg.manual_seed(0)
    model = _trained_a_little(MODELS[name]())
    path = tmp_path / f"{name}.onnx"
    minigrad.onnx.export(
        model, mg.randn(2, 1, 28, 28), path, input_names=["x"], output_names=["y"],
        dynamic_axes={"x": {0: "batch"}, "y": {0: "batch"}},
    )  # fmt: skip
    onnx.checker.check_model(onnx.load(path))
    assert model.training  # export put the mode back
    session = ort.InferenceSession(str(path))
    model.eval()
    for n in (1, 7):  # neither the example's batch nor the second trace's
        x = np.random.default_rng(n).standard_normal((n, 1, 28, 28)).astype(np.float32)
        (y,) = session.run(None, {"x": x})
        np.testing.assert_allclose(y, model(mg.tensor(x)).array, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("name", list(MODELS))
def test_import_and_reexport_give_the_same_outputs(name, tmp_path):
    mg.manual_seed(1)
    model = _trained_a_little(MODELS[name]()).eval()
    minigrad.onnx.export(
        model, mg.randn(3, 1, 28, 28), tmp_path / "a.onnx", dynamic_axes={"input": [0]}
    )
    imported = minigrad.onnx.load(tmp_path / "a.onnx")
    minigrad.onnx.export(
        imported, mg.randn(2, 1, 28, 28), tmp_path / "b.onnx", dynamic_axes={"input": [0]}
    )
    session = ort.InferenceSession(str(tmp_path / "b.onnx"))
    for n in (1, 7):  # the imported graph, and its re-export, keep the batch dynamic
        x = mg.randn(n, 1, 28, 28)
        expected = model(x).array
        np.testing.assert_allclose(imported(x).array, expected, rtol=1e-5, atol=1e-6)
        (y,) = session.run(None, {"input": x.array})
        np.testing.assert_allclose(y, expected, rtol=1e-4, atol=1e-5)


def test_imported_weights_are_parameters_that_train(tmp_path):
    mg.manual_seed(2)
    minigrad.onnx.export(
        _mlp(), mg.randn(2, 1, 28, 28), tmp_path / "m.onnx", dynamic_axes={"input": [0]}
    )
    model = minigrad.onnx.load(tmp_path / "m.onnx")
    params = list(model.parameters())
    assert len(params) == 4 and all(p.requires_grad for p in params)
    x, target = mg.randn(8, 1, 28, 28), mg.tensor(np.arange(8) % 10)
    opt = mg.optim.SGD(model.parameters(), lr=0.1)
    losses = []
    for _ in range(5):
        loss = nn.functional.nll_loss(model(x), target)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert losses[-1] < losses[0]


def test_an_op_without_mapping_is_named(tmp_path):
    class Odd(nn.Module):
        def forward(self, x):
            return mg.logsumexp(x, 1)

    with pytest.raises(minigrad.onnx.UnsupportedOperatorError, match="LogSumExp"):
        minigrad.onnx.export(Odd(), mg.randn(2, 3), tmp_path / "x.onnx")


def test_import_names_every_unsupported_operator(tmp_path):
    h = onnx.helper
    graph = h.make_graph(
        [h.make_node("Erf", ["x"], ["a"]), h.make_node("Selu", ["a"], ["y"])], "g",
        [h.make_tensor_value_info("x", onnx.TensorProto.FLOAT, [2])],
        [h.make_tensor_value_info("y", onnx.TensorProto.FLOAT, [2])],
    )  # fmt: skip
    onnx.save(h.make_model(graph), tmp_path / "u.onnx")
    with pytest.raises(minigrad.onnx.UnsupportedOperatorError, match=r"\['Erf', 'Selu'\]"):
        minigrad.onnx.load(tmp_path / "u.onnx")


def test_bad_arguments_are_refused(tmp_path):
    with pytest.raises(TypeError, match="args must be"):
        minigrad.onnx.export(_mlp(), np.zeros((1, 1, 28, 28)), tmp_path / "x.onnx")
    with pytest.raises(TypeError, match="unexpected"):
        minigrad.onnx.export(_mlp(), mg.randn(1, 1, 28, 28), tmp_path / "x.onnx", bogus=1)


def test_flagship_example_exports_and_checks_its_model(tmp_path, capsys):
    pytest.importorskip("tqdm")
    pytest.importorskip("matplotlib")
    import mnist_cnn

    path = tmp_path / "cnn.onnx"
    argv = ["--epochs", "1", "--limit", "128", "--out", str(tmp_path), "--export-onnx", str(path)]
    mnist_cnn.main(argv)
    assert "ONNX Runtime agrees with minigrad to" in capsys.readouterr().out
    assert [i.name for i in onnx.load(path).graph.input] == ["image"]


def test_stacked_outputs_export(tmp_path):
    class Stacked(nn.Module):
        def forward(self, x):
            return mg.stack([x * 2, x.relu()], 1)

    x = mg.randn(2, 3)
    minigrad.onnx.export(Stacked(), x, tmp_path / "s.onnx")
    (y,) = ort.InferenceSession(str(tmp_path / "s.onnx")).run(None, {"input": x.array})
    np.testing.assert_allclose(y, Stacked()(x).array)
