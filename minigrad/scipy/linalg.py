# ruff: noqa: A002
"""``minigrad.scipy.linalg``: SciPy's linear algebra with SciPy's signatures.

New here: ``sqrtm``, ``solve_sylvester``, ``solve_triangular``, ``cho_factor``/``cho_solve``
and ``solve_banded``, whose values come from SciPy; their VJPs are the matrix-calculus ones
written in Tensor ops (``X = sqrtm A``: ``Ā`` solves ``XᵀĀ + ĀXᵀ = X̄``; ``AX + XB = Q``:
``Q̄`` solves ``AᵀQ̄ + Q̄Bᵀ = X̄``, ``Ā = -Q̄Xᵀ``, ``B̄ = -XᵀQ̄``; a (triangular, banded) solve
``X = A⁻¹B``: ``B̄ = A⁻ᵀX̄``, ``Ā = -B̄Xᵀ`` kept to the triangle or band SciPy reads), so they
differentiate again. The rest (``inv``, ``det``, ``solve``, ``cholesky``, ``eigh``, ``svd``,
``qr``, ``norm``, ``pinv`` ...) are ``minigrad.numpy.linalg``'s, under SciPy's arguments and
defaults (``cholesky`` is upper by default, as in SciPy).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.linalg as _sla

from ..autograd import Function
from ..numpy import linalg as _nla
from ..numpy import matmul, swapaxes, tril, triu
from ..numpy._convert import tensor_of
from ..numpy.ufuncs import where
from ..ops import decomp as _dc
from ..tensor import Tensor

__all__ = [
    "cho_factor", "cho_solve", "cholesky", "det", "eigh", "eigvalsh", "inv", "norm", "pinv",
    "qr", "solve", "solve_banded", "solve_sylvester", "solve_triangular", "sqrtm", "svd",
]  # fmt: skip


def _float(x: Any, op: str, arg: str) -> Tensor:
    try:
        t = tensor_of(x)
    except TypeError as e:
        raise TypeError(f"{op}: {arg}: {e}") from None
    return t if t.dtype.kind == "f" else tensor_of(t, np.float64)


def _matrix(op: str, arg: str, x: Any, square: bool = True) -> Tensor:
    t = _float(x, op, arg)
    if t.ndim != 2 or (square and t.shape[0] != t.shape[1]):
        kind = "a square matrix" if square else "a matrix"
        raise ValueError(f"{op}: {arg} must be {kind}, got shape {t.shape}")
    return t


def _flags(op: str, **flags: Any) -> None:
    """SciPy's switches (``lower``, ``overwrite_a``, ``check_finite``...) are ints or bools;
    anything else raises, naming the function and the argument. The ``overwrite_*`` hints
    are accepted and have no effect (minigrad never writes into an input)."""
    for name, v in flags.items():
        if not isinstance(v, (bool, int, np.bool_, np.integer)):
            raise TypeError(f"{op}: {name} must be a bool, got {type(v).__name__} {v!r}")


def _mT(x: Tensor) -> Tensor:  # noqa: N802 - the matrix transpose
    return swapaxes(x, -1, -2)


# ---- sqrtm and solve_sylvester ------------------------------------------------------------


class SolveSylvester(Function):
    @staticmethod
    def forward(ctx, a, b, q):
        out = _sla.solve_sylvester(a, b, q)
        if not np.all(np.isfinite(out)):
            raise ValueError("solve_sylvester: no unique solution (a and -b share an eigenvalue)")
        ctx.save_for_backward(a, b, out)
        return out.astype(np.result_type(a, b, q), copy=False)

    @staticmethod
    def backward(ctx, grad):
        a, b, x = ctx.saved_tensors
        gq = solve_sylvester(_mT(a), _mT(b), grad)
        return -matmul(gq, _mT(x)), -matmul(_mT(x), gq), gq


def solve_sylvester(a: Any, b: Any, q: Any) -> Tensor:
    """``X`` with ``a X + X b = q`` (SciPy's Bartels-Stewart). Its VJP: ``Q̄`` solves
    ``aᵀQ̄ + Q̄bᵀ = X̄``, and ``ā = -Q̄Xᵀ``, ``b̄ = -XᵀQ̄`` (every order)."""
    A, B = _matrix("solve_sylvester", "a", a), _matrix("solve_sylvester", "b", b)
    Q = _matrix("solve_sylvester", "q", q, square=False)
    if Q.shape != (A.shape[0], B.shape[0]):
        raise ValueError(
            f"solve_sylvester: q must be ({A.shape[0]}, {B.shape[0]}) for a {A.shape} and "
            f"b {B.shape}, got {Q.shape}"
        )
    return SolveSylvester.apply(A, B, Q)


class Sqrtm(Function):
    @staticmethod
    def forward(ctx, a):
        out = _sla.sqrtm(a)
        if np.iscomplexobj(out):
            if np.abs(out.imag).max(initial=0.0) > 1e-12 * max(np.abs(out).max(), 1.0):
                raise ValueError(
                    "sqrtm: this matrix has no real square root (it has negative "
                    "eigenvalues); minigrad has real tensors only"
                )
            out = out.real
        ctx.save_for_backward(out)
        return np.ascontiguousarray(out, dtype=a.dtype)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        xt = _mT(x)
        return solve_sylvester(xt, xt, grad)


def sqrtm(A: Any, disp: bool = True, blocksize: int = 64) -> Tensor:
    """The principal square root ``X`` (``X @ X = A``) of a matrix with a real one (a
    symmetric positive definite matrix, say). Its VJP solves the Sylvester equation
    ``XᵀĀ + ĀXᵀ = X̄`` (every order)."""
    return Sqrtm.apply(_matrix("sqrtm", "A", A))


# ---- triangular and Cholesky solves -------------------------------------------------------

_TRANS = {0: "N", 1: "T", 2: "C", "N": "N", "T": "T", "C": "C"}


def _triangle(a: Tensor, lower: bool, unit_diagonal: bool) -> Tensor:
    k = -1 if unit_diagonal else 0
    return tril(a, k) if lower else triu(a, -k)


class SolveTriangular(Function):
    @staticmethod
    def forward(ctx, a, b, trans, lower, unit_diagonal):
        ctx.opts = trans, lower, unit_diagonal
        out = _sla.solve_triangular(a, b, trans=trans, lower=lower, unit_diagonal=unit_diagonal)
        ctx.save_for_backward(a, out)
        return out.astype(np.result_type(a, b), copy=False)

    @staticmethod
    def backward(ctx, grad):
        a, x = ctx.saved_tensors
        trans, lower, unit = ctx.opts
        flipped = "N" if trans != "N" else "T"
        gb = SolveTriangular.apply(a, grad, trans=flipped, lower=lower, unit_diagonal=unit)
        g2, x2 = (gb[:, None], x[:, None]) if gb.ndim == 1 else (gb, x)
        gm = -matmul(g2, _mT(x2))  # the gradient of op(a), the matrix actually solved with
        return _triangle(gm if trans == "N" else _mT(gm), lower, unit), gb


def solve_triangular(
    a: Any,
    b: Any,
    trans: Any = 0,
    lower: bool = False,
    unit_diagonal: bool = False,
    overwrite_b: bool = False,
    check_finite: bool = True,
) -> Tensor:
    """``x`` with ``op(a) x = b`` for ``a`` triangular (its ``lower`` or upper triangle is
    read; ``unit_diagonal`` takes the diagonal as ones), ``op`` per ``trans`` (0/'N', 1/'T',
    2/'C'). ``b̄ = op(a)⁻ᵀx̄`` (a triangular solve again); ``ā`` is ``-b̄xᵀ`` (transposed for
    ``trans``) on the triangle read, 0 elsewhere."""
    _flags("solve_triangular", lower=lower, unit_diagonal=unit_diagonal,
           overwrite_b=overwrite_b, check_finite=check_finite)  # fmt: skip
    A = _matrix("solve_triangular", "a", a)
    B = _float(b, "solve_triangular", "b")
    if trans not in _TRANS:
        raise ValueError(f"solve_triangular: trans must be 0, 1, 2, 'N', 'T' or 'C', got {trans!r}")
    if B.ndim not in (1, 2) or B.shape[0] != A.shape[0]:
        raise ValueError(
            f"solve_triangular: b must be ({A.shape[0]},) or ({A.shape[0]}, k) for a "
            f"{A.shape}, got {B.shape}"
        )
    t = "T" if _TRANS[trans] == "C" else _TRANS[trans]  # real matrices: 'C' is 'T'
    return SolveTriangular.apply(A, B, trans=t, lower=bool(lower), unit_diagonal=unit_diagonal)


def _symmetric_from(a: Tensor, lower: bool) -> Tensor:
    """The symmetric matrix LAPACK reads from one triangle of ``a``."""
    tri = tril(a) if lower else _mT(triu(a))
    return tri + _mT(tril(tri, -1))


def cholesky(
    a: Any, lower: bool = False, overwrite_a: bool = False, check_finite: bool = True
) -> Tensor:
    """The Cholesky factor of a symmetric positive definite matrix, upper (``a = UᵀU``) by
    default as in SciPy, lower (``a = LLᵀ``) with ``lower=True``; the ``lower`` (or upper)
    triangle of ``a`` is read. The gradient is the Cholesky VJP (``minigrad.numpy``'s)."""
    _flags("cholesky", lower=lower, overwrite_a=overwrite_a, check_finite=check_finite)
    A = _matrix("cholesky", "a", a)
    L = _dc.cholesky(_symmetric_from(A, bool(lower)))
    return L if lower else _mT(L)


def cho_factor(
    a: Any, lower: bool = False, overwrite_a: bool = False, check_finite: bool = True
) -> tuple[Tensor, bool]:
    """``(c, lower)`` for ``cho_solve``: ``c`` holds the Cholesky factor in its ``lower``
    (or upper) triangle and zeros in the other (SciPy leaves arbitrary values there)."""
    _flags("cho_factor", lower=lower, overwrite_a=overwrite_a, check_finite=check_finite)
    try:
        return cholesky(_matrix("cho_factor", "a", a), lower=lower), bool(lower)
    except ValueError as e:  # not positive definite
        raise ValueError(f"cho_factor: {e}") from None


def cho_solve(
    c_and_lower: Any, b: Any, overwrite_b: bool = False, check_finite: bool = True
) -> Tensor:
    """``x`` with ``a x = b``, ``(c, lower) = cho_factor(a)``: two triangular solves with
    ``c``'s triangle, differentiable in ``c`` and ``b`` through ``solve_triangular``."""
    try:
        c, lower = c_and_lower
    except (TypeError, ValueError):
        raise TypeError("cho_solve: c_and_lower must be the pair (c, lower)") from None
    _flags("cho_solve", lower=lower, overwrite_b=overwrite_b, check_finite=check_finite)
    c, b = _matrix("cho_solve", "c", c), _float(b, "cho_solve", "b")
    y = solve_triangular(c, b, trans=0 if lower else 1, lower=lower)
    return solve_triangular(c, y, trans=1 if lower else 0, lower=lower)


# ---- banded solve -------------------------------------------------------------------------


def _band_indices(lu: tuple[int, int], n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For the transposed band ``(u, l)``: the row and column of ``ab`` each entry of the
    transposed ``abᵀ`` comes from, and where that entry is inside the matrix."""
    low, up = lu
    r = np.arange(low + up + 1)[:, None]
    j = np.arange(n)[None, :]
    cols = j + r - low  # the column of ab (the row index i of a) each abᵀ[r, j] reads
    inside = (cols >= 0) & (cols < n)
    rows = np.broadcast_to(low + up - r, inside.shape)
    return rows, np.clip(cols, 0, n - 1), inside


def _transposed_band(lu: tuple[int, int], ab: Tensor) -> Tensor:
    rows, cols, inside = _band_indices(lu, ab.shape[1])
    return where(inside, ab[rows, cols], 0.0)


class SolveBanded(Function):
    @staticmethod
    def forward(ctx, ab, b, lu):
        ctx.lu = lu
        out = _sla.solve_banded(lu, ab, b)
        ctx.save_for_backward(ab, out)
        return out.astype(np.result_type(ab, b), copy=False)

    @staticmethod
    def backward(ctx, grad):
        ab, x = ctx.saved_tensors
        low, up = ctx.lu
        gb = SolveBanded.apply(_transposed_band(ctx.lu, ab), grad, lu=(up, low))
        n = ab.shape[1]
        # ā[i, j] = -Σₖ b̄[i, k] x[j, k], kept at ab[u + i - j, j].
        r = np.arange(low + up + 1)[:, None]
        j = np.arange(n)[None, :]
        i = r + j - up
        inside = (i >= 0) & (i < n)
        g2, x2 = (gb[:, None], x[:, None]) if gb.ndim == 1 else (gb, x)
        prod = (g2[np.clip(i, 0, n - 1)] * x2[np.broadcast_to(j, i.shape)]).sum(-1)
        return -where(inside, prod, 0.0), gb


def solve_banded(
    l_and_u: Any,
    ab: Any,
    b: Any,
    overwrite_ab: bool = False,
    overwrite_b: bool = False,
    check_finite: bool = True,
) -> Tensor:
    """``x`` with ``a x = b`` for the banded ``a`` stored as ``ab[u + i - j, j] = a[i, j]``
    (``(l, u)`` sub- and super-diagonals). ``b̄`` is a banded solve with ``aᵀ``; ``āb`` is
    ``-b̄xᵀ`` on the band (0 at ``ab``'s unused corners)."""
    try:
        low, up = (int(v) for v in l_and_u)
    except (TypeError, ValueError):
        raise TypeError(f"solve_banded: l_and_u must be the pair (l, u), got {l_and_u!r}") from None
    _flags("solve_banded", overwrite_ab=overwrite_ab, overwrite_b=overwrite_b,
           check_finite=check_finite)  # fmt: skip
    AB, B = _float(ab, "solve_banded", "ab"), _float(b, "solve_banded", "b")
    if low < 0 or up < 0 or AB.ndim != 2 or AB.shape[0] != low + up + 1:
        raise ValueError(
            f"solve_banded: ab must be ({low + up + 1}, n) for (l, u) = ({low}, {up}), "
            f"got shape {AB.shape}"
        )
    if B.ndim not in (1, 2) or B.shape[0] != AB.shape[1]:
        raise ValueError(
            f"solve_banded: b must be ({AB.shape[1]},) or ({AB.shape[1]}, k), got {B.shape}"
        )
    return SolveBanded.apply(AB, B, lu=(low, up))


# ---- minigrad.numpy.linalg's, under SciPy's arguments -------------------------------------


def inv(a: Any, overwrite_a: bool = False, check_finite: bool = True) -> Tensor:
    """The inverse of a square matrix; ``Ā = -A⁻ᵀ Ā A⁻ᵀ`` (``minigrad.numpy.linalg.inv``)."""
    _flags("inv", overwrite_a=overwrite_a, check_finite=check_finite)
    return _nla.inv(a)


def det(a: Any, overwrite_a: bool = False, check_finite: bool = True) -> Tensor:
    """The determinant; its gradient is ``det(a) a⁻ᵀ`` (``minigrad.numpy.linalg.det``)."""
    _flags("det", overwrite_a=overwrite_a, check_finite=check_finite)
    return _nla.det(a)


_GENERAL = (None, "gen", "general", "banded", "tridiagonal")


def solve(
    a: Any,
    b: Any,
    lower: bool = False,
    overwrite_a: bool = False,
    overwrite_b: bool = False,
    check_finite: bool = True,
    assume_a: Any = None,
    transposed: bool = False,
) -> Tensor:
    """``x`` with ``a x = b`` (``aᵀ x = b`` with ``transposed``). With ``assume_a`` ``'sym'``,
    ``'her'`` or ``'pos'`` only the ``lower`` (or upper) triangle of ``a`` is read, with a
    triangular or ``'diagonal'`` one only that part, as in SciPy. ``b̄ = a⁻ᵀx̄``, ``ā = -b̄xᵀ``."""
    _flags("solve", lower=lower, overwrite_a=overwrite_a, overwrite_b=overwrite_b,
           check_finite=check_finite, transposed=transposed)  # fmt: skip
    A = _matrix("solve", "a", a)
    if assume_a in ("sym", "her", "pos", "symmetric", "hermitian", "positive definite"):
        A = _symmetric_from(A, bool(lower))
    elif assume_a in ("upper triangular", "lower triangular"):
        A = tril(A) if assume_a[0] == "l" else triu(A)
    elif assume_a == "diagonal":
        A = A * np.eye(A.shape[0])
    elif assume_a not in _GENERAL:
        raise ValueError(f"solve: unknown assume_a {assume_a!r}")
    return _nla.solve(_mT(A) if transposed else A, b)


def _eigh(op: str, a: Any, b: Any, lower: Any, eigvals_only: Any) -> Any:
    _flags(op, lower=lower, eigvals_only=eigvals_only)
    A = _matrix(op, "a", a)
    if b is not None:
        _matrix(op, "b", b)
        raise NotImplementedError(f"{op}: the generalised problem (b) is not provided")
    A = _symmetric_from(A, bool(lower))
    return _dc.eigvalsh(A) if eigvals_only else _dc.eigh(A)


def eigh(
    a: Any, b: Any = None, *, lower: bool = True, eigvals_only: bool = False, **kwargs: Any
) -> Any:
    """``(w, v)`` (or ``w`` with ``eigvals_only``) of a symmetric matrix from its ``lower``
    (or upper) triangle; the generalised problem (``b``) is not provided."""
    return _eigh("eigh", a, b, lower, eigvals_only)


def eigvalsh(a: Any, b: Any = None, *, lower: bool = True, **kwargs: Any) -> Tensor:
    """The eigenvalues of a symmetric matrix from its ``lower`` (or upper) triangle."""
    return _eigh("eigvalsh", a, b, lower, True)


def svd(
    a: Any,
    full_matrices: bool = True,
    compute_uv: bool = True,
    overwrite_a: bool = False,
    check_finite: bool = True,
    lapack_driver: str = "gesdd",
) -> Any:
    """``(U, s, Vh)`` or ``s`` (``minigrad.numpy.linalg.svd``; a rectangular matrix needs
    ``full_matrices=False`` for a gradient)."""
    if lapack_driver not in ("gesdd", "gesvd"):
        raise ValueError(f"svd: lapack_driver must be 'gesdd' or 'gesvd', got {lapack_driver!r}")
    _flags("svd", full_matrices=full_matrices, compute_uv=compute_uv, overwrite_a=overwrite_a,
           check_finite=check_finite)  # fmt: skip
    return _nla.svd(a, full_matrices=full_matrices, compute_uv=compute_uv)


def qr(
    a: Any,
    overwrite_a: bool = False,
    lwork: Any = None,
    mode: str = "full",
    pivoting: bool = False,
    check_finite: bool = True,
) -> Any:
    """``(Q, R)`` (``R`` alone with ``mode='r'``) of a matrix with at least as many rows as
    columns; ``'full'`` needs it square (the completed ``Q`` has no gradient), ``'economic'``
    is the reduced QR. Pivoting is not provided."""
    _flags("qr", overwrite_a=overwrite_a, pivoting=pivoting, check_finite=check_finite)
    if lwork is not None:
        _flags("qr", lwork=lwork)  # a work-size hint, an int; no effect here
    A = _matrix("qr", "a", a, square=False)
    if pivoting:
        raise NotImplementedError("qr: pivoting=True is not provided")
    if mode not in ("full", "economic", "r"):
        raise ValueError(f"qr: mode must be 'full', 'economic' or 'r', got {mode!r}")
    if mode == "full" and A.shape[0] != A.shape[1]:
        raise ValueError(f"qr: mode='full' for a non-square {A.shape} matrix; use 'economic'")
    q, r = _dc.qr(A)
    return (r,) if mode == "r" else (q, r)


def norm(
    a: Any, ord: Any = None, axis: Any = None, keepdims: bool = False, check_finite: bool = True
) -> Tensor:
    """Vector and matrix norms (``minigrad.numpy.linalg.norm``)."""
    return _nla.norm(a, ord=ord, axis=axis, keepdims=keepdims)


def pinv(a: Any, *, atol: Any = None, rtol: Any = None, return_rank: bool = False, **kw: Any):
    """The pseudo-inverse of a full-rank matrix (``minigrad.numpy.linalg.pinv``); the
    cutoffs ``atol``/``rtol`` that drop small singular values are not provided (they raise)."""
    _flags("pinv", return_rank=return_rank)
    for name, v in (("atol", atol), ("rtol", rtol)):
        if v is not None:
            if not isinstance(v, (int, float, np.number)) or isinstance(v, bool):
                raise TypeError(f"pinv: {name} must be a number, got {type(v).__name__} {v!r}")
            raise NotImplementedError(f"pinv: {name} (a singular-value cutoff) is not provided")
    out = _nla.pinv(a)
    if return_rank:
        return out, int(min(out.shape))
    return out
