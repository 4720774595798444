"""minigrad.scipy.integrate.odeint against scipy.integrate.odeint: values, the adjoint
gradients in y0, t and args (against the closed form of a linear ODE, by finite differences,
to second order), non-array arguments passed through, and bad input."""

from __future__ import annotations

import numpy as np
import pytest

si = pytest.importorskip("scipy.integrate")

import minigrad as mg  # noqa: E402
import minigrad.numpy as mnp  # noqa: E402
from minigrad.scipy.integrate import odeint  # noqa: E402
from minigrad.testing import gradcheck, gradgradcheck  # noqa: E402

rng = np.random.default_rng(0)
TIGHT = {"rtol": 1e-11, "atol": 1e-11}


def leaf(a):
    return mg.tensor(np.asarray(a, dtype=np.float64), requires_grad=True)


def func(y, t, arg1, arg2):  # autograd's test_odeint system
    return -mnp.sqrt(t) - y + arg1 - mnp.mean((y + arg2) ** 2)


def func_np(y, t, arg1, arg2):
    return -np.sqrt(t) - y + arg1 - np.mean((y + arg2) ** 2)


def test_values_match_scipy():
    y0, t, a1, a2 = rng.standard_normal(3), np.linspace(0.1, 0.2, 4), *rng.standard_normal((2, 3))
    ours = odeint(func, y0, t, (a1, a2))
    ref = si.odeint(func_np, y0, t, (a1, a2))
    assert ours.shape == (4, 3) and ours.dtype == np.float64
    np.testing.assert_allclose(ours.array, ref, rtol=1e-12, atol=1e-12)


def test_scalar_state_single_time_and_static_args():
    def decay(y, t, k, power):
        return -k * y**power

    ours = odeint(decay, 2.0, [0.0, 0.5, 1.0], (0.7, 1), **TIGHT)
    np.testing.assert_allclose(ours.array[:, 0], 2.0 * np.exp(-0.7 * np.array([0, 0.5, 1])))
    only = odeint(decay, [1.0, 2.0], [0.3], (0.7, 1))
    np.testing.assert_array_equal(only.array, [[1.0, 2.0]])


def test_gradients_match_the_closed_form():
    # y' = -k y: y(t) = y0 exp(-k (t - t0)).
    y0, t, k = leaf([1.5, -0.5]), leaf([0.2, 0.7, 1.1]), leaf(0.8)
    out = odeint(lambda y, s, kk: -kk * y, y0, t, (k,), **TIGHT)
    w = np.array([[0.3, -1.0], [2.0, 0.5], [-0.7, 1.2]])
    (out * mg.tensor(w)).sum().backward()
    dt = t.array - t.array[0]
    e = np.exp(-0.8 * dt)[:, None]
    exact_y = y0.array * e
    np.testing.assert_allclose(out.array, exact_y, rtol=1e-9)
    np.testing.assert_allclose(y0.grad.array, (w * e).sum(0), rtol=1e-8)
    np.testing.assert_allclose(k.grad.array, (w * exact_y * -dt[:, None]).sum(), rtol=1e-7)
    g_t = (w * exact_y * -0.8).sum(1)
    g_t[0] = -g_t[1:].sum()
    np.testing.assert_allclose(t.grad.array, g_t, rtol=1e-7, atol=1e-9)


def test_first_order_autograd_case():
    y0, t, a1, a2 = rng.standard_normal(3), np.linspace(0.1, 0.2, 4), *rng.standard_normal((2, 3))

    def f(y, s, p, q):
        return odeint(func, y, s, (p, q), **TIGHT)

    assert gradcheck(f, (leaf(y0), leaf(t), leaf(a1), leaf(a2)))


def test_second_order():
    def f(y, s, p):
        return odeint(lambda yy, tt, pp: -pp * yy**2 + mnp.sin(tt), y, s, (p,), **TIGHT)

    assert gradcheck(f, (leaf([0.5, 1.0]), leaf([0.0, 0.3, 0.5]), leaf([0.4, 0.9])))
    assert gradgradcheck(f, (leaf([0.5, 1.0]), leaf([0.0, 0.3, 0.5]), leaf([0.4, 0.9])))


def test_bad_input_names_odeint_and_the_argument():
    with pytest.raises(TypeError, match="odeint: func must be callable"):
        odeint(3, [1.0], [0.0, 1.0])
    with pytest.raises(ValueError, match=r"odeint: y0 must be a scalar or 1-D, got shape \(1, 2\)"):
        odeint(lambda y, t: -y, [[1.0, 2.0]], [0.0, 1.0])
    with pytest.raises(ValueError, match=r"odeint: t must be a 1-D sequence"):
        odeint(lambda y, t: -y, [1.0], [[0.0, 1.0]])
    with pytest.raises(TypeError, match="odeint: y0"):
        odeint(lambda y, t: -y, "one", [0.0, 1.0])
    with pytest.raises(NotImplementedError, match="odeint: Dfun"):
        odeint(lambda y, t: -y, [1.0], [0.0, 1.0], Dfun=lambda y, t: -1.0)
    with pytest.raises(ValueError, match=r"odeint: func returned shape \(4,\), expected \(2,\)"):
        odeint(lambda y, t: mnp.concatenate([-y, y]), [1.0, 2.0], [0.0, 0.5])


def test_second_order_through_func_transforms_twice():
    # The VJP of func inside the adjoint must not walk (and free) the caller's graph: a
    # gradient of a gradient by minigrad.func, its VJP called twice (as autograd's checks do).
    from minigrad.func import grad, vjp

    def f(k):
        return odeint(lambda y, t, kk: -kk * y, [1.0, 2.0], [0.0, 0.5], (k,), **TIGHT).sum()

    k = np.array([0.4, 0.9])
    _, pullback = vjp(lambda kk: grad(f)(kk).sum(), mg.tensor(k))
    exact = 0.25 * np.array([1.0, 2.0]) * np.exp(-0.5 * k)  # d²/dk² of Σ y0 e^{-k/2}
    for _ in range(2):
        np.testing.assert_allclose(pullback(mg.tensor(1.0, dtype=mg.float64))[0].array, exact)
