"""Shape ops: reshape, transpose, broadcasting and flipping. Their VJPs move gradients back
to where the values came from.

Every op that only reinterprets the element order (``reshape``, ``squeeze``, ``expand_dims``,
``flatten``) is one primitive, :class:`Reshape`; axis permutations (``transpose``,
``swapaxes``) are :class:`Transpose`. Joining, splitting and padding (``concatenate``,
``stack``, ``split``, ``pad``) are in :mod:`~minigrad.ops.join`, re-exported here; the
argument checks these ops share with the reductions are in ``ops/_shape_args.py``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from ..autograd import Function
from ..tensor import Tensor
from ._shape_args import axes_arg, axis_arg, is_int, shape_tuple, tensor_arg
from .join import (  # noqa: F401 - re-exported: the shape namespace, where they were first
    Concatenate,
    Pad,
    Stack,
    concatenate,
    pad,
    split,
    stack,
)

__all__ = [
    "broadcast_to",
    "expand_dims",
    "flatten",
    "flip",
    "reshape",
    "squeeze",
    "swapaxes",
    "transpose",
]

ShapeLike = int | Sequence[int]
AxisLike = int | Sequence[int] | None


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
    x = tensor_arg("reshape", x)
    target = shape_tuple("reshape", shape)
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
    x = tensor_arg("squeeze", x)
    if axis is None:
        axes: tuple[int, ...] = tuple(i for i, s in enumerate(x.shape) if s == 1)
    else:
        axes = axes_arg("squeeze", axis, x.ndim, x.shape)
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
    x = tensor_arg("expand_dims", x)
    n_new = 1 if is_int(axis) else len(axis) if isinstance(axis, (tuple, list)) else 0
    axes = axes_arg("expand_dims", axis, x.ndim + n_new, x.shape)
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
    x = tensor_arg("flatten", x)
    shape = x.shape or (1,)
    start = axis_arg("flatten", start_dim, len(shape), x.shape, "start_dim")
    end = axis_arg("flatten", end_dim, len(shape), x.shape, "end_dim")
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
    x = tensor_arg("transpose", x)
    if axes is None:
        perm = tuple(range(x.ndim - 1, -1, -1))
    else:
        perm = axes_arg("transpose", axes, x.ndim, x.shape, "axes")
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
    x = tensor_arg("swapaxes", x)
    a = axis_arg("swapaxes", axis1, x.ndim, x.shape, "axis1")
    b = axis_arg("swapaxes", axis2, x.ndim, x.shape, "axis2")
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
    a = tensor_arg("broadcast_to", a)
    shape = shape_tuple("broadcast_to", shape)
    try:
        ok = np.broadcast_shapes(a.shape, shape) == shape
    except ValueError:
        ok = False
    if not ok:
        raise ValueError(f"broadcast_to: cannot broadcast shape {a.shape} to {shape}")
    return BroadcastTo.apply(a, shape=shape)


# --------------------------------------------------------------------------------------------
# Flipping
# --------------------------------------------------------------------------------------------


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
    x = tensor_arg("flip", x)
    axes = tuple(range(x.ndim)) if axis is None else axes_arg("flip", axis, x.ndim, x.shape)
    return Flip.apply(x, axes=axes)
