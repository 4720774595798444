"""``nn.functional``'s ``gumbel_softmax`` and the deprecated ``upsample*`` spellings of
``interpolate`` (the resampling ops themselves are in :mod:`minigrad.ops.upsample`)."""

# PyTorch's argument name ``input`` shadows a builtin on purpose.
# ruff: noqa: A002

from __future__ import annotations

from typing import Any

import numpy as np

from .. import creation as _creation
from ..ops import upsample as _up
from ..ops._shape_args import axis_arg, tensor_arg
from ..tensor import Tensor
from ._activations import softmax
from ._common import float_tensor

__all__ = ["gumbel_softmax", "upsample", "upsample_bilinear", "upsample_nearest"]


def gumbel_softmax(
    logits: Tensor, tau: float = 1, hard: bool = False, eps: float = 1e-10, dim: int = -1
) -> Tensor:
    """A sample from the Gumbel-softmax (Concrete) distribution over ``dim``:
    ``softmax((logits + g) / tau)`` with ``g = -log(Exp(1))`` noise. ``hard=True`` returns the
    one-hot of the sample's argmax, with the soft sample's gradient (straight-through)."""
    x = float_tensor("gumbel_softmax", "logits", logits)
    if tau <= 0:
        raise ValueError(f"gumbel_softmax: tau must be positive, got {tau}")
    d = axis_arg("gumbel_softmax", dim, max(x.ndim, 1), x.shape, "dim")
    noise = -np.log(_creation.default_generator().exponential(size=x.shape)).astype(x.dtype)
    soft = softmax((x + Tensor(noise)) / tau, dim=d)
    if not hard:
        return soft
    index = np.expand_dims(soft.array.argmax(axis=d), d)
    one_hot = np.zeros(x.shape, x.dtype)
    np.put_along_axis(one_hot, index, 1, axis=d)
    return soft + Tensor(one_hot - soft.array)  # value one-hot, gradient the soft sample's


def upsample(
    input: Tensor,
    size: Any = None,
    scale_factor: Any = None,
    mode: str = "nearest",
    align_corners: bool | None = None,
) -> Tensor:
    """Deprecated in PyTorch for :func:`interpolate`, which it calls."""
    return _up.interpolate(tensor_arg("upsample", input), size, scale_factor, mode, align_corners)


def upsample_nearest(input: Tensor, size: Any = None, scale_factor: Any = None) -> Tensor:
    """``interpolate(..., mode="nearest")``."""
    return _up.interpolate(tensor_arg("upsample_nearest", input), size, scale_factor, "nearest")


def upsample_bilinear(input: Tensor, size: Any = None, scale_factor: Any = None) -> Tensor:
    """``interpolate(..., mode="bilinear", align_corners=True)``, as PyTorch defines it."""
    x = tensor_arg("upsample_bilinear", input)
    return _up.interpolate(x, size, scale_factor, "bilinear", align_corners=True)
