"""Attention layers: ``MultiheadAttention`` and the Transformer encoder/decoder stacks, with
PyTorch's parameter names and layout (``in_proj_weight`` ``(3E, E)``, ``out_proj``,
``layers.0.self_attn...``), so ``state_dict``s load both ways."""

# ruff: noqa: A002 - `input` is PyTorch's argument name

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from typing import Any

import numpy as np

from ..ops import attention as _att
from ..tensor import Tensor
from . import functional as F
from . import init
from .container import ModuleList
from .dropout import Dropout
from .linear import Linear
from .module import Module, empty_parameter
from .normalization import LayerNorm


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

    def __init__(self, embed_dim: int, num_heads: int, dropout: float = 0.0, bias: bool = True,
                 add_bias_kv: bool = False, add_zero_attn: bool = False, kdim: int | None = None,
                 vdim: int | None = None, batch_first: bool = False, dtype: Any = None) -> None:  # fmt: skip
        super().__init__()
        if num_heads <= 0 or embed_dim % num_heads:
            raise ValueError(
                f"MultiheadAttention: embed_dim={embed_dim} must be divisible by num_heads={num_heads}"
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
        return x.reshape(n, length, self.num_heads, self.head_dim).transpose(0, 2, 1, 3)

    def forward(self, query: Tensor, key: Tensor, value: Tensor, key_padding_mask: Any = None,
                need_weights: bool = True, attn_mask: Any = None,
                average_attn_weights: bool = True, is_causal: bool = False) -> tuple[Tensor, Any]:  # fmt: skip
        for name, t, width in (("query", query, self.embed_dim), ("key", key, self.kdim),
                               ("value", value, self.vdim)):  # fmt: skip
            if not isinstance(t, Tensor) or t.ndim not in (2, 3) or t.shape[-1] != width:
                got = t.shape if isinstance(t, Tensor) else type(t).__name__
                raise ValueError(f"MultiheadAttention: {name} must be (*, *, {width}), got {got}")
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
        dtype = query.dtype
        mask = _mask_bias(attn_mask, dtype, "attn_mask")
        if mask is None and is_causal:
            mask = _att.causal_bias(length, source, dtype)
        if mask is not None and mask.ndim == 3:
            mask = mask.reshape(n, self.num_heads, length, source)
        pad = _mask_bias(key_padding_mask, dtype, "key_padding_mask")
        if pad is not None:
            pad = pad.reshape(n, 1, 1, source)
        bias = _add(mask, pad)
        scale = 1.0 / math.sqrt(self.head_dim)
        p = self.dropout if self.training else 0.0
        if need_weights:  # the weights are an output: compose, so both carry the graph
            s = (q @ k.swapaxes(-1, -2)) * scale
            weights = F.softmax(s if bias is None else s + bias, dim=-1)
            out = F.dropout(weights, p, True) @ v if p else weights @ v
        else:
            keep = _att.dropout_keep((n, self.num_heads, length, source), p, dtype)
            out = _att.attention(q, k, v, bias, scale=scale, keep=keep)
        out = self.out_proj(out.transpose(0, 2, 1, 3).reshape(n, length, self.embed_dim))
        if unbatched:
            out = out.squeeze(0)
        elif not self.batch_first:
            out = out.swapaxes(0, 1)
        if not need_weights:
            return out, None
        weights = weights.mean(1) if average_attn_weights else weights
        return out, (weights.squeeze(0) if unbatched else weights)


def _activation(activation: str | Callable[[Tensor], Tensor]) -> Callable[[Tensor], Tensor]:
    if callable(activation):
        return activation
    if activation in ("relu", "gelu") and hasattr(F, activation):
        return getattr(F, activation)
    raise ValueError(f"activation should be relu/gelu (or a callable), not {activation!r}")


class TransformerEncoderLayer(Module):
    """Self-attention then a feed-forward block, each with dropout, a residual and a
    LayerNorm (after by default, before with ``norm_first``), as PyTorch's. Arguments as
    PyTorch's (``d_model, nhead, dim_feedforward=2048, dropout=0.1, activation='relu',
    layer_norm_eps=1e-5, batch_first=False, norm_first=False, bias=True``).
    ``forward(src, src_mask=None, src_key_padding_mask=None, is_causal=False)``."""

    def __init__(self, d_model: int, nhead: int, dim_feedforward: int = 2048,
                 dropout: float = 0.1, activation: Any = "relu", layer_norm_eps: float = 1e-5,
                 batch_first: bool = False, norm_first: bool = False, bias: bool = True,
                 dtype: Any = None) -> None:  # fmt: skip
        super().__init__()
        self.self_attn = MultiheadAttention(
            d_model, nhead, dropout, bias, batch_first=batch_first, dtype=dtype
        )
        self.linear1 = Linear(d_model, dim_feedforward, bias, dtype)
        self.dropout = Dropout(dropout)
        self.linear2 = Linear(dim_feedforward, d_model, bias, dtype)
        self.norm_first = norm_first
        self.norm1 = LayerNorm(d_model, layer_norm_eps, bias=bias, dtype=dtype)
        self.norm2 = LayerNorm(d_model, layer_norm_eps, bias=bias, dtype=dtype)
        self.dropout1, self.dropout2 = Dropout(dropout), Dropout(dropout)
        self.activation = _activation(activation)

    def _sa(self, x: Tensor, mask: Any, padding: Any, is_causal: bool) -> Tensor:
        y = self.self_attn(x, x, x, padding, False, mask, is_causal=is_causal)[0]
        return self.dropout1(y)

    def _ff(self, x: Tensor) -> Tensor:
        return self.dropout2(self.linear2(self.dropout(self.activation(self.linear1(x)))))

    def forward(self, src: Tensor, src_mask: Any = None, src_key_padding_mask: Any = None,
                is_causal: bool = False) -> Tensor:  # fmt: skip
        x = src
        if self.norm_first:
            x = x + self._sa(self.norm1(x), src_mask, src_key_padding_mask, is_causal)
            return x + self._ff(self.norm2(x))
        x = self.norm1(x + self._sa(x, src_mask, src_key_padding_mask, is_causal))
        return self.norm2(x + self._ff(x))


class TransformerDecoderLayer(Module):
    """Self-attention, attention over the encoder's ``memory``, then a feed-forward block;
    each with dropout, a residual and a LayerNorm (``norm1``..``norm3``), as PyTorch's.
    ``forward(tgt, memory, tgt_mask=None, memory_mask=None, tgt_key_padding_mask=None,
    memory_key_padding_mask=None, tgt_is_causal=False, memory_is_causal=False)``."""

    def __init__(self, d_model: int, nhead: int, dim_feedforward: int = 2048,
                 dropout: float = 0.1, activation: Any = "relu", layer_norm_eps: float = 1e-5,
                 batch_first: bool = False, norm_first: bool = False, bias: bool = True,
                 dtype: Any = None) -> None:  # fmt: skip
        super().__init__()
        kw = {"batch_first": batch_first, "dtype": dtype}
        self.self_attn = MultiheadAttention(d_model, nhead, dropout, bias, **kw)
        self.multihead_attn = MultiheadAttention(d_model, nhead, dropout, bias, **kw)
        self.linear1 = Linear(d_model, dim_feedforward, bias, dtype)
        self.dropout = Dropout(dropout)
        self.linear2 = Linear(dim_feedforward, d_model, bias, dtype)
        self.norm_first = norm_first
        self.norm1 = LayerNorm(d_model, layer_norm_eps, bias=bias, dtype=dtype)
        self.norm2 = LayerNorm(d_model, layer_norm_eps, bias=bias, dtype=dtype)
        self.norm3 = LayerNorm(d_model, layer_norm_eps, bias=bias, dtype=dtype)
        self.dropout1, self.dropout2, self.dropout3 = (Dropout(dropout) for _ in range(3))
        self.activation = _activation(activation)

    def forward(self, tgt: Tensor, memory: Tensor, tgt_mask: Any = None, memory_mask: Any = None,
                tgt_key_padding_mask: Any = None, memory_key_padding_mask: Any = None,
                tgt_is_causal: bool = False, memory_is_causal: bool = False) -> Tensor:  # fmt: skip
        def sa(x: Tensor) -> Tensor:
            y = self.self_attn(x, x, x, tgt_key_padding_mask, False, tgt_mask,
                               is_causal=tgt_is_causal)[0]  # fmt: skip
            return self.dropout1(y)

        def mha(x: Tensor) -> Tensor:
            y = self.multihead_attn(x, memory, memory, memory_key_padding_mask, False,
                                    memory_mask, is_causal=memory_is_causal)[0]  # fmt: skip
            return self.dropout2(y)

        def ff(x: Tensor) -> Tensor:
            return self.dropout3(self.linear2(self.dropout(self.activation(self.linear1(x)))))

        x = tgt
        if self.norm_first:
            x = x + sa(self.norm1(x))
            x = x + mha(self.norm2(x))
            return x + ff(self.norm3(x))
        x = self.norm1(x + sa(x))
        x = self.norm2(x + mha(x))
        return self.norm3(x + ff(x))


class TransformerEncoder(Module):
    """``num_layers`` copies of ``encoder_layer`` (``layers.0``, ...), then ``norm`` if given.
    ``forward(src, mask=None, src_key_padding_mask=None, is_causal=None)``."""

    def __init__(self, encoder_layer: TransformerEncoderLayer, num_layers: int,
                 norm: Module | None = None, enable_nested_tensor: bool = True,
                 mask_check: bool = True) -> None:  # fmt: skip
        super().__init__()
        self.layers = ModuleList([copy.deepcopy(encoder_layer) for _ in range(num_layers)])
        self.num_layers, self.norm = num_layers, norm

    def forward(self, src: Tensor, mask: Any = None, src_key_padding_mask: Any = None,
                is_causal: bool | None = None) -> Tensor:  # fmt: skip
        x = src
        for layer in self.layers:
            x = layer(x, mask, src_key_padding_mask, bool(is_causal))
        return x if self.norm is None else self.norm(x)


class TransformerDecoder(Module):
    """``num_layers`` copies of ``decoder_layer``, then ``norm`` if given; ``forward`` takes
    :class:`TransformerDecoderLayer`'s arguments."""

    def __init__(self, decoder_layer: TransformerDecoderLayer, num_layers: int,
                 norm: Module | None = None) -> None:  # fmt: skip
        super().__init__()
        self.layers = ModuleList([copy.deepcopy(decoder_layer) for _ in range(num_layers)])
        self.num_layers, self.norm = num_layers, norm

    def forward(self, tgt: Tensor, memory: Tensor, tgt_mask: Any = None, memory_mask: Any = None,
                tgt_key_padding_mask: Any = None, memory_key_padding_mask: Any = None,
                tgt_is_causal: bool | None = None, memory_is_causal: bool = False) -> Tensor:  # fmt: skip
        x = tgt
        for layer in self.layers:
            x = layer(x, memory, tgt_mask, memory_mask, tgt_key_padding_mask,
                      memory_key_padding_mask, bool(tgt_is_causal), memory_is_causal)  # fmt: skip
        return x if self.norm is None else self.norm(x)


class Transformer(Module):
    """The encoder-decoder of "Attention Is All You Need", as PyTorch's ``nn.Transformer``
    (``d_model=512, nhead=8, num_encoder_layers=6, num_decoder_layers=6,
    dim_feedforward=2048, dropout=0.1, activation='relu', custom_encoder=None,
    custom_decoder=None, layer_norm_eps=1e-5, batch_first=False, norm_first=False,
    bias=True``); every matrix parameter Xavier-uniform. ``forward(src, tgt, src_mask=None,
    tgt_mask=None, memory_mask=None, src_key_padding_mask=None, tgt_key_padding_mask=None,
    memory_key_padding_mask=None, src_is_causal=None, tgt_is_causal=None,
    memory_is_causal=False)``."""

    def __init__(self, d_model: int = 512, nhead: int = 8, num_encoder_layers: int = 6,
                 num_decoder_layers: int = 6, dim_feedforward: int = 2048, dropout: float = 0.1,
                 activation: Any = "relu", custom_encoder: Module | None = None,
                 custom_decoder: Module | None = None, layer_norm_eps: float = 1e-5,
                 batch_first: bool = False, norm_first: bool = False, bias: bool = True,
                 dtype: Any = None) -> None:  # fmt: skip
        super().__init__()
        args = (d_model, nhead, dim_feedforward, dropout, activation, layer_norm_eps,
                batch_first, norm_first, bias, dtype)  # fmt: skip
        norm = {"eps": layer_norm_eps, "bias": bias, "dtype": dtype}
        self.encoder = custom_encoder or TransformerEncoder(
            TransformerEncoderLayer(*args), num_encoder_layers, LayerNorm(d_model, **norm)
        )
        self.decoder = custom_decoder or TransformerDecoder(
            TransformerDecoderLayer(*args), num_decoder_layers, LayerNorm(d_model, **norm)
        )
        self.d_model, self.nhead, self.batch_first = d_model, nhead, batch_first
        for p in self.parameters():
            if p.ndim > 1:
                init.xavier_uniform_(p)

    def forward(self, src: Tensor, tgt: Tensor, src_mask: Any = None, tgt_mask: Any = None,
                memory_mask: Any = None, src_key_padding_mask: Any = None,
                tgt_key_padding_mask: Any = None, memory_key_padding_mask: Any = None,
                src_is_causal: bool | None = None, tgt_is_causal: bool | None = None,
                memory_is_causal: bool = False) -> Tensor:  # fmt: skip
        memory = self.encoder(src, src_mask, src_key_padding_mask, src_is_causal)
        return self.decoder(tgt, memory, tgt_mask, memory_mask, tgt_key_padding_mask,
                            memory_key_padding_mask, tgt_is_causal, memory_is_causal)  # fmt: skip

    @staticmethod
    def generate_square_subsequent_mask(sz: int, dtype: Any = None) -> Tensor:
        """``(sz, sz)`` float mask: 0 on and below the diagonal, ``-inf`` above."""
        return Tensor(_att.causal_bias(sz, sz, np.dtype(dtype or np.float32)))

