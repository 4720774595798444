"""ONNX export: trace one forward call's recorded graph and write it as an ONNX model.

minigrad already records every op of a forward pass as a :class:`~minigrad.autograd.Function`
node. :func:`export` runs the model once on the example inputs with graph recording on, walks
those nodes from the outputs back to the inputs, and emits one or a few ONNX operators per
node (the table is in :mod:`._mappings`). Parameters and buffers become initializers; the
example inputs become the graph's inputs. With a dynamic batch axis the model is traced a
second time with a larger batch, and the shapes that differ are built at run time
(:mod:`._graph`). An op with no entry raises naming it, so nothing is exported wrong
silently.

Needs the ``onnx`` package (``pip install "minigrad-ag[onnx]"``); ONNX Runtime runs the result.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ..autograd import enable_grad
from ..tensor import Tensor
from ._graph import UnsupportedOperatorError, _Graph, _onnx
from ._mappings import _EMIT, OpNode

__all__ = ["UnsupportedOperatorError", "export"]


def _forward_order(outputs: Sequence[Tensor]) -> list[Tensor]:
    """The recorded tensors reachable from ``outputs``, each after all of its inputs."""
    order: list[Tensor] = []
    done: set[int] = set()
    stack: list[tuple[Tensor, bool]] = [(t, False) for t in reversed(outputs)]
    while stack:
        t, expanded = stack.pop()
        if id(t) in done:
            continue
        if expanded or t._ctx is None:
            done.add(id(t))
            order.append(t)
            continue
        stack.append((t, True))
        assert t._ctx.inputs is not None, "exported graphs are live (not released)"
        for a in reversed(t._ctx.inputs):
            if isinstance(a, Tensor) and id(a) not in done:
                stack.append((a, False))
    return order


# The ops whose array (not Tensor) operands are data, written as initializers.
_ARRAY_OPERANDS = {"Add", "Subtract", "Multiply", "Divide", "Power", "Maximum", "Minimum", "Where"}


def _input_names(g: _Graph, ctx: OpNode, out: Tensor) -> list[str]:
    twin: OpNode = g.twins[id(out)]._ctx if id(out) in g.twins else ctx  # the second trace's
    names = []
    for k, a in enumerate(ctx.inputs):
        if isinstance(a, Tensor):
            names.append(g.names[id(a)])
        elif a is None:
            names.append("")
        elif isinstance(a, (int, float, np.number, bool)) and not isinstance(a, bool):
            names.append(g.constant(a, out.dtype, "scalar"))
        elif (
            isinstance(a, np.ndarray)
            and a.dtype.kind in "biuf"
            and type(ctx).__name__ in _ARRAY_OPERANDS
        ):
            if np.shape(twin.inputs[k]) != a.shape:
                raise UnsupportedOperatorError(
                    f"export: {type(ctx).__name__} has an array operand of shape {a.shape} that "
                    "changes with the batch size; a dynamic batch needs it as a Tensor"
                )
            names.append(g.constant(a, a.dtype if a.dtype == bool else out.dtype, "array"))
        else:
            names.append("")
    return names


# torch.onnx.export arguments that change nothing here (accepted so its calls run).
_IGNORED_ARGUMENTS = {"verbose", "do_constant_folding", "training", "keep_initializers_as_inputs"}


def _dynamic_axes(dynamic_axes: Any) -> dict[str, dict[int, str]]:
    """``dynamic_axes`` as ``{name: {axis: label}}`` (a list of axes gets generated labels)."""
    out = {}
    for name, axes in (dynamic_axes or {}).items():
        out[name] = dict(axes) if isinstance(axes, dict) else {a: f"{name}_dim{a}" for a in axes}
    return out


def _trace(model: Callable[..., Any], inputs: tuple[Tensor, ...]) -> tuple[list, list]:
    """Run ``model`` once in eval mode, recording every op (the inputs are fresh copies that
    require grad), and put the model back in the mode it was in."""
    traced = []
    for a in inputs:
        t = Tensor.constant(np.array(a.array))
        if t.dtype.kind == "f":
            t.requires_grad_(True)  # so that every op on the input is recorded
        traced.append(t)
    training = getattr(model, "training", None)
    with contextlib.ExitStack() as stack:
        if training is not None:
            model.eval()  # type: ignore[attr-defined]
            stack.callback(model.train, training)  # type: ignore[attr-defined]
        with enable_grad():
            result = model(*traced)
    return traced, [result] if isinstance(result, Tensor) else list(result)


def _batch_axes(names: Sequence[str], axes: dict[str, dict[int, str]]) -> dict[str, int]:
    """Each input's batch axis: the first of its dynamic axes (``(T, B, ·)`` sequences have
    it at 1); the batch is the one dynamic size traced twice."""
    return {n: min(axes[n]) for n in names if axes.get(n)}


def _batch(
    inputs: Sequence[Tensor], names: Sequence[str], batch_axes: dict[str, int]
) -> tuple[str, int, int, int] | None:
    """The first input with a batch axis, that axis, the traced batch size and the second
    trace's (one more); None without a dynamic axis."""
    dynamic = [(n, a) for n, a in zip(names, inputs) if n in batch_axes]
    sizes = {a.shape[batch_axes[n]] if batch_axes[n] < a.ndim else 0 for n, a in dynamic}
    if len(sizes) > 1 or 0 in sizes:
        raise ValueError(
            "export: the example inputs' first dynamic axes (the batch) must share one size "
            f"of at least 1, got {sorted(sizes)}"
        )
    if not dynamic:
        return None
    name, n = dynamic[0][0], sizes.pop()
    return name, batch_axes[name], n, n + 1


def _grown(
    inputs: Sequence[Tensor], names: Sequence[str], batch_axes: dict[str, int], n: int
) -> list[Tensor]:
    """The example inputs with ``n`` entries on their batch axes (entries repeated)."""
    out = []
    for a, name in zip(inputs, names):
        if name in batch_axes:
            axis = batch_axes[name]
            a = Tensor.constant(np.take(a.array, np.arange(n) % a.shape[axis], axis=axis))
        out.append(a)
    return out


def _pair(g: _Graph, order: list[Tensor], twin_order: list[Tensor]) -> None:
    """Match every traced tensor with the same tensor of the second trace."""
    if len(order) != len(twin_order) or any(
        type(a._ctx) is not type(b._ctx) or a.ndim != b.ndim for a, b in zip(order, twin_order)
    ):
        raise UnsupportedOperatorError(
            "export: the model records a different graph for another batch size, so it "
            "cannot be exported with a dynamic batch axis"
        )
    g.twins.update({id(a): b for a, b in zip(order, twin_order)})


def _emit_graph(g: _Graph, model: Any, order: list[Tensor]) -> None:
    """One ONNX node (or a few) per recorded op, in forward order; leaves become
    initializers named after the model's parameters and buffers."""
    named = {id(p): n for n, p in getattr(model, "named_parameters", lambda: [])()}
    named.update({id(b): n for n, b in getattr(model, "named_buffers", lambda: [])()})
    for t in order:
        if id(t) in g.names:
            continue
        if t._ctx is None:
            g.names[id(t)] = g.leaf(t, named.get(id(t)))
            continue
        op = type(t._ctx).__name__
        emit = _EMIT.get(op)
        if emit is None:
            raise UnsupportedOperatorError(
                f"export: the op {op} (output shape {t.shape}) has no ONNX mapping"
            )
        g.names[id(t)] = emit(g, t._ctx, _input_names(g, t._ctx, t), t)


def _value_info(g: _Graph, name: str, t: Tensor, axes: dict[str, dict[int, str]]) -> Any:
    """A graph input's or output's type: its dtype and shape, dynamic axes by label (an
    axis that follows the batch without being named in ``dynamic_axes`` gets a label too,
    so the declared shape is true for every batch size)."""
    dims = axes.get(name, {})
    twin = g.twin_shape(t)
    shape = [dims.get(i, f"{name}_dim{i}" if s != twin[i] else s) for i, s in enumerate(t.shape)]
    dtype = g.onnx.helper.np_dtype_to_tensor_dtype(t.dtype)
    return g.onnx.helper.make_tensor_value_info(name, dtype, shape)


def _model(g: _Graph, inputs: dict[str, Tensor], outputs: dict[str, Tensor], axes: Any) -> Any:
    """The checked ``ModelProto`` of the emitted graph, its outputs named as asked."""
    onnx = g.onnx
    for name, t in outputs.items():  # an Identity from the computed value to the output name
        g.nodes.append(onnx.helper.make_node("Identity", [g.names[id(t)]], [name]))
    used = {name for node in g.nodes for name in node.input}
    graph = onnx.helper.make_graph(
        g.nodes,
        "minigrad",
        [_value_info(g, n, t, axes) for n, t in inputs.items()],
        [_value_info(g, n, t, axes) for n, t in outputs.items()],
        [init for init in g.initializers if init.name in used],
    )
    proto = onnx.helper.make_model(
        graph,
        producer_name="minigrad",
        opset_imports=[onnx.helper.make_opsetid("", g.opset)],
    )
    proto.ir_version = min(proto.ir_version, 9)  # what current ONNX Runtime releases read
    onnx.checker.check_model(proto)
    return proto


def export(
    model: Callable[..., Tensor],
    args: Tensor | Sequence[Tensor],
    f: Any,
    *,
    input_names: Sequence[str] | None = None,
    output_names: Sequence[str] | None = None,
    dynamic_axes: dict[str, dict[int, str] | Sequence[int]] | None = None,
    opset_version: int = 17,
    export_params: bool = True,
    **unused: Any,
) -> Any:
    """Export ``model`` (a Module or any function of Tensors) to an ONNX file.

    The arguments follow ``torch.onnx.export``: ``args`` are example inputs (a Tensor or a
    tuple), ``f`` a path or a binary file object; ``dynamic_axes`` maps an input or output
    name to the axes that vary (``{"x": {0: "batch"}}``). A Module is traced in eval mode (so
    dropout is the identity and batch norm uses its running statistics) and put back in the
    mode it was in. Returns the ``onnx.ModelProto``.

    The first dynamic axis of each input is the batch (axis 1 for a ``(T, B, ·)`` sequence):
    the model is traced a second time with one more entry on it, and every shape that
    differs between the two traces (reshape targets, a recurrent layer's zero initial
    states, outputs) is computed from the run-time batch size, so one file serves every
    batch size. Further dynamic axes are only labelled in the declared input and output
    types; the graph is not traced for them.

    Raises
    ------
    UnsupportedOperatorError
        If the forward pass uses an op with no ONNX mapping (the message names it), or, with
        a dynamic batch, records a different graph for another batch size, or makes a
        constant that changes with it and is not one repeated value.
    ValueError
        If the inputs' batch axes have different sizes.

    Examples
    --------
    >>> import minigrad as mg, minigrad.onnx  # doctest: +SKIP
    >>> model = mg.nn.Sequential(mg.nn.Linear(4, 3), mg.nn.ReLU())  # doctest: +SKIP
    >>> mg.onnx.export(model, mg.randn(2, 4), "m.onnx", dynamic_axes={"input": {0: "n"}})
    ... # doctest: +SKIP
    """
    onnx = _onnx()
    if unused.keys() - _IGNORED_ARGUMENTS:
        raise TypeError(f"export: unexpected arguments {sorted(unused)}")
    if not export_params:
        raise ValueError("export: export_params=False is not supported (weights are written)")
    inputs = (args,) if isinstance(args, Tensor) else tuple(args)
    if not all(isinstance(a, Tensor) for a in inputs):
        raise TypeError("export: args must be a Tensor or a tuple of Tensors")
    input_names = list(input_names or [f"input{i}" if i else "input" for i in range(len(inputs))])
    axes = _dynamic_axes(dynamic_axes)
    traced, outputs = _trace(model, inputs)
    output_names = list(
        output_names or [f"output{i}" if i else "output" for i in range(len(outputs))]
    )
    batch_axes = _batch_axes(input_names, axes)
    g = _Graph(onnx, opset_version, _batch(traced, input_names, batch_axes))
    order = _forward_order(outputs)
    if g.batch is not None:
        grown = _grown(inputs, input_names, batch_axes, g.batch[3])
        twin_outputs = _trace(model, tuple(grown))[1]
        _pair(g, order, _forward_order(twin_outputs))
    g.names.update({id(t): name for t, name in zip(traced, input_names)})
    _emit_graph(g, model, order)
    proto = _model(g, dict(zip(input_names, traced)), dict(zip(output_names, outputs)), axes)
    if isinstance(f, (str, bytes)) or hasattr(f, "__fspath__"):
        onnx.save(proto, f)
    else:
        f.write(proto.SerializeToString())
    return proto
