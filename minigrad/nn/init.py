"""Parameter initialisation, as ``torch.nn.init`` does it.

Every function fills a tensor in place (under ``no_grad``, bumping its version counter) and
returns it. Random ones draw from ``generator`` or, by default, from
:func:`minigrad.default_generator` (seeded by ``minigrad.manual_seed``). Gains and fans follow
PyTorch: ``fan_in = size(1) · receptive field``, ``fan_out = size(0) · receptive field``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..autograd import no_grad
from ..creation import default_generator
from ..tensor import Tensor

__all__ = [
    "calculate_gain",
    "constant_",
    "dirac_",
    "eye_",
    "kaiming_normal_",
    "kaiming_uniform_",
    "normal_",
    "ones_",
    "orthogonal_",
    "trunc_normal_",
    "uniform_",
    "xavier_normal_",
    "xavier_uniform_",
    "zeros_",
]

_LINEAR_GAINS = (
    "linear",
    "identity",
    "conv1d",
    "conv2d",
    "conv3d",
    "conv_transpose1d",
    "conv_transpose2d",
    "conv_transpose3d",
    "sigmoid",
)


def calculate_gain(nonlinearity: str, param: float | None = None) -> float:
    """The recommended gain for a nonlinearity (the factor by which it shrinks the variance).

    ``linear``, ``identity``, ``conv*``, ``sigmoid``: 1; ``tanh``: 5/3; ``relu``: √2;
    ``leaky_relu``: √(2 / (1 + slope²)) with ``param`` the negative slope (default 0.01);
    ``selu``: 3/4.
    """
    if nonlinearity in _LINEAR_GAINS:
        return 1.0
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        if param is None:
            slope = 0.01
        elif isinstance(param, (int, float)) and not isinstance(param, bool):
            slope = float(param)
        else:
            raise ValueError(f"calculate_gain: negative_slope {param!r} is not a valid number")
        return math.sqrt(2.0 / (1 + slope**2))
    if nonlinearity == "selu":
        return 3.0 / 4
    raise ValueError(
        f"calculate_gain: unsupported nonlinearity {nonlinearity!r}; expected one of "
        f"{', '.join((*_LINEAR_GAINS, 'tanh', 'relu', 'leaky_relu', 'selu'))}"
    )


def _calculate_fan_in_and_fan_out(tensor: Tensor, op: str) -> tuple[int, int]:
    if tensor.ndim < 2:
        raise ValueError(
            f"{op}: fan in and fan out need a tensor of at least 2 dimensions, got shape "
            f"{tensor.shape}"
        )
    receptive = math.prod(tensor.shape[2:])
    return tensor.shape[1] * receptive, tensor.shape[0] * receptive


def _fan(tensor: Tensor, mode: str, op: str) -> int:
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"{op}: mode must be 'fan_in' or 'fan_out', got {mode!r}")
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor, op)
    return fan_in if mode == "fan_in" else fan_out


def _fill(tensor: Tensor, values: Any, op: str) -> Tensor:
    if not isinstance(tensor, Tensor):
        raise TypeError(f"{op}: expected a Tensor, got {type(tensor).__name__}")
    with no_grad():
        tensor.copy_(np.asarray(values).astype(tensor.dtype, copy=False))
    return tensor


def _rng(generator: np.random.Generator | None) -> np.random.Generator:
    return generator or default_generator()


def uniform_(
    tensor: Tensor, a: float = 0.0, b: float = 1.0, generator: np.random.Generator | None = None
) -> Tensor:
    """Fill with samples from the uniform distribution on ``[a, b)``."""
    if a > b:
        raise ValueError(f"uniform_: a must not exceed b, got a={a}, b={b}")
    return _fill(tensor, _rng(generator).uniform(a, b, tensor.shape), "uniform_")


def normal_(
    tensor: Tensor,
    mean: float = 0.0,
    std: float = 1.0,
    generator: np.random.Generator | None = None,
) -> Tensor:
    """Fill with samples from the normal distribution ``N(mean, std²)``."""
    if std < 0:
        raise ValueError(f"normal_: std must be non-negative, got {std}")
    return _fill(tensor, _rng(generator).normal(mean, std, tensor.shape), "normal_")


def constant_(tensor: Tensor, val: float) -> Tensor:
    """Fill with ``val``."""
    return _fill(tensor, val, "constant_")


def zeros_(tensor: Tensor) -> Tensor:
    """Fill with 0."""
    return _fill(tensor, 0, "zeros_")


def ones_(tensor: Tensor) -> Tensor:
    """Fill with 1."""
    return _fill(tensor, 1, "ones_")


def xavier_uniform_(
    tensor: Tensor, gain: float = 1.0, generator: np.random.Generator | None = None
) -> Tensor:
    """Glorot uniform: ``U(-b, b)`` with ``b = gain · √(6 / (fan_in + fan_out))``."""
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor, "xavier_uniform_")
    bound = gain * math.sqrt(6.0 / (fan_in + fan_out))
    return _fill(tensor, _rng(generator).uniform(-bound, bound, tensor.shape), "xavier_uniform_")


def xavier_normal_(
    tensor: Tensor, gain: float = 1.0, generator: np.random.Generator | None = None
) -> Tensor:
    """Glorot normal: ``N(0, std²)`` with ``std = gain · √(2 / (fan_in + fan_out))``."""
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor, "xavier_normal_")
    std = gain * math.sqrt(2.0 / (fan_in + fan_out))
    return _fill(tensor, _rng(generator).normal(0.0, std, tensor.shape), "xavier_normal_")


def kaiming_uniform_(
    tensor: Tensor,
    a: float = 0,
    mode: str = "fan_in",
    nonlinearity: str = "leaky_relu",
    generator: np.random.Generator | None = None,
) -> Tensor:
    """He uniform: ``U(-b, b)`` with ``b = gain · √(3 / fan)``, ``gain = calculate_gain(
    nonlinearity, a)`` and ``fan`` chosen by ``mode`` ('fan_in' or 'fan_out').

    With ``a=√5`` (the layers' default) the bound is ``1 / √fan_in``.
    """
    fan = _fan(tensor, mode, "kaiming_uniform_")
    if fan == 0:
        return tensor  # PyTorch leaves a zero-element tensor as it is
    bound = calculate_gain(nonlinearity, a) * math.sqrt(3.0 / fan)
    return _fill(tensor, _rng(generator).uniform(-bound, bound, tensor.shape), "kaiming_uniform_")


def kaiming_normal_(
    tensor: Tensor,
    a: float = 0,
    mode: str = "fan_in",
    nonlinearity: str = "leaky_relu",
    generator: np.random.Generator | None = None,
) -> Tensor:
    """He normal: ``N(0, std²)`` with ``std = gain / √fan`` (see :func:`kaiming_uniform_`)."""
    fan = _fan(tensor, mode, "kaiming_normal_")
    if fan == 0:
        return tensor
    std = calculate_gain(nonlinearity, a) / math.sqrt(fan)
    return _fill(tensor, _rng(generator).normal(0.0, std, tensor.shape), "kaiming_normal_")


def trunc_normal_(
    tensor: Tensor,
    mean: float = 0.0,
    std: float = 1.0,
    a: float = -2.0,
    b: float = 2.0,
    generator: np.random.Generator | None = None,
) -> Tensor:
    """Fill with ``N(mean, std²)`` samples truncated to ``[a, b]`` (redrawn until inside)."""
    if std < 0 or a > b:
        raise ValueError(f"trunc_normal_: need std >= 0 and a <= b, got std={std}, a={a}, b={b}")
    rng = _rng(generator)
    out = rng.normal(mean, std, tensor.shape)
    bad = (out < a) | (out > b)
    # Rejection sampling: each round redraws only the outliers; a few rounds suffice unless
    # [a, b] holds almost no mass, which the clip then settles.
    for _ in range(100):
        if not bad.any():
            break
        out[bad] = rng.normal(mean, std, int(bad.sum()))
        bad = (out < a) | (out > b)
    return _fill(tensor, np.clip(out, a, b), "trunc_normal_")


def eye_(tensor: Tensor) -> Tensor:
    """Fill a 2-D tensor with the identity matrix (ones on the diagonal)."""
    if not isinstance(tensor, Tensor) or tensor.ndim != 2:
        got = getattr(tensor, "shape", tensor)
        raise ValueError(f"eye_: only 2-D tensors are supported, got {got}")
    return _fill(tensor, np.eye(*tensor.shape), "eye_")


def dirac_(tensor: Tensor, groups: int = 1) -> Tensor:
    """Fill a 3-, 4- or 5-D convolution weight with the Dirac delta: the convolution is the
    identity on the first ``min(out/groups, in)`` channels of each group."""
    if not isinstance(tensor, Tensor) or tensor.ndim not in (3, 4, 5):
        got = getattr(tensor, "shape", tensor)
        raise ValueError(f"dirac_: only 3-, 4- and 5-D tensors are supported, got {got}")
    out_per_group = tensor.shape[0] // groups
    if tensor.shape[0] % groups:
        raise ValueError(f"dirac_: dim 0 ({tensor.shape[0]}) must be divisible by groups={groups}")
    values = np.zeros(tensor.shape)
    centre = tuple(k // 2 for k in tensor.shape[2:])
    for g in range(groups):
        for d in range(min(out_per_group, tensor.shape[1])):
            at: tuple[int, ...] = (g * out_per_group + d, d, *centre)
            values[at] = 1
    return _fill(tensor, values, "dirac_")


def orthogonal_(
    tensor: Tensor, gain: float = 1.0, generator: np.random.Generator | None = None
) -> Tensor:
    """Fill with a (semi-)orthogonal matrix from the QR decomposition of a normal one, times
    ``gain``; dimensions after the first are flattened (Saxe et al., 2013)."""
    if not isinstance(tensor, Tensor) or tensor.ndim < 2:
        got = getattr(tensor, "shape", tensor)
        raise ValueError(
            f"orthogonal_: only tensors of 2 or more dimensions are supported, got {got}"
        )
    if tensor.size == 0:
        return tensor
    rows = tensor.shape[0]
    cols = tensor.size // rows
    flat = _rng(generator).normal(0.0, 1.0, (rows, cols))
    if rows < cols:
        flat = flat.T
    q, r = np.linalg.qr(flat)
    # Sign fix: makes Q uniformly distributed (Haar), as in PyTorch.
    q *= np.sign(np.diag(r))
    if rows < cols:
        q = q.T
    return _fill(tensor, gain * q.reshape(tensor.shape), "orthogonal_")
