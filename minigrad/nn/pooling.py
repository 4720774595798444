"""Pooling layers: ``MaxPool1d/2d/3d``, ``AvgPool1d/2d/3d``, ``AdaptiveAvgPool1d/2d/3d`` and
``AdaptiveMaxPool1d/2d/3d``. They store the options (as given, like PyTorch, so their ``repr``
matches) and call :mod:`minigrad.ops.pool` and :mod:`minigrad.ops.adaptive_pool` through
:mod:`minigrad.nn.functional`."""

# ruff: noqa: A002 - `input` is PyTorch's argument name

from __future__ import annotations

from typing import Any

from ..tensor import Tensor
from . import functional as F
from .module import Module, shape_error

_SPATIAL = {1: "L", 2: "H, W", 3: "D, H, W"}


class _Pool(Module):
    _d: int

    def _check_input(self, input: Any) -> None:
        d = self._d
        if not isinstance(input, Tensor) or input.ndim not in (d + 1, d + 2):
            raise shape_error(self, f"(N, C, {_SPATIAL[d]}) or (C, {_SPATIAL[d]})", input)


class _MaxPoolNd(_Pool):
    def __init__(
        self,
        kernel_size: Any,
        stride: Any = None,
        padding: Any = 0,
        dilation: Any = 1,
        return_indices: bool = False,
        ceil_mode: bool = False,
    ) -> None:
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = kernel_size if stride is None else stride
        self.padding = padding
        self.dilation = dilation
        self.return_indices = return_indices
        self.ceil_mode = ceil_mode

    def forward(self, input: Tensor) -> Any:
        self._check_input(input)
        return self._fn(
            input,
            self.kernel_size,
            self.stride,
            self.padding,
            self.dilation,
            self.ceil_mode,
            self.return_indices,
        )

    def extra_repr(self) -> str:
        return (
            f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}, "
            f"dilation={self.dilation}, ceil_mode={self.ceil_mode}"
        )


class _AvgPoolNd(_Pool):
    def __init__(
        self,
        kernel_size: Any,
        stride: Any = None,
        padding: Any = 0,
        ceil_mode: bool = False,
        count_include_pad: bool = True,
    ) -> None:
        super().__init__()
        self.kernel_size = kernel_size
        self.stride = kernel_size if stride is None else stride
        self.padding = padding
        self.ceil_mode = ceil_mode
        self.count_include_pad = count_include_pad

    def forward(self, input: Tensor) -> Tensor:
        self._check_input(input)
        return self._fn(
            input,
            self.kernel_size,
            self.stride,
            self.padding,
            self.ceil_mode,
            self.count_include_pad,
        )

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class _AdaptiveAvgPoolNd(_Pool):
    def __init__(self, output_size: Any) -> None:
        super().__init__()
        self.output_size = output_size

    def forward(self, input: Tensor) -> Tensor:
        self._check_input(input)
        return self._fn(input, self.output_size)

    def extra_repr(self) -> str:
        return f"output_size={self.output_size}"


class _AdaptiveMaxPoolNd(_Pool):
    def __init__(self, output_size: Any, return_indices: bool = False) -> None:
        super().__init__()
        self.output_size = output_size
        self.return_indices = return_indices

    def forward(self, input: Tensor) -> Any:
        self._check_input(input)
        return self._fn(input, self.output_size, self.return_indices)

    def extra_repr(self) -> str:
        return f"output_size={self.output_size}"


class MaxPool1d(_MaxPoolNd):
    """1-D max pooling over ``(N, C, L)`` or ``(C, L)`` input: each window's maximum.
    Arguments and output size as :func:`minigrad.nn.functional.max_pool1d` (``stride``
    defaults to ``kernel_size``); ``return_indices=True`` also returns the argmax positions."""

    _d = 1
    _fn = staticmethod(F.max_pool1d)


class MaxPool2d(_MaxPoolNd):
    """2-D max pooling over ``(N, C, H, W)`` or ``(C, H, W)`` input: each window's maximum.
    Arguments and output size as :func:`minigrad.nn.functional.max_pool2d` (``stride``
    defaults to ``kernel_size``); ``return_indices=True`` also returns the argmax positions."""

    _d = 2
    _fn = staticmethod(F.max_pool2d)


class MaxPool3d(_MaxPoolNd):
    """3-D max pooling over ``(N, C, D, H, W)`` or ``(C, D, H, W)`` input: each window's maximum.
    Arguments and output size as :func:`minigrad.nn.functional.max_pool3d` (``stride``
    defaults to ``kernel_size``); ``return_indices=True`` also returns the argmax positions."""

    _d = 3
    _fn = staticmethod(F.max_pool3d)


class AvgPool1d(_AvgPoolNd):
    """1-D average pooling over ``(N, C, L)`` or ``(C, L)`` input: each window's mean.
    Arguments and output size as :func:`minigrad.nn.functional.avg_pool1d` (``stride``
    defaults to ``kernel_size``)."""

    _d = 1
    _fn = staticmethod(F.avg_pool1d)

    def __init__(
        self,
        kernel_size: Any,
        stride: Any = None,
        padding: Any = 0,
        ceil_mode: bool = False,
        count_include_pad: bool = True,
    ) -> None:
        super().__init__(kernel_size, stride, padding, ceil_mode, count_include_pad)
        # PyTorch stores AvgPool1d's options as 1-tuples (its repr shows them so).
        self.kernel_size, self.stride, self.padding = (
            _single(v) for v in (self.kernel_size, self.stride, self.padding)
        )


def _single(v: Any) -> tuple[Any, ...]:
    return tuple(v) if isinstance(v, (tuple, list)) else (v,)


class AvgPool2d(_AvgPoolNd):
    """2-D average pooling over ``(N, C, H, W)`` or ``(C, H, W)`` input: each window's mean.
    Arguments and output size as :func:`minigrad.nn.functional.avg_pool2d` (``stride``
    defaults to ``kernel_size``)."""

    _d = 2
    _fn = staticmethod(F.avg_pool2d)


class AvgPool3d(_AvgPoolNd):
    """3-D average pooling over ``(N, C, D, H, W)`` or ``(C, D, H, W)`` input: each window's mean.
    Arguments and output size as :func:`minigrad.nn.functional.avg_pool3d` (``stride``
    defaults to ``kernel_size``)."""

    _d = 3
    _fn = staticmethod(F.avg_pool3d)


class AdaptiveAvgPool1d(_AdaptiveAvgPoolNd):
    """1-D adaptive average pooling: windows chosen so that the output has ``output_size``
    (an int or a tuple of 1; 1 gives global pooling), with PyTorch's window rule; see
    :func:`minigrad.nn.functional.adaptive_avg_pool1d`."""

    _d = 1
    _fn = staticmethod(F.adaptive_avg_pool1d)


class AdaptiveAvgPool2d(_AdaptiveAvgPoolNd):
    """2-D adaptive average pooling: windows chosen so that the output has ``output_size``
    (an int or a tuple of 2; 1 gives global pooling), with PyTorch's window rule; see
    :func:`minigrad.nn.functional.adaptive_avg_pool2d`."""

    _d = 2
    _fn = staticmethod(F.adaptive_avg_pool2d)


class AdaptiveAvgPool3d(_AdaptiveAvgPoolNd):
    """3-D adaptive average pooling: windows chosen so that the output has ``output_size``
    (an int or a tuple of 3; 1 gives global pooling), with PyTorch's window rule; see
    :func:`minigrad.nn.functional.adaptive_avg_pool3d`."""

    _d = 3
    _fn = staticmethod(F.adaptive_avg_pool3d)


class AdaptiveMaxPool1d(_AdaptiveMaxPoolNd):
    """1-D adaptive max pooling: windows chosen so that the output has ``output_size``
    (an int or a tuple of 1; 1 gives global pooling), with PyTorch's window rule; see
    :func:`minigrad.nn.functional.adaptive_max_pool1d`."""

    _d = 1
    _fn = staticmethod(F.adaptive_max_pool1d)


class AdaptiveMaxPool2d(_AdaptiveMaxPoolNd):
    """2-D adaptive max pooling: windows chosen so that the output has ``output_size``
    (an int or a tuple of 2; 1 gives global pooling), with PyTorch's window rule; see
    :func:`minigrad.nn.functional.adaptive_max_pool2d`."""

    _d = 2
    _fn = staticmethod(F.adaptive_max_pool2d)


class AdaptiveMaxPool3d(_AdaptiveMaxPoolNd):
    """3-D adaptive max pooling: windows chosen so that the output has ``output_size``
    (an int or a tuple of 3; 1 gives global pooling), with PyTorch's window rule; see
    :func:`minigrad.nn.functional.adaptive_max_pool3d`."""

    _d = 3
    _fn = staticmethod(F.adaptive_max_pool3d)
