"""The regression and margin losses of :mod:`minigrad.nn.functional` (their public name):
``mse_loss``, ``l1_loss``, ``smooth_l1_loss``, ``huber_loss``, ``soft_margin_loss``,
``margin_ranking_loss``, ``hinge_embedding_loss``, ``poisson_nll_loss``, ``gaussian_nll_loss``.

All are compositions of minigrad ops with PyTorch's signatures and formulas, so every argument
that is a Tensor requiring grad (the target too) gets its gradient, of any order.
"""

# ruff: noqa: A001, A002 - `input` is PyTorch's argument name

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..ops.activation import softplus
from ..ops.elementwise import abs as _abs
from ..ops.elementwise import clip, log, where
from ..tensor import Tensor
from ._common import (
    as_operand,
    check_reduction,
    float_tensor,
    legacy_reduction,
    pair_shapes,
    real_arg,
)
from ._common import (
    reduce as reduce_,
)


def _pair(op: str, input: Any, target: Any, size_average: Any, reduce: Any, reduction: str):
    reduction = legacy_reduction(size_average, reduce, reduction)
    check_reduction(op, reduction)
    input = float_tensor(op, "input", input)
    target = as_operand(op, "target", target, input)
    pair_shapes(op, input, target)
    return input, target, reduction


def mse_loss(
    input: Tensor,
    target: Tensor,
    size_average: Any = None,
    reduce: Any = None,
    reduction: str = "mean",
    weight: Tensor | None = None,
) -> Tensor:
    """Squared error ``(input - target)²`` (times ``weight`` if given), reduced by
    ``reduction`` ('mean', 'sum', 'none').

    Shapes should match; a target that broadcasts is used with a warning, as in PyTorch, and
    one that does not raises a ``ValueError`` naming both shapes.
    """
    input, target, reduction = _pair("mse_loss", input, target, size_average, reduce, reduction)
    diff = input - target
    loss = diff * diff
    return reduce_(loss if weight is None else loss * weight, reduction)


def l1_loss(
    input: Tensor,
    target: Tensor,
    size_average: Any = None,
    reduce: Any = None,
    reduction: str = "mean",
    weight: Tensor | None = None,
) -> Tensor:
    """Absolute error ``|input - target|`` (gradient 0 where they are equal), reduced."""
    input, target, reduction = _pair("l1_loss", input, target, size_average, reduce, reduction)
    loss = _abs(input - target)
    return reduce_(loss if weight is None else loss * weight, reduction)


def smooth_l1_loss(
    input: Tensor,
    target: Tensor,
    size_average: Any = None,
    reduce: Any = None,
    reduction: str = "mean",
    beta: float = 1.0,
) -> Tensor:
    """``0.5 d² / beta`` where ``|d| < beta``, ``|d| - 0.5 beta`` elsewhere (``d = input -
    target``); ``beta = 0`` is the L1 loss."""
    op = "smooth_l1_loss"
    beta = real_arg(op, "beta", beta)
    if beta < 0:
        raise ValueError(f"{op}: beta must be non-negative, got {beta}")
    input, target, reduction = _pair(op, input, target, size_average, reduce, reduction)
    d = input - target
    ad = _abs(d)
    if beta == 0:
        return reduce_(ad, reduction)
    return reduce_(where(ad.array < beta, d * d * (0.5 / beta), ad - 0.5 * beta), reduction)


def huber_loss(
    input: Tensor,
    target: Tensor,
    reduction: str = "mean",
    delta: float = 1.0,
    weight: Tensor | None = None,
) -> Tensor:
    """``0.5 d²`` where ``|d| < delta``, ``delta (|d| - 0.5 delta)`` elsewhere."""
    op = "huber_loss"
    delta = real_arg(op, "delta", delta)
    if delta <= 0:
        raise ValueError(f"{op}: delta must be positive, got {delta}")
    input, target, reduction = _pair(op, input, target, None, None, reduction)
    d = input - target
    ad = _abs(d)
    loss = where(ad.array < delta, d * d * 0.5, (ad - 0.5 * delta) * delta)
    return reduce_(loss if weight is None else loss * weight, reduction)


def soft_margin_loss(
    input: Tensor,
    target: Tensor,
    size_average: Any = None,
    reduce: Any = None,
    reduction: str = "mean",
) -> Tensor:
    """``log(1 + exp(-target · input))`` for targets ±1, computed stably."""
    op = "soft_margin_loss"
    input, target, reduction = _pair(op, input, target, size_average, reduce, reduction)
    return reduce_(softplus(-(target * input)), reduction)


def margin_ranking_loss(
    input1: Tensor,
    input2: Tensor,
    target: Tensor,
    margin: float = 0.0,
    size_average: Any = None,
    reduce: Any = None,
    reduction: str = "mean",
) -> Tensor:
    """``max(0, -target · (input1 - input2) + margin)`` for targets ±1."""
    op = "margin_ranking_loss"
    reduction = legacy_reduction(size_average, reduce, reduction)
    check_reduction(op, reduction)
    margin = real_arg(op, "margin", margin)
    input1 = float_tensor(op, "input1", input1)
    input2 = as_operand(op, "input2", input2, input1)
    target = as_operand(op, "target", target, input1)
    if not input1.shape == input2.shape == target.shape:
        raise ValueError(
            f"{op}: input1 {input1.shape}, input2 {input2.shape} and target {target.shape} "
            "must have the same shape"
        )
    return reduce_(clip(-target * (input1 - input2) + margin, min=0.0), reduction)


def hinge_embedding_loss(
    input: Tensor,
    target: Tensor,
    margin: float = 1.0,
    size_average: Any = None,
    reduce: Any = None,
    reduction: str = "mean",
) -> Tensor:
    """``input`` where ``target == 1``, ``max(0, margin - input)`` where ``target == -1``."""
    op = "hinge_embedding_loss"
    margin = real_arg(op, "margin", margin)
    input, target, reduction = _pair(op, input, target, size_average, reduce, reduction)
    zero = np.zeros((), input.dtype)
    t = target.array
    loss = where(t != -1, input, zero) + where(t != 1, clip(margin - input, min=0.0), zero)
    return reduce_(loss, reduction)


def poisson_nll_loss(
    input: Tensor,
    target: Tensor,
    log_input: bool = True,
    full: bool = False,
    size_average: Any = None,
    eps: float = 1e-8,
    reduce: Any = None,
    reduction: str = "mean",
) -> Tensor:
    """Poisson negative log-likelihood: ``exp(input) - target·input`` (``log_input``) or
    ``input - target·log(input + eps)``; ``full`` adds Stirling's term for ``target > 1``."""
    op = "poisson_nll_loss"
    eps = real_arg(op, "eps", eps)
    input, target, reduction = _pair(op, input, target, size_average, reduce, reduction)
    loss = input.exp() - target * input if log_input else input - target * log(input + eps)
    if full:
        t = target.array
        big = t > 1
        safe = where(big, target, np.ones((), target.dtype))
        stirling = safe * log(safe) - safe + 0.5 * log(safe * (2 * math.pi))
        loss = loss + where(big, stirling, np.zeros((), target.dtype))
    return reduce_(loss, reduction)


def gaussian_nll_loss(
    input: Tensor,
    target: Tensor,
    var: Tensor | float,
    full: bool = False,
    eps: float = 1e-6,
    reduction: str = "mean",
) -> Tensor:
    """Gaussian negative log-likelihood ``0.5 (log var + (input - target)² / var)`` (plus
    ``0.5 log 2π`` if ``full``).

    ``var`` has the input's shape, or one dimension of size 1 fewer or last (one variance per
    sample), or is a number. It is clamped at ``eps`` for stability; the clamp passes the
    gradient through unchanged, as in PyTorch.
    """
    op = "gaussian_nll_loss"
    check_reduction(op, reduction)
    eps = real_arg(op, "eps", eps)
    input = float_tensor(op, "input", input)
    target = as_operand(op, "target", target, input)
    var = as_operand(op, "var", var, input)
    if var.shape != input.shape and var.ndim:
        if var.shape == input.shape[:-1]:
            var = var.unsqueeze(-1)
        elif not (var.shape[-1] == 1 and var.shape[:-1] == input.shape[:-1]):
            raise ValueError(f"{op}: var of shape {var.shape} does not fit input {input.shape}")
    if (var.array < 0).any():
        raise ValueError(f"{op}: var has negative entries")
    # The clamp as an added constant: the value is clamped, the gradient is the identity.
    var = var + Tensor.constant(np.maximum(var.array, eps) - var.array)
    diff = input - target
    loss = 0.5 * (log(var) + diff * diff / var)
    if full:
        loss = loss + 0.5 * math.log(2 * math.pi)
    return reduce_(loss, reduction)
