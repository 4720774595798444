"""The structure walk of minigrad's checkpoints: :class:`Encoder` turns nested dicts, lists,
tuples, Tensors, arrays and Python values into a JSON tree whose leaves name array members;
:class:`Decoder` turns such a tree back, reading the members of the ``.npz`` archive
(:mod:`minigrad.formats.npz`) as it meets them. Used by :mod:`minigrad.serialization`.
"""

from __future__ import annotations

import math
import zipfile
import zlib
from typing import Any

import numpy as np

from ..tensor import Tensor
from . import npz

# Nesting levels of the structure; a real state dict has a handful.
MAX_DEPTH = 200


class Encoder:
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


class Decoder:
    """The inverse of :class:`Encoder`; raises ``ValueError`` on anything malformed."""

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
                raise npz.corrupt(self.source, f"the array member {name!r} is missing") from None
            try:
                with self.archive.open(info) as fh:
                    self._arrays[name] = npz.read_npy(fh, info, self.source)
            except (zipfile.BadZipFile, ValueError, EOFError, OSError, zlib.error) as e:
                if str(e).startswith("load:"):
                    raise
                raise npz.corrupt(
                    self.source, f"the array member {member!r} is unreadable ({e})"
                ) from e
            except (NotImplementedError, RuntimeError) as e:  # unknown compression, encryption
                raise npz.corrupt(self.source, f"the array member {member!r}: {e}") from None
        return self._arrays[name]

    def decode(self, node: Any, depth: int = 0) -> Any:
        if node is None or isinstance(node, (bool, str, int, float)):
            return node
        if depth > MAX_DEPTH:
            raise npz.corrupt(self.source, f"its structure is nested more than {MAX_DEPTH} levels")
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
        raise npz.corrupt(self.source, f"unexpected entry {str(node)[:80]!r} in its structure")

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
                raise npz.corrupt(self.source, f"malformed dict entry {str(pair)[:80]!r}")
            key = self.decode(pair[0], depth)
            if isinstance(key, list) or not _is_key(key):
                raise npz.corrupt(self.source, f"unhashable dict key {str(pair[0])[:80]!r}")
            out[key] = self.decode(pair[1], depth)
        return out
