"""The activation functions of :mod:`minigrad.nn.functional` (their public name), with
PyTorch's signatures; each calls the op of the same name in :mod:`minigrad.ops.activation`.

``inplace=True`` is accepted where PyTorch has it; minigrad computes out of place and returns
the result, which is what code that uses the returned value sees either way.
"""

# ruff: noqa: A001, A002 - `input` is PyTorch's argument name

from __future__ import annotations

from typing import Any

from ..creation import default_generator
from ..ops import activation as A
from ..ops.elementwise import where
from ..tensor import Tensor
from ._common import float_tensor, real_arg, tensor_arg


def softplus(input: Tensor, beta: float = 1.0, threshold: float = 20.0) -> Tensor:
    """``log(1 + exp(beta·x)) / beta``, linear where ``beta·x > threshold``."""
    return A.softplus(input, beta=beta, threshold=threshold)


def gelu(input: Tensor, approximate: str = "none") -> Tensor:
    """``x·Φ(x)``; ``approximate='tanh'`` for the tanh approximation."""
    return A.gelu(input, approximate=approximate)


def silu(input: Tensor, inplace: bool = False) -> Tensor:
    """``x·sigmoid(x)``."""
    return A.silu(input)


def mish(input: Tensor, inplace: bool = False) -> Tensor:
    """``x·tanh(softplus(x))``."""
    return A.mish(input)


def elu(input: Tensor, alpha: float = 1.0, inplace: bool = False) -> Tensor:
    """``x`` for ``x > 0``, ``alpha·(exp(x) - 1)`` elsewhere."""
    return A.elu(input, alpha=alpha)


def selu(input: Tensor, inplace: bool = False) -> Tensor:
    """The self-normalising ELU (fixed ``alpha`` and ``scale``)."""
    return A.selu(input)


def celu(input: Tensor, alpha: float = 1.0, inplace: bool = False) -> Tensor:
    """``max(0, x) + min(0, alpha·(exp(x / alpha) - 1))``."""
    return A.celu(input, alpha=alpha)


def hardtanh(
    input: Tensor, min_val: float = -1.0, max_val: float = 1.0, inplace: bool = False
) -> Tensor:
    """``x`` clipped to ``[min_val, max_val]``."""
    return A.hardtanh(input, min_val=min_val, max_val=max_val)


def relu6(input: Tensor, inplace: bool = False) -> Tensor:
    """``min(max(0, x), 6)``."""
    return A.hardtanh(tensor_arg("relu6", "input", input), min_val=0.0, max_val=6.0)


def hardsigmoid(input: Tensor, inplace: bool = False) -> Tensor:
    """``clip(x/6 + 1/2, 0, 1)``."""
    return A.hardsigmoid(input)


def hardswish(input: Tensor, inplace: bool = False) -> Tensor:
    """``x·hardsigmoid(x)``."""
    return A.hardswish(input)


def leaky_relu(input: Tensor, negative_slope: float = 0.01, inplace: bool = False) -> Tensor:
    """``x`` where positive, ``negative_slope·x`` elsewhere (gradient at 0: the slope)."""
    return A.leaky_relu(input, negative_slope=negative_slope)


def logsigmoid(input: Tensor) -> Tensor:
    """``log(sigmoid(x))``, stable."""
    return A.logsigmoid(input)


def softsign(input: Tensor) -> Tensor:
    """``x / (1 + |x|)``."""
    return A.softsign(input)


def tanhshrink(input: Tensor) -> Tensor:
    """``x - tanh(x)``."""
    return A.tanhshrink(input)


def threshold(input: Tensor, threshold: float, value: float, inplace: bool = False) -> Tensor:
    """``x`` where ``x > threshold``, else ``value``."""
    return A.threshold(input, threshold=threshold, value=value)


def softshrink(input: Tensor, lambd: float = 0.5) -> Tensor:
    """``x - lambd`` above ``lambd``, ``x + lambd`` below ``-lambd``, 0 between."""
    input = float_tensor("softshrink", "input", input)
    lambd = real_arg("softshrink", "lambd", lambd)
    if lambd < 0:
        raise ValueError(f"softshrink: lambd must be non-negative, got {lambd}")
    return A.threshold(input - lambd, threshold=0.0, value=0.0) - A.threshold(
        -input - lambd, threshold=0.0, value=0.0
    )


def hardshrink(input: Tensor, lambd: float = 0.5) -> Tensor:
    """``x`` where ``|x| > lambd``, 0 elsewhere."""
    input = float_tensor("hardshrink", "input", input)
    lambd = real_arg("hardshrink", "lambd", lambd)
    return A.threshold(input, threshold=lambd, value=0.0) - A.threshold(
        -input, threshold=lambd, value=0.0
    )


def rrelu(
    input: Tensor,
    lower: float = 1.0 / 8,
    upper: float = 1.0 / 3,
    training: bool = False,
    inplace: bool = False,
    generator: Any = None,
) -> Tensor:
    """Randomized leaky ReLU: in training, each negative element gets a slope drawn from
    ``U(lower, upper)``; in evaluation the slope is ``(lower + upper) / 2``."""
    input = float_tensor("rrelu", "input", input)
    lower, upper = real_arg("rrelu", "lower", lower), real_arg("rrelu", "upper", upper)
    if lower > upper:
        raise ValueError(f"rrelu: lower ({lower}) must not exceed upper ({upper})")
    if not training:
        return A.leaky_relu(input, negative_slope=(lower + upper) / 2)
    rng = generator or default_generator()
    slopes = rng.uniform(lower, upper, input.shape).astype(input.dtype)
    return where(input.array > 0, input, input * slopes)


def prelu(input: Tensor, weight: Tensor) -> Tensor:
    """``x`` where positive, ``weight·x`` elsewhere (one slope, or one per channel)."""
    return A.prelu(input, weight)


def glu(input: Tensor, dim: int = -1) -> Tensor:
    """``a·sigmoid(b)`` for the halves ``a``, ``b`` of ``input`` along ``dim``."""
    return A.glu(input, axis=dim)


def _softmax_input(op: str, input: Any, dim: Any, dtype: Any) -> Tensor:
    input = float_tensor(op, "input", input)
    return input if dtype is None else input.astype(dtype)


def softmax(
    input: Tensor, dim: int | None = None, _stacklevel: int = 3, dtype: Any = None
) -> Tensor:
    """``exp(x) / sum(exp(x))`` along ``dim``, max-shifted; ``dtype`` casts the input first.

    ``dim=None`` picks PyTorch's implicit dimension (0 for 0-, 1- and 3-d inputs, else 1).
    """
    x = _softmax_input("softmax", input, dim, dtype)
    return A.softmax(x, axis=_implicit_dim(x, dim))


def log_softmax(
    input: Tensor, dim: int | None = None, _stacklevel: int = 3, dtype: Any = None
) -> Tensor:
    """``log(softmax(x))`` along ``dim``, finite for any finite input."""
    x = _softmax_input("log_softmax", input, dim, dtype)
    return A.log_softmax(x, axis=_implicit_dim(x, dim))


def softmin(
    input: Tensor, dim: int | None = None, _stacklevel: int = 3, dtype: Any = None
) -> Tensor:
    """``softmax(-x)`` along ``dim``."""
    x = _softmax_input("softmin", input, dim, dtype)
    return A.softmin(x, axis=_implicit_dim(x, dim))


def _implicit_dim(x: Tensor, dim: int | None) -> int:
    # PyTorch's implicit choice (deprecated there): dim 0 for 0-, 1- and 3-d inputs, else 1.
    return (0 if x.ndim in (0, 1, 3) else 1) if dim is None else dim
