"""The Poisson distribution, SciPy's ``scipy.stats.poisson`` (``mu``, ``loc``): the mass
function composes ``xlogy`` and ``gammaln``, the CDF is ``gammaincc(floor(k) + 1, mu)``, whose
derivative in ``mu`` is ``-mu^⌊k⌋ e^(-mu) / ⌊k⌋!``; all are differentiable in ``mu`` to any
order. Non-integer or negative ``k`` has mass 0 (``logpmf = -inf``), the CDF is 0 below 0;
``mu < 0`` gives NaN, as SciPy."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ...special import gammaln, xlogy
from ...tensor import Tensor
from .._incomplete import _gammainc_for
from ._common import args, exp, nan_unless, quiet, safe, where

__all__ = ["cdf", "logpmf", "pmf"]


def _parts(op: str, k: Any, mu: Any, loc: Any) -> tuple:
    kt, mt, lt = args(op, k=k, mu=mu, loc=loc)
    good = mt.array >= 0
    return kt - lt, safe(good, mt, 1.0), good


@quiet
def _logpmf(op: str, k: Any, mu: Any, loc: Any = 0) -> Tensor:
    j, m, ok = _parts(op, k, mu, loc)
    inside = np.isnan(j.array) | ((j.array >= 0) & (j.array == np.floor(j.array)))
    js = safe(inside, j, 0.0)
    body = xlogy(js, m) - gammaln(js + 1) - m
    return nan_unless(ok, where(inside, body, -math.inf))


def logpmf(k: Any, mu: Any, loc: Any = 0) -> Tensor:
    """``k log mu - lnΓ(k + 1) - mu`` at the integers ``k >= 0``, ``-inf`` elsewhere."""
    return _logpmf("poisson.logpmf", k, mu, loc)


def pmf(k: Any, mu: Any, loc: Any = 0) -> Tensor:
    """The mass ``exp(logpmf)``."""
    return exp(_logpmf("poisson.pmf", k, mu, loc))


def cdf(k: Any, mu: Any, loc: Any = 0) -> Tensor:
    """``P(K <= k) = gammaincc(floor(k) + 1, mu)`` (0 for ``k < 0``); ``d/dmu = -pmf(⌊k⌋)``."""
    j, m, ok = _parts("poisson.cdf", k, mu, loc)
    inside = ~(j.array < 0)  # NaN stays NaN
    # The CDF is a step function of k: its shape argument is a constant (gradient 0).
    shape = Tensor.constant(np.floor(np.where(inside, j.array, 0.0)) + 1)
    upper = _gammainc_for("poisson.cdf", "k", shape, m, upper=True)
    return nan_unless(ok, where(inside, upper, 0.0))
