"""The Tensor: one NumPy array plus what autograd needs to differentiate through it.

Tensor methods are thin: each calls the op (``minigrad.ops``) or the PyTorch-face function
(``minigrad.functions``) of the same name, where the work, the argument checks and the VJP
live. The operators apply PyTorch's type promotion (:mod:`minigrad.dtypes`) before calling
the op; the common case (same dtypes, or a float tensor and a Python number) is one check.

Two mixins keep this file to the core: :mod:`minigrad._tensor_inplace` (every in-place
method; the rules they share are :meth:`Tensor._inplace` here) and
:mod:`minigrad._tensor_conversions` (dtype/device conversions, ``new_*``, Python numbers).
The creation functions live in :mod:`minigrad.creation`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from . import dtypes as _dt
from ._tensor_conversions import ConversionsMixin
from ._tensor_extra import ExtraMixin
from ._tensor_inplace import InplaceMixin
from ._tensor_methods import MethodsMixin
from .dtypes import bool_, float32, float64, int64
from .errors import DTypeError, ShapeError

if TYPE_CHECKING:
    from .autograd import Function

__all__ = ["Size", "Tensor", "bool_", "float32", "float64", "int64"]

DTypeLike = Any


class Size(tuple):
    """A tensor's shape, as ``torch.Size``: a tuple of ints (``x.shape``, ``x.size()``)."""

    __slots__ = ()

    # Printed as the tuple it is, ``(2, 3)`` (PyTorch: ``torch.Size([2, 3])``): minigrad's
    # messages and documented outputs show shapes that way.
    __repr__ = tuple.__repr__

    def __getitem__(self, index: Any) -> Any:
        item = tuple.__getitem__(self, index)
        return Size(item) if isinstance(index, slice) else item

    def numel(self) -> int:
        """The number of elements a tensor of this shape holds."""
        return math.prod(self)


class SizeOf(int):
    """What ``x.size`` gives: the element count (an ``int``, NumPy's ``a.size``) that, called,
    is PyTorch's ``x.size()`` / ``x.size(dim)``. One Tensor serves both faces, and the two
    libraries disagree on this one name, so it is both."""

    shape: tuple[int, ...]

    def __new__(cls, shape: tuple[int, ...]) -> SizeOf:
        self = super().__new__(cls, math.prod(shape))
        self.shape = shape
        return self

    def __call__(self, dim: int | None = None) -> Any:
        if dim is None:
            return Size(self.shape)
        return self.shape[_indexing.normalize_dim("size", dim, len(self.shape))]


def _to_array(
    data: Any, dtype: DTypeLike = None, copy: bool | None = True, op: str = "tensor"
) -> np.ndarray:
    """``data`` as an ndarray: a copy unless ``copy=None`` (then shared where possible).

    Arrays keep their dtype; Python floats become the default dtype, ints int64, bools bool.
    """
    if isinstance(data, Tensor):
        data = data.array
    dt = None if dtype is None else _dt.as_dtype(dtype, "tensor")
    if isinstance(data, (np.ndarray, np.generic)):
        arr = np.array(data, dtype=dt, copy=copy)
    else:
        try:
            arr = np.array(data, dtype=dt)
        except (ValueError, TypeError) as e:  # ragged nested lists, odd objects
            raise (ValueError if isinstance(e, ValueError) else TypeError)(
                f"{op}: cannot make a tensor from {type(data).__name__}: {e}"
            ) from None
        if dt is None and arr.dtype == np.float64:
            arr = arr.astype(_dt.get_default_dtype())
        elif dt is None and arr.dtype == np.complex128:
            arr = arr.astype(np.complex64)
    # Object and string arrays would fail later, deep inside some op, with NumPy's message.
    if arr.dtype.kind not in "biufc":
        raise TypeError(
            f"{op}: cannot make a tensor from {type(data).__name__} (dtype {arr.dtype}); "
            "expected numbers, nested lists of numbers, or an ndarray"
        )
    return arr


# Python numbers beside a float tensor: NumPy already gives PyTorch's dtype (the cheap check
# every operator makes before calling _promote).
_NUMBERS = frozenset({float, int})


def _promote(t: Tensor, other: Any, floating: bool = False) -> tuple[Any, Any]:
    """``t`` and ``other`` converted to PyTorch's result dtype (``floating``: at least the
    default float dtype, as true division needs). Python numbers stay numbers: NumPy keeps
    a tensor's dtype for them once the tensor has the result dtype."""
    kind = type(other)
    if kind is float or kind is int:  # the common case, where NumPy and PyTorch agree
        k = t.array.dtype.kind
        if k == "f" or k == "c" or (kind is int and not floating):
            return t, other
    dt = _dt.result_type(t, other)
    if floating and dt.kind in "biu":
        dt = _dt.get_default_dtype()
    if t.array.dtype != dt:
        t = t.astype(dt)
    if isinstance(other, Tensor):
        return t, other if other.array.dtype == dt else other.astype(dt)
    if isinstance(other, np.ndarray):
        return t, Tensor.constant(other.astype(dt, copy=False))
    return t, other


class Tensor(MethodsMixin, InplaceMixin, ConversionsMixin, ExtraMixin):
    """An n-dimensional array that records the operations applied to it.

    Parameters
    ----------
    data
        An ndarray (copied; its dtype is kept), or numbers / nested lists (floats become the
        default dtype, float32). :func:`minigrad.from_numpy` shares an array instead.
    dtype
        Convert to this dtype.
    requires_grad
        Record operations on this tensor so gradients can flow back to it.
    name
        An optional name, shown in diagrams and error messages.

    Examples
    --------
    >>> import minigrad as mg
    >>> x = mg.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    >>> y = (x * x).sum()
    >>> y.backward()
    >>> x.grad
    tensor([[2., 4.],
            [6., 8.]])
    """

    __slots__ = (
        "__weakref__",
        "_base",
        "_ctx",
        "_hooks",
        "_requires_grad",
        "_retains_grad",
        "_version",
        "array",
        "grad",
        "name",
    )
    # Make ``ndarray <op> Tensor`` call the Tensor's reflected operator.
    __array_priority__ = 1000

    array: np.ndarray
    grad: Tensor | None
    _ctx: Function | None
    _base: Tensor | None  # the tensor whose memory this one views (shares its version changes)
    _hooks: list[Callable[[Tensor], Tensor | None]] | None

    def __init__(
        self,
        data: Any,
        dtype: DTypeLike = None,
        requires_grad: bool = False,
        name: str | None = None,
    ) -> None:
        self.array = _to_array(data, dtype)
        self.grad = None
        self._requires_grad = False
        self._ctx = None
        self._version = 0
        self._base = None
        self._retains_grad = False
        self._hooks = None
        self.name = name
        if requires_grad:
            self.requires_grad = True

    @classmethod
    def constant(cls, array: np.ndarray) -> Tensor:
        """A constant Tensor around the ndarray ``array``: no copy, no checks, no graph.

        The constructor for code inside minigrad (ops, VJPs, optimizers) that already holds an
        array of the right dtype; users call :func:`minigrad.tensor` (which copies) or
        :func:`minigrad.from_numpy` (which shares and checks).
        """
        t = cls.__new__(cls)
        t.array = array
        t.grad = None
        t._requires_grad = False
        t._ctx = None
        t._version = 0
        t._base = None
        t._retains_grad = False
        t._hooks = None
        t.name = None
        return t

    # ----------------------------------------------------------------------------------------
    # Attributes
    # ----------------------------------------------------------------------------------------

    @property
    def requires_grad(self) -> bool:
        """Whether gradients flow to this tensor."""
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, value: bool) -> None:
        if value and self.array.dtype.kind not in "fc":
            raise DTypeError(
                f"only floating-point tensors can require gradients; this tensor has dtype "
                f"{self.array.dtype}. Convert it first, e.g. x.float()"
            )
        if not value and self._ctx is not None:
            raise RuntimeError(
                "you can only change requires_grad flags of leaf variables. If you want to "
                "use a computed variable in a subgraph that doesn't require differentiation "
                "use var_no_grad = var.detach()."
            )
        self._requires_grad = bool(value)

    @property
    def data(self) -> Tensor:
        """This tensor's values as a new tensor outside the graph, sharing memory (PyTorch's
        ``.data``): ``p.data -= lr * p.grad`` updates ``p``. Autograd does not see changes
        made through it (use ``with minigrad.no_grad():`` for tracked in-place updates).
        The ndarray itself is :attr:`array`."""
        return Tensor.constant(self.array)

    @data.setter
    def data(self, value: Tensor) -> None:
        if not isinstance(value, Tensor):
            raise TypeError(
                f"data: expected a Tensor, got {type(value).__name__}; assign an ndarray "
                "to .array instead"
            )
        self.array = value.array

    @property
    def is_leaf(self) -> bool:
        """True if no recorded op created this tensor (its ``.grad`` is filled by backward)."""
        return self._ctx is None

    @property
    def grad_fn(self) -> Function | None:
        """The graph node (a :class:`~minigrad.autograd.Function`) that created this tensor."""
        return self._ctx

    @property
    def shape(self) -> Size:
        """The sizes of the dimensions, a :class:`Size` (a tuple)."""
        return Size(self.array.shape)

    @property
    def size(self) -> SizeOf:
        """Both faces' ``size``: called, PyTorch's ``x.size()`` (the shape as a :class:`Size`)
        or ``x.size(dim)`` (one dimension, an int); used as a number, NumPy's ``x.size`` (the
        number of elements, as :meth:`numel`)."""
        return SizeOf(self.array.shape)

    @property
    def ndim(self) -> int:
        return self.array.ndim

    def dim(self) -> int:
        """The number of dimensions."""
        return self.array.ndim

    ndimension = dim

    def numel(self) -> int:
        """The number of elements."""
        return self.array.size

    nelement = numel

    @property
    def dtype(self) -> np.dtype:
        return self.array.dtype

    @property
    def T(self) -> Tensor:  # noqa: N802 - PyTorch's name
        """The tensor with its dimensions reversed."""
        return _shape.transpose(self)

    @property
    def mT(self) -> Tensor:  # noqa: N802 - PyTorch's name
        """The last two dimensions swapped (a batch of matrices transposed)."""
        if self.array.ndim < 2:
            raise RuntimeError(
                f"tensor.mT is only supported on matrices or batches of matrices. Got "
                f"{self.array.ndim}-D tensor."
            )
        return _shape.swapaxes(self, -2, -1)

    # ----------------------------------------------------------------------------------------
    # Python protocol
    # ----------------------------------------------------------------------------------------

    def __len__(self) -> int:
        if self.array.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return len(self.array)

    def __iter__(self) -> Iterator[Tensor]:
        if self.array.ndim == 0:
            raise TypeError("iteration over a 0-d tensor")
        return iter(_fn.unbind(self, 0))

    def __contains__(self, element: Any) -> bool:
        return bool((self == element).array.any())

    def __array__(self, dtype: DTypeLike = None, copy: bool | None = None) -> np.ndarray:
        if dtype is None or np.dtype(dtype) == self.array.dtype:
            return np.array(self.array) if copy else np.asarray(self.array)
        return self.array.astype(dtype)

    def __bool__(self) -> bool:
        if self.array.size != 1:
            raise ShapeError(
                f"the truth value of a tensor with {self.array.size} elements is ambiguous "
                "(Boolean value of Tensor with more than one value is ambiguous); use .any() "
                "or .all()"
            )
        return bool(self.array)

    def __index__(self) -> int:
        if self.array.size != 1 or self.array.dtype.kind not in "biu":
            raise TypeError("only integer tensors of a single element can be converted to an index")
        return int(self.array.reshape(()))

    def __format__(self, spec: str) -> str:
        if self.array.ndim == 0:
            return self.array.item().__format__(spec)
        return object.__format__(self, spec) if spec else str(self)

    __hash__ = object.__hash__

    def __repr__(self) -> str:
        return _repr.tensor_repr(self)

    # ----------------------------------------------------------------------------------------
    # Autograd
    # ----------------------------------------------------------------------------------------

    def backward(
        self,
        gradient: Any = None,
        retain_graph: bool | None = None,
        create_graph: bool = False,
        inputs: Any = None,
    ) -> None:
        """Accumulate d(self)/d(leaf) into the ``.grad`` of every leaf that requires grad.

        A one-element tensor needs no ``gradient``; any other needs one of its shape. The
        graph's saved arrays are freed afterwards unless ``retain_graph=True``;
        ``create_graph=True`` records the backward pass for higher-order gradients.
        """
        _autograd.backward(self, gradient, retain_graph, create_graph, inputs)

    def detach(self) -> Tensor:
        """A new leaf sharing this tensor's data (and its version counter), outside the graph."""
        t = Tensor.constant(self.array)
        t._base = self if self._base is None else self._base
        return t

    def detach_(self) -> Tensor:
        """Cut this tensor off the graph in place (it becomes a leaf); returns ``self``."""
        self._ctx = None
        self._requires_grad = False
        return self

    def requires_grad_(self, requires_grad: bool = True) -> Tensor:
        """Set ``requires_grad`` in place; returns ``self``."""
        self.requires_grad = requires_grad
        return self

    def retain_grad(self) -> None:
        """Keep this non-leaf tensor's gradient in ``.grad`` after backward."""
        if not self._requires_grad:
            raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
        if self._ctx is not None:
            self._retains_grad = True

    @property
    def retains_grad(self) -> bool:
        """Whether :meth:`retain_grad` was called on this non-leaf tensor."""
        return self._retains_grad

    def register_hook(self, hook: Callable[[Tensor], Tensor | None]) -> Callable[[], None]:
        """Call ``hook(grad)`` when this tensor's gradient is computed; a returned Tensor
        replaces the gradient. Returns a function that removes the hook."""
        if not self._requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        if self._hooks is None:
            self._hooks = []
        self._hooks.append(hook)
        return lambda: self._hooks.remove(hook)  # type: ignore[union-attr]

    def _bump_version(self) -> None:
        """The one place a tensor's version counter moves (an in-place change); a VJP that
        saved this tensor, or a view of the same memory, notices it."""
        self._version += 1
        if self._base is not None:
            self._base._version += 1

    # ----------------------------------------------------------------------------------------
    # Operators, with PyTorch's type promotion (see _promote)
    # ----------------------------------------------------------------------------------------

    def __add__(self, other: Any) -> Tensor:
        if (type(other) is not Tensor or other.array.dtype is not self.array.dtype) and (
            type(other) not in _NUMBERS or self.array.dtype.kind != "f"
        ):
            self, other = _promote(self, other)
        return _ew.add(self, other)

    def __radd__(self, other: Any) -> Tensor:
        if type(other) not in _NUMBERS or self.array.dtype.kind != "f":
            self, other = _promote(self, other)
        return _ew.add(other, self)

    def __sub__(self, other: Any) -> Tensor:
        if (type(other) is not Tensor or other.array.dtype is not self.array.dtype) and (
            type(other) not in _NUMBERS or self.array.dtype.kind != "f"
        ):
            self, other = _promote(self, other)
        return _ew.subtract(self, other)

    def __rsub__(self, other: Any) -> Tensor:
        if type(other) not in _NUMBERS or self.array.dtype.kind != "f":
            self, other = _promote(self, other)
        return _ew.subtract(other, self)

    def __mul__(self, other: Any) -> Tensor:
        if (type(other) is not Tensor or other.array.dtype is not self.array.dtype) and (
            type(other) not in _NUMBERS or self.array.dtype.kind != "f"
        ):
            self, other = _promote(self, other)
        return _ew.multiply(self, other)

    def __rmul__(self, other: Any) -> Tensor:
        if type(other) not in _NUMBERS or self.array.dtype.kind != "f":
            self, other = _promote(self, other)
        return _ew.multiply(other, self)

    def __truediv__(self, other: Any) -> Tensor:
        if self.array.dtype.kind != "f" or (
            type(other) not in _NUMBERS
            and (type(other) is not Tensor or other.array.dtype is not self.array.dtype)
        ):
            self, other = _promote(self, other, floating=True)
        return _ew.divide(self, other)

    def __rtruediv__(self, other: Any) -> Tensor:
        if type(other) not in _NUMBERS or self.array.dtype.kind != "f":
            self, other = _promote(self, other, floating=True)
        return _ew.divide(other, self)

    def __pow__(self, other: Any) -> Tensor:
        if (type(other) is not Tensor or other.array.dtype is not self.array.dtype) and (
            type(other) not in _NUMBERS or self.array.dtype.kind != "f"
        ):
            self, other = _promote(self, other)
        return _ew.power(self, other)

    def __rpow__(self, other: Any) -> Tensor:
        if type(other) not in _NUMBERS or self.array.dtype.kind != "f":
            self, other = _promote(self, other)
        return _ew.power(other, self)

    def __floordiv__(self, other: Any) -> Tensor:
        return _fn.floor_divide(self, other)

    def __rfloordiv__(self, other: Any) -> Tensor:
        return _fn.floor_divide(other, self)

    def __mod__(self, other: Any) -> Tensor:
        return _fn.remainder(self, other)

    def __rmod__(self, other: Any) -> Tensor:
        return _fn.remainder(other, self)

    def __matmul__(self, other: Any) -> Tensor:
        return _linalg.matmul(self, other)

    def __rmatmul__(self, other: Any) -> Tensor:
        return _linalg.matmul(other, self)

    def __neg__(self) -> Tensor:
        return _ew.negative(self)

    def __pos__(self) -> Tensor:
        return self

    def __abs__(self) -> Tensor:
        return _ew.abs(self)

    def __eq__(self, other: Any) -> Any:  # type: ignore[override]
        return False if other is None else _ew.equal(self, other)

    def __ne__(self, other: Any) -> Any:  # type: ignore[override]
        return True if other is None else _ew.not_equal(self, other)

    def __lt__(self, other: Any) -> Tensor:
        return _ew.less(self, other)

    def __le__(self, other: Any) -> Tensor:
        return _ew.less_equal(self, other)

    def __gt__(self, other: Any) -> Tensor:
        return _ew.greater(self, other)

    def __ge__(self, other: Any) -> Tensor:
        return _ew.greater_equal(self, other)

    def __invert__(self) -> Tensor:
        return _fn.bitwise_not(self)

    def __and__(self, other: Any) -> Tensor:
        return _fn.bitwise_and(self, other)

    def __rand__(self, other: Any) -> Tensor:
        return _fn.bitwise_and(other, self)

    def __or__(self, other: Any) -> Tensor:
        return _fn.bitwise_or(self, other)

    def __ror__(self, other: Any) -> Tensor:
        return _fn.bitwise_or(other, self)

    def __xor__(self, other: Any) -> Tensor:
        return _fn.bitwise_xor(self, other)

    def __rxor__(self, other: Any) -> Tensor:
        return _fn.bitwise_xor(other, self)

    def __getitem__(self, index: Any) -> Tensor:
        return _indexing.getitem(self, index)

    def __round__(self, ndigits: int | None = None) -> Any:
        return _fn.round(self, decimals=ndigits or 0)

    # ----------------------------------------------------------------------------------------
    # Reductions (torch-reduce's block)
    # ----------------------------------------------------------------------------------------

    def sum_to(self, shape: Sequence[int]) -> Tensor:
        """Sum over the broadcast axes so the result has ``shape`` (undoes broadcasting)."""
        return _reduce.sum_to(self, shape)

    # The reductions speak PyTorch (``dim``, ``keepdim``; NumPy's ``axis``/``keepdims`` as
    # aliases); minigrad.reductions translates and calls the ops. More at the end of the class.

    def sum(
        self,
        dim: Any = None,
        keepdim: bool = False,
        *,
        dtype: Any = None,
        axis: Any = None,
        keepdims: Any = None,
    ) -> Tensor:
        return _torch_red.sum(self, dim, keepdim, dtype=dtype, axis=axis, keepdims=keepdims)

    def mean(
        self,
        dim: Any = None,
        keepdim: bool = False,
        *,
        dtype: Any = None,
        axis: Any = None,
        keepdims: Any = None,
    ) -> Tensor:
        return _torch_red.mean(self, dim, keepdim, dtype=dtype, axis=axis, keepdims=keepdims)

    def var(
        self,
        dim: Any = None,
        unbiased: Any = None,
        keepdim: bool = False,
        *,
        correction: Any = None,
        axis: Any = None,
        keepdims: Any = None,
    ) -> Tensor:
        return _torch_red.var(
            self, dim, unbiased, keepdim, correction=correction, axis=axis, keepdims=keepdims
        )

    def std(
        self,
        dim: Any = None,
        unbiased: Any = None,
        keepdim: bool = False,
        *,
        correction: Any = None,
        axis: Any = None,
        keepdims: Any = None,
    ) -> Tensor:
        return _torch_red.std(
            self, dim, unbiased, keepdim, correction=correction, axis=axis, keepdims=keepdims
        )

    def max(
        self, dim: Any = None, keepdim: bool = False, *, axis: Any = None, keepdims: Any = None
    ) -> Any:
        return _torch_red.max(self, dim, keepdim, axis=axis, keepdims=keepdims)

    def min(
        self, dim: Any = None, keepdim: bool = False, *, axis: Any = None, keepdims: Any = None
    ) -> Any:
        return _torch_red.min(self, dim, keepdim, axis=axis, keepdims=keepdims)

    def logsumexp(
        self, dim: Any = None, keepdim: bool = False, *, axis: Any = None, keepdims: Any = None
    ) -> Tensor:
        return _torch_red.logsumexp(self, dim, keepdim, axis=axis, keepdims=keepdims)

    def argmax(
        self, dim: Any = None, keepdim: bool = False, *, axis: Any = None, keepdims: Any = None
    ) -> Tensor:
        return _torch_red.argmax(self, dim, keepdim, axis=axis, keepdims=keepdims)

    def argmin(
        self, dim: Any = None, keepdim: bool = False, *, axis: Any = None, keepdims: Any = None
    ) -> Tensor:
        return _torch_red.argmin(self, dim, keepdim, axis=axis, keepdims=keepdims)

    def any(
        self, dim: Any = None, keepdim: bool = False, *, axis: Any = None, keepdims: Any = None
    ) -> Tensor:
        return _torch_red.any(self, dim, keepdim, axis=axis, keepdims=keepdims)

    def all(
        self, dim: Any = None, keepdim: bool = False, *, axis: Any = None, keepdims: Any = None
    ) -> Tensor:
        return _torch_red.all(self, dim, keepdim, axis=axis, keepdims=keepdims)

    # ----------------------------------------------------------------------------------------
    # More reductions, scans and sorts (PyTorch's names and arguments; see minigrad.reductions)
    # ----------------------------------------------------------------------------------------

    def prod(
        self,
        dim: Any = None,
        keepdim: bool = False,
        *,
        dtype: Any = None,
        axis: Any = None,
        keepdims: Any = None,
    ) -> Tensor:
        return _torch_red.prod(self, dim, keepdim, dtype=dtype, axis=axis, keepdims=keepdims)

    def nansum(
        self,
        dim: Any = None,
        keepdim: bool = False,
        *,
        dtype: Any = None,
        axis: Any = None,
        keepdims: Any = None,
    ) -> Tensor:
        return _torch_red.nansum(self, dim, keepdim, dtype=dtype, axis=axis, keepdims=keepdims)

    def nanmean(
        self,
        dim: Any = None,
        keepdim: bool = False,
        *,
        dtype: Any = None,
        axis: Any = None,
        keepdims: Any = None,
    ) -> Tensor:
        return _torch_red.nanmean(self, dim, keepdim, dtype=dtype, axis=axis, keepdims=keepdims)

    def amax(
        self, dim: Any = (), keepdim: bool = False, *, axis: Any = None, keepdims: Any = None
    ) -> Tensor:
        return _torch_red.amax(self, dim, keepdim, axis=axis, keepdims=keepdims)

    def amin(
        self, dim: Any = (), keepdim: bool = False, *, axis: Any = None, keepdims: Any = None
    ) -> Tensor:
        return _torch_red.amin(self, dim, keepdim, axis=axis, keepdims=keepdims)

    def aminmax(self, *, dim: Any = None, keepdim: bool = False) -> Any:
        return _torch_red.aminmax(self, dim=dim, keepdim=keepdim)

    def norm(
        self, p: Any = "fro", dim: Any = None, keepdim: bool = False, dtype: Any = None
    ) -> Tensor:
        return _torch_red.norm(self, p, dim, keepdim, dtype)

    def count_nonzero(self, dim: Any = None) -> Tensor:
        return _torch_red.count_nonzero(self, dim)

    def cumsum(self, dim: Any = None, *, dtype: Any = None, axis: Any = None) -> Tensor:
        return _torch_red.cumsum(self, dim, dtype=dtype, axis=axis)

    def cumprod(self, dim: Any = None, *, dtype: Any = None, axis: Any = None) -> Tensor:
        return _torch_red.cumprod(self, dim, dtype=dtype, axis=axis)

    def logcumsumexp(self, dim: Any = None) -> Tensor:
        return _torch_red.logcumsumexp(self, dim)

    def cummax(self, dim: Any = None) -> Any:
        return _torch_red.cummax(self, dim)

    def cummin(self, dim: Any = None) -> Any:
        return _torch_red.cummin(self, dim)

    def diff(self, n: int = 1, dim: int = -1, prepend: Any = None, append: Any = None) -> Tensor:
        return _torch_red.diff(self, n, dim, prepend, append)

    def sort(
        self, dim: int = -1, descending: bool = False, *, stable: bool = False, axis: Any = None
    ) -> Any:
        return _torch_red.sort(self, dim, descending, stable=stable, axis=axis)

    def argsort(
        self, dim: int = -1, descending: bool = False, *, stable: bool = False, axis: Any = None
    ) -> Tensor:
        return _torch_red.argsort(self, dim, descending, stable=stable, axis=axis)

    def msort(self) -> Tensor:
        return _torch_red.msort(self)

    def topk(
        self,
        k: int,
        dim: int = -1,
        largest: bool = True,
        sorted: bool = True,  # noqa: A002 - PyTorch's name
        *,
        axis: Any = None,
    ) -> Any:
        return _torch_red.topk(self, k, dim, largest, sorted, axis=axis)

    def kthvalue(
        self,
        k: int,
        dim: int = -1,
        keepdim: bool = False,
        *,
        axis: Any = None,
        keepdims: Any = None,
    ) -> Any:
        return _torch_red.kthvalue(self, k, dim, keepdim, axis=axis, keepdims=keepdims)

    def median(
        self, dim: Any = None, keepdim: bool = False, *, axis: Any = None, keepdims: Any = None
    ) -> Any:
        return _torch_red.median(self, dim, keepdim, axis=axis, keepdims=keepdims)

    def mode(self, dim: int = -1, keepdim: bool = False) -> Any:
        return _torch_red.mode(self, dim, keepdim)

    # NumPy's dispatch protocols (NEP 13, NEP 18): numpy.exp(t), ndarray + t, numpy.sum(t)...
    # run minigrad's ops; the logic lives in minigrad.numpy.dispatch.
    def __array_ufunc__(self, ufunc: Any, method: str, *inputs: Any, **kwargs: Any) -> Any:
        from .numpy.dispatch import array_ufunc

        return array_ufunc(ufunc, method, inputs, kwargs)

    def __array_function__(self, func: Any, types: Any, args: Any, kwargs: Any) -> Any:
        from .numpy.dispatch import array_function

        return array_function(func, types, args, kwargs)


# The ops import Tensor from this module, so they are imported last (a deliberate cycle).
from . import _repr  # noqa: E402
from . import autograd as _autograd  # noqa: E402
from . import creation as _creation  # noqa: E402, F401 - the in-place mixin draws from it
from . import functions as _fn  # noqa: E402
from . import reductions as _torch_red  # noqa: E402
from .ops import elementwise as _ew  # noqa: E402
from .ops import indexing as _indexing  # noqa: E402
from .ops import linalg as _linalg  # noqa: E402
from .ops import reduce as _reduce  # noqa: E402
from .ops import shape as _shape  # noqa: E402
