# Over 400 lines: 150 are the docstrings of NumPy's signatures; the ops share one machinery.
"""Reductions over axes: ``sum``, ``mean``, ``var``, ``std``, ``prod``, ``average``,
``nansum``/``nanmean``, ``count_nonzero``, ``any``/``all``; and ``sum_to``, the adjoint of
broadcasting that the engine uses to undo it. Extremes (``max``, ``argmax``, ``logsumexp``,
``ptp``) and norms are in :mod:`~minigrad.ops.extreme`.

The public functions take NumPy's arguments (``axis``, ``dtype``, ``ddof``, ``keepdims``), so
the NumPy face re-exports them as they are; the PyTorch face (``Tensor.sum(dim, keepdim)``)
translates its arguments and calls them.

Forwards call the ndarray methods (``a.sum(...)``), not ``np.sum(a, ...)``: the functions add
a Python dispatch layer that costs more than reducing a small array.

Every differentiable reduction's VJP starts with :class:`Unreduce`, which puts the reduced axes
back and broadcasts along them (a view, no copy). ``Sum`` and ``Unreduce`` are each other's
adjoint, so gradients of any order stay within these two ops plus element-wise ones.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..autograd import Function
from ..tensor import Tensor
from ._shape_args import axes_arg, tensor_arg
from .elementwise import where
from .scan import cumprod
from .shape import concatenate, flip, transpose

__all__ = [
    "all",
    "any",
    "average",
    "count_nonzero",
    "mean",
    "nanmean",
    "nansum",
    "prod",
    "std",
    "sum",
    "sum_to",
    "var",
]

AxisLike = int | Sequence[int] | None


def _broadcast_axes(shape: tuple[int, ...], target: tuple[int, ...]) -> tuple[int, ...]:
    """The axes of ``shape`` to sum over so that the result broadcasts back from ``target``."""
    lead = len(shape) - len(target)
    if lead < 0:
        raise ValueError(f"sum_to: cannot reduce shape {shape} to the larger rank of {target}")
    axes = list(range(lead))
    for i, (s, t) in enumerate(zip(shape[lead:], target)):
        if t == 1 and s != 1:
            axes.append(lead + i)
        elif t != s:
            raise ValueError(f"sum_to: shape {shape} does not broadcast from {target}")
    return tuple(axes)


class SumTo(Function):
    @staticmethod
    def forward(ctx, a, *, shape):
        ctx.in_shape = a.shape
        axes = _broadcast_axes(a.shape, shape)
        return a.sum(axis=axes, keepdims=True).reshape(shape)

    @staticmethod
    def backward(ctx, grad):
        return grad.broadcast_to(ctx.in_shape)


def sum_to(a: Tensor, shape: Sequence[int]) -> Tensor:
    """Sum ``a`` over the axes that broadcasting ``shape`` to ``a.shape`` would add.

    The adjoint of :func:`~minigrad.ops.shape.broadcast_to`: the engine calls it once for
    every gradient whose shape differs from its input's.
    """
    return SumTo.apply(tensor_arg("sum_to", a), shape=tuple(shape))


# --------------------------------------------------------------------------------------------
# What every reduction shares: axis and dtype checks, and the first step of every VJP
# --------------------------------------------------------------------------------------------


def _reduced_axes(op: str, x: Tensor, axis: AxisLike) -> tuple[int, ...]:
    """``axis`` (None, an int or a tuple; negative counts from the end) as sorted axes."""
    shape = x.shape
    if axis is None:
        return tuple(range(len(shape)))
    return tuple(sorted(axes_arg(op, axis, len(shape), shape)))


def _check_nonempty(op: str, x: Tensor, axes: tuple[int, ...], axis: Any) -> None:
    # (The builtins any/max/min are shadowed in this module by the reductions.)
    if 0 in [x.shape[a] for a in axes] or (not axes and x.numel() == 0):
        raise ValueError(
            f"{op}: cannot reduce an empty axis (axis={axis!r}, shape {x.shape}): the "
            "result has no identity value"
        )


def _cast(op: str, x: Any, dtype: Any) -> Tensor:
    """``x`` as a Tensor, converted to ``dtype`` first if one is given (NumPy and PyTorch
    both compute in the requested dtype)."""
    x = tensor_arg(op, x)
    if dtype is None:
        return x
    try:
        dt = np.dtype(dtype)
    except TypeError:
        raise TypeError(f"{op}: dtype must be a NumPy/minigrad dtype, got {dtype!r}") from None
    return x if dt == x.dtype else x.astype(dt)


class Unreduce(Function):
    """Put the reduced ``axes`` back (unless ``keepdims``) and broadcast to ``shape``: the
    adjoint of :class:`Sum`, and the first step of every reduction's VJP."""

    @staticmethod
    def forward(ctx, g, *, axes, shape, keepdims):
        ctx.axes, ctx.keepdims = axes, keepdims
        return np.broadcast_to(g if keepdims else np.expand_dims(g, axes), shape)

    @staticmethod
    def backward(ctx, grad):
        return Sum.apply(grad, axes=ctx.axes, keepdims=ctx.keepdims)


def unreduce(g: Tensor, ctx: Any) -> Tensor:
    """A gradient (or value) of the reduced shape, broadcast back to the input's shape (the
    reductions in the sibling modules start their VJPs with it too)."""
    return Unreduce.apply(g, axes=ctx.axes, shape=ctx.shape, keepdims=ctx.keepdims)


def record(ctx: Any, a: np.ndarray, axes: tuple[int, ...], keepdims: bool) -> None:
    """Keep what every reduction's VJP needs: the axes, the input shape, ``keepdims``, and
    ``n``, the number of elements reduced into each output element."""
    ctx.axes, ctx.shape, ctx.keepdims = axes, a.shape, keepdims
    ctx.n = math.prod([a.shape[i] for i in axes])


# --------------------------------------------------------------------------------------------
# Sums and moments
# --------------------------------------------------------------------------------------------


class Sum(Function):
    @staticmethod
    def forward(ctx, a, *, axes, keepdims):
        record(ctx, a, axes, keepdims)
        return a.sum(axis=axes, keepdims=keepdims)

    @staticmethod
    def backward(ctx, grad):
        return unreduce(grad, ctx)


def sum(  # noqa: A001 - NumPy's name
    a: Tensor, axis: AxisLike = None, dtype: Any = None, keepdims: bool = False
) -> Tensor:
    """Sum of elements over ``axis`` (NumPy's ``sum``).

    Parameters
    ----------
    a : Tensor, shape ``(d_0, ..., d_{n-1})``
    axis : int or tuple of ints, optional
        The axes to reduce (negative counts from the end); ``None`` (default) reduces all and
        ``()`` none.
    dtype : dtype, optional
        Convert ``a`` to this dtype first (differentiable between float dtypes).
    keepdims : bool
        Keep the reduced axes with size 1, so the result broadcasts against ``a``.

    Returns
    -------
    Tensor
        ``a``'s shape without the reduced axes (or with them as 1). Booleans and integers sum
        to int64, as in NumPy. The sum over an empty axis is 0.

    Raises
    ------
    TypeError
        ``axis`` is not None, an int or a tuple of ints; ``dtype`` is not a dtype.
    ValueError
        An axis is out of range or repeated.

    Examples
    --------
    >>> import minigrad as mg
    >>> mg.ops.reduce.sum(mg.tensor([[1.0, 2.0], [3.0, 4.0]]), axis=0).tolist()
    [4.0, 6.0]
    """
    x = a if type(a) is Tensor and dtype is None else _cast("sum", a, dtype)  # hot path
    return Sum.apply(x, axes=_reduced_axes("sum", x, axis), keepdims=keepdims)


class Mean(Function):
    @staticmethod
    def forward(ctx, a, *, axes, keepdims):
        record(ctx, a, axes, keepdims)
        # ndarray.mean is Python-level; the sum over n is the same float arithmetic, faster.
        return np.true_divide(a.sum(axis=axes, keepdims=keepdims), ctx.n)

    @staticmethod
    def backward(ctx, grad):
        return unreduce(grad * (1.0 / ctx.n if ctx.n else 0.0), ctx)


def mean(a: Tensor, axis: AxisLike = None, dtype: Any = None, keepdims: bool = False) -> Tensor:
    """Arithmetic mean over ``axis`` (NumPy's ``mean``; arguments as for :func:`sum`).

    Returns
    -------
    Tensor
        ``a``'s shape without the reduced axes (or with them as 1). Integer input gives
        float64, as in NumPy; the mean over an empty axis is NaN (with a RuntimeWarning).

    Examples
    --------
    >>> import minigrad as mg
    >>> mg.ops.reduce.mean(mg.tensor([[1.0, 2.0], [3.0, 5.0]]), axis=1).tolist()
    [1.5, 4.0]
    """
    x = a if type(a) is Tensor and dtype is None else _cast("mean", a, dtype)  # hot path
    return Mean.apply(x, axes=_reduced_axes("mean", x, axis), keepdims=keepdims)


def _inverse(d: float, c: float) -> float:
    """``c / d`` that is infinite rather than an error when ``d`` is 0 (too few elements)."""
    return c / d if d else float("inf")


class Var(Function):
    @staticmethod
    def forward(ctx, a, *, axes, ddof, keepdims):
        record(ctx, a, axes, keepdims)
        ctx.ddof = ddof
        ctx.save_for_backward(a)
        return a.var(axis=axes, ddof=ddof, keepdims=keepdims)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        # d var / d a = 2 (a - mean a) / (n - ddof), in Tensor ops so the second order is right.
        centered = a - Mean.apply(a, axes=ctx.axes, keepdims=True)
        return unreduce(grad, ctx) * centered * _inverse(ctx.n - ctx.ddof, 2.0)


class Std(Function):
    @staticmethod
    def forward(ctx, a, *, axes, ddof, keepdims):
        record(ctx, a, axes, keepdims)
        ctx.ddof = ddof
        out = a.std(axis=axes, ddof=ddof, keepdims=keepdims)
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, out = ctx.saved_tensors
        # d std / d a = (a - mean a) / ((n - ddof) std). Where std is 0 the slice is constant
        # and the gradient is taken as 0, as PyTorch does: the mask (a constant) zeroes it,
        # and the denominator is std + 1 there, so no 0 * inf makes a NaN at any order.
        zero = out.array == 0
        safe = out + zero if zero.any() else out
        centered = a - Mean.apply(a, axes=ctx.axes, keepdims=True)
        g = grad / safe * ~zero if zero.any() else grad / safe
        return unreduce(g, ctx) * centered * _inverse(ctx.n - ctx.ddof, 1.0)


def _check_ddof(op: str, ddof: Any) -> None:
    if not isinstance(ddof, (int, float, np.integer, np.floating)) or isinstance(ddof, bool):
        raise TypeError(f"{op}: ddof must be a number, got {ddof!r}")


def var(
    a: Tensor,
    axis: AxisLike = None,
    dtype: Any = None,
    ddof: float = 0,
    keepdims: bool = False,
) -> Tensor:
    """Variance over ``axis``: ``sum((a - mean(a))**2) / (n - ddof)`` (NumPy's ``var``).

    Parameters
    ----------
    a : Tensor
    axis, dtype, keepdims
        As for :func:`sum`.
    ddof : int or float
        Delta degrees of freedom (NumPy's name and default 0, the population variance; 1 is
        the unbiased estimate, PyTorch's default ``correction``). With ``n - ddof <= 0`` the
        result is ``inf`` or NaN, with NumPy's warning.

    Returns
    -------
    Tensor
        ``a``'s shape without the reduced axes (or with them as 1).

    Notes
    -----
    The VJP is ``2 (a - mean a) / (n - ddof)`` written with Tensor ops, so second derivatives
    are right.
    """
    x = _cast("var", a, dtype)
    _check_ddof("var", ddof)
    return Var.apply(x, axes=_reduced_axes("var", x, axis), ddof=ddof, keepdims=keepdims)


def std(
    a: Tensor,
    axis: AxisLike = None,
    dtype: Any = None,
    ddof: float = 0,
    keepdims: bool = False,
) -> Tensor:
    """Standard deviation over ``axis``: ``sqrt(var(a, axis, ddof))`` (NumPy's ``std``; see
    :func:`var` for the arguments).

    Returns
    -------
    Tensor
        ``a``'s shape without the reduced axes (or with them as 1).

    Notes
    -----
    The gradient ``(a - mean a) / ((n - ddof) std)`` is written in Tensor ops (right to second
    order). Where the standard deviation is 0 (a constant slice) the gradient is 0 at every
    order, as in PyTorch.
    """
    x = _cast("std", a, dtype)
    _check_ddof("std", ddof)
    return Std.apply(x, axes=_reduced_axes("std", x, axis), ddof=ddof, keepdims=keepdims)


# --------------------------------------------------------------------------------------------
# Products
# --------------------------------------------------------------------------------------------


def _product_of_others(a: Tensor, axes: tuple[int, ...]) -> Tensor:
    """``prod_{j != i} a_j`` over each reduced slice, at every position ``i``.

    The product of the elements before ``i`` times the product of those after it (two
    exclusive cumulative products), never ``prod / a_i``: that is 0/0 where ``a_i`` is 0.
    Cumulative products are differentiable with zeros too, so the second order is right.
    """
    keep = [i for i in range(a.ndim) if i not in axes]
    perm = (*keep, *axes)
    t = transpose(a, perm)
    flat = t.reshape((*t.shape[: len(keep)], -1))
    one = Tensor.constant(np.ones((*flat.shape[:-1], 1), a.dtype))
    before = cumprod(concatenate([one, flat[..., :-1]], axis=-1), axis=-1)
    after = flip(cumprod(flip(concatenate([flat[..., 1:], one], axis=-1), -1), axis=-1), -1)
    return transpose((before * after).reshape(t.shape), tuple(np.argsort(perm)))


class Prod(Function):
    @staticmethod
    def forward(ctx, a, *, axes, keepdims):
        record(ctx, a, axes, keepdims)
        ctx.save_for_backward(a)
        return a.prod(axis=axes, keepdims=keepdims)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        if ctx.n == 0:
            return Tensor.constant(np.zeros(ctx.shape, grad.dtype))
        return unreduce(grad, ctx) * _product_of_others(a, ctx.axes)


def prod(a: Tensor, axis: AxisLike = None, dtype: Any = None, keepdims: bool = False) -> Tensor:
    """Product of elements over ``axis`` (NumPy's ``prod``; arguments as for :func:`sum`).

    Returns
    -------
    Tensor
        ``a``'s shape without the reduced axes (or with them as 1); the product over an empty
        axis is 1. Integers multiply in int64, as in NumPy.

    Notes
    -----
    The gradient at ``a_i`` is the product of the other elements of its slice, computed from
    two exclusive cumulative products rather than as ``prod / a_i``, so it is right with one
    zero in a slice (only the zero's position gets a gradient) and with two (all 0).
    """
    x = _cast("prod", a, dtype)
    return Prod.apply(x, axes=_reduced_axes("prod", x, axis), keepdims=keepdims)


# --------------------------------------------------------------------------------------------
# Weighted and NaN-skipping averages (compositions of the ops above)
# --------------------------------------------------------------------------------------------


def average(
    a: Tensor,
    axis: AxisLike = None,
    weights: Any = None,
    returned: bool = False,
    *,
    keepdims: bool = False,
) -> Tensor | tuple[Tensor, Tensor]:
    """Weighted mean ``sum(a * w) / sum(w)`` over ``axis`` (NumPy's ``average``).

    ``weights`` has ``a``'s shape, or is 1-d with the length of ``a`` along a single ``axis``;
    both ``a`` and ``weights`` get gradients. ``returned=True`` also returns ``sum(w)`` (in
    the result's shape). Raises ``ValueError`` for mismatched shapes or weights summing to 0
    (NumPy's ``ZeroDivisionError``, as a ValueError naming the op).
    """
    x = tensor_arg("average", a)
    if weights is None:
        avg = mean(x, axis, keepdims=keepdims)
        if not returned:
            return avg
        count = math.prod([x.shape[i] for i in _reduced_axes("average", x, axis)])
        return avg, Tensor.constant(np.full(avg.shape, count, avg.dtype))
    w = tensor_arg("average", weights)
    if w.shape != x.shape:
        axes = _reduced_axes("average", x, axis)
        if w.ndim != 1 or len(axes) != 1 or w.shape[0] != x.shape[axes[0]]:
            raise ValueError(
                f"average: weights of shape {w.shape} must have a's shape {x.shape}, or be 1-d "
                f"with the length of a along a single axis (axis={axis!r})"
            )
        w = w.reshape([-1 if i == axes[0] else 1 for i in range(x.ndim)])
        w = w.broadcast_to(x.shape)
    total = sum(w, axis, keepdims=keepdims)
    if (total.array == 0).any():
        raise ValueError(f"average: weights sum to zero along axis={axis!r}; cannot normalize")
    avg = sum(x * w, axis, keepdims=keepdims) / total
    return (avg, total.broadcast_to(avg.shape)) if returned else avg


def nansum(a: Tensor, axis: AxisLike = None, dtype: Any = None, keepdims: bool = False) -> Tensor:
    """Sum over ``axis`` treating NaNs as 0 (NumPy's ``nansum``; arguments as for :func:`sum`).
    The gradient at a NaN is 0."""
    x = _cast("nansum", a, dtype)
    nan = np.isnan(x.array)
    return sum(_mask(x, nan), axis, keepdims=keepdims)


def nanmean(a: Tensor, axis: AxisLike = None, dtype: Any = None, keepdims: bool = False) -> Tensor:
    """Mean over ``axis`` of the elements that are not NaN (NumPy's ``nanmean``); all-NaN
    slices give NaN. The gradient at a NaN is 0."""
    x = _cast("nanmean", a, dtype)
    nan = np.isnan(x.array)
    count = (~nan).sum(axis=_reduced_axes("nanmean", x, axis), keepdims=keepdims)
    with np.errstate(invalid="ignore", divide="ignore"):
        return sum(_mask(x, nan), axis, keepdims=keepdims) / count


def _mask(x: Tensor, nan: np.ndarray) -> Tensor:
    """``x`` with the NaN positions set to 0, and no gradient through them."""
    return where(~nan, x, 0.0) if nan.any() else x


# --------------------------------------------------------------------------------------------
# Counting and truth (no gradient)
# --------------------------------------------------------------------------------------------


def count_nonzero(a: Tensor, axis: AxisLike = None, *, keepdims: bool = False) -> Tensor:
    """The number of nonzero elements over ``axis``, as an int64 Tensor with no gradient."""
    x = tensor_arg("count_nonzero", a)
    axes = _reduced_axes("count_nonzero", x, axis)
    count = np.count_nonzero(x.array, axis=axes, keepdims=keepdims)
    return Tensor.constant(np.asarray(count, dtype=np.int64))


def any(a: Tensor, axis: AxisLike = None, keepdims: bool = False) -> Tensor:  # noqa: A001
    """Whether any element along ``axis`` is true (nonzero): a bool Tensor, no gradient.
    Over an empty axis the result is False. ``axis``, ``keepdims`` as for :func:`sum`."""
    x = tensor_arg("any", a)
    axes = _reduced_axes("any", x, axis)
    return Tensor.constant(np.asarray(np.any(x.array, axis=axes, keepdims=keepdims)))


def all(a: Tensor, axis: AxisLike = None, keepdims: bool = False) -> Tensor:  # noqa: A001
    """Whether every element along ``axis`` is true (nonzero): a bool Tensor, no gradient.
    Over an empty axis the result is True. ``axis``, ``keepdims`` as for :func:`sum`."""
    x = tensor_arg("all", a)
    axes = _reduced_axes("all", x, axis)
    return Tensor.constant(np.asarray(np.all(x.array, axis=axes, keepdims=keepdims)))
