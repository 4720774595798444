"""Element-wise math beyond arithmetic: the trigonometric, hyperbolic and inverse families,
logarithms and exponentials in other bases, powers, roots and rounding (the binary
functions are in :mod:`minigrad.ops.binary`).

Every unary op here is a ufunc with a derivative: a :class:`_UnaryMath` subclass names the
NumPy ufunc and its slope ``dy/dx`` as a function of the input ``x`` and output ``y``, written
in Tensor ops (so the VJP ``grad * slope`` differentiates again). Each slope is one line,
next to its op (HIPS autograd's ``defvjp`` table, one class per op). Ops that are piecewise
constant (``floor``, ``ceil``, ``rint``, ``trunc``, ``floor_divide``) return constants: their
gradient is 0 everywhere it exists.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..autograd import Function
from ..tensor import Tensor
from ._operands import Operand, apply_no_grad, apply_unary
from .elementwise import where
from .unary import cos, sqrt

__all__ = [
    "arccos",
    "arccosh",
    "arcsin",
    "arcsinh",
    "arctan",
    "arctanh",
    "cbrt",
    "ceil",
    "cosh",
    "exp2",
    "expm1",
    "fix",
    "floor",
    "floor_divide",
    "log1p",
    "log2",
    "log10",
    "reciprocal",
    "rint",
    "sinc",
    "sinh",
    "square",
    "tan",
    "trunc",
]


class _UnaryMath(Function):
    """``y = ufunc(x)`` with VJP ``grad * slope(x, y)``; subclasses set both."""

    ufunc: Any

    @staticmethod
    def slope(x: Tensor, y: Tensor) -> Any:
        raise NotImplementedError

    @staticmethod
    def forward(ctx, a):
        out = type(ctx).ufunc(a)
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        x, y = ctx.saved_tensors
        return grad * type(ctx).slope(x, y)


# --------------------------------------------------------------------------------------------
# Trigonometric, hyperbolic and their inverses
# --------------------------------------------------------------------------------------------


class Tan(_UnaryMath):
    floating = True
    ufunc = np.tan
    slope = staticmethod(lambda x, y: 1 + y * y)


def tan(x: Operand) -> Tensor:
    """Tangent; ``d/dx = 1 + tan²x``."""
    return apply_unary(Tan, "tan", x)


class Arcsin(_UnaryMath):
    floating = True
    ufunc = np.arcsin
    slope = staticmethod(lambda x, y: 1 / sqrt(1 - x * x))


def arcsin(x: Operand) -> Tensor:
    """Inverse sine on ``[-1, 1]``; ``d/dx = 1/√(1 - x²)`` (infinite at ±1)."""
    return apply_unary(Arcsin, "arcsin", x)


class Arccos(_UnaryMath):
    floating = True
    ufunc = np.arccos
    slope = staticmethod(lambda x, y: -1 / sqrt(1 - x * x))


def arccos(x: Operand) -> Tensor:
    """Inverse cosine on ``[-1, 1]``; ``d/dx = -1/√(1 - x²)`` (infinite at ±1)."""
    return apply_unary(Arccos, "arccos", x)


class Arctan(_UnaryMath):
    floating = True
    ufunc = np.arctan
    slope = staticmethod(lambda x, y: 1 / (1 + x * x))


def arctan(x: Operand) -> Tensor:
    """Inverse tangent; ``d/dx = 1/(1 + x²)``."""
    return apply_unary(Arctan, "arctan", x)


class Sinh(_UnaryMath):
    floating = True
    ufunc = np.sinh
    slope = staticmethod(lambda x, y: cosh(x))


def sinh(x: Operand) -> Tensor:
    """Hyperbolic sine; ``d/dx = cosh x``."""
    return apply_unary(Sinh, "sinh", x)


class Cosh(_UnaryMath):
    floating = True
    ufunc = np.cosh
    slope = staticmethod(lambda x, y: sinh(x))


def cosh(x: Operand) -> Tensor:
    """Hyperbolic cosine; ``d/dx = sinh x``."""
    return apply_unary(Cosh, "cosh", x)


class Arcsinh(_UnaryMath):
    floating = True
    ufunc = np.arcsinh
    slope = staticmethod(lambda x, y: 1 / sqrt(x * x + 1))


def arcsinh(x: Operand) -> Tensor:
    """Inverse hyperbolic sine; ``d/dx = 1/√(x² + 1)``."""
    return apply_unary(Arcsinh, "arcsinh", x)


class Arccosh(_UnaryMath):
    floating = True
    ufunc = np.arccosh
    slope = staticmethod(lambda x, y: 1 / sqrt(x * x - 1))


def arccosh(x: Operand) -> Tensor:
    """Inverse hyperbolic cosine on ``[1, ∞)``; ``d/dx = 1/√(x² - 1)`` (infinite at 1)."""
    return apply_unary(Arccosh, "arccosh", x)


class Arctanh(_UnaryMath):
    floating = True
    ufunc = np.arctanh
    slope = staticmethod(lambda x, y: 1 / (1 - x * x))


def arctanh(x: Operand) -> Tensor:
    """Inverse hyperbolic tangent on ``(-1, 1)``; ``d/dx = 1/(1 - x²)``."""
    return apply_unary(Arctanh, "arctanh", x)


class Sinc(_UnaryMath):
    floating = True
    ufunc = np.sinc

    @staticmethod
    def slope(x: Tensor, y: Tensor) -> Any:
        # (cos(πx) - sinc x) / x, whose limit at 0 is 0. At 0 it is replaced by its Taylor
        # term -π²x/3 (value 0, derivative -π²/3: right to second order), and the division
        # is kept away from 0 so that neither branch of the where is NaN.
        zero = np.equal(x.array, 0)
        safe = where(zero, 1.0, x)
        return where(zero, x * (-(math.pi**2) / 3), (cos(math.pi * safe) - y) / safe)


def sinc(x: Operand) -> Tensor:
    """The normalised sinc ``sin(πx)/(πx)`` (1 at 0); ``d/dx = (cos πx - sinc x)/x``, with
    its limits (0, and ``-π²/3`` for the second derivative) at 0."""
    return apply_unary(Sinc, "sinc", x)


# --------------------------------------------------------------------------------------------
# Exponentials, logarithms, powers and roots
# --------------------------------------------------------------------------------------------


class Exp2(_UnaryMath):
    floating = True
    ufunc = np.exp2
    slope = staticmethod(lambda x, y: y * math.log(2))


def exp2(x: Operand) -> Tensor:
    """``2 ** x``; ``d/dx = 2ˣ ln 2``."""
    return apply_unary(Exp2, "exp2", x)


class Expm1(_UnaryMath):
    floating = True
    ufunc = np.expm1
    slope = staticmethod(lambda x, y: y + 1)


def expm1(x: Operand) -> Tensor:
    """``eˣ - 1``, accurate for small ``x``; ``d/dx = eˣ``."""
    return apply_unary(Expm1, "expm1", x)


class Log2(_UnaryMath):
    floating = True
    ufunc = np.log2
    slope = staticmethod(lambda x, y: 1 / (x * math.log(2)))


def log2(x: Operand) -> Tensor:
    """Base-2 logarithm; ``d/dx = 1/(x ln 2)``."""
    return apply_unary(Log2, "log2", x)


class Log10(_UnaryMath):
    floating = True
    ufunc = np.log10
    slope = staticmethod(lambda x, y: 1 / (x * math.log(10)))


def log10(x: Operand) -> Tensor:
    """Base-10 logarithm; ``d/dx = 1/(x ln 10)``."""
    return apply_unary(Log10, "log10", x)


class Log1p(_UnaryMath):
    floating = True
    ufunc = np.log1p
    slope = staticmethod(lambda x, y: 1 / (1 + x))


def log1p(x: Operand) -> Tensor:
    """``ln(1 + x)``, accurate for small ``x``; ``d/dx = 1/(1 + x)``."""
    return apply_unary(Log1p, "log1p", x)


class Square(_UnaryMath):
    ufunc = np.square
    slope = staticmethod(lambda x, y: 2 * x)


def square(x: Operand) -> Tensor:
    """``x²``; ``d/dx = 2x``."""
    return apply_unary(Square, "square", x)


class Reciprocal(_UnaryMath):
    floating = True
    ufunc = np.reciprocal
    slope = staticmethod(lambda x, y: -(y * y))


def reciprocal(x: Operand) -> Tensor:
    """``1/x`` (a float input; NumPy's integer reciprocal truncates); ``d/dx = -1/x²``."""
    return apply_unary(Reciprocal, "reciprocal", x)


class Cbrt(_UnaryMath):
    floating = True
    ufunc = np.cbrt
    slope = staticmethod(lambda x, y: 1 / (3 * y * y))


def cbrt(x: Operand) -> Tensor:
    """Real cube root (negative for negative ``x``); ``d/dx = 1/(3 ∛x²)``, infinite at 0."""
    return apply_unary(Cbrt, "cbrt", x)


# --------------------------------------------------------------------------------------------
# Rounding: piecewise constant, so the results are constants (gradient 0)
# --------------------------------------------------------------------------------------------


def floor(x: Operand) -> Tensor:
    """Largest integer ``<= x`` (a constant: gradient 0, also at the jumps)."""
    return apply_no_grad(np.floor, "floor", x)


def ceil(x: Operand) -> Tensor:
    """Smallest integer ``>= x`` (a constant: gradient 0, also at the jumps)."""
    return apply_no_grad(np.ceil, "ceil", x)


def rint(x: Operand) -> Tensor:
    """Round to the nearest integer, halves to even (a constant: gradient 0)."""
    return apply_no_grad(np.rint, "rint", x)


def trunc(x: Operand) -> Tensor:
    """Round towards zero (a constant: gradient 0)."""
    return apply_no_grad(np.trunc, "trunc", x)


def fix(x: Operand) -> Tensor:
    """Round towards zero, NumPy's ``fix`` (a constant: gradient 0)."""
    return apply_no_grad(np.fix, "fix", x)


def floor_divide(a: Operand, b: Operand) -> Tensor:
    """``a // b`` (a constant: gradient 0)."""
    return apply_no_grad(np.floor_divide, "floor_divide", a, b)
