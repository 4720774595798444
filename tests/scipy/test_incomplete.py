"""minigrad.scipy._incomplete (betainc, gammainc, gammaincc) against scipy.special:
values over shapes (broadcasting, size 1, empty), gradients in x to second order, the
raising gradients in a and b, and bad input."""

from __future__ import annotations

import numpy as np
import pytest

sp = pytest.importorskip("scipy.special")

import minigrad as mg  # noqa: E402
from minigrad.func import grad  # noqa: E402
from minigrad.scipy._incomplete import betainc, gammainc, gammaincc  # noqa: E402
from minigrad.testing import gradcheck, gradgradcheck  # noqa: E402

rng = np.random.default_rng(0)


def leaf(a):
    return mg.tensor(np.asarray(a, dtype=np.float64), requires_grad=True)


SHAPES = [((3,), (3,)), ((4, 1), (1, 3)), ((1,), (1,)), ((0,), (0,)), ((), (2, 2))]


@pytest.mark.parametrize(("sa", "sx"), SHAPES)
@pytest.mark.parametrize("name", ["gammainc", "gammaincc"])
def test_gamma_values(name, sa, sx):
    a, x = rng.uniform(0.5, 4, sa), rng.uniform(0.01, 6, sx)
    ours = {"gammainc": gammainc, "gammaincc": gammaincc}[name](a, x)
    ref = getattr(sp, name)(a, x)
    assert ours.shape == ref.shape and ours.dtype == np.float64
    np.testing.assert_allclose(ours.array, ref, rtol=1e-14, atol=0)


@pytest.mark.parametrize(("sa", "sx"), SHAPES)
def test_betainc_values(sa, sx):
    a, b, x = rng.uniform(0.5, 4, sa), rng.uniform(0.5, 4, sx), rng.uniform(0, 1, sx)
    ours = betainc(a, b, x)
    ref = sp.betainc(a, b, x)
    assert ours.shape == ref.shape
    np.testing.assert_allclose(ours.array, ref, rtol=1e-14, atol=0)


def test_edges_and_ints_as_scipy():
    np.testing.assert_array_equal(gammainc(2, [0, 1, np.inf]).array, sp.gammainc(2, [0, 1, np.inf]))
    np.testing.assert_array_equal(gammaincc(1, [-1.0]).array, sp.gammaincc(1, [-1.0]))
    np.testing.assert_array_equal(betainc(2, 3, [0, 1, 1.5]).array, sp.betainc(2, 3, [0, 1, 1.5]))
    assert gammainc(1, 2).dtype == np.float64 and betainc(1, 1, [[0.5]]).shape == (1, 1)


@pytest.mark.parametrize("f", [gammainc, gammaincc])
def test_gamma_gradients_in_x(f):
    a = np.array([[1.0], [2.5]])  # broadcast against x (2, 3)
    x = leaf(rng.uniform(0.3, 4, (2, 3)))
    assert gradcheck(lambda x: f(a, x), [x])
    assert gradgradcheck(lambda x: f(a, x), [x])
    # The derivative itself: the gamma density, with the sign of the tail.
    g = grad(lambda x: f(2.0, x).sum())(np.array([1.5]))
    sign = 1 if f is gammainc else -1
    np.testing.assert_allclose(g.array, sign * 1.5 * np.exp(-1.5), rtol=1e-14)


def test_betainc_gradients_in_x():
    x = leaf(rng.uniform(0.05, 0.95, (4,)))
    a, b = rng.uniform(1.1, 3, 4), rng.uniform(1.1, 3, 4)
    assert gradcheck(lambda x: betainc(a, b, x), [x])
    assert gradgradcheck(lambda x: betainc(a, b, x), [x])
    g = grad(lambda x: betainc(2.0, 3.0, x).sum())(np.array([0.25]))
    np.testing.assert_allclose(g.array, 12 * 0.25 * 0.75**2, rtol=1e-13)


def test_gradient_in_shape_arguments_raises():
    x = np.array([0.4, 0.6])
    with pytest.raises(NotImplementedError, match="gammainc: .* respect to a"):
        grad(lambda a: gammainc(a, x).sum())(np.array([1.5, 2.0]))
    with pytest.raises(NotImplementedError, match="gammaincc: .* respect to a"):
        grad(lambda a: gammaincc(a, x).sum())(np.array([1.5, 2.0]))
    with pytest.raises(NotImplementedError, match="betainc: .* respect to a"):
        grad(lambda a: betainc(a, 2.0, x).sum())(np.array([1.5, 2.0]))
    with pytest.raises(NotImplementedError, match="betainc: .* respect to b"):
        grad(lambda b: betainc(2.0, b, x).sum())(np.array([1.5, 2.0]))


def test_bad_input():
    with pytest.raises(ValueError, match=r"betainc: .*a, b, x.*\(2,\), \(3,\)"):
        betainc([1.0, 2.0], [1.0, 2.0, 3.0], [0.5])
    with pytest.raises(ValueError, match=r"gammainc: .*\(2,\) and \(3,\)"):
        gammainc([1.0, 2.0], [1.0, 2.0, 3.0])
    with pytest.raises(TypeError, match="gammaincc: x"):
        gammaincc(1.0, "abc")
