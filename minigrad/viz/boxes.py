"""The boxes and edges of a graph diagram, before any grouping: one box per tensor (forward
view) or per function ``backward()`` runs (backward view), with its label lines: op name,
attributes, shape and dtype, and on request values, gradients and saved tensors (NaN and Inf
flagged in red). :mod:`~minigrad.viz.dot` turns them into DOT text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..tensor import Tensor
from .collapse import Box, esc
from .graph import GraphSnapshot, Node

BAD = "#dc2626"  # NaN/Inf: the flag's text and the box's border
_ATTR_WIDTH = 38  # characters of op attributes per label line
_FULL = 9  # arrays up to this size are printed in full (a 3x3 image, a 2x2 kernel)
BACKWARD = ("backward",)  # the scope frame of the backward pass's cluster


@dataclass(frozen=True)
class Options:
    show_shapes: bool
    show_dtypes: bool
    show_values: bool
    show_grads: bool
    show_saved: bool


def forward_boxes(
    snap: GraphSnapshot, opts: Options
) -> tuple[list[Box], list[tuple[str, str, str]]]:
    """The boxes and edges of the forward view, before any grouping."""
    boxes: list[Box] = []
    edges: list[tuple[str, str, str]] = []
    _forward(snap, opts, boxes, edges)
    return boxes, edges


def _forward(
    snap: GraphSnapshot, opts: Options, boxes: list[Box], edges: list[tuple[str, str, str]]
) -> None:
    for node in snap.nodes:
        lines = _forward_title(node, _tensor_text(node.tensor, opts))
        bad = False
        if opts.show_values:
            if isinstance(node.tensor, Tensor):
                text, bad = _stats("data", node.tensor.array)
            else:
                text = ["<i>data freed by backward()</i>"]
            lines.extend(text)
        grad = _grad(node.tensor)
        if opts.show_grads and grad is not None:
            text, bad_grad = _stats("grad", grad)
            lines.extend(text)
            bad = bad or bad_grad
        if opts.show_saved and node.saved:
            lines.extend(_attr_lines(node.saved, sep=": ", title="saved"))
        boxes.append(
            Box(
                f"n{node.index}",
                node.kind,
                lines,
                _scope(node),
                node.op or node.kind,
                bad,
                node=node.index,
            )
        )
        edges.extend((f"n{i}", f"n{node.index}", "") for i in node.inputs)


def _forward_title(node: Node, head: str) -> list[str]:
    """A forward box's first lines: the op and its attributes, the tensor's name (or what
    kind of leaf it is), and ``head``, its shape and dtype."""
    lines = []
    if node.op is not None:
        lines.append(f"<b>{esc(node.op)}</b>")
        lines.extend(_attr_lines(node.attrs))
    if node.name is not None:
        name = f"<b>{esc(node.name)}</b>" if node.op is None else esc(node.name)
        lines.append(f"{name}: {head}" if node.op is not None and head else name)
        if node.op is None and head:
            lines.append(head)
    elif node.op is None:
        lines.append("<i>input</i>" if node.kind == "input" else "<i>parameter</i>")
        if head:
            lines.append(head)
    elif head:
        lines.append(head)
    return lines


def backward_boxes(
    snap: GraphSnapshot,
    opts: Options,
    boxes: list[Box],
    edges: list[tuple[str, str, str]],
    in_cluster: bool,
) -> None:
    """The functions a backward pass runs: one per op (its VJP), one ``AccumulateGrad`` per
    leaf that receives a gradient; edges point the way gradients flow."""
    frame = (BACKWARD,) if in_cluster else ()
    receives = {i for n in snap.nodes for i, need in zip(n.inputs, n.needs_grad) if need}
    for node in snap.nodes:
        t = node.tensor
        if node.op is not None:
            box_id, kind, title = f"b{node.index}", "backward", f"{node.op}Backward"
        elif node.index in receives:
            box_id, kind, title = f"g{node.index}", "accumulate", "AccumulateGrad"
        else:
            continue
        lines = [f"<b>{esc(title)}</b>"]
        if node.op is None:
            lines.append(esc(node.name) if node.name else "<i>input</i>")
        shape = _tensor_text(t, opts)
        if shape:
            lines.append(f"grad {shape}")
        bad = False
        grad = _grad(t)
        if opts.show_grads and grad is not None:
            text, bad = _stats("grad", grad)
            lines.extend(text)
        boxes.append(Box(box_id, kind, lines, frame + _scope(node), title, bad, node=node.index))
        if node.op is not None:
            for i, need in zip(node.inputs, node.needs_grad):
                if need:
                    src = f"b{i}" if snap.nodes[i].op is not None else f"g{i}"
                    # Drawn input -> output, like the forward graph, with the arrow reversed:
                    # both views then share one layout and the arrows follow the gradient.
                    edges.append((src, box_id, ' [dir=back color="#6d28d9"]'))


def _grad(t: Any) -> np.ndarray | None:
    """A tensor's ``.grad`` array; None for a tensor ``backward()`` freed."""
    return t.grad.array if isinstance(t, Tensor) and t.grad is not None else None


def _scope(node: Node) -> tuple[Any, ...]:
    return tuple(node.scope)


def _attr_lines(attrs: list[tuple[str, str]], sep: str = "=", title: str = "") -> list[str]:
    """``name=value`` pairs wrapped into short lines of small grey text, after ``title``."""
    items = [f"{name}{sep}{value}" if value else name for name, value in attrs]
    if title and items:
        items[0] = f"{title}: {items[0]}"
    lines: list[str] = []
    current = ""
    for item in items:
        if current and len(current) + len(item) + 2 > _ATTR_WIDTH:
            lines.append(current)
            current = item
        else:
            current = f"{current}, {item}" if current else item
    if current:
        lines.append(current)
    return [f'<font point-size="9" color="#475569">{esc(line)}</font>' for line in lines]


def _tensor_text(t: Any, opts: Options) -> str:
    parts = []
    if opts.show_shapes:
        parts.append(str(tuple(t.shape)))
    if opts.show_dtypes:
        parts.append(str(t.dtype))
    return esc(" ".join(parts))


def _stats(what: str, a: np.ndarray) -> tuple[list[str], bool]:
    """Label lines for ``what``'s value: in full for up to ``_FULL`` elements (scalars
    exactly), else norm, min and max; NaN and Inf counted and flagged in red. Returns the lines
    and whether anything was flagged."""
    if a.size == 0:
        return [f"{what}: empty"], False
    if a.size == 1:
        text = f"{what} = {a.reshape(-1)[0]!s}"  # !s: float32 in its own shortest digits
        if a.dtype.kind in "fc" and not np.isfinite(a).all():
            return [f'<font color="{BAD}"><b>{esc(text)}</b></font>'], True
        return [esc(text)], False
    if a.size <= _FULL:
        text = np.array2string(a.squeeze(), precision=4, separator=", ", suppress_small=True)
        lines = [
            esc(f"{what} {row.strip()}" if i == 0 else row.strip())
            for i, row in enumerate(text.splitlines())
        ]
    elif a.dtype.kind not in "fc":
        lines = [esc(f"{what} min {a.min()}, max {a.max()}")]
    else:
        finite = a[np.isfinite(a)]
        lines = [esc(what)]
        if finite.size:
            norm = float(np.linalg.norm(finite.astype(np.float64).reshape(-1)))
            lines = [
                esc(
                    f"{what} norm {norm:.4g}, min {float(finite.min()):.4g}, "
                    f"max {float(finite.max()):.4g}"
                )
            ]
    if a.dtype.kind not in "fc":
        return lines, False
    nan, inf = int(np.isnan(a).sum()), int(np.isinf(a).sum())
    if not (nan or inf):
        return lines, False
    flags = " ".join(f"{label} ×{n}" for label, n in (("NaN", nan), ("Inf", inf)) if n)
    lines[-1] += f' <font color="{BAD}"><b>{flags}</b></font>'
    return lines, True
