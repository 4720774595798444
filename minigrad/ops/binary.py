"""Binary element-wise math: ``arctan2``, ``hypot``, ``logaddexp``/``logaddexp2``,
``fmax``/``fmin`` and ``remainder``/``fmod``, each with its VJP in Tensor ops and NumPy's
broadcasting (the engine sums the gradients back to each input's shape)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..autograd import Function
from ..tensor import Tensor
from ._operands import Operand, apply_binary
from .math import exp2
from .unary import exp

__all__ = [
    "arctan2",
    "fmax",
    "fmin",
    "fmod",
    "hypot",
    "logaddexp",
    "logaddexp2",
    "remainder",
]


class Arctan2(Function):
    @staticmethod
    def forward(ctx, y, x):
        ctx.save_for_backward(y, x)
        return np.arctan2(y, x)

    @staticmethod
    def backward(ctx, grad):
        y, x = ctx.saved_tensors
        scale = grad / (x * x + y * y)
        gy, gx = ctx.needs_input_grad
        return (scale * x if gy else None), (-scale * y if gx else None)


def arctan2(x1: Operand, x2: Operand) -> Tensor:
    """The angle of the point ``(x2, x1)``, in ``[-π, π]``; ``d/dx1 = x2/r²``,
    ``d/dx2 = -x1/r²`` (undefined at the origin)."""
    return apply_binary(Arctan2, "arctan2", x1, x2)


class Hypot(Function):
    @staticmethod
    def forward(ctx, a, b):
        out = np.hypot(a, b)
        ctx.save_for_backward(a, b, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, b, out = ctx.saved_tensors
        ga, gb = ctx.needs_input_grad
        return (grad * a / out if ga else None), (grad * b / out if gb else None)


def hypot(x1: Operand, x2: Operand) -> Tensor:
    """``√(x1² + x2²)`` without overflow; ``d/dx1 = x1/r`` (undefined at the origin)."""
    return apply_binary(Hypot, "hypot", x1, x2)


class _LogAddExp(Function):
    """``log_b(b^a + b^c)`` without overflow, for ``logaddexp`` (base e) and ``logaddexp2``
    (base 2): each operand's gradient is its softmax weight ``b^(x - out)``."""

    ufunc: Any  # np.logaddexp or np.logaddexp2
    power: Any  # exp or exp2, as a staticmethod: the weight's Tensor op

    @staticmethod
    def forward(ctx, a, b):
        out = type(ctx).ufunc(a, b)
        ctx.save_for_backward(a, b, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, b, out = ctx.saved_tensors
        ga, gb = ctx.needs_input_grad
        power = type(ctx).power
        return (grad * power(a - out) if ga else None), (grad * power(b - out) if gb else None)


class LogAddExp(_LogAddExp):
    ufunc = np.logaddexp
    power = staticmethod(exp)


def logaddexp(x1: Operand, x2: Operand) -> Tensor:
    """``ln(e^x1 + e^x2)`` without overflow; ``d/dx1 = e^(x1 - out)`` (a softmax weight)."""
    return apply_binary(LogAddExp, "logaddexp", x1, x2)


class LogAddExp2(_LogAddExp):
    ufunc = np.logaddexp2
    power = staticmethod(exp2)


def logaddexp2(x1: Operand, x2: Operand) -> Tensor:
    """``log2(2^x1 + 2^x2)`` without overflow; ``d/dx1 = 2^(x1 - out)``."""
    return apply_binary(LogAddExp2, "logaddexp2", x1, x2)


class _NanExtreme(Function):
    """``fmax``/``fmin``: the larger/smaller value, ignoring a NaN on one side. The gradient
    goes to the chosen operand; on a tie each gets half (as ``maximum``)."""

    ufunc: Any
    prefer: Any  # np.greater for fmax: where a wins

    @staticmethod
    def forward(ctx, a, b):
        out = type(ctx).ufunc(a, b)
        wins = type(ctx).prefer(a, b) | np.isnan(b)
        ctx.a_share = np.where(np.equal(a, b), 0.5, wins).astype(out.dtype)
        return out

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.a_share, grad * (1 - ctx.a_share)


class FMax(_NanExtreme):
    ufunc = np.fmax
    prefer = np.greater


def fmax(x1: Operand, x2: Operand) -> Tensor:
    """Element-wise maximum that ignores NaNs; ties split the gradient evenly."""
    return apply_binary(FMax, "fmax", x1, x2)


class FMin(_NanExtreme):
    ufunc = np.fmin
    prefer = np.less


def fmin(x1: Operand, x2: Operand) -> Tensor:
    """Element-wise minimum that ignores NaNs; ties split the gradient evenly."""
    return apply_binary(FMin, "fmin", x1, x2)


class _Modulo(Function):
    """``a - q b`` with ``q = floor(a/b)`` (``remainder``) or ``trunc(a/b)`` (``fmod``):
    ``d/da = 1``, ``d/db = -q``, ``q`` a constant (piecewise constant; undefined at the
    jumps, where ``a/b`` is an integer)."""

    ufunc: Any
    rounding: Any

    @staticmethod
    def forward(ctx, a, b):
        ctx.quotient = type(ctx).rounding(np.divide(a, b))
        return type(ctx).ufunc(a, b)

    @staticmethod
    def backward(ctx, grad):
        ga, gb = ctx.needs_input_grad
        return (grad if ga else None), (grad * -ctx.quotient if gb else None)


class Remainder(_Modulo):
    ufunc = np.remainder
    rounding = np.floor


def remainder(x1: Operand, x2: Operand) -> Tensor:
    """``x1 mod x2`` with the sign of ``x2`` (Python's ``%``, NumPy's ``mod``)."""
    return apply_binary(Remainder, "remainder", x1, x2)


class FMod(_Modulo):
    ufunc = np.fmod
    rounding = np.trunc


def fmod(x1: Operand, x2: Operand) -> Tensor:
    """The C remainder ``x1 - trunc(x1/x2) x2``, with the sign of ``x1``."""
    return apply_binary(FMod, "fmod", x1, x2)
