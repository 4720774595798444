"""The three faces of a convolution in NumPy, on batched arrays: im2col and one GEMM for
``conv``, one GEMM and col2im for its input gradient, one GEMM on the im2col matrix for its
weight gradient. :mod:`minigrad.ops.conv` wraps them as differentiable primitives."""

from __future__ import annotations

import math
import threading
from typing import TYPE_CHECKING, Any

import numpy as np

from ._windows import add_windows, crop, pad, window_view

if TYPE_CHECKING:
    from .conv import ConvGeometry


def im2col(x: np.ndarray, geo: ConvGeometry) -> np.ndarray:
    """``(N, C, *S)`` -> the ``(C·prod(kernel), N·prod(out))`` matrix of receptive fields.

    Rows ordered ``(C, *kernel)`` like the flattened weight; columns ``(N, *out)``, so each
    row is a run of contiguous output positions: copying the window view in this order was
    2-4x faster than ``(N, *out, C, *kernel)``, and weights-first GEMMs are faster.
    """
    d = len(geo.kernel)
    view = window_view(
        pad(x, geo.pad_lo, geo.pad_hi), geo.kernel, geo.stride, geo.dilation, geo.out_size
    )
    order = (1, *range(2, 2 + d), 0, *range(2 + d, 2 + 2 * d))
    rows = x.shape[1] * math.prod(geo.kernel)
    return view.transpose(order).reshape(rows, x.shape[0] * math.prod(geo.out_size))


def grouped_rows(y: np.ndarray, geo: ConvGeometry) -> np.ndarray:
    """``(N, Co, *out)`` -> ``(groups, Co/groups, N·prod(out))`` (a copy unless ``y`` is
    already channels-first in memory, as the forward's output and its gradients are)."""
    rows = y.shape[1] // geo.groups
    return y.swapaxes(0, 1).reshape(geo.groups, rows, len(y) * math.prod(geo.out_size))


def channels_first(y: np.ndarray) -> np.ndarray:
    """``y`` with the same shape and values, laid out ``(C, N, ...)`` in memory."""
    yt = y.swapaxes(0, 1)
    return (yt if yt.flags.c_contiguous else np.ascontiguousarray(yt)).swapaxes(0, 1)


_scratch = threading.local()


def workspace(shape: tuple[int, ...], dtype: np.dtype) -> np.ndarray:
    """A per-thread scratch array for the input gradient's ``Wᵀ·dy`` matrix, reused across
    calls: a fresh k^d-times-the-input array costs thousands of page faults each time (about
    10% of a mid-sized conv's forward+backward). It holds the largest such matrix seen, like a GPU
    library's workspace."""
    nbytes = math.prod(shape) * np.dtype(dtype).itemsize
    buf = getattr(_scratch, "buf", None)
    if buf is None or buf.size < nbytes:
        buf = _scratch.buf = np.empty(nbytes, np.uint8)
    return buf[:nbytes].view(dtype).reshape(shape)


def correlate(
    x: np.ndarray, w: np.ndarray, geo: ConvGeometry
) -> tuple[np.ndarray, np.ndarray | None]:
    """``conv(x, w)`` as ``(Co, N, *out)`` (channels first: a free transpose from the GEMM),
    and the im2col matrix it used (None when done in batch chunks, see :func:`batch_chunks`)."""
    chunks = batch_chunks(x.shape, w.shape[1] * geo.groups, geo)
    if chunks:
        y = np.empty((w.shape[0], x.shape[0], *geo.out_size), np.result_type(x, w))
        for part in chunks:
            y[:, part] = correlate(x[part], w, geo)[0]
        return y, None
    G, Co = geo.groups, w.shape[0]
    cols = im2col(x, geo)
    y = np.matmul(w.reshape(G, Co // G, -1), cols.reshape(G, cols.shape[0] // G, cols.shape[1]))
    return y.reshape(Co, x.shape[0], *geo.out_size), cols


def correlate_input_grad(gy: np.ndarray, w: np.ndarray, geo: ConvGeometry) -> np.ndarray:
    """``(N, Co, *out)`` -> ``(N, C, *in)``: one GEMM ``Wᵀ·dy``, then col2im.

    The rule: stride 1 takes :func:`correlate_input_grad_flat` (long contiguous adds), other
    strides the simple :func:`correlate_input_grad_taps`; both the same sums. A large batch
    goes in chunks (:func:`batch_chunks`).
    """
    chunks = batch_chunks(gy.shape, w.shape[1] * geo.groups, geo)
    if chunks:
        dx = np.empty((gy.shape[0], w.shape[1] * geo.groups, *geo.in_size), np.result_type(gy, w))
        for part in chunks:
            dx[part] = correlate_input_grad(gy[part], w, geo)
        return dx
    if all(s == 1 for s in geo.stride):
        return correlate_input_grad_flat(gy, w, geo)
    return correlate_input_grad_taps(gy, w, geo)


def correlate_input_grad_taps(gy: np.ndarray, w: np.ndarray, geo: ConvGeometry) -> np.ndarray:
    """The input gradient by plain col2im: one strided add per tap (any stride)."""
    N, C = gy.shape[0], w.shape[1] * geo.groups
    dcols = _transposed_gemm(grouped_rows(gy, geo), w, geo).reshape(
        C, *geo.kernel, N, *geo.out_size
    )
    buf = np.zeros((C, N, *geo.padded_size), dcols.dtype)

    def tap(k: tuple[int, ...]) -> np.ndarray:
        at: tuple[Any, ...] = (slice(None), *k)
        return dcols[at]

    add_windows(
        buf,
        tap,
        geo.kernel,
        geo.stride,
        geo.dilation,
        geo.out_size,
    )
    return crop(buf, geo.pad_lo, geo.in_size).swapaxes(0, 1)


def _transposed_gemm(rows: np.ndarray, w: np.ndarray, geo: ConvGeometry) -> np.ndarray:
    """``Wᵀ·rows`` per group, ``(G, Co/G, M)`` -> ``(G, C/G·prod(kernel), M)``, into the
    reused workspace."""
    G, Co = geo.groups, w.shape[0]
    wt = w.reshape(G, Co // G, -1).transpose(0, 2, 1)
    shape = (G, wt.shape[1], rows.shape[2])
    return np.matmul(wt, rows, out=workspace(shape, np.result_type(wt, rows)))


def correlate_input_grad_flat(gy: np.ndarray, w: np.ndarray, geo: ConvGeometry) -> np.ndarray:
    """The input gradient for stride 1 by "flat col2im": the same sums as the tap loop of
    :func:`correlate_input_grad`, in ``prod(kernel)`` long contiguous adds.

    ``dy`` is first laid on the padded grid of every spatial axis but the first (zeros
    beyond the output); then, in the flattened padded input, the positions one tap reaches
    from all windows form a single contiguous run starting at that tap's offset, and the
    GEMM's rows for the tap are exactly that run. Adding zeros where the runs spill past a
    row edge changes nothing. The inner loops are ``out_1·prod(padded_2..d)`` long instead
    of ``out_d`` (8 for a 5x5 kernel on 12x12): 25-40% faster on small 5x5 layers.
    """
    (N, Co), C, d = gy.shape[:2], w.shape[1] * geo.groups, len(geo.kernel)
    padded, out = geo.padded_size, geo.out_size
    grid = (out[0], *padded[1:])
    rows = np.zeros((Co, N, *grid), gy.dtype)
    front: tuple[Any, ...] = (..., *(slice(o) for o in out))
    rows[front] = gy.swapaxes(0, 1)
    run = math.prod(grid)
    strides = [math.prod(padded[a + 1 :]) for a in range(d)]
    offsets = [
        sum(k * dl * ps for k, dl, ps in zip(tap, geo.dilation, strides))
        for tap in np.ndindex(*geo.kernel)
    ]
    buf = np.zeros((C, N, max(math.prod(padded), offsets[-1] + run)), gy.dtype)
    dcols = _transposed_gemm(rows.reshape(geo.groups, Co // geo.groups, -1), w, geo)
    dcols = dcols.reshape(C, math.prod(geo.kernel), N, run)
    for t, off in enumerate(offsets):
        buf[:, :, off : off + run] += dcols[:, t]
    planes = buf[:, :, : math.prod(padded)].reshape(C, N, *padded)
    return crop(planes, geo.pad_lo, geo.in_size).swapaxes(0, 1)


def correlate_weight_grad(
    x: np.ndarray, gy: np.ndarray, geo: ConvGeometry, cols: np.ndarray | None
) -> np.ndarray:
    """``(N, C, *in), (N, Co, *out)`` -> ``(Co, C/groups, *kernel)``: one GEMM ``dy·colsᵀ``."""
    G, Co, C = geo.groups, gy.shape[1], x.shape[1]
    chunks = batch_chunks(x.shape, C, geo) if cols is None else None
    if chunks:
        dw = correlate_weight_grad(x[chunks[0]], gy[chunks[0]], geo, None)
        for part in chunks[1:]:
            dw += correlate_weight_grad(x[part], gy[part], geo, None)
        return dw
    if cols is None:
        cols = im2col(x, geo)
    # ``(cols·dyᵀ)ᵀ`` rather than ``dy·colsᵀ``: on a busy 2-core machine OpenBLAS ran the
    # latter (long inner dimension, transposed right operand) up to 8x slower; equal when idle.
    dw_t = np.matmul(
        cols.reshape(G, cols.shape[0] // G, cols.shape[1]),
        grouped_rows(gy, geo).transpose(0, 2, 1),
    )
    return dw_t.transpose(0, 2, 1).reshape(Co, C // G, *geo.kernel)


CHUNK_ELEMENTS = 2 * 2**20


def batch_chunks(shape: tuple[int, ...], channels: int, geo: ConvGeometry) -> list[slice] | None:
    """The rule for large layers: split the batch into chunks whose im2col matrix (``channels ·
    prod(kernel)`` rows, one column per output position) stays under ``CHUNK_ELEMENTS`` (32
    MiB in float32; at least one item a chunk); None when the whole batch fits.

    Each face then runs per chunk: the same GEMMs, a bounded temporary (the full matrix is
    ``prod(kernel)`` times the input: 72 MiB for the benchmarks' conv (c)). The weight
    gradient then rebuilds each chunk's matrix instead of reusing a cached one.
    """
    per_item = channels * math.prod(geo.kernel) * math.prod(geo.out_size)
    n = shape[0]
    step = max(1, CHUNK_ELEMENTS // max(1, per_item))
    if n * per_item <= CHUNK_ELEMENTS or step >= n:
        return None
    return [slice(i, min(n, i + step)) for i in range(0, n, step)]
