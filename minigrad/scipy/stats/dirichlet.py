"""The Dirichlet distribution, SciPy's ``scipy.stats.dirichlet`` (``alpha``): ``pdf`` and
``logpdf`` compose ``xlogy`` and ``gammaln``, differentiable in ``x`` and ``alpha`` to any
order; ``rvs`` from SciPy. As in SciPy the first axis of ``x`` holds the ``K`` components
(``x`` of shape ``(K,)`` or ``(K, N)``; with ``K - 1`` rows the last is ``1 - Σ``), and ``x``
must lie in the simplex (entries in ``[0, 1]`` summing to 1 within ``1e-9``)."""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.stats as _st

import minigrad.numpy as mnp

from ...special import gammaln, xlogy
from ...tensor import Tensor
from ._common import exp, f64, quiet, scipy_draws

__all__ = ["logpdf", "pdf", "rvs"]


def _alpha(op: str, alpha: Any) -> Tensor:
    a = f64(op, "alpha", alpha)
    if a.ndim != 1:
        raise ValueError(f"{op}: alpha must be one-dimensional, got shape {a.shape}")
    if (a.array <= 0).any():
        raise ValueError(f"{op}: every entry of alpha must be positive")
    return a


def _points(op: str, a: Tensor, x: Any) -> Tensor:
    xt = f64(op, "x", x)
    k = a.shape[0]
    if xt.ndim not in (1, 2) or xt.shape[0] not in (k, k - 1):
        raise ValueError(
            f"{op}: x of shape {xt.shape} must have {k} (or {k - 1}) entries along its first "
            f"axis, for alpha of shape {a.shape}"
        )
    if xt.shape[0] == k - 1:
        last = 1.0 - mnp.sum(xt, axis=0, keepdims=True)
        xt = mnp.concatenate([xt, last] if xt.ndim == 2 else [xt, mnp.reshape(last, (1,))])
    v = xt.array
    if v.min() < 0 or v.max() > 1:
        raise ValueError(f"{op}: every entry of x must lie in [0, 1]")
    alpha_lt1 = (a.array < 1).reshape((k,) + (1,) * (v.ndim - 1))
    if ((v == 0) & alpha_lt1).any():
        raise ValueError(f"{op}: an entry of x may be 0 only where its alpha is at least 1")
    if (np.abs(v.sum(0) - 1.0) > 1e-9).any():
        raise ValueError(f"{op}: x must lie in the simplex (sum to 1 along axis 0)")
    return xt


@quiet
def _logpdf(op: str, x: Any, alpha: Any) -> Tensor:
    a = _alpha(op, alpha)
    xt = _points(op, a, x)
    weights = a - 1 if xt.ndim == 1 else mnp.reshape(a - 1, (-1, 1))
    log_norm = gammaln(mnp.sum(a)) - mnp.sum(gammaln(a))
    out = mnp.sum(xlogy(weights, xt), axis=0) + log_norm
    return mnp.reshape(out, tuple(n for n in out.shape if n != 1))


def logpdf(x: Any, alpha: Any) -> Tensor:
    """``Σᵢ (αᵢ - 1) log xᵢ + lnΓ(Σ α) - Σ lnΓ(αᵢ)``."""
    return _logpdf("dirichlet.logpdf", x, alpha)


def pdf(x: Any, alpha: Any) -> Tensor:
    """The density ``exp(logpdf)``."""
    return exp(_logpdf("dirichlet.pdf", x, alpha))


def rvs(alpha: Any, size: Any = 1, random_state: Any = None) -> Tensor:
    """Random draws from SciPy's ``dirichlet.rvs`` (shape ``size + (K,)``; a constant)."""
    a = _alpha("dirichlet.rvs", alpha)
    return scipy_draws(
        "dirichlet.rvs", _st.dirichlet.rvs, a.array, size=size, random_state=random_state
    )
