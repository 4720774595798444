"""Devices for modules: the CPU is the one device; anything else raises, naming it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from ..tensor import Tensor


def check_device(where: str, device: Any) -> None:
    """Accept ``None``, ``"cpu"``/``"cpu:0"`` or a device whose ``.type`` is ``"cpu"``; raise a
    ``RuntimeError`` naming any other device."""
    if device is None:
        return
    kind = getattr(device, "type", device)
    if isinstance(kind, str) and kind.split(":")[0] == "cpu":
        return
    if isinstance(kind, str):
        raise RuntimeError(
            f"{where}: device {device!r} is not available; minigrad runs on the CPU only "
            "(use 'cpu')"
        )
    raise TypeError(f"{where}: expected a device ('cpu' or a device object), got {device!r}")


def to_args(where: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, Any]:
    """The ``(device, dtype)`` of ``Module.to``'s forms."""
    extra = set(kwargs) - {"device", "dtype", "non_blocking", "memory_format", "copy"}
    if extra:
        raise TypeError(f"{where}: unexpected keyword arguments {sorted(extra)}")
    device, dtype = kwargs.get("device"), kwargs.get("dtype")
    for a in args:
        if isinstance(a, Tensor):
            dtype = a.dtype
        elif isinstance(a, bool):
            continue  # non_blocking given positionally
        elif isinstance(a, (str, int)) or isinstance(getattr(a, "type", None), str):
            device = a  # "cpu", a device index, or a device object
        else:
            try:
                dtype = np.dtype(a)
            except TypeError:
                raise TypeError(
                    f"{where}: expected a dtype, a device or a Tensor, got {a!r}"
                ) from None
    return device, None if dtype is None else np.dtype(dtype)


M = TypeVar("M", bound="DeviceMethods")


class DeviceMethods:
    """The dtype and device conversions of :class:`~minigrad.nn.Module`."""

    if TYPE_CHECKING:  # Module's, which this mixin uses

        def parameters(self, recurse: bool = True) -> Iterator[Tensor]: ...
        def buffers(self, recurse: bool = True) -> Iterator[Tensor]: ...

    def to(self: M, *args: Any, **kwargs: Any) -> M:
        """Convert floating-point parameters and buffers, in place: ``to(dtype)``,
        ``to(device)``, ``to(device, dtype)``, ``to(tensor)`` (its dtype) or keywords
        ``device=``, ``dtype=``, ``non_blocking=`` (ignored).

        The Parameter objects stay the same (an optimizer built before still sees them). The
        CPU is the one device: ``"cpu"`` or a device whose ``.type`` is ``"cpu"`` is accepted,
        any other raises a ``RuntimeError`` naming it.
        """
        device, dtype = to_args("Module.to", args, kwargs)
        check_device("Module.to", device)
        if dtype is None:
            return self
        if dtype.kind != "f":
            raise TypeError(f"Module.to: expected a floating-point dtype, got {dtype}")
        for t in (*self.parameters(), *self.buffers()):
            if t.array.dtype.kind == "f" and t.array.dtype != dtype:
                t.array = t.array.astype(dtype)
                t._version += 1
                if t.grad is not None:
                    t.grad = Tensor.constant(t.grad.array.astype(dtype))
        return self

    def float(self: M) -> M:
        """Convert floating-point parameters and buffers to float32."""
        return self.to(np.float32)

    def double(self: M) -> M:
        """Convert floating-point parameters and buffers to float64."""
        return self.to(np.float64)

    def half(self: M) -> M:
        """Convert floating-point parameters and buffers to float16."""
        return self.to(np.float16)

    def type(self: M, dst_type: Any) -> M:
        """Convert floating-point parameters and buffers to ``dst_type``."""
        return self.to(dst_type)

    def cpu(self: M) -> M:
        """The module is already on the CPU (the one device); returns it."""
        return self

    def cuda(self: M, device: Any = None) -> M:
        """Always raises: minigrad runs on the CPU only."""
        raise RuntimeError(
            "Module.cuda: minigrad runs on the CPU only (no CUDA device); remove the .cuda() "
            "call or use .to('cpu')"
        )

    def share_memory(self: M) -> M:
        """A no-op (there is one process); returns the module."""
        return self
