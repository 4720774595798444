"""Sliding windows, shared by convolution, pooling and adaptive pooling.

The argument rules (an int or one int per spatial dimension, positive strides, ...), the one
output-size formula (:func:`output_size`), the one padded size (:func:`padded_size`), the
geometry every windowed op carries (:class:`Windows`), padding, the strided window view (no
copy) that convolution's im2col copies, the one window reduction that pooling uses
(:func:`reduce_windows`) and its adjoint, the scatter-add of per-tap values back into the
padded input (:func:`add_windows`). A "tap" is one kernel position
``k = (k_1, ..., k_d)``; for a fixed tap, the input elements that tap touches across all
windows form one strided slice, so a loop over taps (``prod(kernel)`` iterations, never over
pixels or windows) turns a window operation into a few large vectorised NumPy calls.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
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


def check_bool(op: str, name: str, value: Any) -> None:
    """PyTorch's parser takes only bools for its flags."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{op}: {name} must be a bool, got {value!r}")


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


def padded_size(size: Ints, pad_lo: Ints, pad_hi: Ints) -> Ints:
    """The spatial size after padding: ``size + pad_lo + pad_hi`` per axis."""
    return tuple(s + a + b for s, a, b in zip(size, pad_lo, pad_hi))


def output_size(
    size: Ints,
    kernel: Ints,
    stride: Ints,
    pad_lo: Ints,
    pad_hi: Ints,
    dilation: Ints,
    ceil_mode: bool = False,
) -> Ints:
    """How many windows fit, per spatial axis: the source's ``W2 = (W1 − F + 2P)/S + 1``.

    With ``F`` the dilated extent ``dilation·(kernel − 1) + 1`` and ``2P = pad_lo + pad_hi``
    (unequal for ``padding='same'`` with an even kernel). The division floors; with
    ``ceil_mode`` it rounds up (a last, partial window), but as in PyTorch that last window
    must start inside the input or the leading padding. May return sizes ``<= 0``: callers
    raise with their own message.
    """
    out = []
    for n, e, s, lo, p in zip(
        size, effective_kernel(kernel, dilation), stride, pad_lo, padded_size(size, pad_lo, pad_hi)
    ):
        span = p - e
        o = (-(-span // s) if ceil_mode else span // s) + 1
        if ceil_mode and (o - 1) * s >= n + lo:
            o -= 1
        out.append(o)
    return tuple(out)


@dataclass(frozen=True)
class Windows:
    """The windows of one windowed op over the trailing spatial axes of its input.

    ``in_size``/``out_size`` are the spatial sizes of the input and of the window grid;
    ``pad_lo``/``pad_hi`` the padding actually used before/after each axis (``pad_hi`` also
    covers the partial windows ``ceil_mode`` adds).
    """

    in_size: Ints
    out_size: Ints
    kernel: Ints
    stride: Ints
    pad_lo: Ints
    pad_hi: Ints
    dilation: Ints

    @property
    def padded_size(self) -> Ints:
        return padded_size(self.in_size, self.pad_lo, self.pad_hi)

    @property
    def padded(self) -> bool:
        return any(self.pad_lo) or any(self.pad_hi)

    @property
    def tiles(self) -> bool:
        """The windows partition the input exactly (a reshape, no window views)."""
        return (
            self.stride == self.kernel
            and all(dl == 1 for dl in self.dilation)
            and not self.padded
            and all(o * k == s for o, k, s in zip(self.out_size, self.kernel, self.in_size))
        )

    @property
    def overlaps(self) -> bool:
        """Some input position may lie in two windows (scatters must accumulate)."""
        return any(s < e for s, e in zip(self.stride, effective_kernel(self.kernel, self.dilation)))

    def taps(self) -> Iterator[tuple[Ints, Any]]:
        """``(tap, index)`` pairs: ``x_padded[index]`` is what the tap reads in every window."""
        return tap_slices(self.kernel, self.stride, self.dilation, self.out_size)


def pad(x: np.ndarray, lo: Ints, hi: Ints, value: float = 0.0) -> np.ndarray:
    """``x`` with its trailing ``len(lo)`` axes padded by ``lo``/``hi`` elements of ``value``."""
    if not any(lo) and not any(hi):
        return x
    d = len(lo)
    spatial = x.shape[-d:]
    # ``full_like`` keeps ``x``'s memory layout (a batch-last input stays batch-last).
    out = np.full_like(
        x, value, shape=x.shape[:-d] + tuple(s + a + b for s, a, b in zip(spatial, lo, hi))
    )
    inner: tuple[Any, ...] = (..., *(slice(a, a + s) for a, s in zip(lo, spatial)))
    out[inner] = x
    return out


def crop(x: np.ndarray, lo: Ints, size: Ints) -> np.ndarray:
    """The inverse of :func:`pad`: the trailing axes sliced to ``[lo, lo + size)`` (a view)."""
    if not any(lo) and x.shape[-len(size) :] == tuple(size):
        return x
    kept: tuple[Any, ...] = (..., *(slice(a, a + s) for a, s in zip(lo, size)))
    return x[kept]


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


def reduce_windows(xp: np.ndarray, win: Windows, ufunc: np.ufunc) -> np.ndarray:
    """``ufunc.reduce`` over every window of the padded ``xp``: ``(*lead, *padded)`` ->
    ``(*lead, *out)``. The one window reduction (max pooling: ``np.maximum``; average
    pooling: ``np.add``).

    Separable, one spatial axis at a time, each axis one strided slice per tap along it: a
    ``k×k`` window costs ``2(k − 1)`` vectorised calls instead of ``k² − 1``, and the first
    pass already shrinks the array by the stride (both ufuncs are associative, so the result
    is the same; for ``np.add`` up to rounding).
    """
    d = len(win.kernel)
    for axis, (k, st, dl, o) in enumerate(zip(win.kernel, win.stride, win.dilation, win.out_size)):
        index: list[Any] = [slice(None)] * xp.ndim
        taps = []
        for i in range(k):
            index[xp.ndim - d + axis] = slice(i * dl, i * dl + st * (o - 1) + 1, st)
            taps.append(xp[tuple(index)])
        # The first call allocates the result (in the input's memory layout), the rest
        # accumulate into it.
        out = ufunc(taps[0], taps[1]) if k > 1 else taps[0].copy(order="K")
        for t in taps[2:]:
            ufunc(out, t, out=out)
        xp = out
    return xp


def spread_windows(g: np.ndarray, win: Windows) -> np.ndarray:
    """The adjoint of ``reduce_windows(·, win, np.add)``: ``(*lead, *out)`` ->
    ``(*lead, *padded)``, every padded position the sum of ``g`` over the windows containing it.

    Separable like the reduction, its axes in reverse order, one strided add per tap along
    each axis: a ``k×k`` window costs ``2k`` adds, and only the first axis's (the last
    spatial one) have strided inner loops, where :func:`add_windows` makes ``k²`` of them
    (average pooling's backward, 3x3/2 on 64×32×28²: 7.5 → 6.1 ms, 1 thread).
    """
    d = len(win.kernel)
    lead = g.shape[: g.ndim - d]
    sizes = list(win.out_size)
    for axis in reversed(range(d)):
        sizes[axis] = win.padded_size[axis]
        buf = np.zeros_like(g, shape=(*lead, *sizes))
        index: list[Any] = [slice(None)] * buf.ndim
        k, st, dl, o = win.kernel[axis], win.stride[axis], win.dilation[axis], win.out_size[axis]
        for i in range(k):
            index[len(lead) + axis] = slice(i * dl, i * dl + st * (o - 1) + 1, st)
            buf[tuple(index)] += g
        g = buf
    return g


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
