"""minigrad.scipy.linalg against scipy.linalg: values, gradients (second order for sqrtm,
solve_sylvester, solve_triangular, cho_solve, solve_banded), SciPy's defaults (cholesky
upper, qr's modes, solve's assume_a/transposed), and bad input."""

from __future__ import annotations

import numpy as np
import pytest

sla = pytest.importorskip("scipy.linalg")

import minigrad as mg  # noqa: E402
import minigrad.numpy as mnp  # noqa: E402
from minigrad.scipy import linalg as la  # noqa: E402
from minigrad.testing import gradcheck, gradgradcheck  # noqa: E402

rng = np.random.default_rng(0)


def leaf(a):
    return mg.tensor(np.asarray(a, dtype=np.float64), requires_grad=True)


def spd(n):
    m = rng.standard_normal((n, n))
    return m @ m.T + n * np.eye(n)


def both(f, *xs):
    leaves = tuple(leaf(x) for x in xs)
    assert gradcheck(f, leaves)
    assert gradgradcheck(f, leaves)


@pytest.mark.parametrize("n", [1, 3])
def test_sqrtm(n):
    a = spd(n)
    ours = la.sqrtm(a)
    np.testing.assert_allclose(ours.array, sla.sqrtm(a).real, rtol=1e-10, atol=1e-12)
    both(lambda x: la.sqrtm(0.5 * (x + x.T)), a)  # autograd's test: a symmetrized argument


def test_sqrtm_nonsymmetric_real_root():
    a = spd(3) + 0.3 * rng.standard_normal((3, 3))
    np.testing.assert_allclose(la.sqrtm(a).array, sla.sqrtm(a).real, rtol=1e-10, atol=1e-12)
    both(la.sqrtm, a)


def test_sqrtm_without_real_root_raises():
    with pytest.raises(ValueError, match="sqrtm: this matrix has no real square root"):
        la.sqrtm(-np.eye(2))
    with pytest.raises(ValueError, match=r"sqrtm: A must be a square matrix, got shape \(2, 3\)"):
        la.sqrtm(np.ones((2, 3)))


@pytest.mark.parametrize(("m", "n"), [(3, 3), (2, 4), (1, 1)])
def test_solve_sylvester(m, n):
    a, b, q = rng.standard_normal((m, m)), rng.standard_normal((n, n)), rng.standard_normal((m, n))
    a += 3 * np.eye(m)
    b += 3 * np.eye(n)
    np.testing.assert_allclose(la.solve_sylvester(a, b, q).array, sla.solve_sylvester(a, b, q))
    both(la.solve_sylvester, a, b, q)


def test_solve_sylvester_bad_q():
    with pytest.raises(ValueError, match=r"solve_sylvester: q must be \(3, 2\)"):
        la.solve_sylvester(np.eye(3), np.eye(2), np.ones((2, 3)))


@pytest.mark.parametrize("bshape", [(3,), (3, 2)])
@pytest.mark.parametrize("unit", [False, True])
@pytest.mark.parametrize("trans", [0, 1, 2, "N", "T"])
@pytest.mark.parametrize("lower", [False, True])
def test_solve_triangular(lower, trans, unit, bshape):
    a, b = rng.standard_normal((3, 3)) + 3 * np.eye(3), rng.standard_normal(bshape)
    ref = sla.solve_triangular(a, b, trans=trans, lower=lower, unit_diagonal=unit)

    def f(x, y):
        return la.solve_triangular(x, y, trans=trans, lower=lower, unit_diagonal=unit)

    np.testing.assert_allclose(f(a, b).array, ref, rtol=1e-12)
    both(f, a, b)


def test_solve_triangular_gradient_only_on_the_triangle_read():
    a, b = leaf(rng.standard_normal((3, 3)) + 3 * np.eye(3)), leaf(rng.standard_normal(3))
    la.solve_triangular(a, b, lower=True, unit_diagonal=True).sum().backward()
    assert not np.triu(a.grad.array).any() and a.grad.array[np.tril_indices(3, -1)].all()


def test_non_numeric_input_names_the_function_and_argument():
    with pytest.raises(TypeError, match="sqrtm: A"):
        la.sqrtm("abc")
    with pytest.raises(TypeError, match="solve_banded: b"):
        la.solve_banded((0, 0), np.ones((1, 2)), {"b": 1})


def test_solve_triangular_bad_input():
    with pytest.raises(ValueError, match=r"solve_triangular: b must be \(3,\) or \(3, k\)"):
        la.solve_triangular(np.eye(3), np.ones(2))
    with pytest.raises(ValueError, match="solve_triangular: trans"):
        la.solve_triangular(np.eye(3), np.ones(3), trans="X")


@pytest.mark.parametrize("lower", [False, True])
def test_cholesky_cho_factor_cho_solve(lower):
    a, b = spd(4), rng.standard_normal((4, 2))
    np.testing.assert_allclose(la.cholesky(a, lower=lower).array, sla.cholesky(a, lower=lower))
    c, flag = la.cho_factor(a, lower=lower)
    ref_c, _ = sla.cho_factor(a, lower=lower)
    tri = np.tril if lower else np.triu
    assert flag is lower
    np.testing.assert_allclose(c.array, tri(ref_c))
    np.testing.assert_allclose(la.cho_solve((c, flag), b).array, sla.cho_solve((ref_c, lower), b))

    def f(m, y):
        return la.cho_solve(la.cho_factor(m @ m.T + 4 * mnp.eye(4), lower=lower), y)

    both(f, rng.standard_normal((4, 4)), b)


def test_cholesky_is_upper_by_default_and_reads_one_triangle():
    a = spd(3)
    np.testing.assert_allclose(la.cholesky(a).array, sla.cholesky(a))
    junk = np.triu(a) + np.tril(rng.standard_normal((3, 3)), -1)  # SciPy reads the upper
    np.testing.assert_allclose(la.cholesky(junk).array, sla.cholesky(junk))


@pytest.mark.parametrize("bshape", [(5,), (5, 2)])
@pytest.mark.parametrize("lu", [(1, 1), (0, 2), (2, 0), (1, 2)])
def test_solve_banded(lu, bshape):
    low, up = lu
    ab, b = rng.standard_normal((low + up + 1, 5)), rng.standard_normal(bshape)
    ab[up] += 4
    np.testing.assert_allclose(la.solve_banded(lu, ab, b).array, sla.solve_banded(lu, ab, b))
    both(lambda x, y: la.solve_banded(lu, x, y), ab, b)


def test_solve_banded_bad_input():
    with pytest.raises(ValueError, match=r"solve_banded: ab must be \(3, n\)"):
        la.solve_banded((1, 1), np.ones((2, 4)), np.ones(4))
    with pytest.raises(ValueError, match=r"solve_banded: b must be \(4,\)"):
        la.solve_banded((1, 1), np.ones((3, 4)), np.ones(3))
    with pytest.raises(TypeError, match="solve_banded: l_and_u"):
        la.solve_banded(1, np.ones((3, 4)), np.ones(4))


def test_numpy_linalg_faces():
    a, b = spd(3), rng.standard_normal((3, 2))
    np.testing.assert_allclose(la.inv(a).array, sla.inv(a))
    np.testing.assert_allclose(la.det(a).array, sla.det(a))
    np.testing.assert_allclose(la.solve(a, b).array, sla.solve(a, b))
    np.testing.assert_allclose(la.solve(a, b[:, 0]).array, sla.solve(a, b[:, 0]))
    ns = rng.standard_normal((3, 3)) + 3 * np.eye(3)
    np.testing.assert_allclose(
        la.solve(ns, b, transposed=True).array, sla.solve(ns, b, transposed=True)
    )
    junk = np.tril(a) + np.triu(rng.standard_normal((3, 3)), 1)
    np.testing.assert_allclose(
        la.solve(junk, b, assume_a="sym", lower=True).array,
        sla.solve(junk, b, assume_a="sym", lower=True),
    )
    for kind in ("upper triangular", "lower triangular", "diagonal"):
        np.testing.assert_allclose(
            la.solve(junk + 3 * np.eye(3), b, assume_a=kind).array,
            sla.solve(junk + 3 * np.eye(3), b, assume_a=kind),
        )
    with pytest.raises(ValueError, match="solve: unknown assume_a"):
        la.solve(a, b, assume_a="odd")
    w, v = la.eigh(a)
    rw, rv = sla.eigh(a)
    np.testing.assert_allclose(w.array, rw)
    np.testing.assert_allclose(np.abs(v.array), np.abs(rv), atol=1e-12)
    np.testing.assert_allclose(la.eigvalsh(a).array, sla.eigvalsh(a))
    np.testing.assert_allclose(la.svd(a, compute_uv=False).array, sla.svd(a, compute_uv=False))
    np.testing.assert_allclose(la.norm(b).array, sla.norm(b))
    np.testing.assert_allclose(la.norm(b, 1).array, sla.norm(b, 1))
    np.testing.assert_allclose(la.pinv(b).array, sla.pinv(b), atol=1e-12)
    tall = rng.standard_normal((4, 3))
    q, r = la.qr(tall, mode="economic")
    np.testing.assert_allclose((q @ r).array, tall, atol=1e-12)
    (r_only,) = la.qr(tall, mode="r")
    np.testing.assert_allclose(np.abs(r_only.array), np.abs(sla.qr(tall, mode="economic")[1]))
    with pytest.raises(ValueError, match="qr: mode='full' for a non-square"):
        la.qr(tall)
    with pytest.raises(NotImplementedError, match=r"eigh: the generalised problem \(b\)"):
        la.eigh(a, np.eye(3))


def test_numpy_faces_differentiate():
    a, b = spd(3), rng.standard_normal((3, 2))
    both(lambda x, y: la.solve(x, y), a, b)
    both(lambda x: la.det(x), a)
