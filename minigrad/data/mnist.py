"""MNIST (LeCun, Cortes and Burges; CC BY-SA 3.0) and a reader for the IDX file format.

IDX: two zero bytes, a type code, the number of dimensions ``d``; then ``d`` big-endian
uint32 sizes; then the values, big-endian, row-major. Files may be gzip-compressed.

The files live in :func:`default_root` unless a ``root`` is given: ``$MINIGRAD_DATA/mnist``,
else the per-user cache folder. ``urllib`` is imported only when a download runs (it pulls in
``http.client``, ``email`` and ``ssl``: a third of ``import minigrad``'s time).
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import os
import sys
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..tensor import Tensor
from .dataset import Dataset, check_index, check_indices

__all__ = ["MNIST", "default_root", "read_idx"]

_IDX_DTYPES = {0x08: "u1", 0x09: "i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}

# sha256 of each file as published (.gz) and decompressed (the canonical content).
_SHA256_GZ = {
    "train-images-idx3-ubyte": "71524e2cd1ad2968737f7f2f2ff69cbfc32df8ccddff51593f7cb2d4e0eb5b64",
    "train-labels-idx1-ubyte": "fe03b8bd7915f70bf5aa08be480aa413fbd85afcaa58b35d230d335f284fd88e",
    "t10k-images-idx3-ubyte": "5634745efa576a17e7d4cf5cd9d09123c75e6538e5114267c2d156edaf519341",
    "t10k-labels-idx1-ubyte": "ae18e77e031ccde52407f794d123116439864147d33ac992975f85dd4dc42af6",
}
_SHA256_RAW = {
    "train-images-idx3-ubyte": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
    "train-labels-idx1-ubyte": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
    "t10k-images-idx3-ubyte": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
    "t10k-labels-idx1-ubyte": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
}
MIRRORS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
)
DOWNLOAD_TIMEOUT = 30.0
# The source material's split: the last 10,000 training images watch for over-fitting.
TRAIN_SIZE = 50_000
_SPLITS = {"train": "train", "val": "train", "test": "t10k"}
# Where the files are for someone without a network: true for a clone and for a wheel.
_WHERE = "a clone of the minigrad repository has them in examples/data/mnist/"


def _decompress(blob: bytes, where: str, op: str) -> bytes:
    if blob[:2] != b"\x1f\x8b":
        return blob
    try:
        return gzip.decompress(blob)
    except (OSError, EOFError, zlib.error) as e:
        raise ValueError(f"{op}: {where} is a damaged or truncated gzip file ({e})") from e


def _parse_idx(raw: bytes, where: str, op: str) -> np.ndarray:
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0 or raw[2] not in _IDX_DTYPES:
        raise ValueError(
            f"{op}: {where} is not an IDX file (bad magic number {raw[:4].hex() or 'none'}; "
            "expected 00 00, a type code, the number of dimensions)"
        )
    dtype = np.dtype(_IDX_DTYPES[raw[2]])
    ndim = raw[3]
    offset = 4 + 4 * ndim
    if len(raw) < offset:
        raise ValueError(
            f"{op}: {where} is truncated: its header declares {ndim} dimensions but the "
            f"file has only {len(raw)} bytes"
        )
    shape = tuple(int(d) for d in np.frombuffer(raw, ">u4", ndim, 4))
    expected = offset + int(np.prod(shape, dtype=np.int64)) * dtype.itemsize
    if len(raw) != expected:
        what = "truncated" if len(raw) < expected else "longer than its header says"
        raise ValueError(
            f"{op}: {where} is {what}: shape {shape} of {dtype.name} needs {expected} bytes "
            f"({offset} of header), the file has {len(raw)}"
        )
    return np.frombuffer(raw, dtype, offset=offset).reshape(shape).astype(dtype.newbyteorder("="))


def read_idx(path: str | os.PathLike[str]) -> np.ndarray:
    """Read an IDX file (the MNIST format), gzip-compressed or not.

    Parameters
    ----------
    path
        The file. Compression is detected from its content, not its name.

    Returns
    -------
    np.ndarray
        The values with the header's shape, e.g. ``(60000, 28, 28)`` uint8 for MNIST images,
        in native byte order.

    Raises
    ------
    ValueError
        If the file is not IDX (bad magic number), is truncated or has trailing bytes, or is a
        damaged gzip file; the message names the file.
    """
    path = Path(path)
    return _parse_idx(_decompress(path.read_bytes(), str(path), "read_idx"), str(path), "read_idx")


def _verified(blob: bytes, name: str, where: str) -> np.ndarray:
    """Parse an MNIST file's bytes (gz or raw) after checking its sha256 against the tables."""
    trusted = hashlib.sha256(blob).hexdigest() == _SHA256_GZ[name]
    raw = _decompress(blob, where, "MNIST")
    array = _parse_idx(raw, where, "MNIST")
    # A mirror may recompress the file (new gzip header): then the content must match.
    digest = hashlib.sha256(raw).hexdigest()
    if not trusted and digest != _SHA256_RAW[name]:
        raise ValueError(
            f"MNIST: {where} is not the original {name}: its sha256 is {digest} (decompressed), "
            f"expected {_SHA256_RAW[name]}. Delete it and copy the original (or use "
            "download=True)"
        )
    return array


def default_root() -> Path:
    """Where MNIST looks for its files when no ``root`` is given: ``$MINIGRAD_DATA/mnist`` if
    the ``MINIGRAD_DATA`` environment variable is set, else ``mnist`` in the per-user cache
    folder (``$XDG_CACHE_HOME/minigrad`` or ``~/.cache/minigrad`` on Linux,
    ``~/Library/Caches/minigrad`` on macOS, ``%LOCALAPPDATA%\\minigrad\\Cache`` on Windows)."""
    data = os.environ.get("MINIGRAD_DATA")
    if data:
        return Path(data).expanduser() / "mnist"
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / "minigrad" / "Cache" / "mnist"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "minigrad" / "mnist"
    cache = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache) / "minigrad" / "mnist"


def _fetch(url: str, timeout: float) -> bytes:
    import urllib.request  # here, not at the top: see the module docstring

    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read()


def _download(root: Path, names: Sequence[str]) -> None:
    import tempfile

    root.mkdir(parents=True, exist_ok=True)
    for name in names:
        errors = []
        for mirror in MIRRORS:
            url = f"{mirror}{name}.gz"
            try:
                blob = _fetch(url, DOWNLOAD_TIMEOUT)
                _verified(blob, name, url)
            except (OSError, ValueError) as e:
                errors.append(f"{url}: {e}")
                continue
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=root)
            try:
                with os.fdopen(fd, "wb") as out:
                    out.write(blob)
                os.replace(tmp, root / f"{name}.gz")
            except BaseException:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(tmp)
                raise
            break
        else:
            raise RuntimeError(
                f"MNIST: could not download {name}.gz:\n  " + "\n  ".join(errors) + "\n"
                f"Put the files {', '.join(n + '.gz' for n in names)} into {root} by hand "
                f"({_WHERE})"
            )


class MNIST(Dataset):
    """The MNIST handwritten digits: 28x28 grey images of 0-9.

    ``train`` is the first 50,000 of the 60,000 training images, ``val`` the last 10,000
    (keep it for model selection and early stopping, never for gradient descent), ``test`` the
    10,000 ``t10k`` images. MNIST is by Yann LeCun, Corinna Cortes and Christopher Burges,
    under CC BY-SA 3.0.

    Parameters
    ----------
    root
        The folder holding the IDX files, named as published (``train-images-idx3-ubyte``
        and so on), gzip-compressed (``.gz``) or not. Each file is checked against its known
        sha256 before use. Default: :func:`default_root` (``$MINIGRAD_DATA/mnist``, else the
        per-user cache folder).
    split
        ``'train'``, ``'val'`` or ``'test'``.
    transform
        Called on each image Tensor ``(1, 28, 28)`` by ``ds[i]`` (and so by the DataLoader);
        ``.images`` stays untransformed.
    download
        Fetch missing files from the usual mirrors (``MIRRORS``), verify their sha256 and
        store them in ``root``; files already there are not fetched again.

    Attributes
    ----------
    images : np.ndarray
        The whole split, ``(N, 1, 28, 28)`` float32 in ``[0, 1]``.
    labels : np.ndarray
        ``(N,)`` int64 in ``0..9``.

    Raises
    ------
    ValueError
        For a bad ``split``, or a file that is damaged, truncated or not the original.
    FileNotFoundError
        If files are missing and ``download`` is False (the message lists them and ``root``).
    RuntimeError
        If a download fails (the message lists the mirrors' errors and where to put files).

    Examples
    --------
    >>> import minigrad as mg
    >>> val = mg.data.MNIST(split="val", download=True)  # doctest: +SKIP
    >>> len(val), val[0][0].shape, val.labels.dtype  # doctest: +SKIP
    (10000, (1, 28, 28), dtype('int64'))
    """

    def __init__(
        self,
        root: str | os.PathLike[str] | None = None,
        split: str = "train",
        transform: Callable[[Tensor], Any] | None = None,
        download: bool = False,
    ) -> None:
        if split not in _SPLITS:
            raise ValueError(f"MNIST: split must be 'train', 'val' or 'test', got {split!r}")
        if transform is not None and not callable(transform):
            raise TypeError(f"MNIST: transform must be callable, got {transform!r}")
        self.root = default_root() if root is None else Path(root)
        self.split = split
        self.transform = transform
        prefix = _SPLITS[split]
        names = [f"{prefix}-images-idx3-ubyte", f"{prefix}-labels-idx1-ubyte"]
        paths = {n: self._find(n) for n in names}
        missing = [n for n, p in paths.items() if p is None]
        if missing and download:
            _download(self.root, missing)
            paths.update({n: self.root / f"{n}.gz" for n in missing})
        elif missing:
            raise FileNotFoundError(
                f"MNIST: {', '.join(n + '.gz' for n in missing)} not found in {self.root}. "
                "Pass download=True to fetch them (sha256-verified) into it, put the files "
                f"there, or point root (or $MINIGRAD_DATA) at a folder that holds them ({_WHERE})"
            )
        images, labels = (_verified(p.read_bytes(), n, str(p)) for n, p in paths.items())  # type: ignore[union-attr]
        if split != "test":
            rows = slice(None, TRAIN_SIZE) if split == "train" else slice(TRAIN_SIZE, None)
            images, labels = images[rows], labels[rows]
        # One pass, exact division (as PyTorch's ToTensor: x / 255).
        self.images = np.divide(images[:, None], np.float32(255), dtype=np.float32)
        self.labels = labels.astype(np.int64)

    def _find(self, name: str) -> Path | None:
        for candidate in (self.root / name, self.root / f"{name}.gz"):
            if candidate.is_file():
                return candidate
        return None

    def __len__(self) -> int:
        return len(self.labels)

    def __getitem__(self, index: int) -> tuple[Any, np.int64]:
        i = check_index(f"MNIST({self.split!r})", index, len(self))
        image = Tensor.constant(self.images[i])
        return (self.transform(image) if self.transform else image), self.labels[i]

    def __getitems__(self, indices: Sequence[int] | np.ndarray) -> Any:
        idx = check_indices(f"MNIST({self.split!r})", indices, len(self))
        if self.transform is not None:
            # A transform is written for one image; batching its outputs is the collate's job.
            return [self[int(i)] for i in idx]
        return Tensor.constant(self.images[idx]), Tensor.constant(self.labels[idx])

    def __repr__(self) -> str:
        return f"MNIST(root={str(self.root)!r}, split={self.split!r}, samples={len(self)})"
