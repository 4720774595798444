"""Attention: ``softmax(q kᵀ · scale + bias) v`` as one primitive, and PyTorch's
``scaled_dot_product_attention`` on it.

One node instead of the eight a composition records. The VJP, with ``P`` the attention
weights, ``D`` the dropout mask and ``G`` the output gradient: ``dv = (P∘D)ᵀ G``,
``dS = P ∘ (dP - rowsum(dP ∘ P))`` with ``dP = (G vᵀ) ∘ D``, ``dq = dS k · scale``,
``dk = dSᵀ q · scale``, ``dbias = dS``. It runs on the saved NumPy arrays; when a
higher-order graph is being recorded it runs the same lines on Tensors (recomputing ``P``
from the inputs), so gradients of any order work.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..autograd import Function, is_grad_enabled
from ..creation import default_generator
from ..tensor import Tensor
from . import elementwise as _ew
from . import reduce as _reduce

__all__ = ["attention", "scaled_dot_product_attention"]


class _NP:
    @staticmethod
    def softmax(x: np.ndarray) -> np.ndarray:
        e = np.exp(x - x.max(axis=-1, keepdims=True))
        e /= e.sum(axis=-1, keepdims=True)
        return e

    @staticmethod
    def rowsum(x: np.ndarray) -> np.ndarray:
        return x.sum(axis=-1, keepdims=True)


class _Tensors:
    @staticmethod
    def softmax(x: Tensor) -> Tensor:
        # The shift is a constant: it changes nothing mathematically, only keeps exp finite.
        e = _ew.exp(x - Tensor.constant(x.array.max(axis=-1, keepdims=True)))
        return e / _reduce.sum(e, axis=-1, keepdims=True)

    @staticmethod
    def rowsum(x: Tensor) -> Tensor:
        return _reduce.sum(x, axis=-1, keepdims=True)


def _weights(ns: Any, q: Any, k: Any, bias: Any, scale: float) -> Any:
    s = (q @ k.swapaxes(-1, -2)) * scale
    return ns.softmax(s if bias is None else s + bias)


class Attention(Function):
    @staticmethod
    def forward(ctx, q, k, v, bias, *, scale, keep):
        ctx.scale, ctx.keep = scale, keep
        p = _weights(_NP, q, k, bias, scale)
        ctx.p = p
        ctx.save_for_backward(q, k, v, bias)
        return (p if keep is None else p * keep) @ v

    @staticmethod
    def backward(ctx, grad):
        q, k, v, bias = ctx.saved_tensors
        if is_grad_enabled():
            ns, p = _Tensors, _weights(_Tensors, q, k, bias, ctx.scale)
        else:
            ns, p, q, k, v, grad = _NP, ctx.p, q.array, k.array, v.array, grad.array
        keep, scale = ctx.keep, ctx.scale
        need_q, need_k, need_v, need_bias = ctx.needs_input_grad
        dv = (p if keep is None else p * keep).swapaxes(-1, -2) @ grad if need_v else None
        dq = dk = ds = None
        if need_q or need_k or need_bias:
            dp = grad @ v.swapaxes(-1, -2)
            dp = dp if keep is None else dp * keep
            ds = p * (dp - ns.rowsum(dp * p))
            dq = (ds @ k) * scale if need_q else None
            dk = (ds.swapaxes(-1, -2) @ q) * scale if need_k else None
        return dq, dk, dv, (ds if need_bias else None)


def attention(
    q: Tensor, k: Tensor, v: Tensor, bias: Any = None, *, scale: float, keep: Any = None
) -> Tensor:
    """``(softmax(q kᵀ · scale + bias) ∘ keep) v``.

    Parameters
    ----------
    q : Tensor ``(*, L, E)``
    k : Tensor ``(*, S, E)``
    v : Tensor ``(*, S, Ev)``
    bias : Tensor, ndarray or None, broadcastable to ``(*, L, S)``
        Added to the scores (``-inf`` excludes a pair).
    scale
        The factor of the scores.
    keep : ndarray or None, broadcastable to ``(*, L, S)``
        A fixed multiplier of the weights (the dropout mask, already scaled by ``1/(1-p)``).

    Returns
    -------
    Tensor ``(*, L, Ev)``. The batch axes ``*`` of the three broadcast together.
    """
    for name, t in (("q", q), ("k", k), ("v", v)):
        if not isinstance(t, Tensor) or t.dtype.kind != "f" or t.ndim < 2:
            raise TypeError(f"attention: {name} must be a floating-point Tensor (*, N, E)")
    if q.shape[-1] != k.shape[-1] or k.shape[-2] != v.shape[-2]:
        raise ValueError(
            f"attention: query {q.shape}, key {k.shape} and value {v.shape} do not fit: need "
            "query (*, L, E), key (*, S, E), value (*, S, Ev)"
        )
    scores = (*np.broadcast_shapes(q.shape[:-2], k.shape[:-2]), q.shape[-2], k.shape[-2])
    for name, m in (("bias", bias), ("keep", keep)):
        if m is not None:
            try:
                np.broadcast_shapes(m.shape, scores)
            except ValueError:
                raise ValueError(
                    f"attention: {name} of shape {m.shape} does not broadcast to the scores' "
                    f"shape {scores}"
                ) from None
    if isinstance(bias, np.ndarray):
        bias = Tensor.constant(bias.astype(q.dtype, copy=False))
    return Attention.apply(q, k, v, bias, scale=scale, keep=keep)


def _mask_bias(attn_mask: Any, dtype: np.dtype) -> Any:
    """A bool mask (True: take part) as an additive ``0 / -inf`` array; a float mask as is."""
    if attn_mask is None:
        return None
    raw = attn_mask.array if isinstance(attn_mask, Tensor) else np.asarray(attn_mask)
    if raw.dtype == np.bool_:
        return np.where(raw, 0, -np.inf).astype(dtype)
    if raw.dtype.kind != "f":
        raise TypeError(
            f"scaled_dot_product_attention: attn_mask must be bool or float, got {raw.dtype}"
        )
    return attn_mask if isinstance(attn_mask, Tensor) else raw.astype(dtype)


def causal_bias(length: int, source: int, dtype: Any) -> np.ndarray:
    """``0`` on and below the diagonal, ``-inf`` above: position ``i`` sees ``j <= i``."""
    return np.triu(np.full((length, source), -np.inf, dtype), 1)


def dropout_keep(shape: tuple[int, ...], p: float, dtype: Any) -> np.ndarray | None:
    """A dropout mask for the weights, scaled by ``1/(1-p)`` (None when ``p == 0``)."""
    if p == 0:
        return None
    keep = default_generator().random(shape, dtype=np.float32) >= p
    return keep * np.asarray(1.0 / (1.0 - p), dtype) if p < 1 else np.zeros(shape, dtype)


def scaled_dot_product_attention(
    query: Tensor,
    key: Tensor,
    value: Tensor,
    attn_mask: Any = None,
    dropout_p: float = 0.0,
    is_causal: bool = False,
    scale: float | None = None,
    enable_gqa: bool = False,
) -> Tensor:
    """``softmax(Q Kᵀ / √E + mask) V``, as ``torch.nn.functional.scaled_dot_product_attention``.

    Parameters
    ----------
    query : Tensor ``(*, L, E)``
    key : Tensor ``(*, S, E)``
    value : Tensor ``(*, S, Ev)``
    attn_mask : bool or float Tensor/array broadcastable to ``(*, L, S)``, or None
        Bool: True where a query may attend (PyTorch's convention); float: added to the scores.
    dropout_p
        Probability of dropping an attention weight (always applied when positive, as in
        PyTorch: pass 0 in evaluation).
    is_causal
        Attend only to positions ``j <= i`` (cannot be combined with ``attn_mask``).
    scale
        Defaults to ``1/√E``.
    enable_gqa
        Only False (grouped-query attention is not supported).

    Returns
    -------
    Tensor ``(*, L, Ev)``.
    """
    if enable_gqa:
        raise ValueError("scaled_dot_product_attention: enable_gqa=True is not supported")
    if not 0.0 <= dropout_p <= 1.0:
        raise ValueError(
            f"scaled_dot_product_attention: dropout_p must be in [0, 1], got {dropout_p}"
        )
    if not isinstance(query, Tensor):
        raise TypeError(
            f"scaled_dot_product_attention: query must be a Tensor, got {type(query).__name__}"
        )
    if is_causal and attn_mask is not None:
        raise ValueError("scaled_dot_product_attention: pass attn_mask or is_causal, not both")
    bias = _mask_bias(attn_mask, query.dtype)
    if is_causal:
        bias = causal_bias(query.shape[-2], key.shape[-2], query.dtype)
    scale = 1.0 / math.sqrt(query.shape[-1]) if scale is None else scale
    keep = None
    if dropout_p:
        scores = (
            *np.broadcast_shapes(query.shape[:-2], key.shape[:-2]),
            query.shape[-2],
            key.shape[-2],
        )
        keep = dropout_keep(scores, dropout_p, query.dtype)
    return attention(query, key, value, bias, scale=scale, keep=keep)
