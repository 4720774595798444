"""NumPy's products: ``dot``, ``vdot``, ``inner``, ``outer``, ``tensordot``, ``kron``,
``matmul``, ``einsum`` (string and interleaved forms), ``trace`` and ``cross``.

Each is written as one :func:`minigrad.ops.linalg.einsum` (or ``matmul``), whose VJP is an
einsum again: the gradients are exact to any order and run as BLAS contractions.
"""

from __future__ import annotations

import string
from typing import Any

import numpy as np
from numpy.lib.array_utils import normalize_axis_index

from ..ops import elementwise as ew
from ..ops import linalg as la
from ..ops import shape as sh
from ..tensor import Tensor
from ._convert import tensor_of
from .shape import diagonal, moveaxis

_L = string.ascii_letters


def _pair(a: Any, b: Any) -> tuple[Tensor, Tensor]:
    x, y = tensor_of(a), tensor_of(b)
    common = np.result_type(x.dtype, y.dtype)
    return (
        x if x.dtype == common else ew.astype(x, common),
        y if y.dtype == common else ew.astype(y, common),
    )


def matmul(x1: Any, x2: Any, /, out: Any = None, **kwargs: Any) -> Tensor:
    """NumPy's ``matmul`` (``@``): batched, broadcasting; 1-D operands as in NumPy."""
    if out is not None:
        raise TypeError("minigrad.numpy.matmul: out= is not supported")
    return la.matmul(*_pair(x1, x2))


def tensordot(a: Any, b: Any, axes: Any = 2) -> Tensor:
    """The sum of products over ``axes`` (an int ``N``: the last ``N`` of ``a`` with the first
    ``N`` of ``b``; or a pair of axis lists)."""
    x, y = _pair(a, b)
    if isinstance(axes, (int, np.integer)):
        n = int(axes)
        ax_a: list[Any] = list(range(x.ndim - n, x.ndim))
        ax_b: list[Any] = list(range(n))
    else:
        ax_a, ax_b = axes
        ax_a = [ax_a] if isinstance(ax_a, (int, np.integer)) else list(ax_a)
        ax_b = [ax_b] if isinstance(ax_b, (int, np.integer)) else list(ax_b)
    if len(ax_a) != len(ax_b):
        raise ValueError(f"tensordot: axes {axes!r} pair {len(ax_a)} with {len(ax_b)} axes")
    ax_a = [normalize_axis_index(i, x.ndim) for i in ax_a]
    ax_b = [normalize_axis_index(i, y.ndim) for i in ax_b]
    for i, j in zip(ax_a, ax_b):
        if x.shape[i] != y.shape[j]:
            raise ValueError(
                f"tensordot: shape mismatch for sum: axis {i} of shape {x.shape} and axis {j} "
                f"of shape {y.shape}"
            )
    la_ = list(_L[: x.ndim])
    lb = list(_L[x.ndim : x.ndim + y.ndim])
    for i, j in zip(ax_a, ax_b):
        lb[j] = la_[i]
    out = [c for i, c in enumerate(la_) if i not in ax_a] + [
        c for j, c in enumerate(lb) if j not in ax_b
    ]
    return la.einsum(f"{''.join(la_)},{''.join(lb)}->{''.join(out)}", x, y)


def dot(a: Any, b: Any, out: Any = None) -> Tensor:
    """NumPy's ``dot``: a product with a scalar, the inner product of 1-D arrays, or the sum
    over the last axis of ``a`` and the second-to-last of ``b``."""
    if out is not None:
        raise TypeError("minigrad.numpy.dot: out= is not supported")
    x, y = _pair(a, b)
    if x.ndim == 0 or y.ndim == 0:
        return ew.multiply(x, y)
    return tensordot(x, y, ([-1], [0 if y.ndim == 1 else -2]))


def vdot(a: Any, b: Any, /) -> Tensor:
    """The inner product of the flattened arrays."""
    x, y = _pair(a, b)
    return la.einsum("i,i->", sh.reshape(x, -1), sh.reshape(y, -1))


def inner(a: Any, b: Any, /) -> Tensor:
    """The sum of products over the last axes (a product with a scalar)."""
    x, y = _pair(a, b)
    if x.ndim == 0 or y.ndim == 0:
        return ew.multiply(x, y)
    return tensordot(x, y, ([-1], [-1]))


def outer(a: Any, b: Any, out: Any = None) -> Tensor:
    """``a.ravel()[:, None] * b.ravel()[None, :]``."""
    x, y = _pair(a, b)
    return la.einsum("i,j->ij", sh.reshape(x, -1), sh.reshape(y, -1))


def kron(a: Any, b: Any) -> Tensor:
    """The Kronecker product: blocks ``a[i, j] * b``."""
    x, y = _pair(a, b)
    n = max(x.ndim, y.ndim)
    x = sh.reshape(x, (1,) * (n - x.ndim) + x.shape)
    y = sh.reshape(y, (1,) * (n - y.ndim) + y.shape)
    la_, lb = _L[:n], _L[n : 2 * n]
    prod = la.einsum(f"{la_},{lb}->{''.join(p + q for p, q in zip(la_, lb))}", x, y)
    return sh.reshape(prod, tuple(p * q for p, q in zip(x.shape, y.shape)))


def _sublist_labels(sub: Any) -> str:
    return "".join("..." if s is Ellipsis else _L[int(s)] for s in sub)


def einsum(*operands: Any, out: Any = None, optimize: Any = False, **kwargs: Any) -> Tensor:
    """Einstein summation: ``einsum("ij,jk->ik", a, b)`` or NumPy's interleaved form
    ``einsum(a, [0, 1], b, [1, 2], [0, 2])``."""
    if out is not None:
        raise TypeError("minigrad.numpy.einsum: out= is not supported")
    if isinstance(operands[0], str):
        spec, arrays = operands[0], list(operands[1:])
    else:
        rest = list(operands)
        out_sub = rest.pop() if len(rest) % 2 == 1 else None
        arrays, subs = rest[0::2], rest[1::2]
        spec = ",".join(_sublist_labels(s) for s in subs)
        if out_sub is not None:
            spec += "->" + _sublist_labels(out_sub)
    ts = [tensor_of(a) for a in arrays]
    common = np.result_type(*(t.dtype for t in ts))
    ts = [t if t.dtype == common else ew.astype(t, common) for t in ts]
    return la.einsum(spec, *ts)


def trace(
    a: Any, offset: int = 0, axis1: int = 0, axis2: int = 1, dtype: Any = None, out: Any = None
) -> Tensor:
    """The sum along the diagonal ``offset`` of the planes ``(axis1, axis2)``."""
    d = diagonal(a, offset, axis1, axis2)
    from ..ops.reduce import sum as _sum

    return _sum(d, axis=-1)


def cross(
    a: Any, b: Any, axisa: int = -1, axisb: int = -1, axisc: int = -1, axis: int | None = None
) -> Tensor:
    """The cross product of 3-vectors (or 2-vectors, their z component) along the given
    axes, broadcasting the rest."""
    if axis is not None:
        axisa = axisb = axisc = axis
    x, y = _pair(a, b)
    x, y = moveaxis(x, axisa, -1), moveaxis(y, axisb, -1)
    na, nb = x.shape[-1], y.shape[-1]
    if na not in (2, 3) or nb not in (2, 3):
        raise ValueError(f"cross: vectors must have 2 or 3 components, got {na} and {nb}")
    xs = [x[..., i] for i in range(na)]
    ys = [y[..., i] for i in range(nb)]
    if na == nb == 2:
        return xs[0] * ys[1] - xs[1] * ys[0]
    zero = 0.0
    x0, x1, x2 = xs + [zero] * (3 - na)
    y0, y1, y2 = ys + [zero] * (3 - nb)
    parts = [x1 * y2 - x2 * y1, x2 * y0 - x0 * y2, x0 * y1 - x1 * y0]
    shape = np.broadcast_shapes(x.shape[:-1], y.shape[:-1])
    full = [sh.broadcast_to(p if isinstance(p, Tensor) else tensor_of(p), shape) for p in parts]
    c = sh.stack(full, -1)
    return moveaxis(c, -1, axisc)


__all__ = [
    "cross",
    "dot",
    "einsum",
    "inner",
    "kron",
    "matmul",
    "outer",
    "tensordot",
    "trace",
    "vdot",
]
