"""Padding layers: ``ZeroPad*d``, ``ConstantPad*d``, ``ReflectionPad*d``, ``ReplicationPad*d``
and ``CircularPad*d`` for 1, 2 and 3 spatial dimensions, each calling
:func:`minigrad.nn.functional.pad`. ``padding`` is an int (every side) or PyTorch's tuple
(``(left, right)``, ``(left, right, top, bottom)``, ...: the last dimension first)."""

# ruff: noqa: A002 - `input` is PyTorch's argument name

from __future__ import annotations

from typing import Any

from ..tensor import Tensor
from . import functional as F
from .module import Module


class _Pad(Module):
    _mode = "constant"
    _dims = 1

    def __init__(self, padding: Any, value: float = 0.0) -> None:
        super().__init__()
        n = 2 * self._dims
        name = type(self).__name__
        if isinstance(padding, int) and not isinstance(padding, bool):
            padding = (padding,) * n
        if not isinstance(padding, (tuple, list)) or len(padding) != n:
            raise ValueError(
                f"{name}: padding must be an int or a tuple of {n} ints, got {padding!r}"
            )
        self.padding = tuple(padding)
        self.value = value

    def forward(self, input: Tensor) -> Tensor:
        value = self.value if self._mode == "constant" else None
        return F.pad(input, self.padding, self._mode, value)

    def extra_repr(self) -> str:
        return f"{self.padding}"


class _ConstantPad(_Pad):
    def __init__(self, padding: Any, value: float) -> None:
        super().__init__(padding, value)

    def extra_repr(self) -> str:
        return f"padding={self.padding}, value={self.value}"


class _ZeroPad(_Pad):
    def __init__(self, padding: Any) -> None:
        super().__init__(padding, 0.0)


def _layer(base: type, mode: str, dims: int, name: str, doc: str) -> type:
    return type(
        name, (base,), {"_mode": mode, "_dims": dims, "__doc__": doc, "__module__": __name__}
    )


ConstantPad1d = _layer(
    _ConstantPad, "constant", 1, "ConstantPad1d", "Pad the last dimension with a constant."
)
ConstantPad2d = _layer(
    _ConstantPad, "constant", 2, "ConstantPad2d", "Pad the last 2 dimensions with a constant."
)
ConstantPad3d = _layer(
    _ConstantPad, "constant", 3, "ConstantPad3d", "Pad the last 3 dimensions with a constant."
)
ZeroPad1d = _layer(_ZeroPad, "constant", 1, "ZeroPad1d", "Pad the last dimension with zeros.")
ZeroPad2d = _layer(_ZeroPad, "constant", 2, "ZeroPad2d", "Pad the last 2 dimensions with zeros.")
ZeroPad3d = _layer(_ZeroPad, "constant", 3, "ZeroPad3d", "Pad the last 3 dimensions with zeros.")
ReflectionPad1d = _layer(
    _Pad, "reflect", 1, "ReflectionPad1d", "Mirror the last dimension (edge excluded)."
)
ReflectionPad2d = _layer(
    _Pad, "reflect", 2, "ReflectionPad2d", "Mirror the last 2 dimensions (edge excluded)."
)
ReflectionPad3d = _layer(
    _Pad, "reflect", 3, "ReflectionPad3d", "Mirror the last 3 dimensions (edge excluded)."
)
ReplicationPad1d = _layer(
    _Pad, "replicate", 1, "ReplicationPad1d", "Repeat the edge of the last dimension."
)
ReplicationPad2d = _layer(
    _Pad, "replicate", 2, "ReplicationPad2d", "Repeat the edges of the last 2 dimensions."
)
ReplicationPad3d = _layer(
    _Pad, "replicate", 3, "ReplicationPad3d", "Repeat the edges of the last 3 dimensions."
)
CircularPad1d = _layer(_Pad, "circular", 1, "CircularPad1d", "Wrap the last dimension around.")
CircularPad2d = _layer(_Pad, "circular", 2, "CircularPad2d", "Wrap the last 2 dimensions around.")
CircularPad3d = _layer(_Pad, "circular", 3, "CircularPad3d", "Wrap the last 3 dimensions around.")
