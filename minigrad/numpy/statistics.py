# ruff: noqa: A004
"""NumPy's NaN-ignoring reductions (``nanmax``, ``nanstd``, ``nancumsum``...) and order
statistics (``quantile``, ``percentile``, ``nanmedian``), composed from the other
functions: a NaN is replaced by the reduction's neutral element (it gets gradient 0), and a
quantile interpolates linearly between two sorted elements, which share its gradient by their
interpolation weights."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.lib.array_utils import normalize_axis_index

from ..ops import elementwise as ew
from ..ops import shape as sh
from ..tensor import Tensor
from ._convert import tensor_of
from .reductions import (
    argmax,
    argmin,
    cumprod,
    cumsum,
    max,
    min,
    nanmean,
    prod,
    sort,
    sum,
)


def _filled(a: Any, value: float) -> tuple[Tensor, np.ndarray]:
    x = tensor_of(a)
    nan = np.isnan(x.array) if x.dtype.kind == "f" else np.zeros(x.shape, bool)
    return (ew.where(nan, value, x) if nan.any() else x), nan


def nanmax(a: Any, axis: Any = None, out: Any = None, keepdims: bool = False) -> Tensor:
    """:func:`max` ignoring NaNs."""
    return max(_filled(a, -np.inf)[0], axis, out, keepdims)


def nanmin(a: Any, axis: Any = None, out: Any = None, keepdims: bool = False) -> Tensor:
    """:func:`min` ignoring NaNs."""
    return min(_filled(a, np.inf)[0], axis, out, keepdims)


def nanargmax(a: Any, axis: Any = None, out: Any = None, *, keepdims: bool = False) -> Tensor:
    """:func:`argmax` ignoring NaNs (constant)."""
    return argmax(_filled(a, -np.inf)[0], axis, out, keepdims=keepdims)


def nanargmin(a: Any, axis: Any = None, out: Any = None, *, keepdims: bool = False) -> Tensor:
    """:func:`argmin` ignoring NaNs (constant)."""
    return argmin(_filled(a, np.inf)[0], axis, out, keepdims=keepdims)


def nanprod(
    a: Any, axis: Any = None, dtype: Any = None, out: Any = None, keepdims: bool = False
) -> Tensor:
    """:func:`prod` treating NaN as 1."""
    return prod(_filled(a, 1.0)[0], axis, dtype, out, keepdims)


def nancumsum(a: Any, axis: Any = None, dtype: Any = None, out: Any = None) -> Tensor:
    """:func:`cumsum` treating NaN as 0."""
    return cumsum(_filled(a, 0.0)[0], axis, dtype, out)


def nancumprod(a: Any, axis: Any = None, dtype: Any = None, out: Any = None) -> Tensor:
    """:func:`cumprod` treating NaN as 1."""
    return cumprod(_filled(a, 1.0)[0], axis, dtype, out)


def nanvar(
    a: Any,
    axis: Any = None,
    dtype: Any = None,
    out: Any = None,
    ddof: float = 0,
    keepdims: bool = False,
) -> Tensor:
    """:func:`var` of the elements that are not NaN."""
    x, nan = _filled(a, 0.0)
    x = x if x.dtype.kind == "f" else tensor_of(x, np.float64)  # NumPy's variance of ints
    count = np.sum(~nan, axis=axis, keepdims=True)
    centred = ew.where(nan, 0.0, ew.subtract(x, nanmean(a, axis, keepdims=True)))
    total = sum(ew.multiply(centred, centred), axis, keepdims=True)
    v = ew.divide(total, Tensor.constant(np.asarray(count - ddof, dtype=x.dtype)))
    return v if keepdims else _drop(v, axis, x.ndim)


def nanstd(
    a: Any,
    axis: Any = None,
    dtype: Any = None,
    out: Any = None,
    ddof: float = 0,
    keepdims: bool = False,
) -> Tensor:
    """:func:`std` of the elements that are not NaN."""
    return ew.sqrt(nanvar(a, axis, dtype, out, ddof, keepdims))


def _drop(t: Tensor, axis: Any, ndim: int) -> Tensor:
    if axis is None:
        return sh.reshape(t, ())
    axes = (axis,) if isinstance(axis, (int, np.integer)) else tuple(axis)
    return sh.squeeze(t, tuple(normalize_axis_index(a, ndim) for a in axes))


_METHODS = ("linear", "lower", "higher", "nearest", "midpoint")


def quantile(
    a: Any,
    q: Any,
    axis: int | None = None,
    out: Any = None,
    overwrite_input: bool = False,
    method: str = "linear",
    keepdims: bool = False,
    *,
    weights: Any = None,
) -> Tensor:
    """The ``q``-th quantiles (``0 <= q <= 1``) along ``axis`` (of all elements if None),
    with NumPy's ``linear``, ``lower``, ``higher``, ``nearest`` and ``midpoint`` methods; a
    vector ``q`` adds a leading axis, as in NumPy."""
    if method not in _METHODS or weights is not None:
        raise ValueError(f"quantile: method must be one of {_METHODS} (unweighted)")
    x = tensor_of(a)
    if x.dtype.kind != "f":
        x = tensor_of(x, np.float64)
    flat = axis is None
    s = sort(sh.reshape(x, -1) if flat else x, axis=0 if flat else axis)
    ax = 0 if axis is None else normalize_axis_index(axis, x.ndim)
    n = s.shape[ax]
    qs = np.asarray(q.array if isinstance(q, Tensor) else q, dtype=np.float64)
    pos = qs * (n - 1)
    lo = np.floor(pos).astype(int)
    hi = np.minimum(lo + 1, n - 1)
    frac = pos - lo
    if method == "lower":
        frac = np.zeros_like(frac)
    elif method == "higher":
        frac = (pos > lo).astype(np.float64)
    elif method == "nearest":
        frac = (np.around(pos) > lo).astype(np.float64)
    elif method == "midpoint":
        frac = np.where(pos > lo, 0.5, 0.0)
    lead = (slice(None),) * ax
    parts = []
    for i, j, f in zip(lo.reshape(-1), hi.reshape(-1), frac.reshape(-1)):
        low, high = (*lead, int(i)), (*lead, int(j))
        a_lo, a_hi = s[low], s[high]
        parts.append(ew.add(a_lo, ew.multiply(ew.subtract(a_hi, a_lo), float(f))))
    result = sh.stack(parts) if qs.ndim else parts[0]
    if qs.ndim:
        result = sh.reshape(result, qs.shape + parts[0].shape)
    if keepdims:
        keep = (1,) * x.ndim if flat else tuple(1 if i == ax else d for i, d in enumerate(x.shape))
        result = sh.reshape(result, qs.shape + keep)
    return result


def percentile(
    a: Any,
    q: Any,
    axis: int | None = None,
    out: Any = None,
    overwrite_input: bool = False,
    method: str = "linear",
    keepdims: bool = False,
    *,
    weights: Any = None,
) -> Tensor:
    """:func:`quantile` with ``q`` in percent."""
    qs = np.asarray(q.array if isinstance(q, Tensor) else q, dtype=np.float64) / 100.0
    return quantile(a, qs, axis, out, overwrite_input, method, keepdims, weights=weights)


def nanmedian(
    a: Any,
    axis: int | None = None,
    out: Any = None,
    overwrite_input: bool = False,
    keepdims: bool = False,
) -> Tensor:
    """The median of the elements that are not NaN (1-D or ``axis=None`` inputs)."""
    x = tensor_of(a)
    keep = ~np.isnan(x.array)
    if axis is not None and x.ndim > 1:
        raise TypeError("nanmedian: only axis=None (or 1-D input) is supported")
    from .shape import extract

    vals = extract(keep, x)
    m = quantile(vals, 0.5)
    return sh.reshape(m, (1,) * x.ndim) if keepdims else m


__all__ = [
    "nanargmax", "nanargmin", "nancumprod", "nancumsum", "nanmax", "nanmedian", "nanmin",
    "nanprod", "nanstd", "nanvar", "percentile", "quantile",
]  # fmt: skip
