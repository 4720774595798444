"""The chi-squared distribution, SciPy's ``scipy.stats.chi2`` (``df``, ``loc``, ``scale``):
the density composes ``xlogy`` and ``gammaln`` (differentiable in every argument), the CDF is
``gammainc(df/2, x/2)`` (differentiable in ``x``, ``loc`` and ``scale``, not in ``df``).
Below the support the density is 0 (``logpdf = -inf``) and the CDF 0; ``df <= 0`` or
``scale <= 0`` gives NaN, as SciPy."""

from __future__ import annotations

import math
from typing import Any

from ...special import gammaln, xlogy
from ...tensor import Tensor
from .._incomplete import _gammainc_for
from ._common import exp, log, nan_unless, quiet, safe, standardize, where

__all__ = ["cdf", "logpdf", "pdf"]


def _parts(op: str, x: Any, df: Any, loc: Any, scale: Any) -> tuple:
    y, s, (d,), ok = standardize(op, x, loc, scale, df=df)
    good = d.array > 0
    inside = ~(y.array < 0)  # NaN stays NaN
    return safe(inside, y, 1.0), s, safe(good, d, 1.0), ok & good, inside


@quiet
def _logpdf(op: str, x: Any, df: Any, loc: Any = 0.0, scale: Any = 1.0) -> Tensor:
    y, s, d, ok, inside = _parts(op, x, df, loc, scale)
    half = d / 2
    body = xlogy(half - 1, y) - y / 2 - gammaln(half) - half * math.log(2) - log(s)
    return nan_unless(ok, where(inside, body, -math.inf))


def logpdf(x: Any, df: Any, loc: Any = 0.0, scale: Any = 1.0) -> Tensor:
    """``(k/2 - 1) log y - y/2 - lnΓ(k/2) - (k/2) log 2 - log(scale)``, ``y = (x-loc)/scale``."""
    return _logpdf("chi2.logpdf", x, df, loc, scale)


def pdf(x: Any, df: Any, loc: Any = 0.0, scale: Any = 1.0) -> Tensor:
    """The density ``exp(logpdf)``."""
    return exp(_logpdf("chi2.pdf", x, df, loc, scale))


def cdf(x: Any, df: Any, loc: Any = 0.0, scale: Any = 1.0) -> Tensor:
    """``gammainc(df/2, y/2)``; ``d/dx = pdf`` (no gradient in ``df``: raises)."""
    y, _, d, ok, inside = _parts("chi2.cdf", x, df, loc, scale)
    return nan_unless(ok, where(inside, _gammainc_for("chi2.cdf", "df", d / 2, y / 2), 0.0))
