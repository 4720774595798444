"""Turn a :class:`~minigrad.viz.graph.GraphSnapshot` into DOT: module clusters around the boxes
and edges of :mod:`~minigrad.viz.boxes`.

The DOT is written line by line here (one string per box: the cost is linear in the graph's
size), with HTML-like labels so that a label can mix bold op names, small attribute text and
red NaN/Inf flags. Node ids are the snapshot's stable indices (``n3``: tensor 3, ``b3``: its
backward function), never ``id()``, so the same computation gives byte-identical DOT.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable
from typing import Any

from .boxes import BACKWARD, BAD, Options, backward_boxes, forward_boxes
from .collapse import Box, collapse, elide, esc, module_label
from .graph import GraphSnapshot
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
_LABEL_WIDTH = 44  # characters of a module cluster's label per line
_DIRECTIONS = ("TB", "BT", "LR", "RL")
_VIEWS = ("forward", "backward", "both")


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
    _check_layout(direction, view, max_nodes)
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
        backward_boxes(snapshot, opts, boxes, edges, in_cluster=view == "both")
    if not group_modules:
        boxes = [
            dataclasses.replace(b, scope=tuple(f for f in b.scope if f is BACKWARD)) for b in boxes
        ]
    if max_nodes is not None and len(boxes) > max_nodes:
        boxes, edges = elide(snapshot, boxes, edges, max_nodes)

    return _diagram(snapshot, boxes, edges, direction, legend)


def _check_layout(direction: str, view: str, max_nodes: int | None) -> None:
    if direction not in _DIRECTIONS:
        raise ValueError(f"draw_graph: direction must be one of {_DIRECTIONS}, got {direction!r}")
    if view not in _VIEWS:
        raise ValueError(f"draw_graph: view must be one of {_VIEWS}, got {view!r}")
    if max_nodes is not None and (
        isinstance(max_nodes, bool) or not isinstance(max_nodes, int) or max_nodes < 1
    ):
        raise ValueError(f"draw_graph: max_nodes must be a positive int or None, got {max_nodes!r}")


def _diagram(
    snapshot: GraphSnapshot,
    boxes: list[Box],
    edges: list[tuple[str, str, str]],
    direction: str,
    legend: bool,
) -> Diagram:
    """The DOT text of the final boxes and edges, with the boxes and clusters it names."""
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
    if frame is BACKWARD:
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
