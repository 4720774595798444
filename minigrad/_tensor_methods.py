"""The Tensor's PyTorch methods that are not operators: math, comparisons, shape, indexing,
linear algebra. Each is one line calling the op (``minigrad.ops``) or the PyTorch-face
function (``minigrad.functions``) of the same name, where the checks and the VJP live.

A mixin of :class:`~minigrad.tensor.Tensor`, split out to keep ``tensor.py`` to the core.
``minigrad.tensor`` imports this module before ``Tensor`` exists and the ops import
``Tensor``, so the ops are reached through ``minigrad.tensor``'s own imports (``_t._ew``...),
which are bound by the time any method runs.
"""

# PyTorch's argument and function names (input, min, max, round...) shadow builtins on purpose.
# ruff: noqa: A002, A003

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import minigrad.tensor as _t

if TYPE_CHECKING:
    from .tensor import Tensor

DTypeLike = Any


class MethodsMixin:
    """PyTorch's Tensor methods (see the module docstring)."""

    __slots__ = ()

    def astype(self: Tensor, dtype: DTypeLike) -> Tensor:  # type: ignore[misc]
        """A copy converted to ``dtype`` (differentiable between float dtypes)."""
        return _t._ew.astype(self, dtype)

    def exp(self: Tensor) -> Tensor:  # type: ignore[misc]
        return _t._ew.exp(self)

    def log(self: Tensor) -> Tensor:  # type: ignore[misc]
        return _t._ew.log(self)

    def sqrt(self: Tensor) -> Tensor:  # type: ignore[misc]
        return _t._ew.sqrt(self)

    def rsqrt(self: Tensor) -> Tensor:  # type: ignore[misc]
        return _t._fn.rsqrt(self)

    def abs(self: Tensor) -> Tensor:  # type: ignore[misc]
        return _t._ew.abs(self)

    absolute = abs

    def neg(self: Tensor) -> Tensor:  # type: ignore[misc]
        return _t._ew.negative(self)

    negative = neg

    def sin(self: Tensor) -> Tensor:  # type: ignore[misc]
        return _t._ew.sin(self)

    def cos(self: Tensor) -> Tensor:  # type: ignore[misc]
        return _t._ew.cos(self)

    def tanh(self: Tensor) -> Tensor:  # type: ignore[misc]
        return _t._ew.tanh(self)

    def sigmoid(self: Tensor) -> Tensor:  # type: ignore[misc]
        return _t._ew.sigmoid(self)

    def relu(self: Tensor) -> Tensor:  # type: ignore[misc]
        return _t._ew.relu(self)

    def square(self: Tensor) -> Tensor:  # type: ignore[misc]
        return _t._fn.square(self)

    def reciprocal(self: Tensor) -> Tensor:  # type: ignore[misc]
        return _t._fn.reciprocal(self)

    def pow(self: Tensor, exponent: Any) -> Tensor:  # type: ignore[misc]
        return self.__pow__(exponent)

    def softmax(self: Tensor, dim: int, dtype: DTypeLike = None) -> Tensor:  # type: ignore[misc]
        return _t._fn.softmax(self, dim, dtype=dtype)

    def log_softmax(self: Tensor, dim: int, dtype: DTypeLike = None) -> Tensor:  # type: ignore[misc]
        return _t._fn.log_softmax(self, dim, dtype=dtype)

    def clamp(self: Tensor, min: Any = None, max: Any = None) -> Tensor:  # type: ignore[misc]
        return _t._fn.clamp(self, min, max)

    def clip(self: Tensor, min: Any = None, max: Any = None) -> Tensor:  # type: ignore[misc]
        return _t._fn.clip(self, min, max)

    def clamp_min(self: Tensor, min: Any) -> Tensor:  # type: ignore[misc]
        return _t._fn.clamp(self, min, None)

    def clamp_max(self: Tensor, max: Any) -> Tensor:  # type: ignore[misc]
        return _t._fn.clamp(self, None, max)

    def maximum(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        return _t._ew.maximum(self, other)

    def minimum(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        return _t._ew.minimum(self, other)

    def add(self: Tensor, other: Any, alpha: Any = 1) -> Tensor:  # type: ignore[misc]
        return _t._fn.add(self, other, alpha=alpha)

    def sub(self: Tensor, other: Any, alpha: Any = 1) -> Tensor:  # type: ignore[misc]
        return _t._fn.sub(self, other, alpha=alpha)

    subtract = sub

    def mul(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        return self * other

    multiply = mul

    def div(self: Tensor, other: Any, rounding_mode: str | None = None) -> Tensor:  # type: ignore[misc]
        return _t._fn.div(self, other, rounding_mode=rounding_mode)

    divide = div

    def true_divide(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        return self / other

    def floor_divide(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        return _t._fn.floor_divide(self, other)

    def remainder(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        return _t._fn.remainder(self, other)

    def lerp(self: Tensor, end: Any, weight: Any) -> Tensor:  # type: ignore[misc]
        return _t._fn.lerp(self, end, weight)

    def addcmul(self: Tensor, tensor1: Tensor, tensor2: Tensor, value: Any = 1) -> Tensor:  # type: ignore[misc]
        return self + value * tensor1 * tensor2

    def addcdiv(self: Tensor, tensor1: Tensor, tensor2: Tensor, value: Any = 1) -> Tensor:  # type: ignore[misc]
        return self + value * tensor1 / tensor2

    def round(self: Tensor, decimals: int = 0) -> Tensor:  # type: ignore[misc]
        return _t._fn.round(self, decimals=decimals)

    # Comparisons and logic (boolean results)

    def eq(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        return _t._ew.equal(self, other)

    def ne(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        return _t._ew.not_equal(self, other)

    not_equal = ne

    def lt(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        return _t._ew.less(self, other)

    less = lt

    def le(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        return _t._ew.less_equal(self, other)

    less_equal = le

    def gt(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        return _t._ew.greater(self, other)

    greater = gt

    def ge(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        return _t._ew.greater_equal(self, other)

    greater_equal = ge

    def isclose(  # type: ignore[misc]
        self: Tensor, other: Any, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False
    ) -> Tensor:
        return _t._fn.isclose(self, other, rtol, atol, equal_nan)

    def allclose(  # type: ignore[misc]
        self: Tensor, other: Any, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False
    ) -> bool:
        return _t._fn.allclose(self, other, rtol, atol, equal_nan)

    def equal(self: Tensor, other: Any) -> bool:  # type: ignore[misc]
        return _t._fn.equal(self, other)

    def isnan(self: Tensor) -> Tensor:  # type: ignore[misc]
        return _t._ew.isnan(self)

    def isfinite(self: Tensor) -> Tensor:  # type: ignore[misc]
        return _t._ew.isfinite(self)

    def isinf(self: Tensor) -> Tensor:  # type: ignore[misc]
        return _t._fn.isinf(self)

    def logical_not(self: Tensor) -> Tensor:  # type: ignore[misc]
        return _t._ew.logical_not(self)

    def logical_and(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        return _t._ew.logical_and(self, other)

    def logical_or(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        return _t._ew.logical_or(self, other)

    def logical_xor(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        return _t._fn.logical_xor(self, other)

    def bitwise_not(self: Tensor) -> Tensor:  # type: ignore[misc]
        return _t._fn.bitwise_not(self)

    def bitwise_and(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        return _t._fn.bitwise_and(self, other)

    def bitwise_or(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        return _t._fn.bitwise_or(self, other)

    def bitwise_xor(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        return _t._fn.bitwise_xor(self, other)

    # Shape

    def reshape(self: Tensor, *shape: Any) -> Tensor:  # type: ignore[misc]
        return _t._fn.reshape(self, _t._fn.sizes_arg(shape))

    def reshape_as(self: Tensor, other: Tensor) -> Tensor:  # type: ignore[misc]
        return _t._fn.reshape(self, other.array.shape)

    def view(self: Tensor, *shape: Any) -> Tensor:  # type: ignore[misc]
        """:meth:`reshape` (minigrad does not track which reshapes could be views)."""
        return _t._fn.reshape(self, _t._fn.sizes_arg(shape))

    def view_as(self: Tensor, other: Tensor) -> Tensor:  # type: ignore[misc]
        return _t._fn.reshape(self, other.array.shape)

    def expand(self: Tensor, *sizes: Any) -> Tensor:  # type: ignore[misc]
        return _t._fn.expand(self, _t._fn.sizes_arg(sizes))

    def expand_as(self: Tensor, other: Tensor) -> Tensor:  # type: ignore[misc]
        return _t._fn.expand(self, other.array.shape)

    def broadcast_to(self: Tensor, shape: Sequence[int]) -> Tensor:  # type: ignore[misc]
        return _t._shape.broadcast_to(self, shape)

    def flatten(self: Tensor, start_dim: int = 0, end_dim: int = -1) -> Tensor:  # type: ignore[misc]
        return _t._shape.flatten(self, start_dim, end_dim)

    def ravel(self: Tensor) -> Tensor:  # type: ignore[misc]
        """The elements as one dimension (PyTorch's and NumPy's ``ravel``)."""
        return _t._shape.reshape(self, (-1,))

    def unflatten(self: Tensor, dim: int, sizes: Sequence[int]) -> Tensor:  # type: ignore[misc]
        return _t._fn.unflatten(self, dim, sizes)

    def permute(self: Tensor, *dims: Any) -> Tensor:  # type: ignore[misc]
        return _t._fn.permute(self, _t._fn.sizes_arg(dims))

    def transpose(self: Tensor, dim0: int, dim1: int) -> Tensor:  # type: ignore[misc]
        return _t._fn.transpose(self, dim0, dim1)

    swapaxes = swapdims = transpose

    def movedim(self: Tensor, source: Any, destination: Any) -> Tensor:  # type: ignore[misc]
        return _t._fn.movedim(self, source, destination)

    moveaxis = movedim

    def t(self: Tensor) -> Tensor:  # type: ignore[misc]
        return _t._fn.t(self)

    def squeeze(self: Tensor, dim: Any = None) -> Tensor:  # type: ignore[misc]
        return _t._fn.squeeze(self, dim)

    def unsqueeze(self: Tensor, dim: int) -> Tensor:  # type: ignore[misc]
        return _t._fn.unsqueeze(self, dim)

    def expand_dims(self: Tensor, axis: Any) -> Tensor:  # type: ignore[misc]
        """NumPy's name: new size-1 axes at ``axis`` (PyTorch: :meth:`unsqueeze`)."""
        return _t._shape.expand_dims(self, axis)

    def narrow(self: Tensor, dim: int, start: int, length: int) -> Tensor:  # type: ignore[misc]
        return _t._indexing.narrow(self, dim, start, length)

    def chunk(self: Tensor, chunks: int, dim: int = 0) -> tuple[Tensor, ...]:  # type: ignore[misc]
        return _t._fn.chunk(self, chunks, dim)

    def split(self: Tensor, split_size: Any, dim: int = 0) -> tuple[Tensor, ...]:  # type: ignore[misc]
        return _t._fn.split(self, split_size, dim)

    def unbind(self: Tensor, dim: int = 0) -> tuple[Tensor, ...]:  # type: ignore[misc]
        return _t._fn.unbind(self, dim)

    def repeat(self: Tensor, *sizes: Any) -> Tensor:  # type: ignore[misc]
        return _t._fn.repeat(self, _t._fn.sizes_arg(sizes))

    def tile(self: Tensor, *dims: Any) -> Tensor:  # type: ignore[misc]
        return _t._fn.tile(self, _t._fn.sizes_arg(dims))

    def flip(self: Tensor, *dims: Any) -> Tensor:  # type: ignore[misc]
        return _t._fn.flip(self, _t._fn.sizes_arg(dims) if dims else None)

    def roll(self: Tensor, shifts: Any, dims: Any = None) -> Tensor:  # type: ignore[misc]
        return _t._fn.roll(self, shifts, dims)

    def tril(self: Tensor, diagonal: int = 0) -> Tensor:  # type: ignore[misc]
        return _t._fn.tril(self, diagonal)

    def triu(self: Tensor, diagonal: int = 0) -> Tensor:  # type: ignore[misc]
        return _t._fn.triu(self, diagonal)

    def clone(self: Tensor) -> Tensor:  # type: ignore[misc]
        """A copy that stays in the graph (its gradient flows back to this tensor)."""
        return _t._fn.clone(self)

    def contiguous(self: Tensor) -> Tensor:  # type: ignore[misc]
        """This tensor if its memory is C-ordered, else a C-ordered differentiable copy."""
        return self if self.array.flags.c_contiguous else _t._fn.clone(self)

    def is_contiguous(self: Tensor) -> bool:  # type: ignore[misc]
        return bool(self.array.flags.c_contiguous)

    # Indexing and selection

    def gather(self: Tensor, dim: int, index: Tensor) -> Tensor:  # type: ignore[misc]
        return _t._indexing.gather(self, dim, index)

    def take_along_dim(self: Tensor, indices: Tensor, dim: int | None = None) -> Tensor:  # type: ignore[misc]
        return _t._indexing.take_along_dim(self, indices, dim)

    def take(self: Tensor, index: Tensor) -> Tensor:  # type: ignore[misc]
        return _t._indexing.take(self, index)

    def index_select(self: Tensor, dim: int, index: Tensor) -> Tensor:  # type: ignore[misc]
        return _t._indexing.index_select(self, dim, index)

    def masked_select(self: Tensor, mask: Tensor) -> Tensor:  # type: ignore[misc]
        return _t._indexing.masked_select(self, mask)

    def masked_fill(self: Tensor, mask: Tensor, value: Any) -> Tensor:  # type: ignore[misc]
        return _t._indexing.masked_fill(self, mask, value)

    def scatter(  # type: ignore[misc]
        self: Tensor, dim: int, index: Tensor, src: Any = None, value: Any = None
    ) -> Tensor:
        return _t._indexing.scatter(self, dim, index, src if value is None else value)

    def scatter_add(self: Tensor, dim: int, index: Tensor, src: Tensor) -> Tensor:  # type: ignore[misc]
        return _t._indexing.scatter_add(self, dim, index, src)

    def index_add(self: Tensor, dim: int, index: Tensor, source: Tensor, alpha: Any = 1) -> Tensor:  # type: ignore[misc]
        return _t._indexing.index_add(self, dim, index, source, alpha=alpha)

    def index_fill(self: Tensor, dim: int, index: Tensor, value: Any) -> Tensor:  # type: ignore[misc]
        return _t._indexing.index_fill(self, dim, index, value)

    def where(self: Tensor, condition: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        return _t._fn.where(condition, self, other)

    def nonzero(self: Tensor, as_tuple: bool = False) -> Any:  # type: ignore[misc]
        return _t._fn.nonzero(self, as_tuple=as_tuple)

    # Linear algebra

    def matmul(self: Tensor, other: Any) -> Tensor:  # type: ignore[misc]
        return _t._linalg.matmul(self, other)

    def mm(self: Tensor, mat2: Tensor) -> Tensor:  # type: ignore[misc]
        return _t._fn.mm(self, mat2)

    def bmm(self: Tensor, mat2: Tensor) -> Tensor:  # type: ignore[misc]
        return _t._fn.bmm(self, mat2)

    def mv(self: Tensor, vec: Tensor) -> Tensor:  # type: ignore[misc]
        return _t._fn.mv(self, vec)

    def dot(self: Tensor, other: Tensor) -> Tensor:  # type: ignore[misc]
        return _t._fn.dot(self, other)

    def outer(self: Tensor, vec2: Tensor) -> Tensor:  # type: ignore[misc]
        return _t._fn.outer(self, vec2)

    ger = outer
