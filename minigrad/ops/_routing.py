"""The gather/scatter pairs behind max pooling (fixed-window and adaptive).

Each pair differentiates itself: the scatter's VJP is the gather and the gather's the scatter,
so max pooling has gradients of every order. Two index forms:

- **by tap** (:class:`TapScatter`, :class:`TapGather`): one small ``uint8`` number per window,
  the tap (kernel position) holding its first maximum (:func:`first_max_tap`); routing is one
  strided write per tap. For windows that neither need padding nor overlap.
- **by flat position** (:class:`IndexGather`, :class:`IndexScatter`): an int64 index into the
  flattened input per window. Any windows, adaptive ones included.

``minigrad.ops.indexing`` has its own ``IndexScatter`` for ``x[index]`` (NumPy index tuples,
always accumulating); merging the two is left to that module's owner.
"""

from __future__ import annotations

import math

import numpy as np

from ..autograd import Function
from ._layout import batch_last, is_batch_last
from ._windows import Windows

# --------------------------------------------------------------------------------------------
# The first maximum of each window, as a tap number
# --------------------------------------------------------------------------------------------


def first_max_tap(xp: np.ndarray, values: np.ndarray, win: Windows) -> np.ndarray:
    """For each window of the padded ``xp``, the number (in ``np.ndindex(kernel)`` order) of
    the first tap that attains the window's maximum ``values``.

    The taps are compared in reverse order, so the earliest one that attains it is written
    last; a NaN maximum goes to the window's last NaN, as in PyTorch.
    """
    taps = [index for _, index in win.taps()]
    # The last tap is the default: where no earlier tap attains the maximum, it does.
    # ``*_like``: in the memory layout of ``values`` (a batch-last input stays batch-last).
    arg = np.full_like(values, len(taps) - 1, np.min_scalar_type(len(taps) - 1))
    equal = np.empty_like(values, bool)
    step = np.empty_like(arg)
    for t in range(len(taps) - 2, -1, -1):
        # arg = t where tap t attains the maximum: arg -= (arg - t)·equal (arg > t here, so
        # no wrap-around); small-int arithmetic, 3x faster than np.putmask.
        np.equal(xp[taps[t]], values, out=equal)
        np.subtract(arg, t, out=step)
        step *= equal
        arg -= step
    nan = np.isnan(values)
    if nan.any():
        for t in range(len(taps)):
            np.putmask(arg, nan & np.isnan(xp[taps[t]]), t)
    return arg


# --------------------------------------------------------------------------------------------
# By tap: unpadded windows
# --------------------------------------------------------------------------------------------


class TapScatter(Function):
    """``dx[window w, tap arg[w]] = g[w]``: each window's value routed to its tap ``arg``
    (``uint8``, one per window), into zeros of the input's shape; windows that neither need
    padding nor overlap (each input position in at most one window). VJP: :class:`TapGather`."""

    @staticmethod
    def forward(ctx, g, arg, win):
        assert not win.padded and not win.overlaps, "TapScatter takes disjoint, unpadded windows"
        ctx.arg, ctx.win = arg, win
        if is_batch_last(arg):
            # A gradient coming back through a reshape (a flatten before the classifier) is
            # C-ordered: reading it tap by tap across the batch-last taps jumps a multiple of
            # 4 KiB per item. One copy first: the flagship's second pool (64×32×4² windows)
            # routed in 0.97 ms before, 0.35–0.38 ms with the copy (1 thread).
            g = batch_last(g)
        lead = g.shape[: g.ndim - len(win.kernel)]
        # In the layout of ``arg``, which is the forward input's: a gradient keeps its input's
        # memory layout (batch-last between convolutions), whatever ``g``'s. Tiling windows
        # write every position exactly once: no zero fill needed.
        shape = (*lead, *win.in_size)
        dx = (np.empty_like if win.tiles else np.zeros_like)(arg, g.dtype, shape=shape)
        # Multiplying by the 0/1 mask is 4-6x faster than a masked copy, but a NaN or inf
        # would leak into the taps that did not win (0·inf = NaN): those take np.where.
        finite = np.isfinite(g).all()
        mask = np.empty_like(arg, bool)
        for t, (_, index) in enumerate(win.taps()):
            np.equal(arg, t, out=mask)
            if finite:
                np.multiply(g, mask, out=dx[index])
            else:
                dx[index] = np.where(mask, g, 0)
        return dx

    @staticmethod
    def backward(ctx, grad):
        return TapGather.apply(grad, arg=ctx.arg, win=ctx.win)


class TapGather(Function):
    """``out[w] = h[window w, tap arg[w]]``: the adjoint of :class:`TapScatter`, and the
    forward of max pooling once ``arg`` is known. VJP: :class:`TapScatter`."""

    @staticmethod
    def forward(ctx, h, arg, win):
        ctx.arg, ctx.win = arg, win
        out = np.zeros_like(arg, h.dtype)
        for t, (_, index) in enumerate(win.taps()):
            np.copyto(out, h[index], where=arg == t)
        return out

    @staticmethod
    def backward(ctx, grad):
        return TapScatter.apply(grad, arg=ctx.arg, win=ctx.win)


# --------------------------------------------------------------------------------------------
# By flat position: any windows
# --------------------------------------------------------------------------------------------


def plane_offsets(lead: tuple[int, ...], plane: int, d: int) -> np.ndarray:
    """``(*lead, 1, ..., 1)``: where each ``(n, c)`` plane starts in the flattened input."""
    return (np.arange(math.prod(lead), dtype=np.int64) * plane).reshape(*lead, *(1,) * d)


class IndexGather(Function):
    """``out[i] = x.flat[index[i]]`` (``index`` into the flattened, C-ordered input).

    ``values`` lets the forward pass hand over the gathered values it already has; ``live``
    (a 0/1 mask broadcasting to the output) marks outputs that depend on no input at all.
    VJP: :class:`IndexScatter`.
    """

    @staticmethod
    def forward(ctx, x, index, values=None, overlap=True, live=None, win=None):
        ctx.in_shape, ctx.overlap, ctx.live, ctx.win = x.shape, overlap, live, win
        ctx.save_for_backward(index)
        return np.ravel(x)[index] if values is None else values

    @staticmethod
    def backward(ctx, grad):
        (index,) = ctx.saved_tensors
        if ctx.live is not None:  # outputs that depend on no input get no gradient
            grad = grad * ctx.live
        return IndexScatter.apply(grad, index=index.array, shape=ctx.in_shape, overlap=ctx.overlap)


class IndexScatter(Function):
    """``out.flat[index[i]] += g[i]`` into zeros of ``shape``; ``overlap=False`` promises the
    indices are distinct (a plain assignment). VJP: :class:`IndexGather`."""

    @staticmethod
    def forward(ctx, g, index, shape, overlap):
        ctx.overlap = overlap
        ctx.save_for_backward(index)
        out = np.zeros(math.prod(shape), g.dtype)
        if overlap:
            np.add.at(out, index.ravel(), g.ravel())
        else:
            out[index] = g
        return out.reshape(shape)

    @staticmethod
    def backward(ctx, grad):
        (index,) = ctx.saved_tensors
        return IndexGather.apply(grad, index=index.array, overlap=ctx.overlap)
