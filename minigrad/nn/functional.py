"""Stateless neural-network functions, as ``torch.nn.functional`` has them.

Activations, ``softmax``/``log_softmax``, ``dropout``, ``batch_norm``, ``linear``,
``embedding``, ``one_hot``, ``flatten``; the losses (defined in :mod:`minigrad.nn._losses`,
this module is their public name); and (re-exported from :mod:`minigrad.ops.conv`,
:mod:`minigrad.ops.pool` and :mod:`minigrad.ops.adaptive_pool`) convolution and pooling.

Most are compositions of minigrad ops. ``softmax`` and ``log_softmax`` are primitives of their
own (stable max-shift, one node), defined in :mod:`minigrad.nn._common` because the
cross-entropy's VJP uses the softmax too.
"""

# ruff: noqa: A001, A002 - `input` is PyTorch's argument name

from __future__ import annotations

from typing import Any

import numpy as np

from ..creation import default_generator
from ..ops.adaptive_pool import (
    adaptive_avg_pool1d,
    adaptive_avg_pool2d,
    adaptive_avg_pool3d,
    adaptive_max_pool1d,
    adaptive_max_pool2d,
    adaptive_max_pool3d,
)
from ..ops.conv import (
    conv1d,
    conv2d,
    conv3d,
    conv_transpose1d,
    conv_transpose2d,
    conv_transpose3d,
)
from ..ops.elementwise import relu as _relu
from ..ops.elementwise import sigmoid as _sigmoid
from ..ops.elementwise import tanh as _tanh
from ..ops.elementwise import where
from ..ops.pool import (
    avg_pool1d,
    avg_pool2d,
    avg_pool3d,
    max_pool1d,
    max_pool2d,
    max_pool3d,
)
from ..tensor import Tensor
from ._common import LogSoftmax, Softmax, _array, _float_tensor, _tensor
from ._losses import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    cross_entropy,
    l1_loss,
    mse_loss,
    nll_loss,
)

__all__ = [
    "adaptive_avg_pool1d",
    "adaptive_avg_pool2d",
    "adaptive_avg_pool3d",
    "adaptive_max_pool1d",
    "adaptive_max_pool2d",
    "adaptive_max_pool3d",
    "avg_pool1d",
    "avg_pool2d",
    "avg_pool3d",
    "batch_norm",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "conv1d",
    "conv2d",
    "conv3d",
    "conv_transpose1d",
    "conv_transpose2d",
    "conv_transpose3d",
    "cross_entropy",
    "dropout",
    "embedding",
    "flatten",
    "l1_loss",
    "leaky_relu",
    "linear",
    "log_softmax",
    "max_pool1d",
    "max_pool2d",
    "max_pool3d",
    "mse_loss",
    "nll_loss",
    "one_hot",
    "relu",
    "sigmoid",
    "softmax",
    "tanh",
]


# --------------------------------------------------------------------------------------------
# Argument checks
# --------------------------------------------------------------------------------------------


def _dim(op: str, dim: Any, ndim: int, shape: tuple[int, ...]) -> int | None:
    """``dim`` as a non-negative axis (``None`` for a 0-d tensor, whose only "dim" is itself)."""
    if not isinstance(dim, (int, np.integer)) or isinstance(dim, bool):
        raise TypeError(f"{op}: dim must be an int, got {dim!r}")
    rank = max(ndim, 1)
    if not -rank <= dim < rank:
        raise np.exceptions.AxisError(
            f"{op}: dim {dim} is out of range for an input of shape {shape} "
            f"(valid: {-rank} to {rank - 1})"
        )
    return int(dim) % rank if ndim else None


# --------------------------------------------------------------------------------------------
# Activations
# --------------------------------------------------------------------------------------------


def relu(input: Tensor, inplace: bool = False) -> Tensor:
    """``max(input, 0)``, element-wise; the gradient at 0 is 0.

    ``inplace`` is accepted for PyTorch compatibility; minigrad always returns a new tensor.
    """
    return _relu(_tensor("relu", "input", input))


def leaky_relu(input: Tensor, negative_slope: float = 0.01, inplace: bool = False) -> Tensor:
    """``input`` where positive, ``negative_slope * input`` elsewhere (gradient at 0: the slope).

    ``inplace`` is accepted for PyTorch compatibility; minigrad always returns a new tensor.
    """
    input = _tensor("leaky_relu", "input", input)
    return where(input.array > 0, input, input * negative_slope)


def sigmoid(input: Tensor) -> Tensor:
    """The logistic function ``1 / (1 + exp(-input))``, element-wise, without overflow."""
    return _sigmoid(_tensor("sigmoid", "input", input))


def tanh(input: Tensor) -> Tensor:
    """Hyperbolic tangent, element-wise."""
    return _tanh(_tensor("tanh", "input", input))


def _softmax_input(op: str, input: Any, dim: Any, dtype: Any) -> tuple[Tensor, int | None]:
    input = _float_tensor(op, "input", input)
    axis = _dim(op, dim, input.ndim, input.shape)
    if dtype is not None:
        input = input.astype(dtype)
    return input, axis


def softmax(input: Tensor, dim: int, dtype: Any = None) -> Tensor:
    """``exp(input) / sum(exp(input))`` along ``dim``, computed stably (max-shifted).

    Parameters
    ----------
    input
        Any shape ``(*)``, floating point.
    dim
        The axis that sums to 1.
    dtype
        Cast ``input`` to this dtype first.

    Returns
    -------
    Tensor
        Same shape as ``input``.
    """
    return Softmax.apply(*_softmax_input("softmax", input, dim, dtype))


def log_softmax(input: Tensor, dim: int, dtype: Any = None) -> Tensor:
    """``log(softmax(input, dim))``, computed stably as ``x - max - log(sum(exp(x - max)))``.

    Finite for any finite input (``softmax(...).log()`` underflows to ``-inf``). Same
    arguments and shapes as :func:`softmax`.
    """
    return LogSoftmax.apply(*_softmax_input("log_softmax", input, dim, dtype))


# --------------------------------------------------------------------------------------------
# Layers as functions
# --------------------------------------------------------------------------------------------


def dropout(
    input: Tensor,
    p: float = 0.5,
    training: bool = True,
    inplace: bool = False,
    generator: np.random.Generator | None = None,
) -> Tensor:
    """Zero each element with probability ``p`` and scale the rest by ``1 / (1 - p)``.

    Identity when ``training`` is false or ``p == 0``. The mask is drawn from ``generator``
    (default: :func:`minigrad.default_generator`, seeded by ``minigrad.manual_seed``).
    ``inplace`` is accepted for PyTorch compatibility; minigrad always returns a new tensor.
    """
    input = _tensor("dropout", "input", input)
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"dropout: p must be between 0 and 1, got {p}")
    if not training or p == 0.0:
        return input
    if p == 1.0:
        return input * np.zeros((), input.dtype)
    rng = generator or default_generator()
    keep = rng.random(input.shape, dtype=np.float32) >= p
    return input * (keep * np.asarray(1.0 / (1.0 - p), input.dtype))


def linear(input: Tensor, weight: Tensor, bias: Tensor | None = None) -> Tensor:
    """``input @ weight.T + bias``.

    Parameters
    ----------
    input
        ``(*, in_features)``.
    weight
        ``(out_features, in_features)``.
    bias
        ``(out_features,)`` or ``None``.

    Returns
    -------
    Tensor
        Shape ``(*, out_features)``.
    """
    input = _tensor("linear", "input", input)
    weight = _tensor("linear", "weight", weight)
    if weight.ndim != 2:
        raise ValueError(
            f"linear: weight must be 2-D (out_features, in_features), got {weight.shape}"
        )
    if input.ndim == 0 or input.shape[-1] != weight.shape[1]:
        raise ValueError(
            f"linear: input of shape {input.shape} does not fit weight of shape "
            f"{weight.shape}: the last axis of input must be in_features={weight.shape[1]}"
        )
    if bias is not None and _tensor("linear", "bias", bias).shape != weight.shape[:1]:
        raise ValueError(
            f"linear: bias must have shape ({weight.shape[0]},) to match weight "
            f"{weight.shape}, got {bias.shape}"
        )
    out = input @ weight.T
    return out if bias is None else out + bias


def flatten(input: Tensor, start_dim: int = 0, end_dim: int = -1) -> Tensor:
    """Merge axes ``start_dim`` to ``end_dim`` (inclusive) into one."""
    return _tensor("flatten", "input", input).flatten(start_dim, end_dim)


def one_hot(tensor: Tensor, num_classes: int = -1) -> Tensor:
    """Class indices ``(*)`` as one-hot vectors ``(*, num_classes)`` (int64, no gradient).

    ``num_classes=-1`` means ``max(tensor) + 1``.
    """
    t = _tensor("one_hot", "tensor", tensor).array
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


def embedding(input: Tensor, weight: Tensor, padding_idx: int | None = None) -> Tensor:
    """Rows of ``weight`` picked by the integer indices ``input``.

    Parameters
    ----------
    input
        Integer indices ``(*)`` in ``[0, num_embeddings)``.
    weight
        ``(num_embeddings, embedding_dim)``.
    padding_idx
        Entries equal to it get no gradient (the row is not trained).

    Returns
    -------
    Tensor
        Shape ``(*, embedding_dim)``.
    """
    idx = _array(input)
    weight = _tensor("embedding", "weight", weight)
    if idx.dtype.kind not in "iu":
        raise TypeError(f"embedding: input must hold integer indices, got dtype {idx.dtype}")
    if weight.ndim != 2:
        raise ValueError(f"embedding: weight must be 2-D (num_embeddings, dim), got {weight.shape}")
    n = weight.shape[0]
    if idx.size and (idx.min() < 0 or idx.max() >= n):
        bad = idx[(idx < 0) | (idx >= n)].flat[0]
        raise IndexError(
            f"embedding: index {bad} is out of range for {n} embeddings (weight {weight.shape})"
        )
    out = weight[idx]
    if padding_idx is not None:
        # Same values, but the rows picked by padding_idx come from a detached copy: no gradient.
        out = where((idx == padding_idx % n)[..., None], out.detach(), out)
    return out


def batch_norm(
    input: Tensor,
    running_mean: Tensor | None,
    running_var: Tensor | None,
    weight: Tensor | None = None,
    bias: Tensor | None = None,
    training: bool = False,
    momentum: float = 0.1,
    eps: float = 1e-5,
) -> Tensor:
    """Normalise each channel (axis 1) to zero mean and unit variance, then scale and shift.

    In training (or without running statistics) the statistics are the batch's mean and
    biased variance over every axis but 1, and the running statistics, if given, are updated
    in place: ``running = (1 - momentum) * running + momentum * batch``, with the *unbiased*
    batch variance, as PyTorch does. Otherwise the running statistics are used.

    Parameters
    ----------
    input
        ``(N, C)`` or ``(N, C, *)``.
    running_mean, running_var
        ``(C,)`` tensors or ``None``.
    weight, bias
        ``(C,)`` affine parameters or ``None``.

    Returns
    -------
    Tensor
        Same shape as ``input``.
    """
    op = "batch_norm"
    input = _float_tensor(op, "input", input)
    if input.ndim < 2:
        raise ValueError(f"{op}: input must be (N, C) or (N, C, *), got shape {input.shape}")
    C = input.shape[1]
    for arg, t in (
        ("running_mean", running_mean),
        ("running_var", running_var),
        ("weight", weight),
        ("bias", bias),
    ):
        if t is not None and _tensor(op, arg, t).shape != (C,):
            raise ValueError(
                f"{op}: {arg} must have shape ({C},) for input {input.shape} (C={C}), got {t.shape}"
            )
    axes = (0, *range(2, input.ndim))
    bshape = (1, C) + (1,) * (input.ndim - 2)
    use_batch = training or running_mean is None or running_var is None
    if use_batch:
        count = input.size // max(C, 1)
        if training and count <= 1:
            raise ValueError(
                f"{op}: expected more than 1 value per channel when training, got input of "
                f"shape {input.shape}"
            )
        mean = input.mean(axis=axes, keepdims=True)
        var = input.var(axis=axes, keepdims=True)
        if training:
            _update_running(running_mean, mean.array.reshape(C), momentum)
            _update_running(
                running_var, var.array.reshape(C) * (count / max(count - 1, 1)), momentum
            )
    else:
        mean = Tensor.constant(running_mean.array.reshape(bshape))
        var = Tensor.constant(running_var.array.reshape(bshape))
    out = (input - mean) / (var + eps).sqrt()
    if weight is not None:
        out = out * weight.reshape(bshape)
    if bias is not None:
        out = out + bias.reshape(bshape)
    return out


def _update_running(running: Tensor | None, batch: np.ndarray, momentum: float) -> None:
    if running is not None:
        running.array *= 1 - momentum
        running.array += momentum * batch.astype(running.dtype, copy=False)
        running._version += 1


# Sequence helper (issue 18): normalisation, attention.
from ..ops.attention import scaled_dot_product_attention  # noqa: E402
from ..ops.normalization import group_norm, instance_norm, layer_norm, rms_norm  # noqa: E402

__all__ += ["group_norm", "instance_norm", "layer_norm", "rms_norm"]
__all__ += ["scaled_dot_product_attention"]
