"""The classification losses of :mod:`minigrad.nn.functional`, which re-exports them: that
module is their public name (``F.cross_entropy``); this one holds their PyTorch-facing
argument handling (targets, class weights, ``ignore_index``, label smoothing, reductions).
The binary ones are in :mod:`~minigrad.nn._binary_losses`, re-exported here.

The primitives are in :mod:`minigrad.ops.loss`. ``nll_loss`` and ``kl_div`` are compositions.
"""

# ruff: noqa: A001, A002 - `input` is PyTorch's argument name

from __future__ import annotations

from typing import Any

import numpy as np

from ..ops.activation import log_softmax
from ..ops.elementwise import log, where
from ..ops.loss import softmax_cross_entropy
from ..tensor import Tensor
from ._binary_losses import (  # noqa: F401 - re-exported, as nn.functional imports them here
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
)
from ._common import (
    array_of,
    as_operand,
    check_reduction,
    float_tensor,
    legacy_reduction,
    real_arg,
)
from ._common import (
    reduce as reduce_,
)


def _class_axis_shape(C: int, ndim: int) -> tuple[int, ...]:
    return (1, C) + (1,) * (ndim - 2)


def _target_weights(
    op: str,
    input: Tensor,
    target: Any,
    weight: Any,
    ignore_index: int,
    label_smoothing: float,
) -> tuple[np.ndarray, np.ndarray | None, float]:
    """The matrix ``A`` (input's shape) such that each loss element is ``-Σ_c A·logp`` along
    the class axis; its sums along that axis (``None`` when all are 1, the common case, so
    the VJP can skip a multiplication); and the count or weight sum that ``reduction='mean'``
    divides by.

    It carries the target classes (or probabilities), the class weights, the ignored
    positions and the label smoothing, so one formula serves every form of the loss.
    """
    t = array_of(target)
    w = _class_weights(op, weight, input.shape, input.dtype)
    if not 0.0 <= label_smoothing <= 1.0:
        raise ValueError(f"{op}: label_smoothing must be in [0, 1], got {label_smoothing}")
    if t.dtype.kind == "f":
        return _probability_weights(op, input, t, w, ignore_index, label_smoothing)
    if t.dtype.kind not in "iu":
        raise TypeError(
            f"{op}: target must be class indices (an integer dtype) or class probabilities "
            f"(floating point), got dtype {t.dtype}"
        )
    return _index_weights(op, input, t, w, ignore_index, label_smoothing)


def _class_weights(op: str, weight: Any, shape: tuple[int, ...], dtype: Any) -> Any:
    """The class weights ``(C,)`` shaped to broadcast along the class axis, or None."""
    if weight is None:
        return None
    C = shape[1]
    w = array_of(weight)
    if w.shape != (C,):
        raise ValueError(f"{op}: weight must have shape ({C},) (one per class), got {w.shape}")
    return w.astype(dtype, copy=False).reshape(_class_axis_shape(C, len(shape)))


def _probability_weights(
    op: str, input: Tensor, t: np.ndarray, w: Any, ignore_index: int, label_smoothing: float
) -> tuple[np.ndarray, np.ndarray | None, float]:
    """:func:`_target_weights` for class probabilities: ``A`` is the (smoothed, weighted)
    target itself, and the mean divides by the number of loss elements."""
    shape = input.shape
    N, C = shape[0], shape[1]
    if t.shape != shape:
        raise ValueError(
            f"{op}: a probability target must have the input's shape {shape}, got {t.shape}"
        )
    if ignore_index != -100:
        raise ValueError(f"{op}: ignore_index is not supported with probability targets")
    A = t.astype(input.dtype) * (1 - label_smoothing)
    if label_smoothing:
        A += label_smoothing / C
    if w is not None:
        A *= w
    return A, A.sum(axis=1, keepdims=True), float(N * (int(np.prod(shape)) // max(N * C, 1)))


def _index_weights(
    op: str, input: Tensor, t: np.ndarray, w: Any, ignore_index: int, label_smoothing: float
) -> tuple[np.ndarray, np.ndarray | None, float]:
    """:func:`_target_weights` for class indices: each target's weight at its class (0 where
    ignored), plus the label smoothing spread over the classes; the mean divides by the sum
    of the target weights."""
    shape, dtype, C = input.shape, input.dtype, input.shape[1]
    valid = _check_class_indices(op, t, shape, ignore_index)
    safe = np.expand_dims(np.where(valid, t, 0), 1)
    valid = np.expand_dims(valid, 1).astype(dtype)
    # The weight of each target (0 where ignored), scattered into a zero matrix: one write
    # per target, not a dense one-hot comparison.
    w_t = valid if w is None else valid * w.reshape(-1)[safe]
    A = np.zeros(shape, dtype)
    np.put_along_axis(A, safe, w_t, axis=1)
    denom = float(w_t.sum())
    a_sum = w_t
    if label_smoothing:
        A *= 1 - label_smoothing
        smooth = valid * ((label_smoothing / C) * (1.0 if w is None else w))
        A += smooth
        a_sum = (1 - label_smoothing) * w_t + valid * label_smoothing * (
            1.0 if w is None else w.mean()
        )
    return A, (None if (a_sum == 1).all() else a_sum), denom


def _check_class_indices(
    op: str, t: np.ndarray, shape: tuple[int, ...], ignore_index: int
) -> np.ndarray:
    """Check a target of class indices against the input's ``shape``; where it is not
    ``ignore_index`` (a boolean array)."""
    C = shape[1]
    expected = (shape[0], *shape[2:])
    if t.shape != expected:
        raise ValueError(
            f"{op}: for input of shape {shape} the target of class indices must have shape "
            f"{expected}, got {t.shape}"
        )
    valid = t != ignore_index
    if t.size:
        out_of_range = valid & ((t < 0) | (t >= C))
        if out_of_range.any():
            pos = tuple(int(i) for i in np.argwhere(out_of_range)[0])
            raise IndexError(
                f"{op}: target values must be class indices in [0, {C - 1}] (or ignore_index="
                f"{ignore_index}); got {t[pos]} at position {pos}"
            )
    return valid


def _batched_classes(op: str, input: Tensor, target: Any) -> tuple[Tensor, Any, bool]:
    """Unbatched input ``(C,)`` becomes ``(1, C)`` (and its target gains the batch axis)."""
    if input.ndim == 0:
        raise ValueError(f"{op}: input must be (C,), (N, C) or (N, C, d1, ...), got a 0-d tensor")
    if input.ndim > 1:
        return input, target, False
    t = array_of(target)
    if t.dtype.kind != "f" and t.ndim != 0:
        raise ValueError(
            f"{op}: for unbatched input of shape {input.shape} the target of class indices must "
            f"be 0-d, got shape {t.shape}"
        )
    # reshape, not indexing: a Tensor target stays in the graph.
    batched = (target if isinstance(target, Tensor) else t).reshape((1, *t.shape))
    return input.reshape(1, -1), batched, True


def cross_entropy(
    input: Tensor,
    target: Tensor,
    weight: Tensor | None = None,
    size_average: Any = None,
    ignore_index: int = -100,
    reduce: Any = None,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
) -> Tensor:
    """Cross-entropy between the logits ``input`` and ``target``: ``-Σ_c t_c log softmax(x)_c``.

    Computed as one stable, fused op (log-softmax with the max shift, then the weighted sum),
    whose gradient is ``softmax(x) - t`` up to weights and scale.

    Parameters
    ----------
    input
        Logits ``(N, C)``, ``(N, C, d1, ...)`` or unbatched ``(C,)``.
    target
        Class indices ``(N,)`` / ``(N, d1, ...)`` / ``()`` (integer dtype, in ``[0, C)`` or
        equal to ``ignore_index``), or class probabilities of the input's shape (float).
    weight
        ``(C,)``: a weight per class (a constant).
    ignore_index
        Targets equal to it contribute nothing, also to the mean's denominator (indices only).
    reduction
        ``'mean'`` (divided by the summed weights of the targets, or by ``N·d1·...`` for
        probabilities), ``'sum'`` or ``'none'`` (shape ``(N, d1, ...)``).
    label_smoothing
        In ``[0, 1]``: the target becomes ``(1 - ε)·t + ε / C``.

    Returns
    -------
    Tensor
        The loss: a scalar, or ``(N, d1, ...)`` for ``reduction='none'``.

    Notes
    -----
    ``weight`` is a constant. A probability target that requires grad gets its gradient
    (``-log_softmax(x)``, scaled), as in PyTorch; class indices have none.

    Examples
    --------
    >>> import minigrad as mg
    >>> from minigrad.nn import functional as F
    >>> logits = mg.tensor([[2.0, 0.0, 0.0]], requires_grad=True)
    >>> round(F.cross_entropy(logits, mg.tensor([0])).item(), 4)
    0.2395
    """
    op = "cross_entropy"
    reduction = legacy_reduction(size_average, reduce, reduction)
    check_reduction(op, reduction)
    input = float_tensor(op, "input", input)
    input, target, unbatched = _batched_classes(op, input, target)
    label_smoothing = real_arg(op, "label_smoothing", label_smoothing)
    if isinstance(target, Tensor) and target.requires_grad and target.dtype.kind == "f":
        loss = _soft_target_cross_entropy(op, input, target, weight, reduction, label_smoothing)
    else:
        A, a_sum, denom = _target_weights(op, input, target, weight, ignore_index, label_smoothing)
        loss = softmax_cross_entropy(input, A=A, a_sum=a_sum, reduction=reduction, denom=denom)
    return loss.reshape(()) if unbatched and reduction == "none" else loss


def nll_loss(
    input: Tensor,
    target: Tensor,
    weight: Tensor | None = None,
    size_average: Any = None,
    ignore_index: int = -100,
    reduce: Any = None,
    reduction: str = "mean",
) -> Tensor:
    """Negative log-likelihood: ``-input[n, target[n]]`` (times the class weight), reduced.

    ``input`` holds log-probabilities (e.g. from :func:`log_softmax`) of shape ``(N, C)``,
    ``(N, C, d1, ...)`` or ``(C,)``; ``target`` class indices ``(N,)``, ``(N, d1, ...)`` or
    ``()``. ``weight``, ``ignore_index`` and ``reduction`` as in :func:`cross_entropy`
    (the mean divides by the summed weights of the non-ignored targets).
    """
    op = "nll_loss"
    reduction = legacy_reduction(size_average, reduce, reduction)
    check_reduction(op, reduction)
    input = float_tensor(op, "input", input)
    input, target, unbatched = _batched_classes(op, input, target)
    if array_of(target).dtype.kind not in "iu":
        raise TypeError(
            f"{op}: target must be class indices (an integer dtype), got dtype "
            f"{array_of(target).dtype}"
        )
    A, _, denom = _target_weights(op, input, target, weight, ignore_index, 0.0)
    losses = -(input * A).sum(axis=1)
    if unbatched and reduction == "none":
        return losses.reshape(())
    if reduction == "mean":
        total = losses.sum()
        # Every target ignored: 0/0 = NaN, as PyTorch, with zero (not NaN) gradients.
        return total * (1.0 / denom) if denom else total * 0.0 + np.nan
    return reduce_(losses, reduction)


def _soft_target_cross_entropy(
    op: str, input: Tensor, target: Tensor, weight: Any, reduction: str, label_smoothing: float
) -> Tensor:
    """Cross-entropy against probabilities that require grad: a composition, so the target
    gets its gradient ``-(1 - ε) w log_softmax(x)``."""
    if target.shape != input.shape:
        raise ValueError(
            f"{op}: a probability target must have the input's shape {input.shape}, got "
            f"{target.shape}"
        )
    if not 0.0 <= label_smoothing <= 1.0:
        raise ValueError(f"{op}: label_smoothing must be in [0, 1], got {label_smoothing}")
    C = input.shape[1]
    A = target.astype(input.dtype) * (1 - label_smoothing) + label_smoothing / C
    if weight is not None:
        w = array_of(weight)
        if w.shape != (C,):
            raise ValueError(f"{op}: weight must have shape ({C},) (one per class), got {w.shape}")
        A = A * w.astype(input.dtype).reshape(_class_axis_shape(C, input.ndim))
    return reduce_(-(A * log_softmax(input, axis=1)).sum(axis=1), reduction)


def kl_div(
    input: Tensor,
    target: Tensor,
    size_average: Any = None,
    reduce: Any = None,
    reduction: str = "mean",
    log_target: bool = False,
) -> Tensor:
    """The Kullback-Leibler divergence ``t (log t - input)`` element-wise, for log-probabilities
    ``input`` and probabilities ``target`` (log-probabilities if ``log_target``).

    ``reduction='batchmean'`` divides the sum by the batch size (the true KL divergence per
    sample); ``'mean'`` (PyTorch's default) divides by the number of elements. Where
    ``t = 0`` the term is 0. Both arguments get gradients.
    """
    op = "kl_div"
    reduction = legacy_reduction(size_average, reduce, reduction)
    if reduction != "batchmean":
        check_reduction(op, reduction)
    input = float_tensor(op, "input", input)
    t = as_operand(op, "target", target, input)
    if log_target:
        loss = t.exp() * (t - input)
    else:
        positive = t.array > 0
        safe = where(positive, t, np.ones((), t.dtype))
        loss = where(positive, t * log(safe), np.zeros((), t.dtype)) - t * input
    if reduction == "batchmean":
        return loss.sum() / (input.shape[0] if input.ndim else 1)
    return reduce_(loss, reduction)
