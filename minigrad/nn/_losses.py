"""The loss functions of :mod:`minigrad.nn.functional`, which re-exports them: that module
is their public name (``F.cross_entropy``); this one only keeps them apart from the layer
functions.

``mse_loss`` and ``l1_loss`` are compositions of minigrad ops. The others are primitives of
their own because a composition would be slower or numerically worse: ``cross_entropy``
(log-softmax and the weighted picking of the target classes fused into one node: it runs in
every training step), ``binary_cross_entropy`` (its logarithms are clamped, its VJP must not
divide by zero) and ``binary_cross_entropy_with_logits`` (a stable softplus whose derivative
at 0 is right). Their VJPs are written with Tensor ops, so second derivatives work.
"""

# ruff: noqa: A001, A002 - `input` is PyTorch's argument name

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from ..autograd import Function, is_grad_enabled
from ..ops.elementwise import sigmoid as _sigmoid
from ..tensor import Tensor
from ._common import Softmax, _array, _float_tensor

_REDUCTIONS = ("none", "mean", "sum")


def _check_reduction(op: str, reduction: str) -> None:
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{op}: reduction must be one of 'none', 'mean', 'sum', got {reduction!r}")


def _reduce(loss: Tensor, reduction: str) -> Tensor:
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    return loss


def _check_same_shape(op: str, input: Tensor, target: Any) -> None:
    if tuple(np.shape(_array(target))) != input.shape:
        warnings.warn(
            f"{op}: target shape {np.shape(_array(target))} differs from input shape "
            f"{input.shape}; they will be broadcast, which is rarely intended",
            UserWarning,
            stacklevel=3,
        )


def mse_loss(input: Tensor, target: Tensor, reduction: str = "mean") -> Tensor:
    """Squared error ``(input - target)²``, reduced by ``reduction`` ('mean', 'sum', 'none').

    Both arguments may require grad; shapes should match (they are broadcast, with a warning,
    as in PyTorch).
    """
    _check_reduction("mse_loss", reduction)
    input = _float_tensor("mse_loss", "input", input)
    _check_same_shape("mse_loss", input, target)
    diff = input - target
    return _reduce(diff * diff, reduction)


def l1_loss(input: Tensor, target: Tensor, reduction: str = "mean") -> Tensor:
    """Absolute error ``|input - target|`` (gradient 0 where they are equal), reduced."""
    _check_reduction("l1_loss", reduction)
    input = _float_tensor("l1_loss", "input", input)
    _check_same_shape("l1_loss", input, target)
    return _reduce((input - target).abs(), reduction)


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
    shape, dtype = input.shape, input.dtype
    N, C = shape[0], shape[1]
    t = _array(target)
    w = None
    if weight is not None:
        w = _array(weight)
        if w.shape != (C,):
            raise ValueError(f"{op}: weight must have shape ({C},) (one per class), got {w.shape}")
        w = w.astype(dtype, copy=False).reshape(_class_axis_shape(C, len(shape)))
    if not 0.0 <= label_smoothing <= 1.0:
        raise ValueError(f"{op}: label_smoothing must be in [0, 1], got {label_smoothing}")

    if t.dtype.kind == "f":
        if t.shape != shape:
            raise ValueError(
                f"{op}: a probability target must have the input's shape {shape}, got {t.shape}"
            )
        if ignore_index != -100:
            raise ValueError(f"{op}: ignore_index is not supported with probability targets")
        A = t.astype(dtype) * (1 - label_smoothing)
        if label_smoothing:
            A += label_smoothing / C
        if w is not None:
            A *= w
        return (
            A,
            A.sum(axis=1, keepdims=True),
            float(N * (int(np.prod(input.shape)) // max(N * C, 1))),
        )

    if t.dtype.kind not in "iu":
        raise TypeError(
            f"{op}: target must be class indices (an integer dtype) or class probabilities "
            f"(floating point), got dtype {t.dtype}"
        )
    expected = (N, *shape[2:])
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


class CrossEntropy(Function):
    """``loss = -Σ_c A_c · log_softmax(x)_c`` along axis 1, then reduced.

    Its gradient w.r.t. ``x`` is ``(Σ_c A_c) · softmax(x) - A``, times the reduction's scale.
    """

    @staticmethod
    def forward(ctx, x, A, a_sum, reduction, denom):
        shifted = x - x.max(axis=1, keepdims=True) if x.size else x.copy()
        e = np.exp(shifted)
        s = e.sum(axis=1, keepdims=True)
        shifted -= np.log(s)
        losses = -np.einsum("ij...,ij...->i...", A, shifted)
        ctx.save_for_backward(x)
        ctx.A, ctx.a_sum, ctx.reduction = A, a_sum, reduction
        e /= s
        ctx.probs = e
        if reduction == "none":
            return losses
        total = losses.sum()
        if reduction == "sum":
            return total
        # Every target ignored (or weighted 0): the mean is 0/0 = NaN, as in PyTorch, but each
        # gradient row is already 0, so the backward scale must not turn it into NaN.
        ctx.scale = np.asarray(1.0 / denom if denom else 0.0, x.dtype)
        return total / np.asarray(denom, x.dtype) if denom else np.asarray(np.nan, x.dtype)

    @staticmethod
    def backward(ctx, grad):
        # The softmax is a constant unless a graph of the backward pass is being recorded.
        if is_grad_enabled():
            (x,) = ctx.saved_tensors
            probs = Softmax.apply(x, 1)
        else:
            probs = Tensor.constant(ctx.probs)
        g = (probs if ctx.a_sum is None else probs * ctx.a_sum) - ctx.A
        if ctx.reduction == "none":
            g = g * grad.expand_dims(1)
        elif ctx.reduction == "sum":
            g = g * grad
        else:
            g = g * (grad * ctx.scale)
        return g, None, None, None, None


def _batched_classes(op: str, input: Tensor, target: Any) -> tuple[Tensor, Any, bool]:
    """Unbatched input ``(C,)`` becomes ``(1, C)`` (and its target gains the batch axis)."""
    if input.ndim == 0:
        raise ValueError(f"{op}: input must be (C,), (N, C) or (N, C, d1, ...), got a 0-d tensor")
    if input.ndim > 1:
        return input, target, False
    t = _array(target)
    if t.dtype.kind != "f" and t.ndim != 0:
        raise ValueError(
            f"{op}: for unbatched input of shape {input.shape} the target of class indices must "
            f"be 0-d, got shape {t.shape}"
        )
    return input.reshape(1, -1), (t[None] if t.dtype.kind == "f" else t.reshape(1)), True


def cross_entropy(
    input: Tensor,
    target: Tensor,
    weight: Tensor | None = None,
    ignore_index: int = -100,
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
    Only ``input`` gets a gradient; ``target`` and ``weight`` are constants.

    Examples
    --------
    >>> import minigrad as mg
    >>> from minigrad.nn import functional as F
    >>> logits = mg.tensor([[2.0, 0.0, 0.0]], requires_grad=True)
    >>> round(F.cross_entropy(logits, mg.tensor([0])).item(), 4)
    0.2395
    """
    op = "cross_entropy"
    _check_reduction(op, reduction)
    input = _float_tensor(op, "input", input)
    input, target, unbatched = _batched_classes(op, input, target)
    A, a_sum, denom = _target_weights(op, input, target, weight, ignore_index, label_smoothing)
    loss = CrossEntropy.apply(input, A, a_sum, reduction, denom)
    return loss.reshape(()) if unbatched and reduction == "none" else loss


def nll_loss(
    input: Tensor,
    target: Tensor,
    weight: Tensor | None = None,
    ignore_index: int = -100,
    reduction: str = "mean",
) -> Tensor:
    """Negative log-likelihood: ``-input[n, target[n]]`` (times the class weight), reduced.

    ``input`` holds log-probabilities (e.g. from :func:`log_softmax`) of shape ``(N, C)``,
    ``(N, C, d1, ...)`` or ``(C,)``; ``target`` class indices ``(N,)``, ``(N, d1, ...)`` or
    ``()``. ``weight``, ``ignore_index`` and ``reduction`` as in :func:`cross_entropy`
    (the mean divides by the summed weights of the non-ignored targets).
    """
    op = "nll_loss"
    _check_reduction(op, reduction)
    input = _float_tensor(op, "input", input)
    input, target, unbatched = _batched_classes(op, input, target)
    if _array(target).dtype.kind not in "iu":
        raise TypeError(
            f"{op}: target must be class indices (an integer dtype), got dtype "
            f"{_array(target).dtype}"
        )
    A, _, denom = _target_weights(op, input, target, weight, ignore_index, 0.0)
    losses = -(input * A).sum(axis=1)
    if unbatched and reduction == "none":
        return losses.reshape(())
    if reduction == "mean":
        total = losses.sum()
        # Every target ignored: 0/0 = NaN, as PyTorch, with zero (not NaN) gradients.
        return total * (1.0 / denom) if denom else total * 0.0 + np.nan
    return _reduce(losses, reduction)


def _bce_args(op: str, input: Any, target: Any, weight: Any, reduction: str) -> tuple:
    _check_reduction(op, reduction)
    input = _float_tensor(op, "input", input)
    t = _array(target)
    if t.shape != input.shape:
        raise ValueError(f"{op}: target must have the input's shape {input.shape}, got {t.shape}")
    w = _elementwise_weight(op, "weight", weight, input)
    return input, t.astype(input.dtype, copy=False), w


def _elementwise_weight(op: str, name: str, value: Any, input: Tensor) -> np.ndarray | None:
    """An optional per-element weight of a loss: an array that broadcasts to ``input``."""
    if value is None:
        return None
    w = _array(value)
    try:
        np.broadcast_shapes(w.shape, input.shape)
    except ValueError:
        raise ValueError(
            f"{op}: {name} of shape {w.shape} does not broadcast to the input's shape {input.shape}"
        ) from None
    return w.astype(input.dtype, copy=False)


class BinaryCrossEntropy(Function):
    @staticmethod
    def forward(ctx, x, t):
        ctx.save_for_backward(x)
        ctx.t = t
        # PyTorch clamps the logarithms at -100 so that p = 0 or 1 gives a finite loss.
        with np.errstate(divide="ignore"):
            log_p = np.maximum(np.log(x), -100)
            log_q = np.maximum(np.log1p(-x), -100)
        return -(t * log_p + (1 - t) * log_q)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        # d/dx = (x - t) / (x (1 - x)); the floor keeps it finite at x = 0 or 1, as PyTorch.
        return grad * (x - ctx.t) / (x * (1 - x)).clip(min=1e-12), None


def binary_cross_entropy(
    input: Tensor,
    target: Tensor,
    weight: Tensor | None = None,
    reduction: str = "mean",
) -> Tensor:
    """``-w (t log p + (1 - t) log(1 - p))`` for probabilities ``p = input`` in ``[0, 1]``.

    Logarithms are clamped at -100, so ``p`` of exactly 0 or 1 gives a finite loss.

    Parameters
    ----------
    input
        Probabilities, any shape ``(*)``.
    target
        The same shape, values in ``[0, 1]`` (a constant).
    weight
        Broadcastable to ``(*)``: a rescaling weight per element (a constant).
    reduction
        ``'mean'``, ``'sum'`` or ``'none'``.
    """
    op = "binary_cross_entropy"
    input, t, w = _bce_args(op, input, target, weight, reduction)
    x = input.array
    if x.size and (x.min() < 0 or x.max() > 1):
        raise ValueError(
            f"{op}: input must hold probabilities in [0, 1], got values in "
            f"[{x.min():.4g}, {x.max():.4g}]; did you mean binary_cross_entropy_with_logits?"
        )
    loss = BinaryCrossEntropy.apply(input, t)
    return _reduce(loss if w is None else loss * w, reduction)


class BinaryCrossEntropyWithLogits(Function):
    @staticmethod
    def forward(ctx, x, t, pos_weight):
        ctx.save_for_backward(x)
        ctx.t = t
        # softplus(-x) = log(1 + e^-x) = max(-x, 0) + log1p(e^-|x|): no overflow for any x.
        softplus = np.maximum(-x, 0) + np.log1p(np.exp(-np.abs(x)))
        ctx.log_weight = 1 + (pos_weight - 1) * t if pos_weight is not None else None
        weighted = softplus if ctx.log_weight is None else ctx.log_weight * softplus
        return (1 - t) * x + weighted

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        # d/dx = (1 - t) - L·sigmoid(-x); with L = 1 it is sigmoid(x) - t.
        if ctx.log_weight is None:
            return grad * (_sigmoid(x) - ctx.t), None, None
        return grad * ((1 - ctx.t) - ctx.log_weight * (1 - _sigmoid(x))), None, None


def binary_cross_entropy_with_logits(
    input: Tensor,
    target: Tensor,
    weight: Tensor | None = None,
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
        The same shape, values in ``[0, 1]`` (a constant).
    weight
        Broadcastable to ``(*)``: a rescaling weight per element (a constant).
    reduction
        ``'mean'``, ``'sum'`` or ``'none'``.
    pos_weight
        Broadcastable to ``(*)``, usually ``(C,)`` for the last axis: the weight of positive
        examples (> 1 raises recall).
    """
    op = "binary_cross_entropy_with_logits"
    input, t, w = _bce_args(op, input, target, weight, reduction)
    pw = _elementwise_weight(op, "pos_weight", pos_weight, input)
    loss = BinaryCrossEntropyWithLogits.apply(input, t, pw)
    return _reduce(loss if w is None else loss * w, reduction)
