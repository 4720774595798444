"""ONNX mappings of minigrad's ops: one small function per op and the table of them.

Each function gets the graph under construction, the recorded node, its inputs' ONNX names
and its traced output, and returns the name of the ONNX tensor it computed. Shapes that can
follow a dynamic batch come from :meth:`~._graph._Graph.shape` (never the traced shape
alone); the recurrent scans' mappings are in :mod:`._sequence`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from ..tensor import Tensor
from ._graph import UnsupportedOperatorError, _Graph
from ._sequence import SEQUENCE_EMIT

__all__: list[str] = []

# A recorded node: a Function subclass instance whose op-specific fields (``geo``, ``axis``,
# ``inner``...) its forward set in the instance dictionary, out of a type checker's sight.
OpNode = Any


def _emit_elementwise(op: str) -> Callable[..., str]:
    def emit(g: _Graph, ctx: OpNode, ins: list[str], out: Tensor) -> str:
        return g.node(op, ins)

    return emit


def _windows(ctx: OpNode) -> Any:
    """The window geometry a convolution (``geo``) or pooling (``win``) node recorded."""
    return ctx.geo if hasattr(ctx, "geo") else ctx.win


def _conv(g: _Graph, ctx: OpNode, ins: list[str], out: Tensor) -> str:
    geo = ctx.geo
    return g.node(
        "Conv",
        [i for i in ins if i],
        kernel_shape=list(geo.kernel),
        strides=list(geo.stride),
        pads=[*geo.pad_lo, *geo.pad_hi],
        dilations=list(geo.dilation),
        group=geo.groups,
    )


def _max_pool(g: _Graph, ctx: OpNode, ins: list[str], out: Tensor) -> str:
    geo = _windows(ctx)
    return g.node(
        "MaxPool",
        ins[:1],
        kernel_shape=list(geo.kernel),
        strides=list(geo.stride),
        pads=[*geo.pad_lo, *geo.pad_hi],
        dilations=list(geo.dilation),
    )


def _avg_pool(g: _Graph, ctx: OpNode, ins: list[str], out: Tensor) -> str:
    geo = _windows(ctx)
    scale = np.asarray(ctx.scale)
    full = 1.0 / float(np.prod(geo.kernel))
    if not np.allclose(scale, full):
        raise UnsupportedOperatorError(
            "AvgPool: only windows that all divide by the full kernel size export "
            "(count_include_pad=True without ceil-mode windows past the padding)"
        )
    return g.node(
        "AveragePool",
        ins[:1],
        kernel_shape=list(geo.kernel),
        strides=list(geo.stride),
        pads=[*geo.pad_lo, *geo.pad_hi],
        count_include_pad=1,
    )


def _adaptive_avg_pool(g: _Graph, ctx: OpNode, ins: list[str], out: Tensor) -> str:
    if all(s == 1 for s in out.shape[2:]):
        return g.node("GlobalAveragePool", ins[:1])
    raise UnsupportedOperatorError(
        f"AdaptiveAvgPool: only an output size of 1 exports (GlobalAveragePool); got "
        f"{out.shape[2:]}"
    )


def _matmul(g: _Graph, ctx: OpNode, ins: list[str], out: Tensor) -> str:
    a, b = ins[:2]
    ndims = [x.ndim for x in ctx.inputs[:2]]
    for flag, name, nd in ((ctx.ta, "a", ndims[0]), (ctx.tb, "b", ndims[1])):
        if flag:
            perm = [*range(nd - 2), nd - 1, nd - 2]
            t = g.node("Transpose", [a if name == "a" else b], perm=perm)
            a, b = (t, b) if name == "a" else (a, t)
    return g.node("MatMul", [a, b])


def _reshape(g: _Graph, ctx: OpNode, ins: list[str], out: Tensor) -> str:
    static, twin = list(out.shape), list(g.twin_shape(out))
    src = ctx.inputs[0]
    # A dimension that follows the batch as the input's at the same place does is 0 (copy
    # the input's); the others that follow it are computed from the run-time batch size.
    for i, pair in enumerate(zip(src.shape, g.twin_shape(src))):
        if i < len(static) and pair == (static[i], twin[i]) and pair[0] != pair[1]:
            static[i] = twin[i] = 0
    return g.node("Reshape", [ins[0], g.shape(static, twin)])


def _transpose(g: _Graph, ctx: OpNode, ins: list[str], out: Tensor) -> str:
    perm = np.argsort(ctx.inverse).tolist()
    return g.node("Transpose", ins[:1], perm=perm)


def _softmax(op: str) -> Callable[..., str]:
    def emit(g: _Graph, ctx: OpNode, ins: list[str], out: Tensor) -> str:
        return g.node(op, ins[:1], axis=int(getattr(ctx, "axis", getattr(ctx, "dim", -1))))

    return emit


def _reduce(op: str) -> Callable[..., str]:
    def emit(g: _Graph, ctx: OpNode, ins: list[str], out: Tensor) -> str:
        axes, keep = list(ctx.axes), int(bool(ctx.keepdims))
        if not axes:
            return g.node("Identity", ins[:1])
        if op == "ReduceSum" or g.opset >= 18:
            return g.node(op, [ins[0], g.ints(axes, "axes")], keepdims=keep)
        return g.node(op, ins[:1], axes=axes, keepdims=keep)

    return emit


def _concat(g: _Graph, ctx: OpNode, ins: list[str], out: Tensor) -> str:
    return g.node("Concat", ins, axis=int(ctx.axis))


def _stack(g: _Graph, ctx: OpNode, ins: list[str], out: Tensor) -> str:
    axis = g.ints([int(ctx.axis)], "axes")
    return g.node("Concat", [g.node("Unsqueeze", [i, axis]) for i in ins], axis=int(ctx.axis))


def _pad(g: _Graph, ctx: OpNode, ins: list[str], out: Tensor) -> str:
    before = [s.start for s in ctx.inner]
    after = [o - s.stop for o, s in zip(out.shape, ctx.inner)]
    value = g.constant(ctx.inputs[2] if len(ctx.inputs) > 2 else 0.0, out.dtype, "pad_value")
    return g.node("Pad", [ins[0], g.ints(before + after, "pads"), value], mode="constant")


def _astype(g: _Graph, ctx: OpNode, ins: list[str], out: Tensor) -> str:
    to = g.onnx.helper.np_dtype_to_tensor_dtype(out.dtype)
    return g.node("Cast", ins[:1], to=to)


# ONNX Slice's "to the end" and "to before the beginning" on an axis of any length.
_END, _BEFORE = int(np.iinfo(np.int64).max), int(np.iinfo(np.int64).min)


def _getitem(g: _Graph, ctx: OpNode, ins: list[str], out: Tensor) -> str:
    """Slice (and Squeeze for integer indices) with the index's own bounds, not ones resolved
    against the traced shape: ONNX Slice reads negative and out-of-range bounds as Python
    does, so the same node is right for any batch size."""
    index = ctx.index if isinstance(ctx.index, tuple) else (ctx.index,)
    rank = len(ctx.in_shape)
    if any(i is Ellipsis for i in index):
        at = index.index(Ellipsis)
        index = (*index[:at], *[slice(None)] * (rank - len(index) + 1), *index[at + 1 :])
    starts, ends, axes, steps, squeeze = [], [], [], [], []
    for axis, item in enumerate(index):
        if isinstance(item, slice):
            if item == slice(None):
                continue
            step = 1 if item.step is None else int(item.step)
            start = int(item.start) if item.start is not None else (0 if step > 0 else _END)
            stop = int(item.stop) if item.stop is not None else (_END if step > 0 else _BEFORE)
        elif isinstance(item, (int, np.integer)):
            start, step = int(item), 1
            stop = _END if start == -1 else start + 1
            squeeze.append(axis)
        else:
            raise UnsupportedOperatorError(
                f"GetItem: only integer and slice indexing exports, got {type(item).__name__}"
            )
        starts.append(start)
        ends.append(stop)
        axes.append(axis)
        steps.append(step)
    name = ins[0]
    if axes:
        name = g.node("Slice", [name, g.ints(starts), g.ints(ends), g.ints(axes), g.ints(steps)])
    if squeeze:
        name = g.node("Squeeze", [name, g.ints(squeeze, "axes")])
    return name


def _flip(g: _Graph, ctx: OpNode, ins: list[str], out: Tensor) -> str:
    k = len(ctx.axes)
    starts, ends, steps = g.ints([-1] * k), g.ints([_BEFORE] * k), g.ints([-1] * k)
    return g.node("Slice", [ins[0], starts, ends, g.ints(list(ctx.axes), "axes"), steps])


def _clip(g: _Graph, ctx: OpNode, ins: list[str], out: Tensor) -> str:
    """The bounds are the op's keyword metadata: Clip for numbers, Max/Min for arrays (ONNX
    Clip takes scalar bounds only), in the output's dtype (array bounds may promote it)."""
    lo, hi = ctx.attrs["lo"], ctx.attrs["hi"]
    x = ins[0]
    if ctx.inputs[0].dtype != out.dtype:
        x = g.node("Cast", [x], to=g.onnx.helper.np_dtype_to_tensor_dtype(out.dtype))
    if all(b is None or np.size(b) == 1 for b in (lo, hi)):
        bounds = ["" if b is None else g.constant(np.reshape(b, ()), out.dtype, "bound")
                  for b in (lo, hi)]  # fmt: skip
        return g.node("Clip", [x, *bounds])
    for op, b in (("Max", lo), ("Min", hi)):
        x = x if b is None else g.node(op, [x, g.constant(b, out.dtype, "bound")])
    return x


def _where(g: _Graph, ctx: OpNode, ins: list[str], out: Tensor) -> str:
    return g.node("Where", ins)


def _broadcast_to(g: _Graph, ctx: OpNode, ins: list[str], out: Tensor) -> str:
    return g.node("Expand", [ins[0], g.shape_of(out)])


def _einsum(g: _Graph, ctx: OpNode, ins: list[str], out: Tensor) -> str:
    return g.node("Einsum", ins, equation=ctx.subscripts)


_EMIT: dict[str, Callable[..., str]] = {
    "Add": _emit_elementwise("Add"),
    "Subtract": _emit_elementwise("Sub"),
    "Multiply": _emit_elementwise("Mul"),
    "Divide": _emit_elementwise("Div"),
    "Power": _emit_elementwise("Pow"),
    "Negative": _emit_elementwise("Neg"),
    "Exp": _emit_elementwise("Exp"),
    "Log": _emit_elementwise("Log"),
    "Sqrt": _emit_elementwise("Sqrt"),
    "Abs": _emit_elementwise("Abs"),
    "Sin": _emit_elementwise("Sin"),
    "Cos": _emit_elementwise("Cos"),
    "Tanh": _emit_elementwise("Tanh"),
    "Sigmoid": _emit_elementwise("Sigmoid"),
    "Relu": _emit_elementwise("Relu"),
    "Maximum": _emit_elementwise("Max"),
    "Minimum": _emit_elementwise("Min"),
    "Conv": _conv,
    "MaxPool": _max_pool,
    "MaxPoolIndexed": _max_pool,
    "AvgPool": _avg_pool,
    "AdaptiveAvgPool": _adaptive_avg_pool,
    "MatMul": _matmul,
    "Reshape": _reshape,
    "Transpose": _transpose,
    "Softmax": _softmax("Softmax"),
    "LogSoftmax": _softmax("LogSoftmax"),
    "Sum": _reduce("ReduceSum"),
    "Mean": _reduce("ReduceMean"),
    "Concatenate": _concat,
    "Stack": _stack,
    "Pad": _pad,
    "Astype": _astype,
    "GetItem": _getitem,
    "Flip": _flip,
    "Clip": _clip,
    "Where": _where,
    "BroadcastTo": _broadcast_to,
    "Einsum": _einsum,
    **SEQUENCE_EMIT,
}
