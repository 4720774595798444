"""Shapes that follow a dynamic batch: computed at run time, checked in ONNX Runtime."""

from __future__ import annotations

import numpy as np
import pytest

import minigrad as mg
from minigrad import nn

onnx = pytest.importorskip("onnx")
ort = pytest.importorskip("onnxruntime")
import minigrad.onnx  # noqa: E402


class Fn(nn.Module):
    def __init__(self, fn):
        super().__init__()
        self.fn = fn
        self.w = nn.Parameter(mg.randn(4, 4))

    def forward(self, x):
        return self.fn(x @ self.w)


CASES = {
    # (N, 4) -> (2N, 2): the target's first dimension is 2·N
    "reshape_by_twice_the_batch": lambda x: x.reshape(-1, 2),
    # (N, 4) -> (4, N) -> (4N,)
    "transpose_then_flatten": lambda x: x.T.reshape(-1),
    "negative_index_on_the_batch_axis": lambda x: x[-1] * x[-2:],
    "slice_from_the_end_reversed": lambda x: x[::-1] + x[:-10:-1].sum(),
    "flip_the_batch": lambda x: mg.flip(x, 0) - x,
    "broadcast_to_the_batch": lambda x: mg.broadcast_to(x[:, :1], x.shape) * x,
    "zeros_and_a_fill_made_in_forward": lambda x: (
        x + mg.zeros(x.shape[0], 4) + mg.full((x.shape[0], 1), 3.0)
    ),
    "clip_to_numbers": lambda x: mg.clip(x, -0.5, 0.25),
    "clip_to_arrays": lambda x: mg.clip(x, np.full(4, -0.5, np.float32), np.arange(4.0) / 4),
}


@pytest.mark.parametrize("name", list(CASES))
def test_shapes_that_follow_the_batch_are_computed_at_run_time_and_imported(name, tmp_path):
    mg.manual_seed(0)
    model = Fn(CASES[name])
    path = tmp_path / f"{name}.onnx"
    minigrad.onnx.export(model, mg.randn(3, 4), path, dynamic_axes={"input": {0: "n"}})
    onnx.checker.check_model(onnx.load(path), full_check=True)
    session = ort.InferenceSession(str(path))
    imported = minigrad.onnx.load(path)  # runs the Shape arithmetic with minigrad ops
    for n in (1, 7, 12):
        x = np.random.default_rng(n).standard_normal((n, 4)).astype(np.float32)
        (y,) = session.run(None, {"input": x})
        expected = model(mg.tensor(x)).array
        assert y.shape == expected.shape
        np.testing.assert_allclose(y, expected, rtol=1e-5, atol=1e-6)
        np.testing.assert_allclose(imported(mg.tensor(x)).array, expected, rtol=1e-5, atol=1e-6)


def test_a_flatten_copies_the_batch_without_shape_arithmetic(tmp_path):
    model = nn.Sequential(nn.Flatten(), nn.Linear(12, 2))
    proto = minigrad.onnx.export(
        model, mg.randn(2, 3, 4), tmp_path / "f.onnx", dynamic_axes={"input": [0]}
    )
    (reshape,) = [n for n in proto.graph.node if n.op_type == "Reshape"]
    target = {i.name: i for i in proto.graph.initializer}[reshape.input[1]]
    assert onnx.numpy_helper.to_array(target).tolist() == [0, 12]
    assert "Shape" not in {n.op_type for n in proto.graph.node}


def test_an_output_that_follows_the_batch_is_declared_dynamic(tmp_path):
    proto = minigrad.onnx.export(
        Fn(lambda x: x.reshape(-1, 2)), mg.randn(3, 4), tmp_path / "o.onnx",
        dynamic_axes={"input": {0: "n"}},
    )  # fmt: skip
    (dims,) = [o.type.tensor_type.shape.dim for o in proto.graph.output]
    assert dims[0].dim_param == "output_dim0" and dims[1].dim_value == 2


def test_a_constant_that_changes_with_the_batch_and_is_not_uniform_is_refused(tmp_path):
    model = Fn(lambda x: x * mg.arange(x.shape[0] * 4.0).reshape(-1, 4))
    with pytest.raises(minigrad.onnx.UnsupportedOperatorError, match="one repeated value"):
        minigrad.onnx.export(
            model, mg.randn(3, 4), tmp_path / "c.onnx", dynamic_axes={"input": [0]}
        )
    # with a fixed batch it is an ordinary initializer
    minigrad.onnx.export(model, mg.randn(3, 4), tmp_path / "c.onnx")


def test_a_graph_that_changes_with_the_batch_is_refused(tmp_path):
    model = Fn(lambda x: x.relu() if x.shape[0] < 4 else x.tanh())
    with pytest.raises(minigrad.onnx.UnsupportedOperatorError, match="different graph"):
        minigrad.onnx.export(
            model, mg.randn(3, 4), tmp_path / "g.onnx", dynamic_axes={"input": [0]}
        )


def test_an_array_operand_that_changes_with_the_batch_is_refused(tmp_path):
    model = Fn(lambda x: mg.where(np.arange(x.shape[0] * 4).reshape(-1, 4) % 3 == 0, x, 0.0))
    with pytest.raises(minigrad.onnx.UnsupportedOperatorError, match="array operand"):
        minigrad.onnx.export(
            model, mg.randn(3, 4), tmp_path / "a.onnx", dynamic_axes={"input": [0]}
        )


def test_inputs_with_different_batch_sizes_are_refused(tmp_path):
    def add(a, b):
        return a.sum() + b.sum()

    with pytest.raises(ValueError, match="share one size"):
        minigrad.onnx.export(
            add, (mg.randn(2, 3), mg.randn(4, 3)), tmp_path / "b.onnx", input_names=["a", "b"],
            dynamic_axes={"a": [0], "b": [0]},
        )  # fmt: skip
