"""PyTorch's top-level tensor functions (``clamp``, ``where``, ``mm``, ``remainder``,
``isclose``...) and the Tensor methods of the same names. This module holds the comparisons,
bitwise logic, matrix products and queries; the math compositions (``add``, ``div``,
``clamp``, ``where``...) are in :mod:`minigrad.math_functions` and the shape functions
(``transpose(x, 0, 1)``, ``split``, ``chunk``, ``repeat``...) in
:mod:`minigrad.shape_functions`, both re-exported here, so this is the one namespace.

Each parses PyTorch's arguments (``dim``, sizes given as varargs or one tuple, ``alpha``)
and calls the face-neutral ops in :mod:`minigrad.ops`, or composes them, so every result is
differentiable through the ops' VJPs; nothing here is a new primitive. Where PyTorch and
NumPy disagree (``transpose``, ``split``, ``squeeze``, ``repeat``, ``equal``) these are
PyTorch's meanings; ``minigrad.numpy`` has NumPy's. Errors are PyTorch's types, as
subclasses that also match minigrad's ``ValueError``/``TypeError``.
"""

# PyTorch's argument and function names (input, min, max, round...) shadow builtins on purpose.
# ruff: noqa: A002, A004

from __future__ import annotations

from typing import Any

import numpy as np

from .errors import DTypeError, ShapeError
from .math_functions import (  # re-exported, as the shape functions are
    add,
    clamp,
    clip,
    div,
    divide,
    floor_divide,
    lerp,
    log_softmax,
    meshgrid,
    mul,
    nonzero,
    pow,
    reciprocal,
    remainder,
    round,
    rsqrt,
    softmax,
    square,
    sub,
    subtract,
    tril,
    triu,
    where,
)
from .ops import linalg as _linalg
from .ops import shape as _shape
from .shape_functions import (  # re-exported: the PyTorch face is one namespace
    _operand,
    _tensor,
    cat,
    chunk,
    clone,
    concat,
    concatenate,
    expand,
    flip,
    hstack,
    moveaxis,
    movedim,
    permute,
    repeat,
    reshape,
    roll,
    sizes_arg,
    split,
    squeeze,
    stack,
    swapaxes,
    swapdims,
    t,
    tile,
    transpose,
    unbind,
    unflatten,
    unsqueeze,
    vstack,
)
from .tensor import Tensor

__all__ = [
    "add",
    "addmm",
    "allclose",
    "bitwise_and",
    "bitwise_not",
    "bitwise_or",
    "bitwise_xor",
    "bmm",
    "cat",
    "chunk",
    "clamp",
    "clip",
    "clone",
    "concat",
    "concatenate",
    "div",
    "divide",
    "dot",
    "einsum",
    "equal",
    "expand",
    "flip",
    "floor_divide",
    "hstack",
    "is_floating_point",
    "is_tensor",
    "isclose",
    "isinf",
    "lerp",
    "log_softmax",
    "logical_xor",
    "meshgrid",
    "mm",
    "moveaxis",
    "movedim",
    "mul",
    "mv",
    "nonzero",
    "numel",
    "outer",
    "permute",
    "pow",
    "reciprocal",
    "remainder",
    "repeat",
    "reshape",
    "roll",
    "round",
    "rsqrt",
    "sizes_arg",
    "softmax",
    "split",
    "square",
    "squeeze",
    "stack",
    "sub",
    "subtract",
    "swapaxes",
    "swapdims",
    "t",
    "tile",
    "transpose",
    "tril",
    "triu",
    "unbind",
    "unflatten",
    "unsqueeze",
    "vstack",
    "where",
]


# --------------------------------------------------------------------------------------------
# Comparisons and bitwise logic (no gradient)
# --------------------------------------------------------------------------------------------


def _arr(x: Any) -> Any:
    return x.array if isinstance(x, Tensor) else x


def _pair(op: str, a: Any, b: Any) -> tuple[Any, Any]:
    return _tensor(op, a).array, _arr(_operand(op, b))


def isclose(
    input: Tensor, other: Any, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False
) -> Tensor:
    """Where ``|input - other| <= atol + rtol * |other|`` (boolean)."""
    return Tensor.constant(
        np.asarray(np.isclose(*_pair("isclose", input, other), rtol, atol, equal_nan))
    )


def allclose(
    input: Tensor, other: Any, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False
) -> bool:
    """Whether :func:`isclose` holds everywhere (a Python bool)."""
    return bool(np.allclose(*_pair("allclose", input, other), rtol, atol, equal_nan))


def equal(input: Tensor, other: Tensor) -> bool:
    """Whether the two tensors have the same shape and the same elements (a Python bool)."""
    a, b = _tensor("equal", input).array, _tensor("equal", other).array
    return bool(a.shape == b.shape and np.array_equal(a, b))


def isinf(input: Tensor) -> Tensor:
    """Where ``input`` is +inf or -inf (boolean)."""
    return Tensor.constant(np.isinf(_tensor("isinf", input).array))


def logical_xor(input: Any, other: Any) -> Tensor:
    """Element-wise exclusive or of the truth values (boolean)."""
    return Tensor.constant(np.asarray(np.logical_xor(*_pair("logical_xor", input, other))))


def _bitwise(fn: np.ufunc, op: str, *args: Any) -> Tensor:
    arrays = []
    for a in args:
        a = _arr(_operand(op, a))
        if np.asarray(a).dtype.kind not in "biu":
            raise DTypeError(
                f"{op}: not implemented for dtype {np.asarray(a).dtype} (bool and integer "
                "tensors only)"
            )
        arrays.append(a)
    return Tensor.constant(np.asarray(fn(*arrays)))


def bitwise_and(input: Any, other: Any) -> Tensor:
    """``input & other``: logical for bool tensors, bitwise for integer ones."""
    return _bitwise(np.bitwise_and, "bitwise_and", input, other)


def bitwise_or(input: Any, other: Any) -> Tensor:
    """``input | other``: logical for bool tensors, bitwise for integer ones."""
    return _bitwise(np.bitwise_or, "bitwise_or", input, other)


def bitwise_xor(input: Any, other: Any) -> Tensor:
    """``input ^ other``: logical for bool tensors, bitwise for integer ones."""
    return _bitwise(np.bitwise_xor, "bitwise_xor", input, other)


def bitwise_not(input: Any) -> Tensor:
    """``~input``: logical not for bool tensors, bitwise for integer ones."""
    return _bitwise(np.invert, "bitwise_not", input)


# --------------------------------------------------------------------------------------------
# Linear algebra
# --------------------------------------------------------------------------------------------


def _matrices(op: str, a: Any, b: Any, ranks: tuple[int, int]) -> tuple[Tensor, Tensor]:
    a, b = _tensor(op, a), _tensor(op, b)
    if (a.ndim, b.ndim) != ranks:
        raise ShapeError(
            f"{op}: expected {ranks[0]}-D and {ranks[1]}-D tensors, got shapes {tuple(a.shape)} "
            f"and {tuple(b.shape)}"
        )
    if a.dtype != b.dtype:
        raise TypeError(
            f"{op}: expected both tensors to have the same dtype, but got {a.dtype} and {b.dtype}"
        )
    return a, b


def _product(op: str, a: Tensor, b: Tensor) -> Tensor:
    try:
        return _linalg.matmul(a, b)
    except ValueError:
        raise ShapeError(
            f"{op}: shapes cannot be multiplied ({' x '.join(map(str, a.shape))} and "
            f"{' x '.join(map(str, b.shape))})"
        ) from None


def mm(input: Tensor, mat2: Tensor) -> Tensor:
    """The matrix product of ``(n, m)`` and ``(m, p)`` matrices: ``(n, p)``."""
    return _product("mm", *_matrices("mm", input, mat2, (2, 2)))


def bmm(input: Tensor, mat2: Tensor) -> Tensor:
    """Batched matrix products: ``(b, n, m)`` and ``(b, m, p)`` give ``(b, n, p)``."""
    a, b = _matrices("bmm", input, mat2, (3, 3))
    if a.shape[0] != b.shape[0]:
        raise ShapeError(f"bmm: batch sizes differ: {tuple(a.shape)} and {tuple(b.shape)}")
    return _product("bmm", a, b)


def mv(input: Tensor, vec: Tensor) -> Tensor:
    """The product of an ``(n, m)`` matrix and an ``(m,)`` vector: ``(n,)``."""
    return _product("mv", *_matrices("mv", input, vec, (2, 1)))


def dot(input: Tensor, other: Tensor) -> Tensor:
    """The inner product of two 1-D tensors of one length (a 0-d tensor)."""
    a, b = _matrices("dot", input, other, (1, 1))
    if a.shape != b.shape:
        raise ShapeError(
            f"inconsistent tensor size, expected tensor [{a.shape[0]}] and src [{b.shape[0]}] "
            "to have the same number of elements, but got different"
        )
    return _product("dot", a, b)


def outer(input: Tensor, vec2: Tensor) -> Tensor:
    """``input[i] * vec2[j]`` for 1-D tensors: ``(n,)`` and ``(m,)`` give ``(n, m)``."""
    a, b = _matrices("outer", input, vec2, (1, 1))
    return _shape.reshape(a, (-1, 1)) * _shape.reshape(b, (1, -1))


def addmm(input: Tensor, mat1: Tensor, mat2: Tensor, *, beta: Any = 1, alpha: Any = 1) -> Tensor:
    """``beta * input + alpha * (mat1 @ mat2)``."""
    _tensor("addmm", input)
    prod = _product("addmm", *_matrices("addmm", mat1, mat2, (2, 2)))
    return (input if beta == 1 else beta * input) + (prod if alpha == 1 else alpha * prod)


def einsum(equation: str, *operands: Any) -> Tensor:
    """Einstein summation; the operands may also be given as one list (PyTorch allows both)."""
    if len(operands) == 1 and isinstance(operands[0], (list, tuple)):
        operands = tuple(operands[0])
    return _linalg.einsum(equation, *operands)


# --------------------------------------------------------------------------------------------
# Queries
# --------------------------------------------------------------------------------------------


def numel(input: Tensor) -> int:
    """The number of elements of ``input``."""
    return _tensor("numel", input).numel()


def is_tensor(obj: Any) -> bool:
    """Whether ``obj`` is a minigrad Tensor."""
    return isinstance(obj, Tensor)


def is_floating_point(input: Tensor) -> bool:
    """Whether ``input`` has a floating-point dtype."""
    return _tensor("is_floating_point", input).dtype.kind == "f"
