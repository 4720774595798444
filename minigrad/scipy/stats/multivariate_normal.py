"""The multivariate normal distribution, SciPy's ``scipy.stats.multivariate_normal``
(``mean``, ``cov``, ``allow_singular``): ``pdf``, ``logpdf`` and ``entropy`` differentiable
in ``x``, ``mean`` and ``cov`` to any order, ``rvs`` from SciPy.

``x`` has shape ``(..., d)`` (a 1-D ``x`` is one point, or ``d = 1`` points when ``d = 1``);
``mean`` has shape ``(d,)`` or, beyond SciPy, any shape broadcasting with ``x``; ``cov`` is a
``(d, d)`` matrix, a vector (its diagonal) or a scalar (times the identity). The results are
squeezed, as SciPy's. A singular ``cov`` (``allow_singular=True``) is handled as SciPy's
``_PSD`` does: eigenvalues below ``1e6 ε max|λ|`` span the null space ``N`` (found on the
values, a constant); with ``P`` the projector onto ``N`` and ``Q = I - P``, the
pseudo-inverse is ``inv(QΣQ + P) - P`` and the log pseudo-determinant
``log det(QΣQ + P)``; points off the support ``mean + range(Σ)`` get ``logpdf = -inf``.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import scipy.stats as _st

import minigrad.numpy as mnp

from ...tensor import Tensor
from ._common import exp, f64, scipy_draws, where

__all__ = ["entropy", "logpdf", "pdf", "rvs"]

_LOG_2PI = math.log(2 * math.pi)


def _params(op: str, mean: Any, cov: Any) -> tuple[int, Tensor | None, Tensor]:
    """``(d, mean, cov)`` with ``cov`` made a ``(d, d)`` matrix, as SciPy's rules."""
    c = f64(op, "cov", cov)
    m = None if mean is None else f64(op, "mean", mean)
    if m is not None:
        d = m.shape[-1] if m.ndim > 1 else max(m.size, 1)
        if m.ndim == 0:
            m = mnp.reshape(m, (1,))
    else:
        d = c.shape[0] if c.ndim == 2 else 1
    if c.ndim == 0:
        c = c * mnp.eye(d)
    elif c.ndim == 1:
        if c.shape[0] != d:
            raise ValueError(f"{op}: cov of shape {c.shape} does not match dimension {d}")
        c = mnp.diag(c)
    elif c.ndim != 2 or c.shape != (d, d):
        raise ValueError(
            f"{op}: cov must be a ({d}, {d}) matrix (or a vector or scalar), got shape {c.shape}"
        )
    return d, m, c


def _psd(op: str, cov: Tensor, allow_singular: bool) -> tuple:
    """``(rank, log pdet, pinv, null basis V, support tolerance)`` of ``cov``."""
    values = cov.array
    if not np.isfinite(values).all():
        raise ValueError(f"{op}: cov must be finite")
    s, u = np.linalg.eigh(values)
    eps = 1e6 * np.finfo(np.float64).eps * np.max(np.abs(s), initial=0.0)
    if s.size and np.min(s) < -eps:
        raise ValueError(f"{op}: cov must be symmetric positive semidefinite")
    null = s <= eps
    rank = int(s.size - null.sum())
    if null.any() and not allow_singular:
        raise np.linalg.LinAlgError(
            f"{op}: cov of shape {values.shape} is singular; pass allow_singular=True for a "
            "degenerate distribution"
        )
    if not null.any():
        return rank, mnp.linalg.slogdet(cov)[1], mnp.linalg.inv(cov), None, 0.0
    v = u[:, null]
    p = v @ v.T
    q = np.eye(s.size) - p
    full = mnp.matmul(mnp.matmul(q, cov), q) + p
    pinv = mnp.linalg.inv(full) - p
    return rank, mnp.linalg.slogdet(full)[1], pinv, v, 1e3 * eps


def _squeeze(out: Tensor) -> Tensor:
    return mnp.reshape(out, tuple(n for n in out.shape if n != 1))


def _logpdf(
    op: str, x: Any, mean: Any = None, cov: Any = 1, allow_singular: bool = False
) -> Tensor:
    d, m, c = _params(op, mean, cov)
    xt = f64(op, "x", x)
    if xt.ndim == 0:
        xt = mnp.reshape(xt, (1,))
    if xt.ndim == 1:
        xt = mnp.reshape(xt, (-1, 1) if d == 1 else (1, -1))
    if xt.shape[-1] != d:
        raise ValueError(f"{op}: x of shape {xt.shape} must have last axis {d} (cov {c.shape})")
    rank, log_pdet, pinv, v, tol = _psd(op, c, allow_singular)
    dev = xt if m is None else xt - m
    maha = mnp.sum(mnp.matmul(dev, pinv) * dev, axis=-1)
    out = -0.5 * (rank * _LOG_2PI + log_pdet + maha)
    if v is not None:
        off = np.linalg.norm(dev.array @ v, axis=-1) >= tol
        if off.any():
            out = where(off, -math.inf, out)
    return _squeeze(out)


def logpdf(x: Any, mean: Any = None, cov: Any = 1, allow_singular: bool = False) -> Tensor:
    """``-½ (rank log 2π + log pdet Σ + (x-μ)ᵀ Σ⁺ (x-μ))``; ``-inf`` off the support."""
    return _logpdf("multivariate_normal.logpdf", x, mean, cov, allow_singular)


def pdf(x: Any, mean: Any = None, cov: Any = 1, allow_singular: bool = False) -> Tensor:
    """The density ``exp(logpdf)`` (0 off the support of a singular ``cov``)."""
    return exp(_logpdf("multivariate_normal.pdf", x, mean, cov, allow_singular))


def entropy(mean: Any = None, cov: Any = 1) -> Tensor:
    """The differential entropy ``½ (rank (1 + log 2π) + log pdet Σ)`` (independent of the
    mean; a singular ``cov`` is allowed, as SciPy)."""
    _, _, c = _params("multivariate_normal.entropy", mean, cov)
    rank, log_pdet, *_ = _psd("multivariate_normal.entropy", c, True)
    return 0.5 * (rank * (_LOG_2PI + 1) + log_pdet)


def rvs(mean: Any = None, cov: Any = 1, size: Any = 1, random_state: Any = None) -> Tensor:
    """Random draws from SciPy's ``multivariate_normal.rvs`` (a constant Tensor)."""
    d, m, c = _params("multivariate_normal.rvs", mean, cov)
    center = np.zeros(d) if m is None else m.array
    return scipy_draws(
        "multivariate_normal.rvs",
        _st.multivariate_normal.rvs,
        center,
        c.array,
        size=size,
        random_state=random_state,
    )
