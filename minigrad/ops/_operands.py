"""What the element-wise op modules share: how an operand is taken (a Tensor, an ndarray, a
Python or NumPy number, nested lists), the one-line appliers of a unary, binary or no-gradient
op, and NumPy's broadcasting error reworded to name the op and the shapes. Used by
:mod:`~minigrad.ops.elementwise`, :mod:`~minigrad.ops.unary`, :mod:`~minigrad.ops.compare`,
:mod:`~minigrad.ops.math` and :mod:`~minigrad.ops.binary`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..autograd import Function
from ..dtypes import get_default_dtype
from ..tensor import Tensor

Operand = Any  # a Tensor, an ndarray, or a Python number


def operand(x: Operand, name: str = "operand", pos: int = 0) -> Any:
    if isinstance(x, np.generic):  # before float: np.float64 is a float subclass
        return x.item()
    if isinstance(x, (Tensor, np.ndarray, float, int)):  # bool is an int
        return x
    try:
        return Tensor(x)  # nested lists of numbers
    except (TypeError, ValueError) as e:
        kind = ValueError if isinstance(e, ValueError) else TypeError
        raise kind(
            f"{name}: operand {pos} must be a Tensor, an ndarray or a number, "
            f"got {type(x).__name__}"
        ) from None


def shape_of(x: Any) -> tuple[int, ...]:
    return tuple(np.shape(x.array if isinstance(x, Tensor) else x))


def reworded(name: str, error: ValueError, operands: Any, what: str = "operands") -> ValueError:
    """NumPy's broadcasting error, reworded to name the op and every operand's shape; any
    other ``ValueError`` is returned as it is."""
    if "broadcast" not in str(error):
        return error
    shapes = [str(shape_of(x)) for x in operands]
    listed = shapes[0] if len(shapes) == 1 else f"{', '.join(shapes[:-1])} and {shapes[-1]}"
    return ValueError(f"{name}: {what} could not be broadcast together: shapes {listed}")


def apply_unary(op: type[Function], name: str, a: Operand, **meta: Any) -> Tensor:
    """``op`` applied to ``a``. An op whose class sets ``floating = True`` (``exp``, ``sin``,
    ``reciprocal``...) gives the default float dtype for integer or bool data, as PyTorch;
    NumPy's loops would pick float16, float32 or float64 by the integer's width, or keep
    integers (``np.reciprocal``), so the NumPy face casts to NumPy's loop dtype before."""
    if not isinstance(a, Tensor):
        try:
            a = Tensor(a)
        except (TypeError, ValueError) as e:
            raise TypeError(f"{name}: expected a Tensor, got {type(a).__name__} ({e})") from None
    if a.dtype.kind in "biu" and getattr(op, "floating", False):
        a = Tensor.constant(a.array.astype(get_default_dtype()))  # integers carry no gradient
    return op.apply(a, **meta)


# Operand types passed on unchanged, by exact type (a cheap check on every op; NumPy scalars,
# Tensor subclasses and the rest go through operand).
PLAIN = frozenset({Tensor, float, int})


def apply_binary(op: type[Function], name: str, a: Operand, b: Operand) -> Tensor:
    if type(a) not in PLAIN:
        a = operand(a, name, 0)
    if type(b) not in PLAIN:
        b = operand(b, name, 1)
    try:
        return op.apply(a, b)
    except ValueError as e:
        raise reworded(name, e, (a, b)) from None


def apply_no_grad(fn: Callable[..., Any], name: str, *args: Operand) -> Tensor:
    arrays = [a.array if isinstance(a, Tensor) else operand(a, name, i) for i, a in enumerate(args)]
    try:
        return Tensor.constant(np.asarray(fn(*arrays)))
    except ValueError as e:
        raise reworded(name, e, arrays) from None
