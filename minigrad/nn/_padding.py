"""``pad`` for :mod:`minigrad.nn.functional` (its public name), with PyTorch's argument order:
``pad=(left, right, top, bottom, front, back)`` pads the last dimension first.

The constant mode is :func:`minigrad.ops.shape.pad` (negative widths crop first, as in
PyTorch). The other modes are gathers: for each padded dimension, NumPy's own ``np.pad`` of
the index vector ``arange(n)`` (modes 'reflect', 'edge', 'wrap') gives the source index of
every output position, and indexing with it has the scatter-add VJP, so gradients of any
order work.
"""

# ruff: noqa: A001, A002 - `input` is PyTorch's argument name

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import numpy as np

from ..ops.shape import pad as _constant_pad
from ..tensor import Tensor
from ._common import real_arg, tensor_arg

_MODES: dict[str, Literal["reflect", "edge", "wrap"]] = {
    "reflect": "reflect",
    "replicate": "edge",
    "circular": "wrap",
}


def _pairs(op: str, pad: Any, ndim: int) -> list[tuple[int, int]]:
    """PyTorch's flat, last-dimension-first pad list as one ``(before, after)`` per axis."""
    if not isinstance(pad, Sequence) or isinstance(pad, str):
        raise TypeError(f"{op}: pad must be a tuple or list of ints, got {type(pad).__name__}")
    pad = [
        int(p) if isinstance(p, (int, np.integer)) and not isinstance(p, bool) else p for p in pad
    ]
    if any(not isinstance(p, int) for p in pad):
        raise TypeError(f"{op}: pad must hold ints, got {pad!r}")
    if len(pad) % 2 or len(pad) // 2 > ndim:
        raise ValueError(
            f"{op}: pad {tuple(pad)} must have an even length of at most 2 × the input's "
            f"{ndim} dimensions (pairs for the last dimensions, last first)"
        )
    pairs = [(0, 0)] * ndim
    for k in range(len(pad) // 2):
        pairs[ndim - 1 - k] = (pad[2 * k], pad[2 * k + 1])
    return pairs


def pad(
    input: Tensor, pad: Sequence[int], mode: str = "constant", value: float | None = None
) -> Tensor:
    """Pad ``input``; ``pad`` lists ``(before, after)`` pairs for the last dimensions, last
    dimension first: ``(1, 1)`` pads the last, ``(1, 1, 2, 2)`` the last two.

    Parameters
    ----------
    input
        Any shape ``(*)``.
    pad
        An even number of ints, at most two per dimension. Negative widths crop (constant
        mode).
    mode
        ``'constant'`` (fill with ``value``, default 0), ``'reflect'`` (mirror without the
        edge; widths must be smaller than the dimension), ``'replicate'`` (repeat the edge) or
        ``'circular'`` (wrap around; widths at most the dimension).
    value
        The fill value of the constant mode.

    Returns
    -------
    Tensor
        Each padded dimension grows by ``before + after``.
    """
    op = "pad"
    input = tensor_arg(op, "input", input)
    pairs = _pairs(op, pad, input.ndim)
    if mode == "constant":
        fill = 0.0 if value is None else real_arg(op, "value", value)
        crop = tuple(slice(max(-b, 0), n - max(-a, 0)) for (b, a), n in zip(pairs, input.shape))
        x = input[crop] if any(b < 0 or a < 0 for b, a in pairs) else input
        widths = [(max(b, 0), max(a, 0)) for b, a in pairs]
        return _constant_pad(x, widths, constant_values=fill)
    if mode not in _MODES:
        raise ValueError(
            f"{op}: mode must be 'constant', 'reflect', 'replicate' or 'circular', got {mode!r}"
        )
    if value not in (None, 0):
        raise ValueError(f"{op}: mode {mode!r} does not take a value (got {value})")
    out = input
    for axis, ((before, after), n) in enumerate(zip(pairs, input.shape)):
        if before == after == 0:
            continue
        limit = n - 1 if mode == "reflect" else n
        if min(before, after) < 0 or max(before, after) > limit or n == 0:
            raise ValueError(
                f"{op}: in mode {mode!r} the padding of dimension {axis} ({before}, {after}) "
                f"must be non-negative and at most {limit} for the input of shape {input.shape}"
            )
        index = np.pad(np.arange(n), (before, after), mode=_MODES[mode])
        out = out[(slice(None),) * axis + (index,)]
    return out
