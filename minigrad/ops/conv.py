# ruff: noqa: A002 - `input` is PyTorch's argument name
# Over 400 lines: three primitives, their checks, the N-d functions and six 1/2/3-D names.
"""Convolution (cross-correlation, as in deep learning) and transposed convolution, 1-D to 3-D.

A convolution is bilinear: ``y = conv(x, w)``. Its value and its two gradients are three faces
of one trilinear form ``B(x, w, y) = <y, conv(x, w)>``, and each face is a primitive here:

- :class:`Conv` — ``conv(x, w)``: im2col (one copy of a strided window view) and one GEMM.
- :class:`ConvTranspose` — ``∂B/∂x = conv_transpose(dy, w)``, the input gradient: one GEMM
  ``Wᵀ·dy`` and a col2im scatter-add. It is the same linear map as the textbook *full*
  convolution of the stride-dilated ``dy`` with the 180°-flipped kernel, input and output
  channels swapped — but that literal route is up to 20x slower when channels are few.
- :class:`ConvWeight` — ``∂B/∂w = conv_weight(x, dy)``, the weight gradient: one GEMM
  ``dy·colsᵀ``, reusing the forward's im2col matrix when it was cached.

Because the three are faces of one form, each one's VJPs are the other two, so gradients of
any order work and each one always runs by its fastest route. The geometry (strides,
padding, dilation, groups, sizes) is computed and checked once, in the public function, and
shared by all the faces of one convolution as a :class:`ConvGeometry`. The NumPy
arithmetic of the faces is in :mod:`._conv_numpy`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..autograd import Function
from ..tensor import Tensor
from . import _conv_numpy as _np
from ._layout import batch_last
from ._windows import (
    Ints,
    Windows,
    check_float_tensor,
    check_input_rank,
    check_non_negative,
    check_positive,
    effective_kernel,
    ntuple,
    output_size,
    padded_size,
)

__all__ = [
    "conv",
    "conv1d",
    "conv2d",
    "conv3d",
    "conv_transpose",
    "conv_transpose1d",
    "conv_transpose2d",
    "conv_transpose3d",
]


@dataclass(frozen=True)
class ConvGeometry(Windows):
    """The shape rules of one convolution ``y = conv(x, w)``, shared by its three faces: the
    :class:`~minigrad.ops._windows.Windows` of ``x`` (``in_size``/``out_size`` the spatial
    sizes of ``x`` and ``y``; ``pad_lo``/``pad_hi`` unequal for ``padding='same'`` with an even
    kernel), the ``groups``, and ``batched`` (False for unbatched ``(C, *spatial)`` tensors).
    """

    groups: int = 1
    batched: bool = True


def _channel_bias(b: np.ndarray, d: int) -> np.ndarray:
    return b.reshape(-1, *(1,) * d)


def _channel_sum(grad: Tensor, geo: ConvGeometry) -> Tensor:
    """The bias gradient: ``grad`` summed over batch and space."""
    channel = 1 if geo.batched else 0
    return grad.sum(axis=tuple(i for i in range(grad.ndim) if i != channel))


# --------------------------------------------------------------------------------------------
# The three faces as primitives; each one's VJPs are the other two
# --------------------------------------------------------------------------------------------


class Conv(Function):
    """``y = conv(x, w) + b`` (cross-correlation).

    VJPs: ``dx = conv_transpose(dy, w)`` (:class:`ConvTranspose`), ``dw = conv_weight(x, dy)``
    (:class:`ConvWeight`, reusing the im2col matrix cached here), ``db = Σ dy``.
    """

    @staticmethod
    def forward(ctx, x, w, b, geo):
        ctx.geo = geo
        y, cols = _np.correlate(x if geo.batched else x[None], w, geo)
        if b is not None:
            y += _channel_bias(b, len(geo.kernel))
        # The im2col matrix is k^d times the input: keep it only for a weight gradient.
        ctx.cols = cols if ctx.needs_input_grad[1] else None
        ctx.save_for_backward(x, w)
        return y if geo.batched else y[0]

    @staticmethod
    def backward(ctx, grad):
        x, w = ctx.saved_tensors
        geo = ctx.geo
        need_x, need_w, need_b = ctx.needs_input_grad
        if need_x and need_w and geo.batched and not grad.requires_grad:
            # Both faces read dy batch-last: make that copy once (a constant, no graph).
            grad = Tensor.constant(batch_last(grad.array))
        # Hand the cached im2col matrix over to the weight gradient, computed first, so it is
        # freed before the input gradient's own k^d-sized matrix exists (a second backward
        # pass, with retain_graph, recomputes it).
        cols, ctx.cols = ctx.cols, None
        dw = ConvWeight.apply(x, grad, geo=geo, cols=cols) if need_w else None
        del cols
        dx = ConvTranspose.apply(grad, w, None, geo=geo) if need_x else None
        return dx, dw, _channel_sum(grad, geo) if need_b else None


class ConvTranspose(Function):
    """``x' = conv_transpose(y, w) + b``: the adjoint of ``x -> conv(x, w)`` (the input
    gradient of a convolution), by GEMM ``Wᵀ·y`` and col2im.

    VJPs: ``dy = conv(dx', w)``, ``dw = conv_weight(dx', y)``, ``db = Σ dx'``.
    """

    @staticmethod
    def forward(ctx, gy, w, b, geo):
        ctx.geo = geo
        ctx.save_for_backward(gy, w)
        dx = _np.correlate_input_grad(gy if geo.batched else gy[None], w, geo)
        if b is not None:
            dx += _channel_bias(b, len(geo.kernel))
        return dx if geo.batched else dx[0]

    @staticmethod
    def backward(ctx, grad):
        gy, w = ctx.saved_tensors
        geo = ctx.geo
        need_y, need_w, need_b = ctx.needs_input_grad
        return (
            Conv.apply(grad, w, None, geo=geo) if need_y else None,
            ConvWeight.apply(grad, gy, geo=geo) if need_w else None,
            _channel_sum(grad, geo) if need_b else None,
        )


class ConvWeight(Function):
    """``dw = conv_weight(x, dy)``: the weight gradient of ``y = conv(x, w)``, the correlation
    of the input with the output gradient, by one GEMM ``dy·colsᵀ``.

    VJPs: ``dx = conv_transpose(dy, dw')``, ``d(dy) = conv(x, dw')``.
    """

    @staticmethod
    def forward(ctx, x, gy, geo, cols=None):
        ctx.geo = geo
        ctx.save_for_backward(x, gy)
        if not geo.batched:
            x, gy = x[None], gy[None]
        return _np.correlate_weight_grad(x, gy, geo, cols)

    @staticmethod
    def backward(ctx, grad):
        x, gy = ctx.saved_tensors
        geo = ctx.geo
        need_x, need_y = ctx.needs_input_grad
        return (
            ConvTranspose.apply(gy, grad, None, geo=geo) if need_x else None,
            Conv.apply(x, grad, None, geo=geo) if need_y else None,
        )


# --------------------------------------------------------------------------------------------
# Argument checks and the public functions
# --------------------------------------------------------------------------------------------


def _check_common(
    op: str,
    d: int,
    input: Any,
    weight: Any,
    bias: Any,
    stride: Any,
    dilation: Any,
    groups: Any,
    transposed: bool,
) -> tuple[bool, Ints, Ints, int]:
    """Checks shared by convolution and transposed convolution.

    Returns ``(batched, stride, dilation, output channels)``.
    """
    check_float_tensor(op, "input", input)
    check_float_tensor(op, "weight", weight)
    batched = check_input_rank(op, input, d)
    if weight.ndim != d + 2:
        layout = "(C_in, C_out/groups, *kernel)" if transposed else "(C_out, C_in/groups, *kernel)"
        raise ValueError(
            f"{op}: weight must have rank {d + 2} {layout}, got weight of shape {weight.shape}"
        )
    if any(k <= 0 for k in weight.shape[2:]):
        raise ValueError(f"{op}: the kernel must not be empty, got weight of shape {weight.shape}")
    stride = ntuple(op, "stride", stride, d)
    dilation = ntuple(op, "dilation", dilation, d)
    check_positive(op, "stride", stride)
    check_positive(op, "dilation", dilation)
    out_channels = _check_channels(op, input, weight, batched, groups, transposed)
    if bias is not None:
        check_float_tensor(op, "bias", bias)
        if bias.shape != (out_channels,):
            raise ValueError(
                f"{op}: bias must have shape ({out_channels},) (one per output channel), got "
                f"{bias.shape}"
            )
    return batched, stride, dilation, out_channels


def _check_channels(
    op: str, input: Tensor, weight: Tensor, batched: bool, groups: Any, transposed: bool
) -> int:
    """The groups and the channel counts of input and weight agree; returns the output
    channels."""
    if not isinstance(groups, (int, np.integer)) or isinstance(groups, bool) or groups <= 0:
        raise ValueError(f"{op}: groups must be a positive int, got {groups!r}")
    channels = input.shape[1 if batched else 0]
    if channels % groups:
        raise ValueError(
            f"{op}: input channels ({channels}, input shape {input.shape}) must be divisible "
            f"by groups={groups}"
        )
    if transposed:
        if weight.shape[0] != channels:
            raise ValueError(
                f"{op}: weight of shape {weight.shape} expects {weight.shape[0]} input channels, "
                f"but the input of shape {input.shape} has {channels}"
            )
        out_channels = weight.shape[1] * groups
    else:
        if weight.shape[0] % groups:
            raise ValueError(
                f"{op}: output channels ({weight.shape[0]}, weight shape {weight.shape}) must be "
                f"divisible by groups={groups}"
            )
        if weight.shape[1] * groups != channels:
            raise ValueError(
                f"{op}: weight of shape {weight.shape} with groups={groups} expects "
                f"{weight.shape[1] * groups} input channels, but the input of shape "
                f"{input.shape} has {channels}"
            )
        out_channels = weight.shape[0]
    return int(out_channels)


def _conv(
    op: str,
    d: int,
    input: Tensor,
    weight: Tensor,
    bias: Tensor | None,
    stride: Any,
    padding: Any,
    dilation: Any,
    groups: int,
) -> Tensor:
    batched, stride, dilation, _ = _check_common(
        op, d, input, weight, bias, stride, dilation, groups, transposed=False
    )
    kernel = tuple(weight.shape[2:])
    extent = effective_kernel(kernel, dilation)
    if isinstance(padding, str):
        if padding == "valid":
            lo = hi = (0,) * d
        elif padding == "same":
            if any(s != 1 for s in stride):
                raise ValueError(
                    f"{op}: padding='same' is not supported for strided "
                    f"convolutions (stride={stride})"
                )
            lo = tuple((e - 1) // 2 for e in extent)
            hi = tuple(e - 1 - a for e, a in zip(extent, lo))
        else:
            raise ValueError(
                f"{op}: padding must be 'valid', 'same', an int or a tuple of "
                f"{d} ints, got {padding!r}"
            )
    else:
        lo = hi = ntuple(op, "padding", padding, d)
        check_non_negative(op, "padding", lo)
    size = tuple(input.shape[-d:])
    padded = padded_size(size, lo, hi)
    if any(p < e for p, e in zip(padded, extent)):
        raise ValueError(
            f"{op}: the kernel (size {kernel}, dilation {dilation}: extent {extent}) is larger "
            f"than the padded input (spatial size {size}, padded {padded}; input shape "
            f"{input.shape})"
        )
    out = output_size(size, kernel, stride, lo, hi, dilation)
    geo = ConvGeometry(size, out, kernel, stride, lo, hi, dilation, int(groups), batched)
    return Conv.apply(input, weight, bias, geo=geo)


def _conv_transpose(
    op: str,
    d: int,
    input: Tensor,
    weight: Tensor,
    bias: Tensor | None,
    stride: Any,
    padding: Any,
    output_padding: Any,
    groups: int,
    dilation: Any,
) -> Tensor:
    batched, stride, dilation, _ = _check_common(
        op, d, input, weight, bias, stride, dilation, groups, transposed=True
    )
    kernel = tuple(weight.shape[2:])
    padding = ntuple(op, "padding", padding, d)
    output_padding = ntuple(op, "output_padding", output_padding, d)
    check_non_negative(op, "padding", padding)
    check_non_negative(op, "output_padding", output_padding)
    if any(o >= max(s, dl) for o, s, dl in zip(output_padding, stride, dilation)):
        raise ValueError(
            f"{op}: output_padding {output_padding} must be smaller than either stride "
            f"{stride} or dilation {dilation}"
        )
    size = tuple(input.shape[-d:])
    out = tuple(
        (n - 1) * s - 2 * p + dl * (k - 1) + o + 1
        for n, s, p, dl, k, o in zip(size, stride, padding, dilation, kernel, output_padding)
    )
    if any(o <= 0 for o in out):
        raise ValueError(
            f"{op}: the output size {out} is not positive (input shape {input.shape}, kernel "
            f"{kernel}, stride {stride}, padding {padding}, dilation {dilation})"
        )
    geo = ConvGeometry(out, size, kernel, stride, padding, padding, dilation, int(groups), batched)
    return ConvTranspose.apply(input, weight, bias, geo=geo)


def _dims(weight: Any) -> int:
    """The N-d functions' dimension: the weight is ``(C_out, C_in/groups, *kernel)``."""
    return max(1, getattr(weight, "ndim", 3) - 2)


def conv(
    input: Tensor,
    weight: Tensor,
    bias: Tensor | None = None,
    stride: Any = 1,
    padding: Any = 0,
    dilation: Any = 1,
    groups: int = 1,
) -> Tensor:
    """N-d convolution (cross-correlation); ``conv1d/2d/3d`` are this for N = 1, 2, 3.

    ``out[n, o] = bias[o] + Σ_c Σ_k weight[o, c, k] · input[n, g·C/groups + c, stride·i +
    dilation·k - padding]`` for the channels ``c`` of output channel ``o``'s group ``g``.

    Parameters
    ----------
    input
        ``(N, C_in, *spatial)``, or unbatched ``(C_in, *spatial)``.
    weight
        ``(C_out, C_in/groups, *kernel)``: its rank sets N.
    bias
        ``(C_out,)`` or None.
    stride, dilation
        An int or one int per spatial dimension (positive).
    padding
        An int or one int per spatial dimension (zeros on both sides), ``'valid'`` (none) or
        ``'same'`` (output size = input size; stride 1 only; an odd total goes to the end).
    groups
        Split the channels into ``groups`` independent convolutions (``groups == C_in``:
        depthwise).

    Returns
    -------
    Tensor
        ``(N, C_out, *spatial')`` with ``size' = (size + 2·padding - dilation·(k - 1) - 1) //
        stride + 1`` per spatial dimension.

    Notes
    -----
    The gradient w.r.t. ``input`` is the *full* convolution of the output gradient, dilated by
    the stride, with the 180°-flipped kernel, input and output channels swapped — that is, a
    transposed convolution, computed by GEMM ``Wᵀ·dy`` and col2im. The gradient w.r.t.
    ``weight`` is the correlation of the input with the output gradient (one GEMM on the cached
    im2col matrix); w.r.t. ``bias``, the output gradient summed over batch and space. Each is a
    differentiable primitive, so gradients of any order work.

    Raises
    ------
    ValueError
        Bad ranks, channel counts, groups, stride, dilation or padding, or a kernel larger
        than the padded input. TypeError: a non-floating or non-Tensor argument.
    """
    d = _dims(weight)
    return _conv("conv", d, input, weight, bias, stride, padding, dilation, groups)


def conv_transpose(
    input: Tensor,
    weight: Tensor,
    bias: Tensor | None = None,
    stride: Any = 1,
    padding: Any = 0,
    output_padding: Any = 0,
    groups: int = 1,
    dilation: Any = 1,
) -> Tensor:
    """N-d transposed convolution; ``conv_transpose1d/2d/3d`` are this for N = 1, 2, 3.

    The adjoint of :func:`conv` with the same weight, stride, padding, dilation and groups:
    the input gradient of that convolution, i.e. the full convolution of the stride-dilated
    input with the flipped, channel-swapped kernel (computed by GEMM and col2im).

    Parameters
    ----------
    input
        ``(N, C_in, *spatial)``, or unbatched ``(C_in, *spatial)``.
    weight
        ``(C_in, C_out/groups, *kernel)``: its rank sets N.
    bias
        ``(C_out,)`` or None.
    stride, padding, output_padding, dilation
        An int or one int per spatial dimension. As in PyTorch, ``dilation·(k - 1) -
        padding`` zeros are implicitly added to both sides of the input; ``output_padding``
        (smaller than stride or dilation) adds rows at the end, choosing among the input
        sizes that a strided convolution maps to the same output size.
    groups
        As in :func:`conv`.

    Returns
    -------
    Tensor
        ``(N, C_out, *spatial')`` with ``size' = (size - 1)·stride - 2·padding + dilation·(k -
        1) + output_padding + 1``.

    Raises
    ------
    ValueError
        Bad ranks, channel counts, groups, stride, dilation, padding or output_padding, or a
        non-positive output size. TypeError: a non-floating or non-Tensor argument.
    """
    d = _dims(weight)
    return _conv_transpose(
        "conv_transpose", d, input, weight, bias, stride, padding, output_padding, groups, dilation
    )


def conv1d(
    input: Tensor,
    weight: Tensor,
    bias: Tensor | None = None,
    stride: Any = 1,
    padding: Any = 0,
    dilation: Any = 1,
    groups: int = 1,
) -> Tensor:
    """1-D convolution (as PyTorch's ``conv1d``): input ``(N, C_in, L)`` or
    ``(C_in, L)``, weight ``(C_out, C_in/groups, kL)``. See :func:`conv` for the
    arguments, the output size and the gradients."""
    return _conv("conv1d", 1, input, weight, bias, stride, padding, dilation, groups)


def conv2d(
    input: Tensor,
    weight: Tensor,
    bias: Tensor | None = None,
    stride: Any = 1,
    padding: Any = 0,
    dilation: Any = 1,
    groups: int = 1,
) -> Tensor:
    """2-D convolution (as PyTorch's ``conv2d``): input ``(N, C_in, H, W)`` or
    ``(C_in, H, W)``, weight ``(C_out, C_in/groups, kH, kW)``. See :func:`conv` for the
    arguments, the output size and the gradients."""
    return _conv("conv2d", 2, input, weight, bias, stride, padding, dilation, groups)


def conv3d(
    input: Tensor,
    weight: Tensor,
    bias: Tensor | None = None,
    stride: Any = 1,
    padding: Any = 0,
    dilation: Any = 1,
    groups: int = 1,
) -> Tensor:
    """3-D convolution (as PyTorch's ``conv3d``): input ``(N, C_in, D, H, W)`` or
    ``(C_in, D, H, W)``, weight ``(C_out, C_in/groups, kD, kH, kW)``. See :func:`conv` for the
    arguments, the output size and the gradients."""
    return _conv("conv3d", 3, input, weight, bias, stride, padding, dilation, groups)


def conv_transpose1d(
    input: Tensor,
    weight: Tensor,
    bias: Tensor | None = None,
    stride: Any = 1,
    padding: Any = 0,
    output_padding: Any = 0,
    groups: int = 1,
    dilation: Any = 1,
) -> Tensor:
    """1-D transposed convolution (as PyTorch's ``conv_transpose1d``): input
    ``(N, C_in, L)`` or ``(C_in, L)``, weight ``(C_in, C_out/groups, kL)``. See
    :func:`conv_transpose` for the arguments and the output size."""
    return _conv_transpose(
        "conv_transpose1d",
        1,
        input,
        weight,
        bias,
        stride,
        padding,
        output_padding,
        groups,
        dilation,
    )


def conv_transpose2d(
    input: Tensor,
    weight: Tensor,
    bias: Tensor | None = None,
    stride: Any = 1,
    padding: Any = 0,
    output_padding: Any = 0,
    groups: int = 1,
    dilation: Any = 1,
) -> Tensor:
    """2-D transposed convolution (as PyTorch's ``conv_transpose2d``): input
    ``(N, C_in, H, W)`` or ``(C_in, H, W)``, weight ``(C_in, C_out/groups, kH, kW)``. See
    :func:`conv_transpose` for the arguments and the output size."""
    return _conv_transpose(
        "conv_transpose2d",
        2,
        input,
        weight,
        bias,
        stride,
        padding,
        output_padding,
        groups,
        dilation,
    )


def conv_transpose3d(
    input: Tensor,
    weight: Tensor,
    bias: Tensor | None = None,
    stride: Any = 1,
    padding: Any = 0,
    output_padding: Any = 0,
    groups: int = 1,
    dilation: Any = 1,
) -> Tensor:
    """3-D transposed convolution (as PyTorch's ``conv_transpose3d``): input
    ``(N, C_in, D, H, W)`` or ``(C_in, D, H, W)``, weight ``(C_in, C_out/groups, kD, kH, kW)``. See
    :func:`conv_transpose` for the arguments and the output size."""
    return _conv_transpose(
        "conv_transpose3d",
        3,
        input,
        weight,
        bias,
        stride,
        padding,
        output_padding,
        groups,
        dilation,
    )
