# ruff: noqa: A002
"""Array creation with NumPy's names, arguments and defaults (float64 unless told).

``array``/``asarray`` of nested lists that hold Tensors stack them, so the result is in the
graph; everything else here makes constants.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..tensor import Tensor
from ._convert import constant, tensor_of


def array(
    object: Any,
    dtype: Any = None,
    *,
    copy: bool = True,
    order: str = "K",
    subok: bool = False,
    ndmin: int = 0,
    like: Any = None,
) -> Tensor:
    """A Tensor from array-like data; Tensors inside lists are stacked (differentiably)."""
    t = tensor_of(object, dtype)
    if ndmin > t.ndim:
        from ..ops.shape import reshape

        t = reshape(t, (1,) * (ndmin - t.ndim) + t.shape)
    if copy and isinstance(object, (np.ndarray, list, tuple)) and not t.requires_grad:
        return Tensor.constant(np.array(t.array))
    return t


def asarray(
    a: Any,
    dtype: Any = None,
    order: Any = None,
    *,
    device: Any = None,
    copy: Any = None,
    like: Any = None,
) -> Tensor:
    """``a`` as a Tensor (a Tensor is returned as it is)."""
    return tensor_of(a, dtype)


asanyarray = asarray
ascontiguousarray = asarray


def _constant(arr: np.ndarray) -> Tensor:
    return constant(arr)


def zeros(shape: Any, dtype: Any = float, order: str = "C", *, like: Any = None) -> Tensor:
    """Zeros of ``shape``."""
    return _constant(np.zeros(shape, dtype))


def ones(shape: Any, dtype: Any = None, order: str = "C", *, like: Any = None) -> Tensor:
    """Ones of ``shape``."""
    return _constant(np.ones(shape, dtype))


def empty(shape: Any, dtype: Any = float, order: str = "C", *, like: Any = None) -> Tensor:
    """An uninitialised array of ``shape`` (zeros here)."""
    return _constant(np.zeros(shape, dtype))


def full(
    shape: Any, fill_value: Any, dtype: Any = None, order: str = "C", *, like: Any = None
) -> Tensor:
    """``shape`` filled with ``fill_value`` (a Tensor fill value is broadcast, in the graph)."""
    if isinstance(fill_value, Tensor):
        from ..ops.shape import broadcast_to

        return broadcast_to(tensor_of(fill_value, dtype), shape) + 0
    return _constant(np.full(shape, fill_value, dtype))


def _like(a: Any) -> np.ndarray:
    return a.array if isinstance(a, Tensor) else np.asarray(tensor_of(a).array)


def zeros_like(
    a: Any,
    dtype: Any = None,
    order: str = "K",
    subok: bool = True,
    shape: Any = None,
    **kwargs: Any,
) -> Tensor:
    """Zeros with ``a``'s shape and dtype."""
    return _constant(np.zeros_like(_like(a), dtype, shape=shape))


def ones_like(
    a: Any,
    dtype: Any = None,
    order: str = "K",
    subok: bool = True,
    shape: Any = None,
    **kwargs: Any,
) -> Tensor:
    """Ones with ``a``'s shape and dtype."""
    return _constant(np.ones_like(_like(a), dtype, shape=shape))


def empty_like(
    a: Any,
    dtype: Any = None,
    order: str = "K",
    subok: bool = True,
    shape: Any = None,
    **kwargs: Any,
) -> Tensor:
    """An array with ``a``'s shape and dtype (zeros here)."""
    return _constant(np.zeros_like(_like(a), dtype, shape=shape))


def full_like(
    a: Any,
    fill_value: Any,
    dtype: Any = None,
    order: str = "K",
    subok: bool = True,
    shape: Any = None,
    **kwargs: Any,
) -> Tensor:
    """``a``'s shape filled with ``fill_value``."""
    return _constant(np.full_like(_like(a), fill_value, dtype, shape=shape))


def eye(
    N: int,
    M: int | None = None,
    k: int = 0,
    dtype: Any = float,
    order: str = "C",
    *,
    like: Any = None,
) -> Tensor:
    """Ones on the ``k``-th diagonal of an ``N × M`` matrix."""
    return _constant(np.eye(N, M, k, dtype))


def identity(n: int, dtype: Any = None, *, like: Any = None) -> Tensor:
    """The ``n × n`` identity."""
    return _constant(np.identity(n, dtype))


def arange(*args: Any, dtype: Any = None, like: Any = None, **kwargs: Any) -> Tensor:
    """Evenly spaced values in ``[start, stop)`` (NumPy's arguments)."""
    return _constant(np.arange(*args, dtype=dtype, **kwargs))


def linspace(
    start: Any,
    stop: Any,
    num: int = 50,
    endpoint: bool = True,
    retstep: bool = False,
    dtype: Any = None,
    axis: int = 0,
) -> Any:
    """``num`` evenly spaced values from ``start`` to ``stop``; differentiable in ``start``
    and ``stop`` when they are Tensors (the values are ``start + t (stop - start)``)."""
    if not isinstance(start, Tensor) and not isinstance(stop, Tensor):
        out = np.linspace(start, stop, num, endpoint, retstep, dtype, axis)  # type: ignore[call-overload]
        return (_constant(out[0]), out[1]) if retstep else _constant(out)
    from ..ops.shape import expand_dims
    from .shape import moveaxis

    a, b = tensor_of(start), tensor_of(stop)
    div = (num - 1) if endpoint else num
    steps = np.arange(num, dtype=np.float64) / (div if div > 0 else 1)
    shape = np.broadcast_shapes(a.shape, b.shape)
    t = Tensor.constant(steps.reshape((num,) + (1,) * len(shape)))
    out = expand_dims(a, 0) + t * expand_dims(b - a, 0)
    out = moveaxis(out, 0, axis) if axis != 0 else out
    if dtype is not None:
        out = tensor_of(out, dtype)
    return (out, (b - a) / (div if div > 0 else np.nan)) if retstep else out


def logspace(
    start: Any,
    stop: Any,
    num: int = 50,
    endpoint: bool = True,
    base: float = 10.0,
    dtype: Any = None,
    axis: int = 0,
) -> Tensor:
    """``base ** linspace(start, stop)``; differentiable in ``start`` and ``stop`` when they
    are Tensors."""
    if not isinstance(start, Tensor) and not isinstance(stop, Tensor):
        return _constant(np.logspace(start, stop, num, endpoint, base, dtype, axis))
    from ..ops.elementwise import power

    out = power(tensor_of(base), linspace(start, stop, num, endpoint, axis=axis))
    return out if dtype is None else tensor_of(out, dtype)


def tri(N: int, M: int | None = None, k: int = 0, dtype: Any = float) -> Tensor:
    """Ones at and below the ``k``-th diagonal."""
    return _constant(np.tri(N, M, k, dtype))


def indices(dimensions: Any, dtype: Any = int, sparse: bool = False) -> Any:
    """The index grid of ``dimensions`` (constants)."""
    out = np.indices(dimensions, dtype, sparse)  # type: ignore[call-overload]
    return tuple(map(_constant, out)) if sparse else _constant(out)


__all__ = [
    "arange",
    "array",
    "asanyarray",
    "asarray",
    "ascontiguousarray",
    "empty",
    "empty_like",
    "eye",
    "full",
    "full_like",
    "identity",
    "indices",
    "linspace",
    "logspace",
    "ones",
    "ones_like",
    "tri",
    "zeros",
    "zeros_like",
]
