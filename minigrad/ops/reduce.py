"""Reductions: ``sum``, ``mean``, ``var``, ``std``, ``max``, ``min``, ``logsumexp``,
``argmax``/``argmin``; and ``sum_to``, the adjoint of broadcasting that the engine uses to
undo it.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..autograd import Function
from ..tensor import Tensor


def _broadcast_axes(shape: tuple[int, ...], target: tuple[int, ...]) -> tuple[int, ...]:
    """The axes of ``shape`` to sum over so that the result broadcasts back from ``target``."""
    lead = len(shape) - len(target)
    if lead < 0:
        raise ValueError(f"sum_to: cannot reduce shape {shape} to the larger rank of {target}")
    axes = list(range(lead))
    for i, (s, t) in enumerate(zip(shape[lead:], target)):
        if t == 1 and s != 1:
            axes.append(lead + i)
        elif t != s:
            raise ValueError(f"sum_to: shape {shape} does not broadcast from {target}")
    return tuple(axes)


class SumTo(Function):
    @staticmethod
    def forward(ctx, a, shape):
        ctx.in_shape = a.shape
        axes = _broadcast_axes(a.shape, shape)
        return np.sum(a, axis=axes, keepdims=True).reshape(shape)

    @staticmethod
    def backward(ctx, grad):
        return grad.broadcast_to(ctx.in_shape), None


def sum_to(a: Tensor, shape: Sequence[int]) -> Tensor:
    """Sum ``a`` over the axes that broadcasting ``shape`` to ``a.shape`` would add.

    The adjoint of :func:`~minigrad.ops.shape.broadcast_to`: the engine calls it once for
    every gradient whose shape differs from its input's.
    """
    return SumTo.apply(a, tuple(shape))
