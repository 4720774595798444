"""Extremes and norms: max/min ties, logsumexp's stability, argmax/argmin, ptp and
vector_norm — forward vs NumPy and PyTorch, gradients to second order, the gradient at 0 and
at ties, and bad input. (max, min and logsumexp also run in test_reduce.py's tables with the
other reductions.)"""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import minigrad as mg
from minigrad.ops import extreme
from minigrad.testing import gradcheck, gradgradcheck
from minigrad.testing import strategies as mst

rng = np.random.default_rng(0)
ORDS = [2, 1, 3, 0.5, np.inf, -np.inf, 0]
finite = st.floats(-3, 3, allow_nan=False, allow_infinity=False)


def t(a):
    return mg.tensor(np.asarray(a, dtype=np.float64), requires_grad=True)


def test_ptp_matches_numpy_with_gradients():
    x = rng.permutation(12).reshape(3, 4) * 0.1
    for axis in (None, 0, -1, (0, 1)):
        np.testing.assert_allclose(extreme.ptp(t(x), axis).array, np.ptp(x, axis))
    assert gradgradcheck(lambda a: extreme.ptp(a, 1, keepdims=True) ** 2, [t(x)])
    with pytest.raises(ValueError, match="ptp: cannot reduce an empty axis"):
        extreme.ptp(mg.zeros(2, 0), 1)


@pytest.mark.parametrize("order", ORDS)
@pytest.mark.parametrize("axis, keepdims", [(None, False), (1, True), (-1, False), ((0, 2), False)])
def test_vector_norm_matches_torch(order, axis, keepdims, torch):
    x = rng.standard_normal((2, 3, 4))
    ours, theirs = t(x), torch.tensor(x, requires_grad=True)
    out = extreme.vector_norm(ours, order, axis, keepdims)
    expected = torch.linalg.vector_norm(theirs, order, dim=axis, keepdim=keepdims)
    np.testing.assert_allclose(out.array, expected.detach().numpy(), rtol=1e-12)
    g = rng.standard_normal(out.shape)
    out.backward(mg.tensor(g))
    expected.backward(torch.tensor(g))
    expected_grad = np.zeros(x.shape) if theirs.grad is None else theirs.grad.numpy()  # ord 0
    np.testing.assert_allclose(ours.grad.array, expected_grad, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("order", [2, 1, 3, np.inf])
def test_vector_norm_second_order(order):
    x = t(rng.permutation(12).reshape(3, 4) * 0.1 + 0.05)
    assert gradcheck(lambda a: extreme.vector_norm(a, order, 1), [x])
    assert gradgradcheck(lambda a: extreme.vector_norm(a, order, -1), [x])


@pytest.mark.parametrize("order", [2, 1, 3, np.inf, -np.inf, 0])
def test_vector_norm_gradient_at_zero_is_zero_like_torch(order, torch):
    x = np.array([[0.0, 0.0, 0.0], [1.0, -2.0, 0.0]])
    ours, theirs = t(x), torch.tensor(x, requires_grad=True)
    (g,) = mg.autograd.grad(extreme.vector_norm(ours, order, 1).sum(), ours, create_graph=True)
    tout = torch.linalg.vector_norm(theirs, order, dim=1).sum()
    tg = torch.autograd.grad(tout, theirs, allow_unused=True)[0]
    tg = torch.zeros(x.shape) if tg is None else tg  # ord 0 has no gradient in PyTorch
    assert not np.isnan(g.array).any()
    np.testing.assert_array_equal(g.array[0], [0.0, 0.0, 0.0])
    np.testing.assert_allclose(g.array, tg.numpy(), rtol=1e-12)
    if ord == 2:  # the second order at 0 is 0 too, not NaN
        (gg,) = mg.autograd.grad(g.sum(), ours)
        np.testing.assert_array_equal(gg.array[0], [0.0, 0.0, 0.0])


def test_vector_norm_bad_input():
    with pytest.raises(ValueError, match="vector_norm: ord must be >= 0 or ±inf, got -1"):
        extreme.vector_norm(mg.ones(3), -1)
    with pytest.raises(TypeError, match="vector_norm: ord must be a number, got 'nuc'"):
        extreme.vector_norm(mg.ones(3), "nuc")
    with pytest.raises(TypeError, match="vector_norm: expected a floating-point tensor"):
        extreme.vector_norm(mg.tensor(np.array([1, 2])))
    with pytest.raises(ValueError, match="vector_norm: axis 1 is out of range"):
        extreme.vector_norm(mg.ones(3), 2, 1)


# --------------------------------------------------------------------------------------------
# max/min ties
# --------------------------------------------------------------------------------------------


def test_max_splits_the_gradient_evenly_among_ties():
    x = t(np.array([1.0, 3.0, 3.0]))
    extreme.max(x).backward()
    np.testing.assert_array_equal(x.grad.array, [0.0, 0.5, 0.5])


def test_min_ties_along_an_axis_and_keepdims():
    x = t(np.array([[2.0, 2.0, 2.0], [5.0, 1.0, 4.0]]))
    out = extreme.min(x, axis=1, keepdims=True)
    assert out.shape == (2, 1)
    out.backward(mg.tensor(np.array([[3.0], [1.0]])))
    np.testing.assert_allclose(x.grad.array, [[1.0, 1.0, 1.0], [0.0, 1.0, 0.0]])


def test_max_tie_share_is_constant_for_second_order():
    x = t(np.array([1.0, 3.0, 3.0]))
    (g,) = mg.autograd.grad(extreme.max(x) * extreme.max(x), x, create_graph=True)
    np.testing.assert_allclose(g.array, [0.0, 3.0, 3.0])  # 2 * max * share
    (gg,) = mg.autograd.grad(g.sum(), x)
    np.testing.assert_allclose(gg.array, [0.0, 1.0, 1.0])  # d/dx of 2 * max(x) summed * share


# --------------------------------------------------------------------------------------------
# logsumexp stability
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_logsumexp_is_finite_for_large_inputs_and_its_gradient_is_softmax(dtype):
    x = mg.tensor(np.array([[1e4, -1e4, 1e4], [-1e4, -1e4, -1e4]], dtype), requires_grad=True)
    out = extreme.logsumexp(x, axis=1)
    assert out.dtype == dtype
    np.testing.assert_allclose(out.array, [1e4 + np.log(2), -1e4 + np.log(3)], rtol=1e-6)
    out.sum().backward()
    np.testing.assert_allclose(x.grad.array, [[0.5, 0, 0.5], [1 / 3, 1 / 3, 1 / 3]], atol=2e-3)


def test_logsumexp_of_infinities_and_empty_axes():
    x = mg.tensor(np.array([[-np.inf, -np.inf], [np.inf, 0.0]]))
    np.testing.assert_array_equal(extreme.logsumexp(x, axis=1).array, [-np.inf, np.inf])
    np.testing.assert_array_equal(
        extreme.logsumexp(mg.zeros(2, 0), axis=1).array, [-np.inf, -np.inf]
    )


# --------------------------------------------------------------------------------------------
# Edge cases and arg-extremes
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("op", [extreme.max, extreme.min, extreme.argmax, extreme.argmin])
def test_extremes_of_empty_axes_raise(op):
    name = op.__name__
    with pytest.raises(ValueError, match=rf"{name}: cannot reduce an empty axis .*shape \(2, 0\)"):
        op(mg.zeros(2, 0), axis=1)
    with pytest.raises(ValueError, match=rf"{name}: cannot reduce an empty axis"):
        op(mg.zeros(0))


@pytest.mark.parametrize("name", ["argmax", "argmin"])
@given(data=st.data())
def test_arg_extremes_match_numpy(name, data):
    x = data.draw(mst.tensors(mst.shapes(min_dims=1), elements=finite))
    axis = data.draw(st.none() | st.integers(-x.ndim, x.ndim - 1))
    keepdims = data.draw(st.booleans())
    out = getattr(extreme, name)(x, axis=axis, keepdims=keepdims)
    assert out.dtype == np.int64 and not out.requires_grad
    np.testing.assert_array_equal(
        out.array, getattr(np, name)(x.array, axis=axis, keepdims=keepdims)
    )


@pytest.mark.parametrize("op", [extreme.argmax, extreme.argmin])
def test_arg_extremes_take_one_int_axis(op):
    name = op.__name__
    with pytest.raises(TypeError, match=rf"{name}: axis must be an int"):
        op(mg.ones(2, 3), axis=(0, 1))
    with pytest.raises(ValueError, match=rf"{name}: axis 2 is out of range .*\(2, 3\)"):
        op(mg.ones(2, 3), axis=2)
