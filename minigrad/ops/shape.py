"""Shape ops: reshape, transpose, broadcasting, joining, splitting, padding and flipping,
and the argument checks the ops share. Their VJPs move gradients back to where the values
came from.

Every op that only reinterprets the element order (``reshape``, ``squeeze``, ``expand_dims``,
``flatten``) is one primitive, :class:`Reshape`; axis permutations (``transpose``,
``swapaxes``) are :class:`Transpose`. ``split`` slices, and the VJPs of ``concatenate``,
``stack`` and ``pad`` slice, with indexing's :class:`~minigrad.ops.indexing.GetItem`, so
gradients of any order flow through them as they do through indexing.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..autograd import Function
from ..tensor import Tensor
from .indexing import GetItem, _is_int

ShapeLike = int | Sequence[int]
AxisLike = int | Sequence[int] | None


# --------------------------------------------------------------------------------------------
# Argument checks shared by the ops (every error names the op, the argument and the shape)
# --------------------------------------------------------------------------------------------


def _axis(op: str, axis: Any, ndim: int, shape: tuple[int, ...], arg: str = "axis") -> int:
    """``axis`` as a non-negative int below ``ndim`` (the rank the axis refers to)."""
    if not _is_int(axis):
        raise TypeError(f"{op}: {arg} must be an int, got {axis!r}")
    if not -ndim <= axis < ndim:
        raise ValueError(
            f"{op}: {arg} {axis} is out of range for a tensor of shape {shape} "
            f"(valid: {-ndim} to {ndim - 1})"
        )
    return int(axis) % ndim


def _axes(
    op: str, axis: Any, ndim: int, shape: tuple[int, ...], arg: str = "axis"
) -> tuple[int, ...]:
    """``axis`` (an int or a sequence of ints) as a tuple of distinct non-negative ints."""
    items = (axis,) if _is_int(axis) else axis
    if not isinstance(items, (tuple, list)):
        raise TypeError(f"{op}: {arg} must be an int or a tuple of ints, got {axis!r}")
    axes = tuple(_axis(op, a, ndim, shape, arg) for a in items)
    if len(set(axes)) != len(axes):
        raise ValueError(f"{op}: repeated axis in {arg}={axis!r} (tensor shape {shape})")
    return axes


def _shape_tuple(op: str, shape: Any, arg: str = "shape") -> tuple[int, ...]:
    items = (shape,) if _is_int(shape) else shape
    if not isinstance(items, (tuple, list)) or not all(map(_is_int, items)):
        raise TypeError(f"{op}: {arg} must be an int or a sequence of ints, got {shape!r}")
    return tuple(map(int, items))


def _tensor(op: str, x: Any) -> Tensor:
    """``x`` as a Tensor (arrays, numbers and lists are wrapped); anything else is a TypeError
    naming ``op``, instead of an AttributeError from deep inside."""
    if isinstance(x, Tensor):
        return x
    if isinstance(x, (np.ndarray, np.generic, list, tuple, int, float, bool)):
        return Tensor(x)
    raise TypeError(f"{op}: expected a Tensor, got {type(x).__name__}")


def _tensor_list(op: str, tensors: Any) -> list[Tensor]:
    if not isinstance(tensors, (list, tuple)):
        raise TypeError(
            f"{op}: tensors must be a list or tuple of tensors, got {type(tensors).__name__}"
        )
    if not tensors:
        raise ValueError(f"{op}: tensors is empty; need at least one tensor")
    return [t if isinstance(t, Tensor) else Tensor(t) for t in tensors]


# --------------------------------------------------------------------------------------------
# Reshaping: reshape, squeeze, expand_dims, flatten
# --------------------------------------------------------------------------------------------


class Reshape(Function):
    @staticmethod
    def forward(ctx, a, *, shape):
        ctx.in_shape = a.shape
        return a.reshape(shape)

    @staticmethod
    def backward(ctx, grad):
        return Reshape.apply(grad, shape=ctx.in_shape)


def reshape(x: Tensor, shape: ShapeLike) -> Tensor:
    """``x`` with a new shape and the same elements in the same (C) order.

    Parameters
    ----------
    x
        Any shape ``S``.
    shape
        An int or a tuple of ints whose product is ``x.size``; one entry may be ``-1``, then
        it is inferred.

    Returns
    -------
    Tensor of shape ``shape`` (a view of ``x``'s data where NumPy can make one).
    """
    x = _tensor("reshape", x)
    target = _shape_tuple("reshape", shape)
    if target.count(-1) > 1 or any(s < -1 for s in target):
        raise ValueError(
            f"reshape: shape {target} may hold non-negative sizes and at most one -1 "
            f"(tensor shape {x.shape})"
        )
    if -1 in target:
        known = -math.prod(target)  # the product of the other sizes
        if known == 0 or x.numel() % known:
            raise ValueError(
                f"reshape: cannot reshape a tensor of shape {x.shape} ({x.numel()} elements) "
                f"into shape {target}: the -1 has no unique size"
            )
        target = tuple(x.numel() // known if s == -1 else s for s in target)
    elif math.prod(target) != x.numel():
        raise ValueError(
            f"reshape: cannot reshape a tensor of shape {x.shape} ({x.numel()} elements) into "
            f"shape {target} ({math.prod(target)} elements)"
        )
    return Reshape.apply(x, shape=target)


def squeeze(x: Tensor, axis: AxisLike = None) -> Tensor:
    """``x`` without size-1 axes (all of them, or those in ``axis``).

    Parameters
    ----------
    x
        Any shape.
    axis
        An int or tuple of ints (negative counts from the end); each must have size 1.
        ``None`` removes every size-1 axis.

    Returns
    -------
    Tensor of ``x.shape`` with those axes dropped.
    """
    x = _tensor("squeeze", x)
    if axis is None:
        axes: tuple[int, ...] = tuple(i for i, s in enumerate(x.shape) if s == 1)
    else:
        axes = _axes("squeeze", axis, x.ndim, x.shape)
        for a in axes:
            if x.shape[a] != 1:
                raise ValueError(
                    f"squeeze: cannot squeeze axis {a} of size {x.shape[a]} (tensor shape "
                    f"{x.shape}); only size-1 axes can be removed"
                )
    return Reshape.apply(x, shape=tuple(s for i, s in enumerate(x.shape) if i not in axes))


def expand_dims(x: Tensor, axis: int | Sequence[int]) -> Tensor:
    """``x`` with new size-1 axes at the positions ``axis`` of the result (NumPy's rule).

    Parameters
    ----------
    x
        Any shape ``S`` with ``n`` dimensions.
    axis
        An int or tuple of ints, positions in the result of ``n + len(axis)`` dimensions
        (negative counts from the end).

    Returns
    -------
    Tensor of ``n + len(axis)`` dimensions; PyTorch's ``unsqueeze(dim)`` is the int case.
    """
    x = _tensor("expand_dims", x)
    n_new = 1 if _is_int(axis) else len(axis) if isinstance(axis, (tuple, list)) else 0
    axes = _axes("expand_dims", axis, x.ndim + n_new, x.shape)
    sizes = iter(x.shape)
    return Reshape.apply(
        x, shape=tuple(1 if i in axes else next(sizes) for i in range(x.ndim + n_new))
    )


def flatten(x: Tensor, start_dim: int = 0, end_dim: int = -1) -> Tensor:
    """Merge the axes ``start_dim`` to ``end_dim`` (inclusive) into one (PyTorch's rule).

    Parameters
    ----------
    x
        Any shape ``(d0, ..., dn)``; a 0-d tensor becomes shape ``(1,)``.
    start_dim, end_dim
        The first and last axis to merge (negative counts from the end).

    Returns
    -------
    Tensor of shape ``(d0, ..., d[start-1], d[start] * ... * d[end], d[end+1], ..., dn)``.
    """
    x = _tensor("flatten", x)
    shape = x.shape or (1,)
    start = _axis("flatten", start_dim, len(shape), x.shape, "start_dim")
    end = _axis("flatten", end_dim, len(shape), x.shape, "end_dim")
    if start > end:
        raise ValueError(
            f"flatten: start_dim {start_dim} comes after end_dim {end_dim} (tensor shape {x.shape})"
        )
    merged = (*shape[:start], math.prod(shape[start : end + 1]), *shape[end + 1 :])
    return Reshape.apply(x, shape=merged)


# --------------------------------------------------------------------------------------------
# Permuting axes: transpose, swapaxes
# --------------------------------------------------------------------------------------------


class Transpose(Function):
    @staticmethod
    def forward(ctx, a, *, axes):
        ctx.inverse = tuple(np.argsort(axes).tolist())
        return np.transpose(a, axes)

    @staticmethod
    def backward(ctx, grad):
        return Transpose.apply(grad, axes=ctx.inverse)


def transpose(x: Tensor, axes: Sequence[int] | None = None) -> Tensor:
    """``x`` with its axes permuted: axis ``i`` of the result is axis ``axes[i]`` of ``x``.

    Parameters
    ----------
    x
        Any shape ``(d0, ..., dn)``.
    axes
        A permutation of ``0 .. n`` (negative entries count from the end); ``None``
        reverses the axes.

    Returns
    -------
    Tensor of shape ``(d[axes[0]], ..., d[axes[n]])``, a view of ``x``'s data.
    """
    x = _tensor("transpose", x)
    if axes is None:
        perm = tuple(range(x.ndim - 1, -1, -1))
    else:
        perm = _axes("transpose", axes, x.ndim, x.shape, "axes")
        if len(perm) != x.ndim:
            raise ValueError(
                f"transpose: axes {axes!r} is not a permutation of the {x.ndim} axes of a "
                f"tensor of shape {x.shape}"
            )
    return Transpose.apply(x, axes=perm)


def swapaxes(x: Tensor, axis1: int, axis2: int) -> Tensor:
    """``x`` with axes ``axis1`` and ``axis2`` interchanged (PyTorch's two-argument
    ``transpose``).

    Parameters
    ----------
    x
        Any shape with at least one dimension.
    axis1, axis2
        The two axes (negative counts from the end).

    Returns
    -------
    Tensor of ``x.shape`` with the two sizes interchanged.
    """
    x = _tensor("swapaxes", x)
    a = _axis("swapaxes", axis1, x.ndim, x.shape, "axis1")
    b = _axis("swapaxes", axis2, x.ndim, x.shape, "axis2")
    perm = list(range(x.ndim))
    perm[a], perm[b] = b, a
    return Transpose.apply(x, axes=tuple(perm))


# --------------------------------------------------------------------------------------------
# Broadcasting
# --------------------------------------------------------------------------------------------


class BroadcastTo(Function):
    @staticmethod
    def forward(ctx, a, *, shape):
        ctx.in_shape = np.shape(a)
        return np.broadcast_to(a, shape)

    @staticmethod
    def backward(ctx, grad):
        return grad.sum_to(ctx.in_shape)


def broadcast_to(a: Tensor, shape: ShapeLike) -> Tensor:
    """``a`` broadcast to ``shape`` (a read-only view; the VJP sums back).

    Parameters
    ----------
    a
        A shape that broadcasts to ``shape`` under NumPy's rules.
    shape
        The result's shape.

    Returns
    -------
    Tensor of shape ``shape``.
    """
    a = _tensor("broadcast_to", a)
    shape = _shape_tuple("broadcast_to", shape)
    try:
        ok = np.broadcast_shapes(a.shape, shape) == shape
    except ValueError:
        ok = False
    if not ok:
        raise ValueError(f"broadcast_to: cannot broadcast shape {a.shape} to {shape}")
    return BroadcastTo.apply(a, shape=shape)


# --------------------------------------------------------------------------------------------
# Joining and splitting: concatenate, stack, split
# --------------------------------------------------------------------------------------------


class Concatenate(Function):
    @staticmethod
    def forward(ctx, *arrays, axis):
        ctx.axis = axis
        ctx.bounds = np.cumsum([0] + [a.shape[axis] for a in arrays]).tolist()
        return np.concatenate(arrays, axis=axis)

    @staticmethod
    def backward(ctx, grad):
        lead = (slice(None),) * ctx.axis
        b = ctx.bounds
        return tuple(
            GetItem.apply(grad, (*lead, slice(b[i], b[i + 1])), False) if need else None
            for i, need in enumerate(ctx.needs_input_grad)
        )


class Stack(Function):
    @staticmethod
    def forward(ctx, *arrays, axis):
        ctx.axis = axis
        return np.stack(arrays, axis=axis)

    @staticmethod
    def backward(ctx, grad):
        lead = (slice(None),) * ctx.axis
        return tuple(
            GetItem.apply(grad, (*lead, i), False) if need else None
            for i, need in enumerate(ctx.needs_input_grad)
        )


def concatenate(tensors: Sequence[Tensor], axis: int = 0) -> Tensor:
    """Join tensors along an existing axis.

    Parameters
    ----------
    tensors
        A non-empty list/tuple of tensors of equal rank (at least 1) whose shapes agree
        except along ``axis``.
    axis
        The axis to join along (negative counts from the end).

    Returns
    -------
    Tensor whose ``axis`` has the summed sizes; the dtype is NumPy's promotion of theirs.
    """
    ts = _tensor_list("concatenate", tensors)
    first = ts[0].shape
    if not first:
        raise ValueError("concatenate: tensors[0] is 0-d (shape ()); 0-d tensors cannot be joined")
    ax = _axis("concatenate", axis, len(first), first)
    for i, t in enumerate(ts[1:], 1):
        if t.ndim != len(first) or any(
            s != f for d, (s, f) in enumerate(zip(t.shape, first)) if d != ax
        ):
            raise ValueError(
                f"concatenate: tensors[{i}] has shape {t.shape} but tensors[0] has shape "
                f"{first}; all dimensions except axis {ax} must match"
            )
    return Concatenate.apply(*ts, axis=ax)


def stack(tensors: Sequence[Tensor], axis: int = 0) -> Tensor:
    """Join tensors of one shape along a new axis.

    Parameters
    ----------
    tensors
        A non-empty list/tuple of ``k`` tensors of the same shape ``S``.
    axis
        Where the new axis goes in the result (``-len(S) - 1`` to ``len(S)``).

    Returns
    -------
    Tensor of shape ``S`` with ``k`` inserted at ``axis``.
    """
    ts = _tensor_list("stack", tensors)
    first = ts[0].shape
    for i, t in enumerate(ts[1:], 1):
        if t.shape != first:
            raise ValueError(
                f"stack: tensors[{i}] has shape {t.shape} but tensors[0] has shape {first}; "
                "all tensors must have the same shape"
            )
    return Stack.apply(*ts, axis=_axis("stack", axis, len(first) + 1, first))


def split(x: Tensor, indices_or_sections: int | Sequence[int], axis: int = 0) -> list[Tensor]:
    """Split ``x`` along ``axis`` into differentiable slices (NumPy's ``split``).

    Parameters
    ----------
    x
        Any shape with at least one dimension.
    indices_or_sections
        An int ``N``: ``N`` equal parts (``N`` must divide ``x.shape[axis]``). A sequence of
        indices: the cut points, so ``[2, 3]`` gives ``x[:2]``, ``x[2:3]``, ``x[3:]`` along
        ``axis`` (out-of-range and decreasing indices give empty parts, as in NumPy).
    axis
        The axis to split (negative counts from the end).

    Returns
    -------
    list of Tensors, each ``x[..., a:b, ...]`` with the slice on ``axis``.
    """
    x = _tensor("split", x)
    ax = _axis("split", axis, x.ndim, x.shape)
    size = x.shape[ax]
    if _is_int(indices_or_sections):
        n = int(indices_or_sections)
        if n <= 0 or size % n:
            raise ValueError(
                f"split: indices_or_sections={n} does not divide axis {ax} of size {size} "
                f"(tensor shape {x.shape}) into equal parts"
            )
        cuts = list(range(0, size + 1, size // n)) if size else [0] * (n + 1)
    else:
        if isinstance(indices_or_sections, np.ndarray):
            indices_or_sections = indices_or_sections.tolist()
        if not isinstance(indices_or_sections, (tuple, list)) or not all(
            _is_int(i) for i in indices_or_sections
        ):
            raise TypeError(
                f"split: indices_or_sections must be an int or a sequence of ints, got "
                f"{indices_or_sections!r}"
            )
        cuts = [0, *indices_or_sections, size]
    lead = (slice(None),) * ax
    return [GetItem.apply(x, (*lead, slice(a, b)), False) for a, b in itertools.pairwise(cuts)]


# --------------------------------------------------------------------------------------------
# Padding and flipping
# --------------------------------------------------------------------------------------------


class Pad(Function):
    @staticmethod
    def forward(ctx, a, *, widths, constant_values):
        ctx.inner = tuple(slice(before, before + n) for (before, _), n in zip(widths, a.shape))
        # A 0-d array has no axes to pad; NumPy rejects an empty width list but takes 0.
        return np.pad(a, widths or 0, mode="constant", constant_values=constant_values)

    @staticmethod
    def backward(ctx, grad):
        return GetItem.apply(grad, ctx.inner, False)


def pad(
    x: Tensor,
    pad_width: int | Sequence[int] | Sequence[Sequence[int]],
    mode: str = "constant",
    constant_values: Any = 0,
) -> Tensor:
    """``x`` padded with a constant (NumPy's ``pad``, constant mode).

    Parameters
    ----------
    x
        Any shape ``(d0, ..., dn)``.
    pad_width
        NumPy's forms: ``p`` (every side of every axis), ``(p,)``, ``(before, after)`` (every
        axis), or one ``(before, after)`` pair per axis. Non-negative ints.
    mode
        Only ``'constant'``.
    constant_values
        The fill value (NumPy's forms; it carries no gradient).

    Returns
    -------
    Tensor of shape ``(d0 + before0 + after0, ..., dn + beforen + aftern)``.
    """
    x = _tensor("pad", x)
    if mode != "constant":
        raise ValueError(f"pad: only mode='constant' is supported, got mode={mode!r}")
    try:
        widths = np.asarray(pad_width)
    except ValueError:
        raise ValueError(f"pad: pad_width {pad_width!r} is ragged; use ints or pairs") from None
    if widths.dtype.kind not in "iu":
        raise TypeError(f"pad: pad_width must hold ints, got {pad_width!r}")
    try:
        widths = np.broadcast_to(widths, (x.ndim, 2))
    except ValueError:
        raise ValueError(
            f"pad: pad_width {pad_width!r} (shape {np.shape(pad_width)}) does not fit a tensor "
            f"of shape {x.shape}: expected an int, (before, after) or {x.ndim} such pairs"
        ) from None
    if (widths < 0).any():
        raise ValueError(f"pad: pad_width {pad_width!r} has negative widths")
    if isinstance(constant_values, Tensor):
        constant_values = constant_values.array
    return Pad.apply(x, widths=tuple(map(tuple, widths.tolist())), constant_values=constant_values)


class Flip(Function):
    @staticmethod
    def forward(ctx, a, *, axes):
        ctx.axes = axes
        return np.flip(a, axes)

    @staticmethod
    def backward(ctx, grad):
        return Flip.apply(grad, axes=ctx.axes)


def flip(x: Tensor, axis: AxisLike = None) -> Tensor:
    """``x`` with the order of elements reversed along ``axis`` (all axes if ``None``).

    Parameters
    ----------
    x
        Any shape.
    axis
        An int or tuple of ints (negative counts from the end), or ``None``.

    Returns
    -------
    Tensor of ``x.shape`` (a view of ``x``'s data).
    """
    x = _tensor("flip", x)
    axes = tuple(range(x.ndim)) if axis is None else _axes("flip", axis, x.ndim, x.shape)
    return Flip.apply(x, axes=axes)
