"""Reductions: ``sum``, ``mean``, ``var``, ``std``, ``max``, ``min``, ``logsumexp``,
``argmax``/``argmin``, ``any``/``all``; and ``sum_to``, the adjoint of broadcasting that the
engine uses to undo it.

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
from .shape import _axes, _axis, _tensor

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
    def forward(ctx, a, shape):
        ctx.in_shape = a.shape
        axes = _broadcast_axes(a.shape, shape)
        return a.sum(axis=axes, keepdims=True).reshape(shape)

    @staticmethod
    def backward(ctx, grad):
        return grad.broadcast_to(ctx.in_shape), None


def sum_to(a: Tensor, shape: Sequence[int]) -> Tensor:
    """Sum ``a`` over the axes that broadcasting ``shape`` to ``a.shape`` would add.

    The adjoint of :func:`~minigrad.ops.shape.broadcast_to`: the engine calls it once for
    every gradient whose shape differs from its input's.
    """
    return SumTo.apply(_tensor("sum_to", a), tuple(shape))


# --------------------------------------------------------------------------------------------
# Axis handling
# --------------------------------------------------------------------------------------------


def _reduced_axes(op: str, x: Tensor, axis: AxisLike) -> tuple[int, ...]:
    """``axis`` (None, an int or a tuple; negative counts from the end) as sorted axes."""
    shape = x.shape
    if axis is None:
        return tuple(range(len(shape)))
    return tuple(sorted(_axes(op, axis, len(shape), shape)))


def _check_nonempty(op: str, x: Tensor, axes: tuple[int, ...], axis: AxisLike) -> None:
    # (The builtins any/max/min are shadowed in this module by the reductions.)
    if 0 in [x.shape[a] for a in axes] or (not axes and x.numel() == 0):
        raise ValueError(
            f"{op}: cannot reduce an empty axis (axis={axis!r}, shape {x.shape}): the "
            "result has no identity value"
        )


class Unreduce(Function):
    """Put the reduced ``axes`` back (unless ``keepdims``) and broadcast to ``shape``: the
    adjoint of :class:`Sum`, and the first step of every reduction's VJP."""

    @staticmethod
    def forward(ctx, g, axes, shape, keepdims):
        ctx.axes, ctx.keepdims = axes, keepdims
        return np.broadcast_to(g if keepdims else np.expand_dims(g, axes), shape)

    @staticmethod
    def backward(ctx, grad):
        return Sum.apply(grad, ctx.axes, ctx.keepdims), None, None, None


def _unreduce(g: Tensor, ctx: Any) -> Tensor:
    """A gradient (or value) of the reduced shape, broadcast back to the input's shape."""
    return Unreduce.apply(g, ctx.axes, ctx.shape, ctx.keepdims)


def _record(ctx: Any, a: np.ndarray, axes: tuple[int, ...], keepdims: bool) -> None:
    """Keep what every reduction's VJP needs: the axes, the input shape, ``keepdims``, and
    ``n``, the number of elements reduced into each output element."""
    ctx.axes, ctx.shape, ctx.keepdims = axes, a.shape, keepdims
    ctx.n = math.prod([a.shape[i] for i in axes])


# --------------------------------------------------------------------------------------------
# Sums and moments
# --------------------------------------------------------------------------------------------


class Sum(Function):
    @staticmethod
    def forward(ctx, a, axes, keepdims):
        _record(ctx, a, axes, keepdims)
        return a.sum(axis=axes, keepdims=keepdims)

    @staticmethod
    def backward(ctx, grad):
        return _unreduce(grad, ctx), None, None


class Mean(Function):
    @staticmethod
    def forward(ctx, a, axes, keepdims):
        _record(ctx, a, axes, keepdims)
        # ndarray.mean is Python-level; the sum over n is the same float arithmetic, faster.
        return np.true_divide(a.sum(axis=axes, keepdims=keepdims), ctx.n)

    @staticmethod
    def backward(ctx, grad):
        return _unreduce(grad * (1.0 / ctx.n if ctx.n else 0.0), ctx), None, None


class Var(Function):
    @staticmethod
    def forward(ctx, a, axes, ddof, keepdims):
        _record(ctx, a, axes, keepdims)
        ctx.ddof = ddof
        ctx.save_for_backward(a)
        return a.var(axis=axes, ddof=ddof, keepdims=keepdims)

    @staticmethod
    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        # d var / d a = 2 (a - mean a) / (n - ddof), in Tensor ops so the second order is right.
        centered = a - Mean.apply(a, ctx.axes, True)
        return _unreduce(grad, ctx) * centered * _inverse(ctx.n - ctx.ddof, 2.0), None, None, None


class Std(Function):
    @staticmethod
    def forward(ctx, a, axes, ddof, keepdims):
        _record(ctx, a, axes, keepdims)
        ctx.ddof = ddof
        out = a.std(axis=axes, ddof=ddof, keepdims=keepdims)
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, out = ctx.saved_tensors
        # d std / d a = (a - mean a) / ((n - ddof) std): infinite where std is 0, as in PyTorch.
        centered = a - Mean.apply(a, ctx.axes, True)
        scale = _inverse(ctx.n - ctx.ddof, 1.0)
        return _unreduce(grad / out, ctx) * centered * scale, None, None, None


def _inverse(d: float, c: float) -> float:
    """``c / d`` that is infinite rather than an error when ``d`` is 0 (too few elements)."""
    return c / d if d else float("inf")


# --------------------------------------------------------------------------------------------
# Extremes and logsumexp
# --------------------------------------------------------------------------------------------


class _Extreme(Function):
    """``max``/``min``; the gradient is shared evenly by the elements equal to the extreme."""

    reduce = np.maximum.reduce

    @staticmethod
    def forward(ctx, a, axes, keepdims):
        _record(ctx, a, axes, keepdims)
        out = ctx.reduce(a, axis=axes, keepdims=keepdims)
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, out = (t.array for t in ctx.saved_tensors)
        hit = a == (out if ctx.keepdims else np.expand_dims(out, ctx.axes))
        # The share is piecewise constant in ``a``, so it is a constant for higher orders too.
        share = (hit / hit.sum(axis=ctx.axes, keepdims=True)).astype(grad.dtype, copy=False)
        return _unreduce(grad, ctx) * share, None, None


class Max(_Extreme):
    """The largest element over the axes."""


class Min(_Extreme):
    """The smallest element over the axes."""

    reduce = np.minimum.reduce


class LogSumExp(Function):
    @staticmethod
    def forward(ctx, a, axes, keepdims):
        _record(ctx, a, axes, keepdims)
        if ctx.n == 0:
            shift = np.zeros((), dtype=np.result_type(a.dtype, np.float32))
        else:
            # Subtracting the max keeps exp() from overflowing; an infinite max (all -inf, or
            # a +inf) is replaced by 0 so that inf - inf does not make a NaN.
            shift = a.max(axis=axes, keepdims=True)
            shift = np.where(np.isfinite(shift), shift, 0).astype(shift.dtype, copy=False)
        with np.errstate(divide="ignore"):
            out = np.log(np.exp(a - shift).sum(axis=axes, keepdims=True)) + shift
        if not keepdims:
            out = np.squeeze(out, axis=axes)
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, out = ctx.saved_tensors
        softmax = (a - _unreduce(out, ctx)).exp()
        return _unreduce(grad, ctx) * softmax, None, None


# --------------------------------------------------------------------------------------------
# Public functions
# --------------------------------------------------------------------------------------------


def sum(x: Tensor, axis: AxisLike = None, keepdims: bool = False) -> Tensor:  # noqa: A001
    """Sum of elements over ``axis``.

    Parameters
    ----------
    x : Tensor, shape ``(d_0, ..., d_{n-1})``
    axis : int or tuple of ints, optional
        The axes to reduce (negative counts from the end); ``None`` (default) reduces all and
        ``()`` none.
    keepdims : bool
        Keep the reduced axes with size 1, so the result broadcasts against ``x``.

    Returns
    -------
    Tensor
        ``x``'s shape without the reduced axes (or with them as 1). Booleans and integers sum
        to int64, as in NumPy. The sum over an empty axis is 0.

    Raises
    ------
    TypeError
        ``axis`` is not None, an int or a tuple of ints.
    ValueError
        An axis is out of range or repeated.

    Examples
    --------
    >>> import minigrad as mg
    >>> mg.tensor([[1.0, 2.0], [3.0, 4.0]]).sum(axis=0).tolist()
    [4.0, 6.0]
    """
    x = _tensor("sum", x)
    return Sum.apply(x, _reduced_axes("sum", x, axis), keepdims)


def mean(x: Tensor, axis: AxisLike = None, keepdims: bool = False) -> Tensor:
    """Arithmetic mean over ``axis`` (see :func:`sum` for ``axis`` and ``keepdims``).

    Returns
    -------
    Tensor
        ``x``'s shape without the reduced axes (or with them as 1). Integer input gives
        float64, as in NumPy; the mean over an empty axis is NaN (with a RuntimeWarning).

    Examples
    --------
    >>> import minigrad as mg
    >>> mg.tensor([[1.0, 2.0], [3.0, 5.0]]).mean(axis=1).tolist()
    [1.5, 4.0]
    """
    x = _tensor("mean", x)
    return Mean.apply(x, _reduced_axes("mean", x, axis), keepdims)


def _check_ddof(op: str, ddof: Any) -> None:
    if not isinstance(ddof, (int, float, np.integer, np.floating)) or isinstance(ddof, bool):
        raise TypeError(f"{op}: ddof must be a number, got {ddof!r}")


def var(x: Tensor, axis: AxisLike = None, ddof: float = 0, keepdims: bool = False) -> Tensor:
    """Variance over ``axis``: ``sum((x - mean(x))**2) / (n - ddof)``.

    Parameters
    ----------
    x : Tensor
    axis, keepdims
        As for :func:`sum`.
    ddof : int or float
        Delta degrees of freedom (NumPy's name; 0 is the population variance, 1 the unbiased
        estimate that ``torch.var`` uses by default). With ``n - ddof <= 0`` the result is
        ``inf`` or NaN, with NumPy's warning.

    Returns
    -------
    Tensor
        ``x``'s shape without the reduced axes (or with them as 1).

    Notes
    -----
    The VJP is ``2 (x - mean x) / (n - ddof)`` written with Tensor ops, so second derivatives
    are right.
    """
    x = _tensor("var", x)
    _check_ddof("var", ddof)
    return Var.apply(x, _reduced_axes("var", x, axis), ddof, keepdims)


def std(x: Tensor, axis: AxisLike = None, ddof: float = 0, keepdims: bool = False) -> Tensor:
    """Standard deviation over ``axis``: ``sqrt(var(x, axis, ddof))`` (see :func:`var` for the
    arguments).

    Returns
    -------
    Tensor
        ``x``'s shape without the reduced axes (or with them as 1).

    Notes
    -----
    The gradient ``(x - mean x) / ((n - ddof) std)``, in Tensor ops (right to second order),
    is infinite or NaN where the standard deviation is 0, as in PyTorch.
    """
    x = _tensor("std", x)
    _check_ddof("std", ddof)
    return Std.apply(x, _reduced_axes("std", x, axis), ddof, keepdims)


def max(x: Tensor, axis: AxisLike = None, keepdims: bool = False) -> Tensor:  # noqa: A001
    """Largest element over ``axis`` (see :func:`sum` for ``axis`` and ``keepdims``).

    The gradient is split evenly among the elements equal to the maximum (like
    ``torch.amax``): ``max([1, 3, 3])`` sends ``[0, 0.5, 0.5]`` back. Shape: ``x``'s without
    the reduced axes (or with them as 1).

    Raises
    ------
    ValueError
        A reduced axis is empty (there is no maximum), or ``axis`` is out of range/repeated.
    """
    x = _tensor("max", x)
    axes = _reduced_axes("max", x, axis)
    _check_nonempty("max", x, axes, axis)
    return Max.apply(x, axes, keepdims)


def min(x: Tensor, axis: AxisLike = None, keepdims: bool = False) -> Tensor:  # noqa: A001
    """Smallest element over ``axis`` (see :func:`sum` for ``axis`` and ``keepdims``).

    The gradient is split evenly among the elements equal to the minimum (like
    ``torch.amin``). Shape: ``x``'s without the reduced axes (or with them as 1).

    Raises
    ------
    ValueError
        A reduced axis is empty (there is no minimum), or ``axis`` is out of range/repeated.
    """
    x = _tensor("min", x)
    axes = _reduced_axes("min", x, axis)
    _check_nonempty("min", x, axes, axis)
    return Min.apply(x, axes, keepdims)


def logsumexp(x: Tensor, axis: AxisLike = None, keepdims: bool = False) -> Tensor:
    """``log(sum(exp(x)))`` over ``axis``, computed without overflow.

    The maximum is subtracted before exponentiating, so inputs like ``±1e4`` give finite
    results. The gradient is the softmax of ``x`` along ``axis``. Over an empty axis the result
    is ``-inf`` (the log of an empty sum). Shapes and arguments as for :func:`sum`.
    """
    x = _tensor("logsumexp", x)
    return LogSumExp.apply(x, _reduced_axes("logsumexp", x, axis), keepdims)


def _arg_extreme(op: str, fn: Any, x: Tensor, axis: int | None, keepdims: bool) -> Tensor:
    x = _tensor(op, x)
    axes = tuple(range(x.ndim)) if axis is None else (_axis(op, axis, x.ndim, x.shape),)
    _check_nonempty(op, x, axes, axis)
    return Tensor.constant(np.asarray(fn(x.array, axis=axis, keepdims=keepdims), dtype=np.int64))


def argmax(x: Tensor, axis: int | None = None, keepdims: bool = False) -> Tensor:
    """Index of the largest element along ``axis`` (of the flattened tensor if ``None``).

    Returns an int64 Tensor with no gradient; ties give the first index, as in NumPy. Shape:
    ``x``'s without ``axis`` (with it as 1 if ``keepdims``; all ones if ``axis`` is None).
    Raises ``ValueError`` for an empty axis or an axis out of range.
    """
    return _arg_extreme("argmax", np.argmax, x, axis, keepdims)


def argmin(x: Tensor, axis: int | None = None, keepdims: bool = False) -> Tensor:
    """Index of the smallest element along ``axis`` (see :func:`argmax`)."""
    return _arg_extreme("argmin", np.argmin, x, axis, keepdims)


def any(x: Tensor, axis: AxisLike = None, keepdims: bool = False) -> Tensor:  # noqa: A001
    """Whether any element along ``axis`` is true (nonzero): a bool Tensor, no gradient.
    Over an empty axis the result is False. ``axis``, ``keepdims`` as for :func:`sum`."""
    x = _tensor("any", x)
    axes = _reduced_axes("any", x, axis)
    return Tensor.constant(np.asarray(np.any(x.array, axis=axes, keepdims=keepdims)))


def all(x: Tensor, axis: AxisLike = None, keepdims: bool = False) -> Tensor:  # noqa: A001
    """Whether every element along ``axis`` is true (nonzero): a bool Tensor, no gradient.
    Over an empty axis the result is True. ``axis``, ``keepdims`` as for :func:`sum`."""
    x = _tensor("all", x)
    axes = _reduced_axes("all", x, axis)
    return Tensor.constant(np.asarray(np.all(x.array, axis=axes, keepdims=keepdims)))
