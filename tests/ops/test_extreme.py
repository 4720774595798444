"""Extremes and norms: ptp and vector_norm (max/min/logsumexp/argmax are covered with the
other reductions in test_reduce.py) — forward vs NumPy and PyTorch, gradients to second
order, the gradient at 0 and at ties, and bad input."""

import numpy as np
import pytest

import minigrad as mg
from minigrad.ops import extreme
from minigrad.testing import gradcheck, gradgradcheck

rng = np.random.default_rng(0)
ORDS = [2, 1, 3, 0.5, np.inf, -np.inf, 0]


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
