# ruff: noqa: A001
"""NumPy's reductions, scans and sorting: ``sum``, ``mean``, ``var``/``std`` (``ddof``),
``max``/``min``/``amax``/``amin``, ``ptp``, ``prod``, ``cumsum``, ``cumprod``, ``diff``,
``gradient``, ``average``, ``median``, ``sort``, ``partition``, the arg-reductions.

Gradients at ties and kinks: ``max``/``min`` share the gradient evenly among tied extremes
(as :mod:`minigrad.ops.reduce` does); ``sort``/``partition`` give each element the gradient
of the position it lands in (ties broken by the stable order); ``median`` averages the middle
one or two sorted elements.
"""

from __future__ import annotations

import builtins
from typing import Any

import numpy as np
from numpy.lib.array_utils import normalize_axis_index, normalize_axis_tuple

from ..ops import elementwise as ew
from ..ops import linalg as la
from ..ops import reduce as rd
from ..ops import shape as sh
from ..tensor import Tensor
from ._convert import tensor_of
from .shape import moveaxis, take_along_axis

_NoValue = np._NoValue  # type: ignore[attr-defined]


def _prepare(name: str, a: Any, dtype: Any, out: Any, kwargs: dict[str, Any]) -> Tensor:
    if out is not None:
        raise TypeError(f"minigrad.numpy.{name}: out= is not supported")
    for key, value in kwargs.items():
        if value is not _NoValue and not (key == "where" and value is True):
            raise TypeError(f"minigrad.numpy.{name}: unsupported argument {key}={value!r}")
    x = tensor_of(a)
    return x if dtype is None else tensor_of(x, dtype)


def _axis(axis: Any) -> Any:
    return tuple(axis) if isinstance(axis, list) else axis


def sum(
    a: Any,
    axis: Any = None,
    dtype: Any = None,
    out: Any = None,
    keepdims: bool = False,
    **kwargs: Any,
) -> Tensor:
    """Sum over ``axis`` (all axes if None)."""
    x = _prepare("sum", a, dtype, out, kwargs)
    return rd.sum(x, axis=_axis(axis), keepdims=bool(keepdims))


def mean(
    a: Any,
    axis: Any = None,
    dtype: Any = None,
    out: Any = None,
    keepdims: bool = False,
    **kwargs: Any,
) -> Tensor:
    """Arithmetic mean over ``axis`` (integers give float64)."""
    x = _prepare("mean", a, dtype, out, kwargs)
    return rd.mean(x, axis=_axis(axis), keepdims=bool(keepdims))


def var(
    a: Any,
    axis: Any = None,
    dtype: Any = None,
    out: Any = None,
    ddof: float = 0,
    keepdims: bool = False,
    **kwargs: Any,
) -> Tensor:
    """Variance over ``axis`` with ``N - ddof`` in the denominator (NumPy's default
    ``ddof=0``, the biased estimate; PyTorch's default is unbiased)."""
    x = _prepare("var", a, dtype, out, {k: v for k, v in kwargs.items() if k != "correction"})
    ddof = (
        kwargs.get("correction", ddof)
        if kwargs.get("correction", _NoValue) is not _NoValue
        else ddof
    )
    return rd.var(x, axis=_axis(axis), ddof=ddof, keepdims=bool(keepdims))


def std(
    a: Any,
    axis: Any = None,
    dtype: Any = None,
    out: Any = None,
    ddof: float = 0,
    keepdims: bool = False,
    **kwargs: Any,
) -> Tensor:
    """Standard deviation over ``axis`` (``ddof`` as in :func:`var`)."""
    x = _prepare("std", a, dtype, out, {k: v for k, v in kwargs.items() if k != "correction"})
    ddof = (
        kwargs.get("correction", ddof)
        if kwargs.get("correction", _NoValue) is not _NoValue
        else ddof
    )
    axes = tuple(range(x.ndim)) if axis is None else normalize_axis_tuple(_axis(axis), x.ndim)
    if int(np.prod([x.shape[i] for i in axes])) <= 1:
        # One value per result: the spread is constant (0, or NaN for ddof >= 1); the VJP
        # would be 0/0. Its gradient is 0, as in HIPS autograd.
        with np.errstate(all="ignore"):
            spread = np.std(x.array, axis=axes, ddof=ddof, keepdims=bool(keepdims))
        return Tensor.constant(np.asarray(spread))
    return rd.std(x, axis=_axis(axis), ddof=ddof, keepdims=bool(keepdims))


def max(
    a: Any,
    axis: Any = None,
    out: Any = None,
    keepdims: bool = False,
    **kwargs: Any,
) -> Tensor:
    """The largest element over ``axis``; tied maxima share the gradient evenly."""
    x = _prepare("max", a, None, out, kwargs)
    return rd.max(x, axis=_axis(axis), keepdims=bool(keepdims))


def min(
    a: Any,
    axis: Any = None,
    out: Any = None,
    keepdims: bool = False,
    **kwargs: Any,
) -> Tensor:
    """The smallest element over ``axis``; tied minima share the gradient evenly."""
    x = _prepare("min", a, None, out, kwargs)
    return rd.min(x, axis=_axis(axis), keepdims=bool(keepdims))


amax, amin = max, min


def ptp(a: Any, axis: Any = None, out: Any = None, keepdims: bool = False) -> Tensor:
    """``max - min`` over ``axis``."""
    return ew.subtract(max(a, axis, out, keepdims), min(a, axis, out, keepdims))


def _last(x: Tensor, axis: Any) -> tuple[Tensor, int]:
    """``x`` with ``axis`` moved last (flattened if None), and the axis it came from."""
    if axis is None:
        return sh.reshape(x, -1), 0
    ax = normalize_axis_index(axis, x.ndim)
    return moveaxis(x, ax, -1), ax


def prod(
    a: Any,
    axis: Any = None,
    dtype: Any = None,
    out: Any = None,
    keepdims: bool = False,
    **kwargs: Any,
) -> Tensor:
    """The product over ``axis``; the gradient is the product of the other factors (exact
    with zeros among them: it is computed as a product, never by division)."""
    x = _prepare("prod", a, dtype, out, kwargs)
    axes = tuple(range(x.ndim)) if axis is None else normalize_axis_tuple(_axis(axis), x.ndim)
    kept = [i for i in range(x.ndim) if i not in axes]
    flat = sh.reshape(sh.transpose(x, (*kept, *axes)), (*[x.shape[i] for i in kept], -1))
    result: Any = Tensor.constant(np.ones(flat.shape[:-1], x.dtype))
    for i in range(flat.shape[-1]):
        result = ew.multiply(result, flat[..., i])
    if keepdims:
        result = sh.reshape(result, tuple(1 if i in axes else s for i, s in enumerate(x.shape)))
    return result


def cumsum(a: Any, axis: int | None = None, dtype: Any = None, out: Any = None) -> Tensor:
    """Running sum along ``axis`` (of the flattened array if None)."""
    x = _prepare("cumsum", a, dtype, out, {})
    if x.dtype.kind in "biu":
        x = tensor_of(x, np.int64 if x.dtype.kind != "u" else np.uint64)
    y, ax = _last(x, axis)
    n = y.shape[-1]
    upper = Tensor.constant(np.triu(np.ones((n, n), y.dtype)))
    s = la.einsum("...j,jk->...k", y, upper)
    return s if axis is None else moveaxis(s, -1, ax)


def cumprod(a: Any, axis: int | None = None, dtype: Any = None, out: Any = None) -> Tensor:
    """Running product along ``axis`` (of the flattened array if None)."""
    x = _prepare("cumprod", a, dtype, out, {})
    y, ax = _last(x, axis)
    parts, running = [], None
    for i in range(y.shape[-1]):
        running = y[..., i] if running is None else ew.multiply(running, y[..., i])
        parts.append(running)
    s = sh.stack(parts, -1) if parts else y
    return s if axis is None else moveaxis(s, -1, ax)


def diff(
    a: Any, n: int = 1, axis: int = -1, prepend: Any = _NoValue, append: Any = _NoValue
) -> Tensor:
    """The ``n``-th discrete difference along ``axis``."""
    from .joining import concatenate

    x = tensor_of(a)
    ax = normalize_axis_index(axis, x.ndim)
    parts = []
    for extra in (prepend, append):
        if extra is _NoValue:
            parts.append(None)
            continue
        e = tensor_of(extra)
        if e.ndim == 0:
            shape = list(x.shape)
            shape[ax] = 1
            e = sh.broadcast_to(e, tuple(shape))
        parts.append(e)
    if parts[0] is not None or parts[1] is not None:
        x = concatenate([p for p in (parts[0], x, parts[1]) if p is not None], axis=ax)
    lead = (slice(None),) * ax
    for _ in range(n):
        x = ew.subtract(x[(*lead, slice(1, None))], x[(*lead, slice(None, -1))])
    return x


def _gradient_1d(f: Tensor, ax: int, h: float, edge_order: int) -> Tensor:
    lead = (slice(None),) * ax

    def at(s: Any) -> Tensor:
        return f[(*lead, s)]

    inner = (at(slice(2, None)) - at(slice(None, -2))) / (2 * h)
    if edge_order == 1:
        first = (at(slice(1, 2)) - at(slice(0, 1))) / h
        last = (at(slice(-1, None)) - at(slice(-2, -1))) / h
    else:
        first = (-1.5 * at(slice(0, 1)) + 2 * at(slice(1, 2)) - 0.5 * at(slice(2, 3))) / h
        last = (0.5 * at(slice(-3, -2)) - 2 * at(slice(-2, -1)) + 1.5 * at(slice(-1, None))) / h
    return sh.concatenate([first, inner, last], ax)


def gradient(f: Any, *varargs: Any, axis: Any = None, edge_order: int = 1) -> Any:
    """Second-order central differences inside, one-sided at the edges (uniform spacing;
    ``varargs`` as scalars). A list for several axes, as NumPy."""
    x = tensor_of(f)
    if x.dtype.kind != "f":
        x = tensor_of(x, np.float64)
    axes = tuple(range(x.ndim)) if axis is None else normalize_axis_tuple(axis, x.ndim)
    spacing = list(varargs) if varargs else [1.0]
    if len(spacing) == 1:
        spacing = spacing * len(axes)
    if len(spacing) != len(axes) or not builtins.all(np.ndim(h) == 0 for h in spacing):
        raise TypeError("minigrad.numpy.gradient: give one scalar spacing, or one per axis")
    out = [_gradient_1d(x, ax, float(h), edge_order) for ax, h in zip(axes, spacing)]
    return out[0] if len(out) == 1 else out


def average(
    a: Any, axis: Any = None, weights: Any = None, returned: bool = False, *, keepdims: bool = False
) -> Any:
    """The (weighted) mean over ``axis``; with ``returned`` also the sum of the weights."""
    x = tensor_of(a)
    if weights is None:
        avg = mean(x, axis, keepdims=keepdims)
        scale = Tensor.constant(np.asarray(x.size / builtins.max(avg.size, 1), avg.dtype))
        return (avg, sh.broadcast_to(scale, avg.shape)) if returned else avg
    w = tensor_of(weights)
    if w.shape != x.shape:
        if axis is None or w.ndim != 1:
            raise TypeError("average: weights must have a's shape, or be 1-D along axis")
        shape = [1] * x.ndim
        shape[normalize_axis_index(axis, x.ndim)] = w.size
        w = sh.reshape(w, tuple(shape))
    total = sum(ew.multiply(w, _ones_for(x)), axis, keepdims=keepdims)
    avg = ew.divide(sum(ew.multiply(x, w), axis, keepdims=keepdims), total)
    return (avg, total) if returned else avg


def _ones_for(x: Tensor) -> Tensor:
    return Tensor.constant(np.ones(x.shape, x.dtype if x.dtype.kind == "f" else np.float64))


def sort(
    a: Any, axis: int | None = -1, kind: Any = None, order: Any = None, *, stable: Any = None
) -> Tensor:
    """``a`` sorted along ``axis`` (flattened if None); each element keeps its gradient."""
    x = tensor_of(a)
    if axis is None:
        x, axis = sh.reshape(x, -1), 0
    idx = np.argsort(x.array, axis=axis, kind="stable")
    return take_along_axis(x, idx, axis)


def partition(
    a: Any, kth: Any, axis: int | None = -1, kind: str = "introselect", order: Any = None
) -> Tensor:
    """``a`` partitioned around the ``kth`` element(s) along ``axis``."""
    x = tensor_of(a)
    if axis is None:
        x, axis = sh.reshape(x, -1), 0
    idx = np.argpartition(x.array, kth, axis=axis)
    return take_along_axis(x, idx, axis)


def median(
    a: Any, axis: Any = None, out: Any = None, overwrite_input: bool = False, keepdims: bool = False
) -> Tensor:
    """The median over ``axis``: the mean of the middle one or two sorted elements."""
    x = tensor_of(a)
    if axis is None:
        y, ax = sh.reshape(x, -1), 0
    else:
        ax = normalize_axis_index(axis, x.ndim)
        y = x
    s = sort(y, ax)
    n = s.shape[ax]
    lead = (slice(None),) * ax
    mid = s[(*lead, slice((n - 1) // 2, n // 2 + 1))]
    med = mean(mid, ax, keepdims=True)
    if keepdims:
        return sh.reshape(med, (1,) * x.ndim) if axis is None else med
    return sh.squeeze(med, ax) if axis is not None else sh.reshape(med, ())


def _arg(fn: Any, name: str, a: Any, axis: Any, out: Any, keepdims: bool) -> Tensor:
    if out is not None:
        raise TypeError(f"minigrad.numpy.{name}: out= is not supported")
    return Tensor.constant(np.asarray(fn(tensor_of(a).array, axis=axis, keepdims=keepdims)))


def argmax(a: Any, axis: Any = None, out: Any = None, *, keepdims: bool = False) -> Tensor:
    """Index of the largest element (constant)."""
    return _arg(np.argmax, "argmax", a, axis, out, keepdims)


def argmin(a: Any, axis: Any = None, out: Any = None, *, keepdims: bool = False) -> Tensor:
    """Index of the smallest element (constant)."""
    return _arg(np.argmin, "argmin", a, axis, out, keepdims)


def argsort(
    a: Any, axis: int | None = -1, kind: Any = None, order: Any = None, *, stable: Any = None
) -> Tensor:
    """Indices that sort ``a`` (constant)."""
    return Tensor.constant(np.argsort(tensor_of(a).array, axis=axis, kind=kind))


def argpartition(
    a: Any, kth: Any, axis: int | None = -1, kind: str = "introselect", order: Any = None
) -> Tensor:
    """Indices that partition ``a`` (constant)."""
    return Tensor.constant(np.argpartition(tensor_of(a).array, kth, axis=axis))


def any(
    a: Any,
    axis: Any = None,
    out: Any = None,
    keepdims: bool = False,
    **kwargs: Any,
) -> Tensor:
    """Whether any element over ``axis`` is true (bool, constant)."""
    return Tensor.constant(
        np.asarray(np.any(tensor_of(a).array, axis=_axis(axis), keepdims=keepdims))
    )


def all(
    a: Any,
    axis: Any = None,
    out: Any = None,
    keepdims: bool = False,
    **kwargs: Any,
) -> Tensor:
    """Whether every element over ``axis`` is true (bool, constant)."""
    return Tensor.constant(
        np.asarray(np.all(tensor_of(a).array, axis=_axis(axis), keepdims=keepdims))
    )


def count_nonzero(a: Any, axis: Any = None, *, keepdims: bool = False) -> Any:
    """How many elements are nonzero (constant)."""
    return np.count_nonzero(tensor_of(a).array, axis=axis, keepdims=keepdims)


def nansum(
    a: Any, axis: Any = None, dtype: Any = None, out: Any = None, keepdims: bool = False
) -> Tensor:
    """:func:`sum` treating NaN as 0 (NaN entries get gradient 0)."""
    x = tensor_of(a)
    return sum(ew.where(np.isnan(x.array), 0.0, x), axis, dtype, out, keepdims)


def nanmean(
    a: Any, axis: Any = None, dtype: Any = None, out: Any = None, keepdims: bool = False
) -> Tensor:
    """:func:`mean` ignoring NaNs."""
    x = tensor_of(a)
    count = np.sum(~np.isnan(x.array), axis=_axis(axis), keepdims=keepdims)
    return ew.divide(nansum(x, axis, dtype, out, keepdims), Tensor.constant(np.asarray(count)))


def logsumexp(a: Any, axis: Any = None, b: Any = None, keepdims: bool = False) -> Tensor:
    """``log(sum(exp(a)))`` over ``axis``, stable (SciPy's ``logsumexp``; ``b`` scales the
    terms)."""
    x = tensor_of(a)
    if b is not None:
        x = ew.add(x, ew.log(tensor_of(b)))
    return rd.logsumexp(x, axis=_axis(axis), keepdims=bool(keepdims))


__all__ = [
    "all",
    "amax",
    "amin",
    "any",
    "argmax",
    "argmin",
    "argpartition",
    "argsort",
    "average",
    "count_nonzero",
    "cumprod",
    "cumsum",
    "diff",
    "gradient",
    "logsumexp",
    "max",
    "mean",
    "median",
    "min",
    "nanmean",
    "nansum",
    "partition",
    "prod",
    "ptp",
    "sort",
    "std",
    "sum",
    "var",
]
