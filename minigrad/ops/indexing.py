"""PyTorch's selection ops (``gather``, ``scatter``, ``scatter_add``, ``index_select``,
``index_add``, ``index_fill``, ``masked_select``, ``masked_fill``, ``take``,
``take_along_dim``, ``narrow``) and ``normalize_dim``, the ``dim`` check they share with the
PyTorch face. ``x[index]`` itself (``getitem``, :class:`GetItem`, :class:`IndexScatter`) is in
:mod:`~minigrad.ops.getitem`, re-exported here.

The selection ops build a NumPy index tuple and reuse :class:`GetItem` / :class:`IndexScatter`
(``gather`` is ``x[i0, i1, ..., index, ...]`` with ``arange`` grids on the other dims), so
their gradients are the same scatter-add, differentiable to any order; only ``scatter``
(overwrite) is a Function of its own. Their arguments follow PyTorch (``dim``); errors are
PyTorch's types, as subclasses that also match minigrad's ``ValueError``/``TypeError``.
"""

# PyTorch's argument name ``input`` shadows the builtin on purpose.
# ruff: noqa: A002

from __future__ import annotations

from typing import Any

import numpy as np

from ..autograd import Function
from ..errors import DimError, DTypeError, ShapeError
from ..tensor import Tensor
from . import elementwise as _ew
from ._shape_args import is_int
from .getitem import (  # noqa: F401 - re-exported: x[index] was first here
    Copy,
    GetItem,
    IndexScatter,
    getitem,
    index_to_numpy,
)

__all__ = [
    "gather",
    "index_add",
    "index_fill",
    "index_select",
    "masked_fill",
    "masked_select",
    "narrow",
    "normalize_dim",
    "scatter",
    "scatter_add",
    "take",
    "take_along_dim",
]


# --------------------------------------------------------------------------------------------
# PyTorch's selection ops
# --------------------------------------------------------------------------------------------


def normalize_dim(op: str, dim: Any, ndim: int) -> int:
    """``dim`` in ``[0, ndim)`` (negative counts from the end; a 0-d tensor takes 0 and -1),
    or PyTorch's ``IndexError``."""
    if not is_int(dim):
        raise DTypeError(f"{op}: dim must be an int, got {dim!r}")
    n = max(ndim, 1)
    if not -n <= dim < n:
        raise DimError(
            f"{op}: dim {dim} is out of range for a tensor of {ndim} dimension(s) (Dimension "
            f"out of range (expected to be in range of [{-n}, {n - 1}], but got {dim}))"
        )
    return int(dim) % n


def _tensor(op: str, x: Any) -> Tensor:
    if not isinstance(x, Tensor):
        raise DTypeError(f"{op}: expected a Tensor, got {type(x).__name__}")
    return x


def _int_index(op: str, index: Any, what: str = "index") -> np.ndarray:
    arr = np.asarray(index.array if isinstance(index, Tensor) else index)
    if arr.dtype.kind not in "iu":
        raise DTypeError(f"{op}(): Expected dtype int32/int64 for {what}, got {arr.dtype}")
    return arr.astype(np.intp, copy=False)


def _check_range(op: str, idx: np.ndarray, size: int, dim: int, negative_ok: bool) -> None:
    if idx.size and (idx.max() >= size or idx.min() < (-size if negative_ok else 0)):
        bad = idx.max() if idx.max() >= size else idx.min()
        raise ShapeError(f"{op}: index {bad} is out of bounds for dimension {dim} with size {size}")


def _grid_index(index: np.ndarray, dim: int) -> tuple[Any, ...]:
    """The NumPy index that picks ``x[i0, .., index[i0, .., ik], .., ik]``: ``index`` on
    ``dim``, an ``arange`` grid on every other dim (PyTorch's gather/scatter addressing)."""
    grids = np.ogrid[tuple(slice(n) for n in index.shape)]
    return tuple(index if d == dim else g for d, g in enumerate(grids))


def _gather_index(op: str, x: Tensor, dim: int, index: Any) -> tuple[int, np.ndarray]:
    idx = _int_index(op, index)
    d = normalize_dim(op, dim, x.ndim)
    if idx.ndim != max(x.ndim, 1) and not (x.ndim == 0 and idx.ndim == 0):
        raise ShapeError(
            f"{op}: Index tensor must have the same number of dimensions as input tensor "
            f"(index shape {idx.shape}, input shape {x.shape})"
        )
    shape = x.shape or (1,)
    if any(n > s for i, (n, s) in enumerate(zip(idx.shape, shape)) if i != d):
        raise ShapeError(
            f"{op}: Size does not match at a dimension other than {d}: index shape "
            f"{idx.shape}, input shape {x.shape}"
        )
    _check_range(op, idx, shape[d], d, negative_ok=False)
    return d, idx


def gather(input: Tensor, dim: int, index: Any) -> Tensor:
    """``out[i][j][k] = input[i][index[i][j][k]][k]`` for ``dim=1`` (PyTorch's ``gather``).

    Parameters
    ----------
    input
        Any shape ``(d0, ..., dn)``.
    dim
        The dimension to index along.
    index
        Integer tensor with ``input``'s number of dimensions and ``index.size(d) <=
        input.size(d)`` for ``d != dim``; values in ``[0, input.size(dim))``.

    Returns
    -------
    Tensor of ``index``'s shape. The gradient scatter-adds into ``input``'s shape.
    """
    x = _tensor("gather", input)
    d, idx = _gather_index("gather", x, dim, index)
    if x.ndim == 0:
        return GetItem.apply(x, (), False)
    return GetItem.apply(x, _grid_index(idx, d), True)


def take_along_dim(input: Tensor, indices: Any, dim: int | None = None) -> Tensor:
    """``input`` picked at ``indices`` along ``dim``, the two broadcast on the other dims
    (NumPy's ``take_along_axis``); with ``dim=None`` both are flattened first."""
    x = _tensor("take_along_dim", input)
    idx = _int_index("take_along_dim", indices)
    if dim is None:
        return take(x.reshape(-1), idx.reshape(-1))
    d = normalize_dim("take_along_dim", dim, x.ndim)
    if idx.ndim != x.ndim:
        raise ShapeError(
            f"take_along_dim: input and indices should have the same number of dimensions, "
            f"but got {x.ndim} dimensions for input, and {idx.ndim} dimensions for indices"
        )
    others = np.broadcast_shapes(
        (*x.shape[:d], 1, *x.shape[d + 1 :]), (*idx.shape[:d], 1, *idx.shape[d + 1 :])
    )
    x_shape = (*others[:d], x.shape[d], *others[d + 1 :])
    xb = x if x.shape == x_shape else x.broadcast_to(x_shape)
    return gather(xb, d, np.broadcast_to(idx, (*others[:d], idx.shape[d], *others[d + 1 :])))


def take(input: Tensor, index: Any) -> Tensor:
    """``input`` read as 1-D at ``index`` (any shape; negative values count from the end)."""
    x = _tensor("take", input)
    idx = _int_index("take", index)
    if idx.size and (idx.max() >= x.numel() or idx.min() < -x.numel()):
        bad = idx.max() if idx.max() >= x.numel() else idx.min()
        raise DimError(
            f"take: out of range: tried to access index {bad} on a tensor of {x.numel()} elements."
        )
    return GetItem.apply(x.reshape(-1), (idx,), True)


def index_select(input: Tensor, dim: int, index: Any) -> Tensor:
    """The slices of ``input`` at the positions ``index`` (0-d or 1-D) along ``dim``."""
    x = _tensor("index_select", input)
    idx = _int_index("index_select", index)
    if idx.ndim > 1:
        raise DimError("index_select(): Index is supposed to be a vector")
    d = normalize_dim("index_select", dim, x.ndim)
    if x.ndim == 0:
        _check_range("index_select", idx, 1, 0, negative_ok=False)
        return GetItem.apply(x, (), False) if idx.ndim == 0 else x.reshape(1)[idx]
    _check_range("index_select", idx, x.shape[d], d, negative_ok=False)
    return GetItem.apply(x, (slice(None),) * d + (idx.reshape(-1),), True)


def _bool_mask(op: str, mask: Any) -> np.ndarray:
    m = np.asarray(mask.array if isinstance(mask, Tensor) else mask)
    if m.dtype != np.bool_:
        raise DTypeError(f"{op} only supports boolean masks, but got mask with dtype {m.dtype}")
    return m


def masked_select(input: Tensor, mask: Any) -> Tensor:
    """The elements of ``input`` where the boolean ``mask`` is true, as a 1-D tensor (the
    two broadcast together first)."""
    x = _tensor("masked_select", input)
    m = _bool_mask("masked_select", mask)
    try:
        shape = np.broadcast_shapes(x.shape, m.shape)
    except ValueError:
        raise ShapeError(
            f"masked_select: mask of shape {m.shape} does not broadcast with input of shape "
            f"{x.shape}"
        ) from None
    xb = x if x.shape == shape else x.broadcast_to(shape)
    return GetItem.apply(xb, (np.broadcast_to(m, shape),), False)


def masked_fill(input: Tensor, mask: Any, value: Any) -> Tensor:
    """``input`` with ``value`` (a number or a 0-d tensor, cast to ``input``'s dtype) where the
    boolean ``mask`` (broadcast to ``input``'s shape) is true. Gradients flow to ``input``
    where the mask is false, and to a tensor ``value`` from every filled place."""
    x = _tensor("masked_fill", input)
    m = _bool_mask("masked_fill", mask)
    try:
        m = np.broadcast_to(m, x.shape)
    except ValueError:
        raise ShapeError(
            f"masked_fill: mask of shape {m.shape} does not broadcast to input of shape {x.shape}"
        ) from None
    fill: Tensor | np.ndarray
    if isinstance(value, Tensor):
        if value.ndim:
            raise ShapeError(
                f"masked_fill only supports a 0-dimensional value tensor, but got tensor with "
                f"{value.ndim} dimension(s)"
            )
        fill = value if value.dtype == x.dtype else value.astype(x.dtype)
    else:
        fill = np.asarray(value).astype(x.dtype)
    return _ew.where(m, fill, x)


def narrow(input: Tensor, dim: int, start: int, length: int) -> Tensor:
    """``length`` consecutive slices of ``input`` along ``dim`` from ``start`` (a view)."""
    x = _tensor("narrow", input)
    d = normalize_dim("narrow", dim, x.ndim)
    size = x.shape[d]
    if not is_int(start) or not is_int(length) or length < 0:
        raise TypeError(
            f"narrow: start and length must be ints (length >= 0), got {start}, {length}"
        )
    if not -size <= start <= size:
        raise DimError(
            f"narrow: start out of range (expected to be in range of [{-size}, {size}], but "
            f"got {start})"
        )
    if start < 0:
        start += size
    if start + length > size:
        raise ShapeError(
            f"narrow: start ({start}) + length ({length}) exceeds dimension size ({size})."
        )
    return GetItem.apply(x, (slice(None),) * d + (slice(start, start + length),), False)


class Scatter(Function):
    """``a`` with ``src`` written at ``index`` (a NumPy index tuple); the VJP sends the
    gradient of the overwritten places to ``src`` and of the others to ``a``."""

    @staticmethod
    def forward(ctx, a, src, *, index):
        ctx.index = index
        out = a.copy()
        out[index] = src
        return out

    @staticmethod
    def backward(ctx, grad):
        ga, gsrc = ctx.needs_input_grad
        kept = None
        if ga:
            mask = np.ones(grad.shape, bool)
            mask[ctx.index] = False
            kept = grad * Tensor.constant(mask.astype(grad.dtype))
        return kept, GetItem.apply(grad, ctx.index, True) if gsrc else None


def _scatter_source(op: str, src: Any, idx: np.ndarray, dtype: np.dtype) -> Any:
    """The part of ``src`` that ``idx`` addresses (PyTorch reads ``src[:i0, :i1, ...]``)."""
    if not isinstance(src, Tensor):
        return np.asarray(src, dtype)  # a number: written everywhere the index points
    if src.ndim != idx.ndim or any(n > s for n, s in zip(idx.shape, src.shape)):
        raise ShapeError(
            f"{op}: index shape {idx.shape} must not exceed src shape {src.shape} (same "
            "number of dimensions)"
        )
    part = src if src.shape == idx.shape else src[tuple(slice(n) for n in idx.shape)]
    return part if part.dtype == dtype else part.astype(dtype)


def scatter(input: Tensor, dim: int, index: Any, src: Any) -> Tensor:
    """``input`` with ``out[i][index[i][j]] = src[i][j]`` (for ``dim=1``); ``src`` may be a
    number. Where ``index`` repeats a place, one of the writes wins (as in PyTorch)."""
    x = _tensor("scatter", input)
    if src is None:
        raise TypeError("scatter: give src (a tensor) or value (a number)")
    d, idx = _gather_index("scatter", x, dim, index)
    where = _grid_index(idx, d)
    return Scatter.apply(x, _scatter_source("scatter", src, idx, x.dtype), index=where)


def scatter_add(input: Tensor, dim: int, index: Any, src: Any) -> Tensor:
    """``input`` with ``out[i][index[i][j]] += src[i][j]`` (for ``dim=1``); repeated places
    add up. Differentiable in ``input`` and ``src``."""
    x = _tensor("scatter_add", input)
    d, idx = _gather_index("scatter_add", x, dim, index)
    part = _scatter_source("scatter_add", _tensor("scatter_add", src), idx, x.dtype)
    return x + IndexScatter.apply(part, _grid_index(idx, d), x.shape, True)


def index_add(input: Tensor, dim: int, index: Any, source: Any, alpha: Any = 1) -> Tensor:
    """``input`` with ``alpha * source`` added at the positions ``index`` (1-D) along
    ``dim``; repeated positions add up."""
    x = _tensor("index_add", input)
    d = normalize_dim("index_add", dim, x.ndim)
    idx = _int_index("index_add", index).reshape(-1)
    _check_range("index_add", idx, x.shape[d] if x.ndim else 1, d, negative_ok=False)
    src = _tensor("index_add", source)
    expected = (*x.shape[:d], idx.size, *x.shape[d + 1 :])
    if src.shape != expected:
        raise ShapeError(
            f"index_add: source shape {src.shape} should be {expected} for input shape "
            f"{x.shape}, dim {dim} and {idx.size} indices"
        )
    src = src * alpha if alpha != 1 else src
    if src.dtype != x.dtype:
        src = src.astype(x.dtype)
    return x + IndexScatter.apply(src, (slice(None),) * d + (idx,), x.shape, True)


def index_fill(input: Tensor, dim: int, index: Any, value: Any) -> Tensor:
    """``input`` with ``value`` in every slice at the positions ``index`` along ``dim``."""
    x = _tensor("index_fill", input)
    d = normalize_dim("index_fill", dim, x.ndim)
    idx = _int_index("index_fill", index).reshape(-1)
    _check_range("index_fill", idx, x.shape[d] if x.ndim else 1, d, negative_ok=True)
    mask = np.zeros(x.shape, bool)
    mask[(slice(None),) * d + (idx,)] = True
    return masked_fill(x, mask, value)
