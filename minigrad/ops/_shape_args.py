"""The argument checks of the shape ops, shared with the reductions, scans, sorts and
indexing: :func:`is_int`, an axis or axes normalised against a rank, a shape given as an int
or a sequence, an operand as a Tensor. Every error names the op, the argument and the shape.
"""

from __future__ import annotations

from typing import Any, TypeGuard

import numpy as np

from ..tensor import Tensor


def is_int(v: Any) -> TypeGuard[int | np.integer]:
    """An int (Python or NumPy) and not a bool."""
    # ``type(v) is int`` first: the common case, and it already excludes bool
    return type(v) is int or (
        isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_))
    )


def axis_arg(op: str, axis: Any, ndim: int, shape: tuple[int, ...], arg: str = "axis") -> int:
    """``axis`` as a non-negative int below ``ndim`` (the rank the axis refers to)."""
    if not is_int(axis):
        raise TypeError(f"{op}: {arg} must be an int, got {axis!r}")
    if not -ndim <= axis < ndim:
        raise ValueError(
            f"{op}: {arg} {axis} is out of range for a tensor of shape {shape} "
            f"(valid: {-ndim} to {ndim - 1})"
        )
    return int(axis) % ndim


def axes_arg(
    op: str, axis: Any, ndim: int, shape: tuple[int, ...], arg: str = "axis"
) -> tuple[int, ...]:
    """``axis`` (an int or a sequence of ints) as a tuple of distinct non-negative ints."""
    items = (axis,) if is_int(axis) else axis
    if not isinstance(items, (tuple, list)):
        raise TypeError(f"{op}: {arg} must be an int or a tuple of ints, got {axis!r}")
    axes = tuple(axis_arg(op, a, ndim, shape, arg) for a in items)
    if len(set(axes)) != len(axes):
        raise ValueError(f"{op}: repeated axis in {arg}={axis!r} (tensor shape {shape})")
    return axes


def shape_tuple(op: str, shape: Any, arg: str = "shape") -> tuple[int, ...]:
    items = (shape,) if is_int(shape) else shape
    if not isinstance(items, (tuple, list)) or not all(map(is_int, items)):
        raise TypeError(f"{op}: {arg} must be an int or a sequence of ints, got {shape!r}")
    return tuple(map(int, items))


def tensor_arg(op: str, x: Any) -> Tensor:
    """``x`` as a Tensor (arrays, numbers and lists are wrapped); anything else is a TypeError
    naming ``op``, instead of an AttributeError from deep inside."""
    if isinstance(x, Tensor):
        return x
    if isinstance(x, (np.ndarray, np.generic, list, tuple, int, float, bool)):
        return Tensor(x)
    raise TypeError(f"{op}: expected a Tensor, got {type(x).__name__}")


def tensor_list(op: str, tensors: Any) -> list[Tensor]:
    if not isinstance(tensors, (list, tuple)):
        raise TypeError(
            f"{op}: tensors must be a list or tuple of tensors, got {type(tensors).__name__}"
        )
    if not tensors:
        raise ValueError(f"{op}: tensors is empty; need at least one tensor")
    return [t if isinstance(t, Tensor) else Tensor(t) for t in tensors]
