"""PyTorch's counting and searching functions: ``unique``, ``searchsorted``, ``bucketize``,
``bincount``, ``histc``. Their outputs are indices, counts or histograms, which carry no
gradient (as in PyTorch); they are NumPy's, with PyTorch's argument names and dtypes.
"""

# PyTorch's argument names (input, min, max, sorted) shadow builtins on purpose.
# ruff: noqa: A002

from __future__ import annotations

from typing import Any, Literal

import numpy as np

from .ops._shape_args import axis_arg, tensor_arg
from .tensor import Tensor

__all__ = ["bincount", "bucketize", "histc", "searchsorted", "unique"]


def _index_dtype(out_int32: bool) -> type:
    return np.int32 if out_int32 else np.int64


def unique(
    input: Tensor,
    sorted: bool = True,
    return_inverse: bool = False,
    return_counts: bool = False,
    dim: int | None = None,
) -> Any:
    """The distinct elements (sorted), or the distinct slices along ``dim``; with
    ``return_inverse`` and ``return_counts`` a tuple ``(output, inverse_indices, counts)``
    (only the ones asked for). Not differentiable, as in PyTorch."""
    a = tensor_arg("unique", input).array
    axis = None if dim is None else axis_arg("unique", dim, a.ndim, a.shape, "dim")
    out, inverse, counts = np.unique(a, return_inverse=True, return_counts=True, axis=axis)
    if axis is None:
        inverse = inverse.reshape(a.shape)
    res = [Tensor(out)]
    if return_inverse:
        res.append(Tensor(inverse.astype(np.int64)))
    if return_counts:
        res.append(Tensor(counts.astype(np.int64)))
    return res[0] if len(res) == 1 else tuple(res)


def searchsorted(
    sorted_sequence: Tensor,
    input: Any,
    *,
    out_int32: bool = False,
    right: bool = False,
    side: str | None = None,
    sorter: Tensor | None = None,
) -> Tensor:
    """Where each value of ``input`` would go in ``sorted_sequence`` to keep it sorted (the
    innermost dimension; an N-D sequence searches row by row, its leading dimensions matching
    ``input``'s). ``right=True`` or ``side="right"`` puts ties after the equal values."""
    if side is not None and side not in ("left", "right"):
        raise ValueError(f"searchsorted: side must be 'left' or 'right', got {side!r}")
    if side == "left" and right:
        raise ValueError("searchsorted: side='left' and right=True contradict each other")
    how: Literal["left", "right"] = "right" if right or side == "right" else "left"
    seq = tensor_arg("searchsorted", sorted_sequence).array
    scalar = not isinstance(input, Tensor) and np.ndim(input) == 0
    vals = input.array if isinstance(input, Tensor) else np.asarray(input)
    if sorter is not None:
        order = sorter.array if isinstance(sorter, Tensor) else np.asarray(sorter)
        seq = np.take_along_axis(seq, order, axis=-1)
    if seq.ndim <= 1:
        out = np.searchsorted(seq, vals, side=how)
    else:
        if seq.shape[:-1] != vals.shape[:-1]:
            raise ValueError(
                f"searchsorted: the leading dimensions of sorted_sequence {seq.shape} and "
                f"input {vals.shape} must match"
            )
        rows_s, rows_v = seq.reshape(-1, seq.shape[-1]), vals.reshape(-1, vals.shape[-1])
        out = np.stack([np.searchsorted(s, v, side=how) for s, v in zip(rows_s, rows_v)])
        out = out.reshape(vals.shape)
    out = np.asarray(out, dtype=_index_dtype(out_int32))
    return Tensor(out if not scalar else out.reshape(()))


def bucketize(
    input: Any, boundaries: Tensor, *, out_int32: bool = False, right: bool = False
) -> Tensor:
    """The bucket index of each value of ``input`` for the 1-D ``boundaries``:
    ``boundaries[i-1] < x <= boundaries[i]`` (``right=False``) or
    ``boundaries[i-1] <= x < boundaries[i]`` (``right=True``)."""
    b = tensor_arg("bucketize", boundaries)
    if b.ndim != 1:
        raise ValueError(f"bucketize: boundaries must be 1-D, got shape {b.shape}")
    return searchsorted(b, input, out_int32=out_int32, right=right)


def bincount(input: Tensor, weights: Tensor | None = None, minlength: int = 0) -> Tensor:
    """How often each non-negative integer occurs in the 1-D ``input`` (summing ``weights``
    instead of ones when given)."""
    a = tensor_arg("bincount", input).array
    if a.ndim != 1 or a.dtype.kind not in "iu":
        raise ValueError(f"bincount: input must be a 1-D integer tensor, got {a.dtype} {a.shape}")
    if a.size and a.min() < 0:
        raise ValueError("bincount: input must be non-negative")
    w = None if weights is None else tensor_arg("bincount", weights).array
    out = np.bincount(a, weights=w, minlength=minlength)
    return Tensor(out if w is None else out.astype(np.result_type(w.dtype, np.float32)))


def histc(input: Tensor, bins: int = 100, min: float = 0, max: float = 0) -> Tensor:
    """A histogram of ``bins`` equal-width bins over ``[min, max]`` (the data's own range
    when both are 0); values outside are ignored. Same float dtype as ``input``."""
    x = tensor_arg("histc", input).array
    if x.dtype.kind != "f":
        raise TypeError(f"histc: input must be floating point, got {x.dtype}")
    if bins <= 0:
        raise ValueError(f"histc: bins must be positive, got {bins}")
    lo, hi = float(min), float(max)
    if lo == hi and x.size:
        lo, hi = float(x.min()), float(x.max())
    if lo == hi:  # PyTorch widens a degenerate range by one on each side
        lo, hi = lo - 1, hi + 1
    if lo > hi:
        raise ValueError(f"histc: max must be larger than min, got min={min}, max={max}")
    counts, _ = np.histogram(x, bins=bins, range=(lo, hi))
    return Tensor(counts.astype(x.dtype))
