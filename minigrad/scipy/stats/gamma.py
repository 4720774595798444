"""The gamma distribution, SciPy's ``scipy.stats.gamma`` (shape ``a``, ``loc``, ``scale``):
the density composes ``xlogy`` and ``gammaln`` (differentiable in every argument), the CDF is
``gammainc(a, (x - loc)/scale)`` (differentiable in ``x``, ``loc`` and ``scale``, not in
``a``). Below the support the density is 0 (``logpdf = -inf``) and the CDF 0; ``a <= 0`` or
``scale <= 0`` gives NaN, as SciPy."""

from __future__ import annotations

import math
from typing import Any

from ...special import gammaln, xlogy
from ...tensor import Tensor
from .._incomplete import _gammainc_for
from ._common import exp, log, nan_unless, quiet, safe, standardize, where

__all__ = ["cdf", "logpdf", "pdf"]


def _parts(op: str, x: Any, a: Any, loc: Any, scale: Any) -> tuple:
    y, s, (shape,), ok = standardize(op, x, loc, scale, a=a)
    good = shape.array > 0
    inside = ~(y.array < 0)  # NaN stays NaN
    return safe(inside, y, 1.0), s, safe(good, shape, 1.0), ok & good, inside


@quiet
def _logpdf(op: str, x: Any, a: Any, loc: Any = 0.0, scale: Any = 1.0) -> Tensor:
    y, s, shape, ok, inside = _parts(op, x, a, loc, scale)
    body = xlogy(shape - 1, y) - y - gammaln(shape) - log(s)
    return nan_unless(ok, where(inside, body, -math.inf))


def logpdf(x: Any, a: Any, loc: Any = 0.0, scale: Any = 1.0) -> Tensor:
    """``(a - 1) log y - y - lnΓ(a) - log(scale)`` with ``y = (x - loc) / scale``."""
    return _logpdf("gamma.logpdf", x, a, loc, scale)


def pdf(x: Any, a: Any, loc: Any = 0.0, scale: Any = 1.0) -> Tensor:
    """The density ``exp(logpdf)``."""
    return exp(_logpdf("gamma.pdf", x, a, loc, scale))


def cdf(x: Any, a: Any, loc: Any = 0.0, scale: Any = 1.0) -> Tensor:
    """``gammainc(a, y)``; ``d/dx = pdf`` (no gradient in ``a``: raises)."""
    y, _, shape, ok, inside = _parts("gamma.cdf", x, a, loc, scale)
    return nan_unless(ok, where(inside, _gammainc_for("gamma.cdf", "a", shape, y), 0.0))
