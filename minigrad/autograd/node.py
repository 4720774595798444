"""What a graph node shows of itself: names, edges, and descriptions that outlive a backward pass.

A released node (see ``Function.release``) keeps no array, yet diagrams and PyTorch's
``grad_fn.next_functions`` still need the graph's structure. So release turns what the node
held into descriptions:

- a Tensor an op made is kept as its node (``Function.input_meta`` shows it as a
  :class:`TensorMeta` whose ``grad_fn`` is that node, with the shape and dtype the node
  recorded as its ``output_meta``);
- a Tensor no op made (a leaf, a constant) becomes a :class:`TensorMeta` (shape, dtype, name,
  ``requires_grad`` and a weak reference to the tensor itself);
- an ndarray becomes an :class:`ArrayMeta` (shape, dtype);
- plain values (numbers, strings, ``None``, slices, dtypes, frozen geometry dataclasses of
  plain fields, and tuples/lists of all these) stay as they are;
- anything else is dropped (but for the creation stack anomaly mode records).
"""

from __future__ import annotations

import dataclasses
import weakref
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from ..tensor import Tensor

if TYPE_CHECKING:
    from .function import Function


class OpName(str):
    """An op's name, ``"Multiply"``. Called, as PyTorch's ``grad_fn.name()``, it gives the
    node's name, ``"MultiplyBackward"``."""

    __slots__ = ()

    def __call__(self) -> str:
        return f"{self}Backward"


class TensorMeta(NamedTuple):
    """A tensor argument of a node, as the node remembers it."""

    shape: tuple[int, ...] | None
    dtype: np.dtype | None
    name: str | None
    requires_grad: bool
    grad_fn: Function | None  # the node that made it; None for a leaf or a constant
    # The tensor itself, while something else keeps it alive; None for a tensor an op made
    # (its node, ``grad_fn``, stands for it).
    ref: weakref.ref[Tensor] | None

    @property
    def tensor(self) -> Tensor | None:
        """The tensor no op made (a leaf, a constant), or None if it is gone."""
        return None if self.ref is None else self.ref()


class ArrayMeta(NamedTuple):
    """An ndarray the node held (a constant argument, a mask), by shape and dtype only."""

    shape: tuple[int, ...]
    dtype: np.dtype


class AccumulateGrad:
    """PyTorch's name for the edge into a leaf: ``next_functions`` gives one for each leaf
    that requires grad; ``variable`` is the leaf (None if it no longer exists)."""

    __slots__ = ("variable",)
    next_functions: tuple[()] = ()

    def __init__(self, variable: Tensor | None) -> None:
        self.variable = variable

    def name(self) -> str:
        return "AccumulateGrad"

    def __repr__(self) -> str:
        return "<AccumulateGrad>"


_DROP = object()
PLAIN_TYPES = frozenset({type(None), bool, int, float, complex, str, type(Ellipsis), np.dtype})
_new = tuple.__new__  # the NamedTuples above, built without their Python-level __new__
_ref = weakref.ref


def describe(v: Any) -> Any:
    """``v`` as a released node keeps it: a Tensor as a :class:`TensorMeta`, an ndarray as an
    :class:`ArrayMeta`, a plain value as it is, anything else as None."""
    if isinstance(v, Tensor):
        a, node = v.array, v._ctx
        ref = None if node is not None else _ref(v)
        return _new(TensorMeta, (a.shape, a.dtype, v.name, v._requires_grad, node, ref))
    d = _describe(v)
    return None if d is _DROP else d


def _is_plain(v: Any) -> bool:
    t = type(v)
    if t in PLAIN_TYPES or isinstance(v, (np.dtype, np.generic)):
        return True
    if t is tuple or t is list:
        return all(_is_plain(x) for x in v)
    if t is slice:
        return _is_plain((v.start, v.stop, v.step))
    if dataclasses.is_dataclass(v) and not isinstance(v, type):
        return all(_is_plain(getattr(v, f.name)) for f in dataclasses.fields(v))
    return False


def _describe(v: Any) -> Any:
    if _is_plain(v):
        return v
    if isinstance(v, (Tensor, np.ndarray)):
        return describe(v) if isinstance(v, Tensor) else _new(ArrayMeta, (v.shape, v.dtype))
    if type(v) is tuple or type(v) is list:
        parts = [_describe(x) for x in v]
        return _DROP if any(p is _DROP for p in parts) else type(v)(parts)
    return _DROP


def describe_state(state: dict[str, Any]) -> dict[str, Any]:
    """The entries of a node's dictionary (or of its ``attrs``) that survive release: the
    public ones, described, and the creation stack (anomaly mode) as it is; private ones
    (``_saved``, ``_output``) are dropped."""
    kept = {}
    for key, value in state.items():
        if key == "stack":
            kept[key] = value
        elif key[0] != "_":
            d = _describe(value)
            if d is not _DROP:
                kept[key] = d
    return kept
