"""The PyTorch face of the scans and sorts: ``minigrad.cumsum``, ``minigrad.sort``,
``minigrad.topk``, ``minigrad.median``... with PyTorch's argument names, defaults and return
types (named tuples from :mod:`minigrad.return_types`). The ``Tensor`` methods of the same
names call these; :mod:`minigrad.reductions` re-exports them.

Each translates its arguments (:mod:`minigrad._dims`) and calls the face-neutral op in
``minigrad.ops`` (``scan``, ``sort``).
"""

# PyTorch's names and argument names (sorted, input, ...) shadow builtins on purpose.
# ruff: noqa: A002

from __future__ import annotations

from typing import Any

from . import return_types
from ._dims import dim_arg, keepdim_arg, one_dim
from .ops import scan as _scan
from .ops import sort as _sort
from .ops._shape_args import tensor_arg
from .tensor import Tensor

__all__ = [
    "argsort",
    "cummax",
    "cummin",
    "cumprod",
    "cumsum",
    "diff",
    "kthvalue",
    "logcumsumexp",
    "median",
    "mode",
    "msort",
    "sort",
    "topk",
]


# --------------------------------------------------------------------------------------------
# Scans
# --------------------------------------------------------------------------------------------


def _scan_dim(op: str, dim: Any, axis: Any) -> int:
    d = dim_arg(op, dim, axis)
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
    x = tensor_arg("sort", input)
    d = dim if axis is None else axis
    idx = _sort.argsort(x, d, descending=descending, stable=stable)
    flat, ax = (x.reshape(1), 0) if x.ndim == 0 else (x, one_dim("sort", x, d))
    values = _sort.take_along_axis(flat, idx.reshape(flat.shape), ax).reshape(x.shape)
    return return_types.sort(values, idx)


def argsort(input, dim=-1, descending=False, *, stable=False, axis=None) -> Tensor:
    """Indices that sort ``input`` along ``dim``, as ``torch.argsort`` (int64, stable)."""
    d = dim if axis is None else axis
    return _sort.argsort(input, d, descending=descending, stable=stable)


def msort(input) -> Tensor:
    """``input`` sorted along dimension 0, as ``torch.msort``."""
    return _sort.msort(tensor_arg("msort", input))


def topk(input, k, dim=-1, largest=True, sorted=True, *, axis=None) -> Any:
    """``return_types.topk(values, indices)``: the ``k`` largest (or smallest) along
    ``dim``, as ``torch.topk``."""
    d = dim if axis is None else axis
    return return_types.topk(*_sort.topk(input, k, axis=d, largest=largest, sorted=sorted))


def kthvalue(input, k, dim=-1, keepdim=False, *, axis=None, keepdims=None) -> Any:
    """``return_types.kthvalue(values, indices)``: the ``k``-th smallest along ``dim``."""
    d, kd = (dim if axis is None else axis), keepdim_arg("kthvalue", keepdim, keepdims)
    return return_types.kthvalue(*_sort.kthvalue(input, k, axis=d, keepdims=kd))


def median(input, dim=None, keepdim=False, *, axis=None, keepdims=None) -> Any:
    """As ``torch.median``: the lower median (an element, not a mean of two).
    ``median(x)`` is 0-d; ``median(x, dim)`` is ``return_types.median(values, indices)``."""
    x = tensor_arg("median", input)
    d, kd = dim_arg("median", dim, axis), keepdim_arg("median", keepdim, keepdims)
    if d is None:
        if x.size == 0:
            raise ValueError("median: the input is empty")
        return _sort.kthvalue(x.reshape(-1), (x.size + 1) // 2, axis=0)[0]
    n = x.shape[one_dim("median", x, d)] if x.ndim else 1
    if n == 0:
        raise ValueError(f"median: dim {d} is empty (shape {x.shape})")
    return return_types.median(*_sort.kthvalue(x, (n + 1) // 2, axis=d, keepdims=kd))


def mode(input, dim=-1, keepdim=False, *, axis=None, keepdims=None) -> Any:
    """``return_types.mode(values, indices)``: the most frequent value along ``dim`` (the
    smallest among equally frequent ones), as ``torch.mode``."""
    d, kd = (dim if axis is None else axis), keepdim_arg("mode", keepdim, keepdims)
    return return_types.mode(*_sort.mode(input, axis=d, keepdims=kd))
