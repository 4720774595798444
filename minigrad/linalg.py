"""``minigrad.linalg``, PyTorch's ``torch.linalg`` face: the norms (``vector_norm``,
``matrix_norm``, ``norm``) and, at the end, the decompositions and solvers of
:mod:`minigrad._linalg_face`. The vector norms are :func:`minigrad.ops.extreme.vector_norm`,
the matrix norms compositions of sums and extremes (and of the singular values for ``2``,
``-2`` and ``'nuc'``).
"""

from __future__ import annotations

from typing import Any

from .ops import decomp as _decomp
from .ops import extreme as _ex
from .ops import reduce as _red
from .ops._shape_args import axis_arg, tensor_arg
from .ops.shape import squeeze
from .reductions import vector_norm
from .tensor import Tensor

__all__ = ["matrix_norm", "norm", "vector_norm"]

_MATRIX_ORDS = ("fro", "nuc", 1, -1, 2, -2, float("inf"), float("-inf"))


def matrix_norm(
    A: Tensor,
    ord: Any = "fro",  # noqa: A002 - PyTorch's name
    dim: tuple[int, int] = (-2, -1),
    keepdim: bool = False,
    *,
    dtype: Any = None,
) -> Tensor:
    """The matrix norm of ``A`` over the two dimensions ``dim``, as
    ``torch.linalg.matrix_norm``: ``'fro'`` (Frobenius), ``1``/``-1`` (largest/smallest
    column sum of ``|A|``), ``inf``/``-inf`` (largest/smallest row sum), ``2``/``-2``
    (largest/smallest singular value), ``'nuc'`` (their sum).
    """
    x = _red._cast("matrix_norm", A, dtype)
    if ord not in _MATRIX_ORDS:
        raise ValueError(
            f"matrix_norm: ord={ord!r} is not supported; use one of 'fro', 'nuc', 1, -1, 2, "
            "-2, inf, -inf"
        )
    if not isinstance(dim, (tuple, list)) or len(dim) != 2:
        raise TypeError(f"matrix_norm: dim must be a 2-tuple of ints, got {dim!r}")
    if x.ndim < 2:
        raise ValueError(f"matrix_norm: A must have at least 2 dimensions, got shape {x.shape}")
    rows, cols = (axis_arg("matrix_norm", d, x.ndim, x.shape, "dim") for d in dim)
    if rows == cols:
        raise ValueError(f"matrix_norm: dim={dim!r} names one dimension twice")
    if ord == "fro":
        return _ex.vector_norm(x, 2, (rows, cols), keepdim)
    if ord in ("nuc", 2, -2):
        rest = [i for i in range(x.ndim) if i not in (rows, cols)]
        s = _decomp.svdvals(x.permute(*rest, rows, cols))
        out = s.sum(-1) if ord == "nuc" else (_ex.max if ord == 2 else _ex.min)(s, -1)
        return out.unsqueeze(min(rows, cols)).unsqueeze(max(rows, cols)) if keepdim else out
    # Sum |A| over one dimension (columns for 1, rows for inf), then take the extreme.
    summed, other = (rows, cols) if abs(ord) == 1 else (cols, rows)
    sums = _red.sum(x.abs(), summed, keepdims=True)
    out = (_ex.max if ord > 0 else _ex.min)(sums, other, keepdims=True)
    return out if keepdim else squeeze(out, (rows, cols))


def norm(
    A: Tensor,
    ord: Any = None,  # noqa: A002 - PyTorch's name
    dim: Any = None,
    keepdim: bool = False,
    *,
    dtype: Any = None,
) -> Tensor:
    """As ``torch.linalg.norm``: with ``ord=None`` the 2-norm of the flattened ``A`` (or
    over ``dim``); a vector norm for an int ``dim`` or a 1-d ``A``; a matrix norm for a
    2-tuple ``dim`` or a 2-d ``A`` (see :func:`matrix_norm`)."""
    x = tensor_arg("norm", A)
    if ord is None:
        if isinstance(dim, (tuple, list)) and len(dim) == 2:
            return matrix_norm(x, "fro", tuple(dim), keepdim, dtype=dtype)
        return vector_norm(x, 2, dim, keepdim, dtype=dtype)
    if isinstance(dim, (tuple, list)) and len(dim) == 2:
        return matrix_norm(x, ord, tuple(dim), keepdim, dtype=dtype)
    if dim is None and x.ndim == 2:
        return matrix_norm(x, ord, (-2, -1), keepdim, dtype=dtype)
    if dim is None and x.ndim != 1:
        raise ValueError(
            f"norm: with ord={ord!r} and no dim, A must be 1-d or 2-d, got shape {x.shape}"
        )
    if isinstance(ord, str):
        raise ValueError(f"norm: ord={ord!r} is a matrix norm; give a 2-d A or a 2-tuple dim")
    return vector_norm(x, ord, dim, keepdim, dtype=dtype)


# --- Decompositions and solvers (torchface): torch.linalg's names over ops/decomp.py.
from ._linalg_face import (  # noqa: E402
    cholesky,
    cholesky_ex,
    cond,
    cross,
    det,
    diagonal,
    eigh,
    eigvalsh,
    inv,
    inv_ex,
    lstsq,
    matrix_power,
    matrix_rank,
    multi_dot,
    pinv,
    qr,
    slogdet,
    solve,
    solve_ex,
    solve_triangular,
    svd,
    svdvals,
    vander,
    vecdot,
)
from .ops.linalg import matmul  # noqa: E402

__all__ += ["cholesky", "cholesky_ex", "cond", "cross", "det", "diagonal", "eigh", "eigvalsh"]
__all__ += ["inv", "inv_ex", "lstsq", "matmul", "matrix_power", "matrix_rank", "multi_dot"]
__all__ += ["pinv", "qr", "slogdet", "solve", "solve_ex", "solve_triangular", "svd", "svdvals"]
__all__ += ["vander", "vecdot"]
