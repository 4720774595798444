"""A snapshot of a recorded computation graph: what a diagram draws.

:func:`capture` walks the graph from the outputs (iteratively, so any depth works) and keeps,
for every tensor, its op, the op's attributes, its inputs, its module scope and its name,
numbered in a stable order: the same computation always gives the same numbering, so
diagrams are deterministic. After ``backward()`` the graph's structure is still there (each
released node describes its inputs, see :class:`minigrad.autograd.TensorMeta`), so a graph
can be captured and drawn after it, with the leaves' gradients; capturing *before* keeps the
intermediates themselves, for their values (and, with ``retain_grads``, their gradients).
"""

from __future__ import annotations

import dataclasses
import inspect
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..autograd import ArrayMeta, Function, TensorMeta
from ..tensor import Tensor

__all__ = ["GraphSnapshot", "Node", "capture"]

# Graph bookkeeping that every node carries: not attributes of the op.
_NODE_FIELDS = frozenset({"inputs", "needs_input_grad", "scope", "stack"})
# Geometry fields that are derived from the input's size rather than chosen by the user.
_DERIVED_FIELDS = frozenset({"in_size", "out_size", "batched", "pad_lo", "pad_hi"})


@dataclass(eq=False)
class Node:
    """One tensor of the graph and, unless it is a leaf, the op that made it.

    Attributes
    ----------
    index
        Its stable number (outputs first, then their inputs depth first, in argument order).
    tensor
        The tensor itself (read again at draw time, for values and gradients), or, for an
        intermediate that ``backward()`` freed, its :class:`~minigrad.autograd.TensorMeta`
        (shape, dtype and name; no data).
    op
        The op's name, or ``None`` for a leaf.
    attrs
        The op's attributes as ``(name, text)`` pairs (its constant arguments, its geometry).
    saved
        What the op kept for its backward pass, as ``(name, text)`` pairs.
    inputs
        The indices of its tensor inputs, in argument order (repeated if used twice).
    needs_grad
        For each input, whether the op sends it a gradient.
    scope
        The modules (outermost first) whose ``forward`` created the op.
    name
        The tensor's name, from the ``names``/``params`` given, ``tensor.name``, or the
        parameter name in its module.
    kind
        ``"input"``, ``"parameter"``, ``"op"`` or ``"output"``.
    ctx
        The graph node that made it (``None`` for a leaf).
    key
        Its identity in the graph (the tensor's ``id``, or its node's once it was freed).
    released
        Whether ``backward()`` released the op (its saved arrays are gone).
    """

    index: int
    tensor: Any  # a Tensor, or a TensorMeta once backward() freed it
    op: str | None = None
    attrs: list[tuple[str, str]] = field(default_factory=list)
    saved: list[tuple[str, str]] = field(default_factory=list)
    inputs: list[int] = field(default_factory=list)
    needs_grad: list[bool] = field(default_factory=list)
    scope: tuple[Any, ...] = ()
    name: str | None = None
    kind: str = "op"
    ctx: Function | None = None
    key: int = 0
    released: bool = False


@dataclass(eq=False)
class GraphSnapshot:
    """A captured graph: its nodes in stable order and the module paths it was found in.

    Draw it with :meth:`draw` (same options as :func:`minigrad.viz.draw_graph`).
    """

    nodes: list[Node]
    outputs: list[int]
    module_paths: dict[int, str]  # id(module) -> dotted path from its root module
    _reprs: dict[int, str] = field(default_factory=dict, repr=False)

    def module_repr(self, module: Any) -> str:
        """``repr(module)``, computed once (a container's repr walks all its children)."""
        text = self._reprs.get(id(module))
        if text is None:
            text = self._reprs[id(module)] = repr(module)
        return text

    def draw(self, **options: Any) -> Any:
        """The diagram of this graph as a :class:`minigrad.viz.Diagram`;
        the options are :func:`minigrad.viz.draw_graph`'s."""
        from .dot import build_diagram

        diagram = build_diagram(self, **options)
        diagram.drawn_from = (self, options)
        return diagram


def capture(
    *outputs: Tensor,
    params: Mapping[str, Tensor] | None = None,
    names: Mapping[str, Tensor] | None = None,
    retain_grads: bool = False,
) -> GraphSnapshot:
    """Snapshot the graph that computed ``outputs``, to draw now or after ``backward()``.

    Parameters
    ----------
    *outputs
        The tensors to draw the graph of.
    params
        ``{name: tensor}`` of parameters (e.g. ``dict(model.named_parameters())``): drawn as
        parameters, with these names. Parameters of the modules that ran are found and named
        without it.
    names
        ``{name: tensor}`` for any other tensor (inputs, intermediates, outputs).
    retain_grads
        Ask every non-leaf tensor (outputs included) to keep its gradient (``retain_grad()``),
        so that a diagram drawn after ``backward()`` shows the gradient of every node, not
        only of the leaves.

    Raises
    ------
    TypeError
        If an output is not a Tensor, or a ``params``/``names`` value is not one.
    """
    if not outputs:
        raise TypeError("draw_graph: give at least one output tensor")
    for i, out in enumerate(outputs):
        if not isinstance(out, Tensor):
            raise TypeError(f"draw_graph: outputs[{i}] is {type(out).__name__}, not a Tensor")
    given = _given_names(params, "params")
    given.update(_given_names(names, "names"))
    param_ids = {id(t) for _, t in (params or {}).items()}

    nodes, index = _walk(outputs)
    module_paths, owned = _module_tables(nodes)
    output_ids = {id(t) for t in outputs}
    for node in nodes:
        t, ctx = node.tensor, node.ctx
        node.name = given.get(node.key) or t.name or owned.get(node.key, (None, ()))[0]
        if ctx is None:
            known = node.key in param_ids or node.key in owned or _is_parameter(t)
            node.kind = "parameter" if known else "input"
            node.scope = owned.get(node.key, (None, ()))[1]
            continue
        node.kind = "output" if node.key in output_ids else "op"
        _describe_op(node, ctx, index)
        if retain_grads and isinstance(t, Tensor):
            t.retain_grad()
    return GraphSnapshot(nodes, [index[id(t)] for t in outputs], module_paths)


def _walk(outputs: tuple[Tensor, ...]) -> tuple[list[Node], dict[int, int]]:
    """The graph's nodes, depth first in argument order (a node's inputs are numbered after
    it), and each tensor's index by its key."""
    nodes: list[Node] = []
    index: dict[int, int] = {}
    stack: list[tuple[int, Any, Function | None]] = [(id(t), t, t._ctx) for t in reversed(outputs)]
    while stack:
        key, t, ctx = stack.pop()
        if key in index:
            continue
        index[key] = len(nodes)
        nodes.append(Node(len(nodes), t, ctx=ctx, key=key))
        if ctx is not None:
            stack.extend(_input_entries(ctx)[::-1])
    return nodes, index


def _describe_op(node: Node, ctx: Function, index: dict[int, int]) -> None:
    """An op node's name, module scope, attributes, saved tensors and input edges."""
    node.op = ctx.name
    node.scope = ctx.scope
    node.released = ctx.inputs is None
    node.attrs = _op_attributes(ctx)
    node.saved = _saved(ctx, {name for name, _ in node.attrs})
    for (key, _, _), need in zip(_input_entries(ctx, all_args=True), ctx.needs_input_grad):
        if key is not None:
            node.inputs.append(index[key])
            node.needs_grad.append(need)


def _inputs(ctx: Function) -> tuple[Any, ...]:
    """The node's arguments: as recorded, or as described once ``backward()`` released it."""
    return ctx.inputs if ctx.inputs is not None else ctx.input_meta


def _input_entries(ctx: Function, all_args: bool = False) -> list[tuple[Any, Any, Any]]:
    """``(key, tensor, node)`` for each tensor argument of ``ctx`` (with ``all_args``,
    ``(None, arg, None)`` for the others, so the list lines up with the arguments).

    A released argument resolves to its tensor while that is alive; a freed one stands for
    itself (shape, dtype, name) and is known by its producer node or its weak reference —
    both shared by every node that used the tensor, so a tensor is still drawn once.
    """
    out: list[tuple[Any, Any, Any]] = []
    for a in _inputs(ctx):
        if isinstance(a, Tensor):
            out.append((id(a), a, a._ctx))
        elif isinstance(a, TensorMeta):
            t = a.tensor
            if t is not None:
                out.append((id(t), t, t._ctx))
            else:
                out.append((id(a.grad_fn) if a.grad_fn is not None else id(a.ref), a, a.grad_fn))
        elif all_args:
            out.append((None, a, None))
    return out


def _given_names(mapping: Mapping[str, Tensor] | None, arg: str) -> dict[int, str]:
    if mapping is None:
        return {}
    if not isinstance(mapping, Mapping):
        raise TypeError(
            f"draw_graph: {arg} must be a mapping {{name: tensor}}, got {type(mapping).__name__}"
        )
    out = {}
    for name, t in mapping.items():
        if not isinstance(t, Tensor):
            raise TypeError(f"draw_graph: {arg}[{name!r}] is {type(t).__name__}, not a Tensor")
        out[id(t)] = str(name)
    return out


def _is_parameter(t: Tensor) -> bool:
    # By class name: viz sits beside nn in the package's layers and must not import it.
    return any(c.__name__ == "Parameter" for c in type(t).__mro__)


def _module_tables(
    nodes: list[Node],
) -> tuple[dict[int, str], dict[int, tuple[str, tuple[Any, ...]]]]:
    """From the root modules seen in the nodes' scopes: each module's path, and each
    parameter's ``(name, chain of modules down to its owner)``."""
    roots: dict[int, Any] = {}
    for node in nodes:
        ctx = node.ctx
        if ctx is not None and ctx.scope:
            roots.setdefault(id(ctx.scope[0]), ctx.scope[0])
    paths: dict[int, str] = {}
    owned: dict[int, tuple[str, tuple[Any, ...]]] = {}
    for root in roots.values():
        if not hasattr(root, "named_modules"):
            continue
        root_chains: dict[str, tuple[Any, ...]] = {}
        for path, module in root.named_modules():
            parent = path.rpartition(".")[0]
            root_chains[path] = (*root_chains.get(parent, ()), module) if path else (module,)
            paths.setdefault(id(module), path)
        for name, p in root.named_parameters():
            owned.setdefault(id(p), (name, root_chains[name.rpartition(".")[0]]))
    return paths, owned


_ARGUMENT_NAMES: dict[type, tuple[tuple[str, ...], str | None]] = {}


def _argument_names(op: type) -> tuple[tuple[str, ...], str | None]:
    """The names of ``op.forward``'s positional parameters (after ``ctx``) and of its
    ``*args`` parameter, if any (computed once per op)."""
    names = _ARGUMENT_NAMES.get(op)
    if names is None:
        params = list(inspect.signature(op.forward).parameters.values())[1:]  # type: ignore[attr-defined]
        positional = tuple(
            p.name for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        )
        star = next((p.name for p in params if p.kind == p.VAR_POSITIONAL), None)
        names = _ARGUMENT_NAMES[op] = (positional, star)
    return names


def _op_attributes(ctx: Function) -> list[tuple[str, str]]:
    """The op's constant arguments (named as in its ``forward``), the attributes it stored
    from keyword arguments, and the user-facing fields of its geometry. ``None`` and
    ``False`` (unset options, off flags) and array arguments (data, see :func:`_saved`) are
    left out."""
    positional, star = _argument_names(type(ctx))
    attrs: list[tuple[str, str]] = []
    given: set[str] = set()
    for i, a in enumerate(_inputs(ctx)):
        name = positional[i] if i < len(positional) else f"{star or 'arg'}[{i - len(positional)}]"
        given.add(name)
        if a is None or a is False or isinstance(a, (Tensor, TensorMeta)) or _is_array(a):
            continue
        attrs.append((name, format_value(a)))
    keywords = set(inspect.signature(type(ctx).forward).parameters) - given
    for name, value in vars(ctx).items():
        if name in _NODE_FIELDS or name.startswith("_"):
            continue
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            attrs.extend(_geometry(value))
        elif name in keywords and value not in (None, False) and not isinstance(value, np.ndarray):
            attrs.append((name, format_value(value)))
    return attrs


def _geometry(geo: Any) -> list[tuple[str, str]]:
    """The fields a user chose (kernel, stride, padding...), not those derived from sizes."""
    out = []
    for f in dataclasses.fields(geo):
        if f.name == "pad_lo":
            lo, hi = geo.pad_lo, geo.pad_hi
            out.append(("padding", format_value(lo if lo == hi else (lo, hi))))
        elif f.name not in _DERIVED_FIELDS:
            out.append((f.name, format_value(getattr(geo, f.name))))
    return out


def _saved(ctx: Function, attrs: set[str]) -> list[tuple[str, str]]:
    """What the op keeps for backward: its constant array arguments (masks, one-hot targets),
    the tensors it saved, and its other stored arrays and values (not those among ``attrs``,
    already shown)."""
    positional, star = _argument_names(type(ctx))
    saved = [
        (
            positional[i] if i < len(positional) else f"{star}[{i - len(positional)}]",
            format_value(a),
        )
        for i, a in enumerate(_inputs(ctx))
        if _is_array(a)
    ]
    for i, s in enumerate(ctx._saved):
        index = getattr(s, "index", None)
        if index is not None:
            saved.append(("output" if index < 0 else f"input {index}", ""))
        else:
            saved.append((f"saved[{i}]", format_value(s)))
    if ctx.inputs is None:
        saved.append(("the rest freed by backward()", ""))
    shown = attrs | {name for name, _ in saved}
    for name, value in vars(ctx).items():
        if name in _NODE_FIELDS or name.startswith("_") or name in shown or value is None:
            continue
        if isinstance(value, np.ndarray) or not dataclasses.is_dataclass(value):
            saved.append((name, format_value(value)))
    return saved


def _is_array(a: Any) -> bool:
    """A constant array argument: data the op uses, not one of its attributes."""
    return (isinstance(a, np.ndarray) and a.ndim > 0) or isinstance(a, ArrayMeta)


def format_value(v: Any) -> str:
    """A short, stable text for an op attribute (arrays as shape and dtype, slices as
    ``a:b:c``)."""
    if isinstance(v, np.ndarray):
        if v.ndim == 0:
            return format_value(v.item())
        return f"array{v.shape} {v.dtype}"
    if isinstance(v, ArrayMeta):  # an array a released node no longer holds
        return f"array{v.shape} {v.dtype}"
    if isinstance(v, slice):
        parts = ["" if p is None else str(p) for p in (v.start, v.stop, v.step)]
        return ":".join(parts[:2] if v.step is None else parts)
    if v is Ellipsis:
        return "..."
    if isinstance(v, tuple):
        inner = ", ".join(format_value(x) for x in v)
        return f"({inner},)" if len(v) == 1 else f"({inner})"
    if isinstance(v, list):
        return "[" + ", ".join(format_value(x) for x in v) + "]"
    if isinstance(v, (float, np.floating)):
        return f"{float(v):.6g}"
    return str(v)
