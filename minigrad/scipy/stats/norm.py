"""The normal distribution, SciPy's ``scipy.stats.norm``: every function composes minigrad's
differentiable ``ndtr``/``ndtri``/``log Φ``, so each is differentiable in ``x`` (or ``q``),
``loc`` and ``scale`` to any order. ``scale <= 0`` gives NaN, as SciPy."""

from __future__ import annotations

from typing import Any

from ...special import ndtr
from ...tensor import Tensor
from ._common import _HALF_LOG_2PI, args, exp, log, nan_unless, ndtri, safe, standardize
from ._common import log_ndtr as _log_ndtr

__all__ = ["cdf", "isf", "logcdf", "logpdf", "logsf", "pdf", "ppf", "sf"]


def _logpdf(op: str, x: Any, loc: Any = 0.0, scale: Any = 1.0) -> Tensor:
    z, s, _, ok = standardize(op, x, loc, scale)
    return nan_unless(ok, -0.5 * z * z - log(s) - _HALF_LOG_2PI)


def logpdf(x: Any, loc: Any = 0.0, scale: Any = 1.0) -> Tensor:
    """``-z²/2 - log(scale) - ½ log 2π`` with ``z = (x - loc) / scale``."""
    return _logpdf("norm.logpdf", x, loc, scale)


def pdf(x: Any, loc: Any = 0.0, scale: Any = 1.0) -> Tensor:
    """The density ``exp(logpdf)``."""
    return exp(_logpdf("norm.pdf", x, loc, scale))


def cdf(x: Any, loc: Any = 0.0, scale: Any = 1.0) -> Tensor:
    """``Φ((x - loc) / scale)``; its derivative in ``x`` is the density."""
    z, _, _, ok = standardize("norm.cdf", x, loc, scale)
    return nan_unless(ok, ndtr(z))


def logcdf(x: Any, loc: Any = 0.0, scale: Any = 1.0) -> Tensor:
    """``log Φ(z)``, accurate in both tails."""
    z, _, _, ok = standardize("norm.logcdf", x, loc, scale)
    return nan_unless(ok, _log_ndtr(z))


def sf(x: Any, loc: Any = 0.0, scale: Any = 1.0) -> Tensor:
    """The survival function ``1 - Φ(z) = Φ(-z)``."""
    z, _, _, ok = standardize("norm.sf", x, loc, scale)
    return nan_unless(ok, ndtr(-z))


def logsf(x: Any, loc: Any = 0.0, scale: Any = 1.0) -> Tensor:
    """``log Φ(-z)``, accurate in both tails."""
    z, _, _, ok = standardize("norm.logsf", x, loc, scale)
    return nan_unless(ok, _log_ndtr(-z))


def _quantile(op: str, q: Any, loc: Any, scale: Any, sign: float) -> Tensor:
    qt, lt, st = args(op, q=q, loc=loc, scale=scale)
    ok = st.array > 0
    return nan_unless(ok, lt + sign * safe(ok, st, 1.0) * ndtri(qt))


def ppf(q: Any, loc: Any = 0.0, scale: Any = 1.0) -> Tensor:
    """The quantile ``loc + scale Φ⁻¹(q)`` (NaN outside ``[0, 1]``); ``d/dq = scale / φ``."""
    return _quantile("norm.ppf", q, loc, scale, 1.0)


def isf(q: Any, loc: Any = 0.0, scale: Any = 1.0) -> Tensor:
    """The inverse survival function ``loc - scale Φ⁻¹(q)``."""
    return _quantile("norm.isf", q, loc, scale, -1.0)
