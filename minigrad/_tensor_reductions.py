"""The Tensor's reduction, scan and sort methods (``sum``, ``mean``, ``var``, ``max``,
``cumsum``, ``sort``, ``topk``...), with PyTorch's signatures: ``dim``/``keepdim``, NumPy's
``axis``/``keepdims`` accepted as aliases. Each is one line calling
:mod:`minigrad.reductions`, which translates the arguments and calls the ops.

A mixin of :class:`~minigrad.tensor.Tensor`; ``_t`` is ``minigrad.tensor`` (see
``minigrad._tensor_methods`` for why).
"""

# PyTorch's method names (max, min, any, all, sorted...) shadow builtins on purpose.
# ruff: noqa: A002

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import minigrad.tensor as _t

if TYPE_CHECKING:
    from .tensor import Tensor


class ReductionsMixin:
    """The Tensor's reductions, scans and sorts (see the module docstring)."""

    __slots__ = ()

    def sum_to(self: Tensor, shape: Sequence[int]) -> Tensor:  # type: ignore[misc]
        """Sum over the broadcast axes so the result has ``shape`` (undoes broadcasting)."""
        return _t._reduce.sum_to(self, shape)

    def sum(  # type: ignore[misc]
        self: Tensor,
        dim: Any = None,
        keepdim: bool = False,
        *,
        dtype: Any = None,
        axis: Any = None,
        keepdims: Any = None,
    ) -> Tensor:
        return _t._torch_red.sum(self, dim, keepdim, dtype=dtype, axis=axis, keepdims=keepdims)

    def mean(  # type: ignore[misc]
        self: Tensor,
        dim: Any = None,
        keepdim: bool = False,
        *,
        dtype: Any = None,
        axis: Any = None,
        keepdims: Any = None,
    ) -> Tensor:
        return _t._torch_red.mean(self, dim, keepdim, dtype=dtype, axis=axis, keepdims=keepdims)

    def var(  # type: ignore[misc]
        self: Tensor,
        dim: Any = None,
        unbiased: Any = None,
        keepdim: bool = False,
        *,
        correction: Any = None,
        axis: Any = None,
        keepdims: Any = None,
    ) -> Tensor:
        return _t._torch_red.var(
            self, dim, unbiased, keepdim, correction=correction, axis=axis, keepdims=keepdims
        )

    def std(  # type: ignore[misc]
        self: Tensor,
        dim: Any = None,
        unbiased: Any = None,
        keepdim: bool = False,
        *,
        correction: Any = None,
        axis: Any = None,
        keepdims: Any = None,
    ) -> Tensor:
        return _t._torch_red.std(
            self, dim, unbiased, keepdim, correction=correction, axis=axis, keepdims=keepdims
        )

    def max(  # type: ignore[misc]
        self: Tensor,
        dim: Any = None,
        keepdim: bool = False,
        *,
        axis: Any = None,
        keepdims: Any = None,
    ) -> Any:
        return _t._torch_red.max(self, dim, keepdim, axis=axis, keepdims=keepdims)

    def min(  # type: ignore[misc]
        self: Tensor,
        dim: Any = None,
        keepdim: bool = False,
        *,
        axis: Any = None,
        keepdims: Any = None,
    ) -> Any:
        return _t._torch_red.min(self, dim, keepdim, axis=axis, keepdims=keepdims)

    def logsumexp(  # type: ignore[misc]
        self: Tensor,
        dim: Any = None,
        keepdim: bool = False,
        *,
        axis: Any = None,
        keepdims: Any = None,
    ) -> Tensor:
        return _t._torch_red.logsumexp(self, dim, keepdim, axis=axis, keepdims=keepdims)

    def argmax(  # type: ignore[misc]
        self: Tensor,
        dim: Any = None,
        keepdim: bool = False,
        *,
        axis: Any = None,
        keepdims: Any = None,
    ) -> Tensor:
        return _t._torch_red.argmax(self, dim, keepdim, axis=axis, keepdims=keepdims)

    def argmin(  # type: ignore[misc]
        self: Tensor,
        dim: Any = None,
        keepdim: bool = False,
        *,
        axis: Any = None,
        keepdims: Any = None,
    ) -> Tensor:
        return _t._torch_red.argmin(self, dim, keepdim, axis=axis, keepdims=keepdims)

    def any(  # type: ignore[misc]
        self: Tensor,
        dim: Any = None,
        keepdim: bool = False,
        *,
        axis: Any = None,
        keepdims: Any = None,
    ) -> Tensor:
        return _t._torch_red.any(self, dim, keepdim, axis=axis, keepdims=keepdims)

    def all(  # type: ignore[misc]
        self: Tensor,
        dim: Any = None,
        keepdim: bool = False,
        *,
        axis: Any = None,
        keepdims: Any = None,
    ) -> Tensor:
        return _t._torch_red.all(self, dim, keepdim, axis=axis, keepdims=keepdims)

    # Products, NaN-aware and extreme reductions, scans and sorts

    def prod(  # type: ignore[misc]
        self: Tensor,
        dim: Any = None,
        keepdim: bool = False,
        *,
        dtype: Any = None,
        axis: Any = None,
        keepdims: Any = None,
    ) -> Tensor:
        return _t._torch_red.prod(self, dim, keepdim, dtype=dtype, axis=axis, keepdims=keepdims)

    def nansum(  # type: ignore[misc]
        self: Tensor,
        dim: Any = None,
        keepdim: bool = False,
        *,
        dtype: Any = None,
        axis: Any = None,
        keepdims: Any = None,
    ) -> Tensor:
        return _t._torch_red.nansum(self, dim, keepdim, dtype=dtype, axis=axis, keepdims=keepdims)

    def nanmean(  # type: ignore[misc]
        self: Tensor,
        dim: Any = None,
        keepdim: bool = False,
        *,
        dtype: Any = None,
        axis: Any = None,
        keepdims: Any = None,
    ) -> Tensor:
        return _t._torch_red.nanmean(self, dim, keepdim, dtype=dtype, axis=axis, keepdims=keepdims)

    def amax(  # type: ignore[misc]
        self: Tensor,
        dim: Any = (),
        keepdim: bool = False,
        *,
        axis: Any = None,
        keepdims: Any = None,
    ) -> Tensor:
        return _t._torch_red.amax(self, dim, keepdim, axis=axis, keepdims=keepdims)

    def amin(  # type: ignore[misc]
        self: Tensor,
        dim: Any = (),
        keepdim: bool = False,
        *,
        axis: Any = None,
        keepdims: Any = None,
    ) -> Tensor:
        return _t._torch_red.amin(self, dim, keepdim, axis=axis, keepdims=keepdims)

    def aminmax(self: Tensor, *, dim: Any = None, keepdim: bool = False) -> Any:  # type: ignore[misc]
        return _t._torch_red.aminmax(self, dim=dim, keepdim=keepdim)

    def norm(  # type: ignore[misc]
        self: Tensor, p: Any = "fro", dim: Any = None, keepdim: bool = False, dtype: Any = None
    ) -> Tensor:
        return _t._torch_red.norm(self, p, dim, keepdim, dtype)

    def count_nonzero(self: Tensor, dim: Any = None) -> Tensor:  # type: ignore[misc]
        return _t._torch_red.count_nonzero(self, dim)

    def cumsum(self: Tensor, dim: Any = None, *, dtype: Any = None, axis: Any = None) -> Tensor:  # type: ignore[misc]
        return _t._torch_red.cumsum(self, dim, dtype=dtype, axis=axis)

    def cumprod(self: Tensor, dim: Any = None, *, dtype: Any = None, axis: Any = None) -> Tensor:  # type: ignore[misc]
        return _t._torch_red.cumprod(self, dim, dtype=dtype, axis=axis)

    def logcumsumexp(self: Tensor, dim: Any = None) -> Tensor:  # type: ignore[misc]
        return _t._torch_red.logcumsumexp(self, dim)

    def cummax(self: Tensor, dim: Any = None) -> Any:  # type: ignore[misc]
        return _t._torch_red.cummax(self, dim)

    def cummin(self: Tensor, dim: Any = None) -> Any:  # type: ignore[misc]
        return _t._torch_red.cummin(self, dim)

    def diff(  # type: ignore[misc]
        self: Tensor, n: int = 1, dim: int = -1, prepend: Any = None, append: Any = None
    ) -> Tensor:
        return _t._torch_red.diff(self, n, dim, prepend, append)

    def sort(  # type: ignore[misc]
        self: Tensor,
        dim: int = -1,
        descending: bool = False,
        *,
        stable: bool = False,
        axis: Any = None,
    ) -> Any:
        return _t._torch_red.sort(self, dim, descending, stable=stable, axis=axis)

    def argsort(  # type: ignore[misc]
        self: Tensor,
        dim: int = -1,
        descending: bool = False,
        *,
        stable: bool = False,
        axis: Any = None,
    ) -> Tensor:
        return _t._torch_red.argsort(self, dim, descending, stable=stable, axis=axis)

    def msort(self: Tensor) -> Tensor:  # type: ignore[misc]
        return _t._torch_red.msort(self)

    def topk(  # type: ignore[misc]
        self: Tensor,
        k: int,
        dim: int = -1,
        largest: bool = True,
        sorted: bool = True,
        *,
        axis: Any = None,
    ) -> Any:
        return _t._torch_red.topk(self, k, dim, largest, sorted, axis=axis)

    def kthvalue(  # type: ignore[misc]
        self: Tensor,
        k: int,
        dim: int = -1,
        keepdim: bool = False,
        *,
        axis: Any = None,
        keepdims: Any = None,
    ) -> Any:
        return _t._torch_red.kthvalue(self, k, dim, keepdim, axis=axis, keepdims=keepdims)

    def median(  # type: ignore[misc]
        self: Tensor,
        dim: Any = None,
        keepdim: bool = False,
        *,
        axis: Any = None,
        keepdims: Any = None,
    ) -> Any:
        return _t._torch_red.median(self, dim, keepdim, axis=axis, keepdims=keepdims)

    def mode(self: Tensor, dim: int = -1, keepdim: bool = False) -> Any:  # type: ignore[misc]
        return _t._torch_red.mode(self, dim, keepdim)
