"""The safetensors format: a flat ``{name: tensor}`` map, safe to load by construction.

A file is an 8-byte little-endian header length, a JSON header mapping each name to its
dtype, shape and byte range, then the raw little-endian data. There is nothing to execute,
so reading is parsing: every declared range is checked against the file's real size before
anything is allocated. Written and read here in ~60 lines rather than through the
``safetensors`` package (which the tests use as the oracle).
"""

from __future__ import annotations

import json
import math
import struct
from collections.abc import Callable
from typing import IO, Any

import numpy as np

from ..tensor import Tensor

__all__ = ["encode", "looks_like", "read"]

_DTYPES = {
    "F64": np.float64,
    "F32": np.float32,
    "F16": np.float16,
    "I64": np.int64,
    "I32": np.int32,
    "I16": np.int16,
    "I8": np.int8,
    "U8": np.uint8,
    "BOOL": np.bool_,
}
_CODES = {np.dtype(v): k for k, v in _DTYPES.items()}
_MAX_HEADER = 100 * 2**20  # the reference implementation's limit


def looks_like(head: bytes) -> bool:
    """Whether the first 9 bytes look like a safetensors file (a sane length, then ``{``)."""
    if len(head) < 9:
        return False
    (n,) = struct.unpack("<Q", head[:8])
    return 2 <= n <= _MAX_HEADER and head[8:9] == b"{"


def encode(tensors: Any, metadata: dict[str, str] | None = None) -> Callable[[IO[bytes]], None]:
    """Check a flat ``{str: Tensor or ndarray}`` map; returns a function writing it as
    safetensors to a binary file."""
    if not isinstance(tensors, dict):
        raise TypeError(f"save(safetensors): expected a flat dict, got {type(tensors).__name__}")
    header: dict[str, Any] = {}
    arrays = []
    offset = 0
    for name, t in tensors.items():
        if not isinstance(name, str):
            raise TypeError(f"save(safetensors): key {name!r} is not a string")
        a = t.array if isinstance(t, Tensor) else t
        a = np.asarray(a) if isinstance(a, np.generic) else a
        if not isinstance(a, np.ndarray) or a.dtype not in _CODES:
            what = a.dtype if isinstance(a, np.ndarray) else type(a).__name__
            raise TypeError(
                f"save(safetensors): {name!r} is {what}; safetensors holds a flat map of "
                "numeric tensors (use the default .npz format for nested state)"
            )
        a = np.ascontiguousarray(a, a.dtype.newbyteorder("<"))
        header[name] = {"dtype": _CODES[a.dtype.newbyteorder("=")], "shape": list(a.shape),
                        "data_offsets": [offset, offset + a.nbytes]}  # fmt: skip
        offset += a.nbytes
        arrays.append(a)
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    raw = json.dumps(header, separators=(",", ":")).encode()
    raw += b" " * (-len(raw) % 8)  # align the data to 8 bytes, as the reference does

    def write(fh: IO[bytes]) -> None:
        fh.write(struct.pack("<Q", len(raw)) + raw)
        for a in arrays:
            fh.write(a.tobytes())

    return write


def read(data: bytes, source: str) -> dict[str, Tensor]:
    """The ``{name: Tensor}`` map of a safetensors file's bytes; refuses anything malformed."""

    def bad(why: str) -> ValueError:
        return ValueError(f"load: {source} is not a valid safetensors file: {why}")

    if len(data) < 8:
        raise bad("shorter than its 8-byte header length")
    (n,) = struct.unpack("<Q", data[:8])
    if n > min(_MAX_HEADER, len(data) - 8):
        raise bad(f"declares a {n}-byte header in a {len(data)}-byte file")
    try:
        header = json.loads(data[8 : 8 + n])
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise bad(f"header is not JSON ({e})") from None
    if not isinstance(header, dict):
        raise bad("header is not a JSON object")
    header.pop("__metadata__", None)
    body = memoryview(data)[8 + n :]
    out = {}
    for name, info in header.items():
        try:
            dtype = np.dtype(_DTYPES[info["dtype"]]).newbyteorder("<")
            shape = tuple(int(s) for s in info["shape"])
            begin, end = (int(v) for v in info["data_offsets"])
        except (KeyError, TypeError, ValueError):
            raise bad(f"entry {name!r} has no valid dtype, shape and data_offsets") from None
        if min(shape, default=0) < 0 or not 0 <= begin <= end <= len(body):
            raise bad(f"entry {name!r} has a range {begin}..{end} outside the data")
        if math.prod(shape) * dtype.itemsize != end - begin:
            raise bad(f"entry {name!r}: shape {shape} does not fill bytes {begin}..{end}")
        array = np.frombuffer(body[begin:end], dtype).reshape(shape).astype(dtype.newbyteorder("="))
        out[name] = Tensor.constant(array)
    return out
