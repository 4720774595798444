"""Matrix functions and decompositions: ``det``, ``logabsdet``, ``inv``, ``solve``,
``cholesky``, ``eigh``, ``svd``, ``qr``, on the last two dimensions (any batch in front).

Each forward is LAPACK's (``numpy.linalg``); each VJP is the standard matrix-calculus result,
written with Tensor ops (``matmul``, the ops here), so it differentiates again:

- ``d = det A``: ``Ā = ḡ d A⁻ᵀ``; ``log|det A|``: ``Ā = ḡ A⁻ᵀ``;
- ``Y = A⁻¹``: ``Ā = -Yᵀ Ḡ Yᵀ``; ``X = A⁻¹B``: ``B̄ = A⁻ᵀ Ḡ``, ``Ā = -B̄ Xᵀ``;
- ``L = chol A``: ``Ā = sym(L⁻ᵀ Φ(Lᵀ L̄) L⁻¹)``, ``Φ`` the lower triangle, diagonal halved;
- ``cholesky``, ``eigh``, ``eigvalsh`` factor the symmetric part ``(A + Aᵀ)/2``, so their
  gradients are symmetric (PyTorch's) and true for any input;
- ``eigh``, ``svd``, ``qr``: the formulas of Giles (2008), Townsend (2016) and Walter-Lehmann
  as PyTorch states them (see each class).

A decomposition with several factors is one node whose output packs them (flattened, side by
side on the last axis); the public function slices them back out, so the gradients of all the
factors reach the one VJP together.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..autograd import Function
from ..tensor import Tensor
from ._shape_args import tensor_arg
from .linalg import matmul

__all__ = [
    "cholesky", "det", "eigh", "eigvalsh", "inv", "logabsdet", "qr", "solve", "svd", "svdvals",
]  # fmt: skip


def _mT(x: Tensor) -> Tensor:  # noqa: N802 - the matrix transpose, as Tensor.mT
    return x.swapaxes(-1, -2)


def _eye(n: int, dtype: Any) -> np.ndarray:
    return np.eye(n, dtype=dtype)


def _square(op: str, a: Any, arg: str = "A") -> Tensor:
    x = tensor_arg(op, a)
    if x.ndim < 2 or x.shape[-1] != x.shape[-2]:
        raise ValueError(f"{op}: {arg} must be a (batch of) square matrices, got shape {x.shape}")
    if x.dtype.kind != "f":
        raise TypeError(f"{op}: {arg} must be floating point, got {x.dtype}")
    return x


def _symmetric_part(x: Tensor) -> Tensor:
    # LAPACK reads one triangle; the symmetric part agrees with it on the symmetric input it
    # expects, and its gradient is the symmetric one PyTorch returns (true for every input).
    return 0.5 * (x + _mT(x))


def _lapack(op: str, f: Any, *arrays: np.ndarray) -> Any:
    try:
        return f(*arrays)
    except np.linalg.LinAlgError as e:
        raise ValueError(f"{op}: {e} (input shapes {[a.shape for a in arrays]})") from None


class Det(Function):
    @staticmethod
    def forward(ctx, a):
        out = np.asarray(np.linalg.det(a), dtype=a.dtype)
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, d = ctx.saved_tensors
        return (grad * d)[..., None, None] * _mT(inv(a))


def det(A: Tensor) -> Tensor:
    """The determinant of each ``(..., n, n)`` matrix: shape ``(...)``. Its gradient needs
    ``A⁻¹`` (``A`` invertible)."""
    return Det.apply(_square("det", A))


class LogAbsDet(Function):
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return np.asarray(np.linalg.slogdet(a)[1], dtype=a.dtype)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad[..., None, None] * _mT(inv(a))


def logabsdet(A: Tensor) -> Tensor:
    """``log|det A|`` of each ``(..., n, n)`` matrix, without overflow: shape ``(...)``."""
    return LogAbsDet.apply(_square("logabsdet", A))


class Inv(Function):
    @staticmethod
    def forward(ctx, a):
        out = _lapack("inv", np.linalg.inv, a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (y,) = ctx.saved_tensors
        yt = _mT(y)
        return -matmul(matmul(yt, grad), yt)


def inv(A: Tensor) -> Tensor:
    """The inverse of each ``(..., n, n)`` matrix; a singular one raises ``ValueError``."""
    return Inv.apply(_square("inv", A))


class Solve(Function):
    @staticmethod
    def forward(ctx, a, b):
        out = _lapack("solve", np.linalg.solve, a, b)
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, x = ctx.saved_tensors
        gb = solve(_mT(a), grad)
        return -matmul(gb, _mT(x)), gb


def solve(A: Tensor, B: Tensor) -> Tensor:
    """``X = A⁻¹ B`` for ``A`` ``(..., n, n)`` and ``B`` ``(..., n, k)`` (batches broadcast)."""
    a, b = _square("solve", A), tensor_arg("solve", B)
    if b.ndim < 2 or b.shape[-2] != a.shape[-1]:
        raise ValueError(f"solve: B must be (..., {a.shape[-1]}, k) for A {a.shape}, got {b.shape}")
    return Solve.apply(a, b)


class Cholesky(Function):
    @staticmethod
    def forward(ctx, a):
        out = _lapack("cholesky", np.linalg.cholesky, a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (low,) = ctx.saved_tensors
        n = low.shape[-1]
        p = matmul(_mT(low), grad)
        phi = p.tril() - 0.5 * p * _eye(n, p.dtype)
        li = inv(low)
        s = matmul(matmul(_mT(li), phi), li)
        return 0.5 * (s + _mT(s))


def cholesky(A: Tensor) -> Tensor:
    """The lower Cholesky factor ``L`` (``A = L Lᵀ``) of each symmetric positive-definite
    ``(..., n, n)`` matrix (of its symmetric part ``(A + Aᵀ)/2``); otherwise ``ValueError``."""
    return Cholesky.apply(_symmetric_part(_square("cholesky", A)))


def _skew(x: Tensor) -> Tensor:
    return x - _mT(x)


def _off_diagonal_reciprocal(e: Tensor, n: int) -> Tensor:
    """``1 / e`` off the diagonal, 0 on it (``e`` is 0 there)."""
    eye = _eye(n, e.dtype)
    return (1 / (e + eye)) * (1 - eye)


class Eigh(Function):
    """Packed output ``(..., n + 1, n)``: the eigenvectors ``V`` (columns), then the
    eigenvalues ``w`` (ascending) as the last row. The VJP (PyTorch's):
    ``Ā = V (diag(w̄) + ½ skew(Vᵀ V̄) / E) Vᵀ``, ``E_ij = w_j - w_i``."""

    @staticmethod
    def forward(ctx, a):
        w, v = _lapack("eigh", np.linalg.eigh, a)
        out = np.concatenate([v, w[..., None, :]], axis=-2)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        n = out.shape[-1]
        v, w = out[..., :n, :], out[..., n, :]
        gv, gw = grad[..., :n, :], grad[..., n, :]
        e = w[..., None, :] - w[..., :, None]
        inner = 0.5 * _skew(matmul(_mT(v), gv)) * _off_diagonal_reciprocal(e, n)
        inner = inner + gw[..., None, :] * _eye(n, w.dtype)
        return matmul(matmul(v, inner), _mT(v))


def eigh(A: Tensor) -> tuple[Tensor, Tensor]:
    """``(eigenvalues, eigenvectors)`` of each symmetric ``(..., n, n)`` matrix (of its
    symmetric part ``(A + Aᵀ)/2``): ``w`` ``(..., n)`` ascending, ``V`` ``(..., n, n)`` with
    the eigenvectors as columns. The gradient needs distinct eigenvalues."""
    packed = Eigh.apply(_symmetric_part(_square("eigh", A)))
    n = packed.shape[-1]
    return packed[..., n, :], packed[..., :n, :]


class Eigvalsh(Function):
    """The eigenvalues alone: ``Ā = V diag(w̄) Vᵀ`` (no distinct-eigenvalue condition)."""

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return _lapack("eigvalsh", np.linalg.eigvalsh, a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        v = eigh(a)[1]
        return matmul(v * grad[..., None, :], _mT(v))


def eigvalsh(A: Tensor) -> Tensor:
    """The eigenvalues of each symmetric ``(..., n, n)`` matrix (of its symmetric part),
    ascending: ``(..., n)``."""
    return Eigvalsh.apply(_symmetric_part(_square("eigvalsh", A)))


class Svd(Function):
    """Packed output ``(..., m·k + k + k·n)``: ``U`` ``(m, k)``, ``S`` ``(k,)``, ``Vh``
    ``(k, n)`` flattened side by side (``k = min(m, n)``). The VJP (Townsend 2016):
    ``Ā = U[(F∘skew(UᵀŪ))S + diag(S̄) + S(F∘skew(VᵀV̄))]Vᵀ + (I - UUᵀ)ŪS⁻¹Vᵀ
    + US⁻¹V̄ᵀ(I - VVᵀ)``, ``F_ij = 1/(s_j² - s_i²)`` off the diagonal."""

    @staticmethod
    def forward(ctx, a):
        u, s, vh = _lapack("svd", lambda x: np.linalg.svd(x, full_matrices=False), a)
        batch = a.shape[:-2]
        out = np.concatenate([u.reshape(*batch, -1), s, vh.reshape(*batch, -1)], axis=-1)
        ctx.m, ctx.n = a.shape[-2:]
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        u, s, vh = _unpack_svd(out, ctx.m, ctx.n)
        gu, gs, gvh = _unpack_svd(grad, ctx.m, ctx.n)
        k, v, gv = s.shape[-1], _mT(vh), _mT(gvh)
        s2 = s * s
        f = _off_diagonal_reciprocal(s2[..., None, :] - s2[..., :, None], k)
        uhgu, vhgv = matmul(_mT(u), gu), matmul(vh, gv)
        core = (f * _skew(uhgu)) * s[..., None, :] + s[..., :, None] * (f * _skew(vhgv))
        core = core + gs[..., None, :] * _eye(k, s.dtype)
        ga = matmul(matmul(u, core), vh)
        if ctx.m > k:
            ga = ga + matmul((gu - matmul(u, uhgu)) / s[..., None, :], vh)
        if ctx.n > k:
            ga = ga + matmul(u / s[..., None, :], _mT(gv - matmul(v, vhgv)))
        return ga


def _unpack_svd(packed: Tensor, m: int, n: int) -> tuple[Tensor, Tensor, Tensor]:
    k, batch = min(m, n), packed.shape[:-1]
    u = packed[..., : m * k].reshape(*batch, m, k)
    s = packed[..., m * k : m * k + k]
    return u, s, packed[..., m * k + k :].reshape(*batch, k, n)


def svd(A: Tensor) -> tuple[Tensor, Tensor, Tensor]:
    """The reduced SVD ``A = U diag(S) Vh`` of each ``(..., m, n)`` matrix: ``U``
    ``(..., m, k)``, ``S`` ``(..., k)`` descending, ``Vh`` ``(..., k, n)``, ``k = min(m, n)``.
    The gradient through ``U``/``Vh`` needs distinct, non-zero singular values."""
    x = tensor_arg("svd", A)
    if x.ndim < 2 or x.dtype.kind != "f":
        raise ValueError(f"svd: A must be a float (batch of) matrices, got {x.dtype} {x.shape}")
    return _unpack_svd(Svd.apply(x), *x.shape[-2:])


class SvdVals(Function):
    """The singular values alone: ``Ā = U diag(S̄) Vh`` (no distinct-value condition)."""

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return _lapack("svdvals", lambda x: np.linalg.svd(x, compute_uv=False), a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        u, _, vh = svd(a)
        return matmul(u * grad[..., None, :], vh)


def svdvals(A: Tensor) -> Tensor:
    """The singular values of each ``(..., m, n)`` matrix, descending: ``(..., min(m, n))``."""
    x = tensor_arg("svdvals", A)
    if x.ndim < 2 or x.dtype.kind != "f":
        raise ValueError(f"svdvals: A must be a float (batch of) matrices, got {x.dtype} {x.shape}")
    return SvdVals.apply(x)


class Qr(Function):
    """Packed output ``(..., m + k, n)`` for ``m >= n`` (``k = n``): ``Q`` ``(m, n)`` above
    ``R`` ``(n, n)``. The VJP (PyTorch's): ``M = R R̄ᵀ - Q̄ᵀ Q``,
    ``Ā = (Q̄ + Q copyltu(M)) R⁻ᵀ``, ``copyltu`` the symmetric matrix of ``M``'s lower triangle."""

    @staticmethod
    def forward(ctx, a):
        q, r = np.linalg.qr(a, mode="reduced")
        ctx.m = a.shape[-2]
        out = np.concatenate([q, r], axis=-2)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        m = ctx.m
        q, r, gq, gr = out[..., :m, :], out[..., m:, :], grad[..., :m, :], grad[..., m:, :]
        mm = matmul(r, _mT(gr)) - matmul(_mT(gq), q)
        low = mm.tril(-1)
        sym = low + _mT(low) + mm * _eye(mm.shape[-1], mm.dtype)
        return matmul(gq + matmul(q, sym), _mT(inv(r)))


def qr(A: Tensor) -> tuple[Tensor, Tensor]:
    """The reduced QR ``A = Q R`` of each ``(..., m, n)`` matrix with ``m >= n``: ``Q``
    ``(..., m, n)`` with orthonormal columns, ``R`` ``(..., n, n)`` upper triangular. (Wide
    matrices, ``m < n``, have no gradient formula here and raise ``ValueError``.)"""
    x = tensor_arg("qr", A)
    if x.ndim < 2 or x.dtype.kind != "f" or x.shape[-2] < x.shape[-1]:
        raise ValueError(
            f"qr: A must be a float (batch of) matrices with m >= n, got {x.dtype} {x.shape}"
        )
    packed = Qr.apply(x)
    m = x.shape[-2]
    return packed[..., :m, :], packed[..., m:, :]
