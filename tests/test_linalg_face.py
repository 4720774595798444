"""minigrad.linalg's decompositions and solvers (minigrad/_linalg_face.py) and their top-level
spellings, against torch.linalg: names, defaults, named tuples, gradients."""

from __future__ import annotations

import numpy as np
import pytest

import minigrad as mg
from minigrad.testing import gradcheck, gradgradcheck

torch = pytest.importorskip("torch")
rng = np.random.default_rng(0)
A = rng.standard_normal((3, 3)) + 3 * np.eye(3)
S = A @ A.T
W = rng.standard_normal((5, 3))


def close(ours, theirs, **kw):
    np.testing.assert_allclose(ours.array, theirs.numpy(), rtol=1e-10, atol=1e-12, **kw)


def test_det_inv_slogdet_logdet_match_torch():
    t = torch.tensor(A)
    close(mg.linalg.det(mg.tensor(A)), torch.linalg.det(t))
    close(mg.det(mg.tensor(A)), torch.det(t))
    close(mg.linalg.inv(mg.tensor(A)), torch.linalg.inv(t))
    close(mg.inverse(mg.tensor(A)), torch.inverse(t))
    close(mg.tensor(A).inverse(), t.inverse())
    sign, logabs = mg.linalg.slogdet(mg.tensor(-A))
    want = torch.linalg.slogdet(torch.tensor(-A))
    close(sign, want.sign), close(logabs, want.logabsdet)
    assert mg.slogdet(mg.tensor(A)).logabsdet is not None
    close(mg.logdet(mg.tensor(S)), torch.logdet(torch.tensor(S)))
    assert np.isnan(mg.logdet(mg.tensor(-A)).array) == np.isnan(
        torch.logdet(torch.tensor(-A)).numpy()
    )


def test_solve_vectors_left_and_right():
    b = rng.standard_normal(3)
    close(
        mg.linalg.solve(mg.tensor(A), mg.tensor(b)),
        torch.linalg.solve(torch.tensor(A), torch.tensor(b)),
    )
    B = rng.standard_normal((2, 3))
    close(
        mg.linalg.solve(mg.tensor(A), mg.tensor(B), left=False),
        torch.linalg.solve(torch.tensor(A), torch.tensor(B), left=False),
    )
    x = mg.tensor(A, requires_grad=True)
    assert gradgradcheck(lambda a: mg.linalg.solve(a, mg.tensor(b)), [x])


def test_cholesky_upper_and_the_old_spelling():
    close(
        mg.linalg.cholesky(mg.tensor(S), upper=True),
        torch.linalg.cholesky(torch.tensor(S), upper=True),
    )
    close(mg.cholesky(mg.tensor(S)), torch.cholesky(torch.tensor(S)))
    close(mg.tensor(S).cholesky(), torch.tensor(S).cholesky())


@pytest.mark.parametrize("uplo", ["L", "U"])
def test_eigh_reads_one_triangle_as_torch(uplo):
    lopsided = np.tril(S) if uplo == "L" else np.triu(S)
    w, v = mg.linalg.eigh(mg.tensor(lopsided), UPLO=uplo)
    want = torch.linalg.eigh(torch.tensor(lopsided), UPLO=uplo)
    close(w, want.eigenvalues)
    close(v * v, want.eigenvectors**2)
    close(
        mg.linalg.eigvalsh(mg.tensor(lopsided), UPLO=uplo),
        torch.linalg.eigvalsh(torch.tensor(lopsided), UPLO=uplo),
    )
    assert mg.linalg.eigh(mg.tensor(S)).eigenvalues.shape == (3,)


def test_eigh_gradient_on_a_symmetric_leaf_is_torchs():
    x, t = mg.tensor(S, requires_grad=True), torch.tensor(S, requires_grad=True)
    (mg.linalg.eigh(x).eigenvalues * mg.tensor([1.0, 2.0, 3.0])).sum().backward()
    (
        torch.linalg.eigh(t).eigenvalues * torch.tensor([1.0, 2.0, 3.0], dtype=torch.float64)
    ).sum().backward()
    close(x.grad, t.grad)


@pytest.mark.parametrize("shape", [(5, 3), (3, 5), (3, 3)])
def test_svd_full_and_reduced_match_torch(shape):
    a = rng.standard_normal(shape)
    for full in (True, False):
        u, s, vh = mg.linalg.svd(mg.tensor(a), full_matrices=full)
        want = torch.linalg.svd(torch.tensor(a), full_matrices=full)
        assert u.shape == tuple(want.U.shape) and vh.shape == tuple(want.Vh.shape)
        close(s, want.S)
        k = min(shape)
        np.testing.assert_allclose((u.array[:, :k] * s.array) @ vh.array[:k], a, atol=1e-12)
        np.testing.assert_allclose(u.array.T @ u.array, np.eye(u.shape[1]), atol=1e-12)
    close(mg.linalg.svdvals(mg.tensor(a)), torch.linalg.svdvals(torch.tensor(a)))
    old = mg.svd(mg.tensor(a))
    assert old.V.shape == tuple(torch.svd(torch.tensor(a)).V.shape)


def test_qr_pinv_lstsq_matrix_rank_match_torch():
    q, r = mg.linalg.qr(mg.tensor(W))
    want = torch.linalg.qr(torch.tensor(W))
    close(q.abs(), want.Q.abs()), close(r.abs(), want.R.abs())
    close(mg.linalg.pinv(mg.tensor(W)), torch.linalg.pinv(torch.tensor(W)))
    close(mg.pinverse(mg.tensor(W)), torch.pinverse(torch.tensor(W)))
    B = rng.standard_normal((5, 2))
    got, want = (
        mg.linalg.lstsq(mg.tensor(W), mg.tensor(B)),
        torch.linalg.lstsq(torch.tensor(W), torch.tensor(B)),
    )
    close(got.solution, want.solution)
    assert got.residuals.shape == tuple(want.residuals.shape) and int(got.rank.array) == int(
        want.rank
    )
    low_rank = W[:, :2] @ rng.standard_normal((2, 4))
    assert int(mg.linalg.matrix_rank(mg.tensor(low_rank)).array) == int(
        torch.linalg.matrix_rank(torch.tensor(low_rank))
    )
    close(mg.linalg.pinv(mg.tensor(low_rank)), torch.linalg.pinv(torch.tensor(low_rank)))


def test_pinv_gradients_of_both_orders():
    x = mg.tensor(W, requires_grad=True)
    assert gradcheck(mg.linalg.pinv, [x]) and gradgradcheck(mg.linalg.pinv, [x])


def test_bad_arguments_name_the_function():
    with pytest.raises(ValueError, match="eigh: UPLO must be 'L' or 'U'"):
        mg.linalg.eigh(mg.tensor(S), UPLO="X")
    with pytest.raises(ValueError, match="qr: mode must be 'reduced' or 'r'"):
        mg.linalg.qr(mg.tensor(W), mode="complete")
    with pytest.raises(ValueError, match="lstsq: A .* and B .* disagree"):
        mg.linalg.lstsq(mg.tensor(W), mg.zeros(4, 2, dtype=mg.float64))


@pytest.mark.parametrize("order", ["nuc", 2, -2])
@pytest.mark.parametrize("dim, keepdim", [((-2, -1), False), ((0, 2), True)])
def test_spectral_and_nuclear_matrix_norms_match_torch(order, dim, keepdim):
    a = rng.standard_normal((2, 3, 4))
    want = torch.linalg.matrix_norm(torch.tensor(a), order, dim, keepdim)
    close(mg.linalg.matrix_norm(mg.tensor(a), order, dim, keepdim), want)
    x = mg.tensor(a, requires_grad=True)
    assert gradcheck(lambda t: mg.linalg.matrix_norm(t, order, dim, keepdim), [x])
    close(mg.linalg.norm(mg.tensor(a[0]), order), torch.linalg.norm(torch.tensor(a[0]), order))


def test_the_smaller_linalg_functions_match_torch():
    a, b = rng.standard_normal((4, 3)), rng.standard_normal((4, 3))
    close(
        mg.linalg.cross(mg.tensor(a), mg.tensor(b)),
        torch.linalg.cross(torch.tensor(a), torch.tensor(b)),
    )
    close(
        mg.linalg.vecdot(mg.tensor(a), mg.tensor(b), dim=0),
        torch.linalg.vecdot(torch.tensor(a), torch.tensor(b), dim=0),
    )
    c = rng.standard_normal((2, 3, 3))
    close(
        mg.linalg.diagonal(mg.tensor(c), offset=1), torch.linalg.diagonal(torch.tensor(c), offset=1)
    )
    for n in (0, 1, 5, -3):
        close(
            mg.linalg.matrix_power(mg.tensor(A), n), torch.linalg.matrix_power(torch.tensor(A), n)
        )
    chain = [rng.standard_normal(3), rng.standard_normal((3, 4)), rng.standard_normal((4, 2))]
    close(
        mg.linalg.multi_dot([mg.tensor(t) for t in chain]),
        torch.linalg.multi_dot([torch.tensor(t) for t in chain]),
    )
    for p in (None, 2, -2, "fro", "nuc", 1, float("inf")):
        close(mg.linalg.cond(mg.tensor(A), p), torch.linalg.cond(torch.tensor(A), p))
    x = rng.standard_normal(4)
    close(mg.linalg.vander(mg.tensor(x)), torch.linalg.vander(torch.tensor(x)))
    close(mg.linalg.vander(mg.tensor(x), N=2), torch.linalg.vander(torch.tensor(x), N=2))
    inv, info = mg.linalg.inv_ex(mg.tensor(A))
    close(inv, torch.linalg.inv(torch.tensor(A)))
    assert int(info.array) == 0 and mg.linalg.cholesky_ex(mg.tensor(S)).L.shape == (3, 3)
    close(
        mg.linalg.solve_ex(mg.tensor(A), mg.tensor(b[:3])).result,
        torch.linalg.solve(torch.tensor(A), torch.tensor(b[:3])),
    )


@pytest.mark.parametrize(
    "upper, left, unit", [(True, True, False), (False, False, True), (False, True, False)]
)
def test_solve_triangular_reads_one_triangle_as_torch(upper, left, unit):
    B = rng.standard_normal((3, 2)) if left else rng.standard_normal((2, 3))
    kw = {"upper": upper, "left": left, "unitriangular": unit}
    want = torch.linalg.solve_triangular(torch.tensor(A), torch.tensor(B), **kw)
    close(mg.linalg.solve_triangular(mg.tensor(A), mg.tensor(B), **kw), want)
    x, y = mg.tensor(A, requires_grad=True), mg.tensor(B, requires_grad=True)
    assert gradcheck(lambda a, b: mg.linalg.solve_triangular(a, b, **kw), [x, y])


@pytest.mark.parametrize("upper", [False, True])
def test_cholesky_solve_and_inverse_match_torch(upper):
    factor = np.linalg.cholesky(S)
    factor = factor.T if upper else factor
    B = rng.standard_normal((3, 2))
    want = torch.cholesky_solve(torch.tensor(B), torch.tensor(factor), upper=upper)
    close(mg.cholesky_solve(mg.tensor(B), mg.tensor(factor), upper=upper), want)
    want = torch.cholesky_inverse(torch.tensor(factor), upper=upper)
    close(mg.cholesky_inverse(mg.tensor(factor), upper=upper), want)
    b, f = mg.tensor(B, requires_grad=True), mg.tensor(factor, requires_grad=True)
    assert gradcheck(lambda x, y: mg.cholesky_solve(x, y, upper=upper), [b, f])
