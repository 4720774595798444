"""The PyTorch face of the reductions, scans and sorts: ``minigrad.sum``, ``minigrad.max``,
``minigrad.sort``... with PyTorch's argument names (``dim``, ``keepdim``, ``correction``),
defaults (``std``/``var`` are unbiased) and return types (named tuples from
:mod:`minigrad.return_types`). The ``Tensor`` methods of the same names call these.

Each function translates its arguments and calls the face-neutral op in ``minigrad.ops``
(``reduce``, ``extreme``, ``scan``, ``sort``). NumPy's spellings ``axis=``/``keepdims=`` are
accepted as aliases of ``dim=``/``keepdim=``; passing both raises ``TypeError``
(:mod:`minigrad._dims`). The scans and sorts are in :mod:`minigrad.sort_functions`,
re-exported here.
"""

# PyTorch's names and argument names (sum, max, input, ...) shadow builtins on purpose.
# ruff: noqa: A001, A002

from __future__ import annotations

from typing import Any

from . import return_types
from ._dims import Dim, dim_arg, keepdim_arg, one_dim
from .ops import extreme as _ex
from .ops import reduce as _red
from .ops import sort as _sort
from .ops._shape_args import is_int, tensor_arg
from .ops.elementwise import maximum, minimum
from .sort_functions import (
    argsort,
    cummax,
    cummin,
    cumprod,
    cumsum,
    diff,
    kthvalue,
    logcumsumexp,
    median,
    mode,
    msort,
    sort,
    topk,
)
from .tensor import Tensor

__all__ = [
    "all",
    "amax",
    "amin",
    "aminmax",
    "any",
    "argmax",
    "argmin",
    "argsort",
    "count_nonzero",
    "cummax",
    "cummin",
    "cumprod",
    "cumsum",
    "diff",
    "kthvalue",
    "logcumsumexp",
    "logsumexp",
    "max",
    "mean",
    "median",
    "min",
    "mode",
    "msort",
    "nanmean",
    "nansum",
    "norm",
    "prod",
    "sort",
    "std",
    "std_mean",
    "sum",
    "topk",
    "var",
    "var_mean",
]


# --------------------------------------------------------------------------------------------
# Sums, means, products, moments
# --------------------------------------------------------------------------------------------


def sum(
    input: Tensor,
    dim: Dim = None,
    keepdim: bool = False,
    *,
    dtype: Any = None,
    axis: Dim = None,
    keepdims: bool | None = None,
) -> Tensor:
    """Sum over ``dim`` (all dimensions if None), as ``torch.sum``. Integers and booleans
    sum to int64; ``dtype`` converts the input first."""
    if axis is not None or keepdims is not None or isinstance(dim, (tuple, list)):
        dim, keepdim = dim_arg("sum", dim, axis), keepdim_arg("sum", keepdim, keepdims)
    return _red.sum(input, dim, dtype, keepdim)


def mean(
    input: Tensor,
    dim: Dim = None,
    keepdim: bool = False,
    *,
    dtype: Any = None,
    axis: Dim = None,
    keepdims: bool | None = None,
) -> Tensor:
    """Mean over ``dim``, as ``torch.mean`` (integer input gives float64, where PyTorch
    asks for a float ``dtype``)."""
    if axis is not None or keepdims is not None or isinstance(dim, (tuple, list)):
        dim, keepdim = dim_arg("mean", dim, axis), keepdim_arg("mean", keepdim, keepdims)
    return _red.mean(input, dim, dtype, keepdim)


def nansum(input, dim=None, keepdim=False, *, dtype=None, axis=None, keepdims=None) -> Tensor:
    """Sum over ``dim`` treating NaN as 0, as ``torch.nansum``."""
    return _red.nansum(
        input, dim_arg("nansum", dim, axis), dtype, keepdim_arg("nansum", keepdim, keepdims)
    )


def nanmean(input, dim=None, keepdim=False, *, dtype=None, axis=None, keepdims=None) -> Tensor:
    """Mean over ``dim`` of the non-NaN elements, as ``torch.nanmean``."""
    return _red.nanmean(
        input, dim_arg("nanmean", dim, axis), dtype, keepdim_arg("nanmean", keepdim, keepdims)
    )


def prod(input, dim=None, keepdim=False, *, dtype=None, axis=None, keepdims=None) -> Tensor:
    """Product over ``dim``, as ``torch.prod``; the gradient is right with zeros."""
    return _red.prod(
        input, dim_arg("prod", dim, axis), dtype, keepdim_arg("prod", keepdim, keepdims)
    )


def _ddof(op: str, dim: Any, unbiased: Any, correction: Any) -> tuple[Any, float]:
    """PyTorch's ``(dim, unbiased)`` / ``(unbiased)`` / ``correction=`` forms, as
    ``(dim, ddof)``; the default is the unbiased estimate (``correction=1``)."""
    if isinstance(dim, bool):  # the overload var(unbiased)
        if unbiased is not None:
            raise TypeError(f"{op}: got unbiased twice")
        dim, unbiased = None, dim
    if unbiased is not None and correction is not None:
        raise TypeError(f"{op}: give either unbiased or correction, not both")
    if unbiased is not None:
        if not isinstance(unbiased, bool):
            raise TypeError(f"{op}: unbiased must be a bool, got {unbiased!r}")
        return dim, int(unbiased)
    return dim, 1 if correction is None else correction


def var(
    input: Tensor,
    dim: Dim = None,
    unbiased: bool | None = None,
    keepdim: bool = False,
    *,
    correction: float | None = None,
    axis: Dim = None,
    keepdims: bool | None = None,
) -> Tensor:
    """Variance over ``dim``, as ``torch.var``: ``sum((x - mean)**2) / (n - correction)``
    with ``correction=1`` (unbiased) by default; ``unbiased=False`` is ``correction=0``."""
    dim, ddof = _ddof("var", dim, unbiased, correction)
    return _red.var(
        input, dim_arg("var", dim, axis), None, ddof, keepdim_arg("var", keepdim, keepdims)
    )


def std(
    input: Tensor,
    dim: Dim = None,
    unbiased: bool | None = None,
    keepdim: bool = False,
    *,
    correction: float | None = None,
    axis: Dim = None,
    keepdims: bool | None = None,
) -> Tensor:
    """Standard deviation over ``dim``, as ``torch.std`` (unbiased by default; see
    :func:`var`). The gradient where it is 0 is 0, as in PyTorch."""
    dim, ddof = _ddof("std", dim, unbiased, correction)
    return _red.std(
        input, dim_arg("std", dim, axis), None, ddof, keepdim_arg("std", keepdim, keepdims)
    )


def var_mean(
    input, dim=None, unbiased=None, keepdim=False, *, correction=None, axis=None, keepdims=None
) -> tuple[Tensor, Tensor]:
    """``(var, mean)`` over ``dim``, as ``torch.var_mean``."""
    input = tensor_arg("var_mean", input)
    v = var(input, dim, unbiased, keepdim, correction=correction, axis=axis, keepdims=keepdims)
    d, _ = _ddof("var_mean", dim, unbiased, correction)
    return v, mean(input, d, keepdim, axis=axis, keepdims=keepdims)


def std_mean(
    input, dim=None, unbiased=None, keepdim=False, *, correction=None, axis=None, keepdims=None
) -> tuple[Tensor, Tensor]:
    """``(std, mean)`` over ``dim``, as ``torch.std_mean``."""
    input = tensor_arg("std_mean", input)
    s = std(input, dim, unbiased, keepdim, correction=correction, axis=axis, keepdims=keepdims)
    d, _ = _ddof("std_mean", dim, unbiased, correction)
    return s, mean(input, d, keepdim, axis=axis, keepdims=keepdims)


# --------------------------------------------------------------------------------------------
# Extremes, arg-extremes, logsumexp, norms
# --------------------------------------------------------------------------------------------


def _extreme(op: str, input: Any, dim: Any, keepdim: bool, axis: Any, keepdims: Any) -> Any:
    x = tensor_arg(op, input)
    if isinstance(dim, Tensor):  # max(input, other): the element-wise maximum
        return (maximum if op == "max" else minimum)(x, dim)
    dim, keep = dim_arg(op, dim, axis), keepdim_arg(op, keepdim, keepdims)
    if dim is None:
        if keep:
            raise TypeError(f"{op}: keepdim=True needs a dim (use amax/amin to keep all dims)")
        return (_ex.max if op == "max" else _ex.min)(x)
    if not is_int(dim):
        raise TypeError(f"{op}: dim must be an int, got {dim!r}; use amax/amin for several")
    ax = one_dim(op, x, dim)
    flat = x.reshape(1) if x.ndim == 0 else x
    idx = (_ex.argmax if op == "max" else _ex.argmin)(flat, ax, keepdims=True)
    values = _sort.take_along_axis(flat, idx, ax)
    if x.ndim == 0:
        values, idx = values.reshape(()), idx.reshape(())
    elif not keep:
        values, idx = values.squeeze(ax), idx.squeeze(ax)
    return getattr(return_types, op)(values, idx)


def max(input, dim=None, keepdim=False, *, axis=None, keepdims=None) -> Any:
    """As ``torch.max``: ``max(x)`` is the largest element (0-d; ties share the gradient);
    ``max(x, dim, keepdim=False)`` is ``return_types.max(values, indices)`` (the gradient goes
    to the element at ``indices``; ties pick the first); ``max(x, other)`` is
    :func:`~minigrad.maximum`."""
    return _extreme("max", input, dim, keepdim, axis, keepdims)


def min(input, dim=None, keepdim=False, *, axis=None, keepdims=None) -> Any:
    """As ``torch.min`` (see :func:`max`)."""
    return _extreme("min", input, dim, keepdim, axis, keepdims)


def amax(input, dim=(), keepdim=False, *, axis=None, keepdims=None) -> Tensor:
    """Largest elements over ``dim`` (all by default), as ``torch.amax``; ties share the
    gradient evenly."""
    x = tensor_arg("amax", input)
    return _ex.max(x, dim_arg("amax", dim, axis), keepdim_arg("amax", keepdim, keepdims))


def amin(input, dim=(), keepdim=False, *, axis=None, keepdims=None) -> Tensor:
    """Smallest elements over ``dim``, as ``torch.amin`` (see :func:`amax`)."""
    x = tensor_arg("amin", input)
    return _ex.min(x, dim_arg("amin", dim, axis), keepdim_arg("amin", keepdim, keepdims))


def aminmax(input, *, dim=None, keepdim=False, axis=None, keepdims=None) -> Any:
    """``return_types.aminmax(min, max)`` over ``dim`` (all if None), as ``torch.aminmax``."""
    x = tensor_arg("aminmax", input)
    d, k = dim_arg("aminmax", dim, axis), keepdim_arg("aminmax", keepdim, keepdims)
    return return_types.aminmax(_ex.min(x, d, k), _ex.max(x, d, k))


def argmax(input, dim=None, keepdim=False, *, axis=None, keepdims=None) -> Tensor:
    """Index of the largest element (of the flattened tensor if ``dim`` is None), as
    ``torch.argmax``: int64, no gradient; ties give the first."""
    return _ex.argmax(input, dim_arg("argmax", dim, axis), keepdim_arg("argmax", keepdim, keepdims))


def argmin(input, dim=None, keepdim=False, *, axis=None, keepdims=None) -> Tensor:
    """Index of the smallest element, as ``torch.argmin`` (see :func:`argmax`)."""
    return _ex.argmin(input, dim_arg("argmin", dim, axis), keepdim_arg("argmin", keepdim, keepdims))


def logsumexp(input, dim=None, keepdim=False, *, axis=None, keepdims=None) -> Tensor:
    """``log(sum(exp(x)))`` over ``dim``, stably, as ``torch.logsumexp`` (``dim`` is
    optional here; None reduces all)."""
    d, k = dim_arg("logsumexp", dim, axis), keepdim_arg("logsumexp", keepdim, keepdims)
    return _ex.logsumexp(input, d, k)


def norm(
    input, p="fro", dim=None, keepdim=False, dtype=None, *, axis=None, keepdims=None
) -> Tensor:
    """The ``p``-norm over ``dim`` (all elements if None), as ``torch.norm``: ``'fro'`` (the
    default) and 2 are the 2-norm; any number > 0, ``inf``, ``-inf`` and 0 are vector norms
    (see :func:`vector_norm`). ``'nuc'`` (a matrix norm) is not supported."""
    if p == "fro" or p is None:  # None: PyTorch's default norm
        p = 2
    elif isinstance(p, str):
        raise ValueError(f"norm: p={p!r} is not supported; use p='fro' or a number")
    d, k = dim_arg("norm", dim, axis), keepdim_arg("norm", keepdim, keepdims)
    return _ex.vector_norm(input, p, d, k, dtype=dtype)


def vector_norm(
    x, ord=2, dim=None, keepdim=False, *, dtype=None, axis=None, keepdims=None
) -> Tensor:
    """As ``torch.linalg.vector_norm``: ``ord`` a number > 0, ``inf``, ``-inf`` or 0; the
    gradient where the norm is 0 is 0."""
    d, k = dim_arg("vector_norm", dim, axis), keepdim_arg("vector_norm", keepdim, keepdims)
    return _ex.vector_norm(x, ord, d, k, dtype=dtype)


def count_nonzero(input, dim=None, *, axis=None) -> Tensor:
    """The number of nonzero elements over ``dim``, as ``torch.count_nonzero`` (int64)."""
    return _red.count_nonzero(input, dim_arg("count_nonzero", dim, axis))


def all(input, dim=None, keepdim=False, *, axis=None, keepdims=None) -> Tensor:
    """Whether every element over ``dim`` is nonzero, as ``torch.all`` (bool)."""
    return _red.all(input, dim_arg("all", dim, axis), keepdim_arg("all", keepdim, keepdims))


def any(input, dim=None, keepdim=False, *, axis=None, keepdims=None) -> Tensor:
    """Whether any element over ``dim`` is nonzero, as ``torch.any`` (bool)."""
    return _red.any(input, dim_arg("any", dim, axis), keepdim_arg("any", keepdim, keepdims))
