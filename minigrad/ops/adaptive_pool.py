# ruff: noqa: A002 - `input` is PyTorch's argument name
"""Adaptive pooling, 1-D to 3-D: average and max over windows chosen to give ``output_size``.

PyTorch's window rule: output position ``i`` pools ``[floor(i·size/out), ceil((i+1)·size/out))``
of each spatial axis, so windows may differ in size and overlap.

- adaptive average pooling is a separable linear map (one small averaging matrix per spatial
  axis); its VJP applies the transposed matrices;
- adaptive max pooling is the gather of each window's first maximum, the same gather and
  scatter pair as fixed-window max pooling (:mod:`._routing`).

The rule: where every output size divides its input size, the windows are the fixed windows
``kernel = stride = size/out`` (the rule gives exactly those), so the op *is* fixed-window
pooling and goes through :mod:`minigrad.ops.pool` (its window reduction and tap route);
otherwise the matrices and the gather above.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..autograd import Function
from ..tensor import Tensor
from ._routing import IndexGather, plane_offsets
from ._windows import Ints, check_float_tensor, check_input_rank
from .pool import _avg_pool, _max_pool

__all__ = [
    "adaptive_avg_pool1d",
    "adaptive_avg_pool2d",
    "adaptive_avg_pool3d",
    "adaptive_max_pool1d",
    "adaptive_max_pool2d",
    "adaptive_max_pool3d",
]


class AdaptiveMaxPool(IndexGather):
    """Adaptive max pooling: as :class:`~minigrad.ops.pool.MaxPool`, with PyTorch's adaptive
    windows."""


def _adaptive_windows(size: int, out: int) -> tuple[np.ndarray, np.ndarray]:
    """PyTorch's rule: window ``i`` is ``[floor(i·size/out), ceil((i+1)·size/out))``."""
    i = np.arange(out)
    return (i * size) // out, -((-(i + 1) * size) // out)


class AdaptiveAvgPool(Function):
    """``x`` times one averaging matrix ``(out_i, size_i)`` per spatial axis. VJP: the same
    op with the transposed matrices."""

    @staticmethod
    def forward(ctx, x, mats):
        ctx.mats = mats
        for i, m in enumerate(mats):
            axis = x.ndim - len(mats) + i
            x = np.moveaxis(np.moveaxis(x, axis, -1) @ m.T, -1, axis)
        return x

    @staticmethod
    def backward(ctx, grad):
        return AdaptiveAvgPool.apply(grad, mats=tuple(m.T for m in ctx.mats))


def _adaptive_max(x: np.ndarray, out_size: Ints) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Maxima of PyTorch's adaptive windows and their ``(flat, plane)`` indices.

    Windows have unequal sizes: each is padded to the largest by repeating its last position
    (after the real ones, so the first maximum is unchanged) and gathered into
    ``(*lead, *out, window)``.
    """
    d = len(out_size)
    size = x.shape[-d:]
    plane_strides = [math.prod(size[i + 1 :]) for i in range(d)]
    pos: Any = 0  # an index array once the first axis is added
    for i, (n, o, ps) in enumerate(zip(size, out_size, plane_strides)):
        start, end = _adaptive_windows(n, o)
        idx = np.minimum(start[:, None] + np.arange((end - start).max()), end[:, None] - 1)
        shape = [1] * (2 * d)
        shape[i], shape[d + i] = idx.shape
        pos = pos + (idx * ps).reshape(shape)  # axes (*out, *window)
    pos = pos.reshape(math.prod(out_size), -1)
    lead = x.shape[:-d]
    windows = np.reshape(x, (*lead, math.prod(size)))[..., pos]  # (*lead, prod(out), window)
    arg = windows.argmax(axis=-1)
    values = np.take_along_axis(windows, arg[..., None], axis=-1)
    plane_index = pos[np.arange(pos.shape[0]), arg].reshape(*lead, *out_size)
    flat = plane_index + plane_offsets(lead, math.prod(size), d)
    return values.reshape(*lead, *out_size), flat, plane_index


# --------------------------------------------------------------------------------------------
# Argument checks and the public functions
# --------------------------------------------------------------------------------------------


def _output_size(op: str, d: int, input: Tensor, output_size: Any) -> Ints:
    check_float_tensor(op, "input", input)
    check_input_rank(op, input, d)
    size = input.shape[-d:]
    if isinstance(output_size, (int, np.integer)) and not isinstance(output_size, bool):
        output_size = (output_size,) * d
    if not isinstance(output_size, (tuple, list)) or len(output_size) not in (1, d):
        raise TypeError(
            f"{op}: output_size must be an int or a tuple of {d} ints (None in the tuple: "
            f"keep that axis's size), got {output_size!r}"
        )
    if len(output_size) == 1:
        output_size = tuple(output_size) * d
    out = tuple(int(n) if o is None else o for o, n in zip(output_size, size))
    if any(not isinstance(o, (int, np.integer)) or o <= 0 for o in out):
        raise ValueError(f"{op}: output_size must be positive, got {tuple(output_size)}")
    if any(n == 0 for n in size):
        raise ValueError(
            f"{op}: the input's spatial size must be non-empty, got input of shape {input.shape}"
        )
    return tuple(int(o) for o in out)


def _fixed(input: Tensor, out: Ints) -> Ints | None:
    """The fixed window (kernel = stride) equal to the adaptive windows, if there is one."""
    size = input.shape[-len(out) :]
    return (
        tuple(n // o for n, o in zip(size, out))
        if all(n % o == 0 for n, o in zip(size, out))
        else None
    )


def _adaptive_avg_pool(op: str, d: int, input: Tensor, output_size: Any) -> Tensor:
    out = _output_size(op, d, input, output_size)
    kernel = _fixed(input, out)
    if kernel is not None:
        return _avg_pool(op, d, input, kernel, kernel, 0, False, True, None)
    mats = []
    for n, o in zip(input.shape[-d:], out):
        start, end = _adaptive_windows(n, o)
        j = np.arange(n)
        inside = (j >= start[:, None]) & (j < end[:, None])
        mats.append((inside / (end - start)[:, None]).astype(input.dtype))
    return AdaptiveAvgPool.apply(input, mats=tuple(mats))


def _adaptive_max_pool(
    op: str, d: int, input: Tensor, output_size: Any, return_indices: bool
) -> Tensor | tuple[Tensor, Tensor]:
    out = _output_size(op, d, input, output_size)
    kernel = _fixed(input, out)
    if kernel is not None:
        return _max_pool(op, d, input, kernel, kernel, 0, 1, False, return_indices)
    values, flat, plane_index = _adaptive_max(input.array, out)
    result = AdaptiveMaxPool.apply(input, index=flat, values=values, overlap=True)
    return (result, Tensor.constant(plane_index)) if return_indices else result


def adaptive_avg_pool1d(input: Tensor, output_size: Any) -> Tensor:
    """1-D adaptive average pooling (as PyTorch's ``adaptive_avg_pool1d``) over
    ``(N, C, L)`` or ``(C, L)``.

    Output position ``i`` averages the window ``[floor(i·size/out), ceil((i+1)·size/out))``
    of each axis; ``output_size`` is an int or a tuple of one int (None: keep the input's size) per
    spatial dimension; ``output_size=1`` is global average pooling. Returns
    ``(N, C, *output_size)``. Raises ValueError for a non-positive ``output_size`` or an empty
    input, TypeError for a malformed one or a non-floating input.
    """
    return _adaptive_avg_pool("adaptive_avg_pool1d", 1, input, output_size)


def adaptive_avg_pool2d(input: Tensor, output_size: Any) -> Tensor:
    """2-D adaptive average pooling (as PyTorch's ``adaptive_avg_pool2d``) over
    ``(N, C, H, W)`` or ``(C, H, W)``.

    Output position ``i`` averages the window ``[floor(i·size/out), ceil((i+1)·size/out))``
    of each axis; ``output_size`` is an int or a tuple of one int (None: keep the input's size) per
    spatial dimension; ``output_size=1`` is global average pooling. Returns
    ``(N, C, *output_size)``. Raises ValueError for a non-positive ``output_size`` or an empty
    input, TypeError for a malformed one or a non-floating input.
    """
    return _adaptive_avg_pool("adaptive_avg_pool2d", 2, input, output_size)


def adaptive_avg_pool3d(input: Tensor, output_size: Any) -> Tensor:
    """3-D adaptive average pooling (as PyTorch's ``adaptive_avg_pool3d``) over
    ``(N, C, D, H, W)`` or ``(C, D, H, W)``.

    Output position ``i`` averages the window ``[floor(i·size/out), ceil((i+1)·size/out))``
    of each axis; ``output_size`` is an int or a tuple of one int (None: keep the input's size) per
    spatial dimension; ``output_size=1`` is global average pooling. Returns
    ``(N, C, *output_size)``. Raises ValueError for a non-positive ``output_size`` or an empty
    input, TypeError for a malformed one or a non-floating input.
    """
    return _adaptive_avg_pool("adaptive_avg_pool3d", 3, input, output_size)


def adaptive_max_pool1d(
    input: Tensor, output_size: Any, return_indices: bool = False
) -> Tensor | tuple[Tensor, Tensor]:
    """1-D adaptive max pooling (as PyTorch's ``adaptive_max_pool1d``) over
    ``(N, C, L)`` or ``(C, L)``.

    Output position ``i`` takes the maximum of the window ``[floor(i·size/out),
    ceil((i+1)·size/out))`` of each axis (the gradient goes to its first position);
    ``output_size`` is an int or a tuple of one int (or None) per spatial dimension; 1 is global max
    pooling. ``return_indices=True`` also returns the flat index of each maximum in its
    ``(n, c)`` input plane (int64). Raises ValueError for a non-positive ``output_size`` or
    an empty input, TypeError for a malformed one or a non-floating input.
    """
    return _adaptive_max_pool("adaptive_max_pool1d", 1, input, output_size, return_indices)


def adaptive_max_pool2d(
    input: Tensor, output_size: Any, return_indices: bool = False
) -> Tensor | tuple[Tensor, Tensor]:
    """2-D adaptive max pooling (as PyTorch's ``adaptive_max_pool2d``) over
    ``(N, C, H, W)`` or ``(C, H, W)``.

    Output position ``i`` takes the maximum of the window ``[floor(i·size/out),
    ceil((i+1)·size/out))`` of each axis (the gradient goes to its first position);
    ``output_size`` is an int or a tuple of one int (or None) per spatial dimension; 1 is global max
    pooling. ``return_indices=True`` also returns the flat index of each maximum in its
    ``(n, c)`` input plane (int64). Raises ValueError for a non-positive ``output_size`` or
    an empty input, TypeError for a malformed one or a non-floating input.
    """
    return _adaptive_max_pool("adaptive_max_pool2d", 2, input, output_size, return_indices)


def adaptive_max_pool3d(
    input: Tensor, output_size: Any, return_indices: bool = False
) -> Tensor | tuple[Tensor, Tensor]:
    """3-D adaptive max pooling (as PyTorch's ``adaptive_max_pool3d``) over
    ``(N, C, D, H, W)`` or ``(C, D, H, W)``.

    Output position ``i`` takes the maximum of the window ``[floor(i·size/out),
    ceil((i+1)·size/out))`` of each axis (the gradient goes to its first position);
    ``output_size`` is an int or a tuple of one int (or None) per spatial dimension; 1 is global max
    pooling. ``return_indices=True`` also returns the flat index of each maximum in its
    ``(n, c)`` input plane (int64). Raises ValueError for a non-positive ``output_size`` or
    an empty input, TypeError for a malformed one or a non-floating input.
    """
    return _adaptive_max_pool("adaptive_max_pool3d", 3, input, output_size, return_indices)
