"""The lookup functions of :mod:`minigrad.nn.functional` (their public name): ``embedding``
and ``one_hot``."""

# ruff: noqa: A002 - `input` is PyTorch's argument name

from __future__ import annotations

from typing import Any

import numpy as np

from ..autograd import no_grad
from ..ops.elementwise import where
from ..tensor import Tensor
from ._common import array_of, real_arg, tensor_arg


def one_hot(tensor: Tensor, num_classes: int = -1) -> Tensor:
    """Class indices ``(*)`` as one-hot vectors ``(*, num_classes)`` (int64, no gradient).

    ``num_classes=-1`` means ``max(tensor) + 1``.
    """
    t = tensor_arg("one_hot", "tensor", tensor).array
    if t.dtype.kind not in "iu":
        raise TypeError(f"one_hot: tensor must hold integer class indices, got dtype {t.dtype}")
    if num_classes == -1:
        if t.size == 0:
            raise ValueError("one_hot: cannot infer num_classes from an empty tensor; pass it")
        num_classes = int(t.max()) + 1
    if num_classes < 0:
        raise ValueError(f"one_hot: num_classes must be -1 or >= 0, got {num_classes}")
    if t.size and (t.min() < 0 or t.max() >= num_classes):
        bad = t[(t < 0) | (t >= num_classes)].flat[0]
        raise ValueError(
            f"one_hot: class values must be in [0, {num_classes - 1}] (num_classes="
            f"{num_classes}), got {bad}"
        )
    return Tensor.constant((t[..., None] == np.arange(num_classes)).astype(np.int64))


def check_padding_idx(op: str, padding_idx: Any, n: int) -> int | None:
    """``padding_idx`` in ``[-n, n)`` as a row number, or ``None``; else a ``ValueError``."""
    if padding_idx is None:
        return None
    if not isinstance(padding_idx, (int, np.integer)) or isinstance(padding_idx, bool):
        raise TypeError(f"{op}: padding_idx must be an int or None, got {padding_idx!r}")
    if not -n <= padding_idx < n:
        raise ValueError(
            f"{op}: padding_idx must be within [-{n}, {n - 1}] (num_embeddings={n}), got "
            f"{padding_idx}"
        )
    return int(padding_idx) % n


def _renorm_rows(weight: Tensor, rows: np.ndarray, max_norm: float, norm_type: float) -> None:
    """Scale the picked rows whose norm exceeds ``max_norm`` down to it, in place (PyTorch's
    ``embedding_renorm_``, also outside the graph)."""
    w = weight.array
    picked = w[rows]
    norms = np.linalg.norm(picked, ord=norm_type, axis=1)
    big = norms > max_norm
    if big.any():
        with no_grad():
            w[rows[big]] = picked[big] * (max_norm / (norms[big] + 1e-7))[:, None]
            weight._version += 1


def embedding(
    input: Tensor,
    weight: Tensor,
    padding_idx: int | None = None,
    max_norm: float | None = None,
    norm_type: float = 2.0,
    scale_grad_by_freq: bool = False,
    sparse: bool = False,
) -> Tensor:
    """Rows of ``weight`` picked by the integer indices ``input``.

    Parameters
    ----------
    input
        Integer indices ``(*)`` in ``[0, num_embeddings)``.
    weight
        ``(num_embeddings, embedding_dim)``.
    padding_idx
        In ``[-num_embeddings, num_embeddings)``: entries equal to that row get no gradient.
    max_norm
        Rows that are looked up and whose ``norm_type``-norm exceeds it are rescaled to it,
        in place, before the lookup (as in PyTorch).
    scale_grad_by_freq
        Divide each row's gradient by how often it occurs in ``input``.
    sparse
        Sparse gradients are not supported: the dense gradient has the same values.

    Returns
    -------
    Tensor
        Shape ``(*, embedding_dim)``.
    """
    op = "embedding"
    idx = array_of(input)
    weight = tensor_arg(op, "weight", weight)
    if idx.dtype.kind not in "iu":
        raise TypeError(f"{op}: input must hold integer indices, got dtype {idx.dtype}")
    if weight.ndim != 2:
        raise ValueError(f"{op}: weight must be 2-D (num_embeddings, dim), got {weight.shape}")
    if sparse:
        raise ValueError(f"{op}: sparse=True is not supported; use sparse=False (same values)")
    n = weight.shape[0]
    padding_idx = check_padding_idx(op, padding_idx, n)
    if idx.size and (idx.min() < 0 or idx.max() >= n):
        bad = idx[(idx < 0) | (idx >= n)].flat[0]
        raise IndexError(
            f"{op}: index {bad} is out of range for {n} embeddings (weight {weight.shape})"
        )
    if max_norm is not None:
        _renorm_rows(weight, np.unique(idx), real_arg(op, "max_norm", max_norm), norm_type)
    out = weight[idx]
    if scale_grad_by_freq and idx.size:
        # Same values; the gradient of each use is divided by its row's count.
        _, inverse, counts = np.unique(idx, return_inverse=True, return_counts=True)
        share = (1.0 / counts[inverse.reshape(idx.shape)])[..., None].astype(weight.dtype)
        out = out * share + out.detach() * (1 - share)
    if padding_idx is not None:
        # Same values, but the rows picked by padding_idx come from a detached copy.
        out = where((idx == padding_idx)[..., None], out.detach(), out)
    return out
