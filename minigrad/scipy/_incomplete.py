"""The incomplete beta and gamma functions, SciPy's ``betainc``, ``gammainc`` and
``gammaincc``: values from :mod:`scipy.special`, gradients in minigrad Tensor ops.

Only the integration limit ``x`` has a derivative (the integrand, written with ``gammaln``
through ``exp``/``log``, so every order works); SciPy gives no formula for the shape
arguments, so asking for a gradient with respect to ``a`` or ``b`` raises naming the function
and the argument. ``_gammaincc_mu``'s derivative is what ``stats.poisson.cdf`` needs.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import scipy.special as _sp

from ..autograd import Function
from ..numpy._convert import tensor_of
from ..ops import elementwise as ew
from ..ops._operands import reworded
from ..ops.special import lgamma
from ..special import xlog1py, xlogy
from ..tensor import Tensor

__all__ = ["betainc", "gammainc", "gammaincc"]


def _float_arg(op: str, name: str, x: Any) -> Tensor:
    """``x`` as a float Tensor (ints and bools become float64, as SciPy)."""
    try:
        t = tensor_of(x)
    except TypeError as e:
        raise TypeError(f"{op}: {name} {e}") from None
    if t.dtype.kind != "f":
        t = tensor_of(t.array.astype(np.float64))
    return t


def _broadcast_together(op: str, names: Any, tensors: list[Tensor]) -> list[Tensor]:
    """``tensors``, checked to broadcast together; the error names ``op`` and each argument
    with its shape (``jn: arguments could not be broadcast together: n (3,), x (4,)``)."""
    try:
        np.broadcast_shapes(*(t.shape for t in tensors))
    except ValueError:
        shapes = ", ".join(f"{n} {t.shape}" for n, t in zip(names, tensors))
        raise ValueError(f"{op}: arguments could not be broadcast together: {shapes}") from None
    return tensors


def _no_grad(fn: str, what: tuple, names: tuple[str, ...], needs: tuple[bool, ...]) -> None:
    """Raise if a shape argument wants a gradient. ``what`` is ``(op, labels)``: the public
    function the user called and its names for ``names`` (``("t.cdf", ("df", "df"))``)."""
    op, labels = what
    for name, label, need in zip(names, labels, needs):
        if need:
            via = "" if op == fn else f" (it is {fn}'s argument {name})"
            raise NotImplementedError(
                f"{op}: the gradient with respect to {label} is not implemented{via}: SciPy "
                f"has no formula for {fn}'s derivative in {name}; only the one in x exists"
            )


def _gamma_density(a: Tensor, x: Tensor) -> Tensor:
    """``x^(a-1) e^(-x) / Γ(a)``, the integrand of ``gammainc`` (0 at ``x = 0`` for ``a > 1``)."""
    return ew.exp(xlogy(a - 1, x) - x - lgamma(a))


def _beta_density(a: Tensor, b: Tensor, x: Tensor) -> Tensor:
    """``x^(a-1) (1-x)^(b-1) / B(a, b)``, the integrand of ``betainc``."""
    log_beta = lgamma(a) + lgamma(b) - lgamma(a + b)
    return ew.exp(xlogy(a - 1, x) + xlog1py(b - 1, -x) - log_beta)


class _GammaInc(Function):
    @staticmethod
    def forward(ctx, a, x, *, upper, what):
        ctx.upper, ctx.what = upper, what
        ctx.save_for_backward(a, x)
        return (_sp.gammaincc if upper else _sp.gammainc)(a, x)

    @staticmethod
    def backward(ctx, grad):
        a, x = ctx.saved_tensors
        op = "gammaincc" if ctx.upper else "gammainc"
        _no_grad(op, ctx.what, ("a",), ctx.needs_input_grad[:1])
        slope = _gamma_density(a, x)
        return None, grad * (-slope if ctx.upper else slope)


class _Betainc(Function):
    @staticmethod
    def forward(ctx, a, b, x, *, what):
        ctx.what = what
        ctx.save_for_backward(a, b, x)
        return _sp.betainc(a, b, x)

    @staticmethod
    def backward(ctx, grad):
        a, b, x = ctx.saved_tensors
        _no_grad("betainc", ctx.what, ("a", "b"), ctx.needs_input_grad[:2])
        return None, None, grad * _beta_density(a, b, x)


def _apply(op: str, cls: type[Function], names: tuple[str, ...], args: tuple, **kw: Any) -> Tensor:
    kw.setdefault("what", (op, names))
    tensors = [_float_arg(op, n, v) for n, v in zip(names, args)]
    try:
        np.broadcast_shapes(*(t.shape for t in tensors))
    except ValueError as e:
        raise reworded(op, e, tensors, "arguments " + ", ".join(names)) from None
    return cls.apply(*tensors, **kw)


def gammainc(a: Any, x: Any) -> Tensor:
    """The regularized lower incomplete gamma function ``P(a, x) = γ(a, x) / Γ(a)``;
    ``d/dx = x^(a-1) e^(-x) / Γ(a)`` (no gradient in ``a``: asking for one raises)."""
    return _apply("gammainc", _GammaInc, ("a", "x"), (a, x), upper=False)


def _gammainc_for(op: str, label: str, a: Any, x: Any, upper: bool = False) -> Tensor:
    """``gammainc`` (``gammaincc`` if ``upper``) inside ``op``, whose argument ``label`` is
    ``a``: asking for its gradient raises naming ``op`` and ``label``."""
    name = "gammaincc" if upper else "gammainc"
    return _apply(name, _GammaInc, ("a", "x"), (a, x), upper=upper, what=(op, (label,)))


def _betainc_for(op: str, labels: tuple[str, str], a: Any, b: Any, x: Any) -> Tensor:
    """``betainc`` inside ``op``, whose arguments ``labels`` are ``a`` and ``b``."""
    return _apply("betainc", _Betainc, ("a", "b", "x"), (a, b, x), what=(op, labels))


def gammaincc(a: Any, x: Any) -> Tensor:
    """The regularized upper incomplete gamma function ``Q(a, x) = 1 - P(a, x)``;
    ``d/dx = -x^(a-1) e^(-x) / Γ(a)`` (no gradient in ``a``: asking for one raises)."""
    return _apply("gammaincc", _GammaInc, ("a", "x"), (a, x), upper=True)


def betainc(a: Any, b: Any, x: Any) -> Tensor:
    """The regularized incomplete beta function ``I_x(a, b)``;
    ``d/dx = x^(a-1) (1-x)^(b-1) / B(a, b)`` (no gradient in ``a`` or ``b``: asking for one
    raises)."""
    return _apply("betainc", _Betainc, ("a", "b", "x"), (a, b, x))
