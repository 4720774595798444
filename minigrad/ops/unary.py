"""Unary math and activations: ``exp``, ``log``, ``sqrt``, ``abs``, ``sin``, ``cos``, ``tanh``,
``sigmoid``, ``relu`` (and the ``TanhGrad``/``SigmoidGrad`` nodes their VJPs are made of, so
higher orders work). More unary math (trigonometric, hyperbolic, logarithms, rounding) is in
:mod:`~minigrad.ops.math`.

Each op is a :class:`~minigrad.autograd.Function` (forward in NumPy, VJP in Tensor ops) and a
one-line public function.
"""

from __future__ import annotations

import numpy as np

from ..autograd import Function
from ..tensor import Tensor
from ._operands import apply_unary
from .compare import sign

__all__ = [
    "abs",
    "cos",
    "exp",
    "log",
    "relu",
    "sigmoid",
    "sin",
    "sqrt",
    "tanh",
]


class Exp(Function):
    floating = True

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
    floating = True

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return np.log(a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad / a


class Sqrt(Function):
    floating = True

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
    floating = True

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return np.sin(a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * cos(a)


class Cos(Function):
    floating = True

    @staticmethod
    def forward(ctx, a):
        ctx.save_for_backward(a)
        return np.cos(a)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return -grad * sin(a)


class Tanh(Function):
    floating = True

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
    floating = True

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
        # The mask is piecewise constant, so it is a constant for higher orders too. ``out``
        # is >= 0 or NaN, so ``!= 0`` is "> 0 or NaN" in one pass: a NaN input passes its
        # gradient (slope 1), as in PyTorch.
        return grad * (out.array != 0)


def exp(a: Tensor) -> Tensor:
    """``e ** a``."""
    return apply_unary(Exp, "exp", a)


def log(a: Tensor) -> Tensor:
    """Natural logarithm."""
    return apply_unary(Log, "log", a)


def sqrt(a: Tensor) -> Tensor:
    """Square root."""
    return apply_unary(Sqrt, "sqrt", a)


def abs(a: Tensor) -> Tensor:  # noqa: A001 - NumPy's name
    """Absolute value; its gradient at 0 is 0."""
    return apply_unary(Abs, "abs", a)


def sin(a: Tensor) -> Tensor:
    """Sine."""
    return apply_unary(Sin, "sin", a)


def cos(a: Tensor) -> Tensor:
    """Cosine."""
    return apply_unary(Cos, "cos", a)


def tanh(a: Tensor) -> Tensor:
    """Hyperbolic tangent."""
    return apply_unary(Tanh, "tanh", a)


def sigmoid(a: Tensor) -> Tensor:
    """Logistic sigmoid ``1 / (1 + e^-a)``, computed without overflow."""
    return apply_unary(Sigmoid, "sigmoid", a)


def relu(a: Tensor) -> Tensor:
    """``max(a, 0)``; its gradient at 0 is 0."""
    return apply_unary(Relu, "relu", a)
