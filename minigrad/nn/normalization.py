"""Normalisation layers: ``BatchNorm1d``/``2d``, ``LayerNorm``, ``GroupNorm``, ``RMSNorm`` and
``InstanceNorm1d``/``2d`` (the last four on :mod:`minigrad.ops.normalization`)."""

# ruff: noqa: A002 - `input` is PyTorch's argument name

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..ops import normalization as _norm
from ..tensor import Tensor
from . import functional as F
from . import init
from .module import Module, empty_parameter, shape_error


class _BatchNorm(Module):
    _ranks: tuple[int, ...]
    _layout: str

    def __init__(
        self,
        num_features: int,
        eps: float = 1e-5,
        momentum: float | None = 0.1,
        affine: bool = True,
        track_running_stats: bool = True,
        dtype: Any = None,
        *,
        bias: bool = True,
    ) -> None:
        super().__init__()
        name = type(self).__name__
        self.num_features = num_features
        self.eps = eps
        self.momentum = momentum
        self.affine = affine
        self.track_running_stats = track_running_stats
        self.weight = empty_parameter(name, (num_features,), dtype) if affine else None
        self.bias = empty_parameter(name, (num_features,), dtype) if affine and bias else None
        if track_running_stats:
            dt = self.weight.dtype if self.weight is not None else np.dtype(dtype or np.float32)
            self.register_buffer("running_mean", Tensor(np.zeros(num_features, dt)))
            self.register_buffer("running_var", Tensor(np.ones(num_features, dt)))
            self.register_buffer("num_batches_tracked", Tensor(np.zeros((), np.int64)))
        else:
            self.register_buffer("running_mean", None)
            self.register_buffer("running_var", None)
            self.register_buffer("num_batches_tracked", None)
        self.reset_parameters()

    def reset_running_stats(self) -> None:
        """Running mean 0, running variance 1, no batches seen."""
        if self.track_running_stats:
            self.running_mean.zero_()
            self.running_var.fill_(1)
            self.num_batches_tracked.zero_()

    def reset_parameters(self) -> None:
        """Reset the running statistics, weight 1 and bias 0."""
        self.reset_running_stats()
        if self.weight is not None:
            init.ones_(self.weight)
        if self.bias is not None:
            init.zeros_(self.bias)

    def forward(self, input: Tensor) -> Tensor:
        if (
            not isinstance(input, Tensor)
            or input.ndim not in self._ranks
            or input.shape[1] != self.num_features
        ):
            raise shape_error(self, self._layout.format(C=self.num_features), input)
        factor = 0.0 if self.momentum is None else self.momentum
        if self.training and self.track_running_stats:
            self.num_batches_tracked.add_(1)
            if self.momentum is None:  # a cumulative moving average
                factor = 1.0 / int(self.num_batches_tracked.item())
        use_batch_stats = self.training or self.running_mean is None
        track = not self.training or self.track_running_stats
        return F.batch_norm(
            input,
            self.running_mean if track else None,
            self.running_var if track else None,
            self.weight,
            self.bias,
            use_batch_stats,
            factor,
            self.eps,
        )

    def extra_repr(self) -> str:
        return (
            f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, "
            f"affine={self.affine}, bias={self.bias is not None}, "
            f"track_running_stats={self.track_running_stats}"
        )


class BatchNorm1d(_BatchNorm):
    """Batch normalisation over ``(N, C)`` or ``(N, C, L)`` input, per channel ``C``.

    ``y = (x - mean) / √(var + eps) · weight + bias``. In training the batch's statistics are
    used (mean and biased variance over all axes but ``C``) and the running ones updated:
    ``running = (1 - momentum)·running + momentum·batch``, with the unbiased variance, or a
    cumulative average when ``momentum=None``. In evaluation mode the running statistics are
    used (unless ``track_running_stats=False``, which always uses the batch's).

    Parameters
    ----------
    num_features
        ``C``.
    eps, momentum, affine, track_running_stats
        As in PyTorch. ``affine=False``: no ``weight`` and ``bias``.
    dtype
        Parameter and buffer dtype (float32 by default).
    bias
        Keyword-only: with ``affine``, whether to learn the shift.
    """

    _ranks = (2, 3)
    _layout = "(N, {C}) or (N, {C}, L)"


class BatchNorm2d(_BatchNorm):
    """Batch normalisation over ``(N, C, H, W)`` input, per channel ``C``; see
    :class:`BatchNorm1d` for the arguments and the running statistics."""

    _ranks = (4,)
    _layout = "(N, {C}, H, W)"


def _shape(normalized_shape: int | Sequence[int]) -> tuple[int, ...]:
    if isinstance(normalized_shape, (int, np.integer)):
        return (int(normalized_shape),)
    return tuple(int(s) for s in normalized_shape)


class LayerNorm(Module):
    """Layer normalisation of ``(*, *normalized_shape)`` input over the trailing axes.

    ``y = (x - mean) / √(var + eps) · weight + bias`` with the statistics of each sample's
    trailing axes (biased variance); ``weight`` starts at 1 and ``bias`` at 0, both of shape
    ``normalized_shape``. ``elementwise_affine=False``: neither; ``bias=False``: no bias.
    """

    def __init__(
        self,
        normalized_shape: int | Sequence[int],
        eps: float = 1e-5,
        elementwise_affine: bool = True,
        bias: bool = True,
        dtype: Any = None,
    ) -> None:
        super().__init__()
        self.normalized_shape = _shape(normalized_shape)
        self.eps = eps
        self.elementwise_affine = elementwise_affine
        affine = elementwise_affine
        self.weight = empty_parameter("LayerNorm", self.normalized_shape, dtype) if affine else None
        self.bias = (
            empty_parameter("LayerNorm", self.normalized_shape, dtype) if affine and bias else None
        )
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Weight 1, bias 0."""
        if self.weight is not None:
            init.ones_(self.weight)
        if self.bias is not None:
            init.zeros_(self.bias)

    def forward(self, input: Tensor) -> Tensor:
        return _norm.layer_norm(input, self.normalized_shape, self.weight, self.bias, self.eps)

    def extra_repr(self) -> str:
        return (
            f"{self.normalized_shape}, eps={self.eps}, elementwise_affine={self.elementwise_affine}"
        )


class RMSNorm(Module):
    """``y = x / √(mean(x²) + eps) · weight`` over the trailing ``normalized_shape`` axes.

    ``eps=None`` uses ``finfo(dtype).eps``; ``weight`` starts at 1.
    """

    def __init__(
        self,
        normalized_shape: int | Sequence[int],
        eps: float | None = None,
        elementwise_affine: bool = True,
        dtype: Any = None,
    ) -> None:
        super().__init__()
        self.normalized_shape = _shape(normalized_shape)
        self.eps = eps
        self.elementwise_affine = elementwise_affine
        self.weight = (
            empty_parameter("RMSNorm", self.normalized_shape, dtype) if elementwise_affine else None
        )
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Weight 1."""
        if self.weight is not None:
            init.ones_(self.weight)

    def forward(self, input: Tensor) -> Tensor:
        return _norm.rms_norm(input, self.normalized_shape, self.weight, self.eps)

    def extra_repr(self) -> str:
        return (
            f"{self.normalized_shape}, eps={self.eps}, elementwise_affine={self.elementwise_affine}"
        )


class GroupNorm(Module):
    """Group normalisation of ``(N, C, *)`` input: ``C`` channels in ``num_groups`` groups.

    Each group is normalised over its channels and positions, then a per-channel affine
    (``weight`` 1 and ``bias`` 0 of shape ``(C,)``, when ``affine``).
    """

    def __init__(
        self,
        num_groups: int,
        num_channels: int,
        eps: float = 1e-5,
        affine: bool = True,
        dtype: Any = None,
    ) -> None:
        super().__init__()
        if num_groups <= 0 or num_channels % num_groups:
            raise ValueError(
                f"GroupNorm: num_channels={num_channels} must be divisible by "
                f"num_groups={num_groups}"
            )
        self.num_groups, self.num_channels = num_groups, num_channels
        self.eps, self.affine = eps, affine
        self.weight = empty_parameter("GroupNorm", (num_channels,), dtype) if affine else None
        self.bias = empty_parameter("GroupNorm", (num_channels,), dtype) if affine else None
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Weight 1, bias 0."""
        if self.affine:
            assert self.weight is not None and self.bias is not None  # both exist when affine
            init.ones_(self.weight)
            init.zeros_(self.bias)

    def forward(self, input: Tensor) -> Tensor:
        if not isinstance(input, Tensor) or input.ndim < 2 or input.shape[1] != self.num_channels:
            raise shape_error(self, f"(N, {self.num_channels}, *)", input)
        return _norm.group_norm(input, self.num_groups, self.weight, self.bias, self.eps)

    def extra_repr(self) -> str:
        return f"{self.num_groups}, {self.num_channels}, eps={self.eps}, affine={self.affine}"


class _InstanceNorm(_BatchNorm):
    """PyTorch's defaults differ from batch norm's: no affine, no running statistics."""

    _spatial: int
    momentum: float  # a number here (batch norm's may be None: a cumulative average)

    def __init__(
        self,
        num_features: int,
        eps: float = 1e-5,
        momentum: float = 0.1,
        affine: bool = False,
        track_running_stats: bool = False,
        dtype: Any = None,
    ) -> None:
        super().__init__(num_features, eps, momentum, affine, track_running_stats, dtype)

    def forward(self, input: Tensor) -> Tensor:
        batched = isinstance(input, Tensor) and input.ndim == self._spatial + 2
        unbatched = isinstance(input, Tensor) and input.ndim == self._spatial + 1
        if not (batched or unbatched) or input.shape[-self._spatial - 1] != self.num_features:
            raise shape_error(self, self._layout.format(C=self.num_features), input)
        x = input if batched else input.unsqueeze(0)
        use_input_stats = self.training or not self.track_running_stats
        y = _norm.instance_norm(
            x,
            self.running_mean,
            self.running_var,
            self.weight,
            self.bias,
            use_input_stats,
            self.momentum,
            self.eps,
        )
        return y if batched else y.squeeze(0)


class InstanceNorm1d(_InstanceNorm):
    """Instance normalisation of ``(N, C, L)`` or ``(C, L)`` input: each ``(n, c)`` row
    normalised over ``L``. ``affine`` and ``track_running_stats`` are off by default, as in
    PyTorch; with running statistics, evaluation mode normalises with them."""

    _spatial = 1
    _layout = "(N, {C}, L) or ({C}, L)"


class InstanceNorm2d(_InstanceNorm):
    """Instance normalisation of ``(N, C, H, W)`` or ``(C, H, W)`` input; see
    :class:`InstanceNorm1d`."""

    _spatial = 2
    _layout = "(N, {C}, H, W) or ({C}, H, W)"
