"""NumPy's functions that combine several arrays: joining (``concatenate``, ``stack``,
``vstack``, ``hstack``, ``dstack``, ``column_stack``, ``append``, ``block``), splitting
(``split``, ``array_split``, ``hsplit``, ``vsplit``, ``dsplit``), choosing (``choose``,
``select``) and ``meshgrid`` — differentiable in every array.

``concatenate`` and ``stack`` are the dedicated ops; the rest run NumPy's own function on
the positions of the arrays' elements laid end to end (:func:`_joined`), so each shape rule
is NumPy's, and one gather VJP sends the gradient back.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..ops import elementwise as ew
from ..ops import shape as sh
from ..ops.rearrange import index_map
from ..tensor import Tensor
from ._convert import data_of, tensor_of

# --------------------------------------------------------------------------------------------


def _promoted_stack(ts: list[Tensor], axis: int = 0) -> Tensor:
    common = np.result_type(*(t.dtype for t in ts))
    return sh.stack([t if t.dtype == common else ew.astype(t, common) for t in ts], axis)


def _promoted(arrays: Any) -> list[Tensor]:
    if isinstance(arrays, (Tensor, np.ndarray)):
        arrays = list(arrays)
    if not isinstance(arrays, (list, tuple)):
        raise TypeError(f"expected a sequence of arrays, got {type(arrays).__name__}")
    ts = [tensor_of(a) for a in arrays]
    if not ts:
        raise ValueError("need at least one array to concatenate")
    common = np.result_type(*(t.dtype for t in ts))
    return [t if t.dtype == common else ew.astype(t, common) for t in ts]


def concatenate(
    arrays: Any,
    axis: int | None = 0,
    out: Any = None,
    *,
    dtype: Any = None,
    casting: str = "same_kind",
) -> Tensor:
    """The arrays joined along an existing ``axis`` (flattened first if ``axis`` is None)."""
    ts = _promoted(arrays)
    if axis is None:
        ts = [sh.reshape(t, -1) for t in ts]
        axis = 0
    out_t = sh.concatenate(ts, axis)
    return out_t if dtype is None else tensor_of(out_t, dtype)


concat = concatenate


def stack(
    arrays: Any, axis: int = 0, out: Any = None, *, dtype: Any = None, casting: str = "same_kind"
) -> Tensor:
    """The arrays (one shape) joined along a new ``axis``."""
    out_t = sh.stack(_promoted(arrays), axis)
    return out_t if dtype is None else tensor_of(out_t, dtype)


def _joined(fn: Any, arrays: Any) -> Tensor:
    """NumPy's joining function ``fn`` applied to the positions of all the arrays' elements
    laid end to end (so every shape rule is NumPy's)."""
    ts = _promoted(arrays)
    flat = sh.concatenate([sh.reshape(t, -1) for t in ts], 0)
    starts = np.cumsum([0] + [t.array.size for t in ts])
    return index_map(
        flat, lambda p: fn([p[s : s + t.array.size].reshape(t.shape) for s, t in zip(starts, ts)])
    )


def vstack(tup: Any, *, dtype: Any = None, casting: str = "same_kind") -> Tensor:
    """The arrays stacked row-wise (1-D arrays become rows)."""
    return _joined(np.vstack, tup)


row_stack = vstack


def hstack(tup: Any, *, dtype: Any = None, casting: str = "same_kind") -> Tensor:
    """The arrays stacked column-wise (along axis 1; axis 0 for 1-D arrays)."""
    return _joined(np.hstack, tup)


def dstack(tup: Any) -> Tensor:
    """The arrays stacked along the third axis."""
    return _joined(np.dstack, tup)


def column_stack(tup: Any) -> Tensor:
    """1-D arrays as columns of a 2-D array (2-D arrays as they are), side by side."""
    return _joined(np.column_stack, tup)


def append(arr: Any, values: Any, axis: int | None = None) -> Tensor:
    """``values`` appended to ``arr`` (both flattened if ``axis`` is None)."""
    return _joined(lambda ps: np.append(ps[0], ps[1], axis), [arr, values])


def block(arrays: Any) -> Tensor:
    """An array assembled from nested lists of blocks (NumPy's ``block``)."""
    leaves: list[Any] = []

    def collect(x: Any) -> Any:
        if isinstance(x, list):
            return [collect(i) for i in x]
        leaves.append(x)
        return len(leaves) - 1

    layout = collect(arrays)

    def place(ps: list[np.ndarray]) -> np.ndarray:
        def build(x: Any) -> Any:
            return [build(i) for i in x] if isinstance(x, list) else ps[x]

        return np.block(build(layout))

    return _joined(place, leaves)


def _splittable(op: str, ary: Any) -> Tensor:
    x = tensor_of(ary)
    if x.ndim == 0:
        raise ValueError(f"{op}: a 0-d array has no axis to split (expected at least 1-d)")
    return x


def split(ary: Any, indices_or_sections: Any, axis: int = 0) -> list[Tensor]:
    """``ary`` cut along ``axis`` into equal parts or at the given indices."""
    return index_map(_splittable("split", ary), lambda p: np.split(p, indices_or_sections, axis))


def array_split(ary: Any, indices_or_sections: Any, axis: int = 0) -> list[Tensor]:
    """Like :func:`split`, but the parts may differ in size by one."""
    return index_map(
        _splittable("array_split", ary), lambda p: np.array_split(p, indices_or_sections, axis)
    )


def hsplit(ary: Any, indices_or_sections: Any) -> list[Tensor]:
    """:func:`split` along axis 1 (axis 0 for 1-D)."""
    return index_map(tensor_of(ary), lambda p: np.hsplit(p, indices_or_sections))


def vsplit(ary: Any, indices_or_sections: Any) -> list[Tensor]:
    """:func:`split` along axis 0."""
    return index_map(tensor_of(ary), lambda p: np.vsplit(p, indices_or_sections))


def dsplit(ary: Any, indices_or_sections: Any) -> list[Tensor]:
    """:func:`split` along axis 2."""
    return index_map(tensor_of(ary), lambda p: np.dsplit(p, indices_or_sections))


def meshgrid(*xi: Any, copy: bool = True, sparse: bool = False, indexing: str = "xy") -> list:
    """Coordinate arrays from coordinate vectors (differentiable in each vector)."""
    ts = [tensor_of(x) for x in xi]
    return [
        index_map(
            t,
            lambda p, i=i: np.meshgrid(  # type: ignore[misc, call-overload]
                *[p if j == i else np.zeros(u.array.size, np.intp) for j, u in enumerate(ts)],
                copy=True,
                sparse=sparse,
                indexing=indexing,
            )[i],
        )
        for i, t in enumerate(ts)
    ]


def choose(a: Any, choices: Any, out: Any = None, mode: str = "raise") -> Tensor:
    """``choices[a[i]][i]`` for every ``i`` (``a`` is an int array, no gradient)."""
    idx = data_of(a)
    stacked = _promoted_stack([tensor_of(c) for c in choices])
    return index_map(stacked, lambda p: np.choose(idx, list(p), mode=mode))  # type: ignore[call-overload]


def select(condlist: Sequence[Any], choicelist: Sequence[Any], default: Any = 0) -> Tensor:
    """From the first true condition's choice, else ``default``, element by element; the
    gradient goes to the chosen entry."""
    conds = [np.asarray(data_of(c), dtype=bool) for c in condlist]
    if len(conds) != len(choicelist):
        raise ValueError("minigrad.numpy.select: condlist and choicelist must have equal length")
    result = tensor_of(default)
    for cond, choice in zip(reversed(conds), reversed(list(choicelist))):
        result = ew.where(cond, tensor_of(choice), result)
    return result


__all__ = [
    "append",
    "array_split",
    "block",
    "choose",
    "column_stack",
    "concat",
    "concatenate",
    "dsplit",
    "dstack",
    "hsplit",
    "hstack",
    "meshgrid",
    "row_stack",
    "select",
    "split",
    "stack",
    "vsplit",
    "vstack",
]
