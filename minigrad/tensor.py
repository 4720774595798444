"""The Tensor: one NumPy array plus what autograd needs to differentiate through it.

Tensor methods are thin: each calls the op of the same name in ``minigrad.ops``, where its
forward and its VJP live side by side. The dtype names (``float32``, ...) live here; the
creation functions (``tensor``, ``zeros``, ``randn``...) and the random seed live in
``minigrad.creation``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from .autograd import Function

DTypeLike = Any

float32 = np.dtype(np.float32)
float64 = np.dtype(np.float64)
int64 = np.dtype(np.int64)
bool_ = np.dtype(np.bool_)


def _to_array(data: Any, dtype: DTypeLike = None) -> np.ndarray:
    """Python floats and lists of floats become float32; arrays keep their dtype."""
    if isinstance(data, Tensor):
        data = data.array
    if dtype is not None:
        return np.asarray(data, dtype=dtype)
    if isinstance(data, (np.ndarray, np.generic)):
        arr = np.asarray(data)
    else:
        try:
            arr = np.asarray(data)
        except ValueError as e:  # ragged nested lists
            raise ValueError(
                f"tensor: cannot make a tensor from {type(data).__name__}: {e}"
            ) from None
        if arr.dtype == np.float64:
            arr = arr.astype(np.float32)
    # Object and string arrays would fail later, deep inside some op, with NumPy's message.
    if arr.dtype.kind not in "biufc":
        raise TypeError(
            f"tensor: cannot make a tensor from {type(data).__name__} (dtype {arr.dtype}); "
            "expected numbers, nested lists of numbers, or an ndarray"
        )
    return arr


class Tensor:
    """An n-dimensional array that records the operations applied to it.

    Parameters
    ----------
    data
        An ndarray (its dtype is kept), or numbers / nested lists (floats become float32).
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
            [6., 8.]], dtype=float32)
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
            raise TypeError(
                f"only floating-point tensors can require gradients; this tensor has dtype "
                f"{self.array.dtype}. Convert it first, e.g. x.astype('float32')"
            )
        if not value and self._ctx is not None:
            raise RuntimeError(
                "requires_grad=False can only be set on leaf tensors; use detach() instead"
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
    def shape(self) -> tuple[int, ...]:
        return self.array.shape

    @property
    def ndim(self) -> int:
        return self.array.ndim

    @property
    def size(self) -> int:
        return self.array.size

    @property
    def dtype(self) -> np.dtype:
        return self.array.dtype

    @property
    def T(self) -> Tensor:  # noqa: N802 - NumPy's name
        """The tensor with its axes reversed."""
        return _shape.transpose(self)

    def __len__(self) -> int:
        if self.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return len(self.array)

    def numpy(self) -> np.ndarray:
        """The underlying array (shared, not copied)."""
        return self.array

    def __array__(self, dtype: DTypeLike = None, copy: bool | None = None) -> np.ndarray:
        if dtype is None or np.dtype(dtype) == self.array.dtype:
            return np.array(self.array) if copy else np.asarray(self.array)
        return self.array.astype(dtype)

    def item(self) -> Any:
        """The value of a one-element tensor as a Python number."""
        if self.array.size != 1:
            raise ValueError(f"item: the tensor has {self.array.size} elements, not 1")
        return self.array.item()

    def tolist(self) -> Any:
        return self.array.tolist()

    def __float__(self) -> float:
        return float(self.item())

    def __int__(self) -> int:
        return int(self.item())

    def __bool__(self) -> bool:
        if self.array.size != 1:
            raise ValueError(
                f"the truth value of a tensor with {self.array.size} elements is ambiguous; "
                "use .any() or .all()"
            )
        return bool(self.array)

    __hash__ = object.__hash__

    def __repr__(self) -> str:
        body = np.array2string(self.array, separator=", ", prefix="tensor(")
        extra = f"dtype={self.array.dtype}"
        if self._ctx is not None:
            extra += f", op={self._ctx.name}"
        elif self._requires_grad:
            extra += ", requires_grad=True"
        if self.name:
            extra += f", name={self.name!r}"
        return f"tensor({body}, {extra})"

    # ----------------------------------------------------------------------------------------
    # Autograd
    # ----------------------------------------------------------------------------------------

    def backward(
        self,
        gradient: Any = None,
        retain_graph: bool | None = None,
        create_graph: bool = False,
    ) -> None:
        """Accumulate d(self)/d(leaf) into the ``.grad`` of every leaf that requires grad.

        A one-element tensor needs no ``gradient``; any other needs one of its shape. The
        graph's saved arrays are freed afterwards unless ``retain_graph=True``;
        ``create_graph=True`` records the backward pass for higher-order gradients.
        """
        _autograd.backward(self, gradient, retain_graph, create_graph)

    def detach(self) -> Tensor:
        """A new leaf sharing this tensor's data, cut off from the graph."""
        return Tensor.constant(self.array)

    def requires_grad_(self, requires_grad: bool = True) -> Tensor:
        """Set ``requires_grad`` in place; returns ``self``."""
        self.requires_grad = requires_grad
        return self

    def retain_grad(self) -> None:
        """Keep this non-leaf tensor's gradient in ``.grad`` after backward."""
        if not self._requires_grad:
            raise RuntimeError("retain_grad: the tensor does not require grad")
        self._retains_grad = True

    def register_hook(self, hook: Callable[[Tensor], Tensor | None]) -> Callable[[], None]:
        """Call ``hook(grad)`` when this tensor's gradient is computed; a returned Tensor
        replaces the gradient. Returns a function that removes the hook."""
        if not self._requires_grad:
            raise RuntimeError("register_hook: the tensor does not require grad")
        if self._hooks is None:
            self._hooks = []
        self._hooks.append(hook)
        return lambda: self._hooks.remove(hook)  # type: ignore[union-attr]

    # ----------------------------------------------------------------------------------------
    # In-place updates (parameters, buffers). They record no graph and bump the version
    # counter, so a VJP that saved this tensor notices the change.
    # ----------------------------------------------------------------------------------------

    def _check_inplace(self, op: str) -> None:
        if self._requires_grad and _autograd.is_grad_enabled():
            raise RuntimeError(
                f"{op}: in-place change of a tensor that requires grad while recording the "
                "graph; wrap it in minigrad.no_grad() (e.g. for a parameter update)"
            )

    def _bump_version(self) -> None:
        self._version += 1
        if self._base is not None:
            self._base._version += 1

    def _set(self, op: str, value: np.ndarray) -> Tensor:
        self._check_inplace(op)
        self.array[...] = value
        self._bump_version()
        return self

    def copy_(self, src: Any) -> Tensor:
        """Copy ``src`` (broadcast) into this tensor."""
        src = np.asarray(src.array if isinstance(src, Tensor) else src)
        try:
            np.broadcast_to(src, self.shape)
        except ValueError:
            raise ValueError(f"copy_: cannot broadcast {src.shape} to {self.shape}") from None
        return self._set("copy_", src)

    def zero_(self) -> Tensor:
        """Fill with zeros."""
        return self._set("zero_", np.zeros((), self.dtype))

    def fill_(self, value: float) -> Tensor:
        """Fill with ``value``."""
        return self._set("fill_", np.asarray(value, self.dtype))

    def add_(self, other: Any, alpha: float = 1.0) -> Tensor:
        """``self += alpha * other``."""
        other = other.array if isinstance(other, Tensor) else other
        return self._set("add_", self.array + alpha * other if alpha != 1 else self.array + other)

    def mul_(self, other: Any) -> Tensor:
        """``self *= other``."""
        return self._set("mul_", self.array * (other.array if isinstance(other, Tensor) else other))

    def __setitem__(self, index: Any, value: Any) -> None:
        self._check_inplace("__setitem__")
        try:
            self.array[_indexing.index_to_numpy(index)] = (
                value.array if isinstance(value, Tensor) else value
            )
        except (IndexError, ValueError, TypeError) as e:
            kind = next(k for k in (IndexError, ValueError, TypeError) if isinstance(e, k))
            raise kind(f"__setitem__: {e} (tensor shape {self.shape})") from None
        self._bump_version()

    # ----------------------------------------------------------------------------------------
    # Operators and methods: each one line, calling the op.
    # ----------------------------------------------------------------------------------------

    def __add__(self, other: Any) -> Tensor:
        return _ew.add(self, other)

    def __radd__(self, other: Any) -> Tensor:
        return _ew.add(other, self)

    def __sub__(self, other: Any) -> Tensor:
        return _ew.subtract(self, other)

    def __rsub__(self, other: Any) -> Tensor:
        return _ew.subtract(other, self)

    def __mul__(self, other: Any) -> Tensor:
        return _ew.multiply(self, other)

    def __rmul__(self, other: Any) -> Tensor:
        return _ew.multiply(other, self)

    def __truediv__(self, other: Any) -> Tensor:
        return _ew.divide(self, other)

    def __rtruediv__(self, other: Any) -> Tensor:
        return _ew.divide(other, self)

    def __pow__(self, other: Any) -> Tensor:
        return _ew.power(self, other)

    def __rpow__(self, other: Any) -> Tensor:
        return _ew.power(other, self)

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

    def __eq__(self, other: Any) -> Tensor:  # type: ignore[override]
        return _ew.equal(self, other)

    def __ne__(self, other: Any) -> Tensor:  # type: ignore[override]
        return _ew.not_equal(self, other)

    def __lt__(self, other: Any) -> Tensor:
        return _ew.less(self, other)

    def __le__(self, other: Any) -> Tensor:
        return _ew.less_equal(self, other)

    def __gt__(self, other: Any) -> Tensor:
        return _ew.greater(self, other)

    def __ge__(self, other: Any) -> Tensor:
        return _ew.greater_equal(self, other)

    def __invert__(self) -> Tensor:
        return _ew.logical_not(self)

    def __and__(self, other: Any) -> Tensor:
        return _ew.logical_and(self, other)

    def __or__(self, other: Any) -> Tensor:
        return _ew.logical_or(self, other)

    def __getitem__(self, index: Any) -> Tensor:
        return _indexing.getitem(self, index)

    def astype(self, dtype: DTypeLike) -> Tensor:
        """A copy converted to ``dtype`` (differentiable between float dtypes)."""
        return _ew.astype(self, dtype)

    def exp(self) -> Tensor:
        return _ew.exp(self)

    def log(self) -> Tensor:
        return _ew.log(self)

    def sqrt(self) -> Tensor:
        return _ew.sqrt(self)

    def abs(self) -> Tensor:
        return _ew.abs(self)

    def sin(self) -> Tensor:
        return _ew.sin(self)

    def cos(self) -> Tensor:
        return _ew.cos(self)

    def tanh(self) -> Tensor:
        return _ew.tanh(self)

    def sigmoid(self) -> Tensor:
        return _ew.sigmoid(self)

    def relu(self) -> Tensor:
        return _ew.relu(self)

    def clip(self, min: Any = None, max: Any = None) -> Tensor:  # noqa: A002 - NumPy's names
        return _ew.clip(self, min, max)

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

    def reshape(self, *shape: Any) -> Tensor:
        return _shape.reshape(self, shape[0] if len(shape) == 1 else shape)

    def view(self, *shape: Any) -> Tensor:
        """PyTorch's name for :meth:`reshape`."""
        return self.reshape(*shape)

    def transpose(self, *axes: Any) -> Tensor:
        return _shape.transpose(self, (axes[0] if len(axes) == 1 else axes) or None)

    def permute(self, *dims: Any) -> Tensor:
        return _shape.transpose(self, dims[0] if len(dims) == 1 else dims)

    def swapaxes(self, axis1: int, axis2: int) -> Tensor:
        return _shape.swapaxes(self, axis1, axis2)

    def squeeze(self, axis: Any = None) -> Tensor:
        return _shape.squeeze(self, axis)

    def expand_dims(self, axis: Any) -> Tensor:
        return _shape.expand_dims(self, axis)

    def unsqueeze(self, dim: int) -> Tensor:
        """PyTorch's name for :meth:`expand_dims`."""
        return _shape.expand_dims(self, dim)

    def flatten(self, start_dim: int = 0, end_dim: int = -1) -> Tensor:
        return _shape.flatten(self, start_dim, end_dim)

    def broadcast_to(self, shape: Sequence[int]) -> Tensor:
        return _shape.broadcast_to(self, shape)

    def flip(self, axis: Any = None) -> Tensor:
        return _shape.flip(self, axis)

    def matmul(self, other: Any) -> Tensor:
        return _linalg.matmul(self, other)

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
from . import autograd as _autograd  # noqa: E402
from . import reductions as _torch_red  # noqa: E402
from .ops import elementwise as _ew  # noqa: E402
from .ops import indexing as _indexing  # noqa: E402
from .ops import linalg as _linalg  # noqa: E402
from .ops import reduce as _reduce  # noqa: E402
from .ops import shape as _shape  # noqa: E402
