"""The ``.npz`` layer of minigrad's checkpoints: the archive is an ordinary zip of ``.npy``
members (readable by ``numpy.load``) plus the structure member ``minigrad.json``.
:func:`write` stores them; :func:`read_npy` reads one member straight into its array,
checking every declared size first. Used by :mod:`minigrad.serialization`.
"""

from __future__ import annotations

import math
import zipfile
from typing import IO

import numpy as np

STRUCTURE = "minigrad.json"

# A dtype a checkpoint may hold: booleans and numbers (no strings, bytes, dates, void records).
_NUMERIC_KINDS = "biufc"
# A member that inflates more than this many times over its stored size is a zip bomb:
# minigrad writes members uncompressed, and weights barely compress anyway.
MAX_INFLATION = 1000


def read_npy(fh: IO[bytes], info: zipfile.ZipInfo, source: str) -> np.ndarray:
    """One ``.npy`` member read straight into its array (one copy), every declared size checked
    against the member's real size before anything is allocated."""
    if info.compress_size and info.file_size > MAX_INFLATION * max(info.compress_size, 1024):
        raise corrupt(
            source,
            f"the member {info.filename!r} inflates {info.compress_size} bytes to "
            f"{info.file_size} (a zip bomb?)",
        )
    version = np.lib.format.read_magic(fh)
    read_header = {
        (1, 0): np.lib.format.read_array_header_1_0,
        (2, 0): np.lib.format.read_array_header_2_0,
    }.get(version)
    if read_header is None:  # 3.0 only adds UTF-8 field names, which numbers never need
        raise ValueError(f"unsupported .npy format version {version}")
    shape, fortran, dtype = read_header(fh)
    if dtype.hasobject or dtype.kind not in _NUMERIC_KINDS or dtype.fields is not None:
        raise ValueError(
            f"load: {source} holds an array of dtype {dtype} in {info.filename!r}; a checkpoint "
            "holds only booleans and numbers"
        )
    header = fh.tell()
    expected = math.prod(shape) * dtype.itemsize
    if header + expected != info.file_size:
        raise corrupt(
            source,
            f"the member {info.filename!r} declares shape {shape} ({expected} bytes) but holds "
            f"{info.file_size - header} bytes",
        )
    array = np.empty(shape[::-1] if fortran else shape, dtype)
    # NumPy's stubs declare the buffer protocol (``__buffer__``) for Python 3.12+ only.
    view = memoryview(array.reshape(-1).view(np.uint8)) if array.size else memoryview(b"")  # type: ignore[arg-type]
    while view.nbytes:  # in chunks: one whole-member read would hold two more copies
        n = fh.readinto(view[: 1 << 20])  # type: ignore[attr-defined]
        if not n:
            raise EOFError(f"the member ends {view.nbytes} bytes early")
        view = view[n:]
    if fh.read(1):  # reading to the end also checks the member's CRC-32
        raise ValueError("the member has bytes after its array")
    return array.T if fortran else array


def corrupt(source: str, why: str) -> ValueError:
    return ValueError(f"load: {source} is a damaged minigrad checkpoint: {why}")


def write(f: IO[bytes], structure: bytes, arrays: dict[str, np.ndarray]) -> None:
    # Stored, not deflated: weights barely compress, and members stay readable by np.load.
    with zipfile.ZipFile(f, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as archive:
        archive.writestr(STRUCTURE, structure)
        for name, array in arrays.items():
            with archive.open(f"{name}.npy", "w", force_zip64=True) as member:
                np.lib.format.write_array(member, array, allow_pickle=False)
