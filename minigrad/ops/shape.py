"""Shape ops: reshape, transpose, broadcasting, joining, splitting, padding, flipping and
indexing. Their VJPs move gradients back to where the values came from.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..autograd import Function
from ..tensor import Tensor


class BroadcastTo(Function):
    @staticmethod
    def forward(ctx, a, shape):
        ctx.in_shape = np.shape(a)
        return np.broadcast_to(a, shape)

    @staticmethod
    def backward(ctx, grad):
        return grad.sum_to(ctx.in_shape), None


def broadcast_to(a: Tensor, shape: Sequence[int]) -> Tensor:
    """``a`` broadcast to ``shape`` (a read-only view; the VJP sums back)."""
    shape = tuple(shape)
    try:
        np.broadcast_shapes(a.shape, shape)
    except ValueError:
        raise ValueError(f"broadcast_to: cannot broadcast shape {a.shape} to {shape}") from None
    return BroadcastTo.apply(a, shape)
