"""Activation ops: softmax and log-softmax, softplus, the ELU family, GELU and the normal CDF,
and the piecewise activations (hard-tanh, hard-sigmoid, thresholds, PReLU, GLU...).

The primitives (:class:`Softmax`, :class:`LogSoftmax`, :class:`Softplus`, :class:`Elu`,
:class:`NormalCdf`, :class:`Gelu`) are ops of their own because a composition would be less
stable (the max shift of softmax, softplus without overflow) or would keep more arrays
alive. The others are short compositions of these and the element-wise ops; every VJP is
written with Tensor ops, so gradients of any order work. The functions are face-neutral
(``axis=``); :mod:`minigrad.nn.functional` gives them PyTorch's signatures.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..autograd import Function, is_grad_enabled
from ..tensor import Tensor
from .elementwise import abs as _abs
from .elementwise import exp, sigmoid, tanh, where

__all__ = [
    "celu",
    "elu",
    "gelu",
    "glu",
    "hardsigmoid",
    "hardswish",
    "hardtanh",
    "leaky_relu",
    "log_softmax",
    "logsigmoid",
    "mish",
    "normal_cdf",
    "prelu",
    "selu",
    "silu",
    "softmax",
    "softmin",
    "softplus",
    "softsign",
    "tanhshrink",
    "threshold",
]

_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


def _tensor(op: str, x: Any) -> Tensor:
    if not isinstance(x, Tensor):
        raise TypeError(f"{op}: input must be a Tensor, got {type(x).__name__}")
    return x


def _real(op: str, name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{op}: {name} must be a real number, got {value!r}")
    return float(value)


def _axis(op: str, axis: Any, shape: tuple[int, ...]) -> int | None:
    """``axis`` as a non-negative int (``None`` for a 0-d tensor, whose only axis is itself)."""
    if not isinstance(axis, (int, np.integer)) or isinstance(axis, bool):
        raise TypeError(f"{op}: dim must be an int, got {axis!r}")
    rank = max(len(shape), 1)
    if not -rank <= axis < rank:
        raise np.exceptions.AxisError(
            f"{op}: dim {axis} is out of range for an input of shape {shape} "
            f"(valid: {-rank} to {rank - 1})"
        )
    return int(axis) % rank if shape else None


# --------------------------------------------------------------------------------------------
# Softmax family
# --------------------------------------------------------------------------------------------


def _shifted(x: np.ndarray, axis: int | None) -> np.ndarray:
    # Shifting by the max keeps exp() from overflowing and does not change the result.
    # np.asarray: for a 0-d input the subtraction gives a NumPy scalar, not an array.
    return np.asarray(x - x.max(axis=axis, keepdims=True)) if x.size else x.copy()


class Softmax(Function):
    @staticmethod
    def forward(ctx, x, *, axis):
        ctx.axis = axis
        out = _shifted(x, axis)
        np.exp(out, out=out)
        out /= out.sum(axis=axis, keepdims=True)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (y,) = ctx.saved_tensors
        # J = diag(y) - y yᵀ along the axis, so Jᵀg = y * (g - <g, y>).
        return y * (grad - (grad * y).sum(axis=ctx.axis, keepdims=True))


def softmax(x: Tensor, *, axis: int) -> Tensor:
    """``exp(x) / sum(exp(x))`` along ``axis``, max-shifted so it never overflows.

    ``x``: any shape ``(*)``, floating point; the result has the same shape.
    """
    x = _tensor("softmax", x)
    return Softmax.apply(x, axis=_axis("softmax", axis, x.shape))


class LogSoftmax(Function):
    @staticmethod
    def forward(ctx, x, *, axis):
        ctx.axis = axis
        out = _shifted(x, axis)
        out -= np.log(np.exp(out).sum(axis=axis, keepdims=True))
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (y,) = ctx.saved_tensors
        return grad - exp(y) * grad.sum(axis=ctx.axis, keepdims=True)


def log_softmax(x: Tensor, *, axis: int) -> Tensor:
    """``log(softmax(x))`` as ``x - max - log(sum(exp(x - max)))``: finite for finite ``x``
    (``softmax(x).log()`` underflows to ``-inf``). Same shapes as :func:`softmax`."""
    x = _tensor("log_softmax", x)
    return LogSoftmax.apply(x, axis=_axis("log_softmax", axis, x.shape))


def softmin(x: Tensor, *, axis: int) -> Tensor:
    """``softmax(-x)`` along ``axis``."""
    return softmax(-_tensor("softmin", x), axis=axis)


# --------------------------------------------------------------------------------------------
# Smooth activations
# --------------------------------------------------------------------------------------------


class Softplus(Function):
    @staticmethod
    def forward(ctx, x, *, beta, threshold):
        ctx.beta, ctx.threshold = beta, threshold
        ctx.save_for_backward(x)
        bx = x * beta
        # log(1 + e^bx) = max(bx, 0) + log1p(e^-|bx|): no overflow for any x.
        soft = (np.maximum(bx, 0) + np.log1p(np.exp(-np.abs(bx)))) / beta
        return np.where(bx > threshold, x, soft).astype(x.dtype, copy=False)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        # Above the threshold the op is the identity (PyTorch's linear region).
        return where(x.array * ctx.beta > ctx.threshold, grad, grad * sigmoid(x * ctx.beta))


def softplus(x: Tensor, *, beta: float = 1.0, threshold: float = 20.0) -> Tensor:
    """``log(1 + exp(beta·x)) / beta``; ``x`` itself where ``beta·x > threshold``."""
    x = _tensor("softplus", x)
    beta = _real("softplus", "beta", beta)
    threshold = _real("softplus", "threshold", threshold)
    if beta == 0:
        raise ValueError("softplus: beta must be non-zero")
    return Softplus.apply(x, beta=beta, threshold=threshold)


def logsigmoid(x: Tensor) -> Tensor:
    """``log(sigmoid(x)) = -softplus(-x)``, finite for any finite ``x``."""
    return -Softplus.apply(-_tensor("logsigmoid", x), beta=1.0, threshold=math.inf)


class Elu(Function):
    """``scale·x`` for ``x > 0``, ``scale·alpha·(exp(input_scale·x) - 1)`` elsewhere: ELU,
    SELU and CELU are this op with different constants, as in PyTorch."""

    @staticmethod
    def forward(ctx, x, *, alpha, scale, input_scale):
        ctx.alpha, ctx.scale, ctx.input_scale = alpha, scale, input_scale
        ctx.save_for_backward(x)
        neg = np.expm1(np.minimum(x, 0) * input_scale) * (alpha * scale)
        return np.where(x > 0, x * scale, neg).astype(x.dtype, copy=False)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        slope = exp(x * ctx.input_scale) * (ctx.alpha * ctx.scale * ctx.input_scale)
        return where(x.array > 0, grad * ctx.scale, grad * slope)


def elu(x: Tensor, *, alpha: float = 1.0) -> Tensor:
    """``x`` for ``x > 0``, ``alpha·(exp(x) - 1)`` elsewhere."""
    alpha = _real("elu", "alpha", alpha)
    return Elu.apply(_tensor("elu", x), alpha=alpha, scale=1.0, input_scale=1.0)


def selu(x: Tensor) -> Tensor:
    """``scale·elu(x, alpha)`` with the self-normalising constants (Klambauer et al., 2017)."""
    return Elu.apply(_tensor("selu", x), alpha=_SELU_ALPHA, scale=_SELU_SCALE, input_scale=1.0)


def celu(x: Tensor, *, alpha: float = 1.0) -> Tensor:
    """``max(0, x) + min(0, alpha·(exp(x / alpha) - 1))``."""
    alpha = _real("celu", "alpha", alpha)
    if alpha == 0:
        raise ValueError("celu: alpha must be non-zero")
    return Elu.apply(_tensor("celu", x), alpha=alpha, scale=1.0, input_scale=1.0 / alpha)


# NumPy has no erf; the C library's erfc, element by element, is exact to the last bit and
# keeps the left tail (1 + erf(x) would lose it).
_erfc = np.frompyfunc(math.erfc, 1, 1)


def _ndtr(x: np.ndarray) -> np.ndarray:
    """The standard normal CDF ``Φ(x) = erfc(-x/√2) / 2``, accurate in both tails."""
    z = np.asarray(x, np.float64) * (-1 / math.sqrt(2))
    # asarray: for a 0-d input frompyfunc returns a Python float.
    return (0.5 * np.asarray(_erfc(z), np.float64)).astype(x.dtype, copy=False)


def _normal_pdf(x: Tensor) -> Tensor:
    return exp(x * x * -0.5) * (1 / math.sqrt(2 * math.pi))


class NormalCdf(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return _ndtr(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return grad * _normal_pdf(x)


def normal_cdf(x: Tensor) -> Tensor:
    """The standard normal CDF ``Φ(x) = (1 + erf(x/√2)) / 2``, element-wise."""
    return NormalCdf.apply(_tensor("normal_cdf", x))


class Gelu(Function):
    @staticmethod
    def forward(ctx, x):
        cdf = _ndtr(x)
        # Φ(x) is kept for a first-order backward (erfc is the costly part); a recorded
        # backward recomputes it as a differentiable op.
        ctx.save_for_backward(x, cdf)
        return x * cdf

    @staticmethod
    def backward(ctx, grad):
        x, cdf = ctx.saved_tensors
        if is_grad_enabled():
            cdf = NormalCdf.apply(x)
        return grad * (cdf + x * _normal_pdf(x))


def gelu(x: Tensor, *, approximate: str = "none") -> Tensor:
    """``x·Φ(x)`` (Hendrycks & Gimpel); ``approximate='tanh'`` uses
    ``x/2 · (1 + tanh(√(2/π) (x + 0.044715 x³)))``."""
    x = _tensor("gelu", x)
    if approximate == "none":
        return Gelu.apply(x)
    if approximate == "tanh":
        return x * 0.5 * (1 + tanh((x + x * x * x * 0.044715) * math.sqrt(2 / math.pi)))
    raise ValueError(f"gelu: approximate must be 'none' or 'tanh', got {approximate!r}")


def silu(x: Tensor) -> Tensor:
    """``x·sigmoid(x)`` (also called swish)."""
    x = _tensor("silu", x)
    return x * sigmoid(x)


def mish(x: Tensor) -> Tensor:
    """``x·tanh(softplus(x))``."""
    x = _tensor("mish", x)
    return x * tanh(Softplus.apply(x, beta=1.0, threshold=20.0))


def softsign(x: Tensor) -> Tensor:
    """``x / (1 + |x|)``."""
    x = _tensor("softsign", x)
    return x / (1 + _abs(x))


def tanhshrink(x: Tensor) -> Tensor:
    """``x - tanh(x)``."""
    x = _tensor("tanhshrink", x)
    return x - tanh(x)


# --------------------------------------------------------------------------------------------
# Piecewise activations (the gradient is 0 at and beyond each boundary, as in PyTorch)
# --------------------------------------------------------------------------------------------


def hardtanh(x: Tensor, *, min_val: float = -1.0, max_val: float = 1.0) -> Tensor:
    """``x`` clipped to ``[min_val, max_val]``; gradient 1 strictly inside, 0 elsewhere."""
    x = _tensor("hardtanh", x)
    lo, hi = _real("hardtanh", "min_val", min_val), _real("hardtanh", "max_val", max_val)
    if lo > hi:
        raise ValueError(f"hardtanh: min_val ({lo}) cannot be greater than max_val ({hi})")
    clipped = Tensor.constant(np.clip(x.array, lo, hi).astype(x.dtype, copy=False))
    return where((x.array > lo) & (x.array < hi), x, clipped)


def hardsigmoid(x: Tensor) -> Tensor:
    """``0`` for ``x <= -3``, ``1`` for ``x >= 3``, ``x/6 + 1/2`` between."""
    x = _tensor("hardsigmoid", x)
    return hardtanh(x * (1 / 6) + 0.5, min_val=0.0, max_val=1.0)


def hardswish(x: Tensor) -> Tensor:
    """``x·hardsigmoid(x)``: 0 for ``x <= -3``, ``x`` for ``x >= 3``, ``x(x+3)/6`` between."""
    x = _tensor("hardswish", x)
    a = x.array
    zero = np.zeros((), x.dtype)
    return where(a <= -3, zero, where(a >= 3, x, x * (x + 3) * (1 / 6)))


def leaky_relu(x: Tensor, *, negative_slope: float = 0.01) -> Tensor:
    """``x`` where positive, ``negative_slope·x`` elsewhere (gradient at 0: the slope)."""
    x = _tensor("leaky_relu", x)
    slope = _real("leaky_relu", "negative_slope", negative_slope)
    return where(x.array > 0, x, x * slope)


def threshold(x: Tensor, *, threshold: float, value: float) -> Tensor:
    """``x`` where ``x > threshold``, else ``value``."""
    x = _tensor("threshold", x)
    th, value = _real("threshold", "threshold", threshold), _real("threshold", "value", value)
    return where(x.array > th, x, np.asarray(value, x.dtype))


def prelu(x: Tensor, weight: Tensor) -> Tensor:
    """``x`` where positive, ``weight·x`` elsewhere; ``weight`` is ``(1,)`` or one slope per
    channel (axis 1; a 0-d or 1-D input is one channel), and learnable."""
    x = _tensor("prelu", x)
    weight = _tensor("prelu", weight)
    channels = x.shape[1] if x.ndim >= 2 else 1  # PyTorch: a 1-D input is one channel
    if weight.ndim > 1 or weight.size not in (1, channels):
        raise ValueError(
            f"prelu: weight must have 1 or {channels} elements (one per channel of input "
            f"{x.shape}), got shape {weight.shape}"
        )
    w = weight.reshape(-1)
    w = w.reshape(()) if weight.size == 1 else w.reshape((1, channels) + (1,) * (x.ndim - 2))
    return where(x.array > 0, x, x * w)


def glu(x: Tensor, *, axis: int = -1) -> Tensor:
    """``a·sigmoid(b)`` where ``a`` and ``b`` are the two halves of ``x`` along ``axis``."""
    x = _tensor("glu", x)
    if x.ndim == 0:
        raise ValueError("glu: input must have at least one dimension, got a 0-d tensor")
    ax = _axis("glu", axis, x.shape)
    n = x.shape[ax]
    if n % 2:
        raise ValueError(f"glu: halving dimension {axis} must be even, but it is {n} ({x.shape})")
    assert ax is not None  # x has an axis (0-d raised above)
    lead = (slice(None),) * ax
    a: tuple[slice, ...] = (*lead, slice(0, n // 2))
    b: tuple[slice, ...] = (*lead, slice(n // 2, n))
    return x[a] * sigmoid(x[b])
