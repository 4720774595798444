# ruff: noqa: A002 - `input` is PyTorch's argument name
# Over 400 lines: the N-d functions and their six 1/2/3-D names, each with a literal docstring.
"""Fixed-window pooling, 1-D to 3-D: max and average (adaptive pooling is in ``adaptive_pool``).

Each pooling op and its VJP are a pair of primitives that differentiate each other, so
gradients of any order work:

- max pooling is a *gather* of each window's first maximum; its VJP is the *scatter* of the
  gradient to those positions ("max-mask routing", accumulating where windows overlap), whose
  VJP is the gather again. Two routes, one rule (:func:`_max_pool`): windows that need no
  padding (the common case, e.g. ``max_pool2d(x, 2)``) take the fast **tap route**
  (:class:`MaxPool`, then ``TapScatter``/``TapGather`` of :mod:`._routing`): the forward is only the
  separable window maximum, and the backward finds each window's first maximum as a small
  ``uint8`` tap number and routes with one strided write per tap. Padded windows (or
  ``return_indices``) take the simple **index route** (:class:`MaxPoolIndexed`, then
  ``IndexScatter``/``IndexGather``): flat int64 positions, computed in the
  forward, where a window of padding only is kept inside its plane and gets no gradient.
  Both give the same values and gradients of every order (``tests/ops/test_pool.py``).
- average pooling is a windowed sum times ``1/divisor``; its VJP *spreads* each window's
  gradient evenly over the window, and the spread's VJP is average pooling again.

Windows come from :mod:`._windows` (one geometry, one reduction, one scatter-add); the
gather/scatter pairs from :mod:`._routing`, shared with adaptive max pooling.
"""

from __future__ import annotations

import math
from typing import Any, cast

import numpy as np

from ..autograd import Function, is_grad_enabled
from ..tensor import Tensor
from ._routing import IndexGather, TapScatter, first_max_tap, plane_offsets
from ._windows import (
    Windows,
    check_bool,
    check_float_tensor,
    check_input_rank,
    check_non_negative,
    check_positive,
    crop,
    effective_kernel,
    ntuple,
    output_size,
    pad,
    reduce_windows,
    spread_windows,
)

__all__ = [
    "avg_pool",
    "avg_pool1d",
    "avg_pool2d",
    "avg_pool3d",
    "max_pool",
    "max_pool1d",
    "max_pool2d",
    "max_pool3d",
]


class MaxPool(Function):
    """Max pooling by the tap route: the separable window maximum; the backward finds each
    window's first maximum (:func:`first_max_tap`) and routes the gradient there with
    :class:`TapScatter` (whose VJP, :class:`TapGather`, gives the higher orders)."""

    @staticmethod
    def forward(ctx, x, win):
        ctx.win = win
        ctx.save_for_backward(x)
        ctx.values = reduce_windows(x, win, np.maximum)
        return ctx.values

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        arg = first_max_tap(x.array, ctx.values, ctx.win)
        return TapScatter.apply(grad, arg=arg, win=ctx.win)


# --------------------------------------------------------------------------------------------
# The index route: any windows; flat positions found in the forward
# --------------------------------------------------------------------------------------------


class MaxPoolIndexed(IndexGather):
    """Max pooling by the index route: the gather of each window's first maximum at the flat
    positions the forward found (:func:`_max_windows`). VJP: :class:`IndexScatter`."""


def _max_windows(x: np.ndarray, win: Windows) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each window's maximum and its first position as ``(flat, plane)`` indices: into the
    flattened input, and into its ``(n, c)`` plane (PyTorch's ``return_indices``).

    Padding is ``-inf``, so it never wins unless a window holds nothing else.
    """
    d = len(win.kernel)
    xp = pad(x, win.pad_lo, win.pad_hi, -np.inf)
    values = reduce_windows(xp, win, np.maximum)
    arg = first_max_tap(xp, values, win)
    # plane index = Σ_i (o_i·stride_i - pad_i + k_i·dilation_i) · plane_stride_i
    plane_strides = [math.prod(win.in_size[i + 1 :]) for i in range(d)]
    base = sum(
        ((np.arange(o) * s - p) * ps).reshape(-1, *(1,) * (d - 1 - i))
        for i, (o, s, p, ps) in enumerate(zip(win.out_size, win.stride, win.pad_lo, plane_strides))
    )
    # One term per spatial axis (d >= 1): an array, never the start value 0.
    tap_offset = cast(
        np.ndarray,
        sum(
            k * dl * ps
            for k, dl, ps in zip(np.indices(win.kernel).reshape(d, -1), win.dilation, plane_strides)
        ),
    )
    plane_index = tap_offset[arg]
    plane_index += base
    plane = math.prod(win.in_size)
    if win.padded:
        # Only a window whose real values are all -inf can pick a padding position; keep its
        # index inside the plane.
        np.clip(plane_index, 0, plane - 1, out=plane_index)
    return values, plane_index + plane_offsets(x.shape[:-d], plane, d), plane_index


def _live_windows(win: Windows) -> np.ndarray | None:
    """A 0/1 mask over the output: 0 for windows that hold only padding (possible with
    dilation), which are ``-inf`` and get no gradient, as in PyTorch; None if there are none."""
    live = np.ones(())
    for o, s, p, k, dl, n in zip(
        win.out_size, win.stride, win.pad_lo, win.kernel, win.dilation, win.in_size
    ):
        pos = (np.arange(o) * s - p)[:, None] + np.arange(k) * dl
        live = np.multiply.outer(live, ((pos >= 0) & (pos < n)).any(axis=1))
    return None if live.all() else live


# --------------------------------------------------------------------------------------------
# Average pooling and its spread
# --------------------------------------------------------------------------------------------


def _spread(g: np.ndarray, win: Windows) -> np.ndarray:
    """The adjoint of the windowed sum: every input position gets the sum of ``g`` over the
    windows containing it."""
    d = len(win.kernel)
    lead = g.shape[:-d]
    if win.tiles:
        # Each position is in exactly one window: broadcast over (o_1, k_1, o_2, k_2, ...).
        tiled = g.reshape(*lead, *(n for o in win.out_size for n in (o, 1)))
        shape = (*lead, *(n for o, k in zip(win.out_size, win.kernel) for n in (o, k)))
        return np.broadcast_to(tiled, shape).reshape(*lead, *win.in_size)
    return crop(spread_windows(g, win), win.pad_lo, win.in_size)


class AvgPool(Function):
    """Average pooling: the windowed sum times ``scale = 1/divisor`` (an array over the output
    positions). VJP: :class:`AvgPoolSpread`."""

    @staticmethod
    def forward(ctx, x, win, scale):
        ctx.win, ctx.scale = win, scale
        out = reduce_windows(pad(x, win.pad_lo, win.pad_hi), win, np.add)
        out *= scale
        return out

    @staticmethod
    def backward(ctx, grad):
        return AvgPoolSpread.apply(grad, win=ctx.win, scale=ctx.scale)


class AvgPoolSpread(Function):
    """The VJP of average pooling: each window's gradient times ``scale``, spread evenly over
    the window ("mean spreading"). VJP: :class:`AvgPool`."""

    @staticmethod
    def forward(ctx, g, win, scale):
        ctx.win, ctx.scale = win, scale
        return _spread(g * scale, win)

    @staticmethod
    def backward(ctx, grad):
        return AvgPool.apply(grad, win=ctx.win, scale=ctx.scale)


# --------------------------------------------------------------------------------------------
# Argument checks and the public functions
# --------------------------------------------------------------------------------------------


def _spatial_dims(input: Any, kernel_size: Any) -> int:
    """The N-d functions' dimension: the length of a tuple ``kernel_size``, else all axes of
    a batched ``(N, C, *spatial)`` input."""
    if isinstance(kernel_size, (tuple, list)) and len(kernel_size) > 0:
        return len(kernel_size)
    return max(1, getattr(input, "ndim", 3) - 2)


def _pool_windows(
    op: str,
    d: int,
    input: Any,
    kernel_size: Any,
    stride: Any,
    padding: Any,
    dilation: Any,
    ceil_mode: bool,
) -> Windows:
    check_float_tensor(op, "input", input)
    check_input_rank(op, input, d)
    check_bool(op, "ceil_mode", ceil_mode)
    kernel = ntuple(op, "kernel_size", kernel_size, d)
    check_positive(op, "kernel_size", kernel)
    empty_stride = stride is None or (isinstance(stride, (tuple, list)) and not stride)
    stride = kernel if empty_stride else ntuple(op, "stride", stride, d)
    check_positive(op, "stride", stride)
    padding = ntuple(op, "padding", padding, d)
    check_non_negative(op, "padding", padding)
    dilation = ntuple(op, "dilation", dilation, d)
    check_positive(op, "dilation", dilation)
    if any(p > k // 2 for p, k in zip(padding, kernel)):
        raise ValueError(f"{op}: padding {padding} must be at most half the kernel size {kernel}")
    size = tuple(input.shape[-d:])
    out = output_size(size, kernel, stride, padding, padding, dilation, ceil_mode)
    if any(o <= 0 for o in out) or any(n == 0 for n in size):
        raise ValueError(
            f"{op}: the output size {out} is too small: kernel {kernel} (dilation "
            f"{dilation}) does not fit the padded input (input shape {input.shape}, padding "
            f"{padding})"
        )
    extent = effective_kernel(kernel, dilation)
    # The padding actually read after each axis (ceil_mode's last window may need more).
    hi = tuple(
        max(0, (o - 1) * s + e - n - p) for o, s, e, n, p in zip(out, stride, extent, size, padding)
    )
    return Windows(size, out, kernel, stride, padding, hi, dilation)


def _max_pool(
    op: str,
    d: int,
    input: Tensor,
    kernel_size: Any,
    stride: Any,
    padding: Any,
    dilation: Any,
    ceil_mode: bool,
    return_indices: bool,
) -> Tensor | tuple[Tensor, Tensor]:
    win = _pool_windows(op, d, input, kernel_size, stride, padding, dilation, ceil_mode)
    if not (input.requires_grad and is_grad_enabled()) and not return_indices:
        xp = pad(input.array, win.pad_lo, win.pad_hi, -np.inf)
        return Tensor.constant(reduce_windows(xp, win, np.maximum))
    # The rule: the tap route where windows neither need padding (no position outside the
    # input can win, so routing by tap number is exact) nor overlap; the index route
    # otherwise. Overlapping windows make the tap route's scatter one strided add per tap
    # into shared positions: 3x3/2 on 64x32x28x28 ran 17.4 ms by taps, 8.6 ms by index.
    if not win.padded and not win.overlaps and not return_indices:
        return MaxPool.apply(input, win=win)
    values, flat, plane_index = _max_windows(input.array, win)
    live = _live_windows(win)
    out = MaxPoolIndexed.apply(
        input,
        index=flat,
        values=values,
        overlap=win.overlaps,
        live=None if live is None else live.astype(input.dtype),
        win=win,
    )
    return (out, Tensor.constant(plane_index)) if return_indices else out


def _avg_pool(
    op: str,
    d: int,
    input: Tensor,
    kernel_size: Any,
    stride: Any,
    padding: Any,
    ceil_mode: bool,
    count_include_pad: bool,
    divisor_override: int | None,
) -> Tensor:
    check_bool(op, "count_include_pad", count_include_pad)
    win = _pool_windows(op, d, input, kernel_size, stride, padding, 1, ceil_mode)
    if divisor_override is not None:
        if not isinstance(divisor_override, (int, np.integer)) or divisor_override <= 0:
            raise ValueError(
                f"{op}: divisor_override must be a positive int, got {divisor_override!r}"
            )
        counts: Any = np.array(divisor_override)
    else:
        # Window sizes are separable: the divisor is an outer product of per-axis counts.
        counts = np.ones(())
        for n, o, k, s, p in zip(win.in_size, win.out_size, win.kernel, win.stride, win.pad_lo):
            start = np.arange(o) * s - p
            end = np.minimum(start + k, n + p)
            if not count_include_pad:
                start, end = np.maximum(start, 0), np.minimum(end, n)
            counts = np.multiply.outer(counts, end - start)
    return AvgPool.apply(input, win=win, scale=(1.0 / counts).astype(input.dtype))


def max_pool(
    input: Tensor,
    kernel_size: Any,
    stride: Any = None,
    padding: Any = 0,
    dilation: Any = 1,
    ceil_mode: bool = False,
    return_indices: bool = False,
) -> Tensor | tuple[Tensor, Tensor]:
    """N-d max pooling: each window's maximum (``max_pool1d/2d/3d`` are this for N = 1, 2, 3).

    Padding counts as ``-inf``. The gradient goes to the position of each window's maximum
    (the first one, in window order, when several tie; a NaN is the maximum), accumulating
    where windows overlap.

    Parameters
    ----------
    input
        ``(N, C, *spatial)``, or unbatched ``(C, *spatial)``.
    kernel_size
        One int per spatial dimension (their number sets N), or an int (then every axis of
        a batched input after ``(N, C)`` is spatial).
    stride
        Defaults to ``kernel_size``.
    padding
        Implicit ``-inf`` padding on both sides, at most half the kernel size.
    dilation
        Spacing between the window's elements.
    ceil_mode
        Round the output size up (a last, partial window), as in PyTorch: a window must
        start inside the input or the left padding.
    return_indices
        Also return where each maximum is: a flat index into its ``(n, c)`` input plane,
        int64 (as PyTorch).

    Returns
    -------
    Tensor or (Tensor, Tensor)
        ``(N, C, *out)`` with ``out = (size + 2·padding - dilation·(k - 1) - 1) / stride + 1``
        (floor, or ceil with ``ceil_mode``), and the indices if asked.

    Raises
    ------
    ValueError
        A bad kernel size, stride, padding, dilation or output size, naming the shapes.
    TypeError
        A non-Tensor or non-floating input, or a malformed size argument.
    """
    d = _spatial_dims(input, kernel_size)
    return _max_pool(
        "max_pool", d, input, kernel_size, stride, padding, dilation, ceil_mode, return_indices
    )


def avg_pool(
    input: Tensor,
    kernel_size: Any,
    stride: Any = None,
    padding: Any = 0,
    ceil_mode: bool = False,
    count_include_pad: bool = True,
    divisor_override: int | None = None,
) -> Tensor:
    """N-d average pooling: each window's mean (``avg_pool1d/2d/3d`` are this for N = 1, 2,
    3). The gradient is spread evenly over each window ("mean spreading").

    Parameters
    ----------
    input
        ``(N, C, *spatial)``, or unbatched ``(C, *spatial)``.
    kernel_size
        One int per spatial dimension (their number sets N), or an int (then every axis of
        a batched input after ``(N, C)`` is spatial).
    stride
        Defaults to ``kernel_size``.
    padding
        Implicit zero padding on both sides, at most half the kernel size.
    ceil_mode
        Round the output size up (a last, partial window), as in PyTorch: a window must
        start inside the input or the left padding.
    count_include_pad
        Count the zero padding in the divisor (the default) or only the real elements.
    divisor_override
        If given, divide every window's sum by it instead of the window size.

    Returns
    -------
    Tensor
        ``(N, C, *out)`` with ``out = (size + 2·padding - k) / stride + 1`` (floor, or ceil
        with ``ceil_mode``).

    Raises
    ------
    ValueError
        A bad kernel size, stride, padding, divisor or output size, naming the shapes.
    TypeError
        A non-Tensor or non-floating input, or a malformed size argument.
    """
    d = _spatial_dims(input, kernel_size)
    return _avg_pool(
        "avg_pool",
        d,
        input,
        kernel_size,
        stride,
        padding,
        ceil_mode,
        count_include_pad,
        divisor_override,
    )


def max_pool1d(
    input: Tensor,
    kernel_size: Any,
    stride: Any = None,
    padding: Any = 0,
    dilation: Any = 1,
    ceil_mode: bool = False,
    return_indices: bool = False,
) -> Tensor | tuple[Tensor, Tensor]:
    """1-D max pooling (as PyTorch's ``max_pool1d``) over ``(N, C, L)`` or ``(C, L)``: see
    :func:`max_pool` for the arguments, the output size and the gradient."""
    return _max_pool(
        "max_pool1d", 1, input, kernel_size, stride, padding, dilation, ceil_mode, return_indices
    )


def max_pool2d(
    input: Tensor,
    kernel_size: Any,
    stride: Any = None,
    padding: Any = 0,
    dilation: Any = 1,
    ceil_mode: bool = False,
    return_indices: bool = False,
) -> Tensor | tuple[Tensor, Tensor]:
    """2-D max pooling (as PyTorch's ``max_pool2d``) over ``(N, C, H, W)`` or ``(C, H, W)``:
    see :func:`max_pool` for the arguments, the output size and the gradient."""
    return _max_pool(
        "max_pool2d", 2, input, kernel_size, stride, padding, dilation, ceil_mode, return_indices
    )


def max_pool3d(
    input: Tensor,
    kernel_size: Any,
    stride: Any = None,
    padding: Any = 0,
    dilation: Any = 1,
    ceil_mode: bool = False,
    return_indices: bool = False,
) -> Tensor | tuple[Tensor, Tensor]:
    """3-D max pooling (as PyTorch's ``max_pool3d``) over ``(N, C, D, H, W)`` or
    ``(C, D, H, W)``: see :func:`max_pool` for the arguments, the output size and the
    gradient."""
    return _max_pool(
        "max_pool3d", 3, input, kernel_size, stride, padding, dilation, ceil_mode, return_indices
    )


def avg_pool1d(
    input: Tensor,
    kernel_size: Any,
    stride: Any = None,
    padding: Any = 0,
    ceil_mode: bool = False,
    count_include_pad: bool = True,
) -> Tensor:
    """1-D average pooling (as PyTorch's ``avg_pool1d``, which has no ``divisor_override``)
    over ``(N, C, L)`` or ``(C, L)``: see :func:`avg_pool`."""
    return _avg_pool(
        "avg_pool1d", 1, input, kernel_size, stride, padding, ceil_mode, count_include_pad, None
    )


def avg_pool2d(
    input: Tensor,
    kernel_size: Any,
    stride: Any = None,
    padding: Any = 0,
    ceil_mode: bool = False,
    count_include_pad: bool = True,
    divisor_override: int | None = None,
) -> Tensor:
    """2-D average pooling (as PyTorch's ``avg_pool2d``) over ``(N, C, H, W)`` or
    ``(C, H, W)``: see :func:`avg_pool`."""
    return _avg_pool(
        "avg_pool2d",
        2,
        input,
        kernel_size,
        stride,
        padding,
        ceil_mode,
        count_include_pad,
        divisor_override,
    )


def avg_pool3d(
    input: Tensor,
    kernel_size: Any,
    stride: Any = None,
    padding: Any = 0,
    ceil_mode: bool = False,
    count_include_pad: bool = True,
    divisor_override: int | None = None,
) -> Tensor:
    """3-D average pooling (as PyTorch's ``avg_pool3d``) over ``(N, C, D, H, W)`` or
    ``(C, D, H, W)``: see :func:`avg_pool`."""
    return _avg_pool(
        "avg_pool3d",
        3,
        input,
        kernel_size,
        stride,
        padding,
        ceil_mode,
        count_include_pad,
        divisor_override,
    )
