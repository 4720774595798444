"""ops.decomp: det, logabsdet, inv, solve, cholesky, eigh, eigvalsh, svd, svdvals, qr against
PyTorch (forward and gradients), gradients of both orders, bad input."""

from __future__ import annotations

import numpy as np
import pytest

import minigrad as mg
from minigrad.ops import decomp
from minigrad.testing import gradcheck, gradgradcheck

torch = pytest.importorskip("torch")
rng = np.random.default_rng(0)


def wellcond(*shape):
    """Matrices near 3·I: invertible, well conditioned, distinct singular values."""
    return rng.standard_normal(shape) + 3 * np.eye(shape[-1])


def spd(*shape):
    """Symmetric positive definite, distinct eigenvalues."""
    a = rng.standard_normal(shape)
    return a @ np.swapaxes(a, -1, -2) + np.diag(np.arange(1.0, shape[-1] + 1))


GRADIENT_SAMPLES = {
    "det": [((wellcond(3, 3),), {}), ((wellcond(2, 2, 2),), {})],
    "logabsdet": [((wellcond(3, 3),), {})],
    "inv": [((wellcond(2, 3, 3),), {})],
    "solve": [((wellcond(3, 3), rng.standard_normal((2, 3, 2))), {})],
    "cholesky": [((spd(3, 3),), {})],
    "eigh": [((spd(3, 3),), {})],
    "eigvalsh": [((spd(2, 3, 3),), {})],
    "svd": [((rng.standard_normal((4, 3)),), {}), ((rng.standard_normal((2, 3)),), {})],
    "svdvals": [((rng.standard_normal((3, 4)),), {})],
    "qr": [((rng.standard_normal((4, 3)),), {}), ((rng.standard_normal((3, 3)),), {})],
}


def _t(a):
    return torch.tensor(a, requires_grad=True)


def _torch_grad(fn, a, weights):
    t = _t(a)
    outs = fn(t)
    outs = outs if isinstance(outs, tuple) else (outs,)
    loss = sum((o * torch.tensor(w)).sum() for o, w in zip(outs, weights))
    return torch.autograd.grad(loss, t)[0].numpy()


def _ours_grad(fn, a, weights):
    x = mg.tensor(a, requires_grad=True)
    outs = fn(x)
    outs = outs if isinstance(outs, tuple) else (outs,)
    loss = sum((o * mg.tensor(w)).sum() for o, w in zip(outs, weights))
    loss.backward()
    return x.grad.array


# (ours, torch's, input): gauge-invariant losses for the factors with a sign freedom.
CASES = {
    "det": (decomp.det, torch.linalg.det, wellcond(2, 3, 3)),
    "logabsdet": (decomp.logabsdet, lambda a: torch.linalg.slogdet(a)[1], wellcond(3, 3)),
    "inv": (decomp.inv, torch.linalg.inv, wellcond(3, 3)),
    "cholesky": (decomp.cholesky, torch.linalg.cholesky, spd(2, 3, 3)),
    "eigvalsh": (decomp.eigvalsh, torch.linalg.eigvalsh, spd(3, 3)),
    "svdvals": (decomp.svdvals, torch.linalg.svdvals, rng.standard_normal((4, 3))),
    "eigh": (
        lambda a: (lambda w, v: (w, v * v))(*decomp.eigh(a)),
        lambda a: (lambda w, v: (w, v * v))(*torch.linalg.eigh(a)),
        spd(3, 3),
    ),
    "svd": (
        lambda a: (lambda u, s, vh: (u * u, s, vh * vh))(*decomp.svd(a)),
        lambda a: (lambda u, s, vh: (u * u, s, vh * vh))(*torch.linalg.svd(a, full_matrices=False)),
        rng.standard_normal((4, 3)),
    ),
    "qr": (decomp.qr, lambda a: torch.linalg.qr(a), rng.standard_normal((5, 3))),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_forward_and_gradient_match_torch(name):
    ours, theirs, a = CASES[name]
    want = theirs(torch.tensor(a))
    want = want if isinstance(want, tuple) else (want,)
    got = ours(mg.tensor(a))
    got = got if isinstance(got, tuple) else (got,)
    for g, w in zip(got, want):
        np.testing.assert_allclose(g.array, w.numpy(), rtol=1e-10, atol=1e-12)
    weights = [rng.standard_normal(w.shape) for w in want]
    np.testing.assert_allclose(
        _ours_grad(ours, a, weights), _torch_grad(theirs, a, weights), rtol=1e-9, atol=1e-11
    )


def test_solve_matches_torch_with_broadcast_batches():
    a, b = wellcond(2, 1, 3, 3), rng.standard_normal((4, 3, 2))
    got = decomp.solve(mg.tensor(a), mg.tensor(b)).array
    np.testing.assert_allclose(got, torch.linalg.solve(torch.tensor(a), torch.tensor(b)).numpy())
    A, B = mg.tensor(a, requires_grad=True), mg.tensor(b, requires_grad=True)
    assert gradcheck(decomp.solve, [A, B]) and gradgradcheck(decomp.solve, [A, B])


def test_symmetric_factorisations_take_the_symmetric_part():
    # Any input: the gradient is that of (A + Aᵀ)/2, so gradcheck holds off the symmetric set.
    a = mg.tensor(spd(3, 3) + 0.1 * rng.standard_normal((3, 3)), requires_grad=True)
    assert gradcheck(lambda x: decomp.eigh(x)[1], [a])
    assert gradcheck(decomp.cholesky, [a])


def test_singular_matrix_names_the_op():
    with pytest.raises(ValueError, match="inv: Singular matrix"):
        decomp.inv(mg.tensor(np.zeros((2, 2))))
    with pytest.raises(ValueError, match="cholesky: Matrix is not positive definite"):
        decomp.cholesky(mg.tensor(-np.eye(2)))


@pytest.mark.parametrize("op", ["det", "inv", "cholesky", "eigh", "logabsdet"])
def test_non_square_input_names_the_op_and_shape(op):
    msg = rf"{op}: A must be a \(batch of\) square matrices, got shape \(2, 3\)"
    with pytest.raises(ValueError, match=msg):
        getattr(decomp, op)(mg.zeros(2, 3))


def test_wide_qr_and_bad_solve_are_refused():
    with pytest.raises(ValueError, match="qr: A must be .* m >= n"):
        decomp.qr(mg.zeros(2, 3))
    with pytest.raises(ValueError, match=r"solve: B must be \(\.\.\., 3, k\)"):
        decomp.solve(mg.eye(3), mg.zeros(2, 2))
    with pytest.raises(TypeError, match="det: A must be floating point"):
        decomp.det(mg.tensor([[1, 2], [3, 4]]))
