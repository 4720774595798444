"""Turn a :class:`~minigrad.viz.graph.GraphSnapshot` into DOT: boxes, edges, module clusters.

The DOT is written line by line here (one string per box: the cost is linear in the graph's
size), with HTML-like labels so that a label can mix bold op names, small attribute text and
red NaN/Inf flags. Node ids are the snapshot's stable indices (``n3``: tensor 3, ``b3``: its
backward function), never ``id()``, so the same computation gives byte-identical DOT.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..tensor import Tensor
from .collapse import Box, collapse, elide, esc, module_label
from .graph import GraphSnapshot, Node
from .render import Diagram

__all__ = ["STYLES", "build_diagram"]

# How each kind of box looks, and what the legend calls it.
STYLES: dict[str, tuple[str, dict[str, str]]] = {
    "input": (
        "input",
        {"shape": "box", "style": "filled", "fillcolor": "#dbeafe", "color": "#1e40af"},
    ),
    "parameter": (
        "parameter",
        {"shape": "box", "style": "filled", "fillcolor": "#fef3c7", "color": "#b45309"},
    ),
    "op": (
        "op",
        {"shape": "box", "style": "rounded,filled", "fillcolor": "#f1f5f9", "color": "#475569"},
    ),
    "output": (
        "output",
        {
            "shape": "box",
            "style": "rounded,filled",
            "fillcolor": "#dcfce7",
            "color": "#15803d",
            "penwidth": "2",
        },
    ),
    "module": (
        "collapsed module",
        {"shape": "box3d", "style": "filled", "fillcolor": "#e0f2fe", "color": "#0369a1"},
    ),
    "backward": (
        "backward function",
        {
            "shape": "box",
            "style": "rounded,filled,dashed",
            "fillcolor": "#ede9fe",
            "color": "#6d28d9",
        },
    ),
    "accumulate": (
        "AccumulateGrad (writes .grad)",
        {"shape": "box", "style": "filled,dashed", "fillcolor": "#fef3c7", "color": "#6d28d9"},
    ),
    "elided": (
        "elided",
        {"shape": "note", "style": "filled,dashed", "fillcolor": "#ffffff", "color": "#64748b"},
    ),
}
BAD = "#dc2626"  # NaN/Inf: the flag's text and the box's border
_ATTR_WIDTH = 38  # characters of op attributes per label line
_LABEL_WIDTH = 44  # characters of a module cluster's label per line
_FULL = 9  # arrays up to this size are printed in full (a 3x3 image, a 2x2 kernel)
_DIRECTIONS = ("TB", "BT", "LR", "RL")
_VIEWS = ("forward", "backward", "both")
_BACKWARD = ("backward",)  # the scope frame of the backward pass's cluster


@dataclass(frozen=True)
class Options:
    show_shapes: bool
    show_dtypes: bool
    show_values: bool
    show_grads: bool
    show_saved: bool


def build_diagram(
    snapshot: GraphSnapshot,
    *,
    show_shapes: bool = True,
    show_dtypes: bool = True,
    show_values: bool = False,
    show_grads: bool = False,
    show_saved: bool = False,
    group_modules: bool = True,
    collapse_modules: Iterable[str | type] | None = None,
    direction: str = "TB",
    max_nodes: int | None = None,
    view: str = "forward",
    legend: bool = True,
    base: tuple[list[Box], list[tuple[str, str, str]]] | None = None,
) -> Diagram:
    """The diagram of ``snapshot``; see :func:`minigrad.viz.draw_graph` for the options.
    ``base`` is the forward view's boxes and edges if they were built already (by
    :func:`forward_boxes`: the explorable view draws one snapshot many times)."""
    if direction not in _DIRECTIONS:
        raise ValueError(f"draw_graph: direction must be one of {_DIRECTIONS}, got {direction!r}")
    if view not in _VIEWS:
        raise ValueError(f"draw_graph: view must be one of {_VIEWS}, got {view!r}")
    if max_nodes is not None and (
        isinstance(max_nodes, bool) or not isinstance(max_nodes, int) or max_nodes < 1
    ):
        raise ValueError(f"draw_graph: max_nodes must be a positive int or None, got {max_nodes!r}")
    if isinstance(collapse_modules, (str, type)):
        collapse_modules = [collapse_modules]
    opts = Options(show_shapes, show_dtypes, show_values, show_grads, show_saved)

    boxes: list[Box] = []
    edges: list[tuple[str, str, str]] = []
    if view != "backward":
        if base is None:
            base = forward_boxes(snapshot, opts)
        boxes, edges = list(base[0]), list(base[1])
        if collapse_modules:
            boxes, edges = collapse(snapshot, boxes, edges, list(collapse_modules))
    if view != "forward":
        _backward(snapshot, opts, boxes, edges, in_cluster=view == "both")
    if not group_modules:
        boxes = [
            dataclasses.replace(b, scope=tuple(f for f in b.scope if f is _BACKWARD)) for b in boxes
        ]
    if max_nodes is not None and len(boxes) > max_nodes:
        boxes, edges = elide(snapshot, boxes, edges, max_nodes)

    lines = []
    if legend:
        lines.append(_legend_line(boxes))
    clusters: dict[str, Any] = {}
    lines.extend(_cluster_lines(snapshot, boxes, clusters, _beside(boxes, edges)))
    lines.extend(f"\t{a} -> {b}{attrs}\n" for a, b, attrs in edges)
    header = [
        "digraph minigrad {\n",
        _attr_statement("graph", _GRAPH_ATTRS | {"rankdir": direction}),
        _attr_statement("node", _NODE_ATTRS),
        _attr_statement("edge", _EDGE_ATTRS),
    ]
    diagram = Diagram("".join([*header, *lines, "}\n"]))
    diagram.boxes = {b.id: b for b in boxes}
    diagram.clusters = clusters
    return diagram


_GRAPH_ATTRS = {"fontname": "Helvetica", "fontsize": "10", "nodesep": "0.3", "ranksep": "0.35"}
_NODE_ATTRS = {"fontname": "Helvetica", "fontsize": "10", "margin": "0.12,0.05"}
_EDGE_ATTRS = {"color": "#64748b", "arrowsize": "0.7"}


def _attr_statement(kind: str, attrs: dict[str, str]) -> str:
    return f"\t{kind} [" + " ".join(f'{k}="{v}"' for k, v in attrs.items()) + "]\n"


# --------------------------------------------------------------------------------------------
# Boxes and edges of the two views
# --------------------------------------------------------------------------------------------


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
        t = node.tensor
        lines = []
        if node.op is not None:
            lines.append(f"<b>{esc(node.op)}</b>")
            lines.extend(_attr_lines(node.attrs))
        head = _tensor_text(t, opts)
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
        bad = False
        if opts.show_values:
            if isinstance(t, Tensor):
                text, bad = _stats("data", t.array)
            else:
                text = ["<i>data freed by backward()</i>"]
            lines.extend(text)
        grad = _grad(t)
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


def _backward(
    snap: GraphSnapshot,
    opts: Options,
    boxes: list[Box],
    edges: list[tuple[str, str, str]],
    in_cluster: bool,
) -> None:
    """The functions a backward pass runs: one per op (its VJP), one ``AccumulateGrad`` per
    leaf that receives a gradient; edges point the way gradients flow."""
    frame = (_BACKWARD,) if in_cluster else ()
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


# --------------------------------------------------------------------------------------------
# DOT text
# --------------------------------------------------------------------------------------------


def _beside(boxes: list[Box], edges: list[tuple[str, str, str]]) -> dict[str, list[str]]:
    """``{op box: the parameter boxes used only by it}``. Drawn on the op's rank, beside it,
    a layer takes one row instead of two, and the data path runs straight down instead of
    zig-zagging around the rows of parameters."""
    kind = {b.id: b.kind for b in boxes}
    uses = Counter(a for a, _, _ in edges)
    beside: dict[str, list[str]] = {}
    for a, b, _ in edges:
        if kind.get(a) == "parameter" and uses[a] == 1 and kind.get(b) in ("op", "output"):
            beside.setdefault(b, []).append(a)
    return beside


def _cluster_lines(
    snap: GraphSnapshot,
    boxes: list[Box],
    clusters: dict[str, Any],
    beside: dict[str, list[str]],
) -> list[str]:
    """The boxes, nested in one cluster per module (and one for the backward pass), each op
    on one rank with the parameters only it uses; fills ``clusters`` with ``{cluster id: its
    module}``."""
    children: dict[tuple[int, ...], list[tuple[int, ...]]] = {(): []}
    members: dict[tuple[int, ...], list[Box]] = {(): []}
    frames: dict[tuple[int, ...], Any] = {}
    for box in boxes:
        key: tuple[int, ...] = ()
        for frame in box.scope:
            parent, key = key, (*key, id(frame))
            if key not in members:
                members[key], children[key], frames[key] = [], [], frame
                children[parent].append(key)
        members[key].append(box)
    numbers = {key: n for n, key in enumerate(frames)}
    clusters.update((f"cluster_{numbers[key]}", frame) for key, frame in frames.items())
    lines: list[str] = []
    # Depth first with an explicit stack; an int entry closes the cluster at that depth.
    stack: list[tuple[int, ...] | int] = [()]
    while stack:
        entry = stack.pop()
        if isinstance(entry, int):
            lines.append("\t" * entry + "}\n")
            continue
        key = entry
        if key:
            lines.append(_cluster_header(snap, frames[key], numbers[key], len(key)))
        indent = "\t" * len(key)
        lines.extend(indent + _box_line(b) for b in members[key])
        here = {b.id for b in members[key]}
        for b in members[key]:
            row = [p for p in beside.get(b.id, ()) if p in here]
            if row:
                lines.append(f"{indent}\t{{rank=same; {'; '.join([*row, b.id])}}}\n")
        if key:
            stack.append(len(key))
        stack.extend(reversed(children[key]))
    return lines


def _cluster_header(snap: GraphSnapshot, frame: Any, number: int, depth: int) -> str:
    if frame is _BACKWARD:
        label = "backward pass: the VJPs backward() runs"
        style = 'style="rounded,dashed" color="#6d28d9" fontcolor="#6d28d9"'
    else:
        label = module_label(snap, frame)
        fill = "#f8fafc" if depth % 2 else "#eef2f7"
        style = f'style="rounded,filled" color="#94a3b8" fillcolor="{fill}" fontcolor="#334155"'
    indent = "\t" * depth
    return (
        f"{indent}subgraph cluster_{number} {{\n{indent}\tlabel=<{_wrap(label)}> labeljust=l "
        f"fontsize=10 {style}\n"
    )


def _wrap(label: str) -> str:
    """A long module label broken after commas into left-aligned lines: a cluster as wide as
    a one-line repr leaves its label under the edges that enter the cluster."""
    lines = [""]
    for part in label.split(", "):
        if lines[-1] and len(lines[-1]) + len(part) + 2 > _LABEL_WIDTH:
            lines[-1] += ","
            lines.append("    " + part)
        else:
            lines[-1] = f"{lines[-1]}, {part}" if lines[-1] else part
    return '<br align="left"/>'.join(esc(line) for line in lines) + '<br align="left"/>'


def _box_line(box: Box) -> str:
    attrs = dict(STYLES[box.kind][1])
    if box.bad:
        attrs.update(color=BAD, penwidth="2.5")
    attrs.update(box.attrs)
    text = " ".join(f'{k}="{v}"' for k, v in attrs.items())
    return f"\t{box.id} [label=<{'<br/>'.join(box.lines)}> {text}]\n"


def _legend_line(boxes: list[Box]) -> str:
    kinds = [k for k in STYLES if any(b.kind == k for b in boxes)]
    cells = [f'<td bgcolor="{STYLES[k][1]["fillcolor"]}">{esc(STYLES[k][0])}</td>' for k in kinds]
    if any(b.bad for b in boxes):
        cells.append(f'<td><font color="{BAD}"><b>NaN/Inf</b></font></td>')
    # The graph's own label: drawn at its top-left corner, so it stays attached to the graph.
    return (
        '\tgraph [labelloc="t" labeljust="l" label=<<table border="0" cellborder="1" '
        f'cellspacing="2" cellpadding="3"><tr>{"".join(cells)}</tr></table>>]\n'
    )


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
