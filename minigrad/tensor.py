"""The Tensor: one NumPy array plus what autograd needs to differentiate through it.

Tensor methods are thin: each calls the op (``minigrad.ops``) or the PyTorch-face function
(``minigrad.functions``) of the same name, where the work, the argument checks and the VJP
live.

Mixins keep this file to the core (storage, shape attributes, autograd):
:mod:`minigrad._tensor_operators` (the Python operators, with PyTorch's type promotion),
:mod:`minigrad._tensor_reductions` (reductions, scans, sorts), :mod:`minigrad._tensor_methods`
(the other math, comparison, shape and indexing methods), :mod:`minigrad._tensor_inplace`
(every in-place method and the rules they share) and :mod:`minigrad._tensor_conversions`
(dtype/device conversions, ``new_*``, Python numbers). The creation functions live in
:mod:`minigrad.creation`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import numpy as np

from . import dtypes as _dt
from ._size import Size, SizeOf
from ._tensor_conversions import ConversionsMixin
from ._tensor_extra import ExtraMixin
from ._tensor_inplace import InplaceMixin
from ._tensor_methods import MethodsMixin
from ._tensor_operators import OperatorsMixin
from ._tensor_reductions import ReductionsMixin
from .dtypes import bool_, float32, float64, int64
from .errors import DTypeError, ShapeError

if TYPE_CHECKING:
    from .autograd import Function

__all__ = ["Size", "Tensor", "bool_", "float32", "float64", "int64"]

DTypeLike = Any


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


class Tensor(
    OperatorsMixin, ReductionsMixin, MethodsMixin, InplaceMixin, ConversionsMixin, ExtraMixin
):
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

    # NumPy's dispatch protocols (NEP 13, NEP 18): numpy.exp(t), ndarray + t, numpy.sum(t)...
    # run minigrad's ops; the logic lives in minigrad.numpy.dispatch.
    def __array_ufunc__(self, ufunc: Any, method: str, *inputs: Any, **kwargs: Any) -> Any:
        from .numpy.dispatch import array_ufunc

        return array_ufunc(ufunc, method, inputs, kwargs)

    def __array_function__(self, func: Any, types: Any, args: Any, kwargs: Any) -> Any:
        from .numpy.dispatch import array_function

        return array_function(func, types, args, kwargs)


# The ops import Tensor from this module, so they are imported last (a deliberate cycle). The
# mixins reach them through these names (``_t._ew``...), hence the F401s.
from . import _repr  # noqa: E402
from . import autograd as _autograd  # noqa: E402
from . import creation as _creation  # noqa: E402, F401
from . import functions as _fn  # noqa: E402
from . import reductions as _torch_red  # noqa: E402, F401
from .ops import elementwise as _ew  # noqa: E402, F401
from .ops import indexing as _indexing  # noqa: E402, F401
from .ops import linalg as _linalg  # noqa: E402, F401
from .ops import reduce as _reduce  # noqa: E402, F401
from .ops import shape as _shape  # noqa: E402
