# ruff: noqa: A002
"""``minigrad.numpy.linalg``: products and norms (``norm``, ``matmul``, ``multi_dot``,
``matrix_power``, ``outer``, ``vecdot``, ``trace``) and, over ``ops.decomp``, the
decompositions with NumPy's signatures (``inv``, ``solve``, ``det``, ``slogdet``, ``pinv``,
``cholesky``, ``eigh``, ``eigvalsh``, ``svd``)."""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
from numpy.lib.array_utils import normalize_axis_tuple

from ..ops import decomp as dc
from ..ops import elementwise as ew
from ..ops import extreme as ex
from ._convert import tensor_of
from .linear import matmul, outer
from .linear import trace as _trace
from .reductions import max as _max
from .reductions import min as _min
from .reductions import sum as _sum
from .shape import moveaxis, swapaxes
from .shape import tril as _tril
from .shape import triu as _triu

__all__ = [
    "cholesky", "det", "eigh", "eigvalsh", "inv", "matmul", "matrix_power", "multi_dot", "norm",
    "outer", "pinv", "slogdet", "solve", "svd", "trace", "vecdot",
]  # fmt: skip


def norm(x: Any, ord: Any = None, axis: Any = None, keepdims: bool = False) -> Any:
    """Vector norms (``ord`` ``None``/2, 1, any p > 0, ``inf``, ``-inf``, 0) and the matrix
    norms ``'fro'``, ``'nuc'``, 2, -2 (from the singular values), 1, -1, ``inf``, ``-inf``.
    The gradient where a norm is 0 is 0; ties at a max/min share it evenly."""
    t = tensor_of(x)
    if t.dtype.kind != "f":
        t = tensor_of(t, np.float64)
    if axis is None:
        if ord is None or (ord == "fro" and t.ndim == 2):
            return ex.vector_norm(t, 2, None, keepdims)
        axis = tuple(range(t.ndim))
    axes = normalize_axis_tuple(axis, t.ndim)
    if len(axes) == 1:
        return ex.vector_norm(t, 2 if ord is None else ord, axes, keepdims)
    if len(axes) != 2:
        raise ValueError("norm: axis must name one or two axes")
    r, c = axes
    if ord is None or ord == "fro":
        return ex.vector_norm(t, 2, axes, keepdims)
    a = ew.abs(t)
    if ord in (1, -1):
        col = _sum(a, r, keepdims=True)
        red = (_max if ord == 1 else _min)(col, c, keepdims=True)
    elif ord in (np.inf, -np.inf):
        row = _sum(a, c, keepdims=True)
        red = (_max if ord == np.inf else _min)(row, r, keepdims=True)
    elif ord in ("nuc", 2, -2):
        s = dc.svdvals(moveaxis(t, (r, c), (-2, -1)))
        red = _sum(s, -1) if ord == "nuc" else (_max if ord == 2 else _min)(s, -1)
        kept = tuple(1 if i in axes else n for i, n in enumerate(t.shape))
        return red.reshape(kept) if keepdims else red
    else:
        raise ValueError(f"norm: invalid matrix norm order {ord!r}")
    return red if keepdims else red.squeeze(axes)


def multi_dot(arrays: Any, *, out: Any = None) -> Any:
    """The product of the matrices in order (1-D ends as in NumPy)."""
    result = tensor_of(arrays[0])
    for a in arrays[1:]:
        result = matmul(result, a)
    return result


def matrix_power(a: Any, n: int) -> Any:
    """``a`` multiplied by itself ``n >= 0`` times (the identity for 0)."""
    t = tensor_of(a)
    if n < 0:
        raise ValueError("matrix_power: negative powers need an inverse (not supported)")
    result = tensor_of(np.broadcast_to(np.eye(t.shape[-1], dtype=t.dtype), t.shape).copy())
    for _ in range(n):
        result = matmul(result, t)
    return result


def vecdot(x1: Any, x2: Any, /, *, axis: int = -1) -> Any:
    """The dot product of vectors along ``axis`` (broadcasting the rest)."""
    a, b = tensor_of(x1), tensor_of(x2)
    return _sum(moveaxis(a, axis, -1) * moveaxis(b, axis, -1), -1)


def trace(x: Any, /, *, offset: int = 0, dtype: Any = None) -> Any:
    """The trace of the last two axes (the array-API signature)."""
    return _trace(x, offset, -2, -1)


# --------------------------------------------------------------------------------------------
# Decompositions: NumPy's signatures over ops.decomp (LAPACK forward, Tensor-op VJPs)
# --------------------------------------------------------------------------------------------


class SlogdetResult(NamedTuple):  # NumPy's result types, holding Tensors
    sign: Any
    logabsdet: Any


class EighResult(NamedTuple):
    eigenvalues: Any
    eigenvectors: Any


class SVDResult(NamedTuple):
    U: Any
    S: Any
    Vh: Any


def _float(x: Any, op: str) -> Any:
    t = tensor_of(x)
    if t.dtype.kind != "f":
        t = tensor_of(t, np.float64)
    if t.ndim < 2:
        raise ValueError(f"{op}: expected a (batch of) matrices, got shape {t.shape}")
    return t


def _triangle_symmetric(a: Any, uplo: str, op: str) -> Any:
    """The symmetric matrix LAPACK reads: NumPy's ``eigh``/``cholesky`` use one triangle
    only, so the other gets no gradient (as in NumPy, perturbing it changes nothing)."""
    if uplo not in ("L", "U"):
        raise ValueError(f"{op}: UPLO must be 'L' or 'U', got {uplo!r}")
    lower = _tril(a) if uplo == "L" else swapaxes(_triu(a), -1, -2)
    return lower + swapaxes(_tril(lower, -1), -1, -2)


def inv(a: Any) -> Any:
    """The inverse of each ``(..., n, n)`` matrix."""
    return dc.inv(_float(a, "inv"))


def solve(a: Any, b: Any) -> Any:
    """``x`` with ``a @ x == b``: ``b`` ``(..., n, k)``, or ``(n,)`` (NumPy 2's rule)."""
    A, B = _float(a, "solve"), tensor_of(b)
    if B.ndim == 1:
        return dc.solve(A, B[:, None])[..., 0]
    return dc.solve(A, B if B.dtype.kind == "f" else tensor_of(B, np.float64))


def det(a: Any) -> Any:
    """The determinant of each ``(..., n, n)`` matrix."""
    return dc.det(_float(a, "det"))


def slogdet(a: Any) -> Any:
    """``(sign, logabsdet)`` of each ``(..., n, n)`` matrix (the sign is a constant)."""
    A = _float(a, "slogdet")
    sign = np.linalg.slogdet(A.array)[0]
    return SlogdetResult(tensor_of(sign), dc.logabsdet(A))


def pinv(a: Any) -> Any:
    """The pseudo-inverse of each full-rank ``(..., m, n)`` matrix: ``(AᵀA)⁻¹Aᵀ`` when tall,
    ``Aᵀ(AAᵀ)⁻¹`` when wide (rank-deficient matrices have no gradient there)."""
    A = _float(a, "pinv")
    At = swapaxes(A, -1, -2)
    if A.shape[-2] >= A.shape[-1]:
        return dc.solve(matmul(At, A), At)
    return swapaxes(dc.solve(matmul(A, At), A), -1, -2)


def cholesky(a: Any, /, *, upper: bool = False) -> Any:
    """The lower (or, ``upper=True``, upper) Cholesky factor; NumPy reads the lower triangle."""
    L = dc.cholesky(_triangle_symmetric(_float(a, "cholesky"), "L", "cholesky"))
    return swapaxes(L, -1, -2) if upper else L


def eigh(a: Any, UPLO: str = "L") -> Any:
    """``(eigenvalues, eigenvectors)`` of each symmetric matrix, from its ``UPLO`` triangle."""
    return EighResult(*dc.eigh(_triangle_symmetric(_float(a, "eigh"), UPLO, "eigh")))


def eigvalsh(a: Any, UPLO: str = "L") -> Any:
    """The eigenvalues of each symmetric matrix, from its ``UPLO`` triangle, ascending."""
    return dc.eigvalsh(_triangle_symmetric(_float(a, "eigvalsh"), UPLO, "eigvalsh"))


def svd(
    a: Any, full_matrices: bool = True, compute_uv: bool = True, hermitian: bool = False
) -> Any:
    """``(U, S, Vh)`` (or ``S`` alone with ``compute_uv=False``); ``full_matrices=True`` is
    the reduced SVD for a square matrix, and raises for a rectangular one (the completed
    columns of ``U``/``Vh`` are not a differentiable function of ``a``)."""
    A = _float(a, "svd")
    if not compute_uv:
        return dc.svdvals(A)
    if full_matrices and A.shape[-1] != A.shape[-2]:
        raise ValueError(
            f"svd: full_matrices=True for a non-square {A.shape} matrix has no gradient; "
            "pass full_matrices=False"
        )
    return SVDResult(*dc.svd(A))
