"""The PyTorch face of the reductions, scans and sorts: ``minigrad.sum``, ``minigrad.max``,
``minigrad.sort``... with PyTorch's argument names (``dim``, ``keepdim``, ``correction``),
defaults (``std``/``var`` are unbiased) and return types (named tuples from
:mod:`minigrad.return_types`). The ``Tensor`` methods of the same names call these.

Each function translates its arguments and calls the face-neutral op in ``minigrad.ops``
(``reduce``, ``extreme``, ``scan``, ``sort``). NumPy's spellings ``axis=``/``keepdims=`` are
accepted as aliases of ``dim=``/``keepdim=``; passing both raises ``TypeError``.
(A module over ~400 lines: one thin wrapper per PyTorch name, nothing else.)
"""

# PyTorch's names and argument names (sum, max, input, ...) shadow builtins on purpose.
# ruff: noqa: A001, A002

from __future__ import annotations

from typing import Any

from . import return_types
from .ops import extreme as _ex
from .ops import reduce as _red
from .ops import scan as _scan
from .ops import sort as _sort
from .ops.elementwise import maximum, minimum
from .ops.indexing import _is_int
from .ops.shape import _axis, _tensor
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

Dim = Any  # None, an int, or a tuple/list of ints


def _dim(op: str, dim: Any, axis: Any) -> Any:
    """``dim``, or its NumPy alias ``axis``. An empty tuple/list means every dimension, as
    in PyTorch (NumPy's ``axis=()`` reduces none)."""
    if axis is not None:
        if dim is not None and dim != ():  # () is amax's default
            raise TypeError(f"{op}: got both dim={dim!r} and its alias axis={axis!r}")
        dim = axis
    if isinstance(dim, (tuple, list)) and not dim:
        return None
    return dim


def _keep(op: str, keepdim: bool, keepdims: Any) -> bool:
    if keepdims is not None:
        if keepdim:
            raise TypeError(f"{op}: got both keepdim and its alias keepdims")
        return bool(keepdims)
    return bool(keepdim)


def _one_dim(op: str, x: Tensor, dim: Any) -> int:
    """A single ``dim`` as a non-negative int (a 0-d tensor accepts 0 and -1)."""
    return _axis(op, dim, x.ndim, x.shape, "dim") if x.ndim else _axis(op, dim, 1, (), "dim")


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
        dim, keepdim = _dim("sum", dim, axis), _keep("sum", keepdim, keepdims)
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
        dim, keepdim = _dim("mean", dim, axis), _keep("mean", keepdim, keepdims)
    return _red.mean(input, dim, dtype, keepdim)


def nansum(input, dim=None, keepdim=False, *, dtype=None, axis=None, keepdims=None) -> Tensor:
    """Sum over ``dim`` treating NaN as 0, as ``torch.nansum``."""
    return _red.nansum(input, _dim("nansum", dim, axis), dtype, _keep("nansum", keepdim, keepdims))


def nanmean(input, dim=None, keepdim=False, *, dtype=None, axis=None, keepdims=None) -> Tensor:
    """Mean over ``dim`` of the non-NaN elements, as ``torch.nanmean``."""
    return _red.nanmean(
        input, _dim("nanmean", dim, axis), dtype, _keep("nanmean", keepdim, keepdims)
    )


def prod(input, dim=None, keepdim=False, *, dtype=None, axis=None, keepdims=None) -> Tensor:
    """Product over ``dim``, as ``torch.prod``; the gradient is right with zeros."""
    return _red.prod(input, _dim("prod", dim, axis), dtype, _keep("prod", keepdim, keepdims))


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
    return _red.var(input, _dim("var", dim, axis), None, ddof, _keep("var", keepdim, keepdims))


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
    return _red.std(input, _dim("std", dim, axis), None, ddof, _keep("std", keepdim, keepdims))


def var_mean(
    input, dim=None, unbiased=None, keepdim=False, *, correction=None, axis=None, keepdims=None
) -> tuple[Tensor, Tensor]:
    """``(var, mean)`` over ``dim``, as ``torch.var_mean``."""
    input = _tensor("var_mean", input)
    v = var(input, dim, unbiased, keepdim, correction=correction, axis=axis, keepdims=keepdims)
    d, _ = _ddof("var_mean", dim, unbiased, correction)
    return v, mean(input, d, keepdim, axis=axis, keepdims=keepdims)


def std_mean(
    input, dim=None, unbiased=None, keepdim=False, *, correction=None, axis=None, keepdims=None
) -> tuple[Tensor, Tensor]:
    """``(std, mean)`` over ``dim``, as ``torch.std_mean``."""
    input = _tensor("std_mean", input)
    s = std(input, dim, unbiased, keepdim, correction=correction, axis=axis, keepdims=keepdims)
    d, _ = _ddof("std_mean", dim, unbiased, correction)
    return s, mean(input, d, keepdim, axis=axis, keepdims=keepdims)


# --------------------------------------------------------------------------------------------
# Extremes, arg-extremes, logsumexp, norms
# --------------------------------------------------------------------------------------------


def _extreme(op: str, input: Any, dim: Any, keepdim: bool, axis: Any, keepdims: Any) -> Any:
    x = _tensor(op, input)
    if isinstance(dim, Tensor):  # max(input, other): the element-wise maximum
        return (maximum if op == "max" else minimum)(x, dim)
    dim, keep = _dim(op, dim, axis), _keep(op, keepdim, keepdims)
    if dim is None:
        if keep:
            raise TypeError(f"{op}: keepdim=True needs a dim (use amax/amin to keep all dims)")
        return (_ex.max if op == "max" else _ex.min)(x)
    if not _is_int(dim):
        raise TypeError(f"{op}: dim must be an int, got {dim!r}; use amax/amin for several")
    ax = _one_dim(op, x, dim)
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
    x = _tensor("amax", input)
    return _ex.max(x, _dim("amax", dim, axis), _keep("amax", keepdim, keepdims))


def amin(input, dim=(), keepdim=False, *, axis=None, keepdims=None) -> Tensor:
    """Smallest elements over ``dim``, as ``torch.amin`` (see :func:`amax`)."""
    x = _tensor("amin", input)
    return _ex.min(x, _dim("amin", dim, axis), _keep("amin", keepdim, keepdims))


def aminmax(input, *, dim=None, keepdim=False, axis=None, keepdims=None) -> Any:
    """``return_types.aminmax(min, max)`` over ``dim`` (all if None), as ``torch.aminmax``."""
    x = _tensor("aminmax", input)
    d, k = _dim("aminmax", dim, axis), _keep("aminmax", keepdim, keepdims)
    return return_types.aminmax(_ex.min(x, d, k), _ex.max(x, d, k))


def argmax(input, dim=None, keepdim=False, *, axis=None, keepdims=None) -> Tensor:
    """Index of the largest element (of the flattened tensor if ``dim`` is None), as
    ``torch.argmax``: int64, no gradient; ties give the first."""
    return _ex.argmax(input, _dim("argmax", dim, axis), _keep("argmax", keepdim, keepdims))


def argmin(input, dim=None, keepdim=False, *, axis=None, keepdims=None) -> Tensor:
    """Index of the smallest element, as ``torch.argmin`` (see :func:`argmax`)."""
    return _ex.argmin(input, _dim("argmin", dim, axis), _keep("argmin", keepdim, keepdims))


def logsumexp(input, dim=None, keepdim=False, *, axis=None, keepdims=None) -> Tensor:
    """``log(sum(exp(x)))`` over ``dim``, stably, as ``torch.logsumexp`` (``dim`` is
    optional here; None reduces all)."""
    d, k = _dim("logsumexp", dim, axis), _keep("logsumexp", keepdim, keepdims)
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
    d, k = _dim("norm", dim, axis), _keep("norm", keepdim, keepdims)
    return _ex.vector_norm(input, p, d, k, dtype=dtype)


def vector_norm(
    x, ord=2, dim=None, keepdim=False, *, dtype=None, axis=None, keepdims=None
) -> Tensor:
    """As ``torch.linalg.vector_norm``: ``ord`` a number > 0, ``inf``, ``-inf`` or 0; the
    gradient where the norm is 0 is 0."""
    d, k = _dim("vector_norm", dim, axis), _keep("vector_norm", keepdim, keepdims)
    return _ex.vector_norm(x, ord, d, k, dtype=dtype)


def count_nonzero(input, dim=None, *, axis=None) -> Tensor:
    """The number of nonzero elements over ``dim``, as ``torch.count_nonzero`` (int64)."""
    return _red.count_nonzero(input, _dim("count_nonzero", dim, axis))


def all(input, dim=None, keepdim=False, *, axis=None, keepdims=None) -> Tensor:
    """Whether every element over ``dim`` is nonzero, as ``torch.all`` (bool)."""
    return _red.all(input, _dim("all", dim, axis), _keep("all", keepdim, keepdims))


def any(input, dim=None, keepdim=False, *, axis=None, keepdims=None) -> Tensor:
    """Whether any element over ``dim`` is nonzero, as ``torch.any`` (bool)."""
    return _red.any(input, _dim("any", dim, axis), _keep("any", keepdim, keepdims))


# --------------------------------------------------------------------------------------------
# Scans
# --------------------------------------------------------------------------------------------


def _scan_dim(op: str, dim: Any, axis: Any) -> int:
    d = _dim(op, dim, axis)
    if d is None:
        raise TypeError(f"{op}: missing the required argument dim")
    return d


def cumsum(input, dim=None, *, dtype=None, axis=None) -> Tensor:
    """Cumulative sum along ``dim`` (required), as ``torch.cumsum``."""
    return _scan.cumsum(input, _scan_dim("cumsum", dim, axis), dtype)


def cumprod(input, dim=None, *, dtype=None, axis=None) -> Tensor:
    """Cumulative product along ``dim`` (required), as ``torch.cumprod``; the gradient is
    right with zeros."""
    return _scan.cumprod(input, _scan_dim("cumprod", dim, axis), dtype)


def logcumsumexp(input, dim=None, *, axis=None) -> Tensor:
    """``log(cumsum(exp(x)))`` along ``dim``, stably, as ``torch.logcumsumexp``."""
    return _scan.logcumsumexp(input, _scan_dim("logcumsumexp", dim, axis))


def cummax(input, dim=None, *, axis=None) -> Any:
    """``return_types.cummax(values, indices)``: the running maximum along ``dim``."""
    return return_types.cummax(*_scan.cummax(input, _scan_dim("cummax", dim, axis)))


def cummin(input, dim=None, *, axis=None) -> Any:
    """``return_types.cummin(values, indices)``: the running minimum along ``dim``."""
    return return_types.cummin(*_scan.cummin(input, _scan_dim("cummin", dim, axis)))


def diff(input, n=1, dim=-1, prepend=None, append=None, *, axis=None) -> Tensor:
    """The ``n``-th forward difference along ``dim``, as ``torch.diff``."""
    return _scan.diff(input, n, dim if axis is None else axis, prepend, append)


# --------------------------------------------------------------------------------------------
# Sorting and selection
# --------------------------------------------------------------------------------------------


def sort(input, dim=-1, descending=False, *, stable=False, axis=None) -> Any:
    """``return_types.sort(values, indices)`` along ``dim``, as ``torch.sort`` (always
    stable here: equal elements keep their order). Gradients flow to the values' sources."""
    x = _tensor("sort", input)
    d = dim if axis is None else axis
    idx = _sort.argsort(x, d, descending=descending, stable=stable)
    flat, ax = (x.reshape(1), 0) if x.ndim == 0 else (x, _one_dim("sort", x, d))
    values = _sort.take_along_axis(flat, idx.reshape(flat.shape), ax).reshape(x.shape)
    return return_types.sort(values, idx)


def argsort(input, dim=-1, descending=False, *, stable=False, axis=None) -> Tensor:
    """Indices that sort ``input`` along ``dim``, as ``torch.argsort`` (int64, stable)."""
    d = dim if axis is None else axis
    return _sort.argsort(input, d, descending=descending, stable=stable)


def msort(input) -> Tensor:
    """``input`` sorted along dimension 0, as ``torch.msort``."""
    return _sort.msort(_tensor("msort", input))


def topk(input, k, dim=-1, largest=True, sorted=True, *, axis=None) -> Any:
    """``return_types.topk(values, indices)``: the ``k`` largest (or smallest) along
    ``dim``, as ``torch.topk``."""
    d = dim if axis is None else axis
    return return_types.topk(*_sort.topk(input, k, axis=d, largest=largest, sorted=sorted))


def kthvalue(input, k, dim=-1, keepdim=False, *, axis=None, keepdims=None) -> Any:
    """``return_types.kthvalue(values, indices)``: the ``k``-th smallest along ``dim``."""
    d, kd = (dim if axis is None else axis), _keep("kthvalue", keepdim, keepdims)
    return return_types.kthvalue(*_sort.kthvalue(input, k, axis=d, keepdims=kd))


def median(input, dim=None, keepdim=False, *, axis=None, keepdims=None) -> Any:
    """As ``torch.median``: the lower median (an element, not a mean of two).
    ``median(x)`` is 0-d; ``median(x, dim)`` is ``return_types.median(values, indices)``."""
    x = _tensor("median", input)
    d, kd = _dim("median", dim, axis), _keep("median", keepdim, keepdims)
    if d is None:
        if x.size == 0:
            raise ValueError("median: the input is empty")
        return _sort.kthvalue(x.reshape(-1), (x.size + 1) // 2, axis=0)[0]
    n = x.shape[_one_dim("median", x, d)] if x.ndim else 1
    if n == 0:
        raise ValueError(f"median: dim {d} is empty (shape {x.shape})")
    return return_types.median(*_sort.kthvalue(x, (n + 1) // 2, axis=d, keepdims=kd))


def mode(input, dim=-1, keepdim=False, *, axis=None, keepdims=None) -> Any:
    """``return_types.mode(values, indices)``: the most frequent value along ``dim`` (the
    smallest among equally frequent ones), as ``torch.mode``."""
    d, kd = (dim if axis is None else axis), _keep("mode", keepdim, keepdims)
    return return_types.mode(*_sort.mode(input, axis=d, keepdims=kd))
