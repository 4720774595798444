"""ops.special: erf, erfc, erfinv, lgamma, digamma, polygamma against math/PyTorch, gradients."""

from __future__ import annotations

import math

import numpy as np
import pytest

import minigrad as mg
from minigrad.ops import special
from minigrad.testing import gradcheck, gradgradcheck

torch = pytest.importorskip("torch")
rng = np.random.default_rng(0)

GRADIENT_SAMPLES = {
    "erf": [((rng.standard_normal((2, 3)),), {})],
    "erfc": [((rng.standard_normal((2, 3)),), {})],
    "erfinv": [((rng.uniform(-0.9, 0.9, (2, 3)),), {})],
    "lgamma": [((rng.uniform(0.5, 4.0, (2, 3)),), {}), ((np.array([-1.5, -0.3, 2.5]),), {})],
    "digamma": [((rng.uniform(0.5, 4.0, (2, 3)),), {}), ((np.array([-1.5, -0.3]),), {})],
    "polygamma": [((1, rng.uniform(0.5, 4.0, (3,))), {}), ((3, np.array([0.7, 12.0])), {})],
}

X = np.concatenate([np.linspace(-6, 6, 241), [0.0, 1e-300, -1e-8, 30.0, -30.0]])


@pytest.mark.parametrize("name", ["erf", "erfc"])
def test_erf_family_matches_math_to_an_ulp(name):
    got = getattr(special, name)(mg.tensor(X)).array
    want = np.array([getattr(math, name)(v) for v in X])
    np.testing.assert_allclose(got, want, rtol=1e-15, atol=0)


def test_erfinv_matches_torch_across_the_range_and_at_the_ends():
    x = np.concatenate([np.linspace(-0.9999999, 0.9999999, 401), 1 - np.logspace(-16, -1, 60)])
    got = special.erfinv(mg.tensor(x)).array
    np.testing.assert_allclose(got, torch.erfinv(torch.tensor(x)).numpy(), rtol=1e-14, atol=0)
    ends = special.erfinv(mg.tensor([1.0, -1.0, 1.5, np.nan, 0.0])).array
    assert ends[0] == np.inf and ends[1] == -np.inf and np.isnan(ends[2:4]).all() and ends[4] == 0


def test_erfinv_inverts_erf():
    y = rng.uniform(-4, 4, 200)
    back = special.erfinv(special.erf(mg.tensor(y))).array
    np.testing.assert_allclose(back, y, rtol=1e-9)  # erf flattens out: ~eps / erf'(y)


def test_lgamma_matches_math_and_has_infinite_poles():
    x = np.concatenate([np.linspace(-9.7, 40.3, 201), [1.0, 2.0, 1e-10]])
    got = special.lgamma(mg.tensor(x)).array
    np.testing.assert_allclose(got, [math.lgamma(v) for v in x], rtol=1e-15, atol=1e-300)
    assert (special.lgamma(mg.tensor([0.0, -1.0, -3.0])).array == np.inf).all()


@pytest.mark.parametrize("n", [0, 1, 2, 3, 5])
def test_polygamma_matches_mpmath_and_torch(n):
    mpmath = pytest.importorskip("mpmath")
    x = np.concatenate([np.linspace(-7.7, -0.1, 40), np.linspace(0.05, 60, 200), [1e6]])
    got = special.polygamma(n, mg.tensor(x)).array
    exact = np.array([float(mpmath.polygamma(n, mpmath.mpf(v))) for v in x])
    # Near the roots of digamma and at the poles' shoulders the sum cancels: absolute there.
    np.testing.assert_allclose(got, exact, rtol=1e-12, atol=1e-13 * np.abs(exact).max() ** 0.25)
    # torch's trigamma is only good to ~1e-9; the others agree to about an ulp.
    want = torch.polygamma(n, torch.tensor(x)).numpy()
    np.testing.assert_allclose(got, want, rtol=1e-8 if n == 1 else 1e-12, atol=1e-12)


def test_digamma_at_the_poles_is_torchs():
    got = special.digamma(mg.tensor([0.0, -1.0, -2.0])).array
    assert got[0] == -np.inf and np.isnan(got[1:]).all()


def test_float32_in_float32_out():
    out = special.erf(mg.tensor([0.5], dtype=mg.float32))
    assert out.dtype == np.float32 and abs(float(out.array[0]) - math.erf(0.5)) < 1e-7


@pytest.mark.parametrize("name", ["erf", "erfc", "erfinv", "lgamma", "digamma"])
def test_gradients_match_torch(name):
    x = rng.uniform(0.1, 0.9, 5)
    t = torch.tensor(x, requires_grad=True)
    (tg,) = torch.autograd.grad(getattr(torch, name)(t).sum(), t)
    ours = mg.grad(lambda v: getattr(special, name)(v).sum())(x)
    np.testing.assert_allclose(ours.array, tg.numpy(), rtol=1e-9)  # torch's trigamma: 1e-9


def test_third_order_of_lgamma_is_polygamma_2():
    x = mg.tensor([1.7, 3.2], dtype=mg.float64, requires_grad=True)
    assert gradcheck(special.lgamma, [x]) and gradgradcheck(special.lgamma, [x])
    d1 = mg.grad(lambda u: special.lgamma(u).sum())
    d3 = mg.grad(lambda v: mg.grad(lambda w: d1(w).sum())(v).sum())(x)
    want = torch.polygamma(2, torch.tensor([1.7, 3.2], dtype=torch.float64)).numpy()
    np.testing.assert_allclose(d3.array, want, rtol=1e-12)


@pytest.mark.parametrize("n", [-1, 1.5, True])
def test_polygamma_names_a_bad_order(n):
    with pytest.raises(ValueError, match="polygamma: n must be a non-negative int"):
        special.polygamma(n, mg.tensor([1.0]))


def test_a_bad_input_names_the_op():
    with pytest.raises(TypeError, match="erf: expected a Tensor"):
        special.erf(object())
