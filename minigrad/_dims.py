"""PyTorch's ``dim``/``keepdim`` arguments with NumPy's aliases ``axis``/``keepdims``, as the
PyTorch face's reductions (:mod:`minigrad.reductions`), scans and sorts
(:mod:`minigrad.sort_functions`) take them: passing both spellings raises ``TypeError``.
"""

from __future__ import annotations

from typing import Any

from .ops._shape_args import axis_arg
from .tensor import Tensor

Dim = Any  # None, an int, or a tuple/list of ints


def dim_arg(op: str, dim: Any, axis: Any) -> Any:
    """``dim``, or its NumPy alias ``axis``. An empty tuple/list means every dimension, as
    in PyTorch (NumPy's ``axis=()`` reduces none)."""
    if axis is not None:
        if dim is not None and dim != ():  # () is amax's default
            raise TypeError(f"{op}: got both dim={dim!r} and its alias axis={axis!r}")
        dim = axis
    if isinstance(dim, (tuple, list)) and not dim:
        return None
    return dim


def keepdim_arg(op: str, keepdim: bool, keepdims: Any) -> bool:
    if keepdims is not None:
        if keepdim:
            raise TypeError(f"{op}: got both keepdim and its alias keepdims")
        return bool(keepdims)
    return bool(keepdim)


def one_dim(op: str, x: Tensor, dim: Any) -> int:
    """A single ``dim`` as a non-negative int (a 0-d tensor accepts 0 and -1)."""
    return axis_arg(op, dim, x.ndim, x.shape, "dim") if x.ndim else axis_arg(op, dim, 1, (), "dim")
