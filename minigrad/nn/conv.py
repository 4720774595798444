"""Convolution layers: ``Conv1d/2d/3d`` and ``ConvTranspose1d/2d/3d``.

They hold the weight and bias and call :mod:`minigrad.ops.conv` through
:mod:`minigrad.nn.functional`; one base class serves every dimension.
"""

# ruff: noqa: A002 - `input` is PyTorch's argument name

from __future__ import annotations

import math
from typing import Any

from ..ops._windows import ntuple
from ..tensor import Tensor
from . import functional as F
from . import init
from .module import Module, empty_parameter, shape_error

_SPATIAL = {1: "L", 2: "H, W", 3: "D, H, W"}


def _padding(name: str, padding: Any, stride: tuple[int, ...]) -> Any:
    """``padding`` as the layer keeps it: ``'valid'``/``'same'`` (stride 1 only) or one int per
    spatial dimension."""
    if not isinstance(padding, str):
        return ntuple(name, "padding", padding, len(stride))
    if padding not in ("valid", "same"):
        raise ValueError(f"{name}: padding must be 'valid', 'same' or ints, got {padding!r}")
    if padding == "same" and any(s != 1 for s in stride):
        raise ValueError(f"{name}: padding='same' needs stride 1, got {stride}")
    return padding


class _ConvNd(Module):
    _d: int
    _transposed = False

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size: Any,
        stride: Any = 1,
        padding: Any = 0,
        dilation: Any = 1,
        groups: int = 1,
        bias: bool = True,
        padding_mode: str = "zeros",
        dtype: Any = None,
        output_padding: Any = 0,
    ) -> None:
        super().__init__()
        name, d = type(self).__name__, self._d
        if groups <= 0:
            raise ValueError(f"{name}: groups must be a positive integer, got {groups}")
        for arg, channels in (("in_channels", in_channels), ("out_channels", out_channels)):
            if channels <= 0 or channels % groups:
                raise ValueError(
                    f"{name}: {arg}={channels} must be positive and divisible by groups={groups}"
                )
        if padding_mode != "zeros":
            raise ValueError(
                f"{name}: only padding_mode='zeros' is supported, got {padding_mode!r}"
            )
        self.in_channels = in_channels
        self.out_channels = out_channels
        self.kernel_size = ntuple(name, "kernel_size", kernel_size, d)
        self.stride = ntuple(name, "stride", stride, d)
        self.padding: Any = _padding(name, padding, self.stride)
        self.dilation = ntuple(name, "dilation", dilation, d)
        self.output_padding = ntuple(name, "output_padding", output_padding, d)
        self.groups = groups
        self.padding_mode = padding_mode
        if self._transposed:
            shape = (in_channels, out_channels // groups, *self.kernel_size)
        else:
            shape = (out_channels, in_channels // groups, *self.kernel_size)
        self.weight = empty_parameter(name, shape, dtype)
        self.bias = empty_parameter(name, (out_channels,), dtype) if bias else None
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """PyTorch's default: ``kaiming_uniform_(a=√5)`` for the weight (bound ``1/√fan_in``),
        ``U(-1/√fan_in, 1/√fan_in)`` for the bias, ``fan_in = weight.shape[1] · prod(kernel)``."""
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in = self.weight.shape[1] * math.prod(self.kernel_size)
            bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0.0
            init.uniform_(self.bias, -bound, bound)

    def _check_input(self, input: Any) -> None:
        d, C = self._d, self.in_channels
        if not (
            isinstance(input, Tensor)
            and (
                (input.ndim == d + 2 and input.shape[1] == C)
                or (input.ndim == d + 1 and input.shape[0] == C)
            )
        ):
            raise shape_error(self, f"(N, {C}, {_SPATIAL[d]}) or ({C}, {_SPATIAL[d]})", input)

    def extra_repr(self) -> str:
        s = f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}"
        s += f", stride={self.stride}"
        if isinstance(self.padding, str) or any(self.padding):
            s += f", padding={self.padding}"
        if any(dl != 1 for dl in self.dilation):
            s += f", dilation={self.dilation}"
        if any(self.output_padding):
            s += f", output_padding={self.output_padding}"
        if self.groups != 1:
            s += f", groups={self.groups}"
        if self.bias is None:
            s += ", bias=False"
        return s


class _Conv(_ConvNd):
    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size: Any,
        stride: Any = 1,
        padding: Any = 0,
        dilation: Any = 1,
        groups: int = 1,
        bias: bool = True,
        padding_mode: str = "zeros",
        dtype: Any = None,
    ) -> None:
        super().__init__(
            in_channels,
            out_channels,
            kernel_size,
            stride,
            padding,
            dilation,
            groups,
            bias,
            padding_mode,
            dtype,
        )

    def forward(self, input: Tensor) -> Tensor:
        self._check_input(input)
        return self._fn(
            input, self.weight, self.bias, self.stride, self.padding, self.dilation, self.groups
        )


class _ConvTranspose(_ConvNd):
    _transposed = True

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size: Any,
        stride: Any = 1,
        padding: Any = 0,
        output_padding: Any = 0,
        groups: int = 1,
        bias: bool = True,
        dilation: Any = 1,
        padding_mode: str = "zeros",
        dtype: Any = None,
    ) -> None:
        if isinstance(padding, str):
            raise ValueError(f"{type(self).__name__}: padding must be ints, got {padding!r}")
        super().__init__(
            in_channels,
            out_channels,
            kernel_size,
            stride,
            padding,
            dilation,
            groups,
            bias,
            padding_mode,
            dtype,
            output_padding,
        )

    def forward(self, input: Tensor) -> Tensor:
        self._check_input(input)
        return self._fn(
            input,
            self.weight,
            self.bias,
            self.stride,
            self.padding,
            self.output_padding,
            self.groups,
            self.dilation,
        )


class Conv1d(_Conv):
    """1-D convolution (cross-correlation) layer over ``(N, C_in, L)`` or
    ``(C_in, L)`` input, as PyTorch's ``Conv1d``.

    Parameters
    ----------
    in_channels, out_channels
        ``C_in`` and ``C_out``.
    kernel_size, stride, padding, dilation
        An int or a tuple of 1; ``padding`` also ``'valid'`` or ``'same'``.
    groups
        Split the channels into this many independent groups (``C_in`` for depthwise).
    bias
        Whether to learn a bias per output channel.
    padding_mode
        Only ``'zeros'``.
    dtype
        Parameter dtype (float32 by default).

    Notes
    -----
    The weight ``(C_out, C_in / groups, *kernel_size)`` and bias are initialised as PyTorch
    does (uniform, bound ``1/√fan_in``). See :func:`minigrad.nn.functional.conv1d` for the
    output size.
    """

    _d = 1
    _fn = staticmethod(F.conv1d)


class Conv2d(_Conv):
    """2-D convolution (cross-correlation) layer over ``(N, C_in, H, W)`` or
    ``(C_in, H, W)`` input, as PyTorch's ``Conv2d``.

    Parameters
    ----------
    in_channels, out_channels
        ``C_in`` and ``C_out``.
    kernel_size, stride, padding, dilation
        An int or a tuple of 2; ``padding`` also ``'valid'`` or ``'same'``.
    groups
        Split the channels into this many independent groups (``C_in`` for depthwise).
    bias
        Whether to learn a bias per output channel.
    padding_mode
        Only ``'zeros'``.
    dtype
        Parameter dtype (float32 by default).

    Notes
    -----
    The weight ``(C_out, C_in / groups, *kernel_size)`` and bias are initialised as PyTorch
    does (uniform, bound ``1/√fan_in``). See :func:`minigrad.nn.functional.conv2d` for the
    output size.
    """

    _d = 2
    _fn = staticmethod(F.conv2d)


class Conv3d(_Conv):
    """3-D convolution (cross-correlation) layer over ``(N, C_in, D, H, W)`` or
    ``(C_in, D, H, W)`` input, as PyTorch's ``Conv3d``.

    Parameters
    ----------
    in_channels, out_channels
        ``C_in`` and ``C_out``.
    kernel_size, stride, padding, dilation
        An int or a tuple of 3; ``padding`` also ``'valid'`` or ``'same'``.
    groups
        Split the channels into this many independent groups (``C_in`` for depthwise).
    bias
        Whether to learn a bias per output channel.
    padding_mode
        Only ``'zeros'``.
    dtype
        Parameter dtype (float32 by default).

    Notes
    -----
    The weight ``(C_out, C_in / groups, *kernel_size)`` and bias are initialised as PyTorch
    does (uniform, bound ``1/√fan_in``). See :func:`minigrad.nn.functional.conv3d` for the
    output size.
    """

    _d = 3
    _fn = staticmethod(F.conv3d)


class ConvTranspose1d(_ConvTranspose):
    """1-D transposed convolution layer over ``(N, C_in, L)`` or ``(C_in, L)``
    input, as PyTorch's ``ConvTranspose1d``.

    Parameters
    ----------
    in_channels, out_channels
        ``C_in`` and ``C_out``.
    kernel_size, stride, padding, output_padding, dilation
        An int or a tuple of 1.
    groups, bias, padding_mode, dtype
        As in :class:`Conv1d`.

    Notes
    -----
    The weight is ``(C_in, C_out / groups, *kernel_size)``, initialised as PyTorch does
    (uniform, bound ``1/√fan_in`` with ``fan_in = C_out / groups · prod(kernel_size)``). See
    :func:`minigrad.nn.functional.conv_transpose1d` for the output size.
    """

    _d = 1
    _fn = staticmethod(F.conv_transpose1d)


class ConvTranspose2d(_ConvTranspose):
    """2-D transposed convolution layer over ``(N, C_in, H, W)`` or ``(C_in, H, W)``
    input, as PyTorch's ``ConvTranspose2d``.

    Parameters
    ----------
    in_channels, out_channels
        ``C_in`` and ``C_out``.
    kernel_size, stride, padding, output_padding, dilation
        An int or a tuple of 2.
    groups, bias, padding_mode, dtype
        As in :class:`Conv2d`.

    Notes
    -----
    The weight is ``(C_in, C_out / groups, *kernel_size)``, initialised as PyTorch does
    (uniform, bound ``1/√fan_in`` with ``fan_in = C_out / groups · prod(kernel_size)``). See
    :func:`minigrad.nn.functional.conv_transpose2d` for the output size.
    """

    _d = 2
    _fn = staticmethod(F.conv_transpose2d)


class ConvTranspose3d(_ConvTranspose):
    """3-D transposed convolution layer over ``(N, C_in, D, H, W)`` or ``(C_in, D, H, W)``
    input, as PyTorch's ``ConvTranspose3d``.

    Parameters
    ----------
    in_channels, out_channels
        ``C_in`` and ``C_out``.
    kernel_size, stride, padding, output_padding, dilation
        An int or a tuple of 3.
    groups, bias, padding_mode, dtype
        As in :class:`Conv3d`.

    Notes
    -----
    The weight is ``(C_in, C_out / groups, *kernel_size)``, initialised as PyTorch does
    (uniform, bound ``1/√fan_in`` with ``fan_in = C_out / groups · prod(kernel_size)``). See
    :func:`minigrad.nn.functional.conv_transpose3d` for the output size.
    """

    _d = 3
    _fn = staticmethod(F.conv_transpose3d)
