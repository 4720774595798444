"""Sorting and selection along an axis: ``sort``, ``argsort``, ``msort``, ``partition``,
``argpartition``, ``topk``, ``kthvalue``, ``median``, ``mode``; and the primitive pair they share,
``take_along_axis`` and its adjoint ``put_along_axis`` (adding).

Every selected value is ``take_along_axis(x, indices, axis)`` for integer ``indices`` found in
NumPy with no gradient, so one VJP serves them all: the gradient is scattered (added) back
through the same indices, and the scatter's VJP is the gather again, so every order works.
Ties: the indices come from a stable sort, so among equal values the first in ``x`` comes
first (last first when descending is asked for with ``stable``); each selected position gets
its own gradient, nothing is shared among ties.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..autograd import Function
from ..tensor import Tensor
from ._shape_args import axis_arg, is_int, tensor_arg

__all__ = [
    "argpartition",
    "argsort",
    "kthvalue",
    "median",
    "mode",
    "msort",
    "partition",
    "put_along_axis",
    "sort",
    "take_along_axis",
    "topk",
]

_KINDS = (None, "quicksort", "mergesort", "heapsort", "stable")


def _full_index(indices: np.ndarray, axis: int) -> tuple[Any, ...]:
    """The advanced index that picks ``indices`` along ``axis`` and broadcasts the rest, so
    ``a[index]`` is ``take_along_axis(a, indices, axis)`` and ``np.add.at`` can scatter."""
    nd = indices.ndim
    grids: list[Any] = [
        np.arange(n).reshape((1,) * i + (n,) + (1,) * (nd - i - 1))
        for i, n in enumerate(indices.shape)
    ]
    grids[axis] = indices
    return tuple(grids)


class TakeAlongAxis(Function):
    """``np.take_along_axis(a, indices, axis)``; its VJP adds the gradient back at
    ``indices`` with :class:`PutAlongAxis`."""

    @staticmethod
    def forward(ctx, a, *, indices, axis):
        ctx.axis, ctx.shape = axis, a.shape
        ctx.save_for_backward(indices)  # saved, so a backward pass frees it
        return np.take_along_axis(a, indices, axis)

    @staticmethod
    def backward(ctx, grad):
        (idx,) = ctx.saved_tensors
        return PutAlongAxis.apply(grad, indices=idx.array, axis=ctx.axis, shape=ctx.shape)


class PutAlongAxis(Function):
    """``zeros(shape)`` with ``values`` added at ``indices`` along ``axis`` (an index that
    repeats adds each of its values); the adjoint of :class:`TakeAlongAxis`."""

    @staticmethod
    def forward(ctx, values, *, indices, axis, shape):
        ctx.axis = axis
        ctx.save_for_backward(indices)
        out = np.zeros(shape, values.dtype)
        np.add.at(out, _full_index(indices, axis), values)
        return out

    @staticmethod
    def backward(ctx, grad):
        (idx,) = ctx.saved_tensors
        return TakeAlongAxis.apply(grad, indices=idx.array, axis=ctx.axis)


def _indices(op: str, shape: tuple[int, ...], indices: Any, axis: int) -> np.ndarray:
    idx = indices.array if isinstance(indices, Tensor) else np.asarray(indices)
    if idx.dtype.kind not in "iu":
        raise TypeError(f"{op}: indices must be integers, got dtype {idx.dtype}")
    if idx.ndim != len(shape):
        raise ValueError(
            f"{op}: indices (shape {idx.shape}) must have as many dimensions as the tensor "
            f"(shape {shape})"
        )
    n = shape[axis]
    if idx.size and (idx.min() < -n or idx.max() >= n):
        raise IndexError(f"{op}: an index is out of range for axis {axis} of size {n}")
    return idx % n if n else idx


def take_along_axis(arr: Tensor, indices: Any, axis: int | None = -1) -> Tensor:
    """The elements of ``arr`` at ``indices`` along ``axis`` (NumPy's ``take_along_axis``).

    Parameters
    ----------
    arr : Tensor, shape ``(..., n, ...)``
    indices : int array or Tensor, as many dimensions as ``arr``
        Broadcast against ``arr`` on the other axes; negative indices count from the end.
    axis : int or None
        ``None`` works on the flattened ``arr`` (then ``indices`` is 1-d).

    Returns
    -------
    Tensor of the broadcast shape of ``indices``. The gradient adds into each picked position
    once per pick.
    """
    x = tensor_arg("take_along_axis", arr)
    if axis is None:
        x, axis = x.reshape(-1), 0
    ax = axis_arg("take_along_axis", axis, x.ndim, x.shape)
    idx = _indices("take_along_axis", x.shape, indices, ax)
    try:
        others = np.broadcast_shapes(_without(x.shape, ax), _without(idx.shape, ax))
    except ValueError as e:
        raise ValueError(f"take_along_axis: {e} (arr {x.shape}, indices {idx.shape})") from None
    # Broadcast here, not inside the op: its VJP scatters into the shape of its input and
    # needs one index per gradient element (the broadcast of x is summed back by the engine).
    x_shape = _with(others, ax, x.shape[ax])
    x = x if x.shape == x_shape else x.broadcast_to(x_shape)
    idx = np.broadcast_to(idx, _with(others, ax, idx.shape[ax]))
    return TakeAlongAxis.apply(x, indices=idx, axis=ax)


def _without(shape: tuple[int, ...], axis: int) -> tuple[int, ...]:
    return (*shape[:axis], 1, *shape[axis + 1 :])


def _with(shape: tuple[int, ...], axis: int, size: int) -> tuple[int, ...]:
    return (*shape[:axis], size, *shape[axis + 1 :])


def put_along_axis(values: Tensor, indices: Any, axis: int, shape: tuple[int, ...]) -> Tensor:
    """``zeros(shape)`` with ``values`` added at ``indices`` along ``axis``: the adjoint of
    :func:`take_along_axis` (a repeated index adds each value; NumPy's ``put_along_axis``
    assigns instead and is not differentiable)."""
    v = tensor_arg("put_along_axis", values)
    shape = tuple(shape)
    ax = axis_arg("put_along_axis", axis, len(shape), shape)
    idx = _indices("put_along_axis", shape, indices, ax)
    return PutAlongAxis.apply(v, indices=idx, axis=ax, shape=shape)


# --------------------------------------------------------------------------------------------
# Sorting
# --------------------------------------------------------------------------------------------


def _prepared(op: str, x: Tensor, axis: Any) -> tuple[Tensor, int]:
    """``x`` and the axis to work along: ``axis=None`` flattens ``x``; a 0-d ``x`` is
    treated as one element (results are reshaped back to 0-d by :func:`_shaped`)."""
    if axis is None:
        return x.reshape(-1), 0
    if x.ndim == 0:
        axis_arg(op, axis, 1, x.shape)  # PyTorch accepts 0 and -1 for a 0-d tensor
        return x.reshape(1), 0
    return x, axis_arg(op, axis, x.ndim, x.shape)


def _shaped(t: Any, x: Tensor, axis: Any) -> Any:
    """A result computed on the prepared ``x``, back in 0-d form if ``x`` was 0-d."""
    return t.reshape(()) if x.ndim == 0 and axis is not None and t.size == 1 else t


def _argsort(a: np.ndarray, axis: int, descending: bool) -> np.ndarray:
    """Stable argsort as int64; descending keeps equal elements in their original order."""
    if not descending:
        return np.argsort(a, axis=axis, kind="stable").astype(np.int64, copy=False)
    # Sort the reversed array, reverse that order and map the positions back: stable, and
    # NaNs come first as the largest (``argsort(-a)`` would fail for unsigned and bool).
    flipped = np.flip(np.argsort(np.flip(a, axis), axis=axis, kind="stable"), axis)
    return (a.shape[axis] - 1 - flipped).astype(np.int64, copy=False)


def _check_kind(op: str, kind: Any) -> None:
    if kind not in _KINDS:
        raise ValueError(f"{op}: kind must be one of {_KINDS[1:]}, got {kind!r}")


def argsort(
    a: Tensor,
    axis: int | None = -1,
    kind: str | None = None,
    *,
    descending: bool = False,
    stable: bool | None = None,
) -> Tensor:
    """The indices that sort ``a`` along ``axis`` (NumPy's ``argsort``; ``descending`` and
    ``stable`` are PyTorch's). An int64 Tensor of ``a``'s shape, no gradient.

    ``axis=None`` sorts the flattened tensor. NaNs sort as the largest value. The sort is
    always stable (equal elements keep their order), whatever ``kind`` or ``stable`` say.
    """
    x = tensor_arg("argsort", a)
    _check_kind("argsort", kind)
    flat, ax = _prepared("argsort", x, axis)
    return Tensor.constant(_shaped(_argsort(flat.array, ax, bool(descending)), x, axis))


def sort(
    a: Tensor,
    axis: int | None = -1,
    kind: str | None = None,
    *,
    descending: bool = False,
    stable: bool | None = None,
) -> Tensor:
    """``a`` sorted along ``axis`` (NumPy's ``sort``; see :func:`argsort` for the arguments).

    The gradient of each sorted value goes back to the element it came from.
    """
    x = tensor_arg("sort", a)
    _check_kind("sort", kind)
    flat, ax = _prepared("sort", x, axis)
    idx = _argsort(flat.array, ax, bool(descending))
    return _shaped(TakeAlongAxis.apply(flat, indices=idx, axis=ax), x, axis)


def msort(a: Tensor) -> Tensor:
    """``a`` sorted along its first axis (PyTorch's ``msort``)."""
    return sort(a, axis=0)


def _kth(op: str, kth: Any, n: int) -> Any:
    items = (kth,) if is_int(kth) else kth
    if not isinstance(items, (tuple, list)) or not all(map(is_int, items)):
        raise TypeError(f"{op}: kth must be an int or a sequence of ints, got {kth!r}")
    for k in items:
        if not -n <= k < n:
            raise ValueError(f"{op}: kth {k} is out of bounds for an axis of size {n}")
    return kth


def argpartition(a: Tensor, kth: Any, axis: int | None = -1) -> Tensor:
    """NumPy's ``argpartition``: indices that put the ``kth`` element(s) in sorted position,
    smaller before and larger after (in no particular order). An int64 Tensor, no gradient."""
    x = tensor_arg("argpartition", a)
    flat, ax = _prepared("argpartition", x, axis)
    kth = _kth("argpartition", kth, flat.shape[ax])
    return Tensor.constant(np.argpartition(flat.array, kth, axis=ax).astype(np.int64))


def partition(a: Tensor, kth: Any, axis: int | None = -1) -> Tensor:
    """NumPy's ``partition`` (see :func:`argpartition`); the gradient of each value goes back
    to the element it came from."""
    x = tensor_arg("partition", a)
    flat, ax = _prepared("partition", x, axis)
    kth = _kth("partition", kth, flat.shape[ax])
    idx = np.argpartition(flat.array, kth, axis=ax)
    return TakeAlongAxis.apply(flat, indices=idx, axis=ax)


# --------------------------------------------------------------------------------------------
# Selection: topk, kthvalue (values and indices), median
# --------------------------------------------------------------------------------------------


def _check_k(op: str, k: Any, low: int, n: int, dim: Any, shape: tuple[int, ...]) -> None:
    if not is_int(k):
        raise TypeError(f"{op}: k must be an int, got {k!r}")
    if not low <= k <= n:
        raise ValueError(
            f"{op}: k={k} is out of range for dimension {dim} of size {n} (shape {shape})"
        )


def topk(
    x: Tensor,
    k: int,
    *,
    axis: int = -1,
    largest: bool = True,
    sorted: bool = True,  # noqa: A002 - PyTorch's name
) -> tuple[Tensor, Tensor]:
    """The ``k`` largest (or smallest) elements along ``axis``: ``(values, indices)``
    (PyTorch's ``topk``; the values come in sorted order whatever ``sorted`` says).

    Raises ``ValueError`` when ``k`` is not in ``[0, n]`` for the axis size ``n``.
    """
    x = tensor_arg("topk", x)
    flat, ax = _prepared("topk", x, axis)
    _check_k("topk", k, 0, flat.shape[ax], axis, x.shape)
    idx = np.take(_argsort(flat.array, ax, bool(largest)), np.arange(k), axis=ax)
    values = TakeAlongAxis.apply(flat, indices=idx, axis=ax)
    return _shaped(values, x, axis), Tensor.constant(_shaped(idx, x, axis))


def kthvalue(x: Tensor, k: int, *, axis: int = -1, keepdims: bool = False) -> tuple[Tensor, Tensor]:
    """The ``k``-th smallest element (1-based) along ``axis``: ``(values, indices)``
    (PyTorch's ``kthvalue``). The gradient goes to the element picked; among equal values
    the pick follows a stable sort."""
    x = tensor_arg("kthvalue", x)
    flat, ax = _prepared("kthvalue", x, axis)
    _check_k("kthvalue", k, 1, flat.shape[ax], axis, x.shape)
    idx = np.take(_argsort(flat.array, ax, False), [k - 1], axis=ax)
    values = TakeAlongAxis.apply(flat, indices=idx, axis=ax)
    if x.ndim == 0:
        return values.reshape(()), Tensor.constant(idx.reshape(()))
    if not keepdims:
        values, idx = values.squeeze(ax), idx.squeeze(ax)
    return values, Tensor.constant(idx)


def median(a: Tensor, axis: int | None = None, *, keepdims: bool = False) -> Tensor:
    """The median along ``axis`` (``None``: of all elements), as NumPy's ``median``: the mean
    of the two middle elements of an even-sized axis, which share the gradient half and half.
    (PyTorch's lower median is :func:`kthvalue` with ``k = (n + 1) // 2``.) An empty axis
    raises ``ValueError``.
    """
    x = tensor_arg("median", a)
    flat, ax = _prepared("median", x, axis)
    n = flat.shape[ax]
    if n == 0:
        raise ValueError(f"median: cannot take the median of an empty axis (shape {x.shape})")
    mid = [n // 2] if n % 2 else [n // 2 - 1, n // 2]
    order = _argsort(flat.array, ax, False)
    middle = [TakeAlongAxis.apply(flat, indices=np.take(order, [m], ax), axis=ax) for m in mid]
    out = middle[0] if n % 2 else (middle[0] + middle[1]) * 0.5
    if axis is None:
        return out.reshape((1,) * x.ndim if keepdims else ())
    if x.ndim == 0:
        return out.reshape(())
    return out if keepdims else out.squeeze(ax)


def mode(x: Tensor, *, axis: int = -1, keepdims: bool = False) -> tuple[Tensor, Tensor]:
    """The most frequent value along ``axis`` and an index of it: ``(values, indices)``
    (PyTorch's ``mode``). Among equally frequent values the smallest wins; the index is its
    last occurrence. The gradient goes to the element at the index."""
    x = tensor_arg("mode", x)
    flat, ax = _prepared("mode", x, axis)
    n = flat.shape[ax]
    if n == 0:
        raise ValueError(f"mode: dimension {axis} is empty (shape {x.shape})")
    order = _argsort(flat.array, ax, False)
    s = np.take_along_axis(flat.array, order, ax)
    pos = np.arange(n).reshape([n if i == ax else 1 for i in range(s.ndim)])
    # The length of the run of equal sorted values ending at each position: the first run
    # reaching the longest length is the smallest most-frequent value, and it ends there.
    starts = np.concatenate([np.ones_like(np.take(s, [0], ax), bool), np.diff(s, axis=ax) != 0], ax)
    run = pos - np.maximum.accumulate(np.where(starts, pos, 0), axis=ax) + 1
    end = np.argmax(run == run.max(axis=ax, keepdims=True), axis=ax, keepdims=True)
    idx = np.take_along_axis(order, end, ax)
    values = TakeAlongAxis.apply(flat, indices=idx, axis=ax)
    if x.ndim == 0:
        return values.reshape(()), Tensor.constant(idx.reshape(()))
    if not keepdims:
        values, idx = values.squeeze(ax), idx.squeeze(ax)
    return values, Tensor.constant(idx)
