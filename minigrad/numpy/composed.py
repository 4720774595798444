# ruff: noqa: A004
"""NumPy functions built from the other ``minigrad.numpy`` functions, so their gradients
come for free: ``convolve``/``correlate`` (a product with a Toeplitz gather of one operand),
``polyval``, ``trapezoid``, ``cov``, ``corrcoef``, ``copysign``, ``heaviside``, ``interp``,
``astype``, and NumPy's index helpers (``triu_indices``... plain arrays: constants)."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy import diag_indices, ix_, mgrid, ogrid, tril_indices, triu_indices

from ..ops import elementwise as ew
from ..ops import linalg as la
from ..ops import shape as sh
from ..ops.rearrange import index_map
from ..tensor import Tensor
from ._convert import data_of, loop_input, tensor_of
from .reductions import mean, sum

_MODES = ("full", "same", "valid")


def _toeplitz(v: Tensor, n: int, mode: str) -> Tensor:
    """The matrix ``T`` with ``T[k, i] = v[k - i + offset]`` (0 outside), so that
    ``T @ a`` is NumPy's ``convolve(a, v, mode)`` for an ``a`` of length ``n``."""
    m = v.shape[0]
    full = n + m - 1
    start = {"full": 0, "same": (m - 1) // 2, "valid": m - 1}[mode]
    size = {"full": full, "same": max(n, m), "valid": max(n, m) - min(n, m) + 1}[mode]
    k = np.arange(start, start + size)[:, None] - np.arange(n)[None, :]
    return index_map(v, lambda p: np.where((k >= 0) & (k < m), p[np.clip(k, 0, m - 1)], 0))


def convolve(a: Any, v: Any, mode: str = "full") -> Tensor:
    """The discrete linear convolution of two 1-D sequences (modes ``full``, ``same``,
    ``valid``); differentiable in both."""
    if mode not in _MODES:
        raise ValueError(f"convolve: mode must be one of {_MODES}, got {mode!r}")
    x, y = sh.reshape(tensor_of(a), -1), sh.reshape(tensor_of(v), -1)
    if x.shape[0] == 0 or y.shape[0] == 0:
        raise ValueError("convolve: a and v must not be empty")
    if mode == "same" and y.shape[0] > x.shape[0]:
        x, y = y, x  # NumPy's 'same' has the length of the longer operand
    if mode == "valid" and y.shape[0] > x.shape[0]:
        x, y = y, x
    return la.matmul(_toeplitz(y, x.shape[0], mode), x)


def correlate(a: Any, v: Any, mode: str = "valid") -> Tensor:
    """The cross-correlation of two 1-D sequences: ``convolve(a, v[::-1])``."""
    y = sh.reshape(tensor_of(v), -1)
    return convolve(a, sh.flip(y, 0), mode)


def polyval(p: Any, x: Any) -> Tensor:
    """The polynomial with coefficients ``p`` (highest power first) at ``x``, by Horner's
    rule; differentiable in ``p`` and ``x``."""
    coeffs = tensor_of(p)
    result: Any = ew.multiply(tensor_of(x), 0.0)
    for i in range(coeffs.shape[0]):
        result = ew.add(ew.multiply(result, tensor_of(x)), coeffs[i])
    return result


def trapezoid(y: Any, x: Any = None, dx: float = 1.0, axis: int = -1) -> Tensor:
    """The integral of ``y`` along ``axis`` by the trapezoidal rule (spacing ``dx``, or
    sample points ``x``)."""
    t = tensor_of(y)
    ax = axis % t.ndim
    lead = (slice(None),) * ax
    later, earlier = (*lead, slice(1, None)), (*lead, slice(None, -1))
    hi, lo = t[later], t[earlier]
    if x is None:
        return sum(ew.multiply(ew.add(hi, lo), dx / 2.0), axis=ax)
    xs = tensor_of(x)
    d = xs[1:] - xs[:-1] if xs.ndim == 1 else xs[later] - xs[earlier]
    if xs.ndim == 1 and t.ndim > 1:
        d = sh.reshape(d, (-1,) + (1,) * (t.ndim - 1 - ax))
    return sum(ew.multiply(ew.add(hi, lo), ew.multiply(d, 0.5)), axis=ax)


trapz = trapezoid


def cov(
    m: Any,
    y: Any = None,
    rowvar: bool = True,
    bias: bool = False,
    ddof: Any = None,
    fweights: Any = None,
    aweights: Any = None,
    *,
    dtype: Any = None,
) -> Tensor:
    """The covariance matrix of the variables in ``m`` (rows, or columns if ``rowvar`` is
    False); unweighted."""
    if fweights is not None or aweights is not None:
        raise TypeError("cov: weights are not supported")
    x = tensor_of(m)
    x = sh.reshape(x, (1, -1)) if x.ndim == 1 else x
    if not rowvar and x.shape[0] != 1:
        x = sh.transpose(x)
    if y is not None:
        yy = tensor_of(y)
        yy = sh.reshape(yy, (1, -1)) if yy.ndim == 1 else yy
        if not rowvar and yy.shape[0] != 1:
            yy = sh.transpose(yy)
        x = sh.concatenate([x, yy], 0)
    if x.dtype.kind != "f":
        x = tensor_of(x, np.float64)
    n = x.shape[1]
    ddof = (1 if bias == 0 else 0) if ddof is None else ddof  # NumPy's test: bias=None is 0
    centred = ew.subtract(x, mean(x, axis=1, keepdims=True))
    c = ew.divide(la.matmul(centred, sh.transpose(centred)), n - ddof)
    return sh.squeeze(c) if c.shape == (1, 1) else c


def corrcoef(x: Any, y: Any = None, rowvar: bool = True, *, dtype: Any = None) -> Tensor:
    """Pearson correlation coefficients: ``cov`` scaled by the standard deviations."""
    c = cov(x, y, rowvar)
    if c.ndim == 0:
        return ew.divide(c, c)
    d = ew.sqrt(sh.reshape(index_map(c, lambda p: np.diagonal(p).copy()), (-1,)))
    return ew.divide(ew.divide(c, sh.reshape(d, (-1, 1))), sh.reshape(d, (1, -1)))


def copysign(x1: Any, x2: Any, /) -> Tensor:
    """``|x1|`` with the sign of ``x2``; the gradient w.r.t. ``x1`` is ``±1`` (0 at
    ``x1 = 0``), none w.r.t. ``x2``."""
    sign = data_of(x2)
    a = loop_input(np.copysign, tensor_of(x1), sign.dtype)
    flip = np.signbit(a.array) != np.signbit(sign)
    return ew.where(flip, ew.negative(a), a)


def heaviside(x1: Any, x2: Any, /) -> Tensor:
    """The step function (0 below 0, ``x2`` at 0, 1 above): a constant."""
    return Tensor.constant(np.asarray(np.heaviside(data_of(x1), data_of(x2))))


def interp(
    x: Any, xp: Any, fp: Any, left: Any = None, right: Any = None, period: Any = None
) -> Tensor:
    """Piecewise-linear interpolation; differentiable in ``x`` and ``fp`` (``xp`` are the
    constant sample points, increasing)."""
    if period is not None:
        raise TypeError("interp: period= is not supported")
    xs, pts, vals = tensor_of(x), data_of(xp).astype(np.float64), tensor_of(fp)
    vals = vals if vals.dtype.kind == "f" else tensor_of(vals, np.float64)  # NumPy's interp
    i = np.clip(np.searchsorted(pts, xs.array, side="right") - 1, 0, len(pts) - 2)
    x0, x1 = pts[i], pts[i + 1]
    w = ew.divide(ew.subtract(xs, Tensor.constant(x0)), Tensor.constant(x1 - x0))
    f0, f1 = vals[i], vals[i + 1]
    out = ew.add(f0, ew.multiply(w, ew.subtract(f1, f0)))
    lo = vals[0] if left is None else tensor_of(left)
    hi = vals[-1] if right is None else tensor_of(right)
    out = ew.where(xs.array < pts[0], lo, out)
    return ew.where(xs.array > pts[-1], hi, out)


def astype(x: Any, dtype: Any, /, *, copy: bool = True, device: Any = None) -> Tensor:
    """``x`` converted to ``dtype`` (differentiable between float dtypes)."""
    if not isinstance(x, (Tensor, np.ndarray, np.generic, int, float)):
        raise TypeError(f"astype: x must be an array or a scalar, got {type(x).__name__}")
    return tensor_of(x, dtype)


__all__ = [
    "astype", "convolve", "copysign", "corrcoef", "correlate", "cov", "diag_indices",
    "heaviside", "interp", "ix_", "mgrid", "ogrid", "polyval", "trapezoid", "trapz",
    "tril_indices", "triu_indices",
]  # fmt: skip
