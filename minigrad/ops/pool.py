# ruff: noqa: A002 - `input` is PyTorch's argument name
"""Fixed-window pooling, 1-D to 3-D: max and average (adaptive pooling is in ``adaptive_pool``).

Each pooling op and its VJP are a pair of primitives that differentiate each other, so
gradients of any order work:

- max pooling is a *gather* of each window's first maximum (its input position found once,
  in the forward); its VJP is the *scatter* of the gradient to those positions ("max-mask
  routing", accumulating where windows overlap), whose VJP is the gather again;
- average pooling is a windowed sum times ``1/divisor``; its VJP *spreads* each window's
  gradient evenly over the window, and the spread's VJP is average pooling again.

Windows are strided views of the padded input (one vectorised NumPy call per kernel tap, see
``_windows``); where the windows tile the input exactly, the spread is a reshape. The gather
and scatter pair (:class:`IndexGather`, :class:`IndexScatter`) and the docstring template are
shared with adaptive max pooling.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..autograd import Function, is_grad_enabled
from ..tensor import Tensor
from ._windows import (
    Ints,
    add_windows,
    check_float_tensor,
    check_input_rank,
    check_non_negative,
    check_positive,
    crop,
    effective_kernel,
    ntuple,
    pad,
    tap_slices,
)

__all__ = [
    "PoolGeometry",
    "avg_pool1d",
    "avg_pool2d",
    "avg_pool3d",
    "max_pool1d",
    "max_pool2d",
    "max_pool3d",
]


@dataclass(frozen=True)
class PoolGeometry:
    """The windows of one pooling: sizes, kernel, stride, dilation and the padding actually
    used on each side (``pad_hi`` also covers the windows ``ceil_mode`` adds)."""

    in_size: Ints
    out_size: Ints
    kernel: Ints
    stride: Ints
    dilation: Ints
    pad_lo: Ints
    pad_hi: Ints

    @property
    def tiles(self) -> bool:
        """The windows partition the input exactly (a reshape, no window views)."""
        return (
            self.stride == self.kernel
            and all(dl == 1 for dl in self.dilation)
            and not any(self.pad_lo)
            and all(o * k == s for o, k, s in zip(self.out_size, self.kernel, self.in_size))
        )

    @property
    def overlaps(self) -> bool:
        """Some input position may lie in two windows (scatters must accumulate)."""
        return any(s < e for s, e in zip(self.stride, effective_kernel(self.kernel, self.dilation)))

    def taps(self) -> Iterator[tuple[Ints, Any]]:
        """``(tap, index)`` pairs: ``x_padded[index]`` is what tap reads in every window."""
        return tap_slices(self.kernel, self.stride, self.dilation, self.out_size)


# --------------------------------------------------------------------------------------------
# Routing by index: the VJP pair behind max pooling
# --------------------------------------------------------------------------------------------


def _plane_offsets(lead: tuple[int, ...], plane: int, d: int) -> np.ndarray:
    """``(*lead, 1, ..., 1)``: where each ``(n, c)`` plane starts in the flattened input."""
    return (np.arange(math.prod(lead), dtype=np.int64) * plane).reshape(*lead, *(1,) * d)


class IndexGather(Function):
    """``out[i] = x.flat[index[i]]`` (``index`` into the flattened, C-ordered input).

    Max pooling is this gather at each window's first maximum. ``values`` lets the forward
    pass hand over the gathered values it already has; ``live`` (a 0/1 mask broadcasting to
    the output) marks outputs that depend on no input at all. VJP: :class:`IndexScatter`.
    """

    @staticmethod
    def forward(ctx, x, index, values=None, overlap=True, live=None, geo=None):
        ctx.in_shape, ctx.overlap, ctx.live, ctx.geo = x.shape, overlap, live, geo
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


class MaxPool(IndexGather):
    """Max pooling: the gather of each window's first maximum (the forward computes the
    maxima and their positions together). VJP: the max-mask scatter, :class:`IndexScatter`."""


def _max_windows(x: np.ndarray, geo: PoolGeometry, need_index: bool) -> tuple[np.ndarray, Any]:
    """Each window's maximum, and (if asked) its first position as ``(flat, plane)`` indices:
    into the flattened input, and into its ``(n, c)`` plane (PyTorch's ``return_indices``).

    ``np.maximum`` over one strided view per tap (NaN propagates, as in PyTorch); the first
    maximum is found by comparing the taps with the result in reverse order, so the earliest
    tap that attains it is written last. Padding is ``-inf``, so it never wins.
    """
    d = len(geo.kernel)
    xp = pad(x, geo.pad_lo, geo.pad_hi, -np.inf)
    taps = [index for _, index in geo.taps()]
    values = xp[taps[0]].copy()
    for index in taps[1:]:
        np.maximum(values, xp[index], out=values)
    if not need_index:
        return values, None
    # The last tap is the default: where no earlier tap attains the maximum, it does.
    arg = np.full(values.shape, len(taps) - 1, np.min_scalar_type(len(taps) - 1))
    equal = np.empty(values.shape, bool)
    for t in range(len(taps) - 2, -1, -1):
        np.putmask(arg, np.equal(xp[taps[t]], values, out=equal), t)
    nan = np.isnan(values)
    if nan.any():  # NaN is the maximum; PyTorch routes to the window's last NaN
        for t in range(len(taps)):
            np.putmask(arg, nan & np.isnan(xp[taps[t]]), t)
    # plane index = Σ_i (o_i·stride_i - pad_i + k_i·dilation_i) · plane_stride_i
    plane_strides = [math.prod(geo.in_size[i + 1 :]) for i in range(d)]
    base = sum(
        ((np.arange(o) * s - p) * ps).reshape(-1, *(1,) * (d - 1 - i))
        for i, (o, s, p, ps) in enumerate(zip(geo.out_size, geo.stride, geo.pad_lo, plane_strides))
    )
    tap_offset = sum(
        k * dl * ps
        for k, dl, ps in zip(np.indices(geo.kernel).reshape(d, -1), geo.dilation, plane_strides)
    )
    plane_index = tap_offset[arg]
    plane_index += base
    plane = math.prod(geo.in_size)
    if any(geo.pad_lo) or any(geo.pad_hi):
        # Only a window whose real values are all -inf can pick a padding position; keep its
        # index inside the plane.
        np.clip(plane_index, 0, plane - 1, out=plane_index)
    return values, (plane_index + _plane_offsets(x.shape[:-d], plane, d), plane_index)


def _live_windows(geo: PoolGeometry) -> np.ndarray | None:
    """A 0/1 mask over the output: 0 for windows that hold only padding (possible with
    dilation), which are ``-inf`` and get no gradient, as in PyTorch; None if there are none."""
    live = np.ones(())
    for o, s, p, k, dl, n in zip(
        geo.out_size, geo.stride, geo.pad_lo, geo.kernel, geo.dilation, geo.in_size
    ):
        pos = (np.arange(o) * s - p)[:, None] + np.arange(k) * dl
        live = np.multiply.outer(live, ((pos >= 0) & (pos < n)).any(axis=1))
    return None if live.all() else live


# --------------------------------------------------------------------------------------------
# Average pooling and its spread
# --------------------------------------------------------------------------------------------


def _window_sum(x: np.ndarray, geo: PoolGeometry) -> np.ndarray:
    xp = pad(x, geo.pad_lo, geo.pad_hi)
    taps = [index for _, index in geo.taps()]
    out = xp[taps[0]].copy()
    for index in taps[1:]:
        out += xp[index]
    return out


def _spread(g: np.ndarray, geo: PoolGeometry) -> np.ndarray:
    """The adjoint of :func:`_window_sum`: every input position gets the sum of ``g`` over
    the windows containing it."""
    d = len(geo.kernel)
    lead = g.shape[:-d]
    if geo.tiles:
        # Each position is in exactly one window: broadcast over (o_1, k_1, o_2, k_2, ...).
        tiled = g.reshape(*lead, *(n for o in geo.out_size for n in (o, 1)))
        shape = (*lead, *(n for o, k in zip(geo.out_size, geo.kernel) for n in (o, k)))
        return np.broadcast_to(tiled, shape).reshape(*lead, *geo.in_size)
    padded = tuple(s + a + b for s, a, b in zip(geo.in_size, geo.pad_lo, geo.pad_hi))
    buf = np.zeros((*lead, *padded), g.dtype)
    add_windows(buf, lambda k: g, geo.kernel, geo.stride, geo.dilation, geo.out_size)
    return crop(buf, geo.pad_lo, geo.in_size)


class AvgPool(Function):
    """Average pooling: the windowed sum times ``scale = 1/divisor`` (an array over the output
    positions). VJP: :class:`AvgPoolSpread`."""

    @staticmethod
    def forward(ctx, x, geo, scale):
        ctx.geo, ctx.scale = geo, scale
        out = _window_sum(x, geo)
        out *= scale
        return out

    @staticmethod
    def backward(ctx, grad):
        return AvgPoolSpread.apply(grad, geo=ctx.geo, scale=ctx.scale)


class AvgPoolSpread(Function):
    """The VJP of average pooling: each window's gradient times ``scale``, spread evenly over
    the window ("mean spreading"). VJP: :class:`AvgPool`."""

    @staticmethod
    def forward(ctx, g, geo, scale):
        ctx.geo, ctx.scale = geo, scale
        return _spread(g * scale, geo)

    @staticmethod
    def backward(ctx, grad):
        return AvgPool.apply(grad, geo=ctx.geo, scale=ctx.scale)


# --------------------------------------------------------------------------------------------
# Argument checks and the public functions
# --------------------------------------------------------------------------------------------


def _pool_geometry(
    op: str,
    d: int,
    input: Any,
    kernel_size: Any,
    stride: Any,
    padding: Any,
    dilation: Any,
    ceil_mode: bool,
) -> PoolGeometry:
    check_float_tensor(op, "input", input)
    check_input_rank(op, input, d)
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
    extent = effective_kernel(kernel, dilation)
    out = []
    for n, e, s, p in zip(size, extent, stride, padding):
        span = n + 2 * p - e
        o = (-(-span // s) if ceil_mode else span // s) + 1
        if ceil_mode and (o - 1) * s >= n + p:  # the last window must start inside
            o -= 1
        out.append(o)
    if any(o <= 0 for o in out) or any(n == 0 for n in size):
        raise ValueError(
            f"{op}: the output size {tuple(out)} is too small: kernel {kernel} (dilation "
            f"{dilation}) does not fit the padded input (input shape {input.shape}, padding "
            f"{padding})"
        )
    hi = tuple(
        max(0, (o - 1) * s + e - n - p) for o, s, e, n, p in zip(out, stride, extent, size, padding)
    )
    return PoolGeometry(size, tuple(out), kernel, stride, dilation, padding, hi)


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
    geo = _pool_geometry(op, d, input, kernel_size, stride, padding, dilation, ceil_mode)
    need_index = return_indices or (input.requires_grad and is_grad_enabled())
    values, index = _max_windows(input.array, geo, need_index)
    if index is None:
        return Tensor.constant(values)
    live = _live_windows(geo)
    out = MaxPool.apply(
        input,
        index=index[0],
        values=values,
        overlap=geo.overlaps,
        live=None if live is None else live.astype(input.dtype),
        geo=geo,
    )
    return (out, Tensor.constant(index[1])) if return_indices else out


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
    geo = _pool_geometry(op, d, input, kernel_size, stride, padding, 1, ceil_mode)
    if divisor_override is not None:
        if not isinstance(divisor_override, (int, np.integer)) or divisor_override <= 0:
            raise ValueError(
                f"{op}: divisor_override must be a positive int, got {divisor_override!r}"
            )
        counts: Any = np.array(divisor_override)
    else:
        # Window sizes are separable: the divisor is an outer product of per-axis counts.
        counts = np.ones(())
        for n, o, k, s, p in zip(geo.in_size, geo.out_size, geo.kernel, geo.stride, geo.pad_lo):
            start = np.arange(o) * s - p
            end = np.minimum(start + k, n + p)
            if not count_include_pad:
                start, end = np.maximum(start, 0), np.minimum(end, n)
            counts = np.multiply.outer(counts, end - start)
    return AvgPool.apply(input, geo=geo, scale=(1.0 / counts).astype(input.dtype))


_SPATIAL = {1: "L", 2: "H, W", 3: "D, H, W"}


def _doc(d: int, what: str, params: str, returns: str) -> str:
    s = _SPATIAL[d]
    return f"""{d}-D {what}

    Parameters
    ----------
    input
        ``(N, C, {s})``, or unbatched ``(C, {s})``.
{params}
    Returns
    -------
{returns}
    Raises
    ------
    ValueError
        A bad kernel size, stride, padding, dilation or output size, naming the shapes.
    TypeError
        A non-Tensor or non-floating input, or a malformed size argument.
    """


_WINDOW_PARAMS = """    kernel_size
        An int or one int per spatial dimension.
    stride
        Defaults to ``kernel_size``.
    padding
        Implicit padding on both sides, at most half the kernel size.
    ceil_mode
        Round the output size up (a last, partial window), as in PyTorch: a window must
        start inside the input or the left padding.
"""


def _max_doc(d: int) -> str:
    return _doc(
        d,
        f"max pooling (as PyTorch's ``max_pool{d}d``).\n\n    Padding counts as ``-inf``. The "
        "gradient goes to the position of each window's maximum (the first one, in window "
        "order, when several tie), accumulating where windows overlap.",
        _WINDOW_PARAMS
        + """    dilation
        Spacing between the window's elements.
    return_indices
        Also return where each maximum is: a flat index into its ``(n, c)`` input plane,
        int64 (as PyTorch).
""",
        """    Tensor or (Tensor, Tensor)
        ``(N, C, *out)`` with ``out = (size + 2·padding - dilation·(k - 1) - 1) / stride + 1``
        (floor, or ceil with ``ceil_mode``), and the indices if asked.
""",
    )


def _avg_doc(d: int) -> str:
    override = (
        """    divisor_override
        If given, divide every window's sum by it instead of the window size.
"""
        if d > 1
        else ""
    )
    return _doc(
        d,
        f"average pooling (as PyTorch's ``avg_pool{d}d``).\n\n    The gradient is spread "
        'evenly over each window ("mean spreading").',
        _WINDOW_PARAMS
        + """    count_include_pad
        Count the zero padding in the divisor (the default) or only the real elements.
"""
        + override,
        """    Tensor
        ``(N, C, *out)`` with ``out = (size + 2·padding - k) / stride + 1`` (floor, or ceil
        with ``ceil_mode``).
""",
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


for _d, (_max, _avg) in {
    1: (max_pool1d, avg_pool1d),
    2: (max_pool2d, avg_pool2d),
    3: (max_pool3d, avg_pool3d),
}.items():
    _max.__doc__, _avg.__doc__ = _max_doc(_d), _avg_doc(_d)
del _d, _max, _avg
