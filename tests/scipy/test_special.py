"""minigrad.scipy.special against scipy.special: values over shapes (broadcasting, size 1,
empty) and dtypes, gradients to second order with the numerical checkers, logsumexp's
``b``/``return_sign``/``keepdims``, the raising gradients in order arguments, and bad input."""

from __future__ import annotations

import numpy as np
import pytest

sp = pytest.importorskip("scipy.special")

import minigrad as mg  # noqa: E402
from minigrad.scipy import special  # noqa: E402
from minigrad.testing import gradcheck, gradgradcheck  # noqa: E402

rng = np.random.default_rng(0)


def leaf(a):
    return mg.tensor(np.asarray(a, dtype=np.float64), requires_grad=True)


# name -> the interval the values and gradients are checked on (autograd's test ranges).
UNARY = {
    "gamma": (0.3, 2.0),
    "rgamma": (0.3, 2.0),
    "gammasgn": (0.3, 2.0),
    "gammaln": (0.3, 2.0),
    "digamma": (0.3, 2.0),
    "psi": (0.3, 2.0),
    "j0": (0.2, 20.0),
    "j1": (0.2, 20.0),
    "y0": (0.2, 20.0),
    "y1": (0.2, 20.0),
    "i0": (0.2, 20.0),
    "i1": (0.2, 20.0),
    "k0": (0.2, 20.0),
    "k1": (0.2, 20.0),
    "erf": (-3.0, 3.0),
    "erfc": (-3.0, 3.0),
    "erfinv": (-0.95, 0.95),
    "erfcinv": (0.05, 1.95),
    "logit": (0.1, 0.9),
    "expit": (-4.05, 4.95),
    "log_expit": (-30.0, 30.0),
    "ndtr": (-5.0, 5.0),
    "ndtri": (0.05, 0.95),
    "log_ndtr": (-30.0, 5.0),
    "expm1": (-2.0, 2.0),
    "log1p": (-0.5, 2.0),
    "exp2": (-2.0, 2.0),
    "cbrt": (0.5, 3.0),
    "entr": (0.1, 3.0),
}
ORDERED = {  # name -> orders to check (real orders only where SciPy defines them)
    "jn": [0, 1, 2, 5],
    "yn": [0, 1, 2, 5],
    "jv": [0.5, 2, 3.7],
    "yv": [0.5, 2, 3.7],
    "iv": [0.5, 2, 3.7, 20.0],
    "ive": [0.5, 2, 3.7, 20.0],
    "kv": [0.5, 2, 3.7],
}


@pytest.mark.parametrize("shape", [(5,), (2, 3), (1,), (0,), ()])
@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_values(name, shape):
    x = rng.uniform(*UNARY[name], shape)
    ours, ref = getattr(special, name)(x), getattr(sp, name)(x)
    assert isinstance(ours, mg.Tensor) and ours.shape == np.shape(ref)
    assert ours.dtype == np.float64
    np.testing.assert_allclose(ours.array, ref, rtol=1e-12, atol=1e-14)


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_gradients(name):
    x = leaf(rng.uniform(*UNARY[name], 4))
    f = getattr(special, name)
    assert gradcheck(f, [x])
    assert gradgradcheck(f, [x])


EDGE_NAMES = sorted(set(UNARY) - {"gammaln"})  # gammaln(-inf): +inf, SciPy -inf


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize("name", EDGE_NAMES)
def test_outside_the_domain_as_scipy(name):
    # NaN, inf and poles as SciPy gives them, and silently (no NumPy RuntimeWarning).
    x = np.array([-1.0, 0.0, 0.5, 1.0, 2.0, np.inf, -np.inf, np.nan])
    ours, ref = getattr(special, name)(x), getattr(sp, name)(x)
    np.testing.assert_allclose(ours.array, ref, rtol=1e-10, equal_nan=True)


def test_gammasgn_gradient_is_zero_and_values_signed():
    x = leaf([-2.5, -1.5, 0.5, 3.0])
    np.testing.assert_array_equal(special.gammasgn(x).array, sp.gammasgn(x.array))
    special.gammasgn(x).sum().backward()
    np.testing.assert_array_equal(x.grad.array, np.zeros(4))


def test_gamma_negative_arguments():
    x = leaf([-2.5, -0.5, 0.7])
    np.testing.assert_allclose(special.gamma(x).array, sp.gamma(x.array), rtol=1e-13)
    np.testing.assert_allclose(special.rgamma(x).array, sp.rgamma(x.array), rtol=1e-13)
    assert gradgradcheck(special.gamma, [x]) and gradgradcheck(special.rgamma, [x])


@pytest.mark.parametrize("name", sorted(ORDERED))
def test_ordered_values_and_gradients(name):
    f, x = getattr(special, name), rng.uniform(0.3, 15.0, (2, 3))
    for v in ORDERED[name]:
        np.testing.assert_allclose(f(v, x).array, getattr(sp, name)(v, x), rtol=1e-12)
        t = leaf(x[0])
        assert gradcheck(lambda t, v=v: f(v, t), [t])
        assert gradgradcheck(lambda t, v=v: f(v, t), [t])


def test_ordered_broadcasting_and_shapes():
    n, x = np.array([[0], [1], [3]]), rng.uniform(0.5, 5, (1, 4))
    ours = special.jn(n, x)
    assert ours.shape == (3, 4)
    np.testing.assert_allclose(ours.array, sp.jn(n, x), rtol=1e-13)
    t = leaf(x)
    assert gradgradcheck(lambda t: special.iv(n, t), [t])  # the gradient sums over n
    assert special.jv(1.0, np.zeros((0, 2))).shape == (0, 2)


def test_ive_negative_x_and_autograd_orders():
    t = leaf(-rng.uniform(0.5, 5, 4))
    assert gradgradcheck(lambda t: special.ive(2, t), [t])
    t = leaf(rng.uniform(0.0, 4.0, 4) ** 2 + 1.3)
    for v in rng.uniform(1.0, 50.0, 3):  # autograd's test_iv / test_ive
        assert gradgradcheck(lambda t, v=v: special.iv(v, t), [t])
        assert gradgradcheck(lambda t, v=v: special.ive(v, t), [t])


def test_polygamma_and_multigammaln():
    x = leaf(rng.uniform(0.3, 4.0, 4))
    for n in (0, 1, 3):
        np.testing.assert_allclose(special.polygamma(n, x).array, sp.polygamma(n, x.array), 1e-12)
        assert gradgradcheck(lambda t, n=n: special.polygamma(n, t), [x])
    for a in (rng.uniform(4, 5), rng.uniform(4, 5, (2, 3))):
        for d in (1, 2, 3):
            np.testing.assert_allclose(
                special.multigammaln(a, d).array, sp.multigammaln(a, d), rtol=1e-13
            )
            assert gradgradcheck(lambda t, d=d: special.multigammaln(t, d), [leaf(a)])


@pytest.mark.parametrize(("sa", "sb"), [((4,), (4,)), ((3, 1), (1, 2)), ((1,), ()), ((0,), (0,))])
def test_beta_betaln(sa, sb):
    a, b = rng.uniform(0.2, 5, sa), rng.uniform(0.2, 5, sb)
    np.testing.assert_allclose(special.beta(a, b).array, sp.beta(a, b), rtol=1e-12)
    np.testing.assert_allclose(special.betaln(a, b).array, sp.betaln(a, b), rtol=1e-12, atol=1e-13)
    if np.size(a):
        for f in (special.beta, special.betaln):
            assert gradgradcheck(f, [leaf(a), leaf(b)])
    np.testing.assert_allclose(special.beta(-1.5, 0.7).array, sp.beta(-1.5, 0.7), rtol=1e-12)


def test_accurate_where_compositions_cancel():
    a, b = np.array([1e8, 0.5, 1e5]), np.array([3.0, 1e6, 1e5])
    np.testing.assert_allclose(special.betaln(a, b).array, sp.betaln(a, b), rtol=1e-15)
    np.testing.assert_allclose(special.beta(a, b).array, sp.beta(a, b), rtol=1e-13)
    q = np.array([1e-300, 1e-10, 1e-3, 0.02])
    np.testing.assert_allclose(special.ndtri(q).array, sp.ndtri(q), rtol=1e-14)
    assert gradgradcheck(special.ndtri, [leaf([1e-4, 0.01, 0.05])])
    z = np.array([-40.0, -10.0, 10.0])
    np.testing.assert_allclose(special.log_ndtr(z).array, sp.log_ndtr(z), rtol=1e-13)


def test_xlogy_xlog1py():
    x, y = np.array([0.0, 1.5, 2.0]), np.array([[0.0], [0.5], [3.0]])
    for name in ("xlogy", "xlog1py"):
        f = getattr(special, name)
        np.testing.assert_allclose(f(x, y).array, getattr(sp, name)(x, y), rtol=1e-14)
        assert gradgradcheck(f, [leaf([1.5, 2.0]), leaf([0.5, 3.0])])


def test_incomplete_functions_are_reexported():
    from minigrad.scipy import _incomplete

    assert special.betainc is _incomplete.betainc
    assert special.gammainc is _incomplete.gammainc and special.gammaincc is _incomplete.gammaincc


def test_ints_become_float64_and_float32_stays():
    assert special.j0([1, 2]).dtype == np.float64
    assert special.erf(np.arange(3)).dtype == np.float64
    assert special.gammaln(3).dtype == np.float64
    assert special.gamma(np.float32(2.5)).dtype == np.float32


# --- logsumexp and softmax ---------------------------------------------------------------

A = rng.standard_normal((2, 3, 4))
B = np.exp(rng.standard_normal((2, 3, 4)))


@pytest.mark.parametrize("axis", [None, 0, 1, -1, (0, 2)])
@pytest.mark.parametrize("keepdims", [False, True])
@pytest.mark.parametrize("b", [None, B, B[0], -B, np.where(A > 0, B, -B)])
def test_logsumexp_values(axis, keepdims, b):
    for sign in (False, True):
        ours = special.logsumexp(A, axis=axis, b=b, keepdims=keepdims, return_sign=sign)
        ref = sp.logsumexp(A, axis=axis, b=b, keepdims=keepdims, return_sign=sign)
        if sign:
            assert ours[0].shape == np.shape(ref[0])
            np.testing.assert_allclose(ours[0].array, ref[0], rtol=1e-13)
            np.testing.assert_array_equal(ours[1].array, ref[1])
        else:
            assert ours.shape == np.shape(ref)
            np.testing.assert_allclose(ours.array, ref, rtol=1e-13)


def test_logsumexp_edges():
    for a, b in [
        ([], None),
        ([1.0, 2.0], [0, 0]),
        ([-np.inf, -np.inf], [1, 1]),
        ([1e4, 1e4], None),
    ]:
        np.testing.assert_allclose(special.logsumexp(a, b=b).array, sp.logsumexp(a, b=b))
    assert special.logsumexp(np.zeros((0, 3)), axis=0).shape == (3,)


def test_logsumexp_gradients():
    a, b = leaf(A), leaf(B)
    assert gradgradcheck(lambda a: special.logsumexp(a, axis=1, keepdims=True), [a])
    assert gradgradcheck(lambda a, b: special.logsumexp(a, axis=(0, 2), b=b), [a, b])
    assert gradgradcheck(lambda a: special.logsumexp(a, b=B, return_sign=True)[0], [a])


@pytest.mark.parametrize("axis", [None, 0, 2, (1, 2)])
def test_softmax_log_softmax(axis):
    np.testing.assert_allclose(special.softmax(A, axis).array, sp.softmax(A, axis), rtol=1e-13)
    np.testing.assert_allclose(
        special.log_softmax(A, axis).array, sp.log_softmax(A, axis), rtol=1e-13
    )
    a = leaf(A[0])
    assert gradgradcheck(lambda a: special.softmax(a, axis=-1 if axis else None), [a])
    assert gradgradcheck(lambda a: special.log_softmax(a, axis=0), [a])


# --- bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "arg"), [("jn", "n"), ("iv", "v"), ("ive", "v"), ("yn", "n")])
def test_order_gradient_raises(name, arg):
    v, x = leaf(2.0), leaf([1.0, 2.0])
    out = getattr(special, name)(v, x)  # the value works
    np.testing.assert_allclose(out.array, getattr(sp, name)(2.0, x.array))
    with pytest.raises(NotImplementedError, match=f"{name}: .* {arg}"):
        out.sum().backward()


def test_bad_input_names_function_and_argument():
    with pytest.raises(ValueError, match=r"jn: .*n \(3,\), x \(4,\)"):
        special.jn(np.ones(3), np.ones(4))
    with pytest.raises(ValueError, match=r"beta: .*a \(3,\), b \(4,\)"):
        special.beta(np.ones(3), np.ones(4))
    with pytest.raises(ValueError, match=r"logsumexp: .*a \(3,\), b \(2,\)"):
        special.logsumexp(np.ones(3), b=np.ones(2))
    with pytest.raises(ValueError, match=r"xlogy: .*x \(3,\), y \(2,\)"):
        special.xlogy(np.ones(3), np.ones(2))
    with pytest.raises(TypeError, match="gamma: x"):
        special.gamma("abc")
    with pytest.raises(TypeError, match="polygamma: n"):
        special.polygamma(1.5, 1.0)
    with pytest.raises(ValueError, match="polygamma: n"):
        special.polygamma(-1, 1.0)
    with pytest.raises(ValueError, match="multigammaln: d"):
        special.multigammaln(3.0, 0)
    with pytest.raises(ValueError, match=r"multigammaln: .*a \(shape \(2,\)\)"):
        special.multigammaln([3.0, 0.5], 3)


def test_each_scipy_valued_function_has_its_own_node_name():
    x = leaf([1.0, 2.0])
    assert repr(special.j0(x).grad_fn) == "<J0Backward>"
    assert repr(special.jn(2, x).grad_fn) == "<JnBackward>"
    assert repr(special.erfcinv(x / 4).grad_fn) == "<ErfcinvBackward>"
