"""The ONNX graph under construction, and how shapes that follow a dynamic batch are built.

A traced graph knows only the example batch's shapes. With a dynamic batch axis the exporter
traces the model twice, with two batch sizes; a dimension that differs between the traces is
taken to be affine in the batch size, ``a + b·N``, and is built at run time from the graph
input's batch size (``Shape`` → ``Gather`` → ``Mul``/``Add`` → ``Concat``): reshape targets,
``Expand`` shapes, and the ``ConstantOfShape`` that replaces a constant made in the forward
pass (an LSTM's zero initial state). Dimensions equal in both traces stay constants.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..tensor import Tensor

__all__ = ["UnsupportedOperatorError"]


class UnsupportedOperatorError(RuntimeError):
    """The traced graph holds an op that has no ONNX mapping."""


def _onnx() -> Any:
    try:
        import onnx
    except ImportError:
        raise ImportError(
            'minigrad.onnx needs the onnx package: pip install onnx onnxruntime (or the "onnx" '
            "extra of minigrad)"
        ) from None
    return onnx


class _Graph:
    """Nodes, initializers and one name per tensor; ``twins`` maps a traced tensor to the
    same tensor of the second trace (empty without a dynamic batch)."""

    def __init__(self, onnx: Any, opset: int, batch: tuple[str, int, int, int] | None) -> None:
        self.onnx, self.opset = onnx, opset
        # (the graph input holding the batch, its batch axis, the two traced batch sizes)
        self.batch = batch
        self.nodes: list[Any] = []
        self.initializers: list[Any] = []
        self.names: dict[int, str] = {}
        self.twins: dict[int, Tensor] = {}
        self._count = 0
        self._ints: dict[tuple[int, ...], str] = {}  # one initializer per integer vector
        self._runtime_batch: str | None = None

    def fresh(self, hint: str) -> str:
        self._count += 1
        return f"{hint}_{self._count}"

    def node(self, op: str, inputs: Sequence[str], **attrs: Any) -> str:
        out = self.fresh(op.lower())
        self.nodes.append(self.onnx.helper.make_node(op, list(inputs), [out], **attrs))
        return out

    def constant(self, value: Any, dtype: Any, hint: str = "const") -> str:
        name = self.fresh(hint)
        array = np.asarray(value, dtype=dtype)
        self.initializers.append(self.onnx.numpy_helper.from_array(array, name))
        return name

    def ints(self, values: Sequence[int], hint: str = "ints") -> str:
        key = tuple(int(v) for v in values)
        if key not in self._ints:
            self._ints[key] = self.constant(np.asarray(key, np.int64), np.int64, hint)
        return self._ints[key]

    def twin_shape(self, t: Tensor) -> tuple[int, ...]:
        """``t``'s shape in the second trace (its own shape when there is none)."""
        twin = self.twins.get(id(t))
        return t.shape if twin is None else twin.shape

    def varies(self, t: Tensor) -> bool:
        return self.twin_shape(t) != t.shape

    def shape_of(self, t: Tensor, hint: str = "shape") -> str:
        """A 1-D int64 tensor holding ``t``'s shape at run time."""
        return self.shape(t.shape, self.twin_shape(t), hint)

    def shape(self, static: Sequence[int], twin: Sequence[int], hint: str = "shape") -> str:
        """The shape ``static`` (traced) / ``twin`` (second trace) at run time: dimensions
        that differ are ``a + b·N`` for the run-time batch size ``N``."""
        if tuple(static) == tuple(twin):
            return self.ints(static, hint)
        parts: list[str] = []
        fixed: list[int] = []
        for d1, d2 in zip(static, twin):
            if d1 == d2:
                fixed.append(d1)
                continue
            if fixed:
                parts.append(self.ints(fixed, hint))
                fixed = []
            parts.append(self._affine(d1, d2))
        if fixed:
            parts.append(self.ints(fixed, hint))
        return parts[0] if len(parts) == 1 else self.node("Concat", parts, axis=0)

    def _affine(self, d1: int, d2: int) -> str:
        assert self.batch is not None, "dimensions differ only between two traces"
        _, _, n1, n2 = self.batch
        slope, rest = divmod(d2 - d1, n2 - n1)
        if rest:
            raise UnsupportedOperatorError(
                f"export: a dimension is {d1} for a batch of {n1} and {d2} for {n2}: not a "
                "whole multiple of the batch size, so it cannot follow a dynamic batch"
            )
        dim = self.runtime_batch()
        if slope != 1:
            dim = self.node("Mul", [dim, self.ints([slope], "slope")])
        if d1 - slope * n1:
            dim = self.node("Add", [dim, self.ints([d1 - slope * n1], "offset")])
        return dim

    def runtime_batch(self) -> str:
        """The batch size, ``[N]`` (1-D int64), read once from the batch input's shape."""
        if self._runtime_batch is None:
            assert self.batch is not None
            name, axis = self.batch[:2]
            shape = self.node("Shape", [name])
            self._runtime_batch = self.node("Gather", [shape, self.ints([axis], "batch_axis")])
        return self._runtime_batch

    def leaf(self, t: Tensor, name: str | None) -> str:
        """A tensor no op made: an initializer, or, when its shape follows the batch (a zero
        state made in the forward pass), a ``ConstantOfShape`` of its one value."""
        if name is not None or not self.varies(t):
            name = name or self.fresh("const")
            self.initializers.append(self.onnx.numpy_helper.from_array(np.asarray(t.array), name))
            return name
        flat = np.asarray(t.array).reshape(-1)
        if flat.size == 0 or np.any(flat != flat[0]):
            raise UnsupportedOperatorError(
                f"export: a constant of shape {t.shape} made in the forward pass changes with "
                "the batch size and is not one repeated value; only such constants (zero "
                "states) can follow a dynamic batch"
            )
        value = self.onnx.numpy_helper.from_array(flat[:1].copy(), self.fresh("value"))
        return self.node("ConstantOfShape", [self.shape_of(t)], value=value)
