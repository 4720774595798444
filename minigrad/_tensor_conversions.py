"""The Tensor's conversions: dtype (``float()``, ``long()``, ``to(dtype)``, ``type``), device
(``to(device)``, ``cpu()``, ``device``), to Python and NumPy (``item``, ``tolist``,
``numpy``, ``float(t)``), and new tensors like this one (``new_zeros``...).

A mixin of :class:`~minigrad.tensor.Tensor`; ``_t`` is ``minigrad.tensor`` (see
``minigrad._tensor_methods`` for why).
"""

from __future__ import annotations

import builtins
from typing import TYPE_CHECKING, Any

import numpy as np

import minigrad.tensor as _t

from . import devices as _devices
from . import dtypes as _dt
from .errors import ShapeError

if TYPE_CHECKING:
    from .tensor import Tensor

# PyTorch's legacy type names, for ``t.type()`` and ``t.type("torch.FloatTensor")``.
_TYPE_NAMES = {
    _dt.float32: "torch.FloatTensor",
    _dt.float64: "torch.DoubleTensor",
    _dt.float16: "torch.HalfTensor",
    _dt.int64: "torch.LongTensor",
    _dt.int32: "torch.IntTensor",
    _dt.int16: "torch.ShortTensor",
    _dt.int8: "torch.CharTensor",
    _dt.uint8: "torch.ByteTensor",
    _dt.bool_: "torch.BoolTensor",
}
_BY_TYPE_NAME = {name: dt for dt, name in _TYPE_NAMES.items()}


def _parse_to(args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, Any]:
    """The (device, dtype) a ``to(...)`` call asks for: ``to(dtype)``, ``to(device)``,
    ``to(device, dtype)``, ``to(other)``, or the keywords ``device=``/``dtype=``."""
    device, dtype = kwargs.pop("device", None), kwargs.pop("dtype", None)
    kwargs.pop("non_blocking", None)
    kwargs.pop("copy", None)
    kwargs.pop("memory_format", None)
    if kwargs:
        raise TypeError(f"to() got an unexpected keyword argument {next(iter(kwargs))!r}")
    for a in args:
        if isinstance(a, _t.Tensor):
            device, dtype = a.device, a.dtype
        elif isinstance(a, (str, _devices.device)) or (
            isinstance(a, builtins.int) and not isinstance(a, builtins.bool)
        ):
            device = a
        elif isinstance(a, builtins.bool):  # to(dtype, non_blocking, copy) positional flags
            continue
        else:
            dtype = a
    return device, dtype


class ConversionsMixin:
    """Conversions of :class:`~minigrad.tensor.Tensor` (see the module docstring)."""

    __slots__ = ()

    # Device

    @property
    def device(self: Tensor) -> _devices.device:  # type: ignore[misc]
        """Where the tensor's data lives (always the CPU today)."""
        return _devices.CPU

    @property
    def is_cuda(self: Tensor) -> bool:  # type: ignore[misc]
        return False

    def get_device(self: Tensor) -> int:  # type: ignore[misc]
        """-1: the tensor is on the CPU (PyTorch's convention)."""
        return -1

    def cpu(self: Tensor) -> Tensor:  # type: ignore[misc]
        return self

    def cuda(self: Tensor, device: Any = None, non_blocking: bool = False) -> Tensor:  # type: ignore[misc]
        _devices.resolve("cuda" if device is None else device, "cuda")
        return self

    def pin_memory(self: Tensor) -> Tensor:  # type: ignore[misc]
        """This tensor (pinning matters only for GPU copies)."""
        return self

    def share_memory_(self: Tensor) -> Tensor:  # type: ignore[misc]
        """This tensor (NumPy memory is shared with worker threads as it is)."""
        return self

    def to(self: Tensor, *args: Any, **kwargs: Any) -> Tensor:  # type: ignore[misc]
        """This tensor on a device and/or with a dtype: ``to(dtype)``, ``to("cpu")``,
        ``to(device, dtype)``, ``to(other)``. Returns ``self`` when nothing changes."""
        device, dtype = _parse_to(args, kwargs)
        _devices.resolve(device, "to")
        if dtype is None:
            return self
        return self._convert(_dt.as_dtype(dtype, "to"))

    def _convert(self: Tensor, dtype: np.dtype) -> Tensor:  # type: ignore[misc]
        if self.array.dtype == dtype:
            return self
        return self.astype(dtype)

    # dtype

    def float(self: Tensor) -> Tensor:  # type: ignore[misc]
        return self._convert(_dt.float32)

    def double(self: Tensor) -> Tensor:  # type: ignore[misc]
        return self._convert(_dt.float64)

    def half(self: Tensor) -> Tensor:  # type: ignore[misc]
        return self._convert(_dt.float16)

    def long(self: Tensor) -> Tensor:  # type: ignore[misc]
        return self._convert(_dt.int64)

    def int(self: Tensor) -> Tensor:  # type: ignore[misc]
        return self._convert(_dt.int32)

    def short(self: Tensor) -> Tensor:  # type: ignore[misc]
        return self._convert(_dt.int16)

    def char(self: Tensor) -> Tensor:  # type: ignore[misc]
        return self._convert(_dt.int8)

    def byte(self: Tensor) -> Tensor:  # type: ignore[misc]
        return self._convert(_dt.uint8)

    def bool(self: Tensor) -> Tensor:  # type: ignore[misc]
        return self._convert(_dt.bool_)

    def bfloat16(self: Tensor) -> Tensor:  # type: ignore[misc]
        raise TypeError(f"bfloat16: {_dt.UNSUPPORTED['bfloat16']}")

    def type(self: Tensor, dtype: Any = None, non_blocking: builtins.bool = False) -> Any:  # type: ignore[misc]
        """With no argument, PyTorch's type name (``"torch.FloatTensor"``); else this tensor
        converted to ``dtype`` (a dtype or such a name)."""
        if dtype is None:
            return _TYPE_NAMES.get(self.array.dtype, f"torch.{self.array.dtype}")
        if isinstance(dtype, str) and dtype in _BY_TYPE_NAME:
            dtype = _BY_TYPE_NAME[dtype]
        return self._convert(_dt.as_dtype(dtype, "type"))

    def type_as(self: Tensor, other: Tensor) -> Tensor:  # type: ignore[misc]
        return self._convert(other.array.dtype)

    def is_floating_point(self: Tensor) -> builtins.bool:  # type: ignore[misc]
        return self.array.dtype.kind == "f"

    def is_complex(self: Tensor) -> builtins.bool:  # type: ignore[misc]
        return self.array.dtype.kind == "c"

    def element_size(self: Tensor) -> builtins.int:  # type: ignore[misc]
        """Bytes per element."""
        return self.array.itemsize

    @property
    def itemsize(self: Tensor) -> builtins.int:  # type: ignore[misc]
        return self.array.itemsize

    @property
    def nbytes(self: Tensor) -> builtins.int:  # type: ignore[misc]
        return self.array.nbytes

    # Python and NumPy

    def numpy(self: Tensor, force: builtins.bool = False) -> np.ndarray:  # type: ignore[misc]
        """The underlying array (shared, not copied). Unlike PyTorch, a tensor that requires
        grad is not refused: the array is outside the graph either way."""
        return self.array

    def item(self: Tensor) -> Any:  # type: ignore[misc]
        """The value of a one-element tensor as a Python number."""
        if self.array.size != 1:
            raise ShapeError(
                f"item: the tensor has {self.array.size} elements, not 1 (a Tensor with "
                f"{self.array.size} elements cannot be converted to Scalar)"
            )
        return self.array.item()

    def tolist(self: Tensor) -> Any:  # type: ignore[misc]
        return self.array.tolist()

    def __float__(self: Tensor) -> builtins.float:  # type: ignore[misc]
        return builtins.float(self.item())

    def __int__(self: Tensor) -> builtins.int:  # type: ignore[misc]
        return builtins.int(self.item())

    def __complex__(self: Tensor) -> complex:  # type: ignore[misc]
        return complex(self.item())

    # New tensors with this one's dtype (and device)

    def _new(self: Tensor, array: np.ndarray, requires_grad: builtins.bool) -> Tensor:  # type: ignore[misc]
        t = _t.Tensor.constant(array)
        if requires_grad:
            t.requires_grad = True
        return t

    def _new_dtype(self: Tensor, dtype: Any) -> np.dtype:  # type: ignore[misc]
        return self.array.dtype if dtype is None else _dt.as_dtype(dtype, "new_*")

    def new_zeros(  # type: ignore[misc]
        self: Tensor,
        *size: Any,
        dtype: Any = None,
        device: Any = None,
        requires_grad: builtins.bool = False,
    ) -> Tensor:
        _devices.resolve(device, "new_zeros")
        return self._new(np.zeros(_t._fn.sizes_arg(size), self._new_dtype(dtype)), requires_grad)

    def new_ones(  # type: ignore[misc]
        self: Tensor,
        *size: Any,
        dtype: Any = None,
        device: Any = None,
        requires_grad: builtins.bool = False,
    ) -> Tensor:
        _devices.resolve(device, "new_ones")
        return self._new(np.ones(_t._fn.sizes_arg(size), self._new_dtype(dtype)), requires_grad)

    def new_empty(  # type: ignore[misc]
        self: Tensor,
        *size: Any,
        dtype: Any = None,
        device: Any = None,
        requires_grad: builtins.bool = False,
    ) -> Tensor:
        _devices.resolve(device, "new_empty")
        return self._new(np.empty(_t._fn.sizes_arg(size), self._new_dtype(dtype)), requires_grad)

    def new_full(  # type: ignore[misc]
        self: Tensor,
        size: Any,
        fill_value: Any,
        dtype: Any = None,
        device: Any = None,
        requires_grad: builtins.bool = False,
    ) -> Tensor:
        _devices.resolve(device, "new_full")
        shape = _t._fn.sizes_arg((size,))
        return self._new(np.full(shape, fill_value, self._new_dtype(dtype)), requires_grad)

    def new_tensor(  # type: ignore[misc]
        self: Tensor,
        data: Any,
        dtype: Any = None,
        device: Any = None,
        requires_grad: builtins.bool = False,
    ) -> Tensor:
        _devices.resolve(device, "new_tensor")
        return self._new(_t._to_array(data, self._new_dtype(dtype)), requires_grad)
