"""Loss primitives: the fused softmax cross-entropy and the two binary cross-entropies.

They are ops of their own because a composition would be slower or numerically worse:
``softmax_cross_entropy`` fuses the log-softmax and the weighted picking of the target classes
into one node (it runs in every training step); ``binary_cross_entropy`` clamps its
logarithms and its VJP must not divide by zero; ``binary_cross_entropy_with_logits`` is a
stable softplus whose derivative at 0 is right. All return unreduced, element-wise losses
except the cross-entropy, which reduces itself (its mean divides by a weight sum). The
argument checks and PyTorch's options (``ignore_index``, ``label_smoothing``, reductions)
are in :mod:`minigrad.nn.functional`. VJPs are written with Tensor ops, so second
derivatives work; the binary cross-entropies differentiate their targets too, as PyTorch's do.
"""

from __future__ import annotations

import math

import numpy as np

from ..autograd import Function, is_grad_enabled
from ..tensor import Tensor
from .activation import Softmax, Softplus
from .elementwise import clip, log, sigmoid

__all__ = ["binary_cross_entropy", "binary_cross_entropy_with_logits", "softmax_cross_entropy"]


class SoftmaxCrossEntropy(Function):
    """``loss = -Σ_c A_c · log_softmax(x)_c`` along axis 1, then reduced.

    Its gradient w.r.t. ``x`` is ``(Σ_c A_c) · softmax(x) - A``, times the reduction's scale.
    """

    @staticmethod
    def forward(ctx, x, *, A, a_sum, reduction, denom):
        shifted = x - x.max(axis=1, keepdims=True) if x.size else x.copy()
        e = np.exp(shifted)
        s = e.sum(axis=1, keepdims=True)
        shifted -= np.log(s)
        losses = -np.einsum("ij...,ij...->i...", A, shifted)
        e /= s
        # The probabilities are kept for a first-order backward (saved arrays are freed with
        # the node); a recorded backward recomputes them from x so they are differentiable.
        ctx.save_for_backward(x, e, A, a_sum)
        ctx.reduction = reduction
        if reduction == "none":
            return losses
        total = losses.sum()
        if reduction == "sum":
            return total
        # Every target ignored (or weighted 0): the mean is 0/0 = NaN, as in PyTorch, but each
        # gradient row is already 0, so the backward scale must not turn it into NaN.
        ctx.scale = 1.0 / denom if denom else 0.0
        return total / np.asarray(denom, x.dtype) if denom else np.asarray(np.nan, x.dtype)

    @staticmethod
    def backward(ctx, grad):
        x, probs, A, a_sum = ctx.saved_tensors
        if is_grad_enabled():
            probs = Softmax.apply(x, axis=1)
        g = (probs if a_sum is None else probs * a_sum) - A
        if ctx.reduction == "none":
            return g * grad.expand_dims(1)
        if ctx.reduction == "sum":
            return g * grad
        return g * (grad * np.asarray(ctx.scale, grad.dtype))


def softmax_cross_entropy(
    x: Tensor, *, A: np.ndarray, a_sum: np.ndarray | None, reduction: str, denom: float
) -> Tensor:
    """``-Σ_c A_c log_softmax(x)_c`` along axis 1 for logits ``x`` of shape ``(N, C, *)``.

    ``A`` (``x``'s shape, a constant) carries the targets, class weights, ignored positions
    and label smoothing; ``a_sum`` is its sum along axis 1 (``None`` when all ones). The loss
    is ``(N, *)`` for ``reduction='none'``, its sum, or its sum divided by ``denom``.
    """
    return SoftmaxCrossEntropy.apply(x, A=A, a_sum=a_sum, reduction=reduction, denom=denom)


class BinaryCrossEntropy(Function):
    @staticmethod
    def forward(ctx, p, t):
        ctx.save_for_backward(p, t)
        # PyTorch clamps the logarithms at -100 so that p = 0 or 1 gives a finite loss.
        with np.errstate(divide="ignore"):
            log_p = np.maximum(np.log(p), -100)
            log_q = np.maximum(np.log1p(-p), -100)
        return -(t * log_p + (1 - t) * log_q)

    @staticmethod
    def backward(ctx, grad):
        p, t = ctx.saved_tensors
        need_p, need_t = ctx.needs_input_grad
        # d/dp = (p - t) / (p (1 - p)); the floor keeps it finite at p = 0 or 1, as PyTorch.
        gp = grad * (p - t) / clip(p * (1 - p), min=1e-12) if need_p else None
        gt = grad * (clip(log(1 - p), min=-100) - clip(log(p), min=-100)) if need_t else None
        return gp, gt


def binary_cross_entropy(p: Tensor, t: Tensor) -> Tensor:
    """``-(t log p + (1 - t) log(1 - p))`` element-wise, logarithms clamped at -100.

    ``p`` holds probabilities in ``[0, 1]``; ``t`` has its shape. Both get gradients.
    """
    return BinaryCrossEntropy.apply(p, t)


class BinaryCrossEntropyWithLogits(Function):
    @staticmethod
    def forward(ctx, x, t, pos_weight):
        ctx.save_for_backward(x, t, pos_weight)
        # softplus(-x) = log(1 + e^-x) = max(-x, 0) + log1p(e^-|x|): no overflow for any x.
        softplus = np.maximum(-x, 0) + np.log1p(np.exp(-np.abs(x)))
        if pos_weight is None:
            return (1 - t) * x + softplus
        return (1 - t) * x + (1 + (pos_weight - 1) * t) * softplus

    @staticmethod
    def backward(ctx, grad):
        x, t, pw = ctx.saved_tensors
        need_x, need_t, need_pw = ctx.needs_input_grad
        gx = gt = gpw = None
        # loss = (1 - t) x + L·softplus(-x) with L = 1 + (pw - 1) t:
        # d/dx = (1 - t) - L·sigmoid(-x) (= sigmoid(x) - t when L = 1),
        # d/dt = -x + (pw - 1)·softplus(-x), d/dpw = t·softplus(-x).
        if need_x:
            gx = grad * (
                sigmoid(x) - t if pw is None else (1 - t) - (1 + (pw - 1) * t) * sigmoid(-x)
            )
        if need_t or need_pw:
            sp = Softplus.apply(-x, beta=1.0, threshold=math.inf)
            if need_t:
                gt = grad * (-x if pw is None else (pw - 1) * sp - x)
            if need_pw:
                gpw = grad * t * sp
        return gx, gt, gpw


def binary_cross_entropy_with_logits(
    x: Tensor, t: Tensor, pos_weight: Tensor | None = None
) -> Tensor:
    """The binary cross-entropy of ``sigmoid(x)`` against ``t``, element-wise and stable:
    ``(1 - t) x + (1 + (pos_weight - 1) t) · log(1 + e^-x)``.

    ``t`` has ``x``'s shape; ``pos_weight`` broadcasts to it. All three get gradients.
    """
    return BinaryCrossEntropyWithLogits.apply(x, t, pos_weight)
