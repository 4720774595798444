# ruff: noqa: A002
"""``minigrad.numpy.linalg``: the products and norms that need no decomposition
(``norm``, ``matmul``, ``multi_dot``, ``matrix_power``, ``outer``, ``vecdot``, ``trace``)."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.lib.array_utils import normalize_axis_tuple

from ..ops import elementwise as ew
from ..ops import extreme as ex
from ._convert import tensor_of
from .linear import matmul, outer
from .linear import trace as _trace
from .reductions import max as _max
from .reductions import min as _min
from .reductions import sum as _sum
from .shape import moveaxis

__all__ = ["matmul", "matrix_power", "multi_dot", "norm", "outer", "trace", "vecdot"]


def norm(x: Any, ord: Any = None, axis: Any = None, keepdims: bool = False) -> Any:
    """Vector norms (``ord`` ``None``/2, 1, any p > 0, ``inf``, ``-inf``, 0) and the matrix
    norms ``'fro'``, 1, -1, ``inf``, ``-inf`` (not the spectral/nuclear ones, which need an
    SVD). The gradient where a norm is 0 is 0; ties at a max/min share it evenly."""
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
    else:
        raise ValueError(f"norm: matrix ord={ord!r} needs a decomposition (not supported)")
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
