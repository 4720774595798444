"""PyTorch's order statistics that the PyTorch face lacked: ``quantile``, ``nanquantile`` and
``nanmedian``, one composition: sort along the dim (NaNs go last), pick the elements at the
quantile's positions with ``gather`` and interpolate between them, so the gradient flows
back through ``gather`` and ``sort`` to the elements picked, at every order.
"""

# PyTorch's argument names (input, dim) shadow builtins on purpose.
# ruff: noqa: A002

from __future__ import annotations

from typing import Any

import numpy as np

from . import shape_functions as _sf
from .errors import DTypeError
from .ops import elementwise as _ew
from .ops import indexing as _ix
from .ops._shape_args import tensor_arg
from .ops._windows import check_bool
from .ops.shape import broadcast_to
from .return_types import _values_indices
from .sort_functions import sort
from .tensor import Tensor

__all__ = ["nanmedian", "nanquantile", "quantile"]

nanmedian_result = _values_indices("nanmedian")

_INTERPOLATIONS = ("linear", "lower", "higher", "midpoint", "nearest")


def _q_array(op: str, q: Any, dtype: np.dtype) -> tuple[np.ndarray, bool]:
    """``q`` as a 1-D array and whether it was a scalar (a number or a 0-d tensor)."""
    if isinstance(q, Tensor):
        if q.dtype != dtype:
            raise DTypeError(
                f"{op}: q tensor must be same dtype as the input tensor ({q.dtype} vs {dtype})"
            )
        if q.ndim > 1:
            raise ValueError(f"{op}: q must be a scalar or 1D tensor, got shape {q.shape}")
        arr, scalar = q.array.reshape(-1), q.ndim == 0
    elif isinstance(q, (float, int, np.floating, np.integer)) and not isinstance(q, bool):
        arr, scalar = np.array([q], dtype), True
    else:
        raise TypeError(f"{op}: q must be a float or a tensor, got {q!r}")
    if not ((arr >= 0) & (arr <= 1)).all():
        raise ValueError(f"{op}: q values must be in the range [0, 1], got {arr.tolist()}")
    return arr, scalar


def _order_stat(
    x: Tensor, q: np.ndarray, d: int, interpolation: str, ignore_nan: bool
) -> tuple[Tensor, np.ndarray, Tensor]:
    """The ``q`` quantiles of ``x`` along its dim ``d``: ``(len(q), *rest)`` values (``rest``:
    ``x``'s shape without ``d``), the positions picked (for ``lower``/``higher``/``nearest``,
    in the sorted order) and the sort's indices moved to the last dim."""
    last = _sf.movedim(x, d, -1)
    s = sort(last, -1)
    n = last.shape[-1]
    nan = np.isnan(last.array)
    count = (~nan).sum(-1) if ignore_nan else np.full(last.shape[:-1], n)
    pos = q.reshape((-1,) + (1,) * (last.ndim - 1)) * (count - 1)  # all NaN: -q, clipped
    lo, hi = np.floor(pos), np.ceil(pos)
    picks = {"lower": lo, "higher": hi, "nearest": np.round(pos)}
    at = picks.get(interpolation, lo)
    stacked = broadcast_to(_sf.unsqueeze(s.values, 0), (len(q), *last.shape))

    def take(p: np.ndarray) -> Tensor:
        idx = np.clip(p, 0, max(n - 1, 0)).astype(np.int64)[..., None]
        return _sf.squeeze(_ix.gather(stacked, -1, Tensor.constant(idx)), -1)

    if interpolation in picks:
        value = take(at)
    else:
        low, high = take(lo), take(hi)
        frac = (pos - lo) if interpolation == "linear" else np.where(hi > lo, 0.5, 0.0)
        value = low + (high - low) * Tensor.constant(frac.astype(x.dtype))
    # No element to pick (all NaN, or any NaN for quantile): NaN, as in PyTorch.
    invalid = count == 0 if ignore_nan else nan.any(-1)
    value = _ew.where(Tensor.constant(np.broadcast_to(invalid, pos.shape)), np.nan, value)
    return value, at, s.indices


def _quantile(
    op: str, input: Any, q: Any, dim: Any, keepdim: Any, interpolation: Any, ignore_nan: bool
) -> Tensor:
    x = tensor_arg(op, input)
    if x.dtype.kind != "f":
        raise DTypeError(f"{op}: input tensor must be either float or double dtype, got {x.dtype}")
    check_bool(op, "keepdim", keepdim)
    if interpolation not in _INTERPOLATIONS:
        raise ValueError(
            f"{op}: interpolation must be one of {_INTERPOLATIONS}, got {interpolation!r}"
        )
    qs, scalar = _q_array(op, q, x.dtype)
    if x.numel() == 0:
        raise ValueError(f"{op}: input tensor must be non-empty, got shape {x.shape}")
    if dim is None:
        work, d = _sf.reshape(x, (x.numel(),)), 0
        kept = (1,) * x.ndim
    else:
        d = _ix.normalize_dim(op, dim, x.ndim)
        work = x if x.ndim else _sf.reshape(x, (1,))
        kept = tuple(1 if i == d else s for i, s in enumerate(x.shape))
    value = _order_stat(work, qs, d, interpolation, ignore_nan)[0]
    if keepdim:
        value = _sf.reshape(value, (len(qs), *kept))
    return _sf.squeeze(value, 0) if scalar else value


def quantile(
    input: Tensor,
    q: Any,
    dim: int | None = None,
    keepdim: bool = False,
    *,
    interpolation: str = "linear",
) -> Tensor:
    """The ``q`` quantiles (a float, or a 1-D tensor of them: a leading result dim) of
    ``input`` along ``dim`` (``None``: of all elements), interpolated as ``interpolation``
    says (``linear``, ``lower``, ``higher``, ``midpoint``, ``nearest``); NaN where the
    slice holds a NaN."""
    return _quantile("quantile", input, q, dim, keepdim, interpolation, False)


def nanquantile(
    input: Tensor,
    q: Any,
    dim: int | None = None,
    keepdim: bool = False,
    *,
    interpolation: str = "linear",
) -> Tensor:
    """:func:`quantile` ignoring NaNs (NaN only where a slice is all NaN)."""
    return _quantile("nanquantile", input, q, dim, keepdim, interpolation, True)


def nanmedian(input: Tensor, dim: int | None = None, keepdim: bool = False) -> Any:
    """The lower median ignoring NaNs (PyTorch's ``median`` takes the lower of the two middle
    elements, not their mean): of all elements (0-d), or along ``dim`` as
    ``(values, indices)``, ``indices`` giving each median's place in ``input``."""
    x = tensor_arg("nanmedian", input)
    check_bool("nanmedian", "keepdim", keepdim)
    q = np.array([0.5])
    if dim is None:
        if x.numel() == 0:
            return Tensor.constant(np.array(np.nan, x.dtype))
        return _order_stat(_sf.reshape(x, (x.numel(),)), q, 0, "lower", True)[0][0]
    d = _ix.normalize_dim("nanmedian", dim, x.ndim)
    work = x if x.ndim else _sf.reshape(x, (1,))
    if work.shape[d] == 0:
        raise IndexError(
            f"nanmedian: cannot take the median of an empty dimension {d} (shape {x.shape})"
        )
    value, at, order = _order_stat(work, q, d, "lower", True)
    pick = np.clip(at[0], 0, None).astype(np.int64)[..., None]
    index = np.take_along_axis(order.array, pick, -1)[..., 0]
    values, indices = value[0], Tensor.constant(index)
    if keepdim and x.ndim:
        values, indices = _sf.unsqueeze(values, d), _sf.unsqueeze(indices, d)
    return nanmedian_result(values, indices)
