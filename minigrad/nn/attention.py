"""``MultiheadAttention``, with PyTorch's parameter layout (``in_proj_weight`` ``(3E, E)``
and ``in_proj_bias``, or ``q/k/v_proj_weight`` when ``kdim``/``vdim`` differ; ``out_proj``).

Without ``need_weights`` the heads run on the fused :func:`minigrad.ops.attention.attention`
primitive; with it, as a composition, so that the returned weights carry the graph too.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..ops import attention as _att
from ..tensor import Tensor
from . import functional as F
from . import init
from .linear import Linear
from .module import Module, empty_parameter


def _mask_bias(mask: Any, dtype: np.dtype, what: str) -> Any:
    """PyTorch's MHA convention: bool True = *not* allowed; a float mask is added."""
    if mask is None:
        return None
    raw = mask.array if isinstance(mask, Tensor) else np.asarray(mask)
    if raw.dtype == np.bool_:
        return np.where(raw, -np.inf, 0).astype(dtype)
    if raw.dtype.kind != "f":
        raise TypeError(f"MultiheadAttention: {what} must be bool or float, got {raw.dtype}")
    return mask if isinstance(mask, Tensor) else raw.astype(dtype)


def _add(a: Any, b: Any) -> Any:
    return b if a is None else a if b is None else a + b


class MultiheadAttention(Module):
    """Multi-head attention: ``softmax(Q Kᵀ/√d + mask) V`` in ``num_heads`` heads of
    ``d = embed_dim / num_heads``, then ``out_proj``.

    Parameters
    ----------
    embed_dim, num_heads, dropout, bias, batch_first
        As in PyTorch (``dropout`` on the attention weights, in training).
    kdim, vdim
        Key/value widths; when they differ from ``embed_dim`` the projections are
        ``q_proj_weight``, ``k_proj_weight``, ``v_proj_weight`` instead of ``in_proj_weight``.
    add_bias_kv, add_zero_attn
        Only False (not supported).

    Notes
    -----
    ``forward(query, key, value, key_padding_mask=None, need_weights=True, attn_mask=None,
    average_attn_weights=True, is_causal=False)`` with ``(L, N, E)`` inputs (``(N, L, E)``
    with ``batch_first``, ``(L, E)`` unbatched) returns ``(output, weights)``: weights
    ``(N, L, S)`` averaged over heads, ``(N, H, L, S)`` otherwise, None without
    ``need_weights``. Masks: bool True excludes a position; float masks are added.
    ``key_padding_mask`` ``(N, S)``; ``attn_mask`` ``(L, S)`` or ``(N·H, L, S)``.
    """

    def __init__(
        self,
        embed_dim: int,
        num_heads: int,
        dropout: float = 0.0,
        bias: bool = True,
        add_bias_kv: bool = False,
        add_zero_attn: bool = False,
        kdim: int | None = None,
        vdim: int | None = None,
        batch_first: bool = False,
        dtype: Any = None,
    ) -> None:
        super().__init__()
        if num_heads <= 0 or embed_dim % num_heads:
            raise ValueError(
                f"MultiheadAttention: embed_dim={embed_dim} must be divisible by "
                f"num_heads={num_heads}"
            )
        if add_bias_kv or add_zero_attn:
            raise ValueError("MultiheadAttention: add_bias_kv/add_zero_attn are not supported")
        self.embed_dim, self.num_heads, self.dropout = embed_dim, num_heads, float(dropout)
        self.kdim, self.vdim = kdim or embed_dim, vdim or embed_dim
        self.head_dim, self.batch_first = embed_dim // num_heads, batch_first
        self._qkv_same_embed_dim = self.kdim == embed_dim and self.vdim == embed_dim
        name = "MultiheadAttention"
        if self._qkv_same_embed_dim:
            self.in_proj_weight = empty_parameter(name, (3 * embed_dim, embed_dim), dtype)
            for p in ("q_proj_weight", "k_proj_weight", "v_proj_weight"):
                self.register_parameter(p, None)
        else:
            self.register_parameter("in_proj_weight", None)
            self.q_proj_weight = empty_parameter(name, (embed_dim, embed_dim), dtype)
            self.k_proj_weight = empty_parameter(name, (embed_dim, self.kdim), dtype)
            self.v_proj_weight = empty_parameter(name, (embed_dim, self.vdim), dtype)
        if bias:
            self.in_proj_bias = empty_parameter(name, (3 * embed_dim,), dtype)
        else:
            self.register_parameter("in_proj_bias", None)
        self.out_proj = Linear(embed_dim, embed_dim, bias=bias, dtype=dtype)
        self._reset_parameters()

    def _reset_parameters(self) -> None:
        """PyTorch's: Xavier-uniform projections (the whole ``(3E, E)`` at once), zero biases."""
        if self._qkv_same_embed_dim:
            init.xavier_uniform_(self.in_proj_weight)
        else:
            for p in (self.q_proj_weight, self.k_proj_weight, self.v_proj_weight):
                init.xavier_uniform_(p)
        if self.in_proj_bias is not None:
            assert self.out_proj.bias is not None  # both biases exist or neither
            init.zeros_(self.in_proj_bias)
            init.zeros_(self.out_proj.bias)

    def _project(self, query: Tensor, key: Tensor, value: Tensor) -> tuple[Tensor, ...]:
        e, b = self.embed_dim, self.in_proj_bias
        if self._qkv_same_embed_dim:
            w = self.in_proj_weight
            if query is key and key is value:  # self-attention: one GEMM for q, k and v
                qkv = F.linear(query, w, b)
                return qkv[..., :e], qkv[..., e : 2 * e], qkv[..., 2 * e :]
            ws = (w[:e], w[e : 2 * e], w[2 * e :])
        else:
            ws = (self.q_proj_weight, self.k_proj_weight, self.v_proj_weight)
        bs = (None,) * 3 if b is None else (b[:e], b[e : 2 * e], b[2 * e :])
        return tuple(F.linear(x, w_, b_) for x, w_, b_ in zip((query, key, value), ws, bs))

    def _heads(self, x: Tensor) -> Tensor:
        n, length = x.shape[0], x.shape[1]
        return x.reshape(n, length, self.num_heads, self.head_dim).permute(0, 2, 1, 3)

    def forward(
        self,
        query: Tensor,
        key: Tensor,
        value: Tensor,
        key_padding_mask: Any = None,
        need_weights: bool = True,
        attn_mask: Any = None,
        average_attn_weights: bool = True,
        is_causal: bool = False,
    ) -> tuple[Tensor, Any]:
        self._check_inputs(query, key, value)
        unbatched = query.ndim == 2
        same = query is key and key is value
        if unbatched:
            query, key, value = (t.unsqueeze(0) for t in (query, key, value))
            key_padding_mask = None if key_padding_mask is None else key_padding_mask[None]
        elif not self.batch_first:
            query, key, value = (t.swapaxes(0, 1) for t in (query, key, value))
        if same:
            key = value = query
        n, length, source = query.shape[0], query.shape[1], key.shape[1]
        q, k, v = (self._heads(t) for t in self._project(query, key, value))
        bias = self._bias(attn_mask, key_padding_mask, is_causal, n, length, source, query.dtype)
        scale = 1.0 / math.sqrt(self.head_dim)
        p = self.dropout if self.training else 0.0
        if need_weights:  # the weights are an output: compose, so both carry the graph
            s = (q @ k.swapaxes(-1, -2)) * scale
            weights = F.softmax(s if bias is None else s + bias, dim=-1)
            out = F.dropout(weights, p, True) @ v if p else weights @ v
        else:
            keep = _att.dropout_keep((n, self.num_heads, length, source), p, query.dtype)
            out = _att.attention(q, k, v, bias, scale=scale, keep=keep)
        out = self.out_proj(out.permute(0, 2, 1, 3).reshape(n, length, self.embed_dim))
        if unbatched:
            out = out.squeeze(0)
        elif not self.batch_first:
            out = out.swapaxes(0, 1)
        if not need_weights:
            return out, None
        weights = weights.mean(1) if average_attn_weights else weights
        return out, (weights.squeeze(0) if unbatched else weights)

    def _check_inputs(self, query: Any, key: Any, value: Any) -> None:
        for name, t, width in (
            ("query", query, self.embed_dim),
            ("key", key, self.kdim),
            ("value", value, self.vdim),
        ):
            if not isinstance(t, Tensor) or t.ndim not in (2, 3) or t.shape[-1] != width:
                got = t.shape if isinstance(t, Tensor) else type(t).__name__
                raise ValueError(f"MultiheadAttention: {name} must be (*, *, {width}), got {got}")

    def _bias(
        self,
        attn_mask: Any,
        key_padding_mask: Any,
        is_causal: bool,
        n: int,
        length: int,
        source: int,
        dtype: Any,
    ) -> Tensor | None:
        """The additive score bias ``(n, heads, length, source)`` (or broadcastable): the
        attention mask (or the causal one), plus the key padding mask; None without either."""
        mask = _mask_bias(attn_mask, dtype, "attn_mask")
        if mask is None and is_causal:
            mask = _att.causal_bias(length, source, dtype)
        if mask is not None and mask.ndim == 3:
            mask = mask.reshape(n, self.num_heads, length, source)
        pad = _mask_bias(key_padding_mask, dtype, "key_padding_mask")
        if pad is not None:
            pad = pad.reshape(n, 1, 1, source)
        return _add(mask, pad)
