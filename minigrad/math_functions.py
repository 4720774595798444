"""PyTorch's top-level math functions that compose the element-wise ops (``add`` with
``alpha``, ``div`` with ``rounding_mode``, ``remainder``, ``clamp``, ``where``, ``lerp``,
``softmax``, ``tril``/``triu``, ``meshgrid``...), so their gradients come with the ops'.
Their public home is :mod:`minigrad.functions` (and the top level), which re-exports them.
"""

# PyTorch's argument and function names (input, min, max, round...) shadow builtins on purpose.
# ruff: noqa: A001, A002

from __future__ import annotations

from typing import Any

import numpy as np

from . import dtypes as _dt
from .errors import DTypeError, ShapeError
from .ops import activation as _act
from .ops import elementwise as _ew
from .ops import shape as _shape
from .ops.indexing import normalize_dim
from .shape_functions import _operand, _tensor, _tensors
from .tensor import Tensor

__all__ = [
    "add",
    "clamp",
    "clip",
    "div",
    "divide",
    "floor_divide",
    "lerp",
    "log_softmax",
    "meshgrid",
    "mul",
    "nonzero",
    "pow",
    "reciprocal",
    "remainder",
    "round",
    "rsqrt",
    "softmax",
    "square",
    "sub",
    "subtract",
    "tril",
    "triu",
    "where",
]


def add(input: Any, other: Any, *, alpha: Any = 1) -> Tensor:
    """``input + alpha * other``."""
    return input + (other if alpha == 1 else other * alpha)


def sub(input: Any, other: Any, *, alpha: Any = 1) -> Tensor:
    """``input - alpha * other``."""
    return input - (other if alpha == 1 else other * alpha)


def _as_tensor(x: Any) -> Tensor:
    return x if isinstance(x, Tensor) else Tensor(x)


def mul(input: Any, other: Any) -> Tensor:
    """``input * other`` (PyTorch's type promotion)."""
    return _as_tensor(_operand("mul", input)) * _operand("mul", other)


def pow(input: Any, exponent: Any) -> Tensor:
    """``input ** exponent``; either may be a number (PyTorch's type promotion)."""
    _operand("pow", input)
    _operand("pow", exponent)
    if isinstance(input, Tensor):
        return input**exponent
    return _as_tensor(exponent).__rpow__(input)


def _triangle(op: str, input: Any, diagonal: int, keep: Any) -> Tensor:
    x = _tensor(op, input)
    if x.ndim < 2:
        raise ShapeError(f"{op}: input tensor must have at least 2 dimensions, got {x.ndim}")
    mask = keep(np.ones(x.shape[-2:], bool), diagonal)
    return _ew.where(mask, x, np.zeros((), x.dtype))


def tril(input: Tensor, diagonal: int = 0) -> Tensor:
    """``input`` with the elements above the ``diagonal``-th diagonal zeroed (last 2 dims)."""
    return _triangle("tril", input, diagonal, np.tril)


def triu(input: Tensor, diagonal: int = 0) -> Tensor:
    """``input`` with the elements below the ``diagonal``-th diagonal zeroed (last 2 dims)."""
    return _triangle("triu", input, diagonal, np.triu)


def meshgrid(*tensors: Any, indexing: str = "ij") -> tuple[Tensor, ...]:
    """Coordinate grids from 1-D tensors (``indexing="ij"`` or ``"xy"``), broadcast views
    that stay in the graph."""
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    ts = _tensors("meshgrid", list(tensors))
    if indexing not in ("ij", "xy"):
        raise ShapeError(f"meshgrid: indexing must be 'ij' or 'xy', got {indexing!r}")
    if any(t.ndim > 1 for t in ts):
        raise ShapeError("meshgrid: expects 0-D or 1-D tensors")
    sizes = [t.numel() for t in ts]
    if indexing == "xy" and len(ts) >= 2:
        sizes[0], sizes[1] = sizes[1], sizes[0]
    out = []
    for i, v in enumerate(ts):
        axis = (1 - i if i < 2 else i) if indexing == "xy" and len(ts) >= 2 else i
        shape = [1] * len(ts)
        shape[axis] = v.numel()
        out.append(_shape.broadcast_to(_shape.reshape(v, tuple(shape)), tuple(sizes)))
    return tuple(out)


def subtract(input: Any, other: Any, *, alpha: Any = 1) -> Tensor:
    """PyTorch's alias of :func:`sub`."""
    return sub(input, other, alpha=alpha)


def divide(input: Any, other: Any, *, rounding_mode: str | None = None) -> Tensor:
    """PyTorch's alias of :func:`div`."""
    return _div("divide", input, other, rounding_mode)


def div(input: Any, other: Any, *, rounding_mode: str | None = None) -> Tensor:
    """``input / other``; ``rounding_mode`` ``"floor"`` or ``"trunc"`` rounds the quotient
    (no gradient then, as it is piecewise constant)."""
    return _div("div", input, other, rounding_mode)


def _div(op: str, input: Any, other: Any, rounding_mode: str | None) -> Tensor:
    _operand(op, input)
    _operand(op, other)
    if rounding_mode is None:
        return _as_tensor(input) / other
    if rounding_mode == "floor":
        return floor_divide(input, other)
    if rounding_mode == "trunc":
        q = _as_tensor(input) / other
        out = np.trunc(q.array)
        dt = _dt.result_type(input, other)
        return Tensor.constant(out.astype(dt) if dt.kind in "biu" else out)
    raise ValueError(
        f"div expected rounding_mode to be one of None, 'trunc', or 'floor' but found "
        f"'{rounding_mode}'"
    )


def _arrays(op: str, a: Any, b: Any) -> tuple[Any, Any, np.dtype]:
    dt = _dt.result_type(_operand(op, a), _operand(op, b))
    return (np.asarray(a.array if isinstance(a, Tensor) else a, dt),
            np.asarray(b.array if isinstance(b, Tensor) else b, dt), dt)  # fmt: skip


def floor_divide(input: Any, other: Any) -> Tensor:
    """``floor(input / other)`` element-wise (no gradient: it is piecewise constant)."""
    a, b, _ = _arrays("floor_divide", input, other)
    if a.dtype.kind in "iu" and np.any(b == 0):
        raise ZeroDivisionError("floor_divide: ZeroDivisionError (integer division by zero)")
    return Tensor.constant(np.asarray(np.floor_divide(a, b)))


def _in_dtype(t: Any, array: np.ndarray, dt: np.dtype) -> Tensor:
    """``t`` in the graph as ``dt`` (cast only if it differs), or its array as a constant."""
    if not isinstance(t, Tensor):
        return Tensor.constant(array)
    return t if t.dtype == dt else t.astype(dt)


def remainder(input: Any, other: Any) -> Tensor:
    """``input - floor(input / other) * other``: Python's ``%``, the sign of ``other``.
    Differentiable: 1 for ``input``, ``-floor(input / other)`` for ``other``."""
    a, b, dt = _arrays("remainder", input, other)
    q = floor_divide(a, b)
    # A Tensor operand is cast in the graph (astype is differentiable), never replaced by
    # its array: a promotion to float64 must not drop the gradient.
    x = _in_dtype(input, a, dt)
    y = _in_dtype(other, b, dt)
    return x - q * y


def round(input: Tensor, *, decimals: int = 0) -> Tensor:
    """Round half to even (to ``decimals`` places); no gradient (it is piecewise constant)."""
    x = _tensor("round", input)
    return Tensor.constant(np.round(x.array, decimals))


def rsqrt(input: Tensor) -> Tensor:
    """``1 / sqrt(input)``."""
    return 1.0 / _ew.sqrt(_tensor("rsqrt", input))


def square(input: Tensor) -> Tensor:
    """``input * input``."""
    x = _tensor("square", input)
    return x * x


def reciprocal(input: Tensor) -> Tensor:
    """``1 / input`` (integer tensors give the default float dtype)."""
    return 1 / _tensor("reciprocal", input)


def lerp(input: Tensor, end: Any, weight: Any) -> Tensor:
    """``input + weight * (end - input)``."""
    input = _tensor("lerp", input)
    _operand("lerp", end)
    _operand("lerp", weight)
    return input + weight * (end - input)


def clip(input: Tensor, min: Any = None, max: Any = None) -> Tensor:
    """PyTorch's alias of :func:`clamp`."""
    return clamp(input, min, max, op="clip")


def _softmax_input(op: str, input: Any, dim: int, dtype: Any) -> tuple[Tensor, int]:
    x = _tensor(op, input)
    if dtype is not None:
        x = x.astype(_dt.as_dtype(dtype, op))
    if x.dtype.kind != "f":
        raise TypeError(f"{op}: expected a floating-point tensor, got dtype {x.dtype}")
    return x, normalize_dim(op, dim, x.ndim)


def softmax(input: Tensor, dim: int, dtype: Any = None) -> Tensor:
    """``exp(input) / sum(exp(input))`` along ``dim``, max-shifted so it never overflows."""
    x, d = _softmax_input("softmax", input, dim, dtype)
    return _act.softmax(x, axis=d)


def log_softmax(input: Tensor, dim: int, dtype: Any = None) -> Tensor:
    """``input - logsumexp(input, dim)``: finite where ``softmax(...).log()`` underflows."""
    x, d = _softmax_input("log_softmax", input, dim, dtype)
    return _act.log_softmax(x, axis=d)


def _bound(x: Tensor, b: Any) -> Tensor:
    b = b if isinstance(b, Tensor) else Tensor.constant(np.asarray(b, x.dtype))
    return b if b.dtype == x.dtype else b.astype(x.dtype)


def clamp(input: Tensor, min: Any = None, max: Any = None, *, op: str = "clamp") -> Tensor:
    """``input`` limited to ``[min, max]``. Number bounds: the gradient passes inside the
    range (ends included). Tensor bounds broadcast and receive the gradient where they
    bind."""
    x = _tensor(op, input)
    _ew._clip_bound(op, "min", min)
    _ew._clip_bound(op, "max", max)
    if min is None and max is None:
        raise ShapeError(
            f"{op}: at least one of min and max must be given (torch.clamp: At least one of "
            "'min' or 'max' must not be None)"
        )
    if not isinstance(min, Tensor) and not isinstance(max, Tensor):
        return _ew.clip(x, min, max)
    out = x
    if min is not None:
        lo = _bound(x, min)
        out = _ew.where((out < lo).array, lo, out)
    if max is not None:
        hi = _bound(x, max)
        out = _ew.where((out > hi).array, hi, out)
    return out


def where(condition: Any, input: Any = None, other: Any = None) -> Any:
    """``input`` where ``condition`` is true, else ``other`` (broadcast, PyTorch's dtype
    promotion); ``where(condition)`` alone is ``nonzero(condition, as_tuple=True)``."""
    if not isinstance(condition, (Tensor, np.ndarray, bool, np.bool_, list, tuple)):
        raise DTypeError(
            f"where: condition must be a boolean Tensor, got {type(condition).__name__}"
        )
    if input is None and other is None:
        return nonzero(condition, as_tuple=True)  # type: ignore[arg-type]  # it checks its input
    _operand("where", input)
    _operand("where", other)
    dt = _dt.result_type(input, other)
    a = input.astype(dt) if isinstance(input, Tensor) and input.dtype != dt else input
    b = other.astype(dt) if isinstance(other, Tensor) and other.dtype != dt else other
    if not isinstance(a, Tensor):
        a = Tensor.constant(np.asarray(a, dt))
    if not isinstance(b, Tensor):
        b = Tensor.constant(np.asarray(b, dt))
    return _ew.where(condition, a, b)


def nonzero(input: Tensor, *, as_tuple: bool = False) -> Any:
    """The indices of the non-zero elements: an int64 ``(n, ndim)`` tensor, or (with
    ``as_tuple``) one 1-D tensor per dimension."""
    a = _tensor("nonzero", input).array
    if as_tuple:
        return tuple(Tensor.constant(i.astype(np.int64)) for i in np.nonzero(np.atleast_1d(a)))
    return Tensor.constant(np.argwhere(a).astype(np.int64))
