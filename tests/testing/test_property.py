"""check_gradients, the one-line property test; the example script; and minigrad's own
convolution, pooling and reductions property-tested with the toolkit."""

import os
import re
import subprocess
import sys
from pathlib import Path

import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import settings

import minigrad as mg
from minigrad.autograd import Function
from minigrad.nn import functional as F
from minigrad.testing import GradcheckError, VJPContractError, check_gradients
from minigrad.testing import strategies as mst

# How hypothesis introduces the shrunk example (the wording changed in hypothesis 6.16x).
SHRUNK = r"(Falsifying example|Failing test case): "

ROOT = Path(__file__).resolve().parents[2]


class SinWrongSign(Function):
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return np.sin(a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return -grad * a.cos()


class AddBiasNoUnbroadcast(Function):
    @staticmethod
    def forward(ctx, x, b):
        return x + b

    @staticmethod
    def backward(ctx, grad):
        return grad, grad


def sin_wrong_sign(x):
    return SinWrongSign.apply(x)


def test_passes_on_correct_functions_first_and_second_order():
    check_gradients(lambda x: (x * x).tanh(), x=mst.tensors(mst.shapes()), order=2)
    check_gradients(
        lambda x, y: x * y.exp(),
        x=mst.tensors(mst.shapes(max_dims=2)),
        y=mst.tensors(()),
        fast_mode=True,
    )


def test_finds_tensors_inside_containers_and_passes_fixed_values():
    calls = []

    def fn(pair, scale, options):
        calls.append(scale)
        a, b = pair
        return (a * b + options["shift"]) * scale

    check_gradients(
        fn,
        pair=st.tuples(mst.tensors((2,)), mst.tensors((2,))),
        scale=3.0,
        options=st.fixed_dictionaries({"shift": mst.tensors((2,))}),
        order=2,
    )
    assert calls and set(calls) == {3.0}


def test_failure_reports_the_shrunk_counterexample_and_the_checker_message():
    with pytest.raises(GradcheckError) as info:
        check_gradients(sin_wrong_sign, x=mst.tensors(mst.shapes(max_dims=2)))
    notes = "\n".join(getattr(info.value, "__notes__", []))
    assert re.search(SHRUNK + r"sin_wrong_sign\(", notes)
    # Shrunk to the smallest input: a 0-d zero.
    assert "x=tensor(0., dtype=float64, requires_grad=True)" in notes
    assert str(info.value).startswith("gradcheck: the gradient w.r.t. input 0 (shape ())")


def test_contract_violation_is_found_and_can_be_switched_off():
    @st.composite
    def batch_and_bias(draw):
        n, c = draw(st.integers(1, 3)), draw(st.integers(1, 3))
        return {"x": draw(mst.tensors((n, c))), "b": draw(mst.tensors((c,)))}

    def add_bias(xb):
        return AddBiasNoUnbroadcast.apply(xb["x"], xb["b"])

    with pytest.raises(VJPContractError, match=r"shape \(1, 1\) for its input 1 of shape \(1,\)"):
        check_gradients(add_bias, xb=batch_and_bias())
    check_gradients(add_bias, xb=batch_and_bias(), contract=False)


def test_settings_override_the_profile():
    calls = []
    check_gradients(
        lambda x: calls.append(1) or x * 2,
        x=mst.tensors((2,)),
        settings=settings(max_examples=3, database=None),
    )
    # gradcheck, the contract check and the evaluations call fn many times per example.
    assert 0 < len(calls) <= 3 * 40


def test_bad_options():
    with pytest.raises(ValueError, match="check_gradients: order must be 1 or 2, got 3"):
        check_gradients(lambda x: x, x=mst.tensors(()), order=3)
    with pytest.raises(TypeError, match="check_gradients: give a strategy for each argument"):
        check_gradients(lambda: mg.tensor(1.0))


def test_the_example_finds_both_bugs_and_prints_the_shrunk_cases():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, str(ROOT / "examples" / "property_testing.py")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    ).stdout
    pool, bias = out.split("== add_bias")
    assert re.search(SHRUNK + r"avg_pool1d\(", pool)
    assert "'kernel_size': 1" in pool and "'stride': 1" in pool
    assert "gradcheck: the gradient w.r.t. input 0 (shape (1, 2)) is wrong at element" in pool
    assert re.search(SHRUNK + r"add_bias\(", bias)
    assert "AddBias.backward returned a gradient of shape (1, 1) for its input 1" in bias


# --------------------------------------------------------------------------------------------
# Dogfooding: minigrad's own ops, drawn by the strategies, checked by the checkers
# --------------------------------------------------------------------------------------------


@st.composite
def conv_cases(draw, ndim):
    cfg = draw(mst.conv_configs(ndim, max_batch=1, max_channels=2, max_kernel=2, max_extra=2))
    c_out = cfg["weight_shape"][0]
    return {
        "x": draw(mst.tensors(cfg["input_shape"])),
        "w": draw(mst.tensors(cfg["weight_shape"])),
        "bias": draw(st.none() | mst.tensors((c_out,))),
        "cfg": {k: cfg[k] for k in ("stride", "padding", "dilation", "groups")},
    }


@pytest.mark.parametrize("ndim", [1, 2])
def test_minigrad_conv_gradients(ndim):
    conv = getattr(F, f"conv{ndim}d")
    check_gradients(
        lambda case: conv(case["x"], case["w"], case["bias"], **case["cfg"]),
        case=conv_cases(ndim),
        order=2 if ndim == 1 else 1,
    )


@st.composite
def pool_cases(draw, kind):
    cfg = draw(mst.pool_configs(2, kind=kind, max_batch=1, max_channels=2, max_extra=3))
    shape = cfg.pop("input_shape")
    cfg.pop("output_shape")
    # Max pooling is differentiable where no two values in a window tie.
    x = mst.distinct_values(shape) if kind == "max" else mst.tensors(shape)
    return {"x": draw(x), "cfg": cfg}


@pytest.mark.parametrize("kind", ["max", "avg"])
def test_minigrad_pool_gradients(kind):
    pool = getattr(F, f"{kind}_pool2d")
    check_gradients(lambda case: pool(case["x"], **case["cfg"]), case=pool_cases(kind), order=2)


def test_max_pool_window_of_only_padding_sends_no_gradient(torch):
    """Found by the property test above: such a window's gradient once went to an input
    element outside it."""
    cfg = {"kernel_size": (2, 1), "stride": 1, "padding": (1, 0), "dilation": (2, 1)}
    x = mg.tensor(np.full((1, 1, 1, 1), -10.0), requires_grad=True)
    F.max_pool2d(x, **cfg).sum().backward()
    tx = torch.full((1, 1, 1, 1), -10.0, requires_grad=True)
    torch.nn.functional.max_pool2d(tx, **cfg).sum().backward()
    np.testing.assert_array_equal(x.grad.array, tx.grad.numpy())


@st.composite
def reduction_cases(draw):
    x = draw(mst.distinct_values(mst.shapes(max_dims=3, max_side=3)))
    return {"x": x, "axis": draw(mst.axes(x.ndim)), "keepdims": draw(st.booleans())}


@pytest.mark.parametrize("name", ["sum", "mean", "max", "logsumexp"])
def test_minigrad_reduction_gradients(name):
    check_gradients(
        lambda case: getattr(case["x"], {"max": "amax"}.get(name, name))(
            axis=case["axis"], keepdims=case["keepdims"]
        ),
        case=reduction_cases(),
        order=2,
    )


def test_minigrad_broadcasting_arithmetic_gradients():
    @st.composite
    def operands(draw):
        a, b = draw(mst.broadcastable_shapes(2))
        return draw(mst.tensors(a)), draw(mst.tensors(b, elements=st.floats(0.5, 3)))

    check_gradients(lambda ab: ab[0] * ab[1] - ab[0] / ab[1], ab=operands(), order=2)
