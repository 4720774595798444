"""PyTorch's top-level math and linear-algebra helpers that were missing from the PyTorch face:
thin wrappers, with PyTorch's names, argument names (``input``, ``dim``, ``other``) and
defaults, over the ops (:mod:`minigrad.ops.math`, :mod:`minigrad.ops.binary`) and the NumPy
face (:mod:`minigrad.numpy`), where the checks and the VJPs live. Every result that depends
on a float input stays in the graph.
"""

# PyTorch's argument names (input, min, max) shadow builtins on purpose.
# ruff: noqa: A002

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import numpy as np

from . import functions as _fn
from .ops import binary as _bin
from .ops import math as _m
from .ops._shape_args import axis_arg, tensor_arg
from .ops._windows import check_bool
from .ops.extreme import vector_norm
from .tensor import Tensor

__all__ = [
    "acos", "acosh", "addcdiv", "addcmul", "arccos", "arccosh", "arcsin", "arcsinh", "arctan",
    "arctan2", "arctanh", "asin", "asinh", "atan", "atan2", "atanh", "baddbmm",
    "broadcast_tensors", "cartesian_prod", "cdist", "ceil", "combinations", "cosh", "cross",
    "diag", "diagonal", "dist", "exp2", "expm1", "fix", "fliplr", "flipud", "floor", "fmax",
    "fmin", "fmod", "frac", "hypot", "inner", "kron", "log1p", "log2", "log10", "logaddexp",
    "logaddexp2", "nan_to_num", "repeat_interleave", "rot90", "sinc", "sinh", "tan",
    "tensordot", "trace", "trunc", "vdot",
]  # fmt: skip

# Element-wise: the ops themselves under PyTorch's names (and its short inverse names).
log1p, expm1, log2, log10, exp2 = _m.log1p, _m.expm1, _m.log2, _m.log10, _m.exp2
sinh, cosh, tan, sinc = _m.sinh, _m.cosh, _m.tan, _m.sinc
floor, ceil, trunc, fix = _m.floor, _m.ceil, _m.trunc, _m.fix
arcsin = asin = _m.arcsin
arccos = acos = _m.arccos
arctan = atan = _m.arctan
arcsinh = asinh = _m.arcsinh
arccosh = acosh = _m.arccosh
arctanh = atanh = _m.arctanh
arctan2 = atan2 = _bin.arctan2
hypot, fmod, fmax, fmin = _bin.hypot, _bin.fmod, _bin.fmax, _bin.fmin
logaddexp, logaddexp2 = _bin.logaddexp, _bin.logaddexp2


def _np() -> Any:
    # The NumPy face imports the top level, so it is reached at call time.
    import minigrad.numpy as mnp

    return mnp


def frac(input: Tensor) -> Tensor:
    """The fractional part ``input - trunc(input)`` (sign of ``input``); gradient 1."""
    x = tensor_arg("frac", input)
    return x - _m.trunc(x)


def nan_to_num(
    input: Tensor, nan: float = 0.0, posinf: float | None = None, neginf: float | None = None
) -> Tensor:
    """``input`` with NaN, +inf and -inf replaced (by 0 and the dtype's largest/smallest
    finite values unless given; ``nan=None`` is 0, as in PyTorch); the gradient passes where
    the value was finite."""
    x, nan = tensor_arg("nan_to_num", input), 0.0 if nan is None else nan
    return _np().nan_to_num(x, nan=nan, posinf=posinf, neginf=neginf)


def addcmul(input: Tensor, tensor1: Tensor, tensor2: Tensor, *, value: Any = 1) -> Tensor:
    """``input + value * tensor1 * tensor2`` (broadcast): :meth:`Tensor.addcmul`."""
    return tensor_arg("addcmul", input).addcmul(tensor_arg("addcmul", tensor1), tensor2, value)


def addcdiv(input: Tensor, tensor1: Tensor, tensor2: Tensor, *, value: Any = 1) -> Tensor:
    """``input + value * tensor1 / tensor2`` (broadcast): :meth:`Tensor.addcdiv`."""
    return tensor_arg("addcdiv", input).addcdiv(tensor_arg("addcdiv", tensor1), tensor2, value)


def baddbmm(
    input: Tensor, batch1: Tensor, batch2: Tensor, *, beta: Any = 1, alpha: Any = 1
) -> Tensor:
    """``beta * input + alpha * (batch1 @ batch2)`` for ``(b, n, m)`` and ``(b, m, p)``
    batches; ``input`` broadcasts to ``(b, n, p)`` (``beta=0`` ignores it, NaNs included)."""
    x = tensor_arg("baddbmm", input)
    prod = _fn.bmm(batch1, batch2)
    out = prod if alpha == 1 else alpha * prod
    if beta == 0:
        return out
    return out + (x if beta == 1 else beta * x)


def trace(input: Tensor) -> Tensor:
    """The sum of the main diagonal of a 2-D tensor."""
    x = tensor_arg("trace", input)
    if x.ndim != 2:
        raise ValueError(f"trace: input must be 2-D, got shape {x.shape}")
    return _np().trace(x)


def diag(input: Tensor, diagonal: int = 0) -> Tensor:
    """A 1-D ``input`` as the ``diagonal``-th diagonal of a square matrix, or the
    ``diagonal``-th diagonal of a 2-D ``input`` as a 1-D tensor."""
    x = tensor_arg("diag", input)
    if x.ndim not in (1, 2):
        raise ValueError(f"diag: input must be 1-D or 2-D, got shape {x.shape}")
    return _np().diag(x, k=diagonal)


def diagonal(input: Tensor, offset: int = 0, dim1: int = 0, dim2: int = 1) -> Tensor:
    """The ``offset``-th diagonal over ``dim1`` and ``dim2``, as the last dimension."""
    x = tensor_arg("diagonal", input)
    d1, d2 = (
        axis_arg("diagonal", d, x.ndim, x.shape, n) for d, n in ((dim1, "dim1"), (dim2, "dim2"))
    )
    if d1 == d2:
        raise ValueError(f"diagonal: dim1 and dim2 name one dimension ({dim1}, {dim2})")
    return _np().diagonal(x, offset=offset, axis1=d1, axis2=d2)


def vdot(input: Tensor, other: Tensor) -> Tensor:
    """The dot product of two 1-D tensors of one length (the first conjugated)."""
    a, b = tensor_arg("vdot", input), tensor_arg("vdot", other)
    if a.ndim != 1 or b.ndim != 1 or a.shape != b.shape:
        raise ValueError(f"vdot: expected two 1-D tensors of one length, got {a.shape}, {b.shape}")
    return _np().vdot(a, b)


def inner(input: Tensor, other: Tensor) -> Tensor:
    """Sum of products over the last dimension of both (scalars multiply)."""
    return _np().inner(tensor_arg("inner", input), tensor_arg("inner", other))


def tensordot(a: Tensor, b: Tensor, dims: Any = 2) -> Tensor:
    """Contract the last ``dims`` dimensions of ``a`` with the first of ``b``, or the listed
    pairs ``dims=([...], [...])``."""
    return _np().tensordot(tensor_arg("tensordot", a), tensor_arg("tensordot", b), axes=dims)


def kron(input: Tensor, other: Tensor) -> Tensor:
    """The Kronecker product."""
    return _np().kron(tensor_arg("kron", input), tensor_arg("kron", other))


def cross(input: Tensor, other: Tensor, dim: int | None = None) -> Tensor:
    """The 3-vector cross product along ``dim``; ``dim=None`` takes the first dimension of
    size 3 (PyTorch's default, which ``torch.linalg.cross`` replaces by ``dim=-1``)."""
    a, b = tensor_arg("cross", input), tensor_arg("cross", other)
    if a.ndim != b.ndim:
        raise ValueError(f"cross: input and other must have one rank, got {a.shape}, {b.shape}")
    shape = np.broadcast_shapes(a.shape, b.shape)
    if dim is None:
        dim = next((i for i, s in enumerate(shape) if s == 3), None)
        if dim is None:
            raise ValueError(f"cross: no dimension of size 3 in shapes {a.shape}, {b.shape}")
    d = axis_arg("cross", dim, len(shape), shape, "dim")
    if a.shape[d] != 3 or b.shape[d] != 3:
        raise ValueError(f"cross: dimension {dim} must have size 3, got {a.shape}, {b.shape}")
    return _np().cross(a, b, axis=d)


def rot90(input: Tensor, k: int = 1, dims: Sequence[int] = (0, 1)) -> Tensor:
    """Rotate by 90° ``k`` times in the plane ``dims``, from the first towards the second."""
    x = tensor_arg("rot90", input)
    if len(dims) != 2:
        raise ValueError(f"rot90: dims must name two dimensions, got {dims!r}")
    d = [axis_arg("rot90", v, x.ndim, x.shape, "dims") for v in dims]
    if d[0] == d[1]:
        raise ValueError(f"rot90: dims must be two different dimensions, got {dims!r}")
    return _np().rot90(x, k=k, axes=tuple(d))


def fliplr(input: Tensor) -> Tensor:
    """Flip the columns (dimension 1)."""
    return _np().fliplr(tensor_arg("fliplr", input))


def flipud(input: Tensor) -> Tensor:
    """Flip the rows (dimension 0)."""
    return _np().flipud(tensor_arg("flipud", input))


def repeat_interleave(
    input: Tensor, repeats: Any = None, dim: int | None = None, *, output_size: int | None = None
) -> Tensor:
    """Repeat each element ``repeats`` times (an int, or one count per element along
    ``dim``); ``dim=None`` flattens first. ``repeat_interleave(counts)`` alone repeats each
    index ``i`` ``counts[i]`` times."""
    x = tensor_arg("repeat_interleave", input)
    if repeats is None:
        counts = x.array
        if counts.ndim != 1 or counts.dtype.kind not in "iu":
            raise ValueError(
                f"repeat_interleave: counts must be a 1-D integer tensor, got {counts.shape}"
            )
        return Tensor(np.repeat(np.arange(counts.size), counts))
    reps = repeats.array if isinstance(repeats, Tensor) else np.asarray(repeats)
    if reps.dtype.kind not in "iu" or (reps < 0).any():
        raise ValueError(f"repeat_interleave: repeats must be non-negative ints, got {repeats!r}")
    if dim is None:
        x, dim = x.reshape(-1), 0
    d = axis_arg("repeat_interleave", dim, max(x.ndim, 1), x.shape, "dim")
    out = _np().repeat(x, reps.reshape(-1) if reps.ndim else int(reps), axis=d)
    if output_size is not None and out.shape[d] != output_size:
        raise ValueError(f"repeat_interleave: output_size={output_size} but got {out.shape[d]}")
    return out


def broadcast_tensors(*tensors: Tensor) -> tuple[Tensor, ...]:
    """The tensors broadcast to one shape (views that stay in the graph)."""
    for i, t in enumerate(tensors):
        if not isinstance(t, Tensor):
            raise TypeError(f"broadcast_tensors: expected Tensors, got {type(t).__name__} at {i}")
    return tuple(_np().broadcast_arrays(*tensors))


def dist(input: Tensor, other: Tensor, p: float = 2) -> Tensor:
    """The ``p``-norm of ``input - other`` (broadcast), over all elements."""
    return vector_norm(tensor_arg("dist", input) - other, p, None, False)


def cdist(x1: Tensor, x2: Tensor, p: float = 2.0) -> Tensor:
    """Pairwise ``p``-norm distances between the rows of ``x1`` ``(..., P, M)`` and ``x2``
    ``(..., R, M)``: shape ``(..., P, R)``. The gradient at a zero distance is 0."""
    a, b = tensor_arg("cdist", x1), tensor_arg("cdist", x2)
    if a.ndim < 2 or b.ndim < 2 or a.shape[-1] != b.shape[-1]:
        raise ValueError(
            f"cdist: x1 and x2 must be (..., P, M), (..., R, M), got {a.shape}, {b.shape}"
        )
    if p < 0:
        raise ValueError(f"cdist: p must be non-negative, got {p}")
    diff = _fn.unsqueeze(a, -2) - _fn.unsqueeze(b, -3)
    return vector_norm(diff, p, -1, False)


def cartesian_prod(*tensors: Tensor) -> Tensor:
    """All combinations of one element from each 1-D tensor, as rows ``(Πnᵢ, k)``; a single
    tensor is returned as it is."""
    ts = [tensor_arg("cartesian_prod", t) for t in tensors]
    if not ts or any(t.ndim != 1 for t in ts):
        raise ValueError(f"cartesian_prod: expected 1-D tensors, got {[t.shape for t in ts]}")
    if len(ts) == 1:
        return ts[0]
    grids = _fn.meshgrid(*ts, indexing="ij")
    return _fn.stack([g.reshape(-1) for g in grids], 1)


def combinations(input: Tensor, r: int = 2, with_replacement: bool = False) -> Tensor:
    """The length-``r`` combinations of a 1-D tensor's elements, as rows ``(C, r)`` (as
    ``itertools.combinations``, or ``combinations_with_replacement``)."""
    x = tensor_arg("combinations", input)
    check_bool("combinations", "with_replacement", with_replacement)
    if x.ndim != 1:
        raise ValueError(f"combinations: input must be 1-D, got shape {x.shape}")
    if r < 0:
        raise ValueError(f"combinations: r must be non-negative, got {r}")
    pick = itertools.combinations_with_replacement if with_replacement else itertools.combinations
    index = np.array(list(pick(range(x.shape[0]), r)), dtype=np.int64)
    if r == 0 or index.size == 0:
        return Tensor(np.empty((0,), x.dtype))
    return x[Tensor(index)]
