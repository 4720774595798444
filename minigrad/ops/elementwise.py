"""Element-wise ops: arithmetic with NumPy broadcasting, selection (``maximum``, ``minimum``,
``where``, ``clip``) and ``astype``. Unary math and activations are in
:mod:`~minigrad.ops.unary`, comparisons in :mod:`~minigrad.ops.compare`; both are re-exported
here, where they were first.

Each op is a :class:`~minigrad.autograd.Function` (forward in NumPy, VJP in Tensor ops) and a
one-line public function. VJPs return gradients in the broadcast shape; the engine sums them
back to each input's shape. Operands may be Tensors, arrays or Python numbers on either side;
NumPy scalars are treated as Python numbers so ``x * np.sqrt(2)`` stays float32.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..autograd import Function
from ..tensor import Tensor
from ._operands import Operand, apply_binary, apply_unary, operand, reworded

# The comparisons and the unary ops, re-exported where they were first (the Tensor methods and
# older imports reach them here).
from .compare import (  # noqa: F401
    equal,
    greater,
    greater_equal,
    isfinite,
    isnan,
    less,
    less_equal,
    logical_and,
    logical_not,
    logical_or,
    not_equal,
    sign,
)
from .unary import (  # noqa: F401
    Abs,
    Cos,
    Exp,
    Log,
    Relu,
    Sigmoid,
    SigmoidGrad,
    Sin,
    Sqrt,
    Tanh,
    TanhGrad,
    abs,  # noqa: A004 - NumPy's name
    cos,
    exp,
    log,
    relu,
    sigmoid,
    sin,
    sqrt,
    tanh,
)

__all__ = [
    "add",
    "astype",
    "clip",
    "divide",
    "maximum",
    "minimum",
    "multiply",
    "negative",
    "power",
    "subtract",
    "where",
]


# --------------------------------------------------------------------------------------------
# Arithmetic
# --------------------------------------------------------------------------------------------


class Add(Function):
    @staticmethod
    def forward(ctx, a, b):
        return np.add(a, b)

    @staticmethod
    def backward(ctx, grad):
        return grad, grad


class Subtract(Function):
    @staticmethod
    def forward(ctx, a, b):
        return np.subtract(a, b)

    @staticmethod
    def backward(ctx, grad):
        return grad, -grad if ctx.needs_input_grad[1] else None


class Multiply(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return np.multiply(a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        ga, gb = ctx.needs_input_grad
        return (grad * b if ga else None), (grad * a if gb else None)


class Divide(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return np.divide(a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        ga, gb = ctx.needs_input_grad
        return (grad / b if ga else None), (-grad * a / (b * b) if gb else None)


class Power(Function):
    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return np.power(a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        ga = gb = None
        if ctx.needs_input_grad[0]:
            # A constant exponent 0 makes a^b the constant 1: slope 0 (also at a == 0).
            zero = not isinstance(b, Tensor) and b == 0
            ga = grad * 0.0 if zero else grad * b * a ** _power_exponent(a, b)
        if ctx.needs_input_grad[1]:
            # d(a^b)/db = a^b log a; at a == 0 the limit (b > 0) is 0, as in PyTorch.
            safe_a = where(a == 0, 1.0, a)
            gb = grad * a**b * log(safe_a)
        return ga, gb


def _power_exponent(a: Tensor, b: Any) -> Any:
    """``b - 1``, the exponent of ``d(a^b)/da = b a^(b-1)``, made 1 where ``a == b == 0``:
    there the slope is 0 but ``0 * 0^-1`` would be NaN (any finite power keeps the product 0
    and its own derivative finite)."""
    if not isinstance(b, Tensor):
        return b - 1
    return where(np.equal(b.array, 0) & np.equal(a.array, 0), 1.0, b - 1)


class Negative(Function):
    @staticmethod
    def forward(ctx, a):
        return np.negative(a)

    @staticmethod
    def backward(ctx, grad):
        return -grad


def add(a: Operand, b: Operand) -> Tensor:
    """``a + b`` with broadcasting."""
    return apply_binary(Add, "add", a, b)


def subtract(a: Operand, b: Operand) -> Tensor:
    """``a - b`` with broadcasting."""
    return apply_binary(Subtract, "subtract", a, b)


def multiply(a: Operand, b: Operand) -> Tensor:
    """``a * b`` with broadcasting."""
    return apply_binary(Multiply, "multiply", a, b)


def divide(a: Operand, b: Operand) -> Tensor:
    """``a / b`` with broadcasting (true division)."""
    return apply_binary(Divide, "divide", a, b)


def power(a: Operand, b: Operand) -> Tensor:
    """``a ** b`` with broadcasting; differentiable in both ``a`` and ``b``."""
    return apply_binary(Power, "power", a, b)


def negative(a: Tensor) -> Tensor:
    """``-a``."""
    return apply_unary(Negative, "negative", a)


# --------------------------------------------------------------------------------------------
# Selection
# --------------------------------------------------------------------------------------------


def _clip_bound(name: str, which: str, b: Any) -> Any:
    """A clip bound: None, a number or a numeric array, else a ``TypeError`` naming it."""
    if b is None or isinstance(b, (int, float)):
        return b
    arr = b.array if isinstance(b, Tensor) else b
    if isinstance(arr, (np.ndarray, np.generic)) and arr.dtype.kind in "biuf":
        return arr
    raise TypeError(f"{name}: {which} must be a number or a Tensor, got {type(b).__name__}")


def _shares(a: Any, b: Any, loses: np.ufunc, dtype: np.dtype) -> tuple[Any, Any]:
    """Each operand's share of the gradient of maximum (``loses`` = less) or minimum
    (greater), as PyTorch: 1 to the winner, half each on a tie, and 1 to *both* where either
    is NaN (the NaN propagates, and neither comparison says it lost)."""
    tie = np.equal(a, b)
    a_share = np.where(tie, 0.5, ~loses(a, b)).astype(dtype)
    b_share = np.where(tie, 0.5, ~loses(b, a)).astype(dtype)
    return a_share, b_share


class _PairExtreme(Function):
    """``maximum``/``minimum``: the gradient goes to the winner (see :func:`_shares`)."""

    ufunc: Any  # np.maximum or np.minimum
    loses: Any  # np.less for maximum: where an operand loses

    @staticmethod
    def forward(ctx, a, b):
        out = type(ctx).ufunc(a, b)
        ctx.a_share, ctx.b_share = _shares(a, b, type(ctx).loses, out.dtype)
        return out

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.a_share, grad * ctx.b_share


class Maximum(_PairExtreme):
    ufunc = np.maximum
    loses = np.less


class Minimum(_PairExtreme):
    ufunc = np.minimum
    loses = np.greater


class Where(Function):
    @staticmethod
    def forward(ctx, cond, a, b):
        ctx.cond = cond
        return np.where(cond, a, b)

    @staticmethod
    def backward(ctx, grad):
        zero = np.zeros((), grad.dtype)
        _, ga, gb = ctx.needs_input_grad
        return (
            None,
            where(ctx.cond, grad, zero) if ga else None,
            where(ctx.cond, zero, grad) if gb else None,
        )


class Clip(Function):
    @staticmethod
    def forward(ctx, a, *, lo, hi):
        ctx.inside = np.ones(np.shape(a), bool)
        if lo is not None:
            ctx.inside &= a >= lo
        if hi is not None:
            ctx.inside &= a <= hi
        return np.clip(a, lo, hi)

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.inside


def maximum(a: Operand, b: Operand) -> Tensor:
    """Element-wise maximum; where ``a == b`` each gets half the gradient."""
    return apply_binary(Maximum, "maximum", a, b)


def minimum(a: Operand, b: Operand) -> Tensor:
    """Element-wise minimum; where ``a == b`` each gets half the gradient."""
    return apply_binary(Minimum, "minimum", a, b)


def where(condition: Operand, a: Operand, b: Operand) -> Tensor:
    """``a`` where ``condition`` is true, else ``b`` (all three broadcast together).

    ``condition`` is a boolean Tensor or array and carries no gradient.
    """
    cond = condition.array if isinstance(condition, Tensor) else np.asarray(condition)
    if cond.dtype != np.bool_:
        raise TypeError(f"where: condition must be boolean, got dtype {cond.dtype}")
    a, b = operand(a, "where", 1), operand(b, "where", 2)
    try:
        return Where.apply(cond, a, b)
    except ValueError as e:
        raise reworded("where", e, (cond, a, b), what="condition, a and b") from None


def clip(a: Tensor, min: Any = None, max: Any = None) -> Tensor:  # noqa: A002
    """Limit values to ``[min, max]`` (either may be ``None``).

    The gradient passes where ``min <= a <= max`` and is 0 outside. A bound that is a Tensor
    requiring grad receives the gradient where it binds (two ``where`` selections then, not
    the :class:`Clip` primitive, which treats its bounds as constants).
    """
    if min is None and max is None:
        raise ValueError("clip: at least one of min and max must be given")
    if any(isinstance(b, Tensor) and b.requires_grad for b in (min, max)):
        out = a if isinstance(a, Tensor) else Tensor(a)
        if min is not None:
            out = where(less(out, min).array, min, out)
        if max is not None:
            out = where(greater(out, max).array, max, out)
        return out
    lo, hi = _clip_bound("clip", "min", min), _clip_bound("clip", "max", max)
    return Clip.apply(a, lo=lo, hi=hi)


class Astype(Function):
    @staticmethod
    def forward(ctx, a, *, dtype):
        return a.astype(dtype)

    @staticmethod
    def backward(ctx, grad):
        return grad  # the engine casts the gradient back to the input's dtype


def astype(a: Tensor, dtype: Any) -> Tensor:
    """A copy of ``a`` converted to ``dtype``; differentiable between float dtypes."""
    try:
        dtype = np.dtype(dtype)
    except TypeError as e:
        raise TypeError(f"astype: dtype {dtype!r} is not a NumPy dtype ({e})") from None
    return apply_unary(Astype, "astype", a, dtype=dtype)
