"""Element-wise ops: forward vs NumPy, gradients vs central differences and PyTorch.

The gradient properties use minigrad's own toolkit (``minigrad.testing``): hypothesis draws
broadcastable float64 tensors, ``check_gradients`` runs gradcheck, the VJP contract checks and,
with ``order=2``, gradgradcheck on each example.
"""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import minigrad as mg
from minigrad.ops import elementwise as ew
from minigrad.testing import check_gradients, gradcheck
from minigrad.testing import strategies as mst

finite = st.floats(-3, 3, allow_nan=False, allow_infinity=False)
positive = st.floats(0.2, 3, allow_nan=False, allow_infinity=False)
# Kinks (abs and relu at 0) kept away: the central difference is not the derivative there.
away_from_zero = positive.map(lambda v: v if v > 0.5 else -v)


@st.composite
def broadcastable_pair(draw, elements=finite):
    a_shape, b_shape = draw(mst.broadcastable_shapes(2, max_side=3))
    return (
        draw(mst.tensors(a_shape, elements=elements)),
        draw(mst.tensors(b_shape, elements=elements)),
    )


def t(a):
    return mg.tensor(a, requires_grad=True)


BINARY = {
    "add": (mg.add, np.add, finite),
    "subtract": (mg.subtract, np.subtract, finite),
    "multiply": (mg.multiply, np.multiply, finite),
    "divide": (mg.divide, np.divide, positive),
    "power": (ew.power, np.power, positive),
    "maximum": (mg.maximum, np.maximum, finite),
    "minimum": (mg.minimum, np.minimum, finite),
}


@pytest.mark.parametrize("name", BINARY)
@given(data=st.data())
def test_binary_ops_broadcast_like_numpy(name, data):
    op, ref, elements = BINARY[name]
    a, b = data.draw(broadcastable_pair(elements))
    np.testing.assert_allclose(op(a, b).array, ref(a.array, b.array), rtol=1e-12)


@pytest.mark.parametrize("name", [n for n in BINARY if n not in ("maximum", "minimum")])
def test_binary_op_gradients_to_second_order(name):
    op, _, elements = BINARY[name]
    check_gradients(lambda pair: op(*pair), pair=broadcastable_pair(elements), order=2)


UNARY = {
    "exp": (mg.exp, np.exp, finite),
    "log": (mg.log, np.log, positive),
    "sqrt": (mg.sqrt, np.sqrt, positive),
    "sin": (mg.sin, np.sin, finite),
    "cos": (mg.cos, np.cos, finite),
    "tanh": (mg.tanh, np.tanh, finite),
    "sigmoid": (mg.sigmoid, lambda a: 1 / (1 + np.exp(-a)), finite),
    "negative": (mg.negative, np.negative, finite),
    "abs": (mg.abs, np.abs, away_from_zero),
    "relu": (mg.relu, lambda a: np.maximum(a, 0), away_from_zero),
}


@pytest.mark.parametrize("name", UNARY)
@given(data=st.data())
def test_unary_ops_match_numpy(name, data):
    op, ref, elements = UNARY[name]
    x = data.draw(mst.tensors(elements=elements))
    np.testing.assert_allclose(op(x).array, ref(x.array), rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("name", UNARY)
def test_unary_op_gradients_to_second_order(name):
    op, _, elements = UNARY[name]
    check_gradients(op, a=mst.tensors(elements=elements), order=2)


@pytest.mark.parametrize(
    "name", ["exp", "log", "sqrt", "sin", "cos", "tanh", "sigmoid", "abs", "relu"]
)
def test_unary_ops_match_torch(name, torch):
    a = (
        np.array([-2.0, -0.5, 0.0, 0.3, 1.5])
        if name not in ("log", "sqrt")
        else np.array([0.1, 1.0, 4.0])
    )
    x = t(a)
    getattr(mg, name)(x).sum().backward()
    tx = torch.tensor(a, requires_grad=True)
    getattr(torch, name)(tx).sum().backward()
    np.testing.assert_allclose(x.grad.array, tx.grad.numpy(), rtol=1e-12)


def test_sigmoid_is_finite_for_huge_inputs():
    x = mg.tensor([-1e4, 0.0, 1e4], dtype=np.float32, requires_grad=True)
    y = mg.sigmoid(x)
    y.sum().backward()
    np.testing.assert_array_equal(y.array, [0.0, 0.5, 1.0])
    assert np.isfinite(x.grad.array).all()


@given(broadcastable_pair())
def test_where_selects_and_routes_gradients(pair):
    a, b = pair
    cond = a.array > 0
    np.testing.assert_array_equal(mg.where(cond, a, b).array, np.where(cond, a.array, b.array))
    assert gradcheck(lambda x, y: mg.where(cond, x, y), [a, b])


@given(mst.distinct_values(mst.shapes(max_side=3)))
def test_maximum_and_minimum_gradients_without_ties(x):
    # distinct values at least min_gap apart: flipping and shifting by less than the gap
    # gives a second operand that never ties with the first
    a = t(x.array)
    b = t(np.flip(x.array).copy() + 1e-3)
    assert gradcheck(mg.maximum, [a, b]) and gradcheck(mg.minimum, [a, b])


def test_maximum_splits_the_gradient_of_ties_like_torch(torch):
    a, b = np.array([1.0, 2.0, 3.0]), np.array([1.0, 5.0, 0.0])
    x, y = t(a), t(b)
    mg.maximum(x, y).sum().backward()
    tx, ty = torch.tensor(a, requires_grad=True), torch.tensor(b, requires_grad=True)
    torch.maximum(tx, ty).sum().backward()
    np.testing.assert_array_equal(x.grad.array, tx.grad.numpy())
    np.testing.assert_array_equal(y.grad.array, ty.grad.numpy())
    np.testing.assert_array_equal(x.grad.array, [0.5, 0.0, 1.0])


def test_clip_passes_the_gradient_inside_the_bounds_only():
    x = t(np.array([-2.0, -0.5, 0.5, 2.0]))
    y = x.clip(-1.0, 1.0)
    np.testing.assert_array_equal(y.array, [-1.0, -0.5, 0.5, 1.0])
    y.sum().backward()
    np.testing.assert_array_equal(x.grad.array, [0.0, 1.0, 1.0, 0.0])
    with pytest.raises(ValueError, match="clip: at least one"):
        x.clip()


def test_power_gradient_wrt_exponent_at_zero_base_is_zero_like_torch(torch):
    base, expo = np.array([0.0, 2.0]), np.array([2.0, 3.0])
    a, b = t(base), t(expo)
    (a**b).sum().backward()
    ta, tb = torch.tensor(base, requires_grad=True), torch.tensor(expo, requires_grad=True)
    (ta**tb).sum().backward()
    np.testing.assert_allclose(b.grad.array, tb.grad.numpy())


def test_scalars_on_either_side_keep_float32():
    x = mg.tensor([1.0, 2.0], requires_grad=True)
    for y in (x + 1, 1 + x, x - 1, 1 - x, 2 * x, x / 2, 2 / x, x**2, 2**x, x * np.float64(2)):
        assert y.dtype == np.float32, y
    (2 / x).sum().backward()
    np.testing.assert_allclose(x.grad.array, [-2.0, -0.5])


def test_ndarray_on_the_left_defers_to_the_tensor():
    x = mg.tensor([1.0, 2.0], requires_grad=True)
    y = np.array([3.0, 4.0], np.float32) * x
    assert isinstance(y, mg.Tensor)
    y.sum().backward()
    np.testing.assert_allclose(x.grad.array, [3.0, 4.0])


def test_comparisons_and_logic_return_bool_without_grad():
    x = mg.tensor([1.0, 2.0, 3.0], requires_grad=True)
    for m in (
        x > 2,
        x >= 2,
        x < 2,
        x <= 2,
        x == 2,
        x != 2,
        ~(x > 2),
        (x > 1) & (x < 3),
        (x < 2) | (x > 2),
    ):
        assert m.dtype == np.bool_ and not m.requires_grad
    np.testing.assert_array_equal(((x > 1) & (x < 3)).array, [False, True, False])


def test_astype_differentiates_between_float_dtypes():
    x = mg.tensor([1.0, 2.0], requires_grad=True)
    y = x.astype(np.float64)
    assert y.dtype == np.float64
    (y * y).sum().backward()
    assert x.grad.dtype == np.float32
    np.testing.assert_allclose(x.grad.array, [2.0, 4.0])
    assert not x.astype(np.int64).requires_grad


@pytest.mark.parametrize("op", [mg.add, mg.subtract, mg.multiply, mg.divide, ew.power, mg.maximum])
def test_broadcast_mismatch_names_the_op_and_both_shapes(op):
    with pytest.raises(ValueError, match=rf"{op.__name__}: .*shapes \(2, 3\) and \(4,\)"):
        op(mg.ones(2, 3), mg.ones(4))


def test_where_rejects_a_non_boolean_condition():
    with pytest.raises(TypeError, match="where: condition must be boolean"):
        mg.where(mg.ones(2), mg.ones(2), mg.zeros(2))


def test_empty_arrays_flow_through():
    x = mg.tensor(np.zeros((0, 3)), requires_grad=True)
    y = (x * 2 + 1).exp()
    assert y.shape == (0, 3)
    y.backward(mg.tensor(np.zeros((0, 3))))
    assert x.grad.shape == (0, 3)


@pytest.mark.parametrize("op", [mg.tanh, mg.sigmoid])
def test_fused_derivative_ops_differentiate_to_third_order(op, torch):
    # tanh's and sigmoid's VJPs are single ops (TanhGrad, SigmoidGrad) with VJPs of their own
    a = np.array([-1.5, -0.2, 0.4, 2.0])
    x = t(a)
    (d1,) = mg.autograd.grad(op(x).sum(), x, create_graph=True)
    (d2,) = mg.autograd.grad(d1.sum(), x, create_graph=True)
    (d3,) = mg.autograd.grad(d2.sum(), x)
    tx = torch.tensor(a, requires_grad=True)
    (e1,) = torch.autograd.grad(getattr(torch, op.__name__)(tx).sum(), tx, create_graph=True)
    (e2,) = torch.autograd.grad(e1.sum(), tx, create_graph=True)
    (e3,) = torch.autograd.grad(e2.sum(), tx)
    for ours, theirs in ((d1, e1), (d2, e2), (d3, e3)):
        np.testing.assert_allclose(ours.array, theirs.detach().numpy(), rtol=1e-12)


def test_clip_bounds_that_require_grad_receive_it():
    """A Tensor bound in the graph is not silently made a constant (as torch.clamp)."""
    import minigrad.numpy as mnp

    x = mg.tensor([0.1, 0.5, 0.9], dtype=mg.float64, requires_grad=True)
    lo = mg.tensor(0.3, dtype=mg.float64, requires_grad=True)
    hi = mg.tensor([0.6, 0.6, 0.8], dtype=mg.float64, requires_grad=True)
    for clip in (mg.clip, mnp.clip, ew.clip):
        assert gradcheck(lambda a, b, c, clip=clip: clip(a, b, c), (x, lo, hi))
    mnp.clip(x, lo, hi).sum().backward()
    assert lo.grad.tolist() == 1.0 and hi.grad.tolist() == [0.0, 0.0, 1.0]
