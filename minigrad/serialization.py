"""Checkpoints: :func:`save` and :func:`load` for nested state dicts, as one ``.npz`` file.

The file is an ordinary ``.npz`` (a zip of ``.npy`` members, readable by ``numpy.load``): one
member per array, plus ``minigrad.json``, which holds a format tag, a version and the nesting
structure with references to the array members. Loading reads the arrays with
``allow_pickle=False`` and the structure with ``json``, so a checkpoint can never run code.
Writes go to a temporary file in the same folder, are flushed to disk, then renamed over the
target: a crash mid-save leaves the previous checkpoint intact. The archive's members are
read and written by :mod:`minigrad.formats.npz`, the structure by :mod:`minigrad.formats.tree`;
this module chooses the format and handles paths, files and atomic writes.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
import zipfile
import zlib
from typing import IO, Any, Union

from .formats import npz, safetensors, torch_zip
from .formats.tree import Decoder, Encoder

__all__ = ["load", "save"]

FORMAT = "minigrad.checkpoint"
VERSION = 1
_STRUCTURE = npz.STRUCTURE
_ZIP_MAGIC = b"PK\x03\x04"

PathOrFile = Union[str, "os.PathLike[str]", IO[bytes]]

# mkstemp creates 0600 files; a checkpoint should get the permissions any new file would.
_UMASK = os.umask(0)
os.umask(_UMASK)


# --------------------------------------------------------------------------------------------
# save / load
# --------------------------------------------------------------------------------------------


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
    encoder = Encoder()
    tree = encoder.encode(obj)
    structure = json.dumps(
        {"format": FORMAT, "version": VERSION, "root": tree}, allow_nan=False
    ).encode()
    return lambda fh: npz.write(fh, structure, encoder.arrays)


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
        raise npz.corrupt(source, f"the zip archive is truncated or damaged ({e})") from e
    with archive:
        if _STRUCTURE not in archive.namelist() and torch_zip.is_torch_archive(archive):
            return torch_zip.read(archive, source)
        if _STRUCTURE not in archive.namelist():
            raise ValueError(
                f"load: {source} is a .npz/zip archive but not a minigrad checkpoint (it has no "
                f"{_STRUCTURE!r} member); a plain np.savez file loads with numpy.load"
            )
        header = _read_header(archive, source)
        return Decoder(archive, source).decode(header["root"])


def _read_header(archive: zipfile.ZipFile, source: str) -> dict[str, Any]:
    """The structure member, checked: minigrad's format tag and a version this reads."""
    try:
        header = json.loads(archive.read(_STRUCTURE))
    except RecursionError:
        raise npz.corrupt(source, "its structure is nested too deeply to read") from None
    except (NotImplementedError, RuntimeError, zlib.error) as e:
        raise npz.corrupt(source, f"its {_STRUCTURE!r} member: {e}") from None
    except (zipfile.BadZipFile, ValueError, EOFError, OSError) as e:
        raise npz.corrupt(source, f"its {_STRUCTURE!r} member is unreadable ({e})") from e
    if not isinstance(header, dict) or header.get("format") != FORMAT or "root" not in header:
        raise ValueError(f"load: {source} is not a minigrad checkpoint (no format tag)")
    version = header.get("version")
    if not isinstance(version, int) or version > VERSION or version < 1:
        raise ValueError(
            f"load: {source} has checkpoint format version {version!r}; this minigrad "
            f"reads version {VERSION} (was it written by a newer minigrad?)"
        )
    return header
