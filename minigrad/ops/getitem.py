"""``x[index]``: :func:`getitem` with NumPy's basic and advanced indexing, and the Functions
behind it. :class:`GetItem` is ``a[index]``; its VJP is the scatter-add
:class:`IndexScatter`, whose VJP is :class:`GetItem` again, so gradients of any order flow
through indexing. The selection ops of :mod:`~minigrad.ops.indexing` and the joining,
splitting and padding ops of :mod:`~minigrad.ops.join` route their gradients through these
two as well. ``index_to_numpy`` turns the Tensors inside an index into arrays
(``Tensor.__setitem__`` uses it); :class:`Copy` is the selection of everything (``clone``).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..autograd import Function
from ..tensor import Tensor
from ._shape_args import is_int

__all__ = ["getitem"]


class GetItem(Function):
    """``a[index]``; its VJP scatters the gradient back with :class:`IndexScatter`."""

    @staticmethod
    def forward(ctx, a, index, has_int_array):
        ctx.in_shape = a.shape
        ctx.index = index
        ctx.has_int_array = has_int_array
        return a[index]

    @staticmethod
    def backward(ctx, grad):
        return IndexScatter.apply(grad, ctx.index, ctx.in_shape, ctx.has_int_array), None, None


class IndexScatter(Function):
    """``zeros(shape)`` with ``values`` added at ``index``: the adjoint of :class:`GetItem`
    (its VJP is the gather ``grad[index]``).

    Without integer arrays in ``index`` no element is selected twice, so a plain assignment
    does it (much faster than ``np.add.at``); integer arrays may repeat an element, and each
    repeat must add its share, so they go through ``np.add.at``.
    """

    @staticmethod
    def forward(ctx, values, index, shape, has_int_array):
        ctx.index = index
        ctx.has_int_array = has_int_array
        out = np.zeros(shape, values.dtype)
        if has_int_array:
            np.add.at(out, index, values)
        else:
            out[index] = values
        return out

    @staticmethod
    def backward(ctx, grad):
        return GetItem.apply(grad, ctx.index, ctx.has_int_array), None, None, None


class Copy(Function):
    """A C-ordered copy of ``a`` (``clone``, ``contiguous``): the selection of everything.
    Its VJP is the identity."""

    @staticmethod
    def forward(ctx, a):
        return np.array(a, order="C")

    @staticmethod
    def backward(ctx, grad):
        return grad


def index_to_numpy(index: Any) -> Any:
    """``index`` with every Tensor in it (also inside tuples and lists) replaced by its array."""
    if isinstance(index, Tensor):
        return index.array
    if isinstance(index, tuple):
        return tuple(index_to_numpy(i) for i in index)
    if isinstance(index, list):
        return [index_to_numpy(i) for i in index]
    return index


def _prepare_index(index: Any) -> tuple[tuple[Any, ...], bool]:
    """``index`` as a tuple of NumPy index items, and whether it holds integer arrays.

    Raises ``TypeError`` for items NumPy cannot index with (floats, strings, float arrays).
    """
    items = index if isinstance(index, tuple) else (index,)
    out = []
    has_int_array = False
    for item in items:
        if isinstance(item, Tensor):
            item = item.array
        if type(item) is slice:
            for part in (item.start, item.stop, item.step):
                if part is not None and not is_int(part):
                    raise TypeError(f"getitem: slice bounds must be ints or None, got {item!r}")
            if item.step == 0:
                raise ValueError(f"getitem: slice step cannot be zero in {item!r}")
        elif item is None or item is Ellipsis or is_int(item) or isinstance(item, (bool, np.bool_)):
            pass
        elif isinstance(item, (list, range, np.ndarray)):  # PyTorch indexes with a range too
            arr = np.asarray(index_to_numpy(item) if isinstance(item, list) else item)
            if arr.size == 0 and arr.dtype.kind not in "biu":
                arr = arr.astype(np.intp)  # an empty list selects nothing, as in NumPy
            if arr.dtype.kind in "iu":
                has_int_array = True
            elif arr.dtype.kind != "b":
                raise TypeError(
                    f"getitem: index arrays must hold ints or bools, got dtype {arr.dtype}"
                )
            item = arr
        else:
            raise TypeError(
                f"getitem: invalid index item {item!r} of type {type(item).__name__}; use "
                "ints, slices, None, ..., or int/bool arrays, lists, ranges or tensors"
            )
        out.append(item)
    return tuple(out), has_int_array


def _describe_index(index: tuple[Any, ...]) -> str:
    def one(i: Any) -> str:
        if isinstance(i, np.ndarray):
            return repr(i.tolist()) if i.size <= 8 else f"array(shape={i.shape}, dtype={i.dtype})"
        return "..." if i is Ellipsis else repr(i)

    return "(" + ", ".join(one(i) for i in index) + ("," if len(index) == 1 else "") + ")"


def getitem(x: Tensor, index: Any) -> Tensor:
    """``x[index]`` with NumPy's basic and advanced indexing.

    Parameters
    ----------
    x
        Any shape.
    index
        Anything NumPy accepts: ints, slices (any step, negative too), ``None``, ``...``,
        integer arrays/lists/Tensors (repeats allowed), boolean masks/Tensors, and tuples
        mixing them.

    Returns
    -------
    Tensor of NumPy's result shape. Basic indices give a view of ``x``'s data. The gradient
    adds the output gradient into zeros of ``x.shape`` at ``index``, so an element selected
    ``k`` times gets ``k`` contributions.
    """
    idx, has_int_array = _prepare_index(index)
    try:
        return GetItem.apply(x, idx, has_int_array)
    except IndexError as e:
        raise IndexError(
            f"getitem: {e} (index {_describe_index(idx)}, tensor shape {x.shape})"
        ) from None
