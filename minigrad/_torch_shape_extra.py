"""PyTorch's shape, splitting, stacking, diagonal and indexing names that the PyTorch face
lacked (``tensor_split``, ``atleast_2d``, ``diag_embed``, ``block_diag``, ``index_copy``,
``masked_scatter``...), each composed of existing differentiable ops (slicing, ``cat``,
``where``, ``index_add``), so gradients of every order come for free.
"""

# PyTorch's argument names (input, dim) shadow builtins on purpose.
# ruff: noqa: A002

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import numpy as np

from . import dtypes as _dt
from . import functions as _fn
from . import shape_functions as _sf
from ._torch_math import diag
from .errors import DTypeError, ShapeError
from .nn import functional as _F
from .ops import elementwise as _ew
from .ops import indexing as _ix
from .ops._shape_args import tensor_arg
from .ops._windows import check_bool
from .ops.getitem import GetItem
from .ops.shape import broadcast_to
from .tensor import Tensor

__all__ = [
    "argwhere", "atleast_1d", "atleast_2d", "atleast_3d", "block_diag", "column_stack",
    "diag_embed", "diagflat", "dsplit", "dstack", "hsplit", "index_copy", "masked_scatter",
    "select", "split_with_sizes", "tensor_split", "tril_indices", "triu_indices",
    "unique_consecutive", "vsplit",
]  # fmt: skip


def _strict(op: str, x: Any) -> Tensor:
    """PyTorch's rule for these functions: tensors only (no lists or numbers)."""
    if not isinstance(x, Tensor):
        raise TypeError(f"{op}: expected Tensors, got {type(x).__name__}")
    return x


def _int_arg(op: str, name: str, value: Any) -> int:
    """``value`` as an int, or a TypeError naming ``op`` and ``name`` (a bool is no int)."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{op}: {name} must be an int, got {value!r}")
    return int(value)


def _slice(x: Tensor, d: int, start: int, stop: int) -> Tensor:
    return GetItem.apply(x, (slice(None),) * d + (slice(start, stop),), False)


def _int_list(op: str, value: Any) -> list[int] | int:
    """An int (sections) or a list of ints (indices) from an int, a sequence or an int
    tensor (0-d: sections; 1-d: indices), as ``tensor_split`` takes them."""
    if isinstance(value, Tensor):
        if value.dtype.kind not in "iu" or value.ndim > 1:
            raise TypeError(
                f"tensor_split: {op} as a tensor must be a 0-d or 1-d integer tensor, got "
                f"{value.dtype} of shape {value.shape}"
            )
        return int(value.array) if value.ndim == 0 else [int(i) for i in value.array]
    if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, Sequence) and all(
        isinstance(i, (int, np.integer)) and not isinstance(i, bool) for i in value
    ):
        return [int(i) for i in value]
    raise TypeError(f"tensor_split: {op} must be an int or a sequence of ints, got {value!r}")


def tensor_split(input: Tensor, indices_or_sections: Any, dim: int = 0) -> tuple[Tensor, ...]:
    """``input`` cut along ``dim`` into ``sections`` nearly equal pieces (the first
    ``size % sections`` one longer) or at the ``indices`` (NumPy's ``array_split``)."""
    x = tensor_arg("tensor_split", input)
    if x.ndim == 0:
        raise ShapeError("tensor_split: expected at least a 1-dimensional tensor, got 0-d")
    d = _ix.normalize_dim("tensor_split", dim, x.ndim)
    n, spec = x.shape[d], _int_list("indices_or_sections", indices_or_sections)
    if isinstance(spec, int):
        if spec <= 0:
            raise ValueError(f"tensor_split: number of sections must be larger than 0, got {spec}")
        small, extra = divmod(n, spec)
        cuts = np.cumsum([0] + [small + 1] * extra + [small] * (spec - extra)).tolist()
    else:
        # Indices past the end (or before a previous one) give empty pieces, as in PyTorch.
        bounded = [min(max(i + n if i < 0 else i, 0), n) for i in spec]
        cuts = [0, *bounded, n]
    return tuple(_slice(x, d, a, max(a, b)) for a, b in itertools.pairwise(cuts))


def _split_at(op: str, input: Any, sections: Any, dim: int, min_ndim: int) -> tuple[Tensor, ...]:
    x = tensor_arg(op, input)
    if x.ndim < min_ndim:
        raise ShapeError(
            f"{op}: requires a tensor with at least {min_ndim} dimension(s), but got a tensor "
            f"with {x.ndim} dimensions (shape {x.shape})"
        )
    d = 0 if op == "hsplit" and x.ndim == 1 else dim
    spec = _int_list("indices_or_sections", sections)
    if isinstance(spec, int) and (spec == 0 or x.shape[d] % spec):
        raise ValueError(
            f"{op}: attempted to split along dimension {d}, but the size of the dimension "
            f"{x.shape[d]} is not divisible by the split_size {spec}!"
        )
    return tensor_split(x, spec, d)


def hsplit(input: Tensor, indices_or_sections: Any) -> tuple[Tensor, ...]:
    """``tensor_split`` along dim 1 (dim 0 for 1-D); sections must divide the size."""
    return _split_at("hsplit", input, indices_or_sections, 1, 1)


def vsplit(input: Tensor, indices_or_sections: Any) -> tuple[Tensor, ...]:
    """``tensor_split`` along dim 0 of an at least 2-D tensor; sections must divide it."""
    return _split_at("vsplit", input, indices_or_sections, 0, 2)


def dsplit(input: Tensor, indices_or_sections: Any) -> tuple[Tensor, ...]:
    """``tensor_split`` along dim 2 of an at least 3-D tensor; sections must divide it."""
    return _split_at("dsplit", input, indices_or_sections, 2, 3)


def split_with_sizes(input: Tensor, split_sizes: Sequence[int], dim: int = 0) -> tuple[Tensor, ...]:
    """``split`` into pieces of the given sizes (which must sum to the size of ``dim``)."""
    if not isinstance(split_sizes, Sequence):
        raise TypeError(f"split_with_sizes: split_sizes must be a sequence, got {split_sizes!r}")
    return _sf.split(tensor_arg("split_with_sizes", input), list(split_sizes), dim)


def select(input: Tensor, dim: int, index: int) -> Tensor:
    """``input`` at ``index`` along ``dim`` (that dimension removed)."""
    x = tensor_arg("select", input)
    if x.ndim == 0:
        raise ShapeError("select: select() cannot be applied to a 0-dim tensor")
    d = _ix.normalize_dim("select", dim, x.ndim)
    index = _int_arg("select", "index", index)
    if not -x.shape[d] <= index < x.shape[d]:
        raise IndexError(
            f"select: index {index} out of range for tensor of size {tuple(x.shape)} at "
            f"dimension {d}"
        )
    return GetItem.apply(x, (slice(None),) * d + (index,), False)


def _atleast(op: str, n: int, tensors: tuple[Any, ...]) -> Any:
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        return tuple(_atleast(op, n, (t,)) for t in tensors[0])
    if len(tensors) != 1:
        return tuple(_atleast(op, n, (t,)) for t in tensors)
    x = _strict(op, tensors[0])
    if x.ndim >= n:
        return x
    # NumPy's (and PyTorch's) placement: (k,) -> (1, k) -> (1, k, 1); (m, k) -> (m, k, 1).
    if x.ndim == 0:
        return _sf.reshape(x, (1,) * n)
    return _sf.reshape(x, (1, x.shape[0], 1)[:n] if x.ndim == 1 else (*x.shape, 1))


def atleast_1d(*tensors: Any) -> Any:
    """Each tensor with at least 1 dimension (one tensor in: a tensor out; more: a tuple)."""
    return _atleast("atleast_1d", 1, tensors)


def atleast_2d(*tensors: Any) -> Any:
    """Each tensor with at least 2 dimensions (``(k,)`` becomes ``(1, k)``)."""
    return _atleast("atleast_2d", 2, tensors)


def atleast_3d(*tensors: Any) -> Any:
    """Each tensor with at least 3 dimensions (``(k,)``: ``(1, k, 1)``; ``(m, k)``:
    ``(m, k, 1)``)."""
    return _atleast("atleast_3d", 3, tensors)


def _tensor_list(op: str, tensors: Any) -> list[Tensor]:
    if isinstance(tensors, Tensor) or not isinstance(tensors, Sequence) or not tensors:
        raise TypeError(f"{op}: expected a non-empty sequence of tensors, got {tensors!r}")
    return [_strict(op, t) for t in tensors]


def column_stack(tensors: Sequence[Tensor]) -> Tensor:
    """The tensors side by side as columns (0-d and 1-D ones become ``(k, 1)``)."""
    ts = _tensor_list("column_stack", tensors)
    cols = [_sf.reshape(t, (t.numel(), 1)) if t.ndim < 2 else t for t in ts]
    return _sf.hstack(cols)


def dstack(tensors: Sequence[Tensor]) -> Tensor:
    """The tensors (made at least 3-D) joined along dim 2."""
    return _sf.cat(list(atleast_3d(_tensor_list("dstack", tensors))), 2)


def argwhere(input: Tensor) -> Tensor:
    """The indices of the non-zero elements, one row each: ``(count, input.ndim)`` int64."""
    return _fn.nonzero(tensor_arg("argwhere", input))  # type: ignore[no-any-return]


def _plane_dims(op: str, ndim: int, dim1: int, dim2: int) -> tuple[int, int]:
    d1, d2 = _ix.normalize_dim(op, dim1, ndim), _ix.normalize_dim(op, dim2, ndim)
    if d1 == d2:
        raise ValueError(f"{op}: diagonal dimensions cannot be identical {dim1}, {dim2}")
    return d1, d2


def diag_embed(input: Tensor, offset: int = 0, dim1: int = -2, dim2: int = -1) -> Tensor:
    """Matrices (in dims ``dim1``, ``dim2`` of the result) whose ``offset`` diagonal holds
    ``input``'s last dimension: ``(..., k)`` gives ``(..., k + |offset|, k + |offset|)``."""
    x = tensor_arg("diag_embed", input)
    offset = _int_arg("diag_embed", "offset", offset)
    d1, d2 = _plane_dims("diag_embed", x.ndim + 1, dim1, dim2)
    k = x.shape[-1] if x.ndim else 1
    eye = Tensor.constant(np.eye(k, dtype=x.dtype))
    plane = _sf.unsqueeze(x if x.ndim else _sf.reshape(x, (1,)), -1) * eye
    a = abs(offset)
    # Element i lands at (i, i + offset): zero columns before and rows after (offset > 0).
    pad = (a, 0, 0, a) if offset > 0 else (0, a, a, 0)
    plane = _F.pad(plane, pad) if a else plane
    return _sf.movedim(plane, (-2, -1), (d1, d2))


def diagflat(input: Tensor, offset: int = 0) -> Tensor:
    """A 2-D tensor with the flattened ``input`` on its ``offset`` diagonal."""
    x = tensor_arg("diagflat", input)
    return diag(_sf.reshape(x, (x.numel(),)), offset)


def block_diag(*tensors: Tensor) -> Tensor:
    """The tensors (0-d: ``(1, 1)``; 1-D ``(k,)``: ``(1, k)``; 2-D) along the diagonal of one
    2-D tensor, zeros elsewhere, in their promoted dtype."""
    blocks = []
    for i, t in enumerate(tensors):
        b = tensor_arg("block_diag", t)
        if b.ndim > 2:
            raise ShapeError(
                f"block_diag: Input tensors must have 2 or fewer dimensions. Input {i} has "
                f"{b.ndim} dimensions (shape {b.shape})"
            )
        blocks.append(_sf.reshape(b, (1, b.numel())) if b.ndim < 2 else b)
    if not blocks:
        return Tensor.constant(np.zeros((1, 0), _dt.get_default_dtype()))
    dtype = _dt.result_type(*blocks)
    width = sum(b.shape[1] for b in blocks)
    rows, left = [], 0
    for b in blocks:
        c = b.shape[1]
        rows.append(_F.pad(_ew.astype(b, dtype), (left, width - left - c, 0, 0)))
        left += c
    return _sf.cat(rows, 0)


def _tri_indices(op: str, tri: Any, row: int, col: int, offset: int, dtype: Any) -> Tensor:
    for name, v in (("row", row), ("col", col), ("offset", offset)):
        _int_arg(op, name, v)
    if row < 0 or col < 0:
        raise ValueError(f"{op}: row and col must be non-negative, got row={row}, col={col}")
    dt = np.dtype(np.int64) if dtype is None else _dt.as_dtype(dtype, op)
    if dt.kind not in "iu":
        raise DTypeError(f"{op}: dtype must be an integer dtype, got {dt}")
    return Tensor.constant(np.stack(tri(row, offset, col)).astype(dt))


def tril_indices(row: int, col: int, offset: int = 0, *, dtype: Any = np.int64) -> Tensor:
    """The ``(2, count)`` row and column indices of the lower triangle of a ``row x col``
    matrix (on and below the ``offset`` diagonal)."""
    return _tri_indices("tril_indices", np.tril_indices, row, col, offset, dtype)


def triu_indices(row: int, col: int, offset: int = 0, *, dtype: Any = np.int64) -> Tensor:
    """The ``(2, count)`` indices of the upper triangle (on and above ``offset``)."""
    return _tri_indices("triu_indices", np.triu_indices, row, col, offset, dtype)


def index_copy(input: Tensor, dim: int, index: Tensor, source: Tensor) -> Tensor:
    """``input`` with its slices ``index`` along ``dim`` replaced by ``source``'s slices.

    Composed as ``index_fill(input, 0) + index_add(zeros, source)``: the gradient of
    ``input`` is zero at the copied slices, ``source``'s is the gradient there. A repeated
    index is refused (PyTorch's result would be nondeterministic).
    """
    x, src = tensor_arg("index_copy", input), tensor_arg("index_copy", source)
    if not isinstance(index, Tensor) or index.dtype != np.int64 or index.ndim > 1:
        got = f"{index.dtype} of shape {index.shape}" if isinstance(index, Tensor) else index
        raise TypeError(f"index_copy: index must be a 0-d or 1-d int64 tensor, got {got}")
    d = _ix.normalize_dim("index_copy", dim, x.ndim)
    idx = index.array.reshape(-1)
    want = list(x.shape) if x.ndim else []
    if want:
        want[d] = idx.size
    if list(src.shape) != want and not (x.ndim == 0 and src.numel() == idx.size == 1):
        raise ShapeError(
            f"index_copy: source {src.shape} must be input {x.shape} with dim {d} of size "
            f"len(index) = {idx.size}"
        )
    if src.dtype != x.dtype:
        raise DTypeError(
            f"index_copy: input and source must have the same dtype, got {x.dtype} and {src.dtype}"
        )
    if np.unique(idx % max(x.shape[d] if x.ndim else 1, 1)).size != idx.size:
        raise ValueError(f"index_copy: index {idx.tolist()} repeats an entry")
    flat, zeros = Tensor.constant(idx), Tensor.constant(np.zeros(x.shape, x.dtype))
    return _ix.index_fill(x, d, flat, 0) + _ix.index_add(zeros, d, flat, _sf.reshape(src, want))


def masked_scatter(input: Tensor, mask: Tensor, source: Tensor) -> Tensor:
    """``input`` with the places where ``mask`` (bool, broadcast) is true filled, in
    row-major order, by the first elements of ``source``; the gradient of ``source`` is the
    gradient at those places (zero for its unused elements)."""
    x, src = tensor_arg("masked_scatter", input), tensor_arg("masked_scatter", source)
    if not isinstance(mask, Tensor) or mask.dtype != np.bool_:
        got = mask.dtype if isinstance(mask, Tensor) else type(mask).__name__
        raise TypeError(f"masked_scatter: mask must be a bool tensor, got {got}")
    try:
        shape = np.broadcast_shapes(x.shape, mask.shape)
    except ValueError:
        raise ShapeError(
            f"masked_scatter: mask {mask.shape} and input {x.shape} do not broadcast"
        ) from None
    if src.dtype != x.dtype:
        raise DTypeError(
            f"masked_scatter: input and source must have the same dtype, got {x.dtype} and "
            f"{src.dtype}"
        )
    m = np.broadcast_to(mask.array, shape)
    places = np.flatnonzero(m)
    if places.size > src.numel():
        raise ValueError(
            f"masked_scatter: mask has {places.size} true elements but source {src.shape} "
            f"has only {src.numel()}"
        )
    x = broadcast_to(x, shape) if tuple(x.shape) != shape else x
    values = _sf.reshape(src, (src.numel(),))[: places.size]
    zeros = Tensor.constant(np.zeros(m.size, x.dtype))
    spread = _ix.index_add(zeros, 0, Tensor.constant(places), values)
    return _ew.where(Tensor.constant(m), _sf.reshape(spread, shape), x)


def unfold_windows(input: Tensor, dimension: int, size: int, step: int) -> Tensor:
    """``Tensor.unfold``: every window of ``size`` elements along ``dimension``, ``step``
    apart; that dim becomes the window count ``(n - size) // step + 1`` and a last dim of
    ``size`` is added. PyTorch returns a view; here it is ``index_select`` of the windows'
    elements (one gather; its gradient sums each element's uses)."""
    x = tensor_arg("unfold", input)
    d = _ix.normalize_dim("unfold", dimension, x.ndim)
    size, step = _int_arg("unfold", "size", size), _int_arg("unfold", "step", step)
    n = x.shape[d] if x.ndim else 1
    if size < 0 or size > n:
        raise ValueError(
            f"unfold: maximum size for tensor at dimension {d} is {n} but size is {size} "
            f"(shape {x.shape})"
        )
    if step <= 0:
        raise ValueError(f"unfold: step is {step} but must be > 0")
    if x.ndim == 0:
        return _slice(_sf.reshape(x, (1,)), 0, 0, size)
    starts = np.arange(0, n - size + 1, step)
    idx = (starts[:, None] + np.arange(size)).reshape(-1)
    picked = _ix.index_select(x, d, Tensor.constant(idx.astype(np.int64)))
    shape = (*x.shape[:d], len(starts), size, *x.shape[d + 1 :])
    return _sf.movedim(_sf.reshape(picked, shape), d + 1, -1)


def unique_consecutive(
    input: Tensor, return_inverse: bool = False, return_counts: bool = False, dim: Any = None
) -> Any:
    """The first element (or slice along ``dim``) of each run of equal consecutive ones; with
    ``return_inverse``/``return_counts`` a tuple ``(output, inverse_indices, counts)`` (the
    ones asked for). Not differentiable, as in PyTorch (and as :func:`minigrad.unique`)."""
    check_bool("unique_consecutive", "return_inverse", return_inverse)
    check_bool("unique_consecutive", "return_counts", return_counts)
    a = tensor_arg("unique_consecutive", input).array
    if dim is None:
        rows, axis = a.reshape(-1, 1), 0
    else:
        axis = _ix.normalize_dim("unique_consecutive", dim, a.ndim)
        rows = np.moveaxis(a, axis, 0).reshape(a.shape[axis] if a.ndim else 1, -1)
    n = rows.shape[0]
    # NaN != NaN: every NaN starts a run, as in PyTorch.
    change = np.ones(n, bool)
    change[1:] = (rows[1:] != rows[:-1]).any(1) if rows.shape[1] else False
    starts = np.flatnonzero(change)
    out = a.reshape(-1)[starts] if dim is None else np.take(a, starts, axis=axis)
    res = [Tensor.constant(np.ascontiguousarray(out))]
    if return_inverse:
        inverse = np.cumsum(change) - 1
        res.append(Tensor.constant(inverse.reshape(a.shape if dim is None else (n,))))
    if return_counts:
        res.append(Tensor.constant(np.diff(np.append(starts, n)).astype(np.int64)))
    return res[0] if len(res) == 1 else tuple(res)
