# ruff: noqa: A004
"""NumPy's other names: the array-API spellings (``acos``, ``atan2``, ``concat``...), the
integer and bit functions (constants), the two-output ufuncs (``divmod``, ``modf``,
``frexp``), ``ldexp``, the vector/matrix product ufuncs, the NumPy 2 scans, ``insert``,
``ediff1d``, ``unstack``, ``apply_along_axis``, polynomial arithmetic, NumPy's helpers that
take no arrays (re-exported as they are), and the in-place functions (which raise)."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy import (
    bartlett,
    blackman,
    broadcast_shapes,
    common_type,
    geomspace,
    get_printoptions,
    hamming,
    hanning,
    isdtype,
    iterable,
    kaiser,
    mintypecode,
    printoptions,
    set_printoptions,
    typename,
)

from ..ops import elementwise as ew
from ..ops import linalg as la
from ..ops import shape as sh
from ..tensor import Tensor
from ._convert import data_of, loop_input, tensor_of
from .composed import convolve
from .joining import _joined
from .reductions import cumprod, cumsum, sum
from .shape import moveaxis
from .ufuncs import UFUNCS

acos, acosh, asin = UFUNCS["arccos"], UFUNCS["arccosh"], UFUNCS["arcsin"]
asinh, atan, atanh = UFUNCS["arcsinh"], UFUNCS["arctan"], UFUNCS["arctanh"]
atan2 = UFUNCS["arctan2"]


def _integer(fn: np.ufunc) -> Any:
    def on_ints(*args: Any, **kwargs: Any) -> Tensor:
        return Tensor.constant(np.asarray(fn(*(data_of(a) for a in args), **kwargs)))

    on_ints.__name__ = on_ints.__qualname__ = fn.__name__
    on_ints.__doc__ = f"NumPy's ``{fn.__name__}`` (integers and bits: a constant)."
    return on_ints


bitwise_and, bitwise_or, bitwise_xor = (
    _integer(np.bitwise_and),
    _integer(np.bitwise_or),
    _integer(np.bitwise_xor),
)
bitwise_not = bitwise_invert = invert = _integer(np.invert)
left_shift = bitwise_left_shift = _integer(np.left_shift)
right_shift = bitwise_right_shift = _integer(np.right_shift)
gcd, lcm, spacing = _integer(np.gcd), _integer(np.lcm), _integer(np.spacing)
nextafter = _integer(np.nextafter)


def divmod(x1: Any, x2: Any, /) -> tuple[Tensor, Tensor]:  # noqa: A001
    """``(x1 // x2, x1 % x2)``; the remainder is differentiable."""
    return UFUNCS["floor_divide"](x1, x2), UFUNCS["remainder"](x1, x2)


def modf(x: Any, /) -> tuple[Tensor, Tensor]:
    """``(fractional part, integral part)``; the fractional part has slope 1."""
    t = loop_input(np.modf, tensor_of(x))
    whole = np.trunc(t.array)
    return ew.subtract(t, Tensor.constant(whole)), Tensor.constant(whole)


def frexp(x: Any, /) -> tuple[Tensor, Tensor]:
    """``(mantissa, exponent)`` with ``x = mantissa * 2**exponent``; the mantissa has slope
    ``2**-exponent``, the exponent is an int constant."""
    t = loop_input(np.frexp, tensor_of(x))
    _, e = np.frexp(t.array)
    return ew.multiply(t, Tensor.constant(np.ldexp(np.ones_like(t.array), -e))), Tensor.constant(e)


def ldexp(x1: Any, x2: Any, /) -> Tensor:
    """``x1 * 2**x2`` (``x2`` ints, a constant)."""
    t = tensor_of(x1)
    return ew.multiply(t, Tensor.constant(np.ldexp(np.ones((), t.dtype), data_of(x2))))


def vecdot(x1: Any, x2: Any, /, *, axis: int = -1, **kwargs: Any) -> Tensor:
    """The dot product of the vectors along ``axis`` (the rest broadcast)."""
    a, b = tensor_of(x1), tensor_of(x2)
    return sum(ew.multiply(moveaxis(a, axis, -1), moveaxis(b, axis, -1)), -1)


def matvec(x1: Any, x2: Any, /, **kwargs: Any) -> Tensor:
    """Matrix times vector over the last axes, broadcasting the rest."""
    return la.einsum("...ij,...j->...i", tensor_of(x1), tensor_of(x2))


def vecmat(x1: Any, x2: Any, /, **kwargs: Any) -> Tensor:
    """Vector times matrix over the last axes, broadcasting the rest."""
    return la.einsum("...i,...ij->...j", tensor_of(x1), tensor_of(x2))


def _with_initial(
    scan: Any, x: Any, axis: Any, dtype: Any, initial: float, include_initial: bool
) -> Tensor:
    t = tensor_of(x)
    if axis is None:
        if t.ndim > 1:
            raise ValueError("cumulative_sum: axis is required for arrays of more than 1-D")
        axis = 0
    out = scan(t, axis, dtype)
    if not include_initial:
        return out
    shape = list(out.shape)
    shape[axis % out.ndim] = 1
    start = Tensor.constant(np.full(shape, initial, out.dtype))
    return sh.concatenate([start, out], axis % out.ndim)


def cumulative_sum(
    x: Any,
    /,
    *,
    axis: Any = None,
    dtype: Any = None,
    out: Any = None,
    include_initial: bool = False,
) -> Tensor:
    """The array-API running sum (``include_initial`` prepends 0)."""
    return _with_initial(cumsum, x, axis, dtype, 0.0, include_initial)


def cumulative_prod(
    x: Any,
    /,
    *,
    axis: Any = None,
    dtype: Any = None,
    out: Any = None,
    include_initial: bool = False,
) -> Tensor:
    """The array-API running product (``include_initial`` prepends 1)."""
    return _with_initial(cumprod, x, axis, dtype, 1.0, include_initial)


def insert(arr: Any, obj: Any, values: Any, axis: int | None = None) -> Tensor:
    """``values`` inserted into ``arr`` before ``obj`` along ``axis``; differentiable in both.
    The values take ``arr``'s dtype, as in NumPy."""
    a = tensor_of(arr)
    return _joined(lambda ps: np.insert(ps[0], obj, ps[1], axis), [a, tensor_of(values, a.dtype)])


def ediff1d(ary: Any, to_end: Any = None, to_begin: Any = None) -> Tensor:
    """The differences of the flattened array, with optional ends."""
    flat = sh.reshape(tensor_of(ary), -1)
    parts = [flat[1:] - flat[:-1]]
    if to_begin is not None:
        parts.insert(0, sh.reshape(tensor_of(to_begin), -1))
    if to_end is not None:
        parts.append(sh.reshape(tensor_of(to_end), -1))
    return sh.concatenate(parts, 0) if len(parts) > 1 else parts[0]


def unstack(x: Any, /, *, axis: int = 0) -> tuple[Tensor, ...]:
    """The slices of ``x`` along ``axis``."""
    t = moveaxis(tensor_of(x), axis, 0)
    return tuple(t[i] for i in range(t.shape[0]))


def apply_along_axis(func1d: Any, axis: int, arr: Any, *args: Any, **kwargs: Any) -> Tensor:
    """``func1d`` applied to every 1-D slice along ``axis`` (a Python loop over slices)."""
    t = moveaxis(tensor_of(arr), axis, -1)
    lead = t.shape[:-1]
    flat = sh.reshape(t, (-1, t.shape[-1]))
    outs = [tensor_of(func1d(flat[i], *args, **kwargs)) for i in range(flat.shape[0])]
    stacked = sh.reshape(sh.stack(outs), lead + outs[0].shape)
    return (
        moveaxis(
            stacked,
            tuple(range(len(lead), stacked.ndim)),
            tuple(range(axis % t.ndim, axis % t.ndim + outs[0].ndim)),
        )
        if outs[0].ndim
        else stacked
    )


def vander(x: Any, N: int | None = None, increasing: bool = False) -> Tensor:
    """The Vandermonde matrix: columns ``x**(N-1) ... x**0`` (or increasing)."""
    t = tensor_of(x)
    n = t.shape[0] if N is None else N
    powers = np.arange(n) if increasing else np.arange(n - 1, -1, -1)
    cols = [ew.power(t, int(p)) if p else ew.add(ew.multiply(t, 0), 1) for p in powers]
    return sh.stack(cols, 1)


def polymul(a1: Any, a2: Any) -> Tensor:
    """The product of two polynomials (coefficients, highest power first)."""
    return convolve(a1, a2)


def _aligned(a1: Any, a2: Any) -> tuple[Tensor, Tensor]:
    x, y = sh.reshape(tensor_of(a1), -1), sh.reshape(tensor_of(a2), -1)
    n = max(x.shape[0], y.shape[0])
    return sh.pad(x, ((n - x.shape[0], 0),)), sh.pad(y, ((n - y.shape[0], 0),))


def polyadd(a1: Any, a2: Any) -> Tensor:
    """The sum of two polynomials."""
    x, y = _aligned(a1, a2)
    return ew.add(x, y)


def polysub(a1: Any, a2: Any) -> Tensor:
    """The difference of two polynomials."""
    x, y = _aligned(a1, a2)
    return ew.subtract(x, y)


def polyder(p: Any, m: int = 1) -> Tensor:
    """The ``m``-th derivative of a polynomial."""
    order = int(m)  # NumPy's conversion (m=1.5 is 1)
    if order < 0:
        raise ValueError(f"polyder: the order of the derivative must be positive, got {m}")
    c = sh.reshape(tensor_of(p), -1)
    for _ in range(order):
        n = c.shape[0] - 1
        c = ew.multiply(c[:-1], Tensor.constant(np.arange(n, 0, -1)))  # ints stay ints
    return c


def _in_place(name: str) -> Any:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise TypeError(
            f"minigrad.numpy.{name} changes an array in place, which the graph cannot "
            "record; build a new array instead (e.g. with where, concatenate or pad)"
        )

    refuse.__name__ = name
    return refuse


fill_diagonal, copyto, place, put, putmask, put_along_axis = (
    _in_place(n) for n in ("fill_diagonal", "copyto", "place", "put", "putmask", "put_along_axis")
)

__all__ = [
    "acos", "acosh", "apply_along_axis", "asin", "asinh", "atan", "atan2", "atanh",
    "bartlett", "bitwise_and", "bitwise_invert", "bitwise_left_shift", "bitwise_not",
    "bitwise_or", "bitwise_right_shift", "bitwise_xor", "blackman", "broadcast_shapes",
    "common_type", "copyto", "cumulative_prod", "cumulative_sum", "divmod", "ediff1d",
    "fill_diagonal", "frexp", "gcd", "geomspace", "get_printoptions", "hamming", "hanning",
    "insert", "invert", "isdtype", "iterable", "kaiser", "lcm", "ldexp", "left_shift",
    "matvec", "mintypecode", "modf", "nextafter", "place", "polyadd", "polyder", "polymul",
    "polysub", "printoptions", "put", "put_along_axis", "putmask", "right_shift",
    "set_printoptions", "spacing", "typename", "unstack", "vander", "vecdot", "vecmat",
]  # fmt: skip
