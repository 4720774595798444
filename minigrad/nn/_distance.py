"""Distances, similarities and the losses built on them, for :mod:`minigrad.nn.functional`
(their public name): ``normalize``, ``cosine_similarity``, ``pairwise_distance``,
``cosine_embedding_loss``, ``triplet_margin_loss``.

Compositions of minigrad ops with PyTorch's formulas. The vector norm here has gradient 0
(not NaN) at a zero vector, as PyTorch's norm does.
"""

# ruff: noqa: A001, A002 - `input` is PyTorch's argument name

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..ops.activation import _axis
from ..ops.elementwise import abs as _abs
from ..ops.elementwise import clip, minimum, sqrt, where
from ..tensor import Tensor
from ._common import (
    as_operand,
    check_reduction,
    float_tensor,
    legacy_reduction,
    real_arg,
)
from ._common import (
    reduce as reduce_,
)


def vector_norm(x: Tensor, p: float, axis: int, keepdims: bool = False) -> Tensor:
    """The ``p``-norm along ``axis``; its gradient at a zero vector is 0, as in PyTorch."""
    if p == math.inf:
        return _abs(x).max(axis=axis, keepdims=keepdims)
    if p == 1:
        return _abs(x).sum(axis=axis, keepdims=keepdims)
    s = (
        (x * x).sum(axis=axis, keepdims=keepdims)
        if p == 2
        else (_abs(x) ** p).sum(axis=axis, keepdims=keepdims)
    )
    positive = s.array > 0
    # The root of 1 where the sum is 0, then masked: no 0 ** (1/p - 1) in the gradient.
    one = np.ones((), x.dtype)
    safe = where(positive, s, one)
    root = sqrt(safe) if p == 2 else safe ** (1 / p)
    return where(positive, root, np.zeros((), x.dtype))


def _p(op: str, p: Any) -> float:
    p = real_arg(op, "p", p)
    if p <= 0:
        raise ValueError(f"{op}: p must be positive (or inf), got {p}")
    return p


def normalize(
    input: Tensor, p: float = 2.0, dim: int = 1, eps: float = 1e-12, out: Any = None
) -> Tensor:
    """``input / max(‖input‖_p, eps)`` along ``dim``."""
    op = "normalize"
    if out is not None:
        raise TypeError(f"{op}: out= is not supported; use the returned tensor")
    input = float_tensor(op, "input", input)
    p, eps = _p(op, p), real_arg(op, "eps", eps)
    axis = _axis(op, dim, input.shape)
    if axis is None:  # a 0-d input is a vector of one element
        return normalize(input.reshape(1), p, 0, eps).reshape(())
    return input / clip(vector_norm(input, p, axis, True), min=eps)


def cosine_similarity(x1: Tensor, x2: Tensor, dim: int = 1, eps: float = 1e-8) -> Tensor:
    """``Σ x1·x2 / (max(‖x1‖, eps) · max(‖x2‖, eps))`` along ``dim`` (inputs broadcast)."""
    op = "cosine_similarity"
    x1 = float_tensor(op, "x1", x1)
    x2 = as_operand(op, "x2", x2, x1)
    eps = real_arg(op, "eps", eps)
    try:
        shape = np.broadcast_shapes(x1.shape, x2.shape)
    except ValueError:
        raise ValueError(f"{op}: x1 {x1.shape} and x2 {x2.shape} do not broadcast") from None
    axis = _axis(op, dim, shape)
    axis = 0 if axis is None else axis
    if len(shape) == 0:
        x1, x2, shape = x1.reshape(1), x2.reshape(1), (1,)
    x1, x2 = x1.broadcast_to(shape), x2.broadcast_to(shape)
    n1 = clip(vector_norm(x1, 2.0, axis, True), min=eps)
    n2 = clip(vector_norm(x2, 2.0, axis, True), min=eps)
    return ((x1 / n1) * (x2 / n2)).sum(axis=axis)


def pairwise_distance(
    x1: Tensor, x2: Tensor, p: float = 2.0, eps: float = 1e-6, keepdim: bool = False
) -> Tensor:
    """``‖x1 - x2 + eps‖_p`` along the last dimension (inputs broadcast)."""
    op = "pairwise_distance"
    x1 = float_tensor(op, "x1", x1)
    x2 = as_operand(op, "x2", x2, x1)
    p, eps = _p(op, p), real_arg(op, "eps", eps)
    try:
        np.broadcast_shapes(x1.shape, x2.shape)
    except ValueError:
        raise ValueError(f"{op}: x1 {x1.shape} and x2 {x2.shape} do not broadcast") from None
    d = x1 - x2 + eps
    if d.ndim == 0:
        d = d.reshape(1)
    return vector_norm(d, p, d.ndim - 1, keepdim)


def cosine_embedding_loss(
    input1: Tensor,
    input2: Tensor,
    target: Tensor,
    margin: float = 0.0,
    size_average: Any = None,
    reduce: Any = None,
    reduction: str = "mean",
) -> Tensor:
    """``1 - cos(x1, x2)`` where ``target == 1``, ``max(0, cos(x1, x2) - margin)`` where
    ``target == -1``; inputs ``(N, D)`` or ``(D,)``, target ``(N,)`` or ``()``."""
    op = "cosine_embedding_loss"
    reduction = legacy_reduction(size_average, reduce, reduction)
    check_reduction(op, reduction)
    margin = real_arg(op, "margin", margin)
    x1 = float_tensor(op, "input1", input1)
    x2 = as_operand(op, "input2", input2, x1)
    t = as_operand(op, "target", target, x1).array
    if x1.shape != x2.shape or x1.ndim not in (1, 2) or t.shape != x1.shape[:-1]:
        raise ValueError(
            f"{op}: expected input1 and input2 of one shape (N, D) or (D,) and target (N,) or "
            f"(), got {x1.shape}, {x2.shape} and {t.shape}"
        )
    eps = 1e-12  # PyTorch's EPSILON for this loss
    cos = (x1 * x2).sum(axis=-1) / sqrt(
        ((x1 * x1).sum(axis=-1) + eps) * ((x2 * x2).sum(axis=-1) + eps)
    )
    zero = np.zeros((), x1.dtype)
    loss = where(t == 1, 1 - cos, zero) + where(t == -1, clip(cos - margin, min=0.0), zero)
    return reduce_(loss, reduction)


def triplet_margin_loss(
    anchor: Tensor,
    positive: Tensor,
    negative: Tensor,
    margin: float = 1.0,
    p: float = 2,
    eps: float = 1e-6,
    swap: bool = False,
    size_average: Any = None,
    reduce: Any = None,
    reduction: str = "mean",
) -> Tensor:
    """``max(d(a, p) - d(a, n) + margin, 0)`` with ``d`` the :func:`pairwise_distance`;
    ``swap`` uses ``min(d(a, n), d(p, n))`` as the negative distance."""
    op = "triplet_margin_loss"
    reduction = legacy_reduction(size_average, reduce, reduction)
    check_reduction(op, reduction)
    margin = real_arg(op, "margin", margin)
    a = float_tensor(op, "anchor", anchor)
    pos = as_operand(op, "positive", positive, a)
    neg = as_operand(op, "negative", negative, a)
    if not a.ndim == pos.ndim == neg.ndim or a.ndim not in (1, 2):
        raise ValueError(
            f"{op}: anchor, positive and negative must all be (N, D) or (D,), got {a.shape}, "
            f"{pos.shape} and {neg.shape}"
        )
    d_pos = pairwise_distance(a, pos, p, eps)
    d_neg = pairwise_distance(a, neg, p, eps)
    if swap:
        d_neg = minimum(d_neg, pairwise_distance(pos, neg, p, eps))
    return reduce_(clip(d_pos - d_neg + margin, min=0.0), reduction)
