"""Extremes and norms over axes: ``max``/``min`` (``amax``/``amin``), ``ptp``,
``argmax``/``argmin``, ``logsumexp`` and ``vector_norm``.

They share the reductions' machinery (:func:`~minigrad.ops.reduce.record` and
:func:`~minigrad.ops.reduce.unreduce`) and take NumPy's arguments (``axis``, ``keepdims``);
the PyTorch face translates ``dim``/``keepdim``. Kinks: the gradient of a maximum is shared
evenly by the elements equal to it (as ``torch.amax`` does); a norm's gradient at 0 is 0 (the
subgradient PyTorch picks).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..autograd import Function
from ..tensor import Tensor
from ._shape_args import axis_arg, is_int, tensor_arg
from .elementwise import where
from .reduce import AxisLike, _cast, _check_nonempty, _reduced_axes, record, unreduce
from .reduce import sum as _sum

__all__ = [
    "amax",
    "amin",
    "argmax",
    "argmin",
    "logsumexp",
    "max",
    "min",
    "ptp",
    "vector_norm",
]


class _Extreme(Function):
    """``max``/``min``; the gradient is shared evenly by the elements equal to the extreme."""

    reduce = np.maximum.reduce

    @staticmethod
    def forward(ctx, a, *, axes, keepdims):
        record(ctx, a, axes, keepdims)
        out = ctx.reduce(a, axis=axes, keepdims=keepdims)
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, out = (t.array for t in ctx.saved_tensors)
        hit = a == (out if ctx.keepdims else np.expand_dims(out, ctx.axes))
        # The share is piecewise constant in ``a``, so it is a constant for higher orders too.
        share = (hit / hit.sum(axis=ctx.axes, keepdims=True)).astype(grad.dtype, copy=False)
        return unreduce(grad, ctx) * share


class Max(_Extreme):
    """The largest element over the axes."""


class Min(_Extreme):
    """The smallest element over the axes."""

    reduce = np.minimum.reduce


def max(a: Tensor, axis: AxisLike = None, keepdims: bool = False) -> Tensor:  # noqa: A001
    """Largest element over ``axis`` (NumPy's ``max``/``amax``, PyTorch's ``amax``).

    Parameters
    ----------
    a : Tensor
    axis : int or tuple of ints, optional
        The axes to reduce; ``None`` (default) reduces all.
    keepdims : bool
        Keep the reduced axes with size 1.

    Returns
    -------
    Tensor
        ``a``'s shape without the reduced axes (or with them as 1). NaN propagates. The
        gradient is split evenly among the elements equal to the maximum: ``max([1, 3, 3])``
        sends ``[0, 0.5, 0.5]`` back.

    Raises
    ------
    ValueError
        A reduced axis is empty (there is no maximum), or ``axis`` is out of range/repeated.
    """
    x = tensor_arg("max", a)
    axes = _reduced_axes("max", x, axis)
    _check_nonempty("max", x, axes, axis)
    return Max.apply(x, axes=axes, keepdims=keepdims)


def min(a: Tensor, axis: AxisLike = None, keepdims: bool = False) -> Tensor:  # noqa: A001
    """Smallest element over ``axis`` (see :func:`max`; ties share the gradient evenly)."""
    x = tensor_arg("min", a)
    axes = _reduced_axes("min", x, axis)
    _check_nonempty("min", x, axes, axis)
    return Min.apply(x, axes=axes, keepdims=keepdims)


amax = max
amin = min


def ptp(a: Tensor, axis: AxisLike = None, keepdims: bool = False) -> Tensor:
    """Peak to peak, ``max - min`` over ``axis`` (NumPy's ``ptp``); the gradient is that of
    :func:`max` minus that of :func:`min`."""
    x = tensor_arg("ptp", a)
    _check_nonempty("ptp", x, _reduced_axes("ptp", x, axis), axis)
    return max(x, axis, keepdims) - min(x, axis, keepdims)


def _arg_extreme(op: str, fn: Any, a: Any, axis: int | None, keepdims: bool) -> Tensor:
    x = tensor_arg(op, a)
    axes = tuple(range(x.ndim)) if axis is None else (axis_arg(op, axis, x.ndim, x.shape),)
    _check_nonempty(op, x, axes, axis)
    return Tensor.constant(np.asarray(fn(x.array, axis=axis, keepdims=keepdims), dtype=np.int64))


def argmax(a: Tensor, axis: int | None = None, keepdims: bool = False) -> Tensor:
    """Index of the largest element along ``axis`` (of the flattened tensor if ``None``).

    Returns an int64 Tensor with no gradient; ties give the first index, as in NumPy. Shape:
    ``a``'s without ``axis`` (with it as 1 if ``keepdims``; all ones if ``axis`` is None).
    Raises ``ValueError`` for an empty axis or an axis out of range.
    """
    return _arg_extreme("argmax", np.argmax, a, axis, keepdims)


def argmin(a: Tensor, axis: int | None = None, keepdims: bool = False) -> Tensor:
    """Index of the smallest element along ``axis`` (see :func:`argmax`)."""
    return _arg_extreme("argmin", np.argmin, a, axis, keepdims)


class LogSumExp(Function):
    @staticmethod
    def forward(ctx, a, *, axes, keepdims):
        record(ctx, a, axes, keepdims)
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
        softmax = (a - unreduce(out, ctx)).exp()
        return unreduce(grad, ctx) * softmax


def logsumexp(a: Tensor, axis: AxisLike = None, keepdims: bool = False) -> Tensor:
    """``log(sum(exp(a)))`` over ``axis``, computed without overflow.

    The maximum is subtracted before exponentiating, so inputs like ``±1e4`` give finite
    results. The gradient is the softmax of ``a`` along ``axis``. Over an empty axis the result
    is ``-inf`` (the log of an empty sum). Shapes and arguments as for :func:`max`.
    """
    x = tensor_arg("logsumexp", a)
    return LogSumExp.apply(x, axes=_reduced_axes("logsumexp", x, axis), keepdims=keepdims)


class PNorm(Function):
    """``(sum |a|^p)^(1/p)`` for a finite ``p > 0``; the gradient
    ``sign(a) |a|^(p-1) / norm^(p-1)`` is taken as 0 where the norm is 0."""

    @staticmethod
    def forward(ctx, a, *, p, axes, keepdims):
        record(ctx, a, axes, keepdims)
        ctx.p = p
        if p == 2:
            out = np.sqrt((a * a).sum(axis=axes, keepdims=keepdims))
        else:
            out = (np.abs(a) ** p).sum(axis=axes, keepdims=keepdims) ** (1.0 / p)
        ctx.save_for_backward(a, out)
        return out

    @staticmethod
    def backward(ctx, grad):
        a, out = ctx.saved_tensors
        zero = out.array == 0
        # The mask is constant; the denominator is 1 where it is 0, so no 0 * inf anywhere.
        safe = out + zero if zero.any() else out
        g = grad * ~zero if zero.any() else grad
        if ctx.p == 2:
            return unreduce(g / safe, ctx) * a
        p = ctx.p
        scale = unreduce(g / safe ** (p - 1), ctx)
        return scale * np.sign(a.array) * a.abs() ** (p - 1)


def vector_norm(
    x: Tensor,
    ord: Any = 2,  # noqa: A002 - NumPy's and PyTorch's name
    axis: AxisLike = None,
    keepdims: bool = False,
    *,
    dtype: Any = None,
) -> Tensor:
    """The vector ``ord``-norm over ``axis`` (all elements if ``None``), as
    ``torch.linalg.vector_norm``.

    ``ord``: a finite number > 0 (2 by default; ``(sum |x|^p)^(1/p)``), ``inf`` (largest
    ``|x|``), ``-inf`` (smallest ``|x|``), or 0 (the number of nonzero elements, no gradient).
    The gradient where the norm is 0 is 0; for ``inf``/``-inf`` it is shared evenly among the
    elements attaining it. A negative finite ``ord`` raises ``ValueError``.
    """
    a = _cast("vector_norm", x, dtype)
    if a.dtype.kind not in "fc":
        raise TypeError(f"vector_norm: expected a floating-point tensor, got dtype {a.dtype}")
    if isinstance(ord, bool) or not (is_int(ord) or isinstance(ord, (float, np.floating))):
        raise TypeError(f"vector_norm: ord must be a number, got {ord!r}")
    axes = _reduced_axes("vector_norm", a, axis)
    if ord == np.inf or ord == -np.inf:
        _check_nonempty("vector_norm", a, axes, axis)
        return (max if ord > 0 else min)(a.abs(), axes, keepdims)
    if ord == 0:
        nonzero = (a.array != 0).astype(a.dtype)
        return _sum(where(np.zeros(a.shape, bool), a, nonzero), axes, keepdims=keepdims)
    if ord < 0 or np.isnan(ord):
        raise ValueError(f"vector_norm: ord must be >= 0 or ±inf, got {ord!r}")
    if ord == 1:
        return _sum(a.abs(), axes, keepdims=keepdims)
    return PNorm.apply(a, p=float(ord), axes=axes, keepdims=keepdims)
