# ruff: noqa: A001, A002
"""NumPy's element-wise functions (its ufuncs, plus ``round``, ``clip``, ``where`` ...) on
Tensors and array-likes, differentiable.

Every name maps a NumPy ufunc to the minigrad op computing it (``UFUNCS``; the dispatch
protocol uses the same table, so ``numpy.sin(t)`` and ``minigrad.numpy.sin(t)`` are one
thing). How each gradient treats kinks and ties:

- ``absolute``/``abs``/``fabs``: slope 0 at 0. ``sign``, ``floor``, ``ceil``, ``rint``,
  ``trunc``, ``fix``, ``round``, ``floor_divide``: constants (gradient 0).
- ``maximum``/``minimum``/``fmax``/``fmin``: on a tie each operand gets half.
- ``clip``: gradient 1 inside ``[a_min, a_max]`` (bounds included), 0 outside.
- ``mod``/``remainder``/``fmod``: ``d/dx1 = 1``, ``d/dx2 = -quotient``; undefined at jumps.
- ``where``: the gradient goes to the selected branch only; ``nan_to_num`` passes it where
  the input is finite. ``sqrt``, ``cbrt``, ``arcsin``... are infinite where the math says so.
- comparisons and logic return bool arrays without gradient.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from ..ops import binary as mb
from ..ops import elementwise as ew
from ..ops import math as m
from ..ops._operands import apply_no_grad
from ..tensor import Tensor
from ._convert import loop_input, operand, plain, tensor_of

_Fn = Callable[..., Tensor]


def _check_kwargs(name: str, out: Any, kwargs: dict[str, Any]) -> Any:
    """NumPy's ufunc keywords: ``out`` is refused (it would write outside the graph);
    ``dtype`` casts the result; ``where``/``casting``/``order``/``subok`` are refused unless
    they have their default value."""
    if out is not None:
        raise TypeError(f"minigrad.numpy.{name}: out= is not supported (results are new Tensors)")
    dtype = kwargs.pop("dtype", None)
    defaults = {"where": True, "casting": "same_kind", "order": "K", "subok": True}
    for key, value in kwargs.items():
        if key not in defaults or not (value is defaults[key] or value == defaults[key]):
            raise TypeError(f"minigrad.numpy.{name}: unsupported argument {key}={value!r}")
    return dtype


def _cast(result: Tensor, dtype: Any) -> Tensor:
    return result if dtype is None else tensor_of(result, dtype)


def _unary(name: str, op: _Fn) -> _Fn:
    loop = getattr(np, name)

    def ufunc(x: Any, /, out: Any = None, **kwargs: Any) -> Tensor:
        dtype = _check_kwargs(name, out, kwargs)
        t = loop_input(loop, tensor_of(x))
        if t.dtype.kind != "f":  # NumPy's integer loop (np.reciprocal of ints): no gradient
            return _cast(apply_no_grad(loop, name, t), dtype)
        return _cast(op(t), dtype)

    ufunc.__name__ = ufunc.__qualname__ = name
    # The code's own name too: tracebacks name the NumPy function rather than "ufunc".
    ufunc.__code__ = ufunc.__code__.replace(co_name=name)
    ufunc.__doc__ = (
        f"NumPy's ``{name}`` (element-wise), differentiable: see ``{op.__module__}.{op.__name__}``."
    )
    return ufunc


def _binary(name: str, op: _Fn) -> _Fn:
    def ufunc(x1: Any, x2: Any, /, out: Any = None, **kwargs: Any) -> Tensor:
        dtype = _check_kwargs(name, out, kwargs)
        a, b = operand(x1), operand(x2)
        if not isinstance(a, Tensor) and not isinstance(b, Tensor):
            a = tensor_of(a)  # two numbers: NumPy gives a 0-d result
        return _cast(op(a, b), dtype)

    ufunc.__name__ = ufunc.__qualname__ = name
    # The code's own name too: tracebacks name the NumPy function rather than "ufunc".
    ufunc.__code__ = ufunc.__code__.replace(co_name=name)
    ufunc.__doc__ = (
        f"NumPy's ``{name}`` (element-wise, broadcasting), differentiable: see "
        f"``{op.__module__}.{op.__name__}``."
    )
    return ufunc


def _scaled(factor: float) -> _Fn:
    return lambda x: ew.multiply(x, factor)


def _identity(x: Tensor) -> Tensor:
    return ew.add(x, 0) if x.dtype.kind != "b" else x


def _zeros(x: Tensor) -> Tensor:
    return Tensor.constant(np.zeros(x.shape, x.dtype))


def _float_power(a: Any, b: Any) -> Tensor:
    def f64(v: Any) -> Any:
        return tensor_of(v, np.float64) if isinstance(v, Tensor) else v

    return ew.power(f64(tensor_of(a)), f64(b))


def _logical_xor(a: Any, b: Any) -> Tensor:
    return apply_no_grad(np.logical_xor, "logical_xor", a, b)


def _const(fn: np.ufunc, name: str) -> _Fn:
    return lambda *args: apply_no_grad(fn, name, *args)


_UNARY: dict[str, _Fn] = {
    "negative": ew.negative, "positive": _identity, "absolute": ew.abs, "fabs": ew.abs,
    "exp": ew.exp, "exp2": m.exp2, "expm1": m.expm1, "log": ew.log, "log2": m.log2,
    "log10": m.log10, "log1p": m.log1p, "sqrt": ew.sqrt, "cbrt": m.cbrt, "square": m.square,
    "reciprocal": m.reciprocal, "sin": ew.sin, "cos": ew.cos, "tan": m.tan,
    "arcsin": m.arcsin, "arccos": m.arccos, "arctan": m.arctan, "sinh": m.sinh,
    "cosh": m.cosh, "tanh": ew.tanh, "arcsinh": m.arcsinh, "arccosh": m.arccosh,
    "arctanh": m.arctanh, "deg2rad": _scaled(math.pi / 180), "radians": _scaled(math.pi / 180),
    "rad2deg": _scaled(180 / math.pi), "degrees": _scaled(180 / math.pi),
    "conjugate": _identity, "sign": ew.sign, "floor": m.floor, "ceil": m.ceil, "rint": m.rint,
    "trunc": m.trunc, "isnan": ew.isnan, "isfinite": ew.isfinite,
    "isinf": _const(np.isinf, "isinf"), "signbit": _const(np.signbit, "signbit"),
    "logical_not": ew.logical_not,
}  # fmt: skip

_BINARY: dict[str, _Fn] = {
    "add": ew.add, "subtract": ew.subtract, "multiply": ew.multiply, "divide": ew.divide,
    "power": ew.power, "float_power": _float_power, "maximum": ew.maximum,
    "minimum": ew.minimum, "fmax": mb.fmax, "fmin": mb.fmin, "arctan2": mb.arctan2,
    "hypot": mb.hypot, "logaddexp": mb.logaddexp, "logaddexp2": mb.logaddexp2,
    "remainder": mb.remainder, "fmod": mb.fmod, "floor_divide": m.floor_divide,
    "equal": ew.equal, "not_equal": ew.not_equal, "less": ew.less,
    "less_equal": ew.less_equal, "greater": ew.greater, "greater_equal": ew.greater_equal,
    "logical_and": ew.logical_and, "logical_or": ew.logical_or, "logical_xor": _logical_xor,
}  # fmt: skip

# NumPy's ufunc name -> the minigrad.numpy function (what the dispatch protocol looks up).
UFUNCS: dict[str, _Fn] = {
    **{name: _unary(name, op) for name, op in _UNARY.items()},
    **{name: _binary(name, op) for name, op in _BINARY.items()},
}
globals().update(UFUNCS)

# NumPy's aliases (same objects, as in NumPy).
abs = absolute = UFUNCS["absolute"]
conj = UFUNCS["conjugate"]
mod = UFUNCS["remainder"]
true_divide = UFUNCS["divide"]
pow = UFUNCS["power"]


def fix(x: Any) -> Tensor:
    """Round towards zero (a constant: gradient 0)."""
    return m.fix(tensor_of(x))


def sinc(x: Any) -> Tensor:
    """``sin(πx)/(πx)``, 1 at 0; see :func:`minigrad.ops.math.sinc`."""
    t = tensor_of(x)  # not a ufunc: NumPy computes it in float64 for integer and bool data
    return m.sinc(t if t.dtype.kind in "fc" else t.astype(np.float64))


def round(a: Any, decimals: int = 0, out: Any = None) -> Tensor:
    """Round to ``decimals`` decimals, halves to even (a constant: gradient 0)."""
    _check_kwargs("round", out, {})
    x = tensor_of(a)
    return Tensor.constant(np.asarray(np.round(x.array, decimals)))


around = round


def real(val: Any) -> Tensor:
    """The real part: the input itself (minigrad has no complex numbers)."""
    return tensor_of(val)


def imag(val: Any) -> Tensor:
    """The imaginary part: zeros (minigrad has no complex numbers)."""
    return _zeros(tensor_of(val))


def real_if_close(a: Any, tol: float = 100) -> Tensor:
    """The input itself (minigrad has no complex numbers)."""
    return tensor_of(a)


def angle(z: Any, deg: bool = False) -> Tensor:
    """The argument of real numbers: 0 or π (a constant: gradient 0)."""
    return Tensor.constant(np.asarray(np.angle(tensor_of(z).array, deg)))


def clip(
    a: Any,
    a_min: Any = None,
    a_max: Any = None,
    out: Any = None,
    *,
    min: Any = None,
    max: Any = None,
) -> Tensor:
    """Limit ``a`` to ``[a_min, a_max]`` (NumPy 2 also takes ``min=``/``max=``). The gradient
    passes inside the bounds (included) and is 0 outside; a bound that is a Tensor requiring
    grad receives the gradient where it binds."""
    _check_kwargs("clip", out, {})
    lo = a_min if a_min is not None else min
    hi = a_max if a_max is not None else max
    x = tensor_of(a)
    if lo is None and hi is None:
        return _identity(x)
    ew._clip_bound("clip", "a_min", lo)  # checked here to name NumPy's arguments
    ew._clip_bound("clip", "a_max", hi)
    return ew.clip(x, lo, hi)


def where(condition: Any, x: Any = None, y: Any = None) -> Any:
    """``x`` where ``condition`` is true, else ``y`` (broadcast together); the gradient goes
    to the chosen branch only. With only ``condition``: :func:`nonzero`'s indices."""
    cond = np.asarray(tensor_of(condition).array, dtype=bool)
    if x is None and y is None:
        return np.nonzero(cond)
    if x is None or y is None:
        raise ValueError("minigrad.numpy.where: give both x and y, or neither")
    a, b = operand(x), operand(y)
    if not isinstance(a, Tensor) and not isinstance(b, Tensor):
        a = tensor_of(a)
    return ew.where(cond, a, b)


def nan_to_num(
    x: Any, copy: bool = True, nan: float = 0.0, posinf: Any = None, neginf: Any = None
) -> Tensor:
    """NaN and infinities replaced by numbers; the gradient passes where ``x`` is finite."""
    t = tensor_of(x)
    fixed = np.nan_to_num(t.array, nan=nan, posinf=posinf, neginf=neginf)
    if t.dtype.kind != "f":
        return Tensor.constant(fixed)
    return ew.where(np.isfinite(t.array), t, Tensor.constant(fixed))


def isclose(
    a: Any, b: Any, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False
) -> Tensor:
    """Where ``a`` and ``b`` agree within tolerance (bool, no gradient)."""
    return Tensor.constant(
        np.asarray(np.isclose(tensor_of(a).array, tensor_of(b).array, rtol, atol, equal_nan))
    )


def allclose(
    a: Any, b: Any, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False
) -> bool:
    """Whether ``a`` and ``b`` agree within tolerance everywhere (a Python bool)."""
    return bool(np.allclose(tensor_of(a).array, tensor_of(b).array, rtol, atol, equal_nan))


def array_equal(a1: Any, a2: Any, equal_nan: bool = False) -> bool:
    """Whether ``a1`` and ``a2`` have the same shape and elements (a Python bool); False for
    what is no array (a ragged list), as in NumPy."""
    return bool(np.array_equal(plain(a1), plain(a2), equal_nan=equal_nan))


def iscomplex(x: Any) -> Tensor:
    """All False (minigrad has no complex numbers)."""
    return Tensor.constant(np.zeros(tensor_of(x).shape, bool))


def isreal(x: Any) -> Tensor:
    """All True (minigrad has no complex numbers)."""
    return Tensor.constant(np.ones(tensor_of(x).shape, bool))


__all__ = sorted({
    *UFUNCS, "abs", "absolute", "allclose", "angle", "around", "array_equal", "clip", "conj",
    "fix", "imag", "isclose", "iscomplex", "isreal", "mod", "nan_to_num", "pow", "real",
    "real_if_close", "round", "sinc", "true_divide", "where",
})  # fmt: skip
