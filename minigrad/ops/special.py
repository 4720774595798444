"""Special functions NumPy does not have: the error function family (``erf``, ``erfc``,
``erfinv``) and the gamma family (``lgamma``, ``digamma``, ``polygamma``), in float64.

``erf``, ``erfc`` and ``lgamma`` are the C library's (``math.erf``...: accurate to an ulp or
two), mapped over the elements; ``erfinv`` refines an initial guess (Giles' single-precision
approximation) by Newton steps on ``erf`` (``erfc`` near ±1, where ``1 - x`` is exact);
``digamma`` and ``polygamma`` shift the argument up by the recurrence
``ψ⁽ⁿ⁾(x) = ψ⁽ⁿ⁾(x + 1) - (-1)ⁿ n! / x^(n+1)`` and then sum their asymptotic series. Each VJP
is a Tensor expression in the op's input or output (``lgamma' = digamma``,
``digamma' = polygamma(1, ·)``, ``polygamma(n)' = polygamma(n + 1)``), so every order works.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from ..autograd import Function
from ..tensor import Tensor
from ._operands import Operand, apply_unary
from .math import _UnaryMath
from .unary import exp

__all__ = ["digamma", "erf", "erfc", "erfinv", "lgamma", "polygamma"]

_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)
# B₂ₖ for k = 1..8: the asymptotic series of ψ and of the Hurwitz zeta function.
_BERNOULLI = (1 / 6, -1 / 30, 1 / 42, -1 / 30, 5 / 66, -691 / 2730, 7 / 6, -3617 / 510)


def _mapped(f: Callable[[float], float]) -> Callable[[np.ndarray], np.ndarray]:
    """``f`` over the elements in float64, the result in the input's float dtype."""
    each = np.frompyfunc(f, 1, 1)

    def apply(a: np.ndarray) -> np.ndarray:
        out_dtype = a.dtype if a.dtype.kind == "f" else np.dtype(np.float64)
        return np.asarray(each(a.astype(np.float64)), dtype=np.float64).astype(out_dtype)

    return apply


def _lgamma_scalar(v: float) -> float:
    try:
        return math.lgamma(v)
    except ValueError:  # the poles 0, -1, -2, ...: PyTorch (and C's lgamma) give +inf
        return math.inf


_erf, _erfc, _lgamma = _mapped(math.erf), _mapped(math.erfc), _mapped(_lgamma_scalar)


# Giles (2010), "Approximating the erfinv function": ~1e-7, the start for Newton.
_GILES_CENTRAL = [2.81022636e-08, 3.43273939e-07, -3.5233877e-06, -4.39150654e-06, 0.00021858087]
_GILES_CENTRAL += [-0.00125372503, -0.00417768164, 0.246640727, 1.50140941]
_GILES_TAIL = [-0.000200214257, 0.000100950558, 0.00134934322, -0.00367342844, 0.00573950773]
_GILES_TAIL += [-0.0076224613, 0.00943887047, 1.00167406, 2.83297682]


def _erfinv(a: np.ndarray) -> np.ndarray:
    x = a.astype(np.float64)
    ax = np.abs(x)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        w = -np.log((1 - ax) * (1 + ax))
        central, tail = w - 2.5, np.sqrt(w) - 3.0
        y = np.where(w < 5.0, np.polyval(_GILES_CENTRAL, central), np.polyval(_GILES_TAIL, tail))
    y *= ax  # in place: y stays an array (a 0-d product would be a NumPy scalar, and the
    # Newton steps below write into y.flat)
    active = np.flatnonzero(ax < 1)
    for _ in range(6):  # quadratic convergence: 2 steps from 1e-7, a few more beyond 1 - 1e-7
        ya, xa = y.flat[active], ax.flat[active]
        # Newton on erf(y) = |x|; near 1 on log erfc(y) = log(1 - |x|), which is exact there
        # and nearly linear in y (the guess is only single precision's: poor beyond 1 - 1e-7).
        slope, step = _TWO_OVER_SQRT_PI * np.exp(-ya * ya), np.empty_like(ya)
        near = xa >= 0.5
        tail = _erfc(ya[near])
        step[near] = np.log(tail / (1 - xa[near])) * tail / slope[near]
        step[~near] = (xa[~near] - _erf(ya[~near])) / slope[~near]
        y.flat[active] = ya + step
        active = active[np.abs(step) > 1e-17 + 2e-16 * np.abs(ya)]
        if not active.size:
            break
    y = np.where(ax == 1, np.inf, np.where(ax > 1, np.nan, y))
    return (np.copysign(y, x)).astype(a.dtype if a.dtype.kind == "f" else np.float64)


def _shifted(x: np.ndarray, lo: float, term: Callable[[np.ndarray], np.ndarray]) -> tuple:
    """``(x + m, Σₖ term(x + k))``: each element shifted up by whole steps until ``>= lo``."""
    x, acc = x.copy(), np.zeros_like(x)
    below = x < lo
    while below.any():
        acc[below] += term(x[below])
        x[below] += 1
        below &= x < lo
    return x, acc


def _digamma(a: np.ndarray) -> np.ndarray:
    x = a.astype(np.float64)
    neg = x < 0.5
    # Reflection for x < 1/2: ψ(x) = ψ(1 - x) - π / tan(πx) (NaN at the negative integers).
    z = np.where(neg, 1 - x, x)
    with np.errstate(divide="ignore", invalid="ignore"):
        z, acc = _shifted(z, 10.0, lambda v: -1.0 / v)
        inv2 = 1.0 / (z * z)
        series = sum(b / (2 * k) * inv2**k for k, b in enumerate(_BERNOULLI, 1))
        out = acc + np.log(z) - 0.5 / z - series
        refl = np.pi / np.tan(np.pi * x)
        out = np.where(neg, out - refl, out)
        out = np.where(
            x == np.floor(x), np.where(x == 0, -np.inf, np.where(x < 0, np.nan, out)), out
        )
    return out.astype(a.dtype if a.dtype.kind == "f" else np.float64)


def _polygamma(n: int, a: np.ndarray) -> np.ndarray:
    """``ψ⁽ⁿ⁾ = (-1)ⁿ⁺¹ n! ζ(n + 1, x)`` for ``n >= 1``, by the Hurwitz zeta's recurrence
    and its Euler-Maclaurin tail."""
    if n == 0:
        return _digamma(a)
    s, x = n + 1.0, a.astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        z, acc = _shifted(x, 10.0 + 2 * n, lambda v: v**-s)
        tail = z ** (1 - s) / (s - 1) + 0.5 * z**-s
        rising, power = s, z ** (-s - 1)
        for k, b in enumerate(_BERNOULLI, 1):
            tail = tail + b / math.factorial(2 * k) * rising * power
            rising *= (s + 2 * k - 1) * (s + 2 * k)
            power = power / (z * z)
        out = (-1.0) ** (n + 1) * math.factorial(n) * (acc + tail)
        pole = (x <= 0) & (x == np.floor(x))
        out = np.where(pole, np.inf if n % 2 else -np.inf, out)
    return out.astype(a.dtype if a.dtype.kind == "f" else np.float64)


class Erf(_UnaryMath):
    floating = True
    ufunc = staticmethod(_erf)
    slope = staticmethod(lambda x, y: _TWO_OVER_SQRT_PI * exp(-x * x))


def erf(x: Operand) -> Tensor:
    """The error function ``2/√π ∫₀ˣ e^{-t²} dt``; ``d/dx = 2/√π e^{-x²}``."""
    return apply_unary(Erf, "erf", x)


class Erfc(_UnaryMath):
    floating = True
    ufunc = staticmethod(_erfc)
    slope = staticmethod(lambda x, y: -_TWO_OVER_SQRT_PI * exp(-x * x))


def erfc(x: Operand) -> Tensor:
    """``1 - erf(x)``, accurate where ``erf(x)`` is near 1; ``d/dx = -2/√π e^{-x²}``."""
    return apply_unary(Erfc, "erfc", x)


class Erfinv(_UnaryMath):
    floating = True
    ufunc = staticmethod(_erfinv)
    slope = staticmethod(lambda x, y: exp(y * y) / _TWO_OVER_SQRT_PI)


def erfinv(x: Operand) -> Tensor:
    """The inverse of ``erf`` on ``(-1, 1)`` (±inf at ±1, NaN outside);
    ``d/dx = √π/2 e^{erfinv(x)²}``."""
    return apply_unary(Erfinv, "erfinv", x)


class Lgamma(_UnaryMath):
    floating = True
    ufunc = staticmethod(_lgamma)
    slope = staticmethod(lambda x, y: digamma(x))


def lgamma(x: Operand) -> Tensor:
    """``ln |Γ(x)|`` (+inf at the poles 0, -1, -2, ...); ``d/dx = digamma(x)``."""
    return apply_unary(Lgamma, "lgamma", x)


class Polygamma(Function):
    floating = True

    @staticmethod
    def forward(ctx, a, *, n):
        ctx.n = n
        ctx.save_for_backward(a)
        return _polygamma(n, a)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * polygamma(ctx.n + 1, x)


def polygamma(n: int, input: Operand) -> Tensor:  # noqa: A002 - PyTorch's name
    """The ``n``-th derivative of ``digamma`` (``n = 0``: digamma itself);
    ``d/dx = polygamma(n + 1, x)``."""
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 0:
        raise ValueError(f"polygamma: n must be a non-negative int, got {n!r}")
    return apply_unary(Polygamma, "polygamma", input, n=int(n))


def digamma(x: Operand) -> Tensor:
    """``ψ(x) = d/dx ln Γ(x)`` (-inf at 0, NaN at the negative integers);
    ``d/dx = polygamma(1, x)``."""
    return apply_unary(Polygamma, "digamma", x, n=0)
