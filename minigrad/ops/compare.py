"""Comparisons and logic: ``equal``, ``less``, ``greater``... ``logical_and``..., ``sign``,
``isnan``, ``isfinite``. Boolean (or piecewise-constant) results with no gradient: each
returns a constant Tensor, outside the graph.
"""

from __future__ import annotations

import numpy as np

from ..tensor import Tensor
from ._operands import Operand, apply_no_grad

__all__ = [
    "equal",
    "greater",
    "greater_equal",
    "isfinite",
    "isnan",
    "less",
    "less_equal",
    "logical_and",
    "logical_not",
    "logical_or",
    "not_equal",
    "sign",
]


def equal(a: Operand, b: Operand) -> Tensor:
    """``a == b`` element-wise (boolean, no gradient)."""
    return apply_no_grad(np.equal, "equal", a, b)


def not_equal(a: Operand, b: Operand) -> Tensor:
    """``a != b`` element-wise (boolean, no gradient)."""
    return apply_no_grad(np.not_equal, "not_equal", a, b)


def less(a: Operand, b: Operand) -> Tensor:
    """``a < b`` element-wise (boolean, no gradient)."""
    return apply_no_grad(np.less, "less", a, b)


def less_equal(a: Operand, b: Operand) -> Tensor:
    """``a <= b`` element-wise (boolean, no gradient)."""
    return apply_no_grad(np.less_equal, "less_equal", a, b)


def greater(a: Operand, b: Operand) -> Tensor:
    """``a > b`` element-wise (boolean, no gradient)."""
    return apply_no_grad(np.greater, "greater", a, b)


def greater_equal(a: Operand, b: Operand) -> Tensor:
    """``a >= b`` element-wise (boolean, no gradient)."""
    return apply_no_grad(np.greater_equal, "greater_equal", a, b)


def logical_not(a: Operand) -> Tensor:
    """Element-wise NOT (boolean)."""
    return apply_no_grad(np.logical_not, "logical_not", a)


def logical_and(a: Operand, b: Operand) -> Tensor:
    """Element-wise AND (boolean)."""
    return apply_no_grad(np.logical_and, "logical_and", a, b)


def logical_or(a: Operand, b: Operand) -> Tensor:
    """Element-wise OR (boolean)."""
    return apply_no_grad(np.logical_or, "logical_or", a, b)


def sign(a: Operand) -> Tensor:
    """-1, 0 or 1 by the sign of each element (no gradient: it is piecewise constant)."""
    return apply_no_grad(np.sign, "sign", a)


def isnan(a: Operand) -> Tensor:
    """Where ``a`` is NaN (boolean)."""
    return apply_no_grad(np.isnan, "isnan", a)


def isfinite(a: Operand) -> Tensor:
    """Where ``a`` is neither NaN nor infinite (boolean)."""
    return apply_no_grad(np.isfinite, "isfinite", a)
