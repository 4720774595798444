"""The boxes of a diagram and how they are grouped: modules collapsed into one box each,
chains of identical collapsed blocks merged into one ``×k`` box, and the boxes beyond
``max_nodes`` elided into a note.
"""

from __future__ import annotations

import html
from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Any

from .graph import GraphSnapshot

Edge = tuple[str, str, str]  # (from box, to box, DOT attributes)


@dataclass(eq=False)
class Box:
    """One box of a diagram, before it is written as DOT."""

    id: str
    kind: str
    lines: list[str]  # HTML label lines
    scope: tuple[Any, ...] = ()  # frames: modules, or the backward pass's marker
    what: str = ""  # what the box is, for the summary of elided boxes
    bad: bool = False  # holds NaN/Inf
    attrs: dict[str, str] = field(default_factory=dict)
    node: int | None = None  # the snapshot node it draws
    modules: list[Any] = field(default_factory=list)  # the modules a collapsed box stands for
    members: list[str] = field(default_factory=list)  # the ops inside, in order (its signature)


class _Specs:
    """What to collapse: modules, classes, class names or paths (looked up in sets: a view of
    the explorable page collapses thousands of modules at once)."""

    def __init__(self, specs: list[Any]) -> None:
        self.types = tuple(s for s in specs if isinstance(s, type))
        self.names = {s for s in specs if isinstance(s, str)}
        self.ids = {id(s) for s in specs if not isinstance(s, (str, type))}

    def match(self, module: Any, path: str | None) -> bool:
        return (
            id(module) in self.ids
            or (bool(self.types) and isinstance(module, self.types))
            or path in self.names
            or type(module).__name__ in self.names
        )


def collapse(
    snap: GraphSnapshot, boxes: list[Box], edges: list[Edge], specs: list[Any]
) -> tuple[list[Box], list[Edge]]:
    """Replace the boxes inside each matching module by one box for the module, then merge
    chains of identical collapsed modules (a stack of equal blocks) into one ``×k`` box."""
    rep: dict[str, str] = {}
    groups: dict[int, Box] = {}
    counts: dict[int, Counter[str]] = {}
    out: list[Box] = []
    wanted = _Specs(specs)
    frames: dict[int, int | None] = {}  # by id of the scope tuple, which a module's ops share
    for box in boxes:
        frame = frames.get(id(box.scope), -1)
        if frame == -1:
            frame = frames[id(box.scope)] = next(
                (
                    k
                    for k, m in enumerate(box.scope)
                    if wanted.match(m, snap.module_paths.get(id(m)))
                ),
                None,
            )
        if frame is None:
            out.append(box)
            continue
        module = box.scope[frame]
        group = groups.get(id(module))
        if group is None:
            group = groups[id(module)] = Box(
                f"m{len(groups)}", "module", [], box.scope[:frame], type(module).__name__
            )
            group.modules = [module]
            counts[id(module)] = Counter()
            out.append(group)
        counts[id(module)][box.kind] += 1
        group.members.append(box.what)
        group.bad = group.bad or box.bad
        rep[box.id] = group.id
    edges = _rewire(edges, rep)
    out, edges = _merge_repeats(snap, out, edges)
    for group in out:
        if group.kind == "module":
            c = counts[id(group.modules[0])]
            group.lines = _module_lines(snap, group.modules, c)
    return out, edges


def _rewire(edges: list[Edge], rep: dict[str, str]) -> list[Edge]:
    """Edges between the boxes' representatives: none inside one, none twice."""
    new_edges: list[Edge] = []
    seen: set[tuple[str, str]] = set()
    for a, b, attrs in edges:
        ra, rb = rep.get(a, a), rep.get(b, b)
        if ra == rb:
            continue
        if ra != a or rb != b:
            if (ra, rb) in seen:
                continue
            seen.add((ra, rb))
        new_edges.append((ra, rb, attrs))
    return new_edges


def _merge_repeats(
    snap: GraphSnapshot, boxes: list[Box], edges: list[Edge]
) -> tuple[list[Box], list[Edge]]:
    """Merge ``A -> B`` into one box when A and B are collapsed modules of the same kind
    (same repr, same ops in the same order), side by side in one parent, and A's only
    successor is B and B's only predecessor A: a chain of identical blocks."""
    succ: dict[str, set[str]] = {b.id: set() for b in boxes}
    pred: dict[str, set[str]] = {b.id: set() for b in boxes}
    for a, b, _ in edges:
        succ[a].add(b)
        pred[b].add(a)
    by_id = {b.id: b for b in boxes}

    def same(a: Box, b: Box) -> bool:
        return (
            a.kind == b.kind == "module"
            and a.scope == b.scope
            and a.members == b.members
            and snap.module_repr(a.modules[0]) == snap.module_repr(b.modules[0])
        )

    rep: dict[str, str] = {}
    for box in boxes:
        if box.id in rep or box.kind != "module":
            continue
        head = box
        while len(pred[head.id]) == 1:
            (p,) = pred[head.id]
            if len(succ[p]) != 1 or not same(by_id[p], head) or p in rep:
                break
            head = by_id[p]
        chain, cur = [head], head
        while len(succ[cur.id]) == 1:
            (n,) = succ[cur.id]
            if len(pred[n]) != 1 or not same(cur, by_id[n]) or n in rep:
                break
            cur = by_id[n]
            chain.append(cur)
        for member in chain[1:]:
            head.modules.append(member.modules[0])
            head.bad = head.bad or member.bad
            rep[member.id] = head.id
        rep[head.id] = head.id
    kept = [b for b in boxes if rep.get(b.id, b.id) == b.id]
    return kept, _rewire(edges, {k: v for k, v in rep.items() if k != v})


def _module_lines(snap: GraphSnapshot, modules: list[Any], c: Counter[str]) -> list[str]:
    ops = c["op"] + c["output"]
    parts = [f"{ops} op{'s' * (ops != 1)}"]
    if c["parameter"]:
        parts.append(f"{c['parameter']} parameter{'s' * (c['parameter'] != 1)}")
    if len(modules) == 1:
        return [f"<b>{esc(module_label(snap, modules[0]))}</b>", ", ".join(parts)]
    first, last = (snap.module_paths.get(id(m), "?") for m in (modules[0], modules[-1]))
    text = snap.module_repr(modules[0])
    text = text if "\n" not in text else type(modules[0]).__name__
    return [
        f"<b>{esc(first)} … {esc(last)}: {esc(text)} ×{len(modules)}</b>",
        f"each {', '.join(parts)}",
    ]


def elide(
    snap: GraphSnapshot, boxes: list[Box], edges: list[Edge], max_nodes: int
) -> tuple[list[Box], list[Edge]]:
    """Keep the ``max_nodes`` boxes nearest the outputs (breadth first); one note box says
    how many others there were, and of which ops."""
    inputs: dict[str, list[str]] = {b.id: [] for b in boxes}
    consumers: set[str] = set()
    for a, b, _ in edges:
        inputs[b].append(a)
        consumers.add(a)
    by_id = {b.id: b for b in boxes}
    outputs = {f"n{i}" for i in snap.outputs} | {f"b{i}" for i in snap.outputs}
    starts = [b.id for b in boxes if b.id in outputs or b.id not in consumers]
    order: list[str] = []
    seen = set(starts)
    queue = deque(starts)
    while queue:
        box_id = queue.popleft()
        order.append(box_id)
        for a in inputs[box_id]:
            if a not in seen:
                seen.add(a)
                queue.append(a)
    keep = set(order[:max_nodes])
    dropped = [by_id[i] for i in order[max_nodes:]]
    what = Counter(b.what for b in dropped)
    listed = sorted(what.items(), key=lambda kv: (-kv[1], kv[0]))
    summary = ", ".join(f"{name} ×{n}" for name, n in listed[:6])
    if len(listed) > 6:
        summary += ", ..."
    note = Box(
        "elided",
        "elided",
        [
            f"<b>{len(dropped)} more nodes not drawn</b>",
            esc(summary),
            f"<i>max_nodes={max_nodes}</i>",
        ],
    )
    kept_boxes = [b for b in boxes if b.id in keep] + [note]
    kept_edges = [e for e in edges if e[0] in keep and e[1] in keep]
    linked: set[str] = set()
    for a, b, _ in edges:
        if a not in keep and b in keep and b not in linked:
            linked.add(b)
            kept_edges.append(("elided", b, " [style=dashed]"))
    return kept_boxes, kept_edges


def module_label(snap: GraphSnapshot, module: Any) -> str:
    """``path: repr`` of a module (a container's multi-line repr shortened to its type)."""
    text = snap.module_repr(module)
    if "\n" in text:
        text = type(module).__name__
    path = snap.module_paths.get(id(module))
    return f"{path}: {text}" if path else text


def esc(s: str) -> str:
    return html.escape(s, quote=False)
