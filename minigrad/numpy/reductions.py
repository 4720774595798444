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
from numpy.lib.array_utils import normalize_axis_tuple

from ..ops import elementwise as ew
from ..ops import extreme as ex
from ..ops import reduce as rd
from ..ops import scan as sc
from ..ops import shape as sh
from ..ops import sort as so
from ..tensor import Tensor
from ._convert import tensor_of

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
    x = _prepare("sum", a, None, out, kwargs)
    return rd.sum(x, axis=_axis(axis), dtype=dtype, keepdims=bool(keepdims))


def mean(
    a: Any,
    axis: Any = None,
    dtype: Any = None,
    out: Any = None,
    keepdims: bool = False,
    **kwargs: Any,
) -> Tensor:
    """Arithmetic mean over ``axis`` (integers give float64)."""
    x = _prepare("mean", a, None, out, kwargs)
    return rd.mean(x, axis=_axis(axis), dtype=dtype, keepdims=bool(keepdims))


def var(
    a: Any,
    axis: Any = None,
    dtype: Any = None,
    out: Any = None,
    ddof: float = 0,
    keepdims: bool = False,
    *,
    correction: Any = _NoValue,
    **kwargs: Any,
) -> Tensor:
    """Variance over ``axis`` with ``N - ddof`` in the denominator (NumPy's default
    ``ddof=0``, the biased estimate; PyTorch's default is unbiased). Where one value is
    reduced (``N = 1``) the gradient is 0, as in HIPS autograd."""
    x = _prepare("var", a, None, out, kwargs)
    ddof = ddof if correction is _NoValue else correction
    return rd.var(x, axis=_axis(axis), dtype=dtype, ddof=ddof, keepdims=bool(keepdims))


def std(
    a: Any,
    axis: Any = None,
    dtype: Any = None,
    out: Any = None,
    ddof: float = 0,
    keepdims: bool = False,
    *,
    correction: Any = _NoValue,
    **kwargs: Any,
) -> Tensor:
    """Standard deviation over ``axis`` (``ddof`` as in :func:`var`); where it is 0 the
    gradient is 0 (the one-sided slopes are ±1/√N: 0 is their mean, as in HIPS autograd)."""
    x = _prepare("std", a, None, out, kwargs)
    ddof = ddof if correction is _NoValue else correction
    return rd.std(x, axis=_axis(axis), dtype=dtype, ddof=ddof, keepdims=bool(keepdims))


def max(a: Any, axis: Any = None, out: Any = None, keepdims: bool = False, **kwargs: Any) -> Tensor:
    """The largest element over ``axis``; tied maxima share the gradient evenly."""
    x = _prepare("max", a, None, out, kwargs)
    return ex.max(x, axis=_axis(axis), keepdims=bool(keepdims))


def min(a: Any, axis: Any = None, out: Any = None, keepdims: bool = False, **kwargs: Any) -> Tensor:
    """The smallest element over ``axis``; tied minima share the gradient evenly."""
    x = _prepare("min", a, None, out, kwargs)
    return ex.min(x, axis=_axis(axis), keepdims=bool(keepdims))


amax, amin = max, min


def ptp(a: Any, axis: Any = None, out: Any = None, keepdims: bool = False) -> Tensor:
    """``max - min`` over ``axis`` (ties share as in :func:`max`)."""
    x = _prepare("ptp", a, None, out, {})
    return ex.ptp(x, axis=_axis(axis), keepdims=bool(keepdims))


def prod(
    a: Any,
    axis: Any = None,
    dtype: Any = None,
    out: Any = None,
    keepdims: bool = False,
    **kwargs: Any,
) -> Tensor:
    """The product over ``axis``; the gradient is the product of the other factors (exact
    with zeros among them)."""
    x = _prepare("prod", a, None, out, kwargs)
    return rd.prod(x, axis=_axis(axis), dtype=dtype, keepdims=bool(keepdims))


def cumsum(a: Any, axis: int | None = None, dtype: Any = None, out: Any = None) -> Tensor:
    """Running sum along ``axis`` (of the flattened array if None)."""
    return sc.cumsum(_prepare("cumsum", a, None, out, {}), axis=axis, dtype=dtype)


def cumprod(a: Any, axis: int | None = None, dtype: Any = None, out: Any = None) -> Tensor:
    """Running product along ``axis`` (of the flattened array if None); exact with zeros."""
    return sc.cumprod(_prepare("cumprod", a, None, out, {}), axis=axis, dtype=dtype)


def diff(
    a: Any, n: int = 1, axis: int = -1, prepend: Any = _NoValue, append: Any = _NoValue
) -> Tensor:
    """The ``n``-th discrete difference along ``axis`` (``prepend``/``append`` joined first)."""

    def opt(v: Any) -> Any:
        return None if v is _NoValue else tensor_of(v)

    t = tensor_of(a)
    if t.dtype.kind == "b":  # NumPy's difference of bools is "not equal"
        return _bool_diff(t, n, axis, opt(prepend), opt(append))
    return sc.diff(t, n=n, axis=axis, prepend=opt(prepend), append=opt(append))


def _bool_diff(t: Tensor, n: int, axis: int, prepend: Any, append: Any) -> Tensor:
    ends = {k: v.array for k, v in (("prepend", prepend), ("append", append)) if v is not None}
    return Tensor.constant(np.diff(t.array, n, axis, **ends))  # bool: no gradient


def _gradient_1d(f: Tensor, ax: int, h: float, edge_order: int) -> Tensor:
    lead = (slice(None),) * ax

    def at(s: Any) -> Tensor:
        index = (*lead, s)
        return f[index]

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
    w = None if weights is None else tensor_of(weights)
    return rd.average(
        tensor_of(a), axis=_axis(axis), weights=w, returned=returned, keepdims=keepdims
    )


def sort(
    a: Any, axis: int | None = -1, kind: Any = None, order: Any = None, *, stable: Any = None
) -> Tensor:
    """``a`` sorted along ``axis`` (flattened if None; stable); each element keeps its
    gradient."""
    if order is not None:
        raise TypeError("minigrad.numpy.sort: order= (structured arrays) is not supported")
    return so.sort(tensor_of(a), axis=axis, kind=kind, stable=stable)


def _introselect(kind: Any) -> None:
    if kind != "introselect":  # NumPy's only selection algorithm
        raise (ValueError if isinstance(kind, str) else TypeError)(
            f"kind must be 'introselect', got {kind!r}"
        )


def partition(
    a: Any, kth: Any, axis: int | None = -1, kind: str = "introselect", order: Any = None
) -> Tensor:
    """``a`` partitioned around the ``kth`` element(s) along ``axis``."""
    _introselect(kind)
    return so.partition(tensor_of(a), kth, axis=axis)


def median(
    a: Any, axis: Any = None, out: Any = None, overwrite_input: bool = False, keepdims: bool = False
) -> Tensor:
    """The median over ``axis``: the mean of the middle one or two sorted elements (which
    share the gradient half and half)."""
    x = _prepare("median", a, None, out, {})
    x = x if x.dtype.kind == "f" else tensor_of(x, np.float64)  # NumPy's mean of ints
    return so.median(x, axis=axis, keepdims=keepdims)


def argmax(a: Any, axis: Any = None, out: Any = None, *, keepdims: bool = False) -> Tensor:
    """Index of the largest element, the first on ties (constant)."""
    return ex.argmax(_prepare("argmax", a, None, out, {}), axis=axis, keepdims=keepdims)


def argmin(a: Any, axis: Any = None, out: Any = None, *, keepdims: bool = False) -> Tensor:
    """Index of the smallest element, the first on ties (constant)."""
    return ex.argmin(_prepare("argmin", a, None, out, {}), axis=axis, keepdims=keepdims)


def argsort(
    a: Any, axis: int | None = -1, kind: Any = None, order: Any = None, *, stable: Any = None
) -> Tensor:
    """Indices that sort ``a`` (constant; stable)."""
    return so.argsort(tensor_of(a), axis=axis, kind=kind, stable=stable)


def argpartition(
    a: Any, kth: Any, axis: int | None = -1, kind: str = "introselect", order: Any = None
) -> Tensor:
    """Indices that partition ``a`` (constant)."""
    _introselect(kind)
    return so.argpartition(tensor_of(a), kth, axis=axis)


def any(a: Any, axis: Any = None, out: Any = None, keepdims: bool = False, **kwargs: Any) -> Tensor:
    """Whether any element over ``axis`` is true (bool, constant)."""
    return rd.any(_prepare("any", a, None, out, kwargs), axis=_axis(axis), keepdims=keepdims)


def all(a: Any, axis: Any = None, out: Any = None, keepdims: bool = False, **kwargs: Any) -> Tensor:
    """Whether every element over ``axis`` is true (bool, constant)."""
    return rd.all(_prepare("all", a, None, out, kwargs), axis=_axis(axis), keepdims=keepdims)


def count_nonzero(a: Any, axis: Any = None, *, keepdims: bool = False) -> Any:
    """How many elements are nonzero (constant)."""
    return rd.count_nonzero(tensor_of(a), axis=_axis(axis), keepdims=keepdims)


def nansum(
    a: Any, axis: Any = None, dtype: Any = None, out: Any = None, keepdims: bool = False
) -> Tensor:
    """:func:`sum` treating NaN as 0 (NaN entries get gradient 0)."""
    x = _prepare("nansum", a, None, out, {})
    return rd.nansum(x, axis=_axis(axis), dtype=dtype, keepdims=keepdims)


def nanmean(
    a: Any, axis: Any = None, dtype: Any = None, out: Any = None, keepdims: bool = False
) -> Tensor:
    """:func:`mean` ignoring NaNs."""
    x = _prepare("nanmean", a, None, out, {})
    x = x if x.dtype.kind == "f" else tensor_of(x, np.float64)  # NumPy's mean of ints
    return rd.nanmean(x, axis=_axis(axis), dtype=dtype, keepdims=keepdims)


def logsumexp(a: Any, axis: Any = None, b: Any = None, keepdims: bool = False) -> Tensor:
    """``log(sum(exp(a)))`` over ``axis``, stable (SciPy's ``logsumexp``; ``b`` scales the
    terms)."""
    x = tensor_of(a)
    if b is not None:
        x = ew.add(x, ew.log(tensor_of(b)))
    return ex.logsumexp(x, axis=_axis(axis), keepdims=bool(keepdims))


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
