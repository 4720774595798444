"""NumPy's shape functions: reshaping, permuting, flipping, rolling, repeating, padding,
diagonals and triangles, taking, joining and splitting — differentiable.

Most of them move or copy elements without arithmetic; those run NumPy's own function on the
positions of the elements (:func:`minigrad.ops.rearrange.index_map`), so their semantics are
NumPy's exactly and their gradients (the scatter back, summing copies) come from one VJP.
Reshapes, transposes, concatenation and stacking use the dedicated ops in
:mod:`minigrad.ops.shape` (views, no index arrays).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.lib.array_utils import normalize_axis_tuple

from ..ops import elementwise as ew
from ..ops import shape as sh
from ..ops import sort as so
from ..ops.rearrange import index_map
from ..tensor import Tensor
from ._convert import data_of, tensor_of

# --------------------------------------------------------------------------------------------
# Reshaping and permuting
# --------------------------------------------------------------------------------------------


def reshape(
    a: Any, shape: Any = None, order: str = "C", *, newshape: Any = None, copy: Any = None
) -> Tensor:
    """``a`` with a new shape; ``order='F'`` reads and writes in column-major order."""
    shape = newshape if shape is None else shape
    x = tensor_of(a)
    if order == "C":
        return sh.reshape(x, shape)
    # NumPy checks ``order`` (its stubs take only the literal names)
    return index_map(x, lambda p: np.reshape(p, shape, order=order))  # type: ignore[call-overload]


def ravel(a: Any, order: str = "C") -> Tensor:
    """``a`` flattened to 1-D (``order`` as in NumPy)."""
    x = tensor_of(a)
    return sh.reshape(x, -1) if order in ("C", "A", "K") else index_map(x, lambda p: p.ravel(order))  # type: ignore[arg-type]


def transpose(a: Any, axes: Any = None) -> Tensor:
    """``a`` with its axes permuted (reversed if ``axes`` is None)."""
    return sh.transpose(tensor_of(a), None if axes is None else tuple(axes))


def permute_dims(a: Any, axes: Any = None) -> Tensor:
    """The array-API name of :func:`transpose`."""
    return transpose(a, axes)


def matrix_transpose(x: Any) -> Tensor:
    """The last two axes swapped."""
    return sh.swapaxes(tensor_of(x), -1, -2)


def swapaxes(a: Any, axis1: int, axis2: int) -> Tensor:
    """``a`` with ``axis1`` and ``axis2`` interchanged."""
    return sh.swapaxes(tensor_of(a), axis1, axis2)


def moveaxis(a: Any, source: Any, destination: Any) -> Tensor:
    """``a`` with the axes ``source`` moved to ``destination`` (the others keep their order)."""
    x = tensor_of(a)
    src = normalize_axis_tuple(source, x.ndim, "source")
    dst = normalize_axis_tuple(destination, x.ndim, "destination")
    if len(src) != len(dst):
        raise ValueError("moveaxis: source and destination must have the same number of axes")
    order = [i for i in range(x.ndim) if i not in src]
    for d, s in sorted(zip(dst, src)):
        order.insert(d, s)
    return sh.transpose(x, tuple(order))


def rollaxis(a: Any, axis: int, start: int = 0) -> Tensor:
    """NumPy's ``rollaxis``: ``axis`` moved to just before ``start``."""
    x = tensor_of(a)
    n = x.ndim
    axis = axis % n if -n <= axis < n else axis
    if start < 0:
        start += n
    if axis < start:
        start -= 1
    if axis == start:
        return ew.add(x, 0)
    return moveaxis(x, axis, start)


def squeeze(a: Any, axis: Any = None) -> Tensor:
    """``a`` without size-1 axes (all, or those in ``axis``)."""
    return sh.squeeze(tensor_of(a), axis)


def expand_dims(a: Any, axis: Any) -> Tensor:
    """``a`` with new size-1 axes at the positions ``axis`` of the result."""
    return sh.expand_dims(tensor_of(a), axis)


def broadcast_to(array: Any, shape: Any, subok: bool = False) -> Tensor:
    """``array`` broadcast to ``shape``; the VJP sums back."""
    return sh.broadcast_to(tensor_of(array), shape)


def broadcast_arrays(*args: Any, subok: bool = False) -> tuple[Tensor, ...]:
    """The arguments broadcast against each other."""
    ts = [tensor_of(a) for a in args]
    shape = np.broadcast_shapes(*(t.shape for t in ts))
    return tuple(sh.broadcast_to(t, shape) for t in ts)


def _atleast(ndim: int, arys: tuple[Any, ...]) -> Any:
    fn = {1: np.atleast_1d, 2: np.atleast_2d, 3: np.atleast_3d}[ndim]
    out = [sh.reshape(t, fn(np.empty(t.shape)).shape) for t in map(tensor_of, arys)]
    return out[0] if len(out) == 1 else tuple(out)


def atleast_1d(*arys: Any) -> Any:
    """Each input with at least 1 dimension."""
    return _atleast(1, arys)


def atleast_2d(*arys: Any) -> Any:
    """Each input with at least 2 dimensions (a 1-D input becomes a row)."""
    return _atleast(2, arys)


def atleast_3d(*arys: Any) -> Any:
    """Each input with at least 3 dimensions (NumPy's placement of the new axes)."""
    return _atleast(3, arys)


# --------------------------------------------------------------------------------------------
# Moving and copying elements (index maps: NumPy's function applied to positions)
# --------------------------------------------------------------------------------------------


def flip(m: Any, axis: Any = None) -> Tensor:
    """``m`` reversed along ``axis`` (all axes if None)."""
    return sh.flip(tensor_of(m), axis)


def flipud(m: Any) -> Tensor:
    """``m`` reversed along axis 0."""
    return index_map(tensor_of(m), np.flipud)


def fliplr(m: Any) -> Tensor:
    """``m`` reversed along axis 1."""
    return index_map(tensor_of(m), np.fliplr)


def rot90(m: Any, k: int = 1, axes: Sequence[int] = (0, 1)) -> Tensor:
    """``m`` rotated by 90° ``k`` times in the plane ``axes``."""
    return index_map(tensor_of(m), lambda p: np.rot90(p, k, axes))  # type: ignore[call-overload]


def roll(a: Any, shift: Any, axis: Any = None) -> Tensor:
    """``a`` rolled by ``shift`` along ``axis`` (the flattened array if None)."""
    return index_map(tensor_of(a), lambda p: np.roll(p, shift, axis))


def repeat(a: Any, repeats: Any, axis: int | None = None) -> Tensor:
    """Each element repeated ``repeats`` times (flattened if ``axis`` is None); the gradient
    of an element sums over its copies."""
    reps = tensor_of(repeats).array if isinstance(repeats, Tensor) else repeats
    return index_map(tensor_of(a), lambda p: np.repeat(p, reps, axis))


def tile(A: Any, reps: Any) -> Tensor:
    """``A`` repeated ``reps`` times along each axis."""
    return index_map(tensor_of(A), lambda p: np.tile(p, reps))


def resize(a: Any, new_shape: Any) -> Tensor:
    """``a`` flattened, repeated cyclically to fill ``new_shape``."""
    return index_map(tensor_of(a), lambda p: np.resize(p, new_shape))


_PAD_MODES = ("constant", "edge", "reflect", "symmetric", "wrap")


def pad(array: Any, pad_width: Any, mode: str = "constant", **kwargs: Any) -> Tensor:
    """``array`` padded (modes ``constant``, ``edge``, ``reflect``, ``symmetric``, ``wrap``
    with NumPy's keywords). The gradient of a copied border element sums over its copies;
    a constant fill carries none."""
    if mode not in _PAD_MODES:
        raise ValueError(
            f"minigrad.numpy.pad: mode {mode!r} is not supported (use one of "
            f"{', '.join(_PAD_MODES)})"
        )
    x = tensor_of(array)
    if mode != "constant":
        return index_map(x, lambda p: np.pad(p, pad_width, mode, **kwargs))  # type: ignore[call-overload]
    values = kwargs.pop("constant_values", 0)
    if kwargs:
        raise TypeError(f"minigrad.numpy.pad: unexpected arguments {sorted(kwargs)}")
    out = index_map(x, lambda p: np.pad(p, pad_width, "constant"))
    if np.any(np.asarray(values) != 0):
        fill = np.pad(np.zeros(x.shape, x.dtype), pad_width, "constant", constant_values=values)
        out = ew.add(out, Tensor.constant(fill))
    return out


def diagonal(a: Any, offset: int = 0, axis1: int = 0, axis2: int = 1) -> Tensor:
    """The diagonal ``offset`` of the planes ``(axis1, axis2)``, as a new last axis."""
    return index_map(tensor_of(a), lambda p: np.diagonal(p, offset, axis1, axis2).copy())


def diag(v: Any, k: int = 0) -> Tensor:
    """The ``k``-th diagonal of a 2-D ``v``, or a 2-D array with the 1-D ``v`` on it."""
    return index_map(tensor_of(v), lambda p: np.diag(p, k))


def make_diagonal(D: Any, offset: int = 0, axis1: int = 0, axis2: int = 1) -> Tensor:
    """HIPS autograd's ``make_diagonal``: a new pair of axes ``(axis1, axis2)`` holding the
    last axis of ``D`` on their diagonal (the inverse of :func:`diagonal`)."""
    if offset != 0:
        raise ValueError("make_diagonal: only offset=0 is supported")
    x = tensor_of(D)
    n = x.shape[-1] if x.ndim else 1

    def fn(p: np.ndarray) -> np.ndarray:
        square = p[..., None] * np.eye(n, dtype=p.dtype)
        return np.moveaxis(square, (-2, -1), (axis1, axis2))

    return index_map(x, fn)


def diagflat(v: Any, k: int = 0) -> Tensor:
    """A 2-D array with the flattened ``v`` on the ``k``-th diagonal."""
    return index_map(tensor_of(v), lambda p: np.diagflat(p, k))


def tril(m: Any, k: int = 0) -> Tensor:
    """``m`` with the elements above the ``k``-th diagonal zeroed (last two axes)."""
    return index_map(tensor_of(m), lambda p: np.tril(p, k))


def triu(m: Any, k: int = 0) -> Tensor:
    """``m`` with the elements below the ``k``-th diagonal zeroed (last two axes)."""
    return index_map(tensor_of(m), lambda p: np.triu(p, k))


def take(
    a: Any, indices: Any, axis: int | None = None, out: Any = None, mode: str = "raise"
) -> Tensor:
    """Elements of ``a`` at ``indices`` along ``axis`` (of the flattened ``a`` if None)."""
    idx = data_of(indices)
    return index_map(tensor_of(a), lambda p: np.take(p, idx, axis, mode=mode))  # type: ignore[call-overload]


def take_along_axis(arr: Any, indices: Any, axis: int | None = -1) -> Tensor:
    """``arr`` indexed by ``indices`` matched along every axis but ``axis``."""
    return so.take_along_axis(tensor_of(arr), data_of(indices), axis)


def compress(condition: Any, a: Any, axis: int | None = None) -> Tensor:
    """The slices of ``a`` along ``axis`` where ``condition`` is true."""
    cond = data_of(condition)
    return index_map(tensor_of(a), lambda p: np.compress(cond, p, axis))


def extract(condition: Any, arr: Any) -> Tensor:
    """The elements of ``arr`` where ``condition`` is true, flattened."""
    cond = data_of(condition)
    return index_map(tensor_of(arr), lambda p: np.extract(cond, p))


def delete(arr: Any, obj: Any, axis: int | None = None) -> Tensor:
    """``arr`` without the entries ``obj`` along ``axis``."""
    return index_map(tensor_of(arr), lambda p: np.delete(p, obj, axis))


def copy(a: Any, order: str = "K", subok: bool = False) -> Tensor:
    """A copy of ``a`` (in the graph)."""
    x = tensor_of(a)
    return ew.add(x, 0) if x.dtype.kind != "b" else Tensor.constant(x.array.copy())


__all__ = [
    "atleast_1d",
    "atleast_2d",
    "atleast_3d",
    "broadcast_arrays",
    "broadcast_to",
    "compress",
    "copy",
    "delete",
    "diag",
    "diagflat",
    "diagonal",
    "expand_dims",
    "extract",
    "flip",
    "fliplr",
    "flipud",
    "make_diagonal",
    "matrix_transpose",
    "moveaxis",
    "pad",
    "permute_dims",
    "ravel",
    "repeat",
    "reshape",
    "resize",
    "roll",
    "rollaxis",
    "rot90",
    "squeeze",
    "swapaxes",
    "take",
    "take_along_axis",
    "tile",
    "transpose",
    "tril",
    "triu",
]
