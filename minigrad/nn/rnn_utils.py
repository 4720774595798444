"""Variable-length batches for the recurrent layers, as ``torch.nn.utils.rnn`` has them.

A :class:`PackedSequence` holds the steps of a batch of sequences, time-major and without
padding: ``data`` is ``(sum of lengths, *)``, ``batch_sizes[t]`` counts the sequences still
running at step ``t`` (sorted by length, longest first). ``sorted_indices`` /
``unsorted_indices`` undo the sort when the batch was not given sorted. Packing and unpacking
are differentiable gathers.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np

from ..ops import shape as _shape
from ..tensor import Tensor

__all__ = [
    "PackedSequence",
    "pack_padded_sequence",
    "pack_sequence",
    "pad_packed_sequence",
    "pad_sequence",
    "unpad_sequence",
]


class PackedSequence(NamedTuple):
    """``(data, batch_sizes, sorted_indices, unsorted_indices)``, as PyTorch's.

    ``data`` ``(N, *)``; ``batch_sizes`` an int64 Tensor ``(T,)``; the indices int64 Tensors
    ``(B,)`` or None when the batch was packed sorted.
    """

    data: Tensor
    batch_sizes: Tensor
    sorted_indices: Tensor | None = None
    unsorted_indices: Tensor | None = None


def _lengths(lengths: Any) -> np.ndarray:
    out = np.asarray(lengths.array if isinstance(lengths, Tensor) else lengths).astype(np.int64)
    if out.ndim != 1 or out.size == 0 or np.any(out <= 0):
        raise ValueError(f"pack_padded_sequence: lengths must be positive, got {out.tolist()}")
    return out


def _positions(batch_sizes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The ``(t, b)`` of every packed row, in packed (time-major) order."""
    t = np.repeat(np.arange(batch_sizes.size), batch_sizes)
    b = np.concatenate([np.arange(n) for n in batch_sizes]) if batch_sizes.size else t
    return t, b


def pack_padded_sequence(
    input: Tensor,  # noqa: A002 - PyTorch's name
    lengths: Any,
    batch_first: bool = False,
    enforce_sorted: bool = True,
) -> PackedSequence:
    """Pack a padded batch ``(T, B, *)`` (``(B, T, *)`` with ``batch_first``) of sequences
    whose lengths are ``lengths`` (``B`` ints). With ``enforce_sorted`` the lengths must be
    non-increasing; otherwise the batch is sorted and the permutation recorded."""
    if not isinstance(input, Tensor) or input.ndim < 2:
        raise TypeError("pack_padded_sequence: input must be a Tensor (T, B, *) or (B, T, *)")
    lens = _lengths(lengths)
    x = input.swapaxes(0, 1) if batch_first else input
    if lens.size != x.shape[1] or lens.max() > x.shape[0]:
        raise ValueError(
            f"pack_padded_sequence: {lens.size} lengths (max {lens.max()}) do not fit a padded "
            f"batch of {x.shape[1]} sequences of {x.shape[0]} steps"
        )
    sorted_indices = unsorted_indices = None
    if enforce_sorted:
        if np.any(np.diff(lens) > 0):
            raise ValueError(
                f"pack_padded_sequence: lengths {lens.tolist()} are not sorted in decreasing "
                "order; sort them or pass enforce_sorted=False"
            )
        order = np.arange(lens.size)
    else:
        order = np.argsort(-lens, kind="stable")
        sorted_indices = Tensor(order)
        unsorted_indices = Tensor(np.argsort(order))
    lens = lens[order]
    batch_sizes = (lens[None, :] > np.arange(lens[0])[:, None]).sum(1)
    t, b = _positions(batch_sizes)
    return PackedSequence(
        x[t, order[b]], Tensor(batch_sizes.astype(np.int64)), sorted_indices, unsorted_indices
    )


def packed_to_padded(sequence: PackedSequence, padding_value: float = 0.0) -> Tensor:
    """The padded ``(T, B, *)`` batch of a packed sequence, in its sorted order."""
    data, bs = sequence.data, sequence.batch_sizes.array
    t, b = _positions(bs)
    index = np.full((bs.size, int(bs[0])), data.shape[0], np.int64)
    index[t, b] = np.arange(data.shape[0])
    pad_row = Tensor.constant(np.full((1, *data.shape[1:]), padding_value, data.dtype))
    return _shape.concatenate([data, pad_row], axis=0)[index]


def padded_to_packed(padded: Tensor, batch_sizes: Tensor) -> Tensor:
    """The inverse of :func:`packed_to_padded`: the packed rows of ``(T, B, *)``."""
    t, b = _positions(batch_sizes.array)
    return padded[t, b]


def pad_packed_sequence(
    sequence: PackedSequence,
    batch_first: bool = False,
    padding_value: float = 0.0,
    total_length: int | None = None,
) -> tuple[Tensor, Tensor]:
    """Unpack to ``(padded, lengths)``: ``padded`` ``(T, B, *)`` (``(B, T, *)`` with
    ``batch_first``) in the original batch order, ``lengths`` an int64 Tensor ``(B,)``."""
    padded = packed_to_padded(sequence, padding_value)
    bs = sequence.batch_sizes.array
    lengths = (bs[None, :] > np.arange(int(bs[0]))[:, None]).sum(1)
    if total_length is not None:
        if total_length < bs.size:
            raise ValueError(
                f"pad_packed_sequence: total_length={total_length} is shorter than the longest "
                f"sequence ({bs.size} steps)"
            )
        extra = np.full((total_length - bs.size, *padded.shape[1:]), padding_value, padded.dtype)
        padded = _shape.concatenate([padded, Tensor.constant(extra)], axis=0)
    if sequence.unsorted_indices is not None:
        padded = padded[:, sequence.unsorted_indices.array]
        lengths = lengths[sequence.unsorted_indices.array]
    return (padded.swapaxes(0, 1) if batch_first else padded), Tensor(lengths.astype(np.int64))


def pad_sequence(
    sequences: Sequence[Tensor],
    batch_first: bool = False,
    padding_value: float = 0.0,
    padding_side: str = "right",
) -> Tensor:
    """Stack tensors ``(L_i, *)`` into ``(L_max, B, *)`` (``(B, L_max, *)`` with
    ``batch_first``), padding each with ``padding_value`` on ``padding_side``."""
    if padding_side not in ("right", "left"):
        raise ValueError(
            f"pad_sequence: padding_side must be 'right' or 'left', got {padding_side!r}"
        )
    if not sequences or not all(isinstance(s, Tensor) and s.ndim >= 1 for s in sequences):
        raise TypeError("pad_sequence: expected a non-empty sequence of Tensors (L, *)")
    longest = max(s.shape[0] for s in sequences)
    padded = []
    for s in sequences:
        if s.shape[1:] != sequences[0].shape[1:]:
            raise ValueError(
                f"pad_sequence: trailing shapes differ: {sequences[0].shape} and {s.shape}"
            )
        fill = Tensor.constant(
            np.full((longest - s.shape[0], *s.shape[1:]), padding_value, s.dtype)
        )
        parts = [s, fill] if padding_side == "right" else [fill, s]
        padded.append(_shape.concatenate(parts, axis=0))
    return _shape.stack(padded, axis=0 if batch_first else 1)


def unpad_sequence(padded: Tensor, lengths: Any, batch_first: bool = False) -> list[Tensor]:
    """The inverse of :func:`pad_sequence`: a list of ``(L_i, *)`` tensors."""
    x = padded if batch_first else padded.swapaxes(0, 1)
    return [x[i, : int(n)] for i, n in enumerate(_lengths(lengths))]


def pack_sequence(sequences: Sequence[Tensor], enforce_sorted: bool = True) -> PackedSequence:
    """Pack a list of tensors ``(L_i, *)``: :func:`pad_sequence` then
    :func:`pack_padded_sequence`."""
    lengths = [s.shape[0] for s in sequences]
    return pack_padded_sequence(pad_sequence(sequences), lengths, enforce_sorted=enforce_sorted)
