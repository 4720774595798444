"""PyTorch's ``torch.linalg`` decompositions and solvers, and their top-level spellings
(``torch.det``, ``torch.inverse``, ``torch.slogdet``, ``torch.logdet``, ``torch.cholesky``,
``torch.qr``, ``torch.svd``, ``torch.pinverse``): PyTorch's names, arguments, defaults and
named-tuple results over the ops of :mod:`minigrad.ops.decomp`, where the VJPs live.
"""

# PyTorch's argument names (input) shadow builtins on purpose.
# ruff: noqa: A002

from __future__ import annotations

import math
from collections import namedtuple
from typing import Any

import numpy as np

from .ops import decomp as _d
from .ops._shape_args import tensor_arg
from .ops.elementwise import where
from .ops.join import concatenate
from .ops.linalg import matmul
from .tensor import Tensor

__all__ = [
    "cholesky", "cholesky_ex", "cond", "cross", "det", "diagonal", "eigh", "eigvalsh", "inv",
    "inv_ex", "lstsq", "matrix_power", "matrix_rank", "multi_dot", "pinv", "qr", "slogdet",
    "solve", "solve_ex", "solve_triangular", "svd", "svdvals", "vander", "vecdot",
]  # fmt: skip


def _named(name: str, fields: list[str]) -> Any:
    cls = namedtuple(name, fields)  # type: ignore[misc]
    cls.__doc__ = f"What ``torch.linalg.{name.removeprefix('linalg_')}`` returns."
    return cls


linalg_slogdet = _named("linalg_slogdet", ["sign", "logabsdet"])
linalg_eigh = _named("linalg_eigh", ["eigenvalues", "eigenvectors"])
linalg_svd = _named("linalg_svd", ["U", "S", "Vh"])
linalg_qr = _named("linalg_qr", ["Q", "R"])
linalg_lstsq = _named("linalg_lstsq", ["solution", "residuals", "rank", "singular_values"])
svd_result = _named("svd", ["U", "S", "V"])

det, inv, svdvals = _d.det, _d.inv, _d.svdvals


def slogdet(A: Tensor) -> Any:
    """``(sign, logabsdet)`` of each ``(..., n, n)`` matrix: ``det A = sign · exp(logabsdet)``
    (sign 0 and logabsdet -inf for a singular matrix). ``logabsdet`` is differentiable."""
    a = _d._square("slogdet", A)
    sign = Tensor(np.asarray(np.linalg.slogdet(a.array)[0], dtype=a.dtype))
    return linalg_slogdet(sign, _d.logabsdet(a))


def logdet(input: Tensor) -> Tensor:
    """``log det A``: NaN where the determinant is negative, -inf where it is 0."""
    sign, logabs = slogdet(input)
    return where(sign.array < 0, math.nan, logabs)


def inverse(input: Tensor) -> Tensor:
    """``torch.inverse``: the matrix inverse (= ``torch.linalg.inv``)."""
    return _d.inv(_d._square("inverse", input))


def solve(A: Tensor, B: Tensor, *, left: bool = True) -> Tensor:
    """``X`` with ``A X = B`` (``left=True``) or ``X A = B``; ``B`` is a batch of vectors
    when it is 1-D or has the shape ``A.shape[:-1]``, else of matrices (batches broadcast)."""
    a, b = _d._square("solve", A), tensor_arg("solve", B)
    if not left:
        return _d.solve(a.swapaxes(-1, -2), b.swapaxes(-1, -2)).swapaxes(-1, -2)
    if b.ndim == 1 or (b.ndim == a.ndim - 1 and b.shape == a.shape[:-1]):
        return _d.solve(a, b.unsqueeze(-1)).squeeze(-1)
    return _d.solve(a, b)


def cholesky(A: Tensor, *, upper: bool = False) -> Tensor:
    """The Cholesky factor of each symmetric positive-definite matrix: ``L`` lower with
    ``A = L Lᵀ``, or (``upper=True``) ``U = Lᵀ`` with ``A = Uᵀ U``."""
    low = _d.cholesky(_triangle("cholesky", A, "L"))
    return low.swapaxes(-1, -2) if upper else low


def eigh(A: Tensor, UPLO: str = "L") -> Any:
    """``(eigenvalues, eigenvectors)`` of each symmetric matrix, from its lower (``"L"``) or
    upper (``"U"``) triangle; eigenvalues ascending, eigenvectors as columns."""
    w, v = _d.eigh(_triangle("eigh", A, UPLO))
    return linalg_eigh(w, v)


def eigvalsh(A: Tensor, UPLO: str = "L") -> Tensor:
    """The eigenvalues of each symmetric matrix (ascending), from one triangle."""
    return _d.eigvalsh(_triangle("eigvalsh", A, UPLO))


def _triangle(op: str, A: Tensor, uplo: str) -> Tensor:
    """``A`` as LAPACK reads it: from its ``uplo`` triangle. A symmetric ``A`` is passed as it
    is (the ops take its symmetric part: PyTorch's symmetric gradient); otherwise the triangle
    is mirrored, and the gradient is that of the mirrored matrix."""
    a = _d._square(op, A)
    if uplo not in ("L", "U"):
        raise ValueError(f"{op}: UPLO must be 'L' or 'U', got {uplo!r}")
    if np.array_equal(a.array, np.swapaxes(a.array, -1, -2)):
        return a
    low = a.tril(-1) if uplo == "L" else a.triu(1).swapaxes(-1, -2)
    return low + low.swapaxes(-1, -2) + a * np.eye(a.shape[-1], dtype=a.dtype)


def svd(A: Tensor, full_matrices: bool = True) -> Any:
    """``(U, S, Vh)`` with ``A = U diag(S) Vh``. ``full_matrices=True`` (PyTorch's default)
    completes ``U``/``Vh`` to square orthogonal matrices; as in PyTorch, the gradient flows
    through the first ``min(m, n)`` columns/rows only."""
    a = tensor_arg("svd", A)
    u, s, vh = _d.svd(a)
    m, n = a.shape[-2:]
    if full_matrices and m != n:
        full_u, _, full_vh = np.linalg.svd(a.array)
        if m > n:
            u = concatenate([u, Tensor(full_u[..., :, n:])], axis=-1)
        else:
            vh = concatenate([vh, Tensor(full_vh[..., m:, :])], axis=-2)
    return linalg_svd(u, s, vh)


def qr(A: Tensor, mode: str = "reduced") -> Any:
    """``(Q, R)`` with ``A = Q R`` (``mode="reduced"``; ``"r"`` returns an empty ``Q``).
    Differentiable for ``m >= n``."""
    if mode not in ("reduced", "r"):
        raise ValueError(f"qr: mode must be 'reduced' or 'r' (not 'complete'), got {mode!r}")
    q, r = _d.qr(A)
    return linalg_qr(Tensor(np.empty((0,), q.dtype)) if mode == "r" else q, r)


def _tolerance(s: Tensor, shape: tuple[int, ...], atol: Any, rtol: Any) -> np.ndarray:
    """PyTorch's cut-off ``max(atol, rtol · σ₁)``; ``rtol`` defaults to ``eps · max(m, n)``
    when ``atol`` is not given (or 0), else to 0."""
    if rtol is None:
        given = atol is not None and np.any(np.asarray(atol) > 0)
        rtol = 0.0 if given else np.finfo(s.dtype).eps * max(shape[-2:])
    smax = s.array.max(axis=-1, keepdims=True, initial=0.0)
    return np.maximum(0.0 if atol is None else np.asarray(atol)[..., None], rtol * smax)


def pinv(A: Tensor, *, atol: Any = None, rtol: Any = None, hermitian: bool = False) -> Tensor:
    """The Moore-Penrose pseudo-inverse ``V diag(1/S) Uᵀ``, singular values at or below
    ``max(atol, rtol · σ₁)`` dropped. Its gradient goes through the SVD (distinct singular
    values)."""
    a = tensor_arg("pinv", A)
    u, s, vh = _d.svd(a)
    keep = s.array > _tolerance(s, a.shape, atol, rtol)
    inv_s = where(keep, 1.0 / where(keep, s, 1.0), 0.0)
    return matmul(vh.swapaxes(-1, -2) * inv_s[..., None, :], u.swapaxes(-1, -2))


def pinverse(input: Tensor, rcond: float = 1e-15) -> Tensor:
    """``torch.pinverse``: :func:`pinv` with the relative cut-off ``rcond``."""
    return pinv(tensor_arg("pinverse", input), rtol=rcond)


def matrix_rank(
    A: Tensor, *, atol: Any = None, rtol: Any = None, hermitian: bool = False
) -> Tensor:
    """The number of singular values above ``max(atol, rtol · σ₁)`` (int64, no gradient)."""
    a = tensor_arg("matrix_rank", A)
    s = Tensor(np.linalg.svd(a.array, compute_uv=False))
    return Tensor((s.array > _tolerance(s, a.shape, atol, rtol)).sum(-1))


def lstsq(A: Tensor, B: Tensor, rcond: float | None = None, *, driver: str | None = None) -> Any:
    """The least-squares solution of ``A X = B`` (the minimum-norm one when ``A`` is rank
    deficient), as ``pinv(A) @ B``; like PyTorch's default CPU driver (``gelsy``) it returns
    ``(solution, residuals, rank, singular_values)`` with ``residuals`` and
    ``singular_values`` empty."""
    a, b = tensor_arg("lstsq", A), tensor_arg("lstsq", B)
    if a.ndim < 2 or b.ndim < 1 or b.shape[0 if b.ndim == 1 else -2] != a.shape[-2]:
        raise ValueError(f"lstsq: A (..., m, n) and B (..., m, k) disagree: {a.shape}, {b.shape}")
    vector = b.ndim == 1
    x = matmul(pinv(a, rtol=rcond), b.unsqueeze(-1) if vector else b)
    empty = Tensor(np.empty((0,), a.dtype))
    rank = matrix_rank(a, rtol=rcond)
    return linalg_lstsq(x.squeeze(-1) if vector else x, empty, rank, empty)


def torch_cholesky(input: Tensor, upper: bool = False) -> Tensor:
    """``torch.cholesky`` (deprecated in PyTorch for ``torch.linalg.cholesky``)."""
    return cholesky(input, upper=upper)


def torch_qr(input: Tensor, some: bool = True) -> Any:
    """``torch.qr`` (``some=True``: the reduced factors)."""
    if not some:
        raise ValueError("qr: some=False (the complete factors) is not supported")
    return qr(input)


def torch_svd(input: Tensor, some: bool = True, compute_uv: bool = True) -> Any:
    """``torch.svd``: ``(U, S, V)`` (``V``, not ``Vh``), reduced unless ``some=False``."""
    u, s, vh = svd(input, full_matrices=not some)
    if not compute_uv:
        return svd_result(Tensor(np.zeros_like(u.array)), s, Tensor(np.zeros_like(vh.array)))
    return svd_result(u, s, vh.swapaxes(-1, -2))


def cross(input: Tensor, other: Tensor, *, dim: int = -1) -> Tensor:
    """``torch.linalg.cross``: the 3-vector cross product along ``dim`` (default the last)."""
    from ._torch_math import cross as _cross

    return _cross(input, other, dim=dim)


def diagonal(A: Tensor, *, offset: int = 0, dim1: int = -2, dim2: int = -1) -> Tensor:
    """``torch.linalg.diagonal``: ``torch.diagonal`` with the last two dimensions as default."""
    from ._torch_math import diagonal as _diagonal

    return _diagonal(A, offset, dim1, dim2)


def vecdot(x: Tensor, y: Tensor, *, dim: int = -1) -> Tensor:
    """The dot product of ``x`` and ``y`` (broadcast) along ``dim``."""
    return (tensor_arg("vecdot", x) * y).sum(dim)


def matrix_power(A: Tensor, n: int) -> Tensor:
    """``A`` multiplied by itself ``n`` times (``n = 0``: the identity; ``n < 0``: powers of
    the inverse), by repeated squaring."""
    a = _d._square("matrix_power", A)
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)):
        raise TypeError(f"matrix_power: n must be an int, got {n!r}")
    if n == 0:
        eye = np.broadcast_to(np.eye(a.shape[-1], dtype=a.dtype), a.shape)
        return Tensor(eye.copy())
    base, k = (_d.inv(a), -int(n)) if n < 0 else (a, int(n))
    result: Tensor | None = None
    while k:
        if k & 1:
            result = base if result is None else matmul(result, base)
        k >>= 1
        if k:
            base = matmul(base, base)
    assert result is not None  # n != 0
    return result


def multi_dot(tensors: Any) -> Tensor:
    """The product of a list of matrices (the first may be 1-D, a row; the last 1-D, a
    column), left to right."""
    ts = [tensor_arg("multi_dot", t) for t in tensors]
    if len(ts) < 2:
        raise ValueError(f"multi_dot: expected at least 2 tensors, got {len(ts)}")
    out = ts[0]
    for t in ts[1:]:
        out = matmul(out, t)
    return out


def solve_triangular(
    A: Tensor, B: Tensor, *, upper: bool, left: bool = True, unitriangular: bool = False
) -> Tensor:
    """``X`` with ``A X = B`` (``left=False``: ``X A = B``) for triangular ``A``: only its
    ``upper`` or lower triangle is read (and not its diagonal when ``unitriangular``)."""
    a = _d._square("solve_triangular", A)
    n = a.shape[-1]
    tri = a.triu(1 if unitriangular else 0) if upper else a.tril(-1 if unitriangular else 0)
    if unitriangular:
        tri = tri + np.eye(n, dtype=a.dtype)
    b = tensor_arg("solve_triangular", B)
    if b.ndim < 2:
        raise ValueError(f"solve_triangular: B must be (..., n, k), got shape {b.shape}")
    return solve(tri, b, left=left)


linalg_inv_ex = _named("linalg_inv_ex", ["inverse", "info"])
linalg_cholesky_ex = _named("linalg_cholesky_ex", ["L", "info"])
linalg_solve_ex = _named("linalg_solve_ex", ["result", "info"])


def _info(a: Tensor) -> Tensor:
    return Tensor(np.zeros(a.shape[:-2], dtype=np.int32))


def inv_ex(A: Tensor, *, check_errors: bool = False) -> Any:
    """``(inverse, info)``; minigrad raises on a singular matrix, so ``info`` is 0."""
    return linalg_inv_ex(_d.inv(A), _info(tensor_arg("inv_ex", A)))


def cholesky_ex(A: Tensor, *, upper: bool = False, check_errors: bool = False) -> Any:
    """``(L, info)``; minigrad raises on a matrix that is not positive definite."""
    return linalg_cholesky_ex(cholesky(A, upper=upper), _info(tensor_arg("cholesky_ex", A)))


def solve_ex(A: Tensor, B: Tensor, *, left: bool = True, check_errors: bool = False) -> Any:
    """``(result, info)``; minigrad raises on a singular matrix."""
    return linalg_solve_ex(solve(A, B, left=left), _info(tensor_arg("solve_ex", A)))


def cond(A: Tensor, p: Any = None) -> Tensor:
    """The condition number ``‖A‖ ‖A⁻¹‖`` in the ``p`` norm: ``None``/``2`` (largest over
    smallest singular value), ``-2`` (its inverse), or a matrix norm of ``A`` and ``A⁻¹``
    (``'fro'``, ``'nuc'``, ``1``, ``-1``, ``inf``, ``-inf``; square ``A``)."""
    a = tensor_arg("cond", A)
    if p is None or p in (2, -2):
        s = _d.svdvals(a)
        big, small = s[..., 0], s[..., -1]
        return big / small if p != -2 else small / big
    from .linalg import matrix_norm

    return matrix_norm(a, p) * matrix_norm(_d.inv(a), p)


def vander(x: Tensor, *, N: int | None = None) -> Tensor:
    """The Vandermonde matrix ``(..., n, N)`` of increasing powers ``x⁰, x¹, ..., x^(N-1)``."""
    v = tensor_arg("vander", x)
    if v.ndim < 1:
        raise ValueError("vander: x must have at least 1 dimension")
    cols = v.shape[-1] if N is None else N
    if cols < 1:
        raise ValueError(f"vander: N must be positive, got {N}")
    # x⁰ as a constant: the power rule's 0·x⁻¹ would be NaN at x = 0.
    powers = [Tensor(np.ones(v.shape, v.dtype)), v, *(v**k for k in range(2, cols))][:cols]
    return concatenate([p.unsqueeze(-1) for p in powers], axis=-1)


def cholesky_solve(B: Tensor, L: Tensor, upper: bool = False) -> Tensor:
    """``torch.cholesky_solve``: ``X`` with ``A X = B`` for ``A = L Lᵀ`` (``upper``:
    ``A = Uᵀ U``) given the Cholesky factor, by two triangular solves."""
    low = _d._square("cholesky_solve", L)
    low = low.swapaxes(-1, -2) if upper else low
    z = solve_triangular(low, tensor_arg("cholesky_solve", B), upper=False)
    return solve_triangular(low.swapaxes(-1, -2), z, upper=True)


def cholesky_inverse(L: Tensor, upper: bool = False) -> Tensor:
    """``torch.cholesky_inverse``: ``A⁻¹`` for ``A = L Lᵀ`` (``upper``: ``A = Uᵀ U``)."""
    low = _d._square("cholesky_inverse", L)
    eye = Tensor(np.broadcast_to(np.eye(low.shape[-1], dtype=low.dtype), low.shape).copy())
    return cholesky_solve(eye, low, upper=upper)
