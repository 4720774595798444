"""Devices for modules: the CPU is the one device; anything else raises, naming it."""

from __future__ import annotations

from typing import Any

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
