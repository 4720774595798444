"""Checkpoints: :func:`save` and :func:`load` for nested state dicts, as one ``.npz`` file.

The file is an ordinary ``.npz`` (a zip of ``.npy`` members, readable by ``numpy.load``): one
member per array, plus ``minigrad.json``, which holds a format tag, a version and the nesting
structure with references to the array members. Loading reads the arrays with
``allow_pickle=False`` and the structure with ``json``, so a checkpoint can never run code.
Writes go to a temporary file in the same folder, are flushed to disk, then renamed over the
target: a crash mid-save leaves the previous checkpoint intact.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import tempfile
import zipfile
import zlib
from typing import IO, Any, Union

import numpy as np

from .formats import safetensors, torch_zip
from .tensor import Tensor

__all__ = ["load", "save"]

FORMAT = "minigrad.checkpoint"
VERSION = 1
_STRUCTURE = "minigrad.json"
_ZIP_MAGIC = b"PK\x03\x04"

PathOrFile = Union[str, "os.PathLike[str]", IO[bytes]]

# mkstemp creates 0600 files; a checkpoint should get the permissions any new file would.
_UMASK = os.umask(0)
os.umask(_UMASK)


# --------------------------------------------------------------------------------------------
# Encoding: Python objects <-> a JSON tree whose leaves reference array members
# --------------------------------------------------------------------------------------------


class _Encoder:
    """Turns ``obj`` into a JSON-able tree, collecting its arrays; rejects what it cannot store.

    Every JSON object in the tree is a tag (``{"tuple": ...}``, ``{"array": "a0"}``...), so
    plain JSON strings, numbers, lists, booleans and null stand for themselves. An array or
    Tensor that appears twice is stored once and loads as one shared object, as in PyTorch.
    """

    def __init__(self) -> None:
        self.arrays: dict[str, np.ndarray] = {}
        self._memo: dict[int, str] = {}
        self._keep_alive: list[Any] = []
        self._open: set[int] = set()

    def _member(self, obj: Any, array: np.ndarray, where: str) -> str:
        if id(obj) in self._memo:
            return self._memo[id(obj)]
        if array.dtype.hasobject:
            raise TypeError(
                f"save: the array at {where} has dtype {array.dtype}; object arrays cannot be "
                "stored (loading them would need pickle)"
            )
        name = f"a{len(self.arrays)}"
        self.arrays[name] = array
        self._memo[id(obj)] = name
        self._keep_alive.append(obj)
        return name

    def encode(self, obj: Any, where: str = "obj") -> Any:
        if obj is None or isinstance(obj, (bool, str)):
            return obj
        if isinstance(obj, Tensor):
            return {
                "tensor": self._member(obj, obj.array, where),
                "requires_grad": obj.requires_grad,
            }
        if isinstance(obj, np.ndarray):
            return {"array": self._member(obj, obj, where)}
        # Before int/float: np.float64 is a float subclass, and its dtype must survive.
        if isinstance(obj, np.generic):
            return {"scalar": self._member(obj, np.asarray(obj), where)}
        if isinstance(obj, int):
            return int(obj)
        if isinstance(obj, float):
            return float(obj) if math.isfinite(obj) else {"float": repr(float(obj))}
        if isinstance(obj, (list, tuple, dict)):
            if len(self._open) >= MAX_DEPTH:
                raise ValueError(f"save: {where[:60]}... is nested more than {MAX_DEPTH} levels")
            if id(obj) in self._open:
                raise ValueError(f"save: {where} contains itself (a reference cycle)")
            self._open.add(id(obj))
            try:
                if isinstance(obj, dict):
                    return {"dict": [self._item(k, v, where) for k, v in obj.items()]}
                items = [self.encode(v, f"{where}[{i}]") for i, v in enumerate(obj)]
                return {"tuple": items} if isinstance(obj, tuple) else items
            finally:
                self._open.discard(id(obj))
        hint = "; save its state_dict() instead" if hasattr(obj, "state_dict") else ""
        raise TypeError(
            f"save: cannot store {type(obj).__name__} at {where}; a checkpoint holds dicts, "
            "lists, tuples, Tensors, arrays, numbers, strings, bools and None" + hint
        )

    def _item(self, key: Any, value: Any, where: str) -> list[Any]:
        if not _is_key(key):
            raise TypeError(
                f"save: dict key {key!r} at {where} has type {type(key).__name__}; keys must be "
                "str, numbers, bool, None or tuples of those"
            )
        return [self.encode(key, where), self.encode(value, f"{where}[{key!r}]")]


def _is_key(key: Any) -> bool:
    if isinstance(key, tuple):
        return all(_is_key(k) for k in key)
    return key is None or isinstance(key, (str, int, float, np.generic))


class _Decoder:
    """The inverse of :class:`_Encoder`; raises ``ValueError`` on anything malformed."""

    def __init__(self, archive: zipfile.ZipFile, source: str) -> None:
        self.archive = archive
        self.source = source
        self._arrays: dict[str, np.ndarray] = {}
        self._tensors: dict[str, Tensor] = {}

    def _array(self, name: str) -> np.ndarray:
        if name not in self._arrays:
            member = f"{name}.npy"
            try:
                info = self.archive.getinfo(member)
            except KeyError:
                raise _corrupt(self.source, f"the array member {name!r} is missing") from None
            try:
                with self.archive.open(info) as fh:
                    self._arrays[name] = _read_npy(fh, info, self.source)
            except (zipfile.BadZipFile, ValueError, EOFError, OSError, zlib.error) as e:
                if str(e).startswith("load:"):
                    raise
                raise _corrupt(
                    self.source, f"the array member {member!r} is unreadable ({e})"
                ) from e
            except (NotImplementedError, RuntimeError) as e:  # unknown compression, encryption
                raise _corrupt(self.source, f"the array member {member!r}: {e}") from None
        return self._arrays[name]

    def decode(self, node: Any, depth: int = 0) -> Any:
        if node is None or isinstance(node, (bool, str, int, float)):
            return node
        if depth > MAX_DEPTH:
            raise _corrupt(self.source, f"its structure is nested more than {MAX_DEPTH} levels")
        depth += 1
        if isinstance(node, list):
            return [self.decode(v, depth) for v in node]
        if isinstance(node, dict):
            if isinstance(node.get("tensor"), str):
                return self._tensor(node["tensor"], bool(node.get("requires_grad")))
            if isinstance(node.get("array"), str):
                return self._array(node["array"])
            if isinstance(node.get("scalar"), str):
                return self._array(node["scalar"])[()]
            if node.get("float") in ("nan", "inf", "-inf"):
                return float(node["float"])
            if isinstance(node.get("tuple"), list):
                return tuple(self.decode(v, depth) for v in node["tuple"])
            if isinstance(node.get("dict"), list):
                return self._dict(node["dict"], depth)
        raise _corrupt(self.source, f"unexpected entry {str(node)[:80]!r} in its structure")

    def _tensor(self, name: str, requires_grad: bool) -> Tensor:
        if name not in self._tensors:
            array = self._array(name)
            tensor = Tensor.constant(array)  # the array was read for it alone: no copy
            if requires_grad and array.dtype.kind in "fc":
                tensor.requires_grad_(True)
            self._tensors[name] = tensor
        return self._tensors[name]

    def _dict(self, pairs: list[Any], depth: int) -> dict[Any, Any]:
        out = {}
        for pair in pairs:
            if not (isinstance(pair, list) and len(pair) == 2):
                raise _corrupt(self.source, f"malformed dict entry {str(pair)[:80]!r}")
            key = self.decode(pair[0], depth)
            if isinstance(key, list) or not _is_key(key):
                raise _corrupt(self.source, f"unhashable dict key {str(pair[0])[:80]!r}")
            out[key] = self.decode(pair[1], depth)
        return out


# A dtype a checkpoint may hold: booleans and numbers (no strings, bytes, dates, void records).
_NUMERIC_KINDS = "biufc"
# A member that inflates more than this many times over its stored size is a zip bomb:
# minigrad writes members uncompressed, and weights barely compress anyway.
MAX_INFLATION = 1000
MAX_DEPTH = 200  # nesting levels of the structure; a real state dict has a handful


def _read_npy(fh: IO[bytes], info: zipfile.ZipInfo, source: str) -> np.ndarray:
    """One ``.npy`` member read straight into its array (one copy), every declared size checked
    against the member's real size before anything is allocated."""
    if info.compress_size and info.file_size > MAX_INFLATION * max(info.compress_size, 1024):
        raise _corrupt(
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
        raise _corrupt(
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


def _corrupt(source: str, why: str) -> ValueError:
    return ValueError(f"load: {source} is a damaged minigrad checkpoint: {why}")


# --------------------------------------------------------------------------------------------
# save / load
# --------------------------------------------------------------------------------------------


def _write(f: IO[bytes], structure: bytes, arrays: dict[str, np.ndarray]) -> None:
    # Stored, not deflated: weights barely compress, and members stay readable by np.load.
    with zipfile.ZipFile(f, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as archive:
        archive.writestr(_STRUCTURE, structure)
        for name, array in arrays.items():
            with archive.open(f"{name}.npy", "w", force_zip64=True) as member:
                np.lib.format.write_array(member, array, allow_pickle=False)


def save(
    obj: Any,
    f: PathOrFile,
    pickle_module: Any = None,
    pickle_protocol: int = 2,
    _use_new_zipfile_serialization: bool = True,
    _disable_byteorder_record: bool = False,
    *,
    format: str | None = None,  # noqa: A002
) -> None:
    """Save ``obj`` (e.g. a model's or an optimizer's ``state_dict()``) to a checkpoint file.

    Parameters
    ----------
    obj
        Nested dicts, lists and tuples whose leaves are Tensors, ndarrays (any non-object
        dtype and shape, 0-d and empty included), NumPy scalars, Python ints, floats (NaN and
        Inf included), strings, bools and None. Dict keys may be strings, numbers (NumPy
        scalars included), bools, None or tuples of those. A Tensor is stored as its array
        plus ``requires_grad``; its graph is not stored.
    f
        A path (written exactly as given; no suffix is added) or a binary file object. A path
        is written atomically: a temporary file in the same folder is filled, flushed to disk
        and renamed over ``f``, so an error or a crash mid-save leaves the previous file
        intact. A file object is written in place.
    format
        ``"minigrad"`` (an ``.npz`` archive, the default), ``"torch"`` (PyTorch's zip
        format: ``torch.load(f, weights_only=True)`` reads it; tensors, dicts, lists, tuples,
        numbers and strings only) or ``"safetensors"`` (a flat ``{str: tensor}`` map). By
        default a path ending in ``.pt``/``.pth`` is written as ``"torch"`` and one ending in
        ``.safetensors`` as ``"safetensors"``.
    pickle_module, pickle_protocol, _use_new_zipfile_serialization, _disable_byteorder_record
        PyTorch's arguments, accepted so its calls run; minigrad never pickles, so
        ``pickle_module`` must be None (the protocol and the flags change nothing).

    Raises
    ------
    TypeError
        If ``obj`` holds something else (the message names where), before anything is written.
    ValueError
        If ``obj`` contains itself.

    Examples
    --------
    >>> import minigrad as mg, numpy as np, os, tempfile
    >>> path = os.path.join(tempfile.mkdtemp(), "ckpt.npz")
    >>> mg.save({"w": mg.ones(2, 3), "step": 10, "lr": [0.1, 0.01]}, path)
    >>> state = mg.load(path)
    >>> state["w"].shape, state["step"], state["lr"]
    ((2, 3), 10, [0.1, 0.01])
    """
    if pickle_module is not None:
        raise TypeError(
            "save: pickle_module is not supported; minigrad checkpoints are never pickled "
            "(omit pickle_module)"
        )
    write = _writer(obj, format, None if hasattr(f, "write") else _fspath("save", f))
    if hasattr(f, "write"):
        _check_binary("save", f, "wb")
        write(f)  # type: ignore[arg-type]
        return
    path = os.path.abspath(_fspath("save", f))
    folder, base = os.path.split(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{base}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as out:
            write(out)
            out.flush()
            if hasattr(os, "fchmod"):
                os.fchmod(out.fileno(), 0o666 & ~_UMASK)
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    if os.name == "posix":
        # The rename itself is durable only once the folder's entry is on disk.
        dir_fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


_SUFFIXES = {".pt": "torch", ".pth": "torch", ".safetensors": "safetensors"}


def _writer(obj: Any, format: str | None, path: str | None) -> Any:  # noqa: A002
    """A function writing ``obj`` to a binary file in ``format``; it checks ``obj`` first."""
    if format is None:
        format = _SUFFIXES.get(os.path.splitext(path or "")[1].lower(), "minigrad")  # noqa: A001
    if format == "torch":
        name = os.path.splitext(os.path.basename(path))[0] if path else ""
        return torch_zip.encode(obj, name or "archive")
    if format == "safetensors":
        return safetensors.encode(obj)
    if format != "minigrad":
        raise ValueError(
            f"save: format must be 'minigrad', 'torch' or 'safetensors', got {format!r}"
        )
    encoder = _Encoder()
    tree = encoder.encode(obj)
    structure = json.dumps(
        {"format": FORMAT, "version": VERSION, "root": tree}, allow_nan=False
    ).encode()
    return lambda fh: _write(fh, structure, encoder.arrays)


def load(
    f: PathOrFile,
    map_location: Any = None,
    pickle_module: Any = None,
    *,
    weights_only: bool | None = True,
    mmap: bool | None = None,
    **pickle_load_args: Any,
) -> Any:
    """Load a checkpoint written by :func:`save`.

    Also reads PyTorch's ``torch.save`` zip files (tensors, dicts, lists and numbers only;
    nothing is unpickled beyond that closed list) and safetensors files, found by content.
    What was saved comes back with its types: Tensors as Tensors (with ``requires_grad`` as
    saved, no graph), ndarrays as ndarrays, NumPy scalars as NumPy scalars, tuples as tuples.
    An array or Tensor saved twice in one object loads as one shared object. Nothing is
    unpickled and no code runs, so loading an untrusted file is safe.

    Parameters
    ----------
    f
        A path or a binary file object (opened with ``"rb"``).
    map_location
        PyTorch's: ``None``, ``"cpu"``, a device whose ``.type`` is ``"cpu"``, a dict or a
        function. Everything loads on the CPU (the one device); naming another device raises
        a ``RuntimeError``.
    pickle_module, weights_only, mmap, **pickle_load_args
        PyTorch's. minigrad never unpickles, so every load is as safe as PyTorch's
        ``weights_only=True`` whatever ``weights_only`` says; a pickle file (e.g. one written
        by ``torch.save``) is refused, not run. ``pickle_module`` and pickle arguments are not
        supported; ``mmap`` changes nothing.

    Raises
    ------
    FileNotFoundError
        If the path does not exist.
    ValueError
        If the file is not a minigrad checkpoint (another format, a plain ``np.savez``
        archive), was written by a newer format version, or is truncated or corrupt; the
        message names the path and what is wrong.
    """
    _check_load_args(map_location, pickle_module, pickle_load_args)
    if hasattr(f, "read"):
        _check_binary("load", f, "rb")
        return _load(f, f"the file object {f!r}")  # type: ignore[arg-type]
    path = _fspath("load", f)
    with open(path, "rb") as fh:
        return _load(fh, repr(path))


def _check_binary(op: str, f: Any, mode: str) -> None:
    if isinstance(f, io.TextIOBase):
        raise TypeError(
            f"{op}: the file {getattr(f, 'name', f)!r} was opened in text mode; checkpoints are "
            f"binary: open it with mode {mode!r}"
        )


def _check_load_args(map_location: Any, pickle_module: Any, pickle_load_args: dict) -> None:
    if pickle_module is not None or pickle_load_args:
        extra = ["pickle_module"] if pickle_module is not None else []
        raise TypeError(
            f"load: {', '.join([*extra, *pickle_load_args])} not supported: minigrad "
            "checkpoints are never unpickled"
        )
    targets = map_location.values() if isinstance(map_location, dict) else [map_location]
    for target in targets:
        if target is None or callable(target):
            continue
        kind = getattr(target, "type", target)
        if not (isinstance(kind, str) and kind.split(":")[0] == "cpu"):
            raise RuntimeError(
                f"load: map_location {target!r} is not available; minigrad runs on the CPU "
                "only (use map_location='cpu' or None)"
            )


def _fspath(op: str, f: Any) -> str:
    if not isinstance(f, (str, os.PathLike)):
        raise TypeError(f"{op}: f must be a path or a binary file object, got {type(f).__name__}")
    return os.fspath(f)


def _load(fh: IO[bytes], source: str) -> Any:
    start = fh.tell()
    head = fh.read(9)
    fh.seek(start)
    if not head:
        raise ValueError(f"load: {source} is empty (a truncated checkpoint?)")
    if safetensors.looks_like(head):
        return safetensors.read(fh.read(), source)
    if head[:4] != _ZIP_MAGIC:
        pickle = (
            " (a pickle: minigrad never unpickles, whatever weights_only says)"
            if head[:1] == b"\x80"
            else ""
        )
        raise ValueError(
            f"load: {source} is not a minigrad checkpoint (it is not a .npz/zip archive; "
            f"it starts with {head!r}){pickle}"
        )
    try:
        archive = zipfile.ZipFile(fh)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as e:
        raise _corrupt(source, f"the zip archive is truncated or damaged ({e})") from e
    with archive:
        if _STRUCTURE not in archive.namelist() and torch_zip.is_torch_archive(archive):
            return torch_zip.read(archive, source)
        if _STRUCTURE not in archive.namelist():
            raise ValueError(
                f"load: {source} is a .npz/zip archive but not a minigrad checkpoint (it has no "
                f"{_STRUCTURE!r} member); a plain np.savez file loads with numpy.load"
            )
        try:
            header = json.loads(archive.read(_STRUCTURE))
        except RecursionError:
            raise _corrupt(source, "its structure is nested too deeply to read") from None
        except (NotImplementedError, RuntimeError, zlib.error) as e:
            raise _corrupt(source, f"its {_STRUCTURE!r} member: {e}") from None
        except (zipfile.BadZipFile, ValueError, EOFError, OSError) as e:
            raise _corrupt(source, f"its {_STRUCTURE!r} member is unreadable ({e})") from e
        if not isinstance(header, dict) or header.get("format") != FORMAT or "root" not in header:
            raise ValueError(f"load: {source} is not a minigrad checkpoint (no format tag)")
        version = header.get("version")
        if not isinstance(version, int) or version > VERSION or version < 1:
            raise ValueError(
                f"load: {source} has checkpoint format version {version!r}; this minigrad "
                f"reads version {VERSION} (was it written by a newer minigrad?)"
            )
        return _Decoder(archive, source).decode(header["root"])
