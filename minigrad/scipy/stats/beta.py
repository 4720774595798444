"""The beta distribution, SciPy's ``scipy.stats.beta`` (``a``, ``b``, ``loc``, ``scale``):
the density composes ``xlogy``, ``xlog1py`` and ``gammaln`` (differentiable in every
argument), the CDF is ``betainc(a, b, (x - loc)/scale)`` (differentiable in ``x``, ``loc``
and ``scale``, not in ``a``, ``b``). Outside ``[0, 1]`` the density is 0 (``logpdf = -inf``),
the CDF 0 below and 1 above; ``a <= 0``, ``b <= 0`` or ``scale <= 0`` gives NaN, as SciPy."""

from __future__ import annotations

import math
from typing import Any

from ...special import gammaln, xlog1py, xlogy
from ...tensor import Tensor
from .._incomplete import _betainc_for
from ._common import exp, log, nan_unless, quiet, safe, standardize, where

__all__ = ["cdf", "logpdf", "pdf"]


def _parts(op: str, x: Any, a: Any, b: Any, loc: Any, scale: Any) -> tuple:
    y, s, (at, bt), ok = standardize(op, x, loc, scale, a=a, b=b)
    good = (at.array > 0) & (bt.array > 0)
    inside = ~((y.array < 0) | (y.array > 1))  # NaN stays NaN
    at, bt = safe(at.array > 0, at, 1.0), safe(bt.array > 0, bt, 1.0)
    return y, safe(inside, y, 0.5), s, at, bt, ok & good, inside


@quiet
def _logpdf(op: str, x: Any, a: Any, b: Any, loc: Any = 0.0, scale: Any = 1.0) -> Tensor:
    _, y, s, a_, b_, ok, inside = _parts(op, x, a, b, loc, scale)
    log_beta = gammaln(a_) + gammaln(b_) - gammaln(a_ + b_)
    body = xlogy(a_ - 1, y) + xlog1py(b_ - 1, -y) - log_beta - log(s)
    return nan_unless(ok, where(inside, body, -math.inf))


def logpdf(x: Any, a: Any, b: Any, loc: Any = 0.0, scale: Any = 1.0) -> Tensor:
    """``(a-1) log y + (b-1) log(1-y) - ln B(a, b) - log(scale)``, ``y = (x-loc)/scale``."""
    return _logpdf("beta.logpdf", x, a, b, loc, scale)


def pdf(x: Any, a: Any, b: Any, loc: Any = 0.0, scale: Any = 1.0) -> Tensor:
    """The density ``exp(logpdf)``."""
    return exp(_logpdf("beta.pdf", x, a, b, loc, scale))


def cdf(x: Any, a: Any, b: Any, loc: Any = 0.0, scale: Any = 1.0) -> Tensor:
    """``betainc(a, b, y)``; ``d/dx = pdf`` (no gradient in ``a`` or ``b``: raises)."""
    raw, y, _, a_, b_, ok, inside = _parts("beta.cdf", x, a, b, loc, scale)
    outside = where(raw.array > 1, 1.0, 0.0)
    return nan_unless(ok, where(inside, _betainc_for("beta.cdf", ("a", "b"), a_, b_, y), outside))
