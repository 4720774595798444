"""Stateless neural-network functions, as ``torch.nn.functional`` has them.

This module is the public name of every function; the code lives by idea:

- activations (``relu`` ... ``gelu``, ``softmax``): :mod:`minigrad.nn._activations`, calling
  the ops in :mod:`minigrad.ops.activation`;
- classification losses (``cross_entropy``, ``nll_loss``, the binary cross-entropies,
  ``kl_div``): :mod:`minigrad.nn._losses`, on the primitives in :mod:`minigrad.ops.loss`;
- regression and margin losses: :mod:`minigrad.nn._regression`;
- distances (``cosine_similarity``, ``pairwise_distance``, ``normalize``) and the losses on
  them: :mod:`minigrad.nn._distance`;
- ``pad``: :mod:`minigrad.nn._padding`; dropout: :mod:`minigrad.nn._dropout`;
  ``embedding``, ``one_hot``: :mod:`minigrad.nn._sparse`;
- convolution and pooling: :mod:`minigrad.ops.conv`, :mod:`minigrad.ops.pool`,
  :mod:`minigrad.ops.adaptive_pool`;
- here: ``relu``, ``sigmoid``, ``tanh``, ``linear``, ``bilinear``, ``flatten``, ``batch_norm``.
"""

# ruff: noqa: A001, A002 - `input` is PyTorch's argument name

from __future__ import annotations

import numpy as np

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
from ..ops.linalg import einsum
from ..ops.pool import (
    avg_pool1d,
    avg_pool2d,
    avg_pool3d,
    max_pool1d,
    max_pool2d,
    max_pool3d,
)
from ..tensor import Tensor
from ._activations import (
    celu,
    elu,
    gelu,
    glu,
    hardshrink,
    hardsigmoid,
    hardswish,
    hardtanh,
    leaky_relu,
    log_softmax,
    logsigmoid,
    mish,
    prelu,
    relu6,
    rrelu,
    selu,
    silu,
    softmax,
    softmin,
    softplus,
    softshrink,
    softsign,
    tanhshrink,
    threshold,
)
from ._common import float_tensor, tensor_arg
from ._distance import (
    cosine_embedding_loss,
    cosine_similarity,
    normalize,
    pairwise_distance,
    triplet_margin_loss,
)
from ._dropout import (
    alpha_dropout,
    dropout,
    dropout1d,
    dropout2d,
    dropout3d,
    feature_alpha_dropout,
)
from ._losses import (
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    cross_entropy,
    kl_div,
    nll_loss,
)
from ._padding import pad
from ._regression import (
    gaussian_nll_loss,
    hinge_embedding_loss,
    huber_loss,
    l1_loss,
    margin_ranking_loss,
    mse_loss,
    poisson_nll_loss,
    smooth_l1_loss,
    soft_margin_loss,
)
from ._sparse import (
    embedding,
    one_hot,
)

__all__ = [
    "adaptive_avg_pool1d",
    "adaptive_avg_pool2d",
    "adaptive_avg_pool3d",
    "adaptive_max_pool1d",
    "adaptive_max_pool2d",
    "adaptive_max_pool3d",
    "alpha_dropout",
    "avg_pool1d",
    "avg_pool2d",
    "avg_pool3d",
    "batch_norm",
    "bilinear",
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "celu",
    "conv1d",
    "conv2d",
    "conv3d",
    "conv_transpose1d",
    "conv_transpose2d",
    "conv_transpose3d",
    "cosine_embedding_loss",
    "cosine_similarity",
    "cross_entropy",
    "dropout",
    "dropout1d",
    "dropout2d",
    "dropout3d",
    "elu",
    "embedding",
    "feature_alpha_dropout",
    "flatten",
    "gaussian_nll_loss",
    "gelu",
    "glu",
    "hardshrink",
    "hardsigmoid",
    "hardswish",
    "hardtanh",
    "hinge_embedding_loss",
    "huber_loss",
    "kl_div",
    "l1_loss",
    "leaky_relu",
    "linear",
    "log_softmax",
    "logsigmoid",
    "margin_ranking_loss",
    "max_pool1d",
    "max_pool2d",
    "max_pool3d",
    "mish",
    "mse_loss",
    "nll_loss",
    "normalize",
    "one_hot",
    "pad",
    "pairwise_distance",
    "poisson_nll_loss",
    "prelu",
    "relu",
    "relu6",
    "rrelu",
    "selu",
    "sigmoid",
    "silu",
    "smooth_l1_loss",
    "soft_margin_loss",
    "softmax",
    "softmin",
    "softplus",
    "softshrink",
    "softsign",
    "tanh",
    "tanhshrink",
    "threshold",
    "triplet_margin_loss",
]


def relu(input: Tensor, inplace: bool = False) -> Tensor:
    """``max(input, 0)``, element-wise; the gradient at 0 is 0.

    ``inplace`` is accepted for PyTorch compatibility; minigrad always returns a new tensor.
    """
    return _relu(tensor_arg("relu", "input", input))


def sigmoid(input: Tensor) -> Tensor:
    """The logistic function ``1 / (1 + exp(-input))``, element-wise, without overflow."""
    return _sigmoid(tensor_arg("sigmoid", "input", input))


def tanh(input: Tensor) -> Tensor:
    """Hyperbolic tangent, element-wise."""
    return _tanh(tensor_arg("tanh", "input", input))


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
    input = tensor_arg("linear", "input", input)
    weight = tensor_arg("linear", "weight", weight)
    if weight.ndim != 2:
        raise ValueError(
            f"linear: weight must be 2-D (out_features, in_features), got {weight.shape}"
        )
    if input.ndim == 0 or input.shape[-1] != weight.shape[1]:
        raise ValueError(
            f"linear: input of shape {input.shape} does not fit weight of shape "
            f"{weight.shape}: the last axis of input must be in_features={weight.shape[1]}"
        )
    if bias is not None and tensor_arg("linear", "bias", bias).shape != weight.shape[:1]:
        raise ValueError(
            f"linear: bias must have shape ({weight.shape[0]},) to match weight "
            f"{weight.shape}, got {bias.shape}"
        )
    out = input @ weight.T
    return out if bias is None else out + bias


def flatten(input: Tensor, start_dim: int = 0, end_dim: int = -1) -> Tensor:
    """Merge axes ``start_dim`` to ``end_dim`` (inclusive) into one."""
    return tensor_arg("flatten", "input", input).flatten(start_dim, end_dim)


def bilinear(input1: Tensor, input2: Tensor, weight: Tensor, bias: Tensor | None = None) -> Tensor:
    """``y_k = x1ᵀ W_k x2 + b_k``: ``input1`` ``(*, in1)``, ``input2`` ``(*, in2)``, ``weight``
    ``(out, in1, in2)``, ``bias`` ``(out,)``; the result is ``(*, out)``."""
    op = "bilinear"
    x1, x2 = tensor_arg(op, "input1", input1), tensor_arg(op, "input2", input2)
    weight = tensor_arg(op, "weight", weight)
    if (
        weight.ndim != 3
        or x1.ndim == 0
        or x1.shape[:-1] != x2.shape[:-1]
        or (x1.shape[-1], x2.shape[-1]) != weight.shape[1:]
    ):
        raise ValueError(
            f"{op}: input1 {x1.shape} and input2 {x2.shape} do not fit weight {weight.shape}: "
            "expected (*, in1), (*, in2) and (out, in1, in2)"
        )
    out = einsum("...i,kij,...j->...k", x1, weight, x2)
    if bias is not None:
        if tensor_arg(op, "bias", bias).shape != weight.shape[:1]:
            raise ValueError(f"{op}: bias must have shape ({weight.shape[0]},), got {bias.shape}")
        out = out + bias
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
    input = float_tensor(op, "input", input)
    if input.ndim < 2:
        raise ValueError(f"{op}: input must be (N, C) or (N, C, *), got shape {input.shape}")
    C = input.shape[1]
    for arg, t in (
        ("running_mean", running_mean),
        ("running_var", running_var),
        ("weight", weight),
        ("bias", bias),
    ):
        if t is not None and tensor_arg(op, arg, t).shape != (C,):
            raise ValueError(
                f"{op}: {arg} must have shape ({C},) for input {input.shape} (C={C}), got {t.shape}"
            )
    bshape = (1, C) + (1,) * (input.ndim - 2)
    if training or running_mean is None or running_var is None:
        mean, var = _batch_statistics(input, running_mean, running_var, training, momentum)
    else:
        mean = Tensor.constant(running_mean.array.reshape(bshape))
        var = Tensor.constant(running_var.array.reshape(bshape))
    out = (input - mean) / (var + eps).sqrt()
    if weight is not None:
        out = out * weight.reshape(bshape)
    if bias is not None:
        out = out + bias.reshape(bshape)
    return out


def _batch_statistics(
    input: Tensor,
    running_mean: Tensor | None,
    running_var: Tensor | None,
    training: bool,
    momentum: float,
) -> tuple[Tensor, Tensor]:
    """The batch's per-channel mean and biased variance (kept dims); in training, the
    running statistics are updated with them (the variance unbiased, as PyTorch does)."""
    C = input.shape[1]
    axes = (0, *range(2, input.ndim))
    count = input.numel() // max(C, 1)
    if training and count <= 1:
        raise ValueError(
            "batch_norm: expected more than 1 value per channel when training, got input of "
            f"shape {input.shape}"
        )
    mean = input.mean(axis=axes, keepdims=True)
    var = input.var(axes, keepdim=True, correction=0)
    if training:
        _update_running(running_mean, mean.array.reshape(C), momentum)
        _update_running(running_var, var.array.reshape(C) * (count / max(count - 1, 1)), momentum)
    return mean, var


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

# --- Resampling, patches and the Gumbel-softmax (torchface).
from ..ops.upsample import fold, interpolate, pixel_shuffle, pixel_unshuffle, unfold  # noqa: E402
from ._resample import (  # noqa: E402
    gumbel_softmax,
    upsample,
    upsample_bilinear,
    upsample_nearest,
)

__all__ += ["fold", "interpolate", "pixel_shuffle", "pixel_unshuffle", "unfold"]
__all__ += ["gumbel_softmax", "upsample", "upsample_bilinear", "upsample_nearest"]

# The public boundary (issue 17): each function names itself in the errors its arguments
# cause, and checks what PyTorch's parser checks by name (training="no" is refused). The
# convolution and pooling ops are re-exported as they are (they check their own arguments).
from .._boundary import TORCH_CHECKS as _TORCH_CHECKS  # noqa: E402
from .._boundary import TORCH_UNCHECKED as _TORCH_UNCHECKED  # noqa: E402
from .._boundary import wrap_namespace as _wrap_namespace  # noqa: E402

_AS_THEY_ARE = ("minigrad.ops.conv", "minigrad.ops.pool", "minigrad.ops.adaptive_pool")
_wrapped = [n for n in __all__ if globals()[n].__module__ not in _AS_THEY_ARE]
globals().update(_wrap_namespace(globals(), _wrapped, _TORCH_CHECKS, _TORCH_UNCHECKED))
