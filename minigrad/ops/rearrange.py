"""One primitive for every op that only moves, copies or drops elements: ``rearrange``.

``rearrange(x, index)`` is ``x.flat[index]`` with ``0`` wherever ``index`` is ``-1``. Its VJP
scatters the gradient back (adding where an element was copied), and the scatter's VJP is the
gather again, so gradients of any order flow through it.

The point is where the index comes from: :func:`index_map` applies a NumPy function to the
*positions* of ``x`` (``1 .. x.size``, so that a zero NumPy writes — padding, the off-diagonal
of ``diag``, the triangle ``tril`` clears — becomes ``-1``). ``roll``, ``tile``, ``repeat``,
``rot90``, ``pad`` in every mode, ``diag``, ``diagonal``, ``tril``, ``take``, ``choose`` ...
then have NumPy's exact semantics (argument names, defaults, edge cases) for free, with one
VJP for all of them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, overload

import numpy as np

from ..autograd import Function
from ..tensor import Tensor

__all__ = ["index_map", "rearrange"]


class Rearrange(Function):
    """``a.flat[index]``, 0 where ``index < 0``."""

    @staticmethod
    def forward(ctx, a, *, index):
        ctx.index, ctx.in_shape = index, a.shape
        flat = a.reshape(-1)
        if flat.size == 0:
            return np.zeros(index.shape, a.dtype)
        out = flat[np.maximum(index, 0)]
        if (index < 0).any():
            out[index < 0] = 0
        return out

    @staticmethod
    def backward(ctx, grad):
        return Scatter.apply(grad, index=ctx.index, shape=ctx.in_shape)


class Scatter(Function):
    """The adjoint of :class:`Rearrange`: ``zeros(shape)`` with ``g[i]`` added at
    ``flat[index[i]]`` (entries with ``index < 0`` are dropped)."""

    @staticmethod
    def forward(ctx, g, *, index, shape):
        ctx.index = index
        keep = index >= 0
        size = int(np.prod(shape))
        out = np.bincount(index[keep], weights=g[keep], minlength=size)
        return out.astype(g.dtype, copy=False).reshape(shape)

    @staticmethod
    def backward(ctx, grad):
        return Rearrange.apply(grad, index=ctx.index)


def rearrange(x: Tensor, index: np.ndarray) -> Tensor:
    """``x.flat[index]`` (0 where ``index == -1``), differentiable.

    Parameters
    ----------
    x
        Any shape, ``n`` elements.
    index
        An int array of any shape with entries in ``-1 .. n - 1``.

    Returns
    -------
    Tensor of ``index.shape`` and ``x.dtype``.
    """
    index = np.asarray(index)
    if index.dtype.kind not in "iu":
        raise TypeError(f"rearrange: index must hold ints, got dtype {index.dtype}")
    if index.size and (index.min() < -1 or index.max() >= x.array.size):
        raise ValueError(
            f"rearrange: index entries must lie in -1 .. {x.array.size - 1} (x has shape {x.shape})"
        )
    return Rearrange.apply(x, index=index.astype(np.intp, copy=False))


@overload
def index_map(x: Tensor, fn: Callable[[np.ndarray], np.ndarray]) -> Tensor: ...
@overload
def index_map(
    x: Tensor, fn: Callable[[np.ndarray], list[Any] | tuple[Any, ...]]
) -> list[Tensor]: ...


def index_map(x: Tensor, fn: Callable[[np.ndarray], Any]) -> Tensor | list[Tensor]:
    """``fn`` applied to ``x`` through the positions of its elements: ``fn`` must only move,
    copy, drop, or zero-fill elements (any NumPy function that does is differentiable this
    way). A list or tuple result (``split``) gives a list of Tensors."""
    positions = np.arange(1, x.array.size + 1, dtype=np.intp).reshape(x.shape)
    result = fn(positions)
    if isinstance(result, (list, tuple)):
        return [Rearrange.apply(x, index=np.asarray(r) - 1) for r in result]
    return Rearrange.apply(x, index=np.asarray(result) - 1)
