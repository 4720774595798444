"""Batch normalisation: ``BatchNorm1d`` and ``BatchNorm2d``."""

# ruff: noqa: A002 - `input` is PyTorch's argument name

from __future__ import annotations

from typing import Any

import numpy as np

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
            dt = self.weight.dtype if affine else np.dtype(dtype or np.float32)
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
