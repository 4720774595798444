"""What the univariate distributions share: turning SciPy's arguments into float Tensors
broadcast together (the error names the function and every shape), the standardized
variable ``(x - loc) / scale`` with SciPy's NaN for ``scale <= 0``, and the normal's
``log Φ`` and ``Φ⁻¹`` accurate in the tails."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import Any

import numpy as np
import scipy.special as _sp

from ...numpy._convert import tensor_of
from ...ops.elementwise import where
from ...ops.math import log1p
from ...ops.unary import exp, log
from ...special import log_ndtr as _log_ndtr_plain
from ...special import ndtr
from ...special import ndtri as _ndtri_plain
from ...tensor import Tensor
from .._incomplete import _broadcast_together, _float_arg

__all__ = [
    "args", "exp", "f64", "log", "log1p", "log_ndtr", "nan_unless", "ndtri", "quiet", "safe",
    "where",
]  # fmt: skip

_HALF_LOG_2PI = 0.5 * math.log(2 * math.pi)


def quiet(f: Callable[..., Tensor]) -> Callable[..., Tensor]:
    """``f`` without NumPy's divide-by-zero warning: ``log 0 = -inf`` is the answer at the
    edge of a support (SciPy gives it silently)."""

    @functools.wraps(f)
    def wrapped(*a: Any, **kw: Any) -> Tensor:
        with np.errstate(divide="ignore"):
            return f(*a, **kw)

    return wrapped


def f64(op: str, name: str, x: Any) -> Tensor:
    """``x`` as a float64 Tensor (differentiably cast): SciPy's distributions compute in
    float64 whatever the input's dtype."""
    t = _float_arg(op, name, x)
    return t if t.dtype == np.float64 else tensor_of(t, np.float64)


def args(op: str, **named: Any) -> list[Tensor]:
    """The named arguments as float64 Tensors, checked to broadcast together."""
    tensors = [f64(op, name, value) for name, value in named.items()]
    return _broadcast_together(op, named, tensors)


def nan_unless(ok: Any, value: Tensor) -> Tensor:
    """``value`` where ``ok``, NaN elsewhere (SciPy's answer for invalid parameters)."""
    ok = np.asarray(ok)
    if ok.all():
        return value
    return where(ok, value, math.nan)


def safe(ok: Any, value: Tensor, fill: float) -> Tensor:
    """``value`` where ``ok``, ``fill`` elsewhere: keeps a masked branch's gradient finite."""
    ok = np.asarray(ok)
    if ok.all():
        return value
    return where(ok, value, fill)


def standardize(op: str, x: Any, loc: Any, scale: Any, **params: Any) -> tuple:
    """``(z, scale, params, ok)``: ``z = (x - loc) / scale``, the other parameters as
    Tensors, and the mask ``scale > 0`` (where it fails, ``scale`` is replaced by 1 so the
    masked branch stays finite; the caller gives NaN there with :func:`nan_unless`)."""
    xt, lt, st, *rest = args(op, x=x, loc=loc, scale=scale, **params)
    ok = st.array > 0
    st = safe(ok, st, 1.0)
    return (xt - lt) / st, st, rest, ok


def log_ndtr(z: Tensor) -> Tensor:
    """``log Φ(z)`` accurate in both tails: ``log1p(-Φ(-z))`` above 0, ``log Φ(z)`` down to
    -20 and the asymptotic series ``-z²/2 - log(-z) - ½ log 2π + log Σ (-1)ᵏ (2k-1)!! / z²ᵏ``
    below (where ``Φ`` underflows near -38)."""
    arr = z.array
    pos, low = arr > 0, arr <= -20
    mid = ~pos & ~low  # and NaN, which stays NaN
    out = _log_ndtr_plain(safe(mid, z, -1.0))
    if pos.any():
        out = where(pos, log1p(-ndtr(-safe(pos, z, 1.0))), out)
    if low.any():
        w = safe(low, z, -30.0)
        inv2 = 1.0 / (w * w)
        term: Any = 1.0
        total: Any = 1.0
        for k in range(1, 12):
            term = term * (-(2 * k - 1)) * inv2
            total = total + term
        tail = -0.5 * w * w - log(-w) - _HALF_LOG_2PI + log(total)
        out = where(low, tail, out)
    return out


def ndtri(q: Tensor) -> Tensor:
    """``Φ⁻¹(q)``: minigrad's ``ndtri`` (``√2 erfinv(2q - 1)``), except below ``q = 0.1``,
    where ``2q - 1`` loses ``q``'s digits. There SciPy's value ``y₀`` (a constant) is followed
    by three Newton steps on ``log Φ(y) = log q`` in Tensor ops: at the root each step leaves
    the value as it is, and the k-th step makes the derivatives in ``q`` exact to order k."""
    arr = q.array
    low = (arr > 0) & (arr < 0.1)
    base = _ndtri_plain(q)
    if not low.any():
        return base
    qs = safe(low, q, 0.05)
    y: Any = Tensor.constant(_sp.ndtri(qs.array))
    log_q = log(qs)
    for _ in range(3):
        log_cdf = log_ndtr(y)
        y = y - (log_cdf - log_q) * exp(log_cdf + 0.5 * y * y + _HALF_LOG_2PI)
    return where(low, y, base)


def scipy_draws(op: str, draw: Callable[..., Any], *args: Any, **kwargs: Any) -> Tensor:
    """SciPy's random draws as a float64 constant Tensor; SciPy's refusal of ``size`` or
    ``random_state`` is re-raised naming ``op``."""
    try:
        return Tensor.constant(np.asarray(draw(*args, **kwargs), dtype=np.float64))
    except (TypeError, ValueError) as e:
        raise type(e)(f"{op}: {e}") from None
