"""ONNX import: an ONNX graph of the supported operators as a minigrad Module.

:func:`load` reads the file with the ``onnx`` package and returns an :class:`OnnxModule`
whose floating-point initializers are :class:`~minigrad.nn.Parameter`\\ s (so the imported
model can be fine-tuned) and whose ``forward`` runs the graph's nodes in order with minigrad
ops (:data:`_RUN` is the table, one small function per ONNX operator). An operator with no
entry raises naming it when the model is loaded, not when it first runs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import numpy as np

from .. import nn
from ..nn import functional as F
from ..ops import elementwise as ew
from ..ops import linalg, reduce, shape
from ..tensor import Tensor
from ._graph import UnsupportedOperatorError, _onnx

__all__ = ["OnnxModule", "load"]

Attrs = dict[str, Any]


def _pool_args(x: Tensor, a: Attrs, fill: float | None) -> tuple[Tensor, int, Any, Any, Any]:
    """The input (padded explicitly with ``fill`` when the pads differ per side), the spatial
    rank, kernel, strides and the symmetric padding left for minigrad's pooling."""
    d = x.ndim - 2
    pads = list(a.get("pads", [0] * (2 * d)))
    if pads[:d] != pads[d:]:
        if fill is None:
            raise UnsupportedOperatorError(
                f"AveragePool with count_include_pad=0 and unequal pads {pads} is not supported"
            )
        x = shape.pad(x, [(0, 0), (0, 0), *zip(pads[:d], pads[d:])], constant_values=fill)
        pads = [0] * (2 * d)
    return x, d, list(a["kernel_shape"]), list(a.get("strides", [1] * d)), pads[:d]


def _conv(ins: list[Any], a: Attrs) -> Tensor:
    x, w, *b = ins
    d = x.ndim - 2
    pads = list(a.get("pads", [0] * (2 * d)))
    if pads[:d] != pads[d:]:
        x = shape.pad(x, [(0, 0), (0, 0), *zip(pads[:d], pads[d:])])
        pads = [0] * (2 * d)
    conv = getattr(F, f"conv{d}d")
    return conv(
        x,
        w,
        b[0] if b else None,
        stride=tuple(a.get("strides", [1] * d)),
        padding=tuple(pads[:d]),
        dilation=tuple(a.get("dilations", [1] * d)),
        groups=a.get("group", 1),
    )


def _max_pool(ins: list[Any], a: Attrs) -> Tensor:
    x, d, k, s, p = _pool_args(ins[0], a, -np.inf)
    pool = getattr(F, f"max_pool{d}d")
    dil = tuple(a.get("dilations", [1] * d))
    return pool(x, tuple(k), tuple(s), tuple(p), dil, ceil_mode=bool(a.get("ceil_mode", 0)))


def _avg_pool(ins: list[Any], a: Attrs) -> Tensor:
    include = bool(a.get("count_include_pad", 0))
    x, d, k, s, p = _pool_args(ins[0], a, 0.0 if include else None)
    pool = getattr(F, f"avg_pool{d}d")
    return pool(
        x,
        tuple(k),
        tuple(s),
        tuple(p),
        ceil_mode=bool(a.get("ceil_mode", 0)),
        count_include_pad=include,
    )


def _gemm(ins: list[Any], a: Attrs) -> Tensor:
    x, w, *c = ins
    x = x.T if a.get("transA", 0) else x
    w = w.T if a.get("transB", 0) else w
    y = linalg.matmul(x, w) * a.get("alpha", 1.0)
    return y + c[0] * a.get("beta", 1.0) if c else y


def _reshape(ins: list[Any], a: Attrs) -> Tensor:
    x, target = ins
    dims = [int(v) for v in np.asarray(target.array if isinstance(target, Tensor) else target)]
    if not a.get("allowzero", 0):
        dims = [x.shape[i] if v == 0 else v for i, v in enumerate(dims)]
    return shape.reshape(x, tuple(dims))


def _flatten(ins: list[Any], a: Attrs) -> Tensor:
    x, axis = ins[0], a.get("axis", 1) % max(ins[0].ndim, 1)
    lead = int(np.prod(x.shape[:axis]))
    return shape.reshape(x, (lead, -1))


def _axes(ins: list[Any], a: Attrs) -> tuple[int, ...] | None:
    if len(ins) > 1 and ins[1] is not None:
        return tuple(int(v) for v in np.asarray(ins[1].array))
    return tuple(a["axes"]) if "axes" in a else None


def _reduction(fn: Callable[..., Tensor]) -> Callable[[list[Any], Attrs], Tensor]:
    def run(ins: list[Any], a: Attrs) -> Tensor:
        return fn(ins[0], axis=_axes(ins, a), keepdims=bool(a.get("keepdims", 1)))

    return run


def _slice(ins: list[Any], a: Attrs) -> Tensor:
    x, starts, ends, *rest = ins
    as_list = lambda t: [int(v) for v in np.asarray(t.array)]  # noqa: E731
    axes = as_list(rest[0]) if rest and rest[0] is not None else list(range(len(as_list(starts))))
    steps = as_list(rest[1]) if len(rest) > 1 else [1] * len(axes)
    index = [slice(None)] * x.ndim
    for ax, s, e, st in zip(axes, as_list(starts), as_list(ends), steps):
        stop = None if (st < 0 and e < -(2**31)) or e > 2**31 else e
        index[ax] = slice(s, stop, st)
    return x[tuple(index)]


def _squeeze(ins: list[Any], a: Attrs) -> Tensor:
    return shape.squeeze(ins[0], _axes(ins, a))


def _unsqueeze(ins: list[Any], a: Attrs) -> Tensor:
    axes = _axes(ins, a)
    assert axes is not None, "ONNX's Unsqueeze always has axes"
    return shape.expand_dims(ins[0], axes)


def _pad(ins: list[Any], a: Attrs) -> Tensor:
    if a.get("mode", b"constant") not in (b"constant", "constant"):
        raise UnsupportedOperatorError(f"Pad mode {a['mode']!r} is not supported")
    x, pads = ins[0], [int(v) for v in np.asarray(ins[1].array)]
    value = float(ins[2].item()) if len(ins) > 2 and ins[2] is not None else 0.0
    n = x.ndim
    return shape.pad(x, list(zip(pads[:n], pads[n:])), constant_values=value)


def _batch_norm(ins: list[Any], a: Attrs) -> Tensor:
    x, scale, bias, mean, var = ins[:5]
    view = (1, -1) + (1,) * (x.ndim - 2)
    inv = scale / ew.sqrt(var + a.get("epsilon", 1e-5))
    return (x - mean.reshape(view)) * inv.reshape(view) + bias.reshape(view)


def _cast(ins: list[Any], a: Attrs) -> Tensor:
    onnx = _onnx()
    return ew.astype(ins[0], onnx.helper.tensor_dtype_to_np_dtype(a["to"]))


def _shape(ins: list[Any], a: Attrs) -> Tensor:
    dims = ins[0].shape[a.get("start", 0) : a.get("end")]
    return Tensor.constant(np.asarray(dims, np.int64))


def _gather(ins: list[Any], a: Attrs) -> Tensor:
    x, indices = ins
    index = np.asarray(indices.array)
    axis = a.get("axis", 0) % x.ndim
    return x[(slice(None),) * axis + (np.where(index < 0, index + x.shape[axis], index),)]


def _constant_of_shape(ins: list[Any], a: Attrs) -> Tensor:
    onnx = _onnx()
    value = onnx.numpy_helper.to_array(a["value"]) if "value" in a else np.zeros(1, np.float32)
    dims = tuple(int(v) for v in np.asarray(ins[0].array))
    return Tensor.constant(np.full(dims, value.reshape(-1)[0], value.dtype))


def _unary(fn: Callable[[Tensor], Tensor]) -> Callable[[list[Any], Attrs], Tensor]:
    return lambda ins, a: fn(ins[0])


def _binary(fn: Callable[[Any, Any], Tensor]) -> Callable[[list[Any], Attrs], Tensor]:
    return lambda ins, a: fn(ins[0], ins[1])


_RUN: dict[str, Callable[[list[Any], Attrs], Any]] = {
    "Add": _binary(ew.add),
    "Sub": _binary(ew.subtract),
    "Mul": _binary(ew.multiply),
    "Div": _binary(ew.divide),
    "Pow": _binary(ew.power),
    "Max": _binary(ew.maximum),
    "Min": _binary(ew.minimum),
    "MatMul": _binary(linalg.matmul),
    "Neg": _unary(ew.negative),
    "Exp": _unary(ew.exp),
    "Log": _unary(ew.log),
    "Sqrt": _unary(ew.sqrt),
    "Abs": _unary(ew.abs),
    "Sin": _unary(ew.sin),
    "Cos": _unary(ew.cos),
    "Tanh": _unary(ew.tanh),
    "Sigmoid": _unary(ew.sigmoid),
    "Relu": _unary(ew.relu),
    "Identity": _unary(lambda x: x),
    "Dropout": _unary(lambda x: x),
    "Conv": _conv,
    "MaxPool": _max_pool,
    "AveragePool": _avg_pool,
    "GlobalAveragePool": lambda ins, a: reduce.mean(
        ins[0], axis=tuple(range(2, ins[0].ndim)), keepdims=True
    ),
    "Gemm": _gemm,
    "Reshape": _reshape,
    "Flatten": _flatten,
    "Transpose": lambda ins, a: shape.transpose(ins[0], a.get("perm")),
    "Softmax": lambda ins, a: F.softmax(ins[0], dim=a.get("axis", -1)),
    "LogSoftmax": lambda ins, a: F.log_softmax(ins[0], dim=a.get("axis", -1)),
    "ReduceSum": _reduction(reduce.sum),
    "ReduceMean": _reduction(reduce.mean),
    "Concat": lambda ins, a: shape.concatenate(ins, axis=a["axis"]),
    "Slice": _slice,
    "Squeeze": _squeeze,
    "Unsqueeze": _unsqueeze,
    "Pad": _pad,
    "Clip": lambda ins, a: ew.clip(ins[0], *(ins[1:3] + [None] * (3 - len(ins)))),
    "Where": lambda ins, a: ew.where(ins[0], ins[1], ins[2]),
    "Expand": lambda ins, a: shape.broadcast_to(
        ins[0], np.broadcast_shapes(ins[0].shape, tuple(np.asarray(ins[1].array).tolist()))
    ),
    "Cast": _cast,
    "BatchNormalization": _batch_norm,
    "Einsum": lambda ins, a: linalg.einsum(a["equation"], *ins),
    # Shapes computed at run time (a dynamic batch): constants, not recorded.
    "Shape": _shape,
    "Gather": _gather,
    "ConstantOfShape": _constant_of_shape,
}


def _attributes(onnx: Any, node: Any) -> Attrs:
    out = {}
    for attr in node.attribute:
        value = onnx.helper.get_attribute_value(attr)
        out[attr.name] = value.decode() if isinstance(value, bytes) else value
    return out


def _parameter_name(name: str, taken: set[str]) -> str:
    base = re.sub(r"\W", "_", name) or "p"
    base = f"p_{base}" if base[0].isdigit() else base
    candidate, i = base, 1
    while candidate in taken:
        candidate, i = f"{base}_{i}", i + 1
    taken.add(candidate)
    return candidate


class OnnxModule(nn.Module):
    """A Module running an imported ONNX graph with minigrad ops.

    Floating-point initializers are Parameters (named after the ONNX initializer, with
    characters other than letters, digits and ``_`` replaced by ``_``); integer ones (shapes,
    axes) are buffers that are not saved. ``forward`` takes the graph's inputs in order and
    returns its single output, or a tuple for several.
    """

    def __init__(self, proto: Any) -> None:
        super().__init__()
        onnx = _onnx()
        graph = proto.graph
        missing = sorted({n.op_type for n in graph.node} - _RUN.keys())
        if missing:
            raise UnsupportedOperatorError(
                f"onnx.load: no minigrad mapping for the operators {missing}"
            )
        self._nodes = [
            (n.op_type, list(n.input), list(n.output), _attributes(onnx, n)) for n in graph.node
        ]
        self._constants: dict[str, Tensor] = {}
        self._parameters_by_onnx: dict[str, str] = {}
        taken: set[str] = set()
        for init in graph.initializer:
            array = onnx.numpy_helper.to_array(init).copy()
            if array.dtype.kind == "f":
                pname = _parameter_name(init.name, taken)
                self.register_parameter(pname, nn.Parameter(Tensor.constant(array)))
                self._parameters_by_onnx[init.name] = pname
            else:
                self._constants[init.name] = Tensor.constant(array)
        for n in graph.node:
            if n.op_type == "Constant":
                raise UnsupportedOperatorError("onnx.load: Constant nodes are not supported")
        init_names = {i.name for i in graph.initializer}
        self.input_names = [i.name for i in graph.input if i.name not in init_names]
        self.output_names = [o.name for o in graph.output]

    def forward(self, *inputs: Tensor) -> Any:
        if len(inputs) != len(self.input_names):
            raise TypeError(
                f"OnnxModule: expected {len(self.input_names)} inputs {self.input_names}, "
                f"got {len(inputs)}"
            )
        env: dict[str, Any] = dict(zip(self.input_names, inputs))
        env.update(self._constants)
        env.update({o: getattr(self, p) for o, p in self._parameters_by_onnx.items()})
        env[""] = None
        for op, ins, outs, attrs in self._nodes:
            env[outs[0]] = _RUN[op]([env[i] for i in ins], attrs)
        results = [env[o] for o in self.output_names]
        return results[0] if len(results) == 1 else tuple(results)


def load(f: Any) -> OnnxModule:
    """Import an ONNX model file (a path or a binary file object) as an :class:`OnnxModule`.

    Raises
    ------
    UnsupportedOperatorError
        If the graph uses an operator minigrad has no mapping for (all are named).
    """
    onnx = _onnx()
    proto = onnx.load(f)
    return OnnxModule(proto)
