"""Turning NumPy-style arguments into Tensors, the NumPy way.

NumPy's rules, not PyTorch's: a Python float becomes float64 (``minigrad.tensor`` makes
float32), and a list or tuple that holds Tensors is *stacked*, so ``np.array([x, 2 * x])``
and ``np.mean([x, x + 2])`` stay in the graph. Data minigrad has no tensors of (complex,
strings, objects) is refused. The errors say what is wrong; the public boundary
(``minigrad/_boundary.py``) puts the name of the function the user called in front.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..ops.elementwise import astype
from ..ops.shape import stack
from ..tensor import Tensor


def _holds_tensor(x: Any) -> bool:
    if isinstance(x, Tensor):
        return True
    return isinstance(x, (list, tuple)) and any(_holds_tensor(i) for i in x)


def tensor_of(x: Any, dtype: Any = None) -> Tensor:
    """``x`` as a Tensor: Tensors pass through (cast to ``dtype`` if given), sequences holding
    Tensors are stacked (differentiably), anything else becomes a constant like
    ``np.asarray(x, dtype)``."""
    if isinstance(x, Tensor):
        return x if dtype is None or np.dtype(dtype) == x.dtype else astype(x, dtype)
    if isinstance(x, (list, tuple)) and _holds_tensor(x):
        parts = [tensor_of(i) for i in x]
        if not parts:
            return Tensor.constant(np.asarray(x, dtype))
        kinds = {p.dtype for p in parts}
        if len(kinds) > 1:  # NumPy promotes mixed entries before stacking
            common = np.result_type(*kinds)
            parts = [p if p.dtype == common else astype(p, common) for p in parts]
        out = stack(parts)
        return out if dtype is None else tensor_of(out, dtype)
    try:
        arr = np.asarray(x, dtype)
    except (TypeError, ValueError) as e:
        raise TypeError(f"cannot make an array from {type(x).__name__}: {e}") from None
    if arr.dtype.kind not in "biuf":
        raise TypeError(
            f"cannot make a minigrad array from {type(x).__name__} (dtype "
            f"{arr.dtype}); minigrad.numpy handles bool, int and real float data"
        )
    return Tensor.constant(arr)


def constant(arr: np.ndarray) -> Tensor:
    """``arr`` as a constant Tensor, refusing what minigrad has no tensors of (complex,
    strings, objects: ``np.unique(None)`` is an object array)."""
    if arr.dtype.kind not in "biuf":
        raise TypeError(
            f"the result would have dtype {arr.dtype}; minigrad.numpy handles "
            "bool, int and real float data"
        )
    return Tensor.constant(arr)


def loop_input(ufunc: np.ufunc, t: Tensor, *others: np.dtype) -> Tensor:
    """``t`` cast to the input dtype of the loop NumPy's ``ufunc`` picks for it: bool and int
    data go in as NumPy's float (``np.sin`` of bool is float16) or int (``np.conjugate`` of
    bool is int8). Float data pass as they are (the hot path asks nothing); a dtype with no
    loop raises NumPy's ``TypeError`` (``np.positive`` of bool). ``others``: the dtypes of
    the ufunc's other inputs (default: ``t``'s)."""
    if t.dtype.kind == "f":
        return t
    ins = (t.dtype, *others) if others else (t.dtype,) * ufunc.nin
    want = ufunc.resolve_dtypes(ins + (None,) * ufunc.nout)[0]
    return t if want == t.dtype else astype(t, want)


def operand(x: Any) -> Any:
    """For binary ops: Tensors and Python numbers pass through (a number keeps NumPy's weak
    scalar promotion), NumPy scalars become 0-d arrays, the rest goes through
    :func:`tensor_of`."""
    if isinstance(x, (Tensor, int, float)) and not isinstance(x, np.generic):
        return x
    return tensor_of(x)


def plain(x: Any) -> Any:
    """``x`` with every Tensor in it (nested in lists and tuples) replaced by its array: the
    arguments of a NumPy function run on the data."""
    if isinstance(x, Tensor):
        return x.array
    if isinstance(x, (list, tuple)):
        return type(x)(plain(i) for i in x)
    return x


def data_of(x: Any) -> np.ndarray:
    """The data of an index, mask or condition argument (no gradient flows through it)."""
    arr = np.asarray(x.array if isinstance(x, Tensor) else x)
    if arr.dtype.kind not in "biuf":
        raise TypeError(
            f"cannot use {type(x).__name__} of dtype {arr.dtype} here; "
            "minigrad.numpy handles bool, int and real float data"
        )
    return arr


class _ArrayType(type):
    def __instancecheck__(cls, obj: Any) -> bool:
        return isinstance(obj, (Tensor, np.ndarray))

    def __subclasscheck__(cls, sub: type) -> bool:
        return issubclass(sub, (Tensor, np.ndarray))


class ndarray(metaclass=_ArrayType):  # noqa: N801 - NumPy's name
    """What ``isinstance(x, minigrad.numpy.ndarray)`` accepts: a Tensor or a NumPy array (the
    results of ``minigrad.numpy`` are Tensors; its inputs may be either)."""

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        raise TypeError("minigrad.numpy.ndarray is a type to test against; use np.array(...)")
