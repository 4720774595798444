"""What :mod:`minigrad.nn.functional` and its losses share: the argument checks and the
softmax primitives.

``softmax`` and ``log_softmax`` are primitives of their own, not compositions, because the
max shift keeps them stable and one node is cheaper; the cross-entropy's VJP needs the
softmax too, which is why they live here and not in ``functional.py``.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..autograd import Function
from ..tensor import Tensor


def _tensor(op: str, arg: str, x: Any) -> Tensor:
    if not isinstance(x, Tensor):
        raise TypeError(f"{op}: {arg} must be a Tensor, got {type(x).__name__}")
    return x


def _float_tensor(op: str, arg: str, x: Any) -> Tensor:
    x = _tensor(op, arg, x)
    if x.dtype.kind != "f":
        raise TypeError(f"{op}: {arg} must be floating point, got dtype {x.dtype}")
    return x


def _array(x: Any) -> np.ndarray:
    return x.array if isinstance(x, Tensor) else np.asarray(x)


class Softmax(Function):
    @staticmethod
    def forward(ctx, x, dim):
        ctx.dim = dim
        # np.asarray: for a 0-d input the subtraction gives a NumPy scalar, not an array.
        out = np.asarray(x - x.max(axis=dim, keepdims=True)) if x.size else x.copy()
        np.exp(out, out=out)
        out /= out.sum(axis=dim, keepdims=True)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (y,) = ctx.saved_tensors
        # J = diag(y) - y yᵀ along dim, so Jᵀg = y * (g - <g, y>).
        return y * (grad - (grad * y).sum(axis=ctx.dim, keepdims=True)), None


class LogSoftmax(Function):
    @staticmethod
    def forward(ctx, x, dim):
        ctx.dim = dim
        # Shifting by the max keeps exp() from overflowing; the result does not change.
        # np.asarray: for a 0-d input the subtraction gives a NumPy scalar, not an array.
        out = np.asarray(x - x.max(axis=dim, keepdims=True)) if x.size else x.copy()
        out -= np.log(np.exp(out).sum(axis=dim, keepdims=True))
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (y,) = ctx.saved_tensors
        return grad - y.exp() * grad.sum(axis=ctx.dim, keepdims=True), None
