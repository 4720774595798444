"""Sliding windows, shared by convolution and pooling.

The argument rules (an int or one int per spatial dimension, positive strides, ...), the
output-size formulas, padding, the strided window view (no copy) and its adjoint, the
scatter-add of per-tap values back into the padded input. A "tap" is one kernel position
``k = (k_1, ..., k_d)``; for a fixed tap, the input elements that tap touches across all
windows form one strided slice, so a loop over taps (``prod(kernel)`` iterations, never over
pixels or windows) turns a window operation into a few large vectorised NumPy calls.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
from numpy.lib.stride_tricks import as_strided

from ..tensor import Tensor

Ints = tuple[int, ...]


def _is_int(v: Any) -> bool:
    return isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_))


def ntuple(op: str, name: str, value: Any, d: int) -> Ints:
    """``value`` as one int per spatial dimension (an int, or a sequence of 1 or ``d`` ints)."""
    if _is_int(value):
        return (int(value),) * d
    if isinstance(value, (tuple, list)) and len(value) in (1, d) and all(map(_is_int, value)):
        return tuple(int(v) for v in value) * (d if len(value) == 1 else 1)
    raise TypeError(f"{op}: {name} must be an int or a tuple of {d} ints, got {value!r}")


def check_positive(op: str, name: str, values: Ints) -> None:
    if any(v <= 0 for v in values):
        raise ValueError(f"{op}: {name} must be positive, got {values}")


def check_non_negative(op: str, name: str, values: Ints) -> None:
    if any(v < 0 for v in values):
        raise ValueError(f"{op}: {name} must be non-negative, got {values}")


def check_float_tensor(op: str, name: str, t: Any) -> None:
    if not isinstance(t, Tensor):
        raise TypeError(f"{op}: {name} must be a Tensor, got {type(t).__name__}")
    if t.dtype.kind != "f":
        raise TypeError(f"{op}: {name} must be a floating-point tensor, got dtype {t.dtype}")


def check_input_rank(op: str, x: Tensor, d: int, name: str = "input") -> bool:
    """Whether ``x`` is batched ``(N, C, *spatial)``; raises unless it is ``(C, *spatial)``."""
    if x.ndim not in (d + 1, d + 2):
        raise ValueError(
            f"{op}: expected {name} of rank {d + 2} (N, C, *spatial) or {d + 1} (C, *spatial), "
            f"got shape {x.shape}"
        )
    return x.ndim == d + 2


def effective_kernel(kernel: Ints, dilation: Ints) -> Ints:
    """The extent one window spans in the input: ``dilation * (kernel - 1) + 1``."""
    return tuple(dl * (k - 1) + 1 for k, dl in zip(kernel, dilation))


def pad(x: np.ndarray, lo: Ints, hi: Ints, value: float = 0.0) -> np.ndarray:
    """``x`` with its trailing ``len(lo)`` axes padded by ``lo``/``hi`` elements of ``value``."""
    if not any(lo) and not any(hi):
        return x
    d = len(lo)
    spatial = x.shape[-d:]
    out = np.full(
        x.shape[:-d] + tuple(s + a + b for s, a, b in zip(spatial, lo, hi)), value, x.dtype
    )
    out[(..., *(slice(a, a + s) for a, s in zip(lo, spatial)))] = x
    return out


def crop(x: np.ndarray, lo: Ints, size: Ints) -> np.ndarray:
    """The inverse of :func:`pad`: the trailing axes sliced to ``[lo, lo + size)`` (a view)."""
    if not any(lo) and x.shape[-len(size) :] == tuple(size):
        return x
    return x[(..., *(slice(a, a + s) for a, s in zip(lo, size)))]


def window_view(
    xp: np.ndarray, kernel: Ints, stride: Ints, dilation: Ints, out: Ints
) -> np.ndarray:
    """A read-only view of shape ``(*lead, *kernel, *out)`` of the windows of ``xp``.

    ``view[..., k, o] = xp[..., o * stride + k * dilation]`` per spatial dimension: the
    im2col matrix before its one copy. ``xp`` must already be padded.
    """
    d = len(kernel)
    lead, strides = xp.shape[:-d], xp.strides[-d:]
    return as_strided(
        xp,
        shape=(*lead, *kernel, *out),
        strides=(
            *xp.strides[:-d],
            *(s * dl for s, dl in zip(strides, dilation)),
            *(s * st for s, st in zip(strides, stride)),
        ),
        writeable=False,
    )


def tap_slices(kernel: Ints, stride: Ints, dilation: Ints, out: Ints) -> Iterator[tuple[Ints, Any]]:
    """For each tap ``k``: ``(k, index)`` where ``xp[index]`` is the ``(*lead, *out)`` strided
    slice of the padded input that tap ``k`` reads across all windows."""
    for k in np.ndindex(*kernel):
        yield (
            k,
            (
                Ellipsis,
                *(
                    slice(ki * dl, ki * dl + st * (o - 1) + 1, st)
                    for ki, dl, st, o in zip(k, dilation, stride, out)
                ),
            ),
        )


def add_windows(
    buf: np.ndarray,
    tap_value: Callable[[Ints], np.ndarray],
    kernel: Ints,
    stride: Ints,
    dilation: Ints,
    out: Ints,
) -> np.ndarray:
    """The adjoint of :func:`window_view`: ``buf[..., o * stride + k * dilation] +=
    tap_value(k)[..., o]`` for every tap ``k`` (overlapping windows accumulate). Returns ``buf``.

    ``tap_value(k)`` has shape ``(*lead, *out)`` (or broadcasts to it). One vectorised add per
    tap: the "col2im" scatter.
    """
    for k, index in tap_slices(kernel, stride, dilation, out):
        buf[index] += tap_value(k)
    return buf
