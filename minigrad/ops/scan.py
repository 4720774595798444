"""Scans (cumulative ops) along one axis: ``cumsum``, ``cumprod``, ``logcumsumexp``,
``cummax``/``cummin``; and ``diff``, their inverse in spirit.

The VJP of a cumulative sum is a cumulative sum taken from the other end, so :class:`Cumsum`
carries a ``reverse`` flag and is its own adjoint: gradients of any order stay in this one op.
``cumprod`` and ``logcumsumexp`` differentiate through ``Cumsum``; ``cummax``/``cummin`` pick
their values with :func:`~minigrad.ops.sort.take_along_axis`, so their gradient goes to the
element that is the running extreme.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..autograd import Function
from ..tensor import Tensor
from ._shape_args import axis_arg, tensor_arg
from .elementwise import where
from .shape import concatenate
from .sort import TakeAlongAxis

__all__ = ["cummax", "cummin", "cumprod", "cumsum", "diff", "logcumsumexp"]


def _along(op: str, a: Any, axis: int | None, dtype: Any = None) -> tuple[Tensor, int]:
    """``a`` as a Tensor (in ``dtype`` if given) and the scan axis; ``axis=None`` scans the
    flattened tensor (NumPy), and a 0-d tensor is scanned as one element."""
    x = tensor_arg(op, a)
    if dtype is not None:
        try:
            dt = np.dtype(dtype)
        except TypeError:
            raise TypeError(f"{op}: dtype must be a dtype, got {dtype!r}") from None
        x = x if dt == x.dtype else x.astype(dt)
    if axis is None or x.ndim == 0:
        if axis is not None:
            axis_arg(op, axis, 1, x.shape)
        return x.reshape(-1), 0
    return x, axis_arg(op, axis, x.ndim, x.shape)


def _back(out: Tensor, x: Any, axis: int | None) -> Tensor:
    """A 0-d input scanned with an explicit axis gives a 0-d result, as in PyTorch."""
    x = x if isinstance(x, Tensor) else np.asarray(x)
    return out.reshape(()) if x.ndim == 0 and axis is not None else out


class Cumsum(Function):
    """Running sums along ``axis``, from the start (or from the end if ``reverse``). The VJP
    is the running sum in the other direction."""

    @staticmethod
    def forward(ctx, a, *, axis, reverse):
        ctx.axis, ctx.reverse = axis, reverse
        if reverse:
            return np.flip(np.cumsum(np.flip(a, axis), axis), axis)
        return np.cumsum(a, axis)

    @staticmethod
    def backward(ctx, grad):
        return Cumsum.apply(grad, axis=ctx.axis, reverse=not ctx.reverse)


def cumsum(a: Tensor, axis: int | None = None, dtype: Any = None) -> Tensor:
    """Cumulative sum along ``axis`` (NumPy's ``cumsum``).

    Parameters
    ----------
    a : Tensor, shape ``(d_0, ..., d_{n-1})``
    axis : int, optional
        The axis to scan (negative counts from the end); ``None`` scans the flattened tensor.
    dtype : dtype, optional
        Convert ``a`` first (booleans and integers accumulate in int64 otherwise, as in NumPy).

    Returns
    -------
    Tensor
        ``a``'s shape (``(a.size,)`` if ``axis`` is None); element ``i`` is the sum of the
        elements up to and including ``i``. The gradient at ``i`` is the sum of the output
        gradients from ``i`` to the end.

    Examples
    --------
    >>> import minigrad as mg
    >>> mg.ops.scan.cumsum(mg.tensor([1.0, 2.0, 3.0])).tolist()
    [1.0, 3.0, 6.0]
    """
    x, ax = _along("cumsum", a, axis, dtype)
    return _back(Cumsum.apply(x, axis=ax, reverse=False), a, axis)


class Cumprod(Function):
    """Running products along ``axis``.

    With no zero in a slice the gradient is ``revcumsum(g * y) / x``. With zeros, let ``z``
    be the first zero's position and ``x'`` the input with that zero replaced by a constant 1
    (``y'`` its running product): before ``z`` the same formula holds; at ``z`` it is
    ``revcumsum(g * y')`` (the products of the others); after ``z`` it is ``x_z`` times the
    gradient at ``x'`` (every product through them contains ``x_z``): 0 in value, but not in
    its derivative, so the second order is right with zeros too. Everything is written with
    Cumsum/Cumprod and element-wise ops.
    """

    @staticmethod
    def forward(ctx, a, *, axis):
        ctx.axis = axis
        out = np.cumprod(a, axis)
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        x, y = ctx.saved_tensors
        return _cumprod_vjp(x, y, grad, ctx.axis)


def _cumprod_vjp(x: Tensor, y: Tensor, grad: Tensor, ax: int) -> Tensor:
    """The gradient of ``y = cumprod(x)`` (see :class:`Cumprod`); one recursion per zero."""
    zero = x.array == 0
    if not zero.any():
        return Cumsum.apply(grad * y, axis=ax, reverse=True) / x
    seen = np.cumsum(zero, axis=ax)
    first = zero & (seen == 1)
    before = Cumsum.apply(grad * y, axis=ax, reverse=True) / (x + zero)
    rest = where(first, 1.0, x)  # the first zero replaced by a constant 1
    rest_y = Cumprod.apply(rest, axis=ax)
    at_zero = Cumsum.apply(grad * rest_y, axis=ax, reverse=True)
    x_z = (x * first).sum(axis=ax, keepdims=True)  # 0, with the zero's derivative
    after = _cumprod_vjp(rest, rest_y, grad, ax) * x_z
    return before * (seen == 0) + at_zero * first + after * (seen > first)


def cumprod(a: Tensor, axis: int | None = None, dtype: Any = None) -> Tensor:
    """Cumulative product along ``axis`` (NumPy's ``cumprod``; arguments as for
    :func:`cumsum`).

    The gradient is right with zeros in the input (no division by zero; see
    :class:`Cumprod`).
    """
    x, ax = _along("cumprod", a, axis, dtype)
    return _back(Cumprod.apply(x, axis=ax), a, axis)


class LogCumSumExp(Function):
    """``log(cumsum(exp(a)))`` along ``axis`` without overflow."""

    @staticmethod
    def forward(ctx, a, *, axis):
        ctx.axis = axis
        out = np.logaddexp.accumulate(a, axis=axis) if a.size else a.copy()
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, out = ctx.saved_tensors
        # d out_k / d a_i = exp(a_i - out_k) for k >= i. Shifting by the slice maximum m
        # keeps both exponentials in range unless the slice spans more than ~700.
        m = a.array.max(axis=ctx.axis, keepdims=True) if a.size else 0.0
        m = np.where(np.isfinite(m), m, 0.0)
        tail = Cumsum.apply(grad * (m - out).exp(), axis=ctx.axis, reverse=True)
        return tail * (a - m).exp()


def logcumsumexp(a: Tensor, axis: int = -1) -> Tensor:
    """``log(cumsum(exp(a)))`` along ``axis``, computed stably (PyTorch's ``logcumsumexp``).

    The gradient at ``i`` is ``sum_{k >= i} g_k exp(a_i - out_k)`` (each output's softmax
    weights), computed in a range-safe way unless a slice spans more than about 700.
    """
    x, ax = _along("logcumsumexp", a, axis)
    if x.dtype.kind not in "fc":
        raise TypeError(f"logcumsumexp: expected a floating-point tensor, got {x.dtype}")
    return _back(LogCumSumExp.apply(x, axis=ax), a, axis)


def _running(op: str, acc: np.ufunc, a: Tensor, axis: int) -> tuple[Tensor, Tensor]:
    x, ax = _along(op, a, axis)
    arr = x.array
    n = arr.shape[ax]
    shape = [1] * arr.ndim
    shape[ax] = n
    pos = np.arange(n).reshape(shape)
    # The index of the running extreme: the last position where the value equals it (as
    # PyTorch reports ties), found as a running maximum of "position if it is the extreme".
    best = acc.accumulate(arr, axis=ax) if arr.size else arr.copy()
    hit = (arr == best) | (np.isnan(arr) if arr.dtype.kind in "fc" else False)
    idx = np.maximum.accumulate(np.where(hit, pos, 0), axis=ax) if arr.size else hit.astype(int)
    idx = idx.astype(np.int64)
    values = TakeAlongAxis.apply(x, indices=idx, axis=ax)
    return _back(values, a, axis), _back(Tensor.constant(idx), a, axis)


def cummax(a: Tensor, axis: int = -1) -> tuple[Tensor, Tensor]:
    """The running maximum along ``axis`` and its indices: ``(values, indices)`` (PyTorch's
    ``cummax``). Ties report the latest position; the gradient goes to that element."""
    return _running("cummax", np.maximum, a, axis)


def cummin(a: Tensor, axis: int = -1) -> tuple[Tensor, Tensor]:
    """The running minimum along ``axis`` and its indices (see :func:`cummax`)."""
    return _running("cummin", np.minimum, a, axis)


def diff(a: Tensor, n: int = 1, axis: int = -1, prepend: Any = None, append: Any = None) -> Tensor:
    """The ``n``-th discrete difference along ``axis``: ``out[i] = a[i+1] - a[i]``, applied
    ``n`` times (NumPy's ``diff``).

    ``prepend``/``append`` (scalars, broadcast along the other axes, or tensors) are joined
    to ``a`` along ``axis`` first; they get gradients too. The result is ``n`` shorter along
    ``axis`` (never below 0). ``n=0`` returns ``a``.
    """
    x = tensor_arg("diff", a)
    if not isinstance(n, (int, np.integer)) or isinstance(n, bool) or n < 0:
        raise ValueError(f"diff: order n must be a non-negative int, got {n!r}")
    if x.ndim == 0:
        raise ValueError("diff: requires input that is at least one dimensional")
    ax = axis_arg("diff", axis, x.ndim, x.shape)
    slice_shape = tuple(1 if i == ax else size for i, size in enumerate(x.shape))

    def edge(extra: Any) -> list[Tensor]:
        if extra is None:
            return []
        e = tensor_arg("diff", extra)
        return [e.broadcast_to(slice_shape) if e.ndim == 0 else e]  # a scalar: one slice

    before, after = edge(prepend), edge(append)
    if before or after:
        x = concatenate([*before, x, *after], axis=ax)
    lo = (slice(None),) * ax
    later, earlier = (*lo, slice(1, None)), (*lo, slice(None, -1))
    for _ in range(n):
        x = x[later] - x[earlier]
    return x
