"""Student's t distribution, SciPy's ``scipy.stats.t`` (``df``, ``loc``, ``scale``). The
density composes ``gammaln`` (differentiable in every argument); the CDF is
``½ I_{df/(df+z²)}(df/2, ½)`` in the lower tail (one minus it in the upper), through
``betainc``, so it is differentiable in ``x`` and ``loc`` (and ``scale``), not in ``df``.
``df = inf`` is the normal distribution; ``df <= 0`` or ``scale <= 0`` gives NaN, as SciPy."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ...special import gammaln, ndtr
from ...tensor import Tensor
from .._incomplete import _betainc_for
from ._common import _HALF_LOG_2PI, exp, log, log1p, nan_unless, safe, standardize, where

__all__ = ["cdf", "logcdf", "logpdf", "pdf"]


def _parts(op: str, x: Any, df: Any, loc: Any, scale: Any) -> tuple:
    """``(z, scale, df, ok, normal)``: ``df`` made finite and positive where it is not
    (``normal`` marks ``df = inf``, where the normal distribution's formulas are used)."""
    z, s, (d,), ok = standardize(op, x, loc, scale, df=df)
    good = d.array > 0
    normal = good & np.isinf(d.array)
    return z, s, safe(good & ~normal, d, 1.0), ok & good, normal


def _logpdf(op: str, x: Any, df: Any, loc: Any = 0.0, scale: Any = 1.0) -> Tensor:
    z, s, d, ok, normal = _parts(op, x, df, loc, scale)
    body = gammaln((d + 1) / 2) - gammaln(d / 2) - 0.5 * log(d * math.pi)
    out = body - log(s) - (d + 1) / 2 * log1p(z * z / d)
    if normal.any():
        out = where(normal, -0.5 * z * z - _HALF_LOG_2PI - log(s), out)
    return nan_unless(ok, out)


def logpdf(x: Any, df: Any, loc: Any = 0.0, scale: Any = 1.0) -> Tensor:
    """``lnΓ((ν+1)/2) - lnΓ(ν/2) - ½ log(νπ) - log(scale) - (ν+1)/2 log(1 + z²/ν)``."""
    return _logpdf("t.logpdf", x, df, loc, scale)


def pdf(x: Any, df: Any, loc: Any = 0.0, scale: Any = 1.0) -> Tensor:
    """The density ``exp(logpdf)``."""
    return exp(_logpdf("t.pdf", x, df, loc, scale))


def _tail_and_sign(op: str, x: Any, df: Any, loc: Any, scale: Any) -> tuple:
    """``(tail, upper, ok)``: ``tail = ½ I_{ν/(ν+z²)}(ν/2, ½)`` is the probability beyond
    ``|z|`` (``½ - ½ I_{z²/(ν+z²)}(½, ν/2)`` for ``|z| < 2``, ``Φ(-|z|)`` for
    ``df = inf``); ``upper`` marks ``z > 0``. At ``z = 0`` (where
    the integrand's pole meets a zero slope) the value ½ is written ``½ + z pdf(z)``, whose
    derivatives are the CDF's."""
    z, _, d, ok, normal = _parts(op, x, df, loc, scale)
    upper = z.array > 0
    zero = z.array == 0
    zs = safe(~zero, z, 1.0)
    z2 = zs * zs
    tail = 0.5 * _betainc_for(op, ("df", "df"), d / 2, 0.5, d / (d + z2))
    # Near the center ν/(ν+z²) is close to 1 (its complement loses digits): there the tail
    # is ½ minus half the central mass (for |z| < 2, where the tail is above ~0.02).
    central = (z2.array < 4.0) & ~zero
    if central.any():
        zc = safe(central, zs, 1.0)
        inner = 0.5 - 0.5 * _betainc_for(op, ("df", "df"), 0.5, d / 2, zc * zc / (d + zc * zc))
        tail = where(central, inner, tail)
    if zero.any():
        density = exp(logpdf(z, d))
        tail = where(zero, 0.5 + z * density, tail)
    if normal.any():
        tail = where(normal, ndtr(where(upper, -z, z)), tail)
    return tail, upper, ok


def cdf(x: Any, df: Any, loc: Any = 0.0, scale: Any = 1.0) -> Tensor:
    """The CDF through ``betainc``; ``d/dx = pdf`` (no gradient in ``df``: raises)."""
    tail, upper, ok = _tail_and_sign("t.cdf", x, df, loc, scale)
    return nan_unless(ok, where(upper, 1.0 - tail, tail))


def logcdf(x: Any, df: Any, loc: Any = 0.0, scale: Any = 1.0) -> Tensor:
    """``log cdf``, with ``log1p(-tail)`` in the upper half (no gradient in ``df``)."""
    tail, upper, ok = _tail_and_sign("t.logcdf", x, df, loc, scale)
    lower = log(safe(~upper, tail, 0.5))
    return nan_unless(ok, where(upper, log1p(-safe(upper, tail, 0.5)), lower))
