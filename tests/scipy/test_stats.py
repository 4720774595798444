"""minigrad.scipy.stats against scipy.stats: values (broadcasting, size 1, empty, outside
the support, invalid parameters), gradients to second order in float64 on the arguments
HIPS autograd's test_scipy.py differentiates, the raising gradients of betainc's/gammainc's
shape arguments, and bad input."""

from __future__ import annotations

from functools import partial

import numpy as np
import pytest

st = pytest.importorskip("scipy.stats")

import minigrad as mg  # noqa: E402
import minigrad.numpy as mnp  # noqa: E402
import minigrad.scipy.stats.multivariate_normal as mvn  # noqa: E402
from minigrad.func import grad  # noqa: E402
from minigrad.scipy import stats  # noqa: E402
from minigrad.testing import gradcheck, gradgradcheck  # noqa: E402

rng = np.random.default_rng(1)


def R(*shape):
    return rng.standard_normal(shape)


def U(lo, hi, shape):
    return rng.uniform(lo, hi, shape)


def pos(*shape):
    return R(*shape) ** 2 + 1.1


def check(fn, ref, args, argnums, rtol=1e-10, **kwargs):
    """Values against SciPy's ``ref``, then gradgradcheck and gradcheck on ``argnums``."""
    ours = fn(*args, **kwargs)
    expected = np.asarray(ref(*args, **kwargs))
    assert ours.shape == expected.shape and ours.dtype == np.float64
    np.testing.assert_allclose(ours.array, expected, rtol=rtol, atol=1e-300)
    inputs = [
        mg.tensor(np.asarray(a, dtype=np.float64), requires_grad=True) if i in argnums else a
        for i, a in enumerate(args)
    ]

    def f(*xs):
        return fn(*xs, **kwargs)

    assert gradcheck(f, inputs, atol=1e-6)
    assert gradgradcheck(f, inputs, atol=1e-5)


# (name, our function, SciPy's, arguments, argnums): autograd's calls, plus broadcasting.
CASES = [
    ("chi2.pdf", [pos(4), 3.0], [0]),
    ("chi2.logpdf", [pos(4), 1.0], [0]),
    ("chi2.cdf", [pos(4), 2.0], [0]),
    ("beta.cdf", [U(0, 1, 4), pos(4), pos(4)], [0]),
    ("beta.pdf", [U(0, 1, 4), pos(4), pos(4)], [0, 1, 2]),
    ("beta.logpdf", [U(0, 1, (3, 1)), pos(1, 4), pos(4)], [0, 1, 2]),
    ("gamma.cdf", [pos(4), pos(4)], [0]),
    ("gamma.pdf", [pos(4), pos(4)], [0, 1]),
    ("gamma.logpdf", [pos(4, 1), pos(3), R(3) - 2, pos(1)], [0, 1, 2, 3]),
    ("norm.pdf", [R(4), R(4), pos(4)], [0, 1, 2]),
    ("norm.logpdf", [R(4, 3), R(1, 3), pos(4, 1)], [0, 1, 2]),
    ("norm.cdf", [R(4, 3), R(1, 3), pos(4, 1)], [0, 1, 2]),
    ("norm.sf", [R(4), R(4), pos(4)], [0, 1, 2]),
    ("norm.logcdf", [R(4, 3), R(1, 3), pos(4, 1)], [0, 1, 2]),
    ("norm.logsf", [R(4), R(4), pos(4)], [0, 1, 2]),
    ("norm.ppf", [U(0.05, 0.95, (4, 3)), R(1, 3), pos(4, 1)], [0, 1, 2]),
    ("norm.isf", [U(0.05, 0.95, 4), R(4), pos(4)], [0, 1, 2]),
    ("poisson.cdf", [np.round(R(4, 3) ** 2), pos(4, 1)], [1]),
    ("poisson.pmf", [np.round(R(4) ** 2), pos(4)], [1]),
    ("poisson.logpmf", [np.round(R(4, 3) ** 2), pos(4, 1)], [1]),
    ("t.pdf", [R(4), R(4) ** 2 + 2.1, R(4), R(4) ** 2 + 2.1], [0, 1, 2, 3]),
    ("t.logpdf", [R(4, 3), R(1, 3) ** 2 + 2.1, R(4, 3), R(4, 1) ** 2 + 2.1], [0, 1, 2, 3]),
    ("t.cdf", [R(4), R(4) ** 2 + 2.1, R(4), R(4) ** 2 + 2.1], [0, 2, 3]),
    ("t.cdf", [R(4, 3), R(1, 3) ** 2 + 2.1, R(4, 3), R(4, 1) ** 2 + 2.1], [0, 2]),
    ("t.logcdf", [R(4, 3), R(1, 3) ** 2 + 2.1, R(4, 3), R(4, 1) ** 2 + 2.1], [0, 2]),
]


@pytest.mark.parametrize(("name", "args", "argnums"), CASES, ids=[c[0] for c in CASES])
def test_against_scipy_and_gradients(name, args, argnums):
    dist, fn = name.split(".")
    check(getattr(getattr(stats, dist), fn), getattr(getattr(st, dist), fn), args, argnums)


def test_both_import_styles_and_layout():
    import minigrad.scipy.stats as s2
    import minigrad.scipy.stats.norm as norm_module

    assert s2.norm is norm_module is stats.norm and mvn is stats.multivariate_normal
    for dist in ("norm", "t", "chi2", "beta", "gamma", "poisson", "dirichlet"):
        assert getattr(stats, dist).__name__ == f"minigrad.scipy.stats.{dist}"


VALUE_CASES = [
    # outside the support, at its edges, invalid parameters, size 1 and empty
    ("norm.logpdf", [[0.0, 1.0], 0.0, [1.0, -1.0]]),
    ("norm.logcdf", [[-45.0, -25.0, -5.0, 0.0, 12.0], 0.0, 1.0]),
    ("norm.logsf", [[-12.0, 3.0, 30.0], 0.0, 1.0]),
    ("norm.ppf", [[0.0, 0.5, 1.0, 1.5], 1.0, 2.0]),
    ("norm.cdf", [np.zeros(0), 0.0, 1.0]),
    ("norm.pdf", [[[0.3]], [1.0], 2.0]),
    ("t.cdf", [[-3.0, 0.0, 2.5], [3.0, 1.0, -1.0]]),
    ("t.logcdf", [[-30.0, -1.0, 0.0, 40.0], 4.0]),
    ("t.logpdf", [[1.0, 2.0], 3.0, 0.0, [0.0, 1.0]]),
    ("t.logpdf", [[0.0, 1.0], [np.inf, 3.0]]),
    ("t.cdf", [[-1.0, 0.0, 1.0], np.inf, 0.5]),
    ("t.logcdf", [[-1.0, 0.0, 1.0], [np.inf, np.inf, 2.0]]),
    ("chi2.logpdf", [[-1.0, 0.0, 0.0, 0.0, 2.0], [3.0, 2.0, 1.0, 3.0, -1.0]]),
    ("chi2.cdf", [[-1.0, 0.0, 3.0], 2.0]),
    ("beta.pdf", [[-0.5, 0.0, 0.0, 1.0, 1.5], [2.0, 1.0, 0.5, 2.0, 2.0], [3.0, 3.0, 3.0, 1, 2]]),
    ("beta.cdf", [[-0.5, 0.0, 0.3, 1.0, 1.5], 2.0, [3.0, 3.0, -1.0, 3.0, 3.0]]),
    ("gamma.logpdf", [[-1.0, 0.0, 0.0, 2.0], [2.0, 1.0, 0.5, -1.0]]),
    ("gamma.cdf", [[-1.0, 0.0, 2.0], 2.0, 0.5, 2.0]),
    ("poisson.logpmf", [[-1.0, 0.0, 1.5, 3.0, 0.0], [2.0, 0.0, 2.0, 2.0, -1.0]]),
    ("poisson.cdf", [[-1.0, 0.0, 1.5, 3.0], 2.0, 1]),
]


@pytest.mark.parametrize(("name", "args"), VALUE_CASES, ids=[c[0] for c in VALUE_CASES])
def test_values_as_scipy(name, args):
    dist, fn = name.split(".")
    with np.errstate(all="ignore"):
        expected = np.asarray(getattr(getattr(st, dist), fn)(*args))
    ours = getattr(getattr(stats, dist), fn)(*args)
    assert ours.shape == expected.shape
    np.testing.assert_allclose(ours.array, expected, rtol=1e-10, atol=1e-300)


UNIVARIATE = {
    "norm": (["pdf", "logpdf", "cdf", "logcdf", "sf", "logsf"], []),
    "t": (["pdf", "logpdf", "cdf", "logcdf"], [3.5]),
    "chi2": (["pdf", "logpdf", "cdf"], [2.5]),
    "beta": (["pdf", "logpdf", "cdf"], [1.5, 2.5]),
    "gamma": (["pdf", "logpdf", "cdf"], [1.7]),
    "poisson": (["pmf", "logpmf", "cdf"], [2.2]),
}


@pytest.mark.parametrize("xshape", [(0,), (1,), (1, 1), (2, 3), ()])
@pytest.mark.parametrize("dist", sorted(UNIVARIATE))
def test_shapes_as_scipy(dist, xshape):
    fns, params = UNIVARIATE[dist]
    x = np.round(U(0, 4, xshape)) if dist == "poisson" else U(0.05, 0.95, xshape)
    # Every parameter of shape (3,) where x has 3 columns (broadcasting), else a scalar.
    ps = [np.full(3, p) if xshape == (2, 3) else p for p in params]
    for fn in fns:
        expected = np.asarray(getattr(getattr(st, dist), fn)(x, *ps))
        ours = getattr(getattr(stats, dist), fn)(x, *ps)
        assert ours.shape == expected.shape, (fn, ours.shape, expected.shape)
        np.testing.assert_allclose(ours.array, expected, rtol=1e-12, atol=1e-300)
    ppf = stats.norm.ppf(x, 1.0, 2.0)
    np.testing.assert_allclose(ppf.array, st.norm.ppf(x, 1.0, 2.0), rtol=1e-9)


def test_norm_ppf_of_a_scalar_is_accurate():
    # ops.special.erfinv once skipped its Newton steps on 0-d input (1e-7 errors).
    for q in (0.3, 0.01, 0.9):
        assert abs(stats.norm.ppf(q, 1.0, 2.0).item() - st.norm.ppf(q, 1.0, 2.0)) < 1e-14
        assert abs(stats.norm.isf(q).item() - st.norm.isf(q)) < 1e-14


def test_norm_ppf_in_the_lower_tail():
    q = np.array([0.0, 1e-300, 1e-20, 1e-10, 1e-5, 0.0999, 0.1, 0.3, 1 - 1e-12, 1.0, 1.5])
    with np.errstate(invalid="ignore"):
        np.testing.assert_allclose(stats.norm.ppf(q).array, st.norm.ppf(q), rtol=1e-15)
        np.testing.assert_allclose(stats.norm.isf(q, 2.0).array, st.norm.isf(q, 2.0), rtol=1e-15)
    # Derivatives 1..3 in q: 1/φ(y), y/φ², (1 + 2y²)/φ³ (Newton steps from SciPy's value).
    g1 = grad(lambda q: stats.norm.ppf(q).sum())
    g2 = grad(lambda q: g1(q).sum())
    g3 = grad(lambda q: g2(q).sum())
    qq = np.array([1e-12, 1e-5, 0.05])
    y = st.norm.ppf(qq)
    phi = st.norm.pdf(y)
    np.testing.assert_allclose(g1(qq).array, 1 / phi, rtol=1e-13)
    np.testing.assert_allclose(g2(qq).array, y / phi**2, rtol=1e-13)
    np.testing.assert_allclose(g3(qq).array, (1 + 2 * y * y) / phi**3, rtol=1e-13)
    x = mg.tensor(np.array([0.002, 0.05, 0.0999999, 0.3]), requires_grad=True)
    assert gradgradcheck(lambda x: stats.norm.ppf(x), [x], rtol=1e-5)


def test_dtypes_as_scipy():
    # SciPy's distributions compute in float64, whatever the input dtype.
    x32 = np.array([0.5, 1.0], dtype=np.float32)
    for f in (stats.norm.cdf, stats.gamma.logpdf, stats.poisson.pmf):
        args = (x32,) if f is stats.norm.cdf else (x32, 2)
        assert f(*args).dtype == np.float64
    assert stats.t.cdf(1, 3).dtype == np.float64 and stats.beta.pdf([1], 2, 2).shape == (1,)
    g = grad(lambda x: stats.norm.logpdf(x).sum())(mg.tensor(x32))
    assert g.dtype == np.float32  # the gradient takes the input's dtype


@pytest.mark.parametrize("dist", sorted(UNIVARIATE))
def test_nan_stays_nan(dist):
    fns, params = UNIVARIATE[dist]
    for fn in fns:
        f = getattr(getattr(stats, dist), fn)
        assert np.isnan(f(np.nan, *params).item()), fn
        if params:
            assert np.isnan(f(0.5, np.nan, *params[1:]).item()), fn


def test_norm_logcdf_is_finite_and_smooth_in_the_tail():
    x = mg.tensor(np.array([-60.0, -21.0, -19.0, 8.0]), requires_grad=True)
    assert gradcheck(lambda x: stats.norm.logcdf(x), [x])
    assert gradgradcheck(lambda x: stats.norm.logcdf(x), [x])


def test_t_cdf_accurate_near_the_center_and_in_the_tails():
    z = np.array([-1e-9, 1e-6, -1e-3, 0.3, -1.99, 2.01, -5.0, -30.0, 60.0])
    for df in (0.7, 3.0, 50.0):
        np.testing.assert_allclose(stats.t.cdf(z, df).array, st.t.cdf(z, df), rtol=1e-13)
        np.testing.assert_allclose(stats.t.logcdf(z, df).array, st.t.logcdf(z, df), rtol=1e-13)


def test_t_cdf_at_its_center():
    # z = 0 is where betainc's integrand has its pole: the derivatives are still the pdf's.
    g = grad(lambda x: stats.t.cdf(x, 3.0, 0.5).sum())(np.array([0.5]))
    np.testing.assert_allclose(g.array, st.t.pdf(0.0, 3.0), rtol=1e-12)
    x = mg.tensor(np.array([0.0, 1.0]), requires_grad=True)
    assert gradgradcheck(lambda x: stats.t.cdf(x, 4.0), [x])
    assert gradgradcheck(lambda x: stats.t.logcdf(x, 4.0), [x])


def test_gradients_scipy_has_no_formula_for_raise():
    x = np.array([0.3, 0.6])
    with pytest.raises(NotImplementedError, match="t.cdf: .* respect to df .*betainc"):
        grad(lambda df: stats.t.cdf(x, df).sum())(np.array([3.0, 4.0]))
    with pytest.raises(NotImplementedError, match="t.logcdf: .* respect to df"):
        grad(lambda df: stats.t.logcdf([-3.0, 0.5], df).sum())(np.array([3.0, 4.0]))
    with pytest.raises(NotImplementedError, match="gamma.cdf: .* respect to a .*gammainc"):
        grad(lambda a: stats.gamma.cdf(x, a).sum())(np.array([3.0, 4.0]))
    with pytest.raises(NotImplementedError, match="chi2.cdf: .* respect to df"):
        grad(lambda df: stats.chi2.cdf(x, df).sum())(np.array([3.0, 4.0]))
    with pytest.raises(NotImplementedError, match="beta.cdf: .* respect to b .*betainc"):
        grad(lambda b: stats.beta.cdf(x, 2.0, b).sum())(np.array([3.0, 4.0]))
    # poisson.cdf is a step function of k: its gradient there is 0, not an error.
    g = grad(lambda k: stats.poisson.cdf(k, 2.0).sum())(np.array([1.0, 2.5]))
    np.testing.assert_array_equal(g.array, 0.0)


def test_poisson_cdf_derivative_is_minus_pmf():
    k, mu = np.array([0.0, 2.0, 3.7]), np.array([1.5, 2.5, 0.5])
    g = grad(lambda m: stats.poisson.cdf(k, m).sum())(mu)
    np.testing.assert_allclose(g.array, -st.poisson.pmf(np.floor(k), mu), rtol=1e-12)


def test_univariate_bad_input():
    with pytest.raises(ValueError, match=r"norm.pdf: .*x \(4,\).*loc \(3,\)"):
        stats.norm.pdf(np.zeros(4), np.zeros(3))
    with pytest.raises(ValueError, match=r"t.cdf: .*df \(2,\)"):
        stats.t.cdf(np.zeros(3), [1.0, 2.0])
    with pytest.raises(TypeError, match="gamma.pdf: a"):
        stats.gamma.pdf(1.0, "a")


# --- multivariate normal ---------------------------------------------------------------


def symmetrized(fn, argnum):
    def f(*args, **kwargs):
        args = list(args)
        c = args[argnum]
        args[argnum] = 0.5 * (c + mnp.swapaxes(c, -1, -2))
        return fn(*args, **kwargs)

    return f


def psd(d):
    m = R(d, d)
    return m.T @ m + np.eye(d)


MVN_CASES = [
    ("pdf", [R(4), R(4), psd(4)], {"allow_singular": False}),
    ("logpdf", [R(4), R(4), psd(4)], {"allow_singular": False}),
    ("pdf", [R(5, 4), R(4), psd(4)], {}),
    ("logpdf", [R(5, 4), R(4), psd(4)], {}),
    ("logpdf", [R(2, 3, 4), R(4), psd(4)], {"allow_singular": True}),
]


@pytest.mark.parametrize(("fn", "args", "kw"), MVN_CASES, ids=[c[0] for c in MVN_CASES])
def test_mvn(fn, args, kw):
    ours = symmetrized(getattr(mvn, fn), 2)
    check(ours, getattr(st.multivariate_normal, fn), args, [0, 1, 2], **kw)


def test_mvn_entropy():
    check(symmetrized(mvn.entropy, 1), st.multivariate_normal.entropy, [10 * R(4), psd(4)], [0, 1])


def test_mvn_singular_cov():
    cov = np.zeros((4, 4))
    cov[0, 0] = cov[1, 1] = 1

    for fn in (mvn.pdf, mvn.logpdf):

        def f(x, mean, fn=fn):
            x = mnp.concatenate([x[:2], mean[2:]])
            return symmetrized(partial(fn, allow_singular=True), 2)(x, mean, cov)

        x0 = np.concatenate((R(2), np.zeros(2)))
        m0 = np.concatenate((R(2), np.zeros(2)))
        ref = getattr(st.multivariate_normal, fn.__name__)(x0, m0, cov, allow_singular=True)
        np.testing.assert_allclose(f(x0, m0).array, ref, rtol=1e-12)
        inputs = [mg.tensor(v, requires_grad=True) for v in (x0, m0)]
        assert gradcheck(f, inputs) and gradgradcheck(f, inputs)
    # Off the support (mean + range(cov)): SciPy's -inf and 0.
    off = np.array([0.1, 0.2, 0.3, 0.0])
    assert mvn.logpdf(off, np.zeros(4), cov, allow_singular=True).item() == -np.inf
    assert mvn.pdf(off, None, cov, allow_singular=True).item() == 0.0
    np.testing.assert_allclose(
        mvn.entropy(None, cov).array, st.multivariate_normal.entropy(None, cov), rtol=1e-12
    )


def test_mvn_parameter_forms_as_scipy():
    x = R(6, 3)
    for mean, cov in ((None, psd(3)), (R(3), 2.0), (R(3), pos(3)), (R(3), psd(3))):
        ours = mvn.logpdf(x, mean, cov)
        np.testing.assert_allclose(
            ours.array, st.multivariate_normal.logpdf(x, mean, cov), rtol=1e-12
        )
    # d = 1: a 1-D x is several points; a single point squeezes to a scalar.
    x1 = R(5)
    np.testing.assert_allclose(
        mvn.pdf(x1, 0.5, 2.0).array, st.multivariate_normal.pdf(x1, 0.5, 2.0), rtol=1e-12
    )
    assert mvn.logpdf(R(1, 3), np.zeros(3), np.eye(3)).shape == ()
    # mean broadcasting against x (beyond SciPy, as autograd): one mean per point.
    means = R(6, 3)
    expected = [st.multivariate_normal.logpdf(a, m, np.eye(3)) for a, m in zip(x, means)]
    np.testing.assert_allclose(mvn.logpdf(x, means, np.eye(3)).array, expected, rtol=1e-12)
    draws = mvn.rvs(np.zeros(3), np.eye(3), size=4, random_state=0)
    np.testing.assert_array_equal(
        draws.array, st.multivariate_normal.rvs(np.zeros(3), np.eye(3), size=4, random_state=0)
    )


def test_mvn_bad_input():
    singular = np.diag([1.0, 0.0])
    with pytest.raises(np.linalg.LinAlgError, match=r"multivariate_normal.pdf: cov .*singular"):
        mvn.pdf(np.zeros(2), np.zeros(2), singular)
    with pytest.raises(ValueError, match="multivariate_normal.logpdf: cov must be symmetric"):
        mvn.logpdf(np.zeros(2), np.zeros(2), np.diag([1.0, -1.0]))
    with pytest.raises(ValueError, match=r"multivariate_normal.logpdf: cov .*\(3, 3\)"):
        mvn.logpdf(np.zeros(2), np.zeros(2), np.eye(3))
    with pytest.raises(ValueError, match=r"multivariate_normal.logpdf: x of shape \(1, 3\)"):
        mvn.logpdf(np.zeros(3), np.zeros(2), np.eye(2))


# --- Dirichlet -------------------------------------------------------------------------

ALPHA = rng.random(4) ** 2 + 1.2
XD = stats.dirichlet.rvs(ALPHA, size=1, random_state=3)[0, :].array


def normalized(fn):
    return lambda x, alpha: fn(x / mnp.sum(x), alpha)


@pytest.mark.parametrize("fn", ["pdf", "logpdf"])
def test_dirichlet(fn):
    ours, ref = getattr(stats.dirichlet, fn), getattr(st.dirichlet, fn)
    check(normalized(ours), normalized(ref), [XD, ALPHA], [0])
    check(ours, ref, [XD, ALPHA], [1])
    # K - 1 rows, and several points in the columns
    cols = st.dirichlet.rvs(ALPHA, size=3, random_state=1).T
    for x in (cols, cols[:-1], XD[:-1]):
        np.testing.assert_allclose(ours(x, ALPHA).array, ref(x, ALPHA), rtol=1e-12)


def test_dirichlet_bad_input_and_rvs():
    with pytest.raises(ValueError, match=r"dirichlet.pdf: x of shape \(2,\)"):
        stats.dirichlet.pdf([0.5, 0.5], ALPHA)
    with pytest.raises(ValueError, match="dirichlet.logpdf: x must lie in the simplex"):
        stats.dirichlet.logpdf([0.2, 0.2, 0.2, 0.2], ALPHA)
    with pytest.raises(ValueError, match="dirichlet.pdf: alpha must be one-dimensional"):
        stats.dirichlet.pdf(XD, [ALPHA])
    with pytest.raises(ValueError, match="dirichlet.rvs: every entry of alpha"):
        stats.dirichlet.rvs([1.0, -1.0])
    draws = stats.dirichlet.rvs(ALPHA, size=2, random_state=5)
    np.testing.assert_array_equal(draws.array, st.dirichlet.rvs(ALPHA, size=2, random_state=5))
