"""PyTorch's top-level shape functions (``transpose(x, 0, 1)``, ``split``, ``chunk``,
``repeat``, ``roll``, ``cat``...) and the Tensor methods of the same names, with the argument
helpers the other PyTorch-face functions share (:mod:`minigrad.functions` re-exports them).

Each parses PyTorch's arguments (``dim``, sizes as varargs or one tuple) and calls the
face-neutral ops in :mod:`minigrad.ops.shape` / :mod:`minigrad.ops.indexing`, or composes
them, so every result is differentiable through the ops' VJPs. Where PyTorch and NumPy
disagree (``transpose``, ``split``, ``squeeze``, ``repeat``) these are PyTorch's meanings.
"""

# PyTorch's argument name ``input`` shadows the builtin on purpose.
# ruff: noqa: A002

from __future__ import annotations

import builtins
import itertools
import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from .errors import DTypeError, ShapeError
from .ops import shape as _shape
from .ops._shape_args import is_int
from .ops.getitem import Copy, GetItem
from .ops.indexing import normalize_dim
from .tensor import Size, Tensor

__all__ = [
    "cat",
    "chunk",
    "clone",
    "concat",
    "concatenate",
    "expand",
    "flip",
    "hstack",
    "moveaxis",
    "movedim",
    "permute",
    "repeat",
    "reshape",
    "roll",
    "sizes_arg",
    "split",
    "squeeze",
    "stack",
    "swapaxes",
    "swapdims",
    "t",
    "tile",
    "transpose",
    "unbind",
    "unflatten",
    "unsqueeze",
    "vstack",
]


def _tensor(op: str, x: Any) -> Tensor:
    if isinstance(x, Tensor):
        return x
    raise DTypeError(f"{op}: expected a Tensor, got {type(x).__name__}")


def _tensors(op: str, tensors: Any) -> list[Tensor]:
    if not isinstance(tensors, (list, tuple)):
        raise DTypeError(
            f"{op}: tensors must be a list or tuple of tensors, got {type(tensors).__name__}"
        )
    for i, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            raise DTypeError(f"{op}: tensors[{i}] must be a Tensor, got {type(t).__name__}")
    return list(tensors)


def _operand(op: str, x: Any) -> Any:
    """A Tensor, ndarray or Python number, else a ``TypeError`` naming ``op``."""
    if isinstance(x, (Tensor, np.ndarray, np.generic, builtins.int, builtins.float, complex)):
        return x
    raise DTypeError(f"{op}: expected a Tensor or a number, got {type(x).__name__}")


def sizes_arg(sizes: tuple[Any, ...]) -> tuple[int, ...]:
    """PyTorch's size arguments, given as varargs (``view(2, 3)``) or one sequence
    (``view((2, 3))``, ``view(x.shape)``), as a tuple of ints."""
    if len(sizes) == 1 and isinstance(sizes[0], (tuple, list, Size)):
        sizes = tuple(sizes[0])
    out = []
    for s in sizes:
        if isinstance(s, Tensor) and s.numel() == 1 and s.dtype.kind in "iu":
            s = s.item()
        if not is_int(s):
            raise TypeError(f"sizes must be ints, got {s!r} in {sizes!r}")
        out.append(int(s))
    return tuple(out)


# --------------------------------------------------------------------------------------------
# Shape
# --------------------------------------------------------------------------------------------


def reshape(input: Tensor, shape: Sequence[int]) -> Tensor:
    """``input`` with a new shape (one entry may be -1), the elements in the same order."""
    return _shape.reshape(_tensor("reshape", input), shape)


def expand(input: Tensor, sizes: Sequence[int]) -> Tensor:
    """``input`` broadcast to ``sizes`` (-1 keeps a size); new dims go in front."""
    x = _tensor("expand", input)
    sizes = tuple(sizes)
    lead = len(sizes) - x.ndim
    if lead < 0:
        raise ShapeError(
            f"expand: the number of sizes provided ({len(sizes)}) must be greater or equal to "
            f"the number of dimensions in the tensor ({x.ndim})"
        )
    target = []
    for i, s in enumerate(sizes):
        old = x.shape[i - lead] if i >= lead else None
        if s == -1 and old is None:
            raise ShapeError(f"expand: -1 is not allowed in a leading, non-existing dim {i}")
        if s == -1:
            assert old is not None  # a -1 without an existing dim raised above
            s = old
        if old is not None and old != 1 and old != s:
            raise ShapeError(
                f"The expanded size of the tensor ({s}) must match the existing size ({old}) "
                f"at non-singleton dimension {i}.  Target sizes: {list(sizes)}.  Tensor "
                f"sizes: {list(x.shape)}"
            )
        target.append(s)
    return x if tuple(target) == x.shape else _shape.broadcast_to(x, tuple(target))


def unflatten(input: Tensor, dim: int, sizes: Sequence[int]) -> Tensor:
    """``input`` with dimension ``dim`` split into ``sizes`` (one may be -1)."""
    x = _tensor("unflatten", input)
    d = normalize_dim("unflatten", dim, x.ndim)
    return _shape.reshape(x, (*x.shape[:d], *sizes, *x.shape[d + 1 :]))


def permute(input: Tensor, dims: Sequence[int]) -> Tensor:
    """``input`` with its dimensions reordered: dimension ``i`` of the result is ``dims[i]``."""
    x = _tensor("permute", input)
    if not isinstance(dims, (tuple, list, Size)):
        raise DTypeError(f"permute: dims must be a tuple of ints, got {dims!r}")
    perm = tuple(normalize_dim("permute", d, x.ndim) for d in dims)
    if len(perm) != x.ndim:
        raise ShapeError(
            f"permute: number of dimensions in the tensor input does not match the length of "
            f"the desired ordering of dimensions i.e. input.dim() = {x.ndim} is not equal to "
            f"len(dims) = {len(perm)}"
        )
    if len(set(perm)) != len(perm):
        raise ShapeError(f"permute: repeated dim in dims={tuple(dims)}")
    return _shape.transpose(x, perm)


def _swap(op: str, input: Any, dim0: int, dim1: int) -> Tensor:
    x = _tensor(op, input)
    a, b = normalize_dim(op, dim0, x.ndim), normalize_dim(op, dim1, x.ndim)
    return x if x.ndim == 0 or a == b else _shape.swapaxes(x, a, b)


def transpose(input: Tensor, dim0: int, dim1: int) -> Tensor:
    """``input`` with dimensions ``dim0`` and ``dim1`` swapped (PyTorch's ``transpose``)."""
    return _swap("transpose", input, dim0, dim1)


def swapaxes(input: Tensor, axis0: int, axis1: int) -> Tensor:
    """PyTorch's alias of :func:`transpose`."""
    return _swap("swapaxes", input, axis0, axis1)


def swapdims(input: Tensor, dim0: int, dim1: int) -> Tensor:
    """PyTorch's alias of :func:`transpose`."""
    return _swap("swapdims", input, dim0, dim1)


def t(input: Tensor) -> Tensor:
    """A matrix transposed; 0-d and 1-D tensors are returned as they are."""
    x = _tensor("t", input)
    if x.ndim > 2:
        raise ShapeError(f"t() expects a tensor with <= 2 dimensions, but self is {x.ndim}D")
    return x if x.ndim < 2 else _shape.swapaxes(x, 0, 1)


def movedim(input: Tensor, source: Any, destination: Any, *, op: str = "movedim") -> Tensor:
    """``input`` with the dimensions ``source`` moved to the positions ``destination``."""
    x = _tensor(op, input)
    src: list[Any] = [source] if is_int(source) else list(source)
    dst: list[Any] = [destination] if is_int(destination) else list(destination)
    if len(src) != len(dst):
        raise ShapeError(
            f"movedim: Invalid source or destination dims: source ({src} dims) should "
            f"contain the same number of dims as destination ({dst} dims)"
        )
    src = [normalize_dim(op, d, x.ndim) for d in src]
    dst = [normalize_dim(op, d, x.ndim) for d in dst]
    rest = iter(d for d in range(x.ndim) if d not in src)
    by_dst = dict(zip(dst, src))
    return _shape.transpose(
        x, tuple(by_dst[i] if i in by_dst else next(rest) for i in range(x.ndim))
    )


def moveaxis(input: Tensor, source: Any, destination: Any) -> Tensor:
    """PyTorch's alias of :func:`movedim`."""
    return movedim(input, source, destination, op="moveaxis")


def squeeze(input: Tensor, dim: Any = None) -> Tensor:
    """``input`` without its size-1 dimensions (all, or those in ``dim`` that have size 1:
    as in PyTorch, naming a dimension of another size is not an error)."""
    x = _tensor("squeeze", input)
    if dim is None:
        return _shape.squeeze(x)
    dims = (dim,) if is_int(dim) else tuple(dim)
    axes = tuple(
        d for d in (normalize_dim("squeeze", d, x.ndim) for d in dims) if x.ndim and x.shape[d] == 1
    )
    return _shape.squeeze(x, axes) if axes else x


def unsqueeze(input: Tensor, dim: int) -> Tensor:
    """``input`` with a size-1 dimension inserted at ``dim`` (in ``[-ndim-1, ndim]``)."""
    x = _tensor("unsqueeze", input)
    return _shape.expand_dims(x, normalize_dim("unsqueeze", dim, x.ndim + 1))


def _slice(x: Tensor, d: int, start: int, stop: int) -> Tensor:
    return GetItem.apply(x, (slice(None),) * d + (slice(start, stop),), False)


def split(tensor: Tensor, split_size_or_sections: Any, dim: int = 0) -> tuple[Tensor, ...]:
    """``tensor`` cut along ``dim`` into pieces of ``split_size`` (the last may be smaller),
    or of the sizes in the list ``split_size_or_sections`` (PyTorch's ``split``)."""
    x = _tensor("split", tensor)
    if x.ndim == 0:
        raise ShapeError("split: a 0-d tensor has no dimension to split (expected at least 1-d)")
    d = normalize_dim("split", dim, x.ndim)
    n = x.shape[d]
    if is_int(split_size_or_sections):
        size = int(split_size_or_sections)
        if size < 0 or (size == 0 and n):
            raise ShapeError(f"split: split_size must be a positive int, got {size} (dim size {n})")
        starts = range(0, n, size) if n else [0]
        return tuple(_slice(x, d, s, s + size) for s in starts)
    sizes = sizes_arg((split_size_or_sections,))
    if builtins.sum(sizes) != n or any(s < 0 for s in sizes):
        raise ShapeError(
            f"split: split_with_sizes expects split_sizes to sum exactly to {n} (input "
            f"tensor's size at dimension {d}), but got split_sizes={list(sizes)}"
        )
    cuts = np.cumsum((0, *sizes)).tolist()
    return tuple(_slice(x, d, a, b) for a, b in itertools.pairwise(cuts))


def chunk(input: Tensor, chunks: int, dim: int = 0) -> tuple[Tensor, ...]:
    """``input`` cut along ``dim`` into ``chunks`` pieces of ``ceil(size / chunks)`` (fewer
    when they run out), as PyTorch's ``chunk``."""
    x = _tensor("chunk", input)
    if not is_int(chunks) or chunks <= 0:
        raise ShapeError(f"chunk expects `chunks` to be greater than 0, got: {chunks}")
    n = x.shape[normalize_dim("chunk", dim, x.ndim)]
    return split(x, builtins.max(math.ceil(n / chunks), 1), dim)


def unbind(input: Tensor, dim: int = 0) -> tuple[Tensor, ...]:
    """The slices of ``input`` along ``dim``, with that dimension removed."""
    x = _tensor("unbind", input)
    if x.ndim == 0:
        raise ShapeError("unbind: Dimension specified as 0 but tensor has no dimensions")
    d = normalize_dim("unbind", dim, x.ndim)
    lead = (slice(None),) * d
    return tuple(GetItem.apply(x, (*lead, i), False) for i in range(x.shape[d]))


def repeat(input: Tensor, sizes: Sequence[int]) -> Tensor:
    """``input`` tiled ``sizes[i]`` times along each dimension (PyTorch's ``Tensor.repeat``,
    NumPy's ``tile``): broadcast to ``(r0, s0, r1, s1, ...)`` and merged, so the gradient
    is the broadcast's sum."""
    x = _tensor("repeat", input)
    reps = tuple(sizes)
    if len(reps) < x.ndim:
        raise ShapeError(
            "Number of dimensions of repeat dims can not be smaller than number of dimensions "
            f"of tensor (repeat dims {reps}, tensor shape {tuple(x.shape)})"
        )
    shape = (1,) * (len(reps) - x.ndim) + tuple(x.shape)
    paired = [v for s in shape for v in (1, s)]
    wide = [v for r, s in zip(reps, shape) for v in (r, s)]
    y = _shape.broadcast_to(_shape.reshape(x, tuple(paired)), tuple(wide))
    return _shape.reshape(y, tuple(r * s for r, s in zip(reps, shape)))


def tile(input: Tensor, dims: Sequence[int]) -> Tensor:
    """:func:`repeat`, with ones prepended to ``dims`` when it has fewer than ``input.ndim``."""
    x = _tensor("tile", input)
    dims = tuple(dims)
    return repeat(x, (1,) * (x.ndim - len(dims)) + dims)


def flip(input: Tensor, dims: Any) -> Tensor:
    """``input`` with the order of the elements reversed along ``dims``."""
    x = _tensor("flip", input)
    if dims is None:
        return _shape.flip(x)
    dims = (dims,) if is_int(dims) else tuple(dims)
    return _shape.flip(x, tuple(normalize_dim("flip", d, x.ndim) for d in dims))


def roll(input: Tensor, shifts: Any, dims: Any = None) -> Tensor:
    """``input`` rolled by ``shifts`` along ``dims`` (elements pushed off one end come back
    at the other); with ``dims=None`` the flattened tensor is rolled."""
    x = _tensor("roll", input)
    if dims is None:
        if not is_int(shifts):
            raise ShapeError("roll: with dims=None, shifts must be one int")
        return _shape.reshape(roll(_shape.reshape(x, (-1,)), shifts, 0), x.shape)
    shifts = (shifts,) if is_int(shifts) else tuple(shifts)
    dims = (dims,) if is_int(dims) else tuple(dims)
    if len(shifts) != len(dims):
        raise ShapeError(
            f"roll: shifts and dimensions must align. shifts: {len(shifts)}, dims:{len(dims)}"
        )
    for s, d in zip(shifts, dims):
        d = normalize_dim("roll", d, x.ndim)
        n = x.shape[d]
        s = s % n if n else 0
        if s:
            x = _shape.concatenate([_slice(x, d, n - s, n), _slice(x, d, 0, n - s)], axis=d)
    return x


def clone(input: Tensor) -> Tensor:
    """A C-ordered copy that stays in the graph (its gradient flows back to ``input``)."""
    return Copy.apply(_tensor("clone", input))


def cat(tensors: Sequence[Tensor], dim: int = 0, *, axis: int | None = None) -> Tensor:
    """The tensors joined along ``dim`` (all other sizes equal); ``axis`` is an alias."""
    return _shape.concatenate(_tensors("cat", tensors), axis=dim if axis is None else axis)


def concat(tensors: Sequence[Tensor], dim: int = 0, *, axis: int | None = None) -> Tensor:
    """PyTorch's alias of :func:`cat`."""
    return _shape.concatenate(_tensors("concat", tensors), axis=dim if axis is None else axis)


def concatenate(tensors: Sequence[Tensor], axis: int = 0, *, dim: int | None = None) -> Tensor:
    """PyTorch's alias of :func:`cat` (NumPy's name; ``axis`` first)."""
    ts = _tensors("concatenate", tensors)
    return _shape.concatenate(ts, axis=axis if dim is None else dim)


def stack(tensors: Sequence[Tensor], dim: int = 0, *, axis: int | None = None) -> Tensor:
    """The tensors (of one shape) stacked along a new dimension ``dim``."""
    return _shape.stack(_tensors("stack", tensors), axis=dim if axis is None else axis)


def hstack(tensors: Sequence[Tensor]) -> Tensor:
    """The tensors joined column-wise (along dim 0 for 1-D tensors, else dim 1)."""
    ts = [t if t.ndim else _shape.reshape(t, (1,)) for t in _tensors("hstack", tensors)]
    return _shape.concatenate(ts, axis=0 if ts and ts[0].ndim == 1 else 1)


def vstack(tensors: Sequence[Tensor]) -> Tensor:
    """The tensors joined row-wise, 0-d and 1-D ones made rows first."""
    ts = _tensors("vstack", tensors)
    rows = [t if t.ndim >= 2 else _shape.reshape(t, (1, -1)) for t in ts]
    return _shape.concatenate(rows, axis=0)
