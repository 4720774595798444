"""The Tensor methods of PyTorch's face added with the top-level functions they call
(``minigrad._torch_math``, ``minigrad._torch_counting``, ``minigrad.ops.special``, the
linear-algebra decompositions): ``t.log1p()`` is ``minigrad.log1p(t)``, ``t.det()`` is
``minigrad.det(t)``, so the checks, the docstrings and the VJPs live in one place.

A mixin of :class:`~minigrad.tensor.Tensor`. ``minigrad.tensor`` imports it before the top
level exists, so each method looks its function up in ``minigrad`` when it runs.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from .tensor import Tensor

# Each is a method calling the top-level function of the same name.
_METHODS = [
    "acos", "acosh", "arccos", "arccosh", "arcsin", "arcsinh", "arctan", "arctan2", "arctanh",
    "asin", "asinh", "atan", "atan2", "atanh", "baddbmm", "bincount", "ceil", "cholesky", "cosh",
    "cross", "det", "diag", "diagonal", "digamma", "dist", "erf", "erfc", "erfinv", "exp2",
    "expm1", "fix", "fliplr", "flipud", "floor", "fmax", "fmin", "fmod", "frac", "histc", "hypot",
    "inner", "inverse", "is_complex", "kron", "lgamma", "log1p", "log2", "log10", "logaddexp",
    "logaddexp2", "logdet", "logit", "nan_to_num", "pinverse", "qr", "repeat_interleave", "rot90",
    "sinc", "sinh", "slogdet", "svd", "tan", "trace", "trunc", "unique", "vdot", "xlogy",
    # Added with the minigrad._torch_* modules (elementwise_extra, shape_extra, quantiles,
    # slice_scatter) and the random functions:
    "addmm", "addmv", "addr", "argwhere", "bernoulli", "copysign", "deg2rad", "diag_embed",
    "diagflat", "dsplit", "float_power", "hardshrink", "heaviside", "hsplit", "index_copy",
    "isneginf", "isposinf", "masked_scatter", "matrix_power", "multinomial", "nanmedian",
    "nanquantile", "positive", "quantile", "rad2deg", "select", "select_scatter", "sgn", "sign",
    "signbit", "slice_scatter", "split_with_sizes", "tensor_split", "unique_consecutive",
    "vsplit",
]  # fmt: skip


def _method(name: str) -> Callable[..., Any]:
    def method(self: Any, *args: Any, **kwargs: Any) -> Any:
        return getattr(sys.modules["minigrad"], name)(self, *args, **kwargs)

    method.__name__ = method.__qualname__ = name
    method.__doc__ = f"``minigrad.{name}(self, ...)``: see :func:`minigrad.{name}`."
    return method


class ExtraMixin:
    """PyTorch's Tensor methods that call the functions above (see the module docstring)."""

    __slots__ = ()

    def polygamma(self, n: int) -> Any:
        """``minigrad.polygamma(n, self)`` (PyTorch puts ``n`` first in the function)."""
        return sys.modules["minigrad"].polygamma(n, self)

    def unfold(self, dimension: int, size: int, step: int) -> Any:
        """The windows of ``size`` along ``dimension``, ``step`` apart, in a new last dim: see
        :func:`minigrad._torch_shape_extra.unfold_windows` (a copy in the graph, not a view)."""
        return sys.modules["minigrad"]._torch_shape_extra.unfold_windows(
            self, dimension, size, step
        )

    # Layout and predicates: answered from the NumPy array, as PyTorch answers from metadata.

    def stride(self: Tensor, dim: int | None = None) -> Any:  # type: ignore[misc]
        """The step in elements between neighbours along each dim (``dim``: that one).

        These are the strides of the NumPy array holding the data (``array.strides`` over
        the item size), so they describe minigrad's real memory layout, which may differ
        from PyTorch's: a convolution's output is batch-last in memory (not contiguous),
        and ``flip`` gives negative strides, which PyTorch has not.
        """
        steps = tuple(s // self.array.itemsize for s in self.array.strides)
        if dim is None:
            return steps
        if self.ndim == 0:
            raise IndexError(f"stride: dim {dim} given but the tensor has no dimensions")
        return steps[sys.modules["minigrad"].ops.indexing.normalize_dim("stride", dim, self.ndim)]

    def storage_offset(self: Tensor) -> int:  # type: ignore[misc]
        """The element offset of this tensor's first element in the memory it views (0 for
        a tensor that owns its memory)."""
        owner = self.array
        while isinstance(owner.base, np.ndarray):
            owner = owner.base
        start = self.array.__array_interface__["data"][0]
        return int(start - owner.__array_interface__["data"][0]) // self.array.itemsize

    @property
    def is_cpu(self: Tensor) -> bool:  # type: ignore[misc]
        """Always true: minigrad's tensors live in host memory."""
        return True

    def is_signed(self: Tensor) -> bool:  # type: ignore[misc]
        """Whether the dtype holds negative numbers (bool and uint8 do not)."""
        return bool(self.array.dtype.kind in "if")

    def is_same_size(self: Tensor, other: Any) -> bool:  # type: ignore[misc]
        """Whether ``other`` (a tensor) has this tensor's shape."""
        if not hasattr(other, "array"):
            raise TypeError(f"is_same_size: other must be a Tensor, got {type(other).__name__}")
        return bool(self.array.shape == other.array.shape)

    def is_nonzero(self: Tensor) -> bool:  # type: ignore[misc]
        """Whether the single element is non-zero (a tensor of one element only)."""
        if self.array.size != 1:
            what = "no values" if self.array.size == 0 else "more than one value"
            raise RuntimeError(
                f"is_nonzero: Boolean value of Tensor with {what} is ambiguous (shape "
                f"{tuple(self.array.shape)})"
            )
        return bool(self.array.reshape(()) != 0)

    def sum_to_size(self: Tensor, *size: Any) -> Any:  # type: ignore[misc]
        """The sum down to ``size``, which must broadcast to this tensor's shape (the
        gradient of a broadcast); ``size`` is ints or one sequence."""
        mg = sys.modules["minigrad"]
        shape = tuple(size[0]) if len(size) == 1 and not isinstance(size[0], int) else size
        if not all(isinstance(s, (int, np.integer)) for s in shape):
            raise TypeError(f"sum_to_size: size must be ints, got {size!r}")
        try:
            ok = np.broadcast_shapes(shape, self.array.shape) == self.array.shape
        except ValueError:
            ok = False
        if not ok or len(shape) > self.ndim:
            raise ValueError(
                f"sum_to_size: size {list(shape)} is not expandable to size "
                f"{list(self.array.shape)}"
            )
        return mg.sum_to(self, shape)

    def fill_diagonal_(self: Tensor, fill_value: Any, wrap: bool = False) -> Any:  # type: ignore[misc]
        """Fill the main diagonal with ``fill_value`` in place (every dim equal beyond 2-D;
        ``wrap``: a tall matrix's diagonal restarts after every ``cols + 1`` rows)."""
        if self.ndim < 2:
            raise ValueError(f"fill_diagonal_: dimensions must larger than 1, got {self.shape}")
        if self.ndim > 2 and len(set(self.array.shape)) != 1:
            raise ValueError(
                f"fill_diagonal_: all dimensions of input must be of equal length, got {self.shape}"
            )
        filled = self.array.copy()
        np.fill_diagonal(filled, fill_value, wrap=wrap)
        return self._inplace("fill_diagonal_", filled)


for _name in _METHODS:
    setattr(ExtraMixin, _name, _method(_name))
