"""The three faces of a convolution in NumPy, on batched arrays: im2col and one GEMM for
``conv``, one GEMM and col2im for its input gradient, one GEMM on the im2col matrix for its
weight gradient. :mod:`minigrad.ops.conv` wraps them as differentiable primitives.

The faces take arrays of any memory layout and return theirs batch-last
(:func:`._layout.batch_last`); large layers run in bands of output rows (:func:`bands`)."""

from __future__ import annotations

import math
import threading
from typing import TYPE_CHECKING, Any

import numpy as np

from ._layout import batch_last, batch_to_end, batch_to_front
from ._windows import add_windows, crop, pad, window_view

if TYPE_CHECKING:
    from .conv import ConvGeometry


def _rows(gy: np.ndarray, geo: ConvGeometry, band: slice) -> np.ndarray:
    """A batch-last ``(N, Co, *out)`` -> ``(groups, Co/groups, ·)``: the output rows ``band``
    as GEMM rows, columns in im2col's ``(*out, N)`` order (a view)."""
    rows = gy.shape[1] // geo.groups
    return batch_to_end(gy)[:, band].reshape(geo.groups, rows, -1)


def receptive_fields(x: np.ndarray, geo: ConvGeometry) -> np.ndarray:
    """The ``(N, C, *kernel, *out)`` window view (no copy) of ``x`` padded and batch-last."""
    xp = pad(batch_last(x), geo.pad_lo, geo.pad_hi)
    return window_view(xp, geo.kernel, geo.stride, geo.dilation, geo.out_size)


def im2col(fields: np.ndarray, band: slice = slice(None)) -> np.ndarray:
    """The ``(C·prod(kernel), rows·prod(out[1:])·N)`` matrix of the receptive fields of the
    output rows ``band`` (along the first spatial axis), one copy.

    Rows ordered ``(C, *kernel)`` like the flattened weight, columns ``(*out, N)``: from
    batch-last fields each row is a few long contiguous runs.
    """
    d = (fields.ndim - 2) // 2
    fields = fields[(slice(None),) * (2 + d) + (band,)]
    order = (1, *range(2, 2 + 2 * d), 0)
    return fields.transpose(order).reshape(math.prod(fields.shape[1 : 2 + d]), -1)


_scratch = threading.local()


def workspace(shape: tuple[int, ...], dtype: np.dtype) -> np.ndarray:
    """A per-thread scratch array for the input gradient's ``Wᵀ·dy`` matrix, reused across
    calls: a fresh k^d-times-the-input array costs thousands of page faults each time (about
    10% of a mid-sized conv's forward+backward). It holds the largest such matrix seen, like a
    GPU library's workspace."""
    nbytes = math.prod(shape) * np.dtype(dtype).itemsize
    buf = getattr(_scratch, "buf", None)
    if buf is None or buf.size < nbytes:
        buf = _scratch.buf = np.empty(nbytes, np.uint8)
    return buf[:nbytes].view(dtype).reshape(shape)


def correlate(
    x: np.ndarray, w: np.ndarray, geo: ConvGeometry
) -> tuple[np.ndarray, np.ndarray | None]:
    """``conv(x, w)``, ``(N, Co, *out)`` laid out batch-last (a free view of the GEMM's
    output), and the im2col matrix it used (None when made in bands, see :func:`bands`)."""
    G, (Co, K), N = geo.groups, w.reshape(w.shape[0], -1).shape, x.shape[0]
    fields, parts = receptive_fields(x, geo), bands(N, K * G, geo)
    wg = w.reshape(G, Co // G, K)
    if len(parts) == 1:
        cols = im2col(fields)
        y = np.matmul(wg, cols.reshape(G, K, -1)).reshape(Co, *geo.out_size, N)
        return batch_to_front(y), cols
    y = np.empty((Co, *geo.out_size, N), np.result_type(x, w))
    for band in parts:
        part = np.matmul(wg, im2col(fields, band).reshape(G, K, -1))
        y[:, band] = part.reshape(Co, -1, *geo.out_size[1:], N)
    return batch_to_front(y), None


def correlate_input_grad(gy: np.ndarray, w: np.ndarray, geo: ConvGeometry) -> np.ndarray:
    """``(N, Co, *out)`` -> ``(N, C, *in)`` laid out batch-last: one GEMM ``Wᵀ·dy``, then
    col2im, one strided add per tap (any stride), in bands of output rows (:func:`bands`)."""
    G, Co, N, C = geo.groups, w.shape[0], gy.shape[0], w.shape[1] * geo.groups
    wt, gy = w.reshape(G, Co // G, -1).transpose(0, 2, 1), batch_last(gy)
    buf = batch_to_front(np.zeros((C, *geo.padded_size, N), np.result_type(gy, w)))
    for band in bands(N, C * math.prod(geo.kernel), geo):
        start, stop, _ = band.indices(geo.out_size[0])
        out = (stop - start, *geo.out_size[1:])
        rows = _rows(gy, geo, band)
        # Into the reused workspace (see :func:`workspace`).
        shape, dtype = (G, wt.shape[1], rows.shape[2]), np.result_type(wt, rows)
        dcols = np.matmul(wt, rows, out=workspace(shape, dtype)).reshape(C, *geo.kernel, *out, N)
        dcols = batch_to_front(dcols)
        # The band's windows start at input row ``start · stride`` of the padded gradient.
        rows_from: tuple[Any, ...] = (..., slice(start * geo.stride[0], None))
        rows_from += (slice(None),) * (len(out) - 1)

        def tap(k: tuple[int, ...], dcols: np.ndarray = dcols) -> np.ndarray:
            at: tuple[Any, ...] = (slice(None), slice(None), *k)
            return dcols[at]

        add_windows(buf[rows_from], tap, geo.kernel, geo.stride, geo.dilation, out)
    return crop(buf, geo.pad_lo, geo.in_size)


def correlate_weight_grad(
    x: np.ndarray, gy: np.ndarray, geo: ConvGeometry, cols: np.ndarray | None
) -> np.ndarray:
    """``(N, C, *in), (N, Co, *out)`` -> ``(Co, C/groups, *kernel)``: one GEMM ``dy·colsᵀ``
    (per band of output rows, summed, when ``cols`` was not kept)."""
    G, Co, C = geo.groups, gy.shape[1], x.shape[1]
    gy = batch_last(gy)
    if cols is not None:
        pieces: Any = [(cols, slice(None))]
    else:  # one band's matrix at a time (a generator: each is freed before the next)
        fields = receptive_fields(x, geo)
        pieces = ((im2col(fields, b), b) for b in bands(len(x), C * math.prod(geo.kernel), geo))
    # ``(cols·dyᵀ)ᵀ`` rather than ``dy·colsᵀ``: on a busy 2-core machine OpenBLAS ran the
    # latter (long inner dimension, transposed right operand) up to 8x slower.
    dw_t = sum(
        np.matmul(c.reshape(G, c.shape[0] // G, -1), _rows(gy, geo, b).transpose(0, 2, 1))
        for c, b in pieces
    )
    return dw_t.transpose(0, 2, 1).reshape(Co, C // G, *geo.kernel)


WHOLE_ELEMENTS = 4 * 2**20
BAND_ELEMENTS = 2 * 2**20


def bands(n: int, rows: int, geo: ConvGeometry) -> list[slice]:
    """The rule for large layers: the whole im2col matrix (``rows = C·prod(kernel)`` rows, one
    column per output position) as one band ``slice(None)`` up to ``WHOLE_ELEMENTS`` (16 MiB
    in float32), so the weight gradient reuses the forward's; past that, the output rows (the
    first spatial axis) in bands of at most ``BAND_ELEMENTS`` (8 MiB; at least one row a band).

    Each face then runs per band: the same GEMMs, a bounded temporary (the whole matrix is
    ``prod(kernel)`` times the input: 72 MiB for the benchmarks' conv (c)), and the weight
    gradient rebuilds each band's matrix. Bands, unlike chunks of the batch, keep the
    batch-last columns contiguous and bound a single large image too. Measured at 2 threads:
    conv (b)'s 14 MiB matrix whole, fwd+bwd 20.9 ms, in two bands 27.4 ms; conv (c) peak RSS
    growth with 8 MiB bands 32 MiB, with 16 MiB bands 57 MiB (PyTorch: 37).
    """
    per_row = rows * math.prod(geo.out_size[1:]) * n
    total = geo.out_size[0]
    if per_row * total <= WHOLE_ELEMENTS:
        return [slice(None)]
    step = max(1, BAND_ELEMENTS // max(1, per_row))
    return [slice(i, min(total, i + step)) for i in range(0, total, step)]
