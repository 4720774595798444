"""Resampling and patch ops: ``unfold``/``fold`` (im2col and its adjoint), ``pixel_shuffle``/
``pixel_unshuffle``, and ``interpolate`` (``nearest``, ``nearest-exact``, ``linear``,
``bilinear``, ``bicubic``, ``trilinear``, ``area``), as PyTorch's ``nn.functional`` has them.

None is a new primitive. ``unfold`` is :func:`~minigrad.ops.rearrange.rearrange` through an
index map of the sliding windows (``-1`` in the padding), ``fold`` is its adjoint, the
:class:`~minigrad.ops.rearrange.Scatter` of the same map (overlaps add up), so each is the
other's VJP. The pixel shuffles are reshapes and a permutation. ``interpolate`` is separable:
along each spatial axis it gathers the source rows (``index_select``) and mixes the two
neighbours with the linear weights (four, with the cubic ones), so every order of gradient
flows through Tensor ops.
"""

# PyTorch's argument name ``input`` shadows a builtin on purpose.
# ruff: noqa: A002

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..tensor import Tensor
from . import adaptive_pool as _adaptive
from ._shape_args import tensor_arg
from ._windows import output_size
from .indexing import index_select
from .rearrange import Scatter, rearrange

__all__ = ["fold", "interpolate", "pixel_shuffle", "pixel_unshuffle", "unfold"]


def _pair(op: str, name: str, v: Any, minimum: int) -> tuple[int, int]:
    pair = (v, v) if isinstance(v, int) else tuple(v)
    if len(pair) != 2 or not all(isinstance(p, int) and p >= minimum for p in pair):
        raise ValueError(f"{op}: {name} must be an int >= {minimum} or a pair of them, got {v!r}")
    return pair[0], pair[1]


def _window_index(
    op: str, shape: tuple[int, ...], kernel: Any, dilation: Any, padding: Any, stride: Any
) -> np.ndarray:
    """For ``(N, C, H, W)``: the flat positions ``(N, C·kh·kw, L)`` each column of the
    unfolded matrix reads (``-1`` where the window overlaps the zero padding)."""
    (kh, kw), (dh, dw) = _pair(op, "kernel_size", kernel, 1), _pair(op, "dilation", dilation, 1)
    (ph, pw), (sh, sw) = _pair(op, "padding", padding, 0), _pair(op, "stride", stride, 1)
    n, c, h, w = shape
    oh, ow = output_size((h, w), (kh, kw), (sh, sw), (ph, pw), (ph, pw), (dh, dw))
    if oh <= 0 or ow <= 0:
        raise ValueError(
            f"{op}: the kernel {kh}x{kw} (dilation {dh}x{dw}) does not fit the padded "
            f"{h + 2 * ph}x{w + 2 * pw} input of shape {shape}"
        )
    pos = np.pad(np.arange(n * c * h * w).reshape(shape), ((0, 0), (0, 0), (ph, ph), (pw, pw)),
                 constant_values=-1)  # fmt: skip
    rows = (np.arange(kh) * dh)[:, None] + (np.arange(oh) * sh)[None, :]  # (kh, oh)
    cols = (np.arange(kw) * dw)[:, None] + (np.arange(ow) * sw)[None, :]  # (kw, ow)
    win = pos[:, :, rows[:, None, :, None], cols[None, :, None, :]]  # (N, C, kh, kw, oh, ow)
    return win.reshape(n, c * kh * kw, oh * ow)


def unfold(
    input: Tensor, kernel_size: Any, dilation: Any = 1, padding: Any = 0, stride: Any = 1
) -> Tensor:
    """Sliding local blocks (im2col): ``(N, C, H, W)`` → ``(N, C·kh·kw, L)``, ``L`` the
    number of window positions; a ``(C, H, W)`` input gives ``(C·kh·kw, L)``."""
    x = tensor_arg("unfold", input)
    if x.ndim not in (3, 4):
        raise ValueError(f"unfold: input must be (N, C, H, W) or (C, H, W), got {x.shape}")
    batched = x if x.ndim == 4 else x.unsqueeze(0)
    index = _window_index("unfold", batched.shape, kernel_size, dilation, padding, stride)
    out = rearrange(batched, index)
    return out if x.ndim == 4 else out.squeeze(0)


def fold(
    input: Tensor,
    output_size: Any,
    kernel_size: Any,
    dilation: Any = 1,
    padding: Any = 0,
    stride: Any = 1,
) -> Tensor:
    """The adjoint of :func:`unfold` (col2im): ``(N, C·kh·kw, L)`` → ``(N, C, H, W)`` with
    ``(H, W) = output_size``, overlapping blocks summed; ``(C·kh·kw, L)`` gives ``(C, H, W)``."""
    x = tensor_arg("fold", input)
    if x.ndim not in (2, 3):
        raise ValueError(f"fold: input must be (N, C*kh*kw, L) or (C*kh*kw, L), got {x.shape}")
    batched = x if x.ndim == 3 else x.unsqueeze(0)
    (kh, kw), (h, w) = (
        _pair("fold", "kernel_size", kernel_size, 1),
        _pair("fold", "output_size", output_size, 1),
    )
    n, ckk, blocks = batched.shape
    if ckk % (kh * kw):
        raise ValueError(
            f"fold: input's dimension 1 ({ckk}) must be divisible by kernel_size's product "
            f"{kh * kw}"
        )
    shape = (n, ckk // (kh * kw), h, w)
    index = _window_index("fold", shape, kernel_size, dilation, padding, stride)
    if index.shape[-1] != blocks:
        raise ValueError(
            f"fold: input has {blocks} blocks, but output_size {(h, w)} with these kernel, "
            f"dilation, padding and stride makes {index.shape[-1]}"
        )
    out = Scatter.apply(batched, index=index, shape=shape)
    return out if x.ndim == 3 else out.squeeze(0)


def pixel_shuffle(input: Tensor, upscale_factor: int) -> Tensor:
    """``(*, C·r², H, W)`` → ``(*, C, H·r, W·r)``: each group of ``r²`` channels becomes an
    ``r × r`` block of pixels."""
    x, r = tensor_arg("pixel_shuffle", input), upscale_factor
    if not isinstance(r, int) or r < 1:
        raise ValueError(f"pixel_shuffle: upscale_factor must be a positive int, got {r!r}")
    if x.ndim < 3 or x.shape[-3] % (r * r):
        raise ValueError(
            f"pixel_shuffle: input must be (*, C*r^2, H, W) with r={r}, got shape {x.shape}"
        )
    *lead, c, h, w = x.shape
    k = len(lead)
    y = x.reshape(*lead, c // (r * r), r, r, h, w)
    y = y.permute(*range(k), k, k + 3, k + 1, k + 4, k + 2)
    return y.reshape(*lead, c // (r * r), h * r, w * r)


def pixel_unshuffle(input: Tensor, downscale_factor: int) -> Tensor:
    """``(*, C, H·r, W·r)`` → ``(*, C·r², H, W)``, the inverse of :func:`pixel_shuffle`."""
    x, r = tensor_arg("pixel_unshuffle", input), downscale_factor
    if not isinstance(r, int) or r < 1:
        raise ValueError(f"pixel_unshuffle: downscale_factor must be a positive int, got {r!r}")
    if x.ndim < 3 or x.shape[-1] % r or x.shape[-2] % r:
        raise ValueError(
            f"pixel_unshuffle: input must be (*, C, H*r, W*r) with r={r}, got shape {x.shape}"
        )
    *lead, c, h, w = x.shape
    k = len(lead)
    y = x.reshape(*lead, c, h // r, r, w // r, r)
    y = y.permute(*range(k), k, k + 2, k + 4, k + 1, k + 3)
    return y.reshape(*lead, c * r * r, h // r, w // r)


_MODES = {
    "nearest": 1, "nearest-exact": 1, "linear": 1, "bilinear": 2, "bicubic": 2, "trilinear": 3,
}  # fmt: skip
_CUBIC_A = -0.75  # PyTorch's (and OpenCV's) cubic convolution coefficient


def _cubic_weights(t: np.ndarray) -> list[np.ndarray]:
    """Keys' cubic convolution weights of the taps at offsets -1, 0, 1, 2 from ``floor``."""
    a = _CUBIC_A

    def near(d: np.ndarray) -> np.ndarray:  # |d| <= 1
        return ((a + 2) * d - (a + 3)) * d * d + 1

    def far(d: np.ndarray) -> np.ndarray:  # 1 < |d| < 2
        return ((a * d - 5 * a) * d + 8 * a) * d - 4 * a

    return [far(t + 1), near(t), near(1 - t), far(2 - t)]


def _sizes(input: Tensor, size: Any, scale_factor: Any, recompute: Any) -> tuple[list, list]:
    """The output sizes and the source-per-output scales, as PyTorch computes them."""
    spatial = input.shape[2:]
    d = len(spatial)
    if (size is None) == (scale_factor is None):
        raise ValueError("interpolate: give exactly one of size and scale_factor")
    if size is not None:
        out = [size] * d if isinstance(size, int) else list(size)
        if len(out) != d:
            raise ValueError(f"interpolate: size {size!r} must have {d} entries for {input.shape}")
        return out, [i / o for i, o in zip(spatial, out)]
    factors = [scale_factor] * d if isinstance(scale_factor, (int, float)) else list(scale_factor)
    if len(factors) != d or any(f <= 0 for f in factors):
        raise ValueError(f"interpolate: scale_factor {scale_factor!r} must be {d} positive numbers")
    out = [math.floor(i * f) for i, f in zip(spatial, factors)]
    scales = [i / o for i, o in zip(spatial, out)] if recompute else [1 / f for f in factors]
    return out, scales


def _resample_axis(x: Tensor, axis: int, out: int, scale: float, mode: str, align: bool) -> Tensor:
    n_in = x.shape[axis]
    dst = np.arange(out, dtype=np.float64)
    if mode in ("nearest", "nearest-exact"):
        shift = 0.5 if mode == "nearest-exact" else 0.0
        src = np.minimum(np.floor((dst + shift) * scale).astype(np.int64), n_in - 1)
        return index_select(x, axis, Tensor(src))
    if align:
        pos = dst * ((n_in - 1) / (out - 1)) if out > 1 else np.zeros_like(dst)
    else:
        pos = (dst + 0.5) * scale - 0.5
    shape = [1] * x.ndim
    shape[axis] = out
    if mode == "bicubic":  # four taps, clamped at the borders; the source is not clamped
        base = np.floor(pos).astype(np.int64)
        weights = _cubic_weights(pos - base)
        taps = [
            index_select(x, axis, Tensor(np.clip(base + k, 0, n_in - 1)))
            * w.astype(x.dtype).reshape(shape)
            for k, w in zip(range(-1, 3), weights)
        ]
        return taps[0] + taps[1] + taps[2] + taps[3]
    pos = np.maximum(pos, 0.0) if not align else pos
    lo = np.minimum(np.floor(pos).astype(np.int64), n_in - 1)
    hi = np.minimum(lo + 1, n_in - 1)
    lam = (pos - lo).astype(x.dtype).reshape(shape)
    return index_select(x, axis, Tensor(lo)) * (1 - lam) + index_select(x, axis, Tensor(hi)) * lam


def interpolate(
    input: Tensor,
    size: Any = None,
    scale_factor: Any = None,
    mode: str = "nearest",
    align_corners: bool | None = None,
    recompute_scale_factor: bool | None = None,
    antialias: bool = False,
) -> Tensor:
    """Resize ``(N, C, *spatial)`` to ``size`` or by ``scale_factor``, as PyTorch's
    ``interpolate``: ``mode`` ``"nearest"`` (source ``floor(dst · scale)``),
    ``"nearest-exact"``, ``"linear"`` (3-D input), ``"bilinear"`` and ``"bicubic"`` (4-D),
    ``"trilinear"`` (5-D) — with ``align_corners`` mapping the corner pixels' centres onto
    each other (True) or the corners' edges (False, the default) — or ``"area"`` (adaptive
    average pooling)."""
    x = tensor_arg("interpolate", input)
    if x.ndim not in (3, 4, 5):
        raise ValueError(f"interpolate: input must be 3-D, 4-D or 5-D (N, C, ...), got {x.shape}")
    if mode not in (*_MODES, "area"):
        raise ValueError(
            f"interpolate: mode {mode!r} is not supported; use one of {[*_MODES, 'area']}"
        )
    linear = mode in ("linear", "bilinear", "bicubic", "trilinear")
    if linear and _MODES[mode] != x.ndim - 2:
        want = _MODES[mode] + 2
        raise ValueError(f"interpolate: mode {mode!r} needs a {want}-D input, got {x.shape}")
    if align_corners is not None and not linear:
        raise ValueError(f"interpolate: align_corners is only for the linear modes, not {mode!r}")
    if antialias:
        raise ValueError("interpolate: antialias=True is not supported")
    out, scales = _sizes(x, size, scale_factor, recompute_scale_factor)
    if mode == "area":
        pool = [_adaptive.adaptive_avg_pool1d, _adaptive.adaptive_avg_pool2d,
                _adaptive.adaptive_avg_pool3d][x.ndim - 3]  # fmt: skip
        return pool(x, tuple(out))
    for axis, (o, s) in enumerate(zip(out, scales), start=2):
        x = _resample_axis(x, axis, o, s, mode, bool(align_corners))
    return x
