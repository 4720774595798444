"""Indexing: ``getitem`` (``x[index]``), PyTorch's selection ops (``gather``, ``scatter``,
``scatter_add``, ``index_select``, ``index_add``, ``index_fill``, ``masked_select``,
``masked_fill``, ``take``, ``take_along_dim``, ``narrow``) and the Functions behind them.

:class:`GetItem` is ``a[index]`` with NumPy's basic and advanced indexing; its VJP is the
scatter-add :class:`IndexScatter`, whose VJP is :class:`GetItem` again, so gradients of any
order flow through indexing. The joining, splitting and padding ops in
:mod:`~minigrad.ops.shape` route their gradients through :class:`GetItem` too, so this module
sits below that one (and holds ``_is_int``, the int check both use).
``index_to_numpy`` turns the Tensors inside an index into arrays (``Tensor.__setitem__`` uses it).

The selection ops build a NumPy index tuple and reuse :class:`GetItem` / :class:`IndexScatter`
(``gather`` is ``x[i0, i1, ..., index, ...]`` with ``arange`` grids on the other dims), so
their gradients are the same scatter-add, differentiable to any order; only ``scatter``
(overwrite) is a Function of its own. Their arguments follow PyTorch (``dim``); errors are
PyTorch's types, as subclasses that also match minigrad's ``ValueError``/``TypeError``.
"""

# PyTorch's argument name ``input`` shadows the builtin on purpose.
# ruff: noqa: A002

from __future__ import annotations

from typing import Any, TypeGuard

import numpy as np

from ..autograd import Function
from ..errors import DimError, DTypeError, ShapeError
from ..tensor import Tensor
from . import elementwise as _ew

__all__ = [
    "gather",
    "getitem",
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


def _is_int(v: Any) -> TypeGuard[int | np.integer]:
    # ``type(v) is int`` first: the common case, and it already excludes bool
    return type(v) is int or (
        isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_))
    )


class GetItem(Function):
    """``a[index]``; its VJP scatters the gradient back with :class:`IndexScatter`."""

    @staticmethod
    def forward(ctx, a, index, has_int_array):
        ctx.in_shape = a.shape
        ctx.index = index
        ctx.has_int_array = has_int_array
        return a[index]

    @staticmethod
    def backward(ctx, grad):
        return IndexScatter.apply(grad, ctx.index, ctx.in_shape, ctx.has_int_array), None, None


class IndexScatter(Function):
    """``zeros(shape)`` with ``values`` added at ``index``: the adjoint of :class:`GetItem`
    (its VJP is the gather ``grad[index]``).

    Without integer arrays in ``index`` no element is selected twice, so a plain assignment
    does it (much faster than ``np.add.at``); integer arrays may repeat an element, and each
    repeat must add its share, so they go through ``np.add.at``.
    """

    @staticmethod
    def forward(ctx, values, index, shape, has_int_array):
        ctx.index = index
        ctx.has_int_array = has_int_array
        out = np.zeros(shape, values.dtype)
        if has_int_array:
            np.add.at(out, index, values)
        else:
            out[index] = values
        return out

    @staticmethod
    def backward(ctx, grad):
        return GetItem.apply(grad, ctx.index, ctx.has_int_array), None, None, None


class Copy(Function):
    """A C-ordered copy of ``a`` (``clone``, ``contiguous``): the selection of everything.
    Its VJP is the identity."""

    @staticmethod
    def forward(ctx, a):
        return np.array(a, order="C")

    @staticmethod
    def backward(ctx, grad):
        return grad


def index_to_numpy(index: Any) -> Any:
    """``index`` with every Tensor in it (also inside tuples and lists) replaced by its array."""
    if isinstance(index, Tensor):
        return index.array
    if isinstance(index, tuple):
        return tuple(index_to_numpy(i) for i in index)
    if isinstance(index, list):
        return [index_to_numpy(i) for i in index]
    return index


def _prepare_index(index: Any) -> tuple[tuple[Any, ...], bool]:
    """``index`` as a tuple of NumPy index items, and whether it holds integer arrays.

    Raises ``TypeError`` for items NumPy cannot index with (floats, strings, float arrays).
    """
    items = index if isinstance(index, tuple) else (index,)
    out = []
    has_int_array = False
    for item in items:
        if isinstance(item, Tensor):
            item = item.array
        if type(item) is slice:
            for part in (item.start, item.stop, item.step):
                if part is not None and not _is_int(part):
                    raise TypeError(f"getitem: slice bounds must be ints or None, got {item!r}")
            if item.step == 0:
                raise ValueError(f"getitem: slice step cannot be zero in {item!r}")
        elif (
            item is None or item is Ellipsis or _is_int(item) or isinstance(item, (bool, np.bool_))
        ):
            pass
        elif isinstance(item, (list, np.ndarray)):
            arr = np.asarray(index_to_numpy(item) if isinstance(item, list) else item)
            if arr.size == 0 and arr.dtype.kind not in "biu":
                arr = arr.astype(np.intp)  # an empty list selects nothing, as in NumPy
            if arr.dtype.kind in "iu":
                has_int_array = True
            elif arr.dtype.kind != "b":
                raise TypeError(
                    f"getitem: index arrays must hold ints or bools, got dtype {arr.dtype}"
                )
            item = arr
        else:
            raise TypeError(
                f"getitem: invalid index item {item!r} of type {type(item).__name__}; use "
                "ints, slices, None, ..., or int/bool arrays, lists or tensors"
            )
        out.append(item)
    return tuple(out), has_int_array


def _describe_index(index: tuple[Any, ...]) -> str:
    def one(i: Any) -> str:
        if isinstance(i, np.ndarray):
            return repr(i.tolist()) if i.size <= 8 else f"array(shape={i.shape}, dtype={i.dtype})"
        return "..." if i is Ellipsis else repr(i)

    return "(" + ", ".join(one(i) for i in index) + ("," if len(index) == 1 else "") + ")"


def getitem(x: Tensor, index: Any) -> Tensor:
    """``x[index]`` with NumPy's basic and advanced indexing.

    Parameters
    ----------
    x
        Any shape.
    index
        Anything NumPy accepts: ints, slices (any step, negative too), ``None``, ``...``,
        integer arrays/lists/Tensors (repeats allowed), boolean masks/Tensors, and tuples
        mixing them.

    Returns
    -------
    Tensor of NumPy's result shape. Basic indices give a view of ``x``'s data. The gradient
    adds the output gradient into zeros of ``x.shape`` at ``index``, so an element selected
    ``k`` times gets ``k`` contributions.
    """
    idx, has_int_array = _prepare_index(index)
    try:
        return GetItem.apply(x, idx, has_int_array)
    except IndexError as e:
        raise IndexError(
            f"getitem: {e} (index {_describe_index(idx)}, tensor shape {x.shape})"
        ) from None


# --------------------------------------------------------------------------------------------
# PyTorch's selection ops
# --------------------------------------------------------------------------------------------


def normalize_dim(op: str, dim: Any, ndim: int) -> int:
    """``dim`` in ``[0, ndim)`` (negative counts from the end; a 0-d tensor takes 0 and -1),
    or PyTorch's ``IndexError``."""
    if not _is_int(dim):
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
    if not _is_int(start) or not _is_int(length) or length < 0:
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
