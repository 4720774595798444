"""The dropout functions of :mod:`minigrad.nn.functional` (their public name): ``dropout``,
``dropout1d``/``2d``/``3d`` (whole channels), ``alpha_dropout`` and ``feature_alpha_dropout``.

Masks come from ``generator`` or :func:`minigrad.default_generator` (seeded by
``minigrad.manual_seed``); the random stream is NumPy's, so masks differ from PyTorch's for
the same seed, while their distribution is the same. ``inplace`` is accepted for PyTorch
compatibility; minigrad computes out of place and returns the result.
"""

# ruff: noqa: A001, A002 - `input` is PyTorch's argument name

from __future__ import annotations

from typing import Any

import numpy as np

from ..creation import default_generator
from ..tensor import Tensor
from ._common import real_arg, tensor_arg

# SELU's -scale·alpha: the value alpha dropout sets dropped units to (before its affine fix).
_ALPHA = 1.7580993408473766


def _check(op: str, input: Any, p: Any, training: Any) -> tuple[Tensor, float]:
    input = tensor_arg(op, "input", input)
    p = real_arg(op, "p", p)
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"{op}: p must be between 0 and 1, got {p}")
    if not isinstance(training, (bool, np.bool_)):
        raise TypeError(f"{op}: training must be a bool, got {training!r}")
    return input, p


def _keep(input: Tensor, p: float, shape: tuple[int, ...], generator: Any) -> np.ndarray:
    rng = generator or default_generator()
    return rng.random(shape, dtype=np.float32) >= p


def _channel_dropout(op: str, input: Any, p: Any, training: Any, spatial: int, gen: Any) -> Tensor:
    input, p = _check(op, input, p, training)
    if input.ndim not in (spatial + 1, spatial + 2):
        raise ValueError(
            f"{op}: expected an input of {spatial + 1} dimensions (C, *) or {spatial + 2} "
            f"(N, C, *), got shape {input.shape}"
        )
    if not training or p == 0.0:
        return input
    if p == 1.0:
        return input * np.zeros((), input.dtype)
    mask_shape = input.shape[: input.ndim - spatial] + (1,) * spatial
    keep = _keep(input, p, mask_shape, gen)
    return input * (keep * np.asarray(1.0 / (1.0 - p), input.dtype))


def dropout(
    input: Tensor,
    p: float = 0.5,
    training: bool = True,
    inplace: bool = False,
    generator: np.random.Generator | None = None,
) -> Tensor:
    """Zero each element with probability ``p`` and scale the rest by ``1 / (1 - p)``.

    The identity when ``training`` is false or ``p == 0``.
    """
    input, p = _check("dropout", input, p, training)
    if not training or p == 0.0:
        return input
    if p == 1.0:
        return input * np.zeros((), input.dtype)
    keep = _keep(input, p, input.shape, generator)
    return input * (keep * np.asarray(1.0 / (1.0 - p), input.dtype))


def dropout1d(
    input: Tensor, p: float = 0.5, training: bool = True, inplace: bool = False, generator=None
) -> Tensor:
    """Zero whole channels of ``(N, C, L)`` or ``(C, L)`` with probability ``p``, scale the
    rest by ``1 / (1 - p)``."""
    return _channel_dropout("dropout1d", input, p, training, 1, generator)


def dropout2d(
    input: Tensor, p: float = 0.5, training: bool = True, inplace: bool = False, generator=None
) -> Tensor:
    """Zero whole channels of ``(N, C, H, W)`` or ``(C, H, W)``, as :func:`dropout1d`."""
    return _channel_dropout("dropout2d", input, p, training, 2, generator)


def dropout3d(
    input: Tensor, p: float = 0.5, training: bool = True, inplace: bool = False, generator=None
) -> Tensor:
    """Zero whole channels of ``(N, C, D, H, W)`` or ``(C, D, H, W)``, as :func:`dropout1d`."""
    return _channel_dropout("dropout3d", input, p, training, 3, generator)


def _alpha(op: str, input: Any, p: Any, training: Any, feature: bool, generator: Any) -> Tensor:
    input, p = _check(op, input, p, training)
    if not training or p == 0.0:
        return input
    if p == 1.0:
        return input * np.zeros((), input.dtype)
    if feature and input.ndim < 2:
        raise ValueError(f"{op}: expected an input (N, C, *) or (C, *), got {input.shape}")
    shape = input.shape[:2] + (1,) * (input.ndim - 2) if feature else input.shape
    keep = _keep(input, p, shape, generator)
    # Dropped units become -alpha·scale (SELU's saturation), then an affine map a·x + b
    # restores zero mean and unit variance (Klambauer et al., 2017; PyTorch's formula).
    a = 1.0 / np.sqrt((_ALPHA * _ALPHA * p + 1) * (1 - p))
    b = ((keep - 1.0) * (_ALPHA * a) + _ALPHA * a * p).astype(input.dtype)
    return input * (keep * np.asarray(a, input.dtype)) + b


def alpha_dropout(
    input: Tensor, p: float = 0.5, training: bool = False, inplace: bool = False, generator=None
) -> Tensor:
    """Dropout that keeps SELU's self-normalisation (mean 0, variance 1) in training."""
    return _alpha("alpha_dropout", input, p, training, False, generator)


def feature_alpha_dropout(
    input: Tensor, p: float = 0.5, training: bool = False, inplace: bool = False, generator=None
) -> Tensor:
    """:func:`alpha_dropout` of whole channels (axis 1)."""
    return _alpha("feature_alpha_dropout", input, p, training, True, generator)
