"""Joining, splitting and padding: ``concatenate``, ``stack``, ``split`` and constant ``pad``.
Their VJPs (and ``split`` itself) slice with indexing's
:class:`~minigrad.ops.indexing.GetItem`, so gradients of any order flow through them as they
do through indexing. :mod:`minigrad.ops.shape` re-exports them.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..autograd import Function
from ..tensor import Tensor
from ._shape_args import axis_arg, is_int, tensor_arg, tensor_list
from .getitem import GetItem

__all__ = [
    "concatenate",
    "pad",
    "split",
    "stack",
]


class Concatenate(Function):
    @staticmethod
    def forward(ctx, *arrays, axis):
        ctx.axis = axis
        ctx.bounds = np.cumsum([0] + [a.shape[axis] for a in arrays]).tolist()
        return np.concatenate(arrays, axis=axis)

    @staticmethod
    def backward(ctx, grad):
        lead = (slice(None),) * ctx.axis
        b = ctx.bounds
        return tuple(
            GetItem.apply(grad, (*lead, slice(b[i], b[i + 1])), False) if need else None
            for i, need in enumerate(ctx.needs_input_grad)
        )


class Stack(Function):
    @staticmethod
    def forward(ctx, *arrays, axis):
        ctx.axis = axis
        return np.stack(arrays, axis=axis)

    @staticmethod
    def backward(ctx, grad):
        lead = (slice(None),) * ctx.axis
        return tuple(
            GetItem.apply(grad, (*lead, i), False) if need else None
            for i, need in enumerate(ctx.needs_input_grad)
        )


def concatenate(tensors: Sequence[Tensor], axis: int = 0) -> Tensor:
    """Join tensors along an existing axis.

    Parameters
    ----------
    tensors
        A non-empty list/tuple of tensors of equal rank (at least 1) whose shapes agree
        except along ``axis``.
    axis
        The axis to join along (negative counts from the end).

    Returns
    -------
    Tensor whose ``axis`` has the summed sizes; the dtype is NumPy's promotion of theirs.
    """
    ts = tensor_list("concatenate", tensors)
    first = ts[0].shape
    if not first:
        raise ValueError("concatenate: tensors[0] is 0-d (shape ()); 0-d tensors cannot be joined")
    ax = axis_arg("concatenate", axis, len(first), first)
    for i, t in enumerate(ts[1:], 1):
        if t.ndim != len(first) or any(
            s != f for d, (s, f) in enumerate(zip(t.shape, first)) if d != ax
        ):
            raise ValueError(
                f"concatenate: tensors[{i}] has shape {t.shape} but tensors[0] has shape "
                f"{first}; all dimensions except axis {ax} must match"
            )
    return Concatenate.apply(*ts, axis=ax)


def stack(tensors: Sequence[Tensor], axis: int = 0) -> Tensor:
    """Join tensors of one shape along a new axis.

    Parameters
    ----------
    tensors
        A non-empty list/tuple of ``k`` tensors of the same shape ``S``.
    axis
        Where the new axis goes in the result (``-len(S) - 1`` to ``len(S)``).

    Returns
    -------
    Tensor of shape ``S`` with ``k`` inserted at ``axis``.
    """
    ts = tensor_list("stack", tensors)
    first = ts[0].shape
    for i, t in enumerate(ts[1:], 1):
        if t.shape != first:
            raise ValueError(
                f"stack: tensors[{i}] has shape {t.shape} but tensors[0] has shape {first}; "
                "all tensors must have the same shape"
            )
    return Stack.apply(*ts, axis=axis_arg("stack", axis, len(first) + 1, first))


def split(x: Tensor, indices_or_sections: int | Sequence[int], axis: int = 0) -> list[Tensor]:
    """Split ``x`` along ``axis`` into differentiable slices (NumPy's ``split``).

    Parameters
    ----------
    x
        Any shape with at least one dimension.
    indices_or_sections
        An int ``N``: ``N`` equal parts (``N`` must divide ``x.shape[axis]``). A sequence of
        indices: the cut points, so ``[2, 3]`` gives ``x[:2]``, ``x[2:3]``, ``x[3:]`` along
        ``axis`` (out-of-range and decreasing indices give empty parts, as in NumPy).
    axis
        The axis to split (negative counts from the end).

    Returns
    -------
    list of Tensors, each ``x[..., a:b, ...]`` with the slice on ``axis``.
    """
    x = tensor_arg("split", x)
    if x.ndim == 0:
        raise ValueError("split: a 0-d tensor has no dimension to split (expected at least 1-d)")
    ax = axis_arg("split", axis, x.ndim, x.shape)
    size = x.shape[ax]
    if is_int(indices_or_sections):
        n = int(indices_or_sections)
        if n <= 0 or size % n:
            raise ValueError(
                f"split: indices_or_sections={n} does not divide axis {ax} of size {size} "
                f"(tensor shape {x.shape}) into equal parts"
            )
        cuts = list(range(0, size + 1, size // n)) if size else [0] * (n + 1)
    else:
        if isinstance(indices_or_sections, np.ndarray):
            indices_or_sections = indices_or_sections.tolist()
        if not isinstance(indices_or_sections, (tuple, list)) or not all(
            is_int(i) for i in indices_or_sections
        ):
            raise TypeError(
                f"split: indices_or_sections must be an int or a sequence of ints, got "
                f"{indices_or_sections!r}"
            )
        cuts = [0, *indices_or_sections, size]
    lead = (slice(None),) * ax
    return [GetItem.apply(x, (*lead, slice(a, b)), False) for a, b in itertools.pairwise(cuts)]


class Pad(Function):
    @staticmethod
    def forward(ctx, a, *, widths, constant_values):
        ctx.inner = tuple(slice(before, before + n) for (before, _), n in zip(widths, a.shape))
        # A 0-d array has no axes to pad; NumPy rejects an empty width list but takes 0.
        return np.pad(a, widths or 0, mode="constant", constant_values=constant_values)

    @staticmethod
    def backward(ctx, grad):
        return GetItem.apply(grad, ctx.inner, False)


def pad(
    x: Tensor,
    pad_width: int | Sequence[int] | Sequence[Sequence[int]],
    mode: str = "constant",
    constant_values: Any = 0,
) -> Tensor:
    """``x`` padded with a constant (NumPy's ``pad``, constant mode).

    Parameters
    ----------
    x
        Any shape ``(d0, ..., dn)``.
    pad_width
        NumPy's forms: ``p`` (every side of every axis), ``(p,)``, ``(before, after)`` (every
        axis), or one ``(before, after)`` pair per axis. Non-negative ints.
    mode
        Only ``'constant'``.
    constant_values
        The fill value (NumPy's forms; it carries no gradient).

    Returns
    -------
    Tensor of shape ``(d0 + before0 + after0, ..., dn + beforen + aftern)``.
    """
    x = tensor_arg("pad", x)
    if mode != "constant":
        raise ValueError(f"pad: only mode='constant' is supported, got mode={mode!r}")
    try:
        widths = np.asarray(pad_width)
    except ValueError:
        raise ValueError(f"pad: pad_width {pad_width!r} is ragged; use ints or pairs") from None
    if widths.dtype.kind not in "iu":
        raise TypeError(f"pad: pad_width must hold ints, got {pad_width!r}")
    try:
        widths = np.broadcast_to(widths, (x.ndim, 2))
    except ValueError:
        raise ValueError(
            f"pad: pad_width {pad_width!r} (shape {np.shape(pad_width)}) does not fit a tensor "
            f"of shape {x.shape}: expected an int, (before, after) or {x.ndim} such pairs"
        ) from None
    if (widths < 0).any():
        raise ValueError(f"pad: pad_width {pad_width!r} has negative widths")
    if isinstance(constant_values, Tensor):
        constant_values = constant_values.array
    return Pad.apply(x, widths=tuple(map(tuple, widths.tolist())), constant_values=constant_values)
