"""PyTorch's ``select_scatter`` and ``slice_scatter``: ``input`` with one index or one slice
along a dim replaced by ``src``, out of place. Both are :func:`index_copy` at the positions
the index or slice names, so gradients reach ``input`` (zero at the replaced positions) and
``src`` at every order.
"""

# PyTorch's argument name ``input`` shadows the builtin on purpose.
# ruff: noqa: A002

from __future__ import annotations

import numpy as np

from . import shape_functions as _sf
from ._torch_shape_extra import _int_arg, index_copy
from .errors import DTypeError, ShapeError
from .ops import indexing as _ix
from .ops._shape_args import tensor_arg
from .tensor import Tensor

__all__ = ["select_scatter", "slice_scatter"]


def _same_dtype(op: str, x: Tensor, s: Tensor) -> None:
    if s.dtype != x.dtype:
        raise DTypeError(f"{op}: src must have input's dtype {x.dtype}, got {s.dtype}")


def select_scatter(input: Tensor, src: Tensor, dim: int, index: int) -> Tensor:
    """``input`` with ``input.select(dim, index)`` replaced by ``src`` (of that shape)."""
    x, s = tensor_arg("select_scatter", input), tensor_arg("select_scatter", src)
    _same_dtype("select_scatter", x, s)
    if x.ndim == 0:
        raise ShapeError("select_scatter: input must have at least one dim, got a 0-d tensor")
    d = _ix.normalize_dim("select_scatter", _int_arg("select_scatter", "dim", dim), x.ndim)
    i, n = _int_arg("select_scatter", "index", index), x.shape[d]
    if not -n <= i < n:
        raise IndexError(f"select_scatter: index {i} is out of range for dim {d} of size {n}")
    want = tuple(x.shape[:d]) + tuple(x.shape[d + 1 :])
    if tuple(s.shape) != want:
        raise ShapeError(
            f"select_scatter: src {tuple(s.shape)} must be input {tuple(x.shape)} without "
            f"dim {d}, {want}"
        )
    at = Tensor.constant(np.array([i % n], np.int64))
    return index_copy(x, d, at, _sf.unsqueeze(s, d))


def slice_scatter(
    input: Tensor,
    src: Tensor,
    dim: int = 0,
    start: int | None = None,
    end: int | None = None,
    step: int = 1,
) -> Tensor:
    """``input`` with ``input[..., start:end:step, ...]`` (along ``dim``) replaced by ``src``
    (of that slice's shape)."""
    x, s = tensor_arg("slice_scatter", input), tensor_arg("slice_scatter", src)
    _same_dtype("slice_scatter", x, s)
    if x.ndim == 0:
        raise ShapeError("slice_scatter: input must have at least one dim, got a 0-d tensor")
    d = _ix.normalize_dim("slice_scatter", _int_arg("slice_scatter", "dim", dim), x.ndim)
    if _int_arg("slice_scatter", "step", step) <= 0:
        raise ValueError(f"slice_scatter: step must be positive, got {step}")
    bounds = (("start", start), ("end", end))
    lo, hi = (None if v is None else _int_arg("slice_scatter", name, v) for name, v in bounds)
    positions = np.arange(x.shape[d])[lo:hi:step]
    want = list(x.shape)
    want[d] = positions.size
    if list(s.shape) != want:
        raise ShapeError(
            f"slice_scatter: src {tuple(s.shape)} must be the slice's shape {tuple(want)} "
            f"(input {tuple(x.shape)}, dim {d}, slice {lo}:{hi}:{step})"
        )
    if positions.size == 0:
        return x.clone()  # nothing replaced: a new tensor, as PyTorch's is
    return index_copy(x, d, Tensor.constant(positions.astype(np.int64)), s)
