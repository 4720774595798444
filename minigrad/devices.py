"""Devices: :class:`device` (PyTorch's ``torch.device``), the default device, and
:func:`resolve`, the one parser every ``device=`` argument goes through.

CPU is the one device today. The device is a real attribute of every tensor (not a constant
string) so that a second backend can be added later; asking for any other device raises a
``RuntimeError`` naming it.
"""

from __future__ import annotations

from typing import Any

from .errors import ShapeError


class DeviceError(ShapeError):
    """A device minigrad cannot name or use (a ``RuntimeError``, as PyTorch's, and a
    ``ValueError``)."""


_KNOWN_TYPES = ("cpu", "cuda", "mps", "xpu", "xla", "meta", "hip", "mtia", "privateuseone")


class device:  # noqa: N801 - PyTorch's name
    """A device, as ``torch.device``: ``device("cpu")``, ``device("cuda", 0)``,
    ``device("cuda:1")``. Making one for a device minigrad does not have is allowed (as in
    PyTorch); putting a tensor on it raises."""

    __slots__ = ("index", "type")
    type: str
    index: int | None

    def __init__(self, type: Any, index: int | None = None) -> None:  # noqa: A002
        if isinstance(type, device):
            type, index = type.type, type.index if index is None else index  # noqa: A001
        if not isinstance(type, str):
            raise TypeError(f"device: expected a string or a device, got {type!r}")
        name, sep, idx = type.partition(":")
        if sep:
            if index is not None:
                raise DeviceError(f"device: type {type!r} has an index and index={index}")
            if not idx.isdigit():
                raise DeviceError(f"Invalid device string: {type!r}")
            index = int(idx)
        if name not in _KNOWN_TYPES:
            raise DeviceError(
                f"Expected one of {', '.join(_KNOWN_TYPES)} device type at start of device "
                f"string: {type}"
            )
        if index is not None and (not isinstance(index, int) or index < 0):
            raise DeviceError(f"Device index must not be negative, got {index!r}")
        self.type = name
        self.index = index

    def __repr__(self) -> str:
        index = "" if self.index is None else f", index={self.index}"
        return f"device(type={self.type!r}{index})"

    def __str__(self) -> str:
        return self.type if self.index is None else f"{self.type}:{self.index}"

    def __eq__(self, other: object) -> bool:
        # PyTorch compares devices only with devices: device("cpu") == "cpu" is False.
        if not isinstance(other, device):
            return NotImplemented
        return (self.type, self.index) == (other.type, other.index)

    def __hash__(self) -> int:
        return hash((self.type, self.index))

    @staticmethod
    def _resolve(d: Any, op: str = "to") -> device:
        """See :func:`resolve` (exposed here as ``minigrad.device._resolve``)."""
        return resolve(d, op)


CPU = device("cpu")
_default = CPU


def resolve(d: Any, op: str = "to") -> device:
    """The :class:`device` that ``d`` names, if minigrad can put tensors on it.

    ``d`` may be a :class:`device`, a string (``"cpu"``, ``"cuda:0"``), an int (PyTorch's
    CUDA ordinal) or ``None`` (the default device). Anything but the CPU raises a
    ``RuntimeError`` naming ``op`` and the device. ``Module.to`` and every ``device=``
    argument call this.
    """
    if d is None:
        return _default
    try:
        if isinstance(d, int) and not isinstance(d, bool):
            d = device("cuda", d)
        elif not isinstance(d, device):
            d = device(d)
    except (TypeError, DeviceError) as e:
        raise type(e)(f"{op}: {e}") from None
    if d.type != "cpu":
        raise DeviceError(
            f"{op}: device {str(d)!r} is not available; minigrad runs on the CPU only "
            "(use device='cpu')"
        )
    return CPU


def get_default_device() -> device:
    """The device tensors are created on (always the CPU today)."""
    return _default


def set_default_device(d: Any) -> None:
    """Set the default device; only the CPU (or ``None``, meaning the CPU) is accepted."""
    global _default
    _default = resolve(d, "set_default_device")
