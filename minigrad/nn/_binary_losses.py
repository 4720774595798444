"""The binary classification losses of :mod:`minigrad.nn.functional` (their public name):
``binary_cross_entropy`` and ``binary_cross_entropy_with_logits``, with PyTorch's argument
handling (element weights, ``pos_weight``, reductions). The primitives are in
:mod:`minigrad.ops.loss`; :mod:`~minigrad.nn._losses` re-exports these two.
"""

# ruff: noqa: A001, A002 - `input` is PyTorch's argument name

from __future__ import annotations

from typing import Any

import numpy as np

from ..ops.loss import binary_cross_entropy as _bce
from ..ops.loss import binary_cross_entropy_with_logits as _bce_logits
from ..tensor import Tensor
from ._common import as_operand, check_reduction, float_tensor, legacy_reduction
from ._common import reduce as reduce_


def _bce_args(op: str, input: Any, target: Any, weight: Any, reduction: str) -> tuple:
    check_reduction(op, reduction)
    input = float_tensor(op, "input", input)
    t = as_operand(op, "target", target, input)
    if t.shape != input.shape:
        raise ValueError(
            f"{op}: target must have the input's shape {input.shape}, got {t.shape} (PyTorch "
            "refuses a target size different to the input size here)"
        )
    if t.dtype != input.dtype:
        t = t.astype(input.dtype)
    return input, t, _elementwise_weight(op, "weight", weight, input)


def _elementwise_weight(op: str, name: str, value: Any, input: Tensor) -> Tensor | None:
    """An optional per-element weight of a loss: a Tensor that broadcasts to ``input``."""
    if value is None:
        return None
    w = as_operand(op, name, value, input)
    try:
        np.broadcast_shapes(w.shape, input.shape)
    except ValueError:
        raise ValueError(
            f"{op}: {name} of shape {w.shape} does not broadcast to the input's shape {input.shape}"
        ) from None
    return w


def binary_cross_entropy(
    input: Tensor,
    target: Tensor,
    weight: Tensor | None = None,
    size_average: Any = None,
    reduce: Any = None,
    reduction: str = "mean",
) -> Tensor:
    """``-w (t log p + (1 - t) log(1 - p))`` for probabilities ``p = input`` in ``[0, 1]``.

    Logarithms are clamped at -100, so ``p`` of exactly 0 or 1 gives a finite loss.

    Parameters
    ----------
    input
        Probabilities, any shape ``(*)``.
    target
        The same shape, values in ``[0, 1]``; differentiable, as in PyTorch.
    weight
        Broadcastable to ``(*)``: a rescaling weight per element.
    size_average, reduce
        PyTorch's deprecated flags (they override ``reduction`` when given).
    reduction
        ``'mean'``, ``'sum'`` or ``'none'``.
    """
    op = "binary_cross_entropy"
    reduction = legacy_reduction(size_average, reduce, reduction)
    input, t, w = _bce_args(op, input, target, weight, reduction)
    x = input.array
    if x.size and (x.min() < 0 or x.max() > 1):
        raise ValueError(
            f"{op}: input must hold probabilities in [0, 1], got values in "
            f"[{x.min():.4g}, {x.max():.4g}]; did you mean binary_cross_entropy_with_logits?"
        )
    loss = _bce(input, t)
    return reduce_(loss if w is None else loss * w, reduction)


def binary_cross_entropy_with_logits(
    input: Tensor,
    target: Tensor,
    weight: Tensor | None = None,
    size_average: Any = None,
    reduce: Any = None,
    reduction: str = "mean",
    pos_weight: Tensor | None = None,
) -> Tensor:
    """Binary cross-entropy of ``sigmoid(input)``, computed stably from the logits.

    ``loss = (1 - t) x + (1 + (pos_weight - 1) t) · log(1 + e^-x)``, with the softplus
    written so that it neither overflows nor loses precision for large ``|x|``.

    Parameters
    ----------
    input
        Logits, any shape ``(*)``.
    target
        The same shape, values in ``[0, 1]``; differentiable, as in PyTorch.
    weight
        Broadcastable to ``(*)``: a rescaling weight per element.
    size_average, reduce
        PyTorch's deprecated flags (they override ``reduction`` when given).
    reduction
        ``'mean'``, ``'sum'`` or ``'none'``.
    pos_weight
        Broadcastable to ``(*)``, usually ``(C,)`` for the last axis: the weight of positive
        examples (> 1 raises recall).
    """
    op = "binary_cross_entropy_with_logits"
    reduction = legacy_reduction(size_average, reduce, reduction)
    input, t, w = _bce_args(op, input, target, weight, reduction)
    pw = _elementwise_weight(op, "pos_weight", pos_weight, input)
    loss = _bce_logits(input, t, pw)
    return reduce_(loss if w is None else loss * w, reduction)
