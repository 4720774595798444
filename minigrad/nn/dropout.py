"""Dropout layers: ``Dropout``, ``Dropout1d``/``2d``/``3d`` (whole channels), ``AlphaDropout``
and ``FeatureAlphaDropout``. In training mode they drop; in evaluation mode they are the
identity. Masks come from :func:`minigrad.default_generator` (seeded by ``manual_seed``);
``inplace`` is accepted for PyTorch compatibility (minigrad computes out of place)."""

# ruff: noqa: A002 - `input` is PyTorch's argument name

from __future__ import annotations

from typing import Any

from ..tensor import Tensor
from . import functional as F
from ._common import real_arg
from .module import Module


class Dropout(Module):
    """In training mode, zero each element with probability ``p`` and scale the others by
    ``1 / (1 - p)`` (so the expectation is unchanged); in evaluation mode, do nothing."""

    _fn: Any = staticmethod(F.dropout)

    def __init__(self, p: float = 0.5, inplace: bool = False) -> None:
        super().__init__()
        name = type(self).__name__
        p = real_arg(name, "p", p)
        if not 0.0 <= p <= 1.0:
            raise ValueError(f"{name}: p must be between 0 and 1, got {p}")
        self.p = p
        self.inplace = inplace

    def forward(self, input: Tensor) -> Tensor:
        return type(self)._fn(input, self.p, self.training)

    def extra_repr(self) -> str:
        return f"p={self.p}, inplace={self.inplace}"


class Dropout1d(Dropout):
    """Zero whole channels of ``(N, C, L)`` / ``(C, L)`` inputs."""

    _fn = staticmethod(F.dropout1d)


class Dropout2d(Dropout):
    """Zero whole channels of ``(N, C, H, W)`` / ``(C, H, W)`` inputs."""

    _fn = staticmethod(F.dropout2d)


class Dropout3d(Dropout):
    """Zero whole channels of ``(N, C, D, H, W)`` / ``(C, D, H, W)`` inputs."""

    _fn = staticmethod(F.dropout3d)


class AlphaDropout(Dropout):
    """Dropout that keeps SELU's zero mean and unit variance."""

    _fn = staticmethod(F.alpha_dropout)


class FeatureAlphaDropout(Dropout):
    """:class:`AlphaDropout` of whole channels."""

    _fn = staticmethod(F.feature_alpha_dropout)
