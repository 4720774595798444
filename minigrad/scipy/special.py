"""``minigrad.scipy.special``: SciPy's ``scipy.special`` names on minigrad Tensors,
differentiable, with SciPy's signatures (``polygamma(n, x)``, ``jn(n, x)``,
``logsumexp(a, axis, b, keepdims, return_sign)``...).

What minigrad already computes (the error and gamma families, ``ndtr``, ``xlogy``...) is
re-exported under SciPy's argument conventions: ints become float64, Python floats float64.
What only SciPy computes (``gamma``, ``rgamma``, ``gammasgn``, ``erfcinv`` and the Bessel
functions) goes through one Function, :class:`_SciPyValued`: the value is SciPy's, the
derivative a Tensor expression in functions of this module (``j0' = -j1``,
``jv' = (jv(v-1) - jv(v+1))/2``...), so every order of gradient works. An order argument
(``jn``'s ``n``, ``iv``'s ``v``) has no gradient: asking for one raises.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Callable
from typing import Any

import numpy as np
import scipy.special as _sp

from .. import numpy as mnp
from .. import special as _torch_special
from ..autograd import Function
from ..ops import elementwise as _ew
from ..ops import math as _m
from ..ops import special as _ops
from ..ops import unary as _u
from ..ops.compare import sign as _sign
from ..tensor import Tensor
from ._incomplete import _broadcast_together, _float_arg, betainc, gammainc, gammaincc
from .stats._common import log_ndtr as _log_ndtr
from .stats._common import ndtri as _ndtri

__all__ = [
    "beta", "betainc", "betaln", "cbrt", "digamma", "entr", "erf", "erfc", "erfcinv",
    "erfinv", "exp2", "expit", "expm1", "gamma", "gammainc", "gammaincc", "gammaln",
    "gammasgn", "i0", "i1", "iv", "ive", "j0", "j1", "jn", "jv", "k0", "k1", "kv", "log1p",
    "log_expit", "log_ndtr", "log_softmax", "logit", "logsumexp", "multigammaln", "ndtr",
    "ndtri", "polygamma", "psi", "rgamma", "softmax", "xlog1py", "xlogy", "y0", "y1", "yn",
    "yv",
]  # fmt: skip

_HALF_SQRT_PI = math.sqrt(math.pi) / 2
_Unary = Callable[[Any], Tensor]
_Ordered = Callable[[Any, Any], Tensor]


def _args(op: str, names: tuple[str, ...], values: tuple[Any, ...]) -> list[Tensor]:
    """The arguments as float Tensors, checked to broadcast together (the error names the
    function and every argument's shape)."""
    tensors = [_float_arg(op, n, v) for n, v in zip(names, values)]
    return _broadcast_together(op, names, tensors)


def _order_arg(op: str, name: str, v: Any) -> Tensor:
    """An order argument as a Tensor, integers kept (``yn`` has an integer loop)."""
    try:
        return mnp.asarray(v) if not isinstance(v, Tensor) else v
    except TypeError as e:
        raise TypeError(f"{op}: {name} {e}") from None


class _SciPyValued(Function):
    """``value(*orders, x)`` computed by SciPy; the gradient in ``x`` is
    ``grad * slope(*orders, x)``, a Tensor expression. The orders get none: asking raises.
    :func:`_op` makes one subclass per function (``J0``, ``Jn``...: the names diagrams show),
    setting these class attributes."""

    floating = True
    op: str
    orders: tuple[str, ...]
    value: Callable[..., Any]
    slope: Callable[..., Tensor]

    @staticmethod
    def forward(ctx, *arrays):
        ctx.save_for_backward(*arrays)
        with np.errstate(all="ignore"):
            return np.asarray(type(ctx).value(*arrays))

    @staticmethod
    def backward(ctx, grad):
        *orders, x = ctx.saved_tensors
        cls = type(ctx)
        for name, need in zip(cls.orders, ctx.needs_input_grad):
            if need:
                raise NotImplementedError(
                    f"{cls.op}: the gradient with respect to {name} is not implemented "
                    "(SciPy has no formula for it); only the gradient with respect to x is"
                )
        return (*[None] * len(orders), grad * cls.slope(*orders, x))


def _op(name: str, slope: Callable[..., Tensor], orders: tuple[str, ...]) -> type[Function]:
    """The :class:`_SciPyValued` subclass for ``scipy.special.<name>``."""
    attrs = {"op": name, "orders": orders, "slope": staticmethod(slope)}
    attrs["value"] = staticmethod(getattr(_sp, name))
    return type(name.capitalize(), (_SciPyValued,), attrs)


def _unary(name: str, slope: Callable[[Tensor], Tensor], doc: str) -> _Unary:
    """The public ``name(x)``: SciPy's ``scipy.special.name`` with derivative ``slope``."""
    op = _op(name, slope, ())

    def f(x: Any) -> Tensor:
        return op.apply(_float_arg(name, "x", x))

    f.__name__ = f.__qualname__ = name
    f.__doc__ = doc
    return f


def _ordered(
    name: str, order: str, slope: Callable[[Tensor, Tensor], Tensor], doc: str
) -> _Ordered:
    """The public ``name(order, x)`` (a Bessel function of order ``v`` or ``n``)."""
    op = _op(name, slope, (order,))

    def f(v: Any, x: Any) -> Tensor:
        vt, xt = _order_arg(name, order, v), _float_arg(name, "x", x)
        return op.apply(*_broadcast_together(name, (order, "x"), [vt, xt]))

    f.__name__ = f.__qualname__ = name
    f.__doc__ = doc
    return f


def _reexport(name: str, fn: Callable[[Tensor], Tensor]) -> _Unary:
    """``fn`` (already differentiable) with SciPy's argument rules: ``name(x)``."""

    def f(x: Any) -> Tensor:
        # SciPy answers outside the domain (logit(2), entr(-1)) with NaN or inf, silently.
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            return fn(_float_arg(name, "x", x))

    f.__name__ = f.__qualname__ = name
    f.__doc__ = fn.__doc__
    return f


# --- the gamma family --------------------------------------------------------------------

gammaln: _Unary = _reexport("gammaln", _ops.lgamma)
digamma: _Unary = _reexport("digamma", _ops.digamma)
psi: _Unary = _reexport("psi", _ops.digamma)
gamma: _Unary = _unary(
    "gamma",
    lambda x: gamma(x) * digamma(x),
    "The gamma function ``Γ(x)``; ``d/dx = Γ(x) ψ(x)``.",
)
rgamma: _Unary = _unary(
    "rgamma",
    lambda x: -rgamma(x) * digamma(x),
    "The reciprocal gamma function ``1/Γ(x)`` (0 at the poles); ``d/dx = -ψ(x)/Γ(x)``.",
)
gammasgn: _Unary = _unary(
    "gammasgn",
    lambda x: x * 0.0,
    "The sign of ``Γ(x)`` (±1, NaN at the poles); piecewise constant, so ``d/dx = 0``.",
)


def polygamma(n: Any, x: Any) -> Tensor:
    """The ``n``-th derivative of ``digamma`` (a non-negative int ``n``; 0 is digamma);
    ``d/dx = polygamma(n + 1, x)`` (no gradient in ``n``)."""
    try:
        order = operator.index(n.item() if isinstance(n, (np.ndarray, Tensor)) else n)
    except (TypeError, ValueError):
        raise TypeError(f"polygamma: n must be a non-negative int, got {n!r}") from None
    if order < 0:
        raise ValueError(f"polygamma: n must be a non-negative int, got {order}")
    return _ops.polygamma(order, _float_arg("polygamma", "x", x))


def multigammaln(a: Any, d: int) -> Tensor:
    """The multivariate log-gamma ``d(d-1)/4 log π + Σᵢ gammaln(a - i/2)``, ``i < d``;
    every element of ``a`` must exceed ``(d - 1)/2``. ``d/da = Σᵢ ψ(a - i/2)``."""
    if isinstance(d, bool) or not isinstance(d, (int, np.integer)) or d < 1:
        raise ValueError(f"multigammaln: d must be a positive int, got {d!r}")
    x = _float_arg("multigammaln", "a", a)
    if (x.array <= (d - 1) / 2).any():
        raise ValueError(
            f"multigammaln: every element of a (shape {x.shape}) must exceed (d - 1)/2 = "
            f"{(d - 1) / 2}"
        )
    return _torch_special.multigammaln(x, int(d))


class _Betaln(Function):
    """SciPy's ``betaln``: ``gammaln(a) + gammaln(b) - gammaln(a + b)`` would cancel to a few
    digits for large arguments (``betaln(1e8, 3)``: 4e-10 relative error)."""

    @staticmethod
    def forward(ctx, a, b):
        ctx.save_for_backward(a, b)
        return _sp.betaln(a, b)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        both = digamma(a + b)
        return grad * (digamma(a) - both), grad * (digamma(b) - both)


def betaln(a: Any, b: Any) -> Tensor:
    """``log |B(a, b)|`` (SciPy's value); ``d/da = ψ(a) - ψ(a + b)`` (and alike in ``b``)."""
    return _Betaln.apply(*_args("betaln", ("a", "b"), (a, b)))


def beta(a: Any, b: Any) -> Tensor:
    """The beta function ``B(a, b) = Γ(a) Γ(b) / Γ(a + b)``, as ``sign · exp(betaln)``;
    ``d/da = B(a, b) (ψ(a) - ψ(a + b))`` (and alike in ``b``)."""
    at, bt = _args("beta", ("a", "b"), (a, b))
    sign = gammasgn(at) * gammasgn(bt) * gammasgn(at + bt)
    return sign * _u.exp(betaln(at, bt))


# --- the error function family and the normal distribution ---------------------------------

erf: _Unary = _reexport("erf", _ops.erf)
erfc: _Unary = _reexport("erfc", _ops.erfc)
erfinv: _Unary = _reexport("erfinv", _ops.erfinv)
erfcinv: _Unary = _unary(
    "erfcinv",
    lambda x: -_HALF_SQRT_PI * _u.exp(erfcinv(x) ** 2),
    "The inverse of ``erfc`` on ``(0, 2)``; ``d/dx = -√π/2 e^{erfcinv(x)²}``.",
)
ndtr: _Unary = _reexport("ndtr", _torch_special.ndtr)
ndtri: _Unary = _reexport("ndtri", _ndtri)
log_ndtr: _Unary = _reexport("log_ndtr", _log_ndtr)

# --- logistic, logs and exponentials ------------------------------------------------------

expit: _Unary = _reexport("expit", _torch_special.expit)
logit: _Unary = _reexport("logit", _torch_special.logit)
expm1: _Unary = _reexport("expm1", _torch_special.expm1)
log1p: _Unary = _reexport("log1p", _torch_special.log1p)
exp2: _Unary = _reexport("exp2", _torch_special.exp2)
cbrt: _Unary = _reexport("cbrt", _m.cbrt)
entr: _Unary = _reexport("entr", _torch_special.entr)


def log_expit(x: Any) -> Tensor:
    """``log expit(x) = min(x, 0) - log1p(e^{-|x|})``, finite for every finite ``x``;
    ``d/dx = expit(-x)``."""
    t = _float_arg("log_expit", "x", x)
    return _ew.minimum(t, 0.0) - _m.log1p(_u.exp(-_u.abs(t)))


def xlogy(x: Any, y: Any) -> Tensor:
    """``x * log(y)``, 0 where ``x`` is 0 (``-inf`` at ``y = 0``, silently as SciPy);
    differentiable in both."""
    with np.errstate(divide="ignore"):
        return _torch_special.xlogy(*_args("xlogy", ("x", "y"), (x, y)))


def xlog1py(x: Any, y: Any) -> Tensor:
    """``x * log1p(y)``, 0 where ``x`` is 0 (``-inf`` at ``y = -1``, silently as SciPy);
    differentiable in both."""
    with np.errstate(divide="ignore"):
        return _torch_special.xlog1py(*_args("xlog1py", ("x", "y"), (x, y)))


def _reduced(arr: np.ndarray, axis: Any) -> np.ndarray:
    """A ``keepdims=True`` reduction's array with the reduced axes dropped."""
    return arr.reshape(()) if axis is None else np.squeeze(arr, axis=axis)


def logsumexp(
    a: Any, axis: Any = None, b: Any = None, keepdims: bool = False, return_sign: bool = False
) -> Any:
    """``log Σ b·e^a`` over ``axis`` (all axes by default), stable; with ``return_sign`` the
    pair ``(log |Σ b·e^a|, sign)``, else NaN where the sum is negative. The gradient in ``a``
    is ``b·e^(a - result)`` (a weighted softmax); ``b`` is differentiable too."""
    if b is None and not return_sign:
        return mnp.logsumexp(_float_arg("logsumexp", "a", a), axis=axis, keepdims=keepdims)
    if b is None:
        x, w = _float_arg("logsumexp", "a", a), None
    else:
        x, w = _args("logsumexp", ("a", "b"), (a, b))
        shape = np.broadcast_shapes(x.shape, w.shape)
        x, w = mnp.broadcast_to(x, shape), mnp.broadcast_to(w, shape)
    used = np.ones(x.shape, bool) if w is None else w.array != 0
    with np.errstate(invalid="ignore"):
        peak = np.max(x.array, axis=axis, keepdims=True, initial=-np.inf, where=used)
    peak = np.where(np.isfinite(peak), peak, 0.0)  # no shift where all terms are ±inf or none
    terms = _u.exp(x - peak)
    total = mnp.sum(terms if w is None else w * terms, axis=axis, keepdims=keepdims)
    with np.errstate(divide="ignore"):
        out = _u.log(_u.abs(total)) + (peak if keepdims else _reduced(peak, axis))
    sign = np.sign(total.array)
    if return_sign:
        return out, Tensor.constant(sign)
    return _ew.where(sign < 0, math.nan, out) if (sign < 0).any() else out


def log_softmax(x: Any, axis: Any = None) -> Tensor:
    """``x - logsumexp(x, axis, keepdims=True)`` (all axes by default);
    ``d/dx`` is ``I - softmax`` along ``axis``."""
    t = _float_arg("log_softmax", "x", x)
    try:
        return t - mnp.logsumexp(t, axis=axis, keepdims=True)
    except (TypeError, ValueError) as e:  # the axis: named as log_softmax's (and softmax's)
        raise type(e)(str(e).replace("logsumexp", "log_softmax", 1)) from None


def softmax(x: Any, axis: Any = None) -> Tensor:
    """``e^x / Σ e^x`` along ``axis`` (all axes by default), stable;
    ``d/dx = s (I - sᵀ)`` for ``s = softmax(x)``."""
    return _u.exp(log_softmax(x, axis))


# --- Bessel functions ----------------------------------------------------------------------

j0: _Unary = _unary("j0", lambda x: -j1(x), "The Bessel function ``J₀(x)``; ``d/dx = -J₁(x)``.")
j1: _Unary = _unary(
    "j1", lambda x: (j0(x) - jv(2, x)) / 2, "``J₁(x)``; ``d/dx = (J₀(x) - J₂(x))/2``."
)
y0: _Unary = _unary("y0", lambda x: -y1(x), "The Bessel function ``Y₀(x)``; ``d/dx = -Y₁(x)``.")
y1: _Unary = _unary(
    "y1", lambda x: (y0(x) - yn(2, x)) / 2, "``Y₁(x)``; ``d/dx = (Y₀(x) - Y₂(x))/2``."
)
i0: _Unary = _unary(
    "i0", lambda x: i1(x), "The modified Bessel function ``I₀(x)``; ``d/dx = I₁(x)``."
)
i1: _Unary = _unary(
    "i1", lambda x: (i0(x) + iv(2, x)) / 2, "``I₁(x)``; ``d/dx = (I₀(x) + I₂(x))/2``."
)
k0: _Unary = _unary(
    "k0", lambda x: -k1(x), "The modified Bessel function ``K₀(x)``; ``d/dx = -K₁(x)``."
)
k1: _Unary = _unary(
    "k1", lambda x: -(k0(x) + kv(2, x)) / 2, "``K₁(x)``; ``d/dx = -(K₀(x) + K₂(x))/2``."
)
jv: _Ordered = _ordered(
    "jv",
    "v",
    lambda v, x: (jv(v - 1, x) - jv(v + 1, x)) / 2,
    "The Bessel function of the first kind ``J_v(x)`` of real order ``v``;\n"
    "``d/dx = (J_{v-1}(x) - J_{v+1}(x))/2`` (no gradient in ``v``).",
)
jn: _Ordered = _ordered(
    "jn",
    "n",
    lambda n, x: (jn(n - 1, x) - jn(n + 1, x)) / 2,
    "The Bessel function of the first kind ``J_n(x)``; ``d/dx = (J_{n-1}(x) - J_{n+1}(x))/2``"
    " (no gradient in ``n``).",
)
yv: _Ordered = _ordered(
    "yv",
    "v",
    lambda v, x: (yv(v - 1, x) - yv(v + 1, x)) / 2,
    "The Bessel function of the second kind ``Y_v(x)`` of real order ``v``;\n"
    "``d/dx = (Y_{v-1}(x) - Y_{v+1}(x))/2`` (no gradient in ``v``).",
)
yn: _Ordered = _ordered(
    "yn",
    "n",
    lambda n, x: (yn(n - 1, x) - yn(n + 1, x)) / 2,
    "The Bessel function of the second kind ``Y_n(x)`` of integer order ``n``;\n"
    "``d/dx = (Y_{n-1}(x) - Y_{n+1}(x))/2`` (no gradient in ``n``).",
)
iv: _Ordered = _ordered(
    "iv",
    "v",
    lambda v, x: (iv(v - 1, x) + iv(v + 1, x)) / 2,
    "The modified Bessel function of the first kind ``I_v(x)``;\n"
    "``d/dx = (I_{v-1}(x) + I_{v+1}(x))/2`` (no gradient in ``v``).",
)
ive: _Ordered = _ordered(
    "ive",
    "v",
    lambda v, x: (ive(v - 1, x) + ive(v + 1, x)) / 2 - _sign(x) * ive(v, x),
    "The exponentially scaled ``I_v(x) e^{-|x|}``;\n"
    "``d/dx = (ive(v-1, x) + ive(v+1, x))/2 - sign(x) ive(v, x)`` (no gradient in ``v``).",
)
kv: _Ordered = _ordered(
    "kv",
    "v",
    lambda v, x: -(kv(v - 1, x) + kv(v + 1, x)) / 2,
    "The modified Bessel function of the second kind ``K_v(x)``;\n"
    "``d/dx = -(K_{v-1}(x) + K_{v+1}(x))/2`` (no gradient in ``v``).",
)
