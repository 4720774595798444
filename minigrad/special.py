"""``minigrad.special``, PyTorch's ``torch.special`` face: the error and gamma families
(:mod:`minigrad.ops.special`), the logistic pair ``expit``/``logit``, ``xlogy``/``xlog1py``,
``entr``, the normal distribution's ``ndtr``/``ndtri``/``log_ndtr``, and the softmax family
under PyTorch's names. All are differentiable (any order).
"""

# PyTorch's argument name ``input`` shadows a builtin on purpose.
# ruff: noqa: A002

from __future__ import annotations

import math
from typing import Any

import numpy as np

from . import functions as _fn
from .ops import elementwise as _ew
from .ops import math as _m
from .ops._shape_args import tensor_arg
from .ops.special import digamma, erf, erfc, erfinv, lgamma, polygamma
from .reductions import logsumexp
from .tensor import Tensor

__all__ = [
    "digamma", "entr", "erf", "erfc", "erfinv", "exp2", "expit", "expm1", "gammaln",
    "log1p", "log_ndtr", "log_softmax", "logit", "logsumexp", "multigammaln", "ndtr", "ndtri",
    "polygamma", "psi", "round", "sinc", "softmax", "xlog1py", "xlogy",
]  # fmt: skip

gammaln, psi = lgamma, digamma
expit = _ew.sigmoid
exp2, expm1, log1p, sinc = _m.exp2, _m.expm1, _m.log1p, _m.sinc
round = _fn.round  # noqa: A001 - PyTorch's name
softmax, log_softmax = _fn.softmax, _fn.log_softmax


def logit(input: Tensor, eps: float | None = None) -> Tensor:
    """``log(p / (1 - p))``, with ``p`` clamped to ``[eps, 1 - eps]`` when ``eps`` is given
    (the gradient is 0 where the clamp holds)."""
    p = tensor_arg("logit", input)
    if eps is not None:
        p = _fn.clamp(p, eps, 1 - eps, op="logit")
    return _ew.log(p / (1 - p))


def _xlog(op: str, input: Any, other: Any, log: Any) -> Tensor:
    def operand(v: Any, partner: Any) -> Tensor:
        # A Python number takes a float partner's dtype, as PyTorch's scalars do: xlogy(x, 2.0)
        # on float64 ``x`` is float64 throughout, not log(2) rounded to float32.
        if type(v) in (int, float) and isinstance(partner, Tensor) and partner.dtype.kind == "f":
            return Tensor(np.asarray(v, partner.dtype))
        return tensor_arg(op, v)

    x, y = operand(input, other), operand(other, input)
    zero = (x == 0) & ~_ew.isnan(y)
    # Where x is 0 the result is 0 (even for y = 0); a safe y there keeps the gradient finite.
    return _ew.where(zero, 0.0, x * log(_ew.where(zero, 1.0, y)))


def xlogy(input: Any, other: Any) -> Tensor:
    """``input * log(other)``, 0 where ``input`` is 0 (unless ``other`` is NaN)."""
    return _xlog("xlogy", input, other, _ew.log)


def xlog1py(input: Any, other: Any) -> Tensor:
    """``input * log1p(other)``, 0 where ``input`` is 0 (unless ``other`` is NaN)."""
    return _xlog("xlog1py", input, other, _m.log1p)


def entr(input: Tensor) -> Tensor:
    """The elementwise entropy ``-x log x`` (0 at 0, ``-inf`` for ``x < 0``)."""
    x = tensor_arg("entr", input)
    body = -xlogy(x, x)
    return _ew.where(x < 0, -math.inf, body)


def ndtr(input: Tensor) -> Tensor:
    """The standard normal CDF ``Φ(x) = erfc(-x/√2) / 2``."""
    return erfc(-tensor_arg("ndtr", input) / math.sqrt(2)) * 0.5


def ndtri(input: Tensor) -> Tensor:
    """The standard normal quantile ``Φ⁻¹(p) = √2 erfinv(2p - 1)``."""
    return erfinv(tensor_arg("ndtri", input) * 2 - 1) * math.sqrt(2)


def log_ndtr(input: Tensor) -> Tensor:
    """``log Φ(x)``, computed as ``log(erfc(-x/√2) / 2)`` (finite down to ``x ≈ -38``)."""
    return _ew.log(ndtr(input))


def multigammaln(input: Tensor, p: int) -> Tensor:
    """The multivariate log-gamma ``p(p-1)/4 log π + Σᵢ lgamma(x - i/2)``, ``i < p``;
    every element must exceed ``(p - 1) / 2``."""
    x = tensor_arg("multigammaln", input)
    if not isinstance(p, int) or p < 1:
        raise ValueError(f"multigammaln: p must be a positive int, got {p!r}")
    if (x.array <= (p - 1) / 2).any():
        raise ValueError(f"multigammaln: all elements must be greater than (p-1)/2 = {(p - 1) / 2}")
    shifts = Tensor(-np.arange(p, dtype=x.dtype) / 2)
    terms = lgamma(_fn.unsqueeze(x, -1) + shifts)
    return terms.sum(-1) + p * (p - 1) / 4 * math.log(math.pi)
