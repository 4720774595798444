"""The Tensor's Python operators (``+``, ``*``, ``@``, ``==``, ``&``, ``x[i]``...), with PyTorch's
type promotion (:mod:`minigrad.dtypes`) applied before the op is called.

The common case (same dtypes, or a float tensor and a Python number) is one inline check in
each operator, so the hot path of ``a + b`` makes no extra call; the rest goes through
:func:`_promote`.

A mixin of :class:`~minigrad.tensor.Tensor`; ``_t`` is ``minigrad.tensor`` (see
``minigrad._tensor_methods`` for why).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

import minigrad.tensor as _t

from . import dtypes as _dt

if TYPE_CHECKING:
    from .tensor import Tensor


# Python numbers beside a float tensor: NumPy already gives PyTorch's dtype (the cheap check
# every operator makes before calling _promote).
_NUMBERS = frozenset({float, int})


def _promote(t: Tensor, other: Any, floating: bool = False) -> tuple[Any, Any]:
    """``t`` and ``other`` converted to PyTorch's result dtype (``floating``: at least the
    default float dtype, as true division needs). Python numbers stay numbers: NumPy keeps
    a tensor's dtype for them once the tensor has the result dtype."""
    kind = type(other)
    if kind is float or kind is int:  # the common case, where NumPy and PyTorch agree
        k = t.array.dtype.kind
        if k == "f" or k == "c" or (kind is int and not floating):
            return t, other
    dt = _dt.result_type(t, other)
    if floating and dt.kind in "biu":
        dt = _dt.get_default_dtype()
    if t.array.dtype != dt:
        t = t.astype(dt)
    if isinstance(other, _t.Tensor):
        return t, other if other.array.dtype == dt else other.astype(dt)
    if isinstance(other, np.ndarray):
        return t, _t.Tensor.constant(other.astype(dt, copy=False))
    return t, other


class OperatorsMixin:
    """The Tensor's operators (see the module docstring)."""

    __slots__ = ()

    def __add__(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        if (type(other) is not _t.Tensor or other.array.dtype is not self.array.dtype) and (
            type(other) not in _NUMBERS or self.array.dtype.kind != "f"
        ):
            self, other = _promote(self, other)
        return _t._ew.add(self, other)

    def __radd__(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        if type(other) not in _NUMBERS or self.array.dtype.kind != "f":
            self, other = _promote(self, other)
        return _t._ew.add(other, self)

    def __sub__(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        if (type(other) is not _t.Tensor or other.array.dtype is not self.array.dtype) and (
            type(other) not in _NUMBERS or self.array.dtype.kind != "f"
        ):
            self, other = _promote(self, other)
        return _t._ew.subtract(self, other)

    def __rsub__(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        if type(other) not in _NUMBERS or self.array.dtype.kind != "f":
            self, other = _promote(self, other)
        return _t._ew.subtract(other, self)

    def __mul__(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        if (type(other) is not _t.Tensor or other.array.dtype is not self.array.dtype) and (
            type(other) not in _NUMBERS or self.array.dtype.kind != "f"
        ):
            self, other = _promote(self, other)
        return _t._ew.multiply(self, other)

    def __rmul__(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        if type(other) not in _NUMBERS or self.array.dtype.kind != "f":
            self, other = _promote(self, other)
        return _t._ew.multiply(other, self)

    def __truediv__(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        if self.array.dtype.kind != "f" or (
            type(other) not in _NUMBERS
            and (type(other) is not _t.Tensor or other.array.dtype is not self.array.dtype)
        ):
            self, other = _promote(self, other, floating=True)
        return _t._ew.divide(self, other)

    def __rtruediv__(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        if type(other) not in _NUMBERS or self.array.dtype.kind != "f":
            self, other = _promote(self, other, floating=True)
        return _t._ew.divide(other, self)

    def __pow__(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        if (type(other) is not _t.Tensor or other.array.dtype is not self.array.dtype) and (
            type(other) not in _NUMBERS or self.array.dtype.kind != "f"
        ):
            self, other = _promote(self, other)
        return _t._ew.power(self, other)

    def __rpow__(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        if type(other) not in _NUMBERS or self.array.dtype.kind != "f":
            self, other = _promote(self, other)
        return _t._ew.power(other, self)

    def __floordiv__(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        return _t._fn.floor_divide(self, other)

    def __rfloordiv__(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        return _t._fn.floor_divide(other, self)

    def __mod__(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        return _t._fn.remainder(self, other)

    def __rmod__(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        return _t._fn.remainder(other, self)

    def __matmul__(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        return _t._linalg.matmul(self, other)

    def __rmatmul__(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        return _t._linalg.matmul(other, self)

    def __neg__(self: Tensor) -> Tensor:  # type: ignore[misc]
        return _t._ew.negative(self)

    def __pos__(self: Tensor) -> Tensor:  # type: ignore[misc]
        return self

    def __abs__(self: Tensor) -> Tensor:  # type: ignore[misc]
        return _t._ew.abs(self)

    def __eq__(self: Tensor, other: Any) -> Any:  # type: ignore[override, misc]
        return False if other is None else _t._ew.equal(self, other)

    def __ne__(self: Tensor, other: Any) -> Any:  # type: ignore[override, misc]
        return True if other is None else _t._ew.not_equal(self, other)

    def __lt__(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        return _t._ew.less(self, other)

    def __le__(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        return _t._ew.less_equal(self, other)

    def __gt__(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        return _t._ew.greater(self, other)

    def __ge__(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        return _t._ew.greater_equal(self, other)

    def __invert__(self: Tensor) -> Tensor:  # type: ignore[misc]
        return _t._fn.bitwise_not(self)

    def __and__(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        return _t._fn.bitwise_and(self, other)

    def __rand__(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        return _t._fn.bitwise_and(other, self)

    def __or__(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        return _t._fn.bitwise_or(self, other)

    def __ror__(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        return _t._fn.bitwise_or(other, self)

    def __xor__(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        return _t._fn.bitwise_xor(self, other)

    def __rxor__(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        return _t._fn.bitwise_xor(other, self)

    def __getitem__(self: Tensor, index: Any) -> Tensor:  # type: ignore[misc]
        return _t._indexing.getitem(self, index)

    def __round__(self: Tensor, ndigits: int | None = None) -> Any:  # type: ignore[misc]
        return _t._fn.round(self, decimals=ndigits or 0)
