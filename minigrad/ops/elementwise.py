"""Element-wise ops: arithmetic with NumPy broadcasting, unary math, activations, comparisons.

Each op is a :class:`~minigrad.autograd.Function` (forward in NumPy, VJP in Tensor ops) and a
one-line public function. VJPs return gradients in the broadcast shape; the engine sums them
back to each input's shape. Operands may be Tensors, arrays or Python numbers on either side;
NumPy scalars are treated as Python numbers so ``x * np.sqrt(2)`` stays float32.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..autograd import Function
from ..tensor import Tensor

Operand = Any  # a Tensor, an ndarray, or a Python number


def _operand(x: Operand, name: str = "operand", pos: int = 0) -> Any:
    if isinstance(x, np.generic):  # before float: np.float64 is a float subclass
        return x.item()
    if isinstance(x, (Tensor, np.ndarray, float, int)):  # bool is an int
        return x
    try:
        return Tensor(x)  # nested lists of numbers
    except (TypeError, ValueError) as e:
        kind = ValueError if isinstance(e, ValueError) else TypeError
        raise kind(
            f"{name}: operand {pos} must be a Tensor, an ndarray or a number, "
            f"got {type(x).__name__}"
        ) from None


def _clip_bound(name: str, which: str, b: Any) -> Any:
    """A clip bound: None, a number or a numeric array, else a ``TypeError`` naming it."""
    if b is None or isinstance(b, (int, float)):
        return b
    arr = b.array if isinstance(b, Tensor) else b
    if isinstance(arr, (np.ndarray, np.generic)) and arr.dtype.kind in "biuf":
        return arr
    raise TypeError(f"{name}: {which} must be a number or a Tensor, got {type(b).__name__}")


def _shape_of(x: Any) -> tuple[int, ...]:
    return tuple(np.shape(x.array if isinstance(x, Tensor) else x))


def _reworded(name: str, error: ValueError, operands: Any, what: str = "operands") -> ValueError:
    """NumPy's broadcasting error, reworded to name the op and every operand's shape; any
    other ``ValueError`` is returned as it is."""
    if "broadcast" not in str(error):
        return error
    shapes = [str(_shape_of(x)) for x in operands]
    listed = shapes[0] if len(shapes) == 1 else f"{', '.join(shapes[:-1])} and {shapes[-1]}"
    return ValueError(f"{name}: {what} could not be broadcast together: shapes {listed}")


def _unary(op: type[Function], name: str, a: Operand, **meta: Any) -> Tensor:
    if not isinstance(a, Tensor):
        try:
            a = Tensor(a)
        except (TypeError, ValueError) as e:
            raise TypeError(f"{name}: expected a Tensor, got {type(a).__name__} ({e})") from None
    return op.apply(a, **meta)


# Operand types passed on unchanged, by exact type (a cheap check on every op; NumPy scalars,
# Tensor subclasses and the rest go through _operand).
_PLAIN = frozenset({Tensor, float, int})


def _binary(op: type[Function], name: str, a: Operand, b: Operand) -> Tensor:
    if type(a) not in _PLAIN:
        a = _operand(a, name, 0)
    if type(b) not in _PLAIN:
        b = _operand(b, name, 1)
    try:
        return op.apply(a, b)
    except ValueError as e:
        raise _reworded(name, e, (a, b)) from None


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
    return _binary(Add, "add", a, b)


def subtract(a: Operand, b: Operand) -> Tensor:
    """``a - b`` with broadcasting."""
    return _binary(Subtract, "subtract", a, b)


def multiply(a: Operand, b: Operand) -> Tensor:
    """``a * b`` with broadcasting."""
    return _binary(Multiply, "multiply", a, b)


def divide(a: Operand, b: Operand) -> Tensor:
    """``a / b`` with broadcasting (true division)."""
    return _binary(Divide, "divide", a, b)


def power(a: Operand, b: Operand) -> Tensor:
    """``a ** b`` with broadcasting; differentiable in both ``a`` and ``b``."""
    return _binary(Power, "power", a, b)


def negative(a: Tensor) -> Tensor:
    """``-a``."""
    return _unary(Negative, "negative", a)


# --------------------------------------------------------------------------------------------
# Unary math and activations
# --------------------------------------------------------------------------------------------


class Exp(Function):
    @staticmethod
    def forward(ctx, a):
        out = np.exp(a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad * out


class Log(Function):
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return np.log(a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad / a


class Sqrt(Function):
    @staticmethod
    def forward(ctx, a):
        out = np.sqrt(a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad * 0.5 / out


class Abs(Function):
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return np.abs(a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        # d|a|/da = sign(a); at the kink a == 0 this gives 0, as PyTorch does.
        return grad * sign(a)


class Sin(Function):
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return np.sin(a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * cos(a)


class Cos(Function):
    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return np.cos(a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return -grad * sin(a)


class Tanh(Function):
    @staticmethod
    def forward(ctx, a):
        out = np.tanh(a)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return TanhGrad.apply(grad, out)


class TanhGrad(Function):
    """``grad * (1 - out²)``: tanh's VJP as one op (PyTorch's ``tanh_backward``), so a
    backward pass dispatches once instead of three times; differentiable like any op."""

    @staticmethod
    def forward(ctx, grad, out):
        ctx.save_for_backward(grad, out)
        return grad * (1 - out * out)

    @staticmethod
    def backward(ctx, g):
        grad, out = ctx.saved_tensors
        need_grad, need_out = ctx.needs_input_grad
        return (g * (1 - out * out) if need_grad else None), (
            -2 * g * grad * out if need_out else None
        )


class Sigmoid(Function):
    @staticmethod
    def forward(ctx, a):
        # 1 / (1 + e^-a) for a >= 0 and e^a / (1 + e^a) for a < 0: exp never overflows, and
        # tiny results (a = -100 gives 3.7e-44) keep their precision instead of rounding to 0.
        e = np.exp(-np.abs(a))
        out = np.asarray(1 / (1 + e))  # asarray: a 0-d input gives a NumPy scalar here
        np.multiply(e, out, out=out, where=np.less(a, 0))
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return SigmoidGrad.apply(grad, out)


class SigmoidGrad(Function):
    """``grad * out * (1 - out)``: sigmoid's VJP as one op (see :class:`TanhGrad`)."""

    @staticmethod
    def forward(ctx, grad, out):
        ctx.save_for_backward(grad, out)
        return grad * out * (1 - out)

    @staticmethod
    def backward(ctx, g):
        grad, out = ctx.saved_tensors
        need_grad, need_out = ctx.needs_input_grad
        return (g * out * (1 - out) if need_grad else None), (
            g * grad * (1 - 2 * out) if need_out else None
        )


class Relu(Function):
    @staticmethod
    def forward(ctx, a):
        out = np.maximum(a, 0)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        # The mask is piecewise constant, so it is a constant for higher orders too. Not
        # ``out > 0``: a NaN input passes its gradient (slope 1), as in PyTorch.
        return grad * ~(out.array <= 0)


def exp(a: Tensor) -> Tensor:
    """``e ** a``."""
    return _unary(Exp, "exp", a)


def log(a: Tensor) -> Tensor:
    """Natural logarithm."""
    return _unary(Log, "log", a)


def sqrt(a: Tensor) -> Tensor:
    """Square root."""
    return _unary(Sqrt, "sqrt", a)


def abs(a: Tensor) -> Tensor:  # noqa: A001 - NumPy's name
    """Absolute value; its gradient at 0 is 0."""
    return _unary(Abs, "abs", a)


def sin(a: Tensor) -> Tensor:
    """Sine."""
    return _unary(Sin, "sin", a)


def cos(a: Tensor) -> Tensor:
    """Cosine."""
    return _unary(Cos, "cos", a)


def tanh(a: Tensor) -> Tensor:
    """Hyperbolic tangent."""
    return _unary(Tanh, "tanh", a)


def sigmoid(a: Tensor) -> Tensor:
    """Logistic sigmoid ``1 / (1 + e^-a)``, computed without overflow."""
    return _unary(Sigmoid, "sigmoid", a)


def relu(a: Tensor) -> Tensor:
    """``max(a, 0)``; its gradient at 0 is 0."""
    return _unary(Relu, "relu", a)


# --------------------------------------------------------------------------------------------
# Selection
# --------------------------------------------------------------------------------------------


def _shares(a: Any, b: Any, loses: np.ufunc, dtype: np.dtype) -> tuple[Any, Any]:
    """Each operand's share of the gradient of maximum (``loses`` = less) or minimum
    (greater), as PyTorch: 1 to the winner, half each on a tie, and 1 to *both* where either
    is NaN (the NaN propagates, and neither comparison says it lost)."""
    tie = np.equal(a, b)
    a_share = np.where(tie, 0.5, ~loses(a, b)).astype(dtype)
    b_share = np.where(tie, 0.5, ~loses(b, a)).astype(dtype)
    return a_share, b_share


class Maximum(Function):
    @staticmethod
    def forward(ctx, a, b):
        out = np.maximum(a, b)
        ctx.a_share, ctx.b_share = _shares(a, b, np.less, out.dtype)
        return out

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.a_share, grad * ctx.b_share


class Minimum(Function):
    @staticmethod
    def forward(ctx, a, b):
        out = np.minimum(a, b)
        ctx.a_share, ctx.b_share = _shares(a, b, np.greater, out.dtype)
        return out

    @staticmethod
    def backward(ctx, grad):
        return grad * ctx.a_share, grad * ctx.b_share


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
    return _binary(Maximum, "maximum", a, b)


def minimum(a: Operand, b: Operand) -> Tensor:
    """Element-wise minimum; where ``a == b`` each gets half the gradient."""
    return _binary(Minimum, "minimum", a, b)


def where(condition: Operand, a: Operand, b: Operand) -> Tensor:
    """``a`` where ``condition`` is true, else ``b`` (all three broadcast together).

    ``condition`` is a boolean Tensor or array and carries no gradient.
    """
    cond = condition.array if isinstance(condition, Tensor) else np.asarray(condition)
    if cond.dtype != np.bool_:
        raise TypeError(f"where: condition must be boolean, got dtype {cond.dtype}")
    a, b = _operand(a, "where", 1), _operand(b, "where", 2)
    try:
        return Where.apply(cond, a, b)
    except ValueError as e:
        raise _reworded("where", e, (cond, a, b), what="condition, a and b") from None


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
    return _unary(Astype, "astype", a, dtype=dtype)


# --------------------------------------------------------------------------------------------
# Comparisons and logic: boolean results, no gradient
# --------------------------------------------------------------------------------------------


def _no_grad_op(fn: Callable[..., Any], name: str, *args: Operand) -> Tensor:
    arrays = [
        a.array if isinstance(a, Tensor) else _operand(a, name, i) for i, a in enumerate(args)
    ]
    try:
        return Tensor.constant(np.asarray(fn(*arrays)))
    except ValueError as e:
        raise _reworded(name, e, arrays) from None


def equal(a: Operand, b: Operand) -> Tensor:
    """``a == b`` element-wise (boolean, no gradient)."""
    return _no_grad_op(np.equal, "equal", a, b)


def not_equal(a: Operand, b: Operand) -> Tensor:
    """``a != b`` element-wise (boolean, no gradient)."""
    return _no_grad_op(np.not_equal, "not_equal", a, b)


def less(a: Operand, b: Operand) -> Tensor:
    """``a < b`` element-wise (boolean, no gradient)."""
    return _no_grad_op(np.less, "less", a, b)


def less_equal(a: Operand, b: Operand) -> Tensor:
    """``a <= b`` element-wise (boolean, no gradient)."""
    return _no_grad_op(np.less_equal, "less_equal", a, b)


def greater(a: Operand, b: Operand) -> Tensor:
    """``a > b`` element-wise (boolean, no gradient)."""
    return _no_grad_op(np.greater, "greater", a, b)


def greater_equal(a: Operand, b: Operand) -> Tensor:
    """``a >= b`` element-wise (boolean, no gradient)."""
    return _no_grad_op(np.greater_equal, "greater_equal", a, b)


def logical_not(a: Operand) -> Tensor:
    """Element-wise NOT (boolean)."""
    return _no_grad_op(np.logical_not, "logical_not", a)


def logical_and(a: Operand, b: Operand) -> Tensor:
    """Element-wise AND (boolean)."""
    return _no_grad_op(np.logical_and, "logical_and", a, b)


def logical_or(a: Operand, b: Operand) -> Tensor:
    """Element-wise OR (boolean)."""
    return _no_grad_op(np.logical_or, "logical_or", a, b)


def sign(a: Operand) -> Tensor:
    """-1, 0 or 1 by the sign of each element (no gradient: it is piecewise constant)."""
    return _no_grad_op(np.sign, "sign", a)


def isnan(a: Operand) -> Tensor:
    """Where ``a`` is NaN (boolean)."""
    return _no_grad_op(np.isnan, "isnan", a)


def isfinite(a: Operand) -> Tensor:
    """Where ``a`` is neither NaN nor infinite (boolean)."""
    return _no_grad_op(np.isfinite, "isfinite", a)
