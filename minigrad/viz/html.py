"""The explorable view: one self-contained HTML file (no network needed to view it).

The page holds one pre-rendered SVG per *view* — one module expanded, with the modules
around it — so that module clusters expand and collapse without a layout engine in the
browser: the first view shows the outermost modules' children collapsed (chains of identical
blocks as one ``×k`` box); clicking a collapsed box opens the view with it expanded (and the
others collapsed), clicking an expanded cluster's label collapses it again. Hovering a box
shows the tensor's shape, dtype and value and gradient statistics with a small histogram; a
search box finds tensors, ops and modules by name. Pan with the mouse, zoom with the wheel.
The script and style are in ``assets/``.
"""

from __future__ import annotations

import html
import json
from importlib import resources
from typing import Any

import numpy as np

from ..tensor import Tensor
from .collapse import module_label
from .graph import GraphSnapshot, Node

__all__ = ["html_page"]

# Pre-rendered views: at most 60, and fewer for a big graph (each view walks every box);
# deeper than that, draw_graph(collapse_modules=...) draws any view.
MAX_VIEWS, VIEW_BUDGET = 60, 200_000
MAX_BOXES = 1500  # boxes per view before the rest are elided (a view must stay legible)
_BINS = 12
_NONE = {"mean": "-", "std": "-", "min": "-", "max": "-", "norm": "-"}


def html_page(diagram: Any, *, title: str = "minigrad graph", inline: bool = False) -> str:
    """The explorable HTML page of ``diagram`` (a :class:`~minigrad.viz.Diagram`). With
    ``inline``, an ``<iframe>`` holding the page, for a notebook's output cell."""
    drawn = diagram.drawn_from
    data = _single_view(diagram) if drawn is None else _views(*drawn)
    assets = resources.files(__package__) / "assets"
    style = (assets / "view.css").read_text(encoding="utf-8")
    script = (assets / "view.js").read_text(encoding="utf-8")
    # "</" inside the JSON would end the <script> element early.
    payload = json.dumps(data, separators=(",", ":")).replace("</", "<\\/")
    page = _PAGE.format(title=html.escape(title), style=style, script=script, data=payload)
    if not inline:
        return page
    return (
        f'<iframe srcdoc="{html.escape(page, quote=True)}" title="{html.escape(title)}" '
        'style="width:100%;height:640px;border:1px solid #cbd5e1"></iframe>'
    )


_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>{style}</style></head>
<body><div id="mg-root">
<div id="mg-bar"><input id="mg-search" type="search" placeholder="search names, ops, modules">
<button id="mg-in" title="zoom in">+</button><button id="mg-out" title="zoom out">&minus;</button>
<button id="mg-fit" title="fit to the window">fit</button>
<button id="mg-top" title="collapse everything">collapse all</button>
<span id="mg-crumbs"></span></div>
<div id="mg-results"></div>
<div id="mg-stage"></div><div id="mg-tip"></div></div>
<script type="application/json" id="mg-data">{data}</script>
<script>{script}</script>
</body></html>
"""


def _single_view(diagram: Any) -> dict[str, Any]:
    """A diagram built from DOT text alone: its SVG, pan, zoom; no tooltips to give."""
    view = {"svg": _svg(diagram), "boxes": {}, "expand": {}, "collapse": {}, "path": []}
    return {"top": "v0", "views": {"v0": view}, "nodes": []}


def _svg(diagram: Any) -> str:
    svg = str(diagram.pipe("svg", "utf-8"))
    return svg[svg.index("<svg") :]  # without the XML prolog and DOCTYPE


def _views(snap: GraphSnapshot, options: dict[str, Any]) -> dict[str, Any]:
    """Every view reachable from the first by expanding modules (breadth first, at most
    ``MAX_VIEWS``), each with what its boxes stand for and where clicks lead."""
    from .dot import build_diagram

    parent, modules = _module_tree(snap)
    roots = frozenset(m for m in modules if parent[m] is None)
    options = {**options, "max_nodes": options.get("max_nodes") or MAX_BOXES}
    base = _base_boxes(snap, options)
    max_views = max(8, min(MAX_VIEWS, VIEW_BUDGET // max(len(snap.nodes), 1)))
    keys: dict[frozenset[int], str] = {roots: "v0"}
    queue = [roots]
    views: dict[str, Any] = {}
    node_view: dict[int, tuple[str, str]] = {}
    while queue:
        expanded = queue.pop(0)
        key = keys[expanded]
        frontier = [modules[m] for m in modules if m not in expanded and (parent[m] in expanded)]
        diagram = build_diagram(snap, **{**options, "collapse_modules": frontier}, base=base)
        view: dict[str, Any] = {"boxes": {}, "expand": {}, "collapse": {}}
        for box_id, box in diagram.boxes.items():
            if box.node is not None:
                view["boxes"][box_id] = box.node
                node_view.setdefault(box.node, (key, box_id))
            elif box.kind == "module":
                first = box.modules[0]
                view["boxes"][box_id] = _module_info(snap, box)
                # One path of modules expanded at a time: a view per module, not per set.
                wider = roots | _chain(id(first), parent)
                if wider not in keys and len(keys) < max_views:
                    keys[wider] = f"v{len(keys)}"
                    queue.append(wider)
                if wider in keys:
                    view["expand"][box_id] = keys[wider]
        for cluster_id, module in diagram.clusters.items():
            narrower = frozenset(m for m in expanded if not _below(m, id(module), parent))
            if narrower in keys and narrower != expanded:
                view["collapse"][cluster_id] = keys[narrower]
        view["path"] = _path(snap, expanded, roots, parent, keys, key)
        view["svg"] = _svg(diagram)
        views[key] = view
    nodes = [_node_info(snap, node, node_view.get(node.index)) for node in snap.nodes]
    return {"top": "v0", "views": views, "nodes": nodes}


def _base_boxes(snap: GraphSnapshot, options: dict[str, Any]) -> Any:
    """The forward view's boxes and edges, built once for every view of the page."""
    from .boxes import Options, forward_boxes

    shown = ("show_shapes", "show_dtypes", "show_values", "show_grads", "show_saved")
    defaults = {"show_shapes": True, "show_dtypes": True}
    return forward_boxes(snap, Options(*(options.get(k, defaults.get(k, False)) for k in shown)))


def _path(
    snap: GraphSnapshot,
    expanded: frozenset[int],
    roots: frozenset[int],
    parent: dict[int, int | None],
    keys: dict[frozenset[int], str],
    key: str,
) -> list[list[str]]:
    """The view's breadcrumbs: each expanded module, outermost first, with the view that
    collapses everything below it."""
    chain = sorted((m for m in expanded if m not in roots), key=lambda m: _depth(m, parent))
    return [
        [
            snap.module_paths.get(m, "?"),
            keys.get(frozenset(x for x in expanded if x == m or not _below(x, m, parent)), key),
        ]
        for m in chain
    ]


def _module_tree(snap: GraphSnapshot) -> tuple[dict[int, int | None], dict[int, Any]]:
    """Each module seen in the nodes' scopes (by id) and its parent module's id."""
    parent: dict[int, int | None] = {}
    modules: dict[int, Any] = {}
    for node in snap.nodes:
        above = None
        for m in node.scope:
            if id(m) not in modules:
                modules[id(m)], parent[id(m)] = m, above
            above = id(m)
    return parent, modules


def _chain(m: int, parent: dict[int, int | None]) -> frozenset[int]:
    """``m`` and the modules above it."""
    out: set[int] = set()
    cur: int | None = m
    while cur is not None:
        out.add(cur)
        cur = parent[cur]
    return frozenset(out)


def _below(m: int, ancestor: int, parent: dict[int, int | None]) -> bool:
    cur: int | None = m
    while cur is not None:
        if cur == ancestor:
            return True
        cur = parent[cur]
    return False


def _depth(m: int, parent: dict[int, int | None]) -> int:
    depth, cur = 0, parent[m]
    while cur is not None:
        depth, cur = depth + 1, parent[cur]
    return depth


def _module_info(snap: GraphSnapshot, box: Any) -> dict[str, str]:
    text = html.unescape(box.lines[-1].replace("<b>", "").replace("</b>", ""))
    if len(box.modules) == 1:
        return {"title": module_label(snap, box.modules[0]), "text": text}
    paths = ", ".join(snap.module_paths.get(id(m), "?") for m in box.modules)
    return {"title": f"{type(box.modules[0]).__name__} ×{len(box.modules)}: {paths}", "text": text}


def _node_info(snap: GraphSnapshot, node: Node, shown: tuple[str, str] | None) -> dict[str, Any]:
    t = node.tensor
    title = node.op or ("parameter" if node.kind == "parameter" else "input")
    if node.name:
        title = f"{node.name} ({title})" if node.op else node.name
    module = snap.module_paths.get(id(node.scope[-1]), "") if node.scope else ""
    info: dict[str, Any] = {
        "title": title,
        "shape": str(tuple(t.shape)),
        "dtype": str(t.dtype),
        "module": module,
        "value": _stats(t.array) if isinstance(t, Tensor) else {"freed": True},
        "grad": _stats(t.grad.array) if isinstance(t, Tensor) and t.grad is not None else None,
        "search": " ".join(x for x in (title, node.op or "", module) if x).lower(),
    }
    if shown is not None:
        info["view"], info["box"] = shown
    else:  # inside a module no pre-rendered view expands: open the first view
        info["view"], info["box"] = "v0", None
    return info


def _stats(a: np.ndarray) -> dict[str, Any]:
    """Mean, std, min, max, norm, NaN/Inf counts and a histogram of the finite values."""
    if a.size == 0 or a.dtype.kind not in "biuf":  # empty, complex: nothing to summarise
        return {**_NONE, "nan": 0, "inf": 0}
    x = a.astype(np.float64, copy=False).reshape(-1)
    finite = x[np.isfinite(x)]
    nan, inf = int(np.isnan(x).sum()), int(np.isinf(x).sum())
    if finite.size == 0:
        return {**_NONE, "nan": nan, "inf": inf}
    hist = np.histogram(finite, bins=_BINS)[0].tolist() if finite.size > 1 else []
    return {
        "mean": f"{finite.mean():.4g}",
        "std": f"{finite.std():.4g}",
        "min": f"{finite.min():.4g}",
        "max": f"{finite.max():.4g}",
        "norm": f"{np.linalg.norm(finite):.4g}",
        "nan": nan,
        "inf": inf,
        "hist": hist,
    }
