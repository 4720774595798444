"""PyTorch's checkpoint format (``torch.save``'s zip archive), read and written without torch.

A ``torch.save`` file is a zip archive ``<name>/data.pkl`` + ``<name>/data/<key>`` members:
the pickle holds the structure (dicts, lists, numbers, strings) and one
``torch._utils._rebuild_tensor_v2`` call per tensor whose storage is a persistent id naming a
raw little-endian member. :func:`read` unpickles with a closed list of the globals such files
use (the same idea as ``torch.load(weights_only=True)``): anything else, including every
callable that could run code, is refused. :func:`encode` emits the pickle opcodes itself, so a
state dict saved here loads in PyTorch with ``torch.load(path, weights_only=True)``.
"""

from __future__ import annotations

import collections
import io
import pickle
import struct
import zipfile
from collections.abc import Callable
from typing import IO, Any

import numpy as np

from ..tensor import Tensor

__all__ = ["encode", "is_torch_archive", "read"]

_STORAGES = {
    "FloatStorage": np.float32,
    "DoubleStorage": np.float64,
    "HalfStorage": np.float16,
    "LongStorage": np.int64,
    "IntStorage": np.int32,
    "ShortStorage": np.int16,
    "CharStorage": np.int8,
    "ByteStorage": np.uint8,
    "BoolStorage": np.bool_,
}
_STORAGE_OF = {np.dtype(v): k for k, v in _STORAGES.items()}


class _StorageType:
    def __init__(self, name: str) -> None:
        self.dtype = np.dtype(_STORAGES[name])


def _rebuild_tensor(storage: np.ndarray, offset: int, size: tuple, stride: tuple, *rest: Any):
    item = storage.itemsize
    if not size:
        return Tensor.constant(np.array(storage[offset]))
    needed = offset + 1 + sum((n - 1) * s for n, s in zip(size, stride) if n > 0)
    if any(n == 0 for n in size):
        return Tensor.constant(np.zeros(size, storage.dtype))
    if needed > storage.size or min(stride) < 0:
        raise ValueError(f"torch archive: tensor of size {size} does not fit its storage")
    view = np.lib.stride_tricks.as_strided(
        storage[offset:], shape=size, strides=[s * item for s in stride], writeable=False
    )
    return Tensor.constant(np.array(view))


def _rebuild_parameter(data: Tensor, requires_grad: bool, *rest: Any) -> Tensor:
    return data.requires_grad_(requires_grad) if data.dtype.kind == "f" else data


_ALLOWED = {
    ("collections", "OrderedDict"): collections.OrderedDict,
    ("torch._utils", "_rebuild_tensor_v2"): _rebuild_tensor,
    ("torch._utils", "_rebuild_parameter"): _rebuild_parameter,
}


class _Unpickler(pickle.Unpickler):
    def __init__(self, data: bytes, archive: zipfile.ZipFile, prefix: str, source: str) -> None:
        super().__init__(io.BytesIO(data))
        self.archive, self.prefix, self.source = archive, prefix, source
        self.storages: dict[str, np.ndarray] = {}

    def find_class(self, module: str, name: str) -> Any:
        if module == "torch" and name in _STORAGES:
            return _StorageType(name)
        if (module, name) in _ALLOWED:
            return _ALLOWED[(module, name)]
        raise ValueError(
            f"load: {self.source} refers to {module}.{name}; a PyTorch checkpoint may only "
            "hold tensors, dicts, lists and numbers (minigrad never runs code from a file)"
        )

    def persistent_load(self, pid: Any) -> np.ndarray:
        if not (isinstance(pid, tuple) and len(pid) == 5 and pid[0] == "storage"):
            raise ValueError(f"load: {self.source} has an unknown storage record {pid!r}")
        _, kind, key, _location, numel = pid
        if not isinstance(kind, _StorageType) or not isinstance(key, str):
            raise ValueError(f"load: {self.source} has a malformed storage record")
        if key not in self.storages:
            name = f"{self.prefix}data/{key}"
            info = self.archive.getinfo(name)
            if info.file_size != numel * kind.dtype.itemsize:
                raise ValueError(
                    f"load: {self.source}: storage {key} declares {numel} elements but holds "
                    f"{info.file_size} bytes"
                )
            raw = self.archive.read(name)
            self.storages[key] = np.frombuffer(raw, kind.dtype.newbyteorder("<"))
        return self.storages[key]


def is_torch_archive(archive: zipfile.ZipFile) -> bool:
    """Whether the zip archive is a ``torch.save`` file (it holds ``<name>/data.pkl``)."""
    return any(n.endswith("/data.pkl") and n.count("/") == 1 for n in archive.namelist())


def read(archive: zipfile.ZipFile, source: str) -> Any:
    """The object a ``torch.save`` archive holds, with tensors as minigrad Tensors."""
    (pkl,) = [n for n in archive.namelist() if n.endswith("/data.pkl") and n.count("/") == 1]
    prefix = pkl[: -len("data.pkl")]
    order = f"{prefix}byteorder"
    if order in archive.namelist() and archive.read(order).strip() != b"little":
        raise ValueError(f"load: {source} is a big-endian PyTorch archive (not supported)")
    try:
        return _Unpickler(archive.read(pkl), archive, prefix, source).load()
    except (pickle.UnpicklingError, EOFError, KeyError, TypeError, AttributeError) as e:
        raise ValueError(f"load: {source} is not a valid PyTorch archive ({e})") from None


# --------------------------------------------------------------------------------------------
# Writing: the pickle opcodes of protocol 2, emitted directly
# --------------------------------------------------------------------------------------------


class _Writer:
    def __init__(self) -> None:
        self.out = bytearray(b"\x80\x02")  # PROTO 2
        self.storages: list[np.ndarray] = []

    def global_(self, module: str, name: str) -> None:
        self.out += f"c{module}\n{name}\n".encode()

    def value(self, obj: Any, where: str) -> None:
        out = self.out
        if isinstance(obj, Tensor):
            self.tensor(obj.array, obj.requires_grad and obj.is_leaf)
        elif isinstance(obj, np.ndarray):
            self.tensor(obj, False)
        elif obj is None:
            out += b"N"
        elif obj is True or obj is False:
            out += b"\x88" if obj else b"\x89"
        elif isinstance(obj, (int, np.integer)):
            v = int(obj)
            if -(2**31) <= v < 2**31:
                out += b"J" + struct.pack("<i", v)
            else:
                raw = v.to_bytes((v.bit_length() + 8) // 8, "little", signed=True)
                out += b"\x8a" + bytes([len(raw)]) + raw
        elif isinstance(obj, (float, np.floating)):
            out += b"G" + struct.pack(">d", float(obj))
        elif isinstance(obj, str):
            raw = obj.encode()
            out += b"X" + struct.pack("<I", len(raw)) + raw
        elif isinstance(obj, (list, tuple)):
            out += b"(" if isinstance(obj, tuple) else b"]("
            for i, item in enumerate(obj):
                self.value(item, f"{where}[{i}]")
            out += b"t" if isinstance(obj, tuple) else b"e"
        elif isinstance(obj, dict):
            self.global_("collections", "OrderedDict")
            out += b")R("
            for k, v in obj.items():
                if not isinstance(k, (str, int)):
                    raise TypeError(f"save: {where} has a key of type {type(k).__name__}")
                self.value(k, where)
                self.value(v, f"{where}[{k!r}]")
            out += b"u"
        else:
            raise TypeError(
                f"save(format='torch'): {where} is a {type(obj).__name__}; a PyTorch "
                "checkpoint holds tensors, dicts, lists, tuples, numbers and strings"
            )

    def tensor(self, array: np.ndarray, requires_grad: bool) -> None:
        array = np.ascontiguousarray(array)
        if array.dtype not in _STORAGE_OF:
            raise TypeError(f"save(format='torch'): dtype {array.dtype} has no PyTorch storage")
        key = str(len(self.storages))
        self.storages.append(array)
        if requires_grad:
            self.global_("torch._utils", "_rebuild_parameter")
            self.out += b"("
        self.global_("torch._utils", "_rebuild_tensor_v2")
        self.out += b"((" + b"X\x07\x00\x00\x00storage"
        self.global_("torch", _STORAGE_OF[array.dtype])
        self.value(key, "")
        self.value("cpu", "")
        self.value(array.size, "")
        self.out += b"tQ"  # the persistent id tuple, then BINPERSID
        self.value(0, "")
        self.value(tuple(array.shape), "")
        strides = (
            tuple(s // array.itemsize for s in array.strides)
            if array.size
            else (tuple(int(np.prod(array.shape[i + 1 :])) for i in range(array.ndim)))
        )
        self.value(strides, "")
        self.out += b"\x89"
        self.global_("collections", "OrderedDict")
        self.out += b")Rt" + b"R"
        if requires_grad:
            self.out += b"\x88"
            self.global_("collections", "OrderedDict")
            self.out += b")RtR"


def encode(obj: Any, name: str = "archive") -> Callable[[IO[bytes]], None]:
    """Check and encode ``obj`` (a state dict, or nested dicts/lists of tensors and numbers);
    returns a function writing it as a ``torch.save`` zip archive to a binary file, which
    ``torch.load(..., weights_only=True)`` reads."""
    w = _Writer()
    w.value(obj, "obj")
    w.out += b"."

    def write(fh: IO[bytes]) -> None:
        with zipfile.ZipFile(fh, "w", zipfile.ZIP_STORED) as z:
            z.writestr(f"{name}/data.pkl", bytes(w.out))
            z.writestr(f"{name}/byteorder", b"little")
            for key, array in enumerate(w.storages):
                z.writestr(
                    f"{name}/data/{key}", array.astype(array.dtype.newbyteorder("<")).tobytes()
                )
            z.writestr(f"{name}/version", b"3\n")

    return write
