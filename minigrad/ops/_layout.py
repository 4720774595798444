"""The batch-last memory layout of convolutional activations.

An array of shape ``(N, C, *S)`` laid out ``(C, *S, N)`` in memory (cuda-convnet's ``CHWN``):
the layout :mod:`._conv_numpy`'s faces give and the pooling routes keep. The shape, the values
and every op's result are PyTorch's; only the strides differ.
"""

from __future__ import annotations

import numpy as np


def batch_to_end(a: np.ndarray) -> np.ndarray:
    """``(N, ...)`` -> ``(..., N)``, a view (``np.moveaxis`` costs microseconds of Python
    checks; these run on every tap)."""
    return a.transpose(*range(1, a.ndim), 0)


def batch_to_front(a: np.ndarray) -> np.ndarray:
    """``(..., N)`` -> ``(N, ...)``, a view."""
    return a.transpose(a.ndim - 1, *range(a.ndim - 1))


def is_batch_last(a: np.ndarray) -> bool:
    """Whether ``a`` is laid out ``(C, *S, N)`` in one contiguous block."""
    return batch_to_end(a).flags.c_contiguous


def batch_last(x: np.ndarray) -> np.ndarray:
    """``x`` with the same shape ``(N, C, *S)`` and values, laid out ``(C, *S, N)`` in memory
    (a copy unless it already is): the layout of every array the convolution faces make.

    With the batch innermost, what one tap reads across all output positions is a run of
    ``out_last · N`` contiguous elements instead of ``out_last``, so im2col's copy and
    col2im's adds are long vectorised loops. On the flagship's second layer, 64×16×12² ⋆ 5×5
    at 1 thread, im2col took 1.7–2.1 ms channels-first and 0.22–0.29 ms batch-last, the whole
    input gradient 4.6–5.2 and 3.1–4.0 ms. Element-wise ops keep their operands' layout and
    pooling keeps its input's, so the activations between two convolutions stay batch-last:
    only a network's input and a gradient coming back from a reshape are copied.
    """
    if is_batch_last(x):
        return x
    xt = batch_to_end(x)
    out = np.empty(xt.shape, x.dtype)
    # Items a multiple of 4 KiB apart map to the same cache sets: reading all of them at once
    # thrashes the cache, 8 at a time does not (32×64×32² in float32: 7.7 → 3.1 ms).
    step = 8 if x.strides[0] % 4096 == 0 else len(x)
    for i in range(0, len(x), step):
        out[..., i : i + step] = xt[..., i : i + step]
    return batch_to_front(out)
