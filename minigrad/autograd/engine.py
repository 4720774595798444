"""The reverse-mode engine: ``backward()`` and ``grad()``.

A pass walks the nodes reachable from the outputs in reverse topological order (iteratively:
a graph of any depth works), runs each node's VJP once its output's gradient is complete,
undoes broadcasting in one place (:func:`_as_input_grad`), and releases each node as soon as
its VJP has run (unless ``retain_graph``). A finished gradient goes to one place: returned
(``grad()``, ``backward(inputs=...)``) or accumulated into ``.grad``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from ..tensor import Tensor
from . import anomaly as _anomaly
from . import mode as _mode
from .function import RELEASED, Function


def _topological_order(roots: Sequence[Tensor]) -> list[Tensor]:
    """Non-leaf tensors reachable from ``roots``, each after every tensor that uses it.

    Iterative depth-first search (an explicit stack, no recursion), so a graph of any depth
    works. Only tensors that require grad have a node, so only they are visited. A tensor is
    pushed once to be expanded and, marked by ``None``, once more to be emitted after all of
    its inputs.
    """
    order: list[Tensor] = []
    seen: set[int] = set()
    stack: list[Tensor | None] = [r for r in roots if r._ctx is not None]
    while stack:
        t = stack.pop()
        if t is None:
            order.append(stack.pop())  # type: ignore[arg-type]
            continue
        if id(t) in seen:
            continue
        seen.add(id(t))
        stack.append(t)
        stack.append(None)
        inputs = t._ctx.inputs  # type: ignore[union-attr]
        if inputs is None:
            raise RuntimeError(RELEASED.format(op=t._ctx.name))  # type: ignore[union-attr]
        for a in inputs:
            if isinstance(a, Tensor) and a._ctx is not None and id(a) not in seen:
                stack.append(a)
    order.reverse()
    return order


def _as_input_grad(g: Any, x: Tensor, ctx: Function) -> Tensor:
    """Bring a VJP's gradient for input ``x`` to ``x``'s shape and dtype — the one place
    where broadcasting is undone."""
    if not isinstance(g, Tensor):
        g = Tensor.constant(np.asarray(g))
    if g.shape != x.shape:
        try:
            g = g.sum_to(x.shape)
        except ValueError:
            raise RuntimeError(
                f"{ctx.name}.backward returned a gradient of shape {g.shape} for an input of "
                f"shape {x.shape}; it must have the input's shape or broadcast to it"
            ) from None
    if g.dtype != x.dtype:
        g = g.astype(x.dtype)
    return g


class _Pass:
    """One backward pass: the gradients still being summed, keyed by ``id`` of their tensor,
    and where a finished gradient goes (captured and returned, or accumulated into ``.grad``).
    """

    def __init__(self, create_graph: bool, capture: Sequence[Tensor] | None) -> None:
        self.create_graph = create_graph
        self.pending: dict[int, Tensor] = {}
        self.leaves: dict[int, Tensor] = {}  # leaves reached so far, in order
        self.capture = None if capture is None else {id(t) for t in capture}
        self.captured: dict[int, Tensor] = {}
        self.stored: set[int] = set()  # ids of the gradients given to some .grad in this pass

    def add(self, x: Tensor, g: Tensor) -> None:
        key = id(x)
        if x._ctx is None:
            self.leaves[key] = x
        pending = self.pending
        pending[key] = pending[key] + g if key in pending else g

    def deliver(self, t: Tensor, g: Tensor) -> Tensor:
        """``t``'s gradient ``g`` is complete: run its hooks and deliver it (captured, or
        accumulated into ``.grad``); returns it as the hooks left it."""
        if t._hooks:
            g = _apply_hooks(t, g)
        if self.capture is not None:
            if id(t) in self.capture:
                self.captured[id(t)] = g
        elif t._ctx is None or t._retains_grad:
            accumulate(t, g, self.create_graph, self.stored)
        return g

    def backprop(self, t: Tensor, g: Tensor) -> None:
        """Run the VJP of ``t``'s node for ``t``'s gradient ``g`` and add the results to the
        gradients of the node's inputs."""
        ctx: Function = t._ctx  # type: ignore[assignment]
        inputs = ctx.inputs
        if inputs is None:
            raise RuntimeError(RELEASED.format(op=ctx.name))
        ctx._output = t
        try:
            if _anomaly.enabled:
                input_grads = _anomaly.checked_vjp(ctx, g)
            else:
                input_grads = type(ctx).backward(ctx, g)
        finally:
            ctx._output = None
        if type(input_grads) is not tuple:
            input_grads = (input_grads,)
        if len(input_grads) != len(inputs):
            raise RuntimeError(
                f"{ctx.name}.backward returned {len(input_grads)} gradients for "
                f"{len(inputs)} inputs"
            )
        pending, leaves = self.pending, self.leaves
        for x, gx, need in zip(inputs, input_grads, ctx.needs_input_grad):
            if not need or gx is None:
                continue
            # The common case checked inline (this loop runs once per edge of the graph).
            if not (
                type(gx) is Tensor
                and gx.array.shape == x.array.shape
                and gx.array.dtype == x.array.dtype
            ):
                gx = _as_input_grad(gx, x, ctx)
            key = id(x)  # as in add(), inline
            if x._ctx is None:
                leaves[key] = x
            pending[key] = pending[key] + gx if key in pending else gx


def accumulate(t: Tensor, g: Tensor, create_graph: bool, stored: set[int]) -> None:
    """Add ``g`` to ``t.grad``; the one place a pass writes a ``.grad``."""
    if t.grad is not None:
        t.grad = t.grad + g
        return
    # ``.grad`` owns a writable, C-ordered array, as in PyTorch: a VJP may return a read-only
    # broadcast view, one tensor for several inputs (as ``add`` does), or a transposed view
    # (``x @ w.T``) on which every optimizer pass would be slow.
    flags = g.array.flags
    if not create_graph and (not flags.writeable or not flags.c_contiguous or id(g) in stored):
        g = Tensor.constant(np.array(g.array, order="C"))
    stored.add(id(g))
    t.grad = g


def _apply_hooks(t: Tensor, g: Tensor) -> Tensor:
    assert t._hooks is not None  # called only for a tensor with hooks
    for hook in t._hooks:
        new = hook(g)
        if new is not None:
            g = new
    return g


def run_backward(
    roots: Sequence[Tensor],
    root_grads: Sequence[Tensor],
    retain_graph: bool,
    create_graph: bool,
    capture: Sequence[Tensor] | None = None,
) -> dict[int, Tensor]:
    """Propagate ``root_grads`` back from ``roots``.

    Without ``capture`` the gradients of leaves that require grad (and of tensors that retain
    theirs) are accumulated into their ``.grad``. With ``capture`` nothing is written: the
    total gradient of each captured tensor is returned, keyed by ``id``.
    """
    order = _topological_order(roots)
    walk = _Pass(create_graph, capture)
    for r, rg in zip(roots, root_grads):
        walk.add(r, rg)
    previous_mode, _mode.grad_enabled = _mode.grad_enabled, create_graph
    try:
        pending, capturing = walk.pending, capture is not None
        for t in order:
            g = pending.pop(id(t), None)
            if g is None:
                continue
            if t._hooks or t._retains_grad or capturing:  # else there is nothing to deliver
                g = walk.deliver(t, g)
            walk.backprop(t, g)
            if not retain_graph:
                t._ctx.release()  # type: ignore[union-attr]
        for key, leaf in walk.leaves.items():
            if key in pending:
                walk.deliver(leaf, pending.pop(key))
    finally:
        _mode.grad_enabled = previous_mode
    return walk.captured


def _root_grads(outputs: Sequence[Tensor], grad_outputs: Sequence[Any] | None) -> list[Tensor]:
    if grad_outputs is None:
        grad_outputs = [None] * len(outputs)
    if len(grad_outputs) != len(outputs):
        raise ValueError(f"grad: got {len(grad_outputs)} grad_outputs for {len(outputs)} outputs")
    grads = []
    for out, g in zip(outputs, grad_outputs):
        if g is None:
            if out.size != 1:
                raise RuntimeError(
                    f"grad can be implicitly created only for scalar outputs; the output has "
                    f"shape {out.shape}: pass gradient= (a tensor of that shape)"
                )
            g = Tensor.constant(np.ones(out.shape, dtype=out.dtype))
        else:
            g = g if isinstance(g, Tensor) else Tensor(g, dtype=out.dtype)
            if g.shape != out.shape:
                raise ValueError(
                    f"backward: gradient has shape {g.shape} but the output has shape "
                    f"{out.shape}; they must be equal"
                )
        grads.append(g)
    return grads


def _as_list(tensors: Tensor | Sequence[Tensor]) -> list[Tensor]:
    return [tensors] if isinstance(tensors, Tensor) else list(tensors)


def _check_roots(outputs: Sequence[Tensor]) -> None:
    for out in outputs:
        if not isinstance(out, Tensor):
            raise TypeError(f"backward: expected Tensor outputs, got {type(out).__name__}")
        if not out._requires_grad:
            raise RuntimeError(
                f"backward: the output (shape {out.shape}) does not require grad and has no "
                "graph; did you compute it under no_grad(), or from tensors that do not "
                "require grad?"
            )


def _check_inputs(inputs: Sequence[Any], caller: str) -> None:
    for i, x in enumerate(inputs):
        if not isinstance(x, Tensor) or not x._requires_grad:
            raise ValueError(f"{caller}: inputs[{i}] is not a Tensor that requires grad")


def backward(
    tensors: Tensor | Sequence[Tensor],
    grad_tensors: Any = None,
    retain_graph: bool | None = None,
    create_graph: bool = False,
    inputs: Tensor | Sequence[Tensor] | None = None,
) -> None:
    """Accumulate the gradients of ``tensors`` into the ``.grad`` of the leaves.

    Parameters
    ----------
    tensors
        The output(s) to differentiate.
    grad_tensors
        The gradient w.r.t. each output; may be omitted for one-element outputs.
    retain_graph
        Keep the graph's saved arrays for another pass. Defaults to ``create_graph``.
    create_graph
        Record the backward pass itself, so the gradients can be differentiated again.
    inputs
        Accumulate into the ``.grad`` of these tensors only (leaves or not); by default into
        every leaf that requires grad (and every tensor that called ``retain_grad()``).
    """
    outputs = _as_list(tensors)
    if grad_tensors is not None and isinstance(tensors, Tensor):
        grad_tensors = [grad_tensors]
    _check_roots(outputs)
    roots = _root_grads(outputs, grad_tensors)
    retain = create_graph if retain_graph is None else retain_graph
    if inputs is None:
        run_backward(outputs, roots, retain, create_graph)
        return
    targets = _as_list(inputs)
    if not targets:
        raise ValueError("backward: inputs= must name at least one tensor")
    _check_inputs(targets, "backward")
    captured = run_backward(outputs, roots, retain, create_graph, capture=targets)
    stored: set[int] = set()
    for x in {id(x): x for x in targets}.values():
        if id(x) in captured:
            accumulate(x, captured[id(x)], create_graph, stored)


def grad(
    outputs: Tensor | Sequence[Tensor],
    inputs: Tensor | Sequence[Tensor],
    grad_outputs: Any = None,
    retain_graph: bool | None = None,
    create_graph: bool = False,
    only_inputs: bool = True,
    allow_unused: bool | None = None,
    is_grads_batched: bool = False,
    materialize_grads: bool = False,
) -> tuple[Tensor | None, ...]:
    """The gradients of ``outputs`` w.r.t. ``inputs``, returned instead of accumulated.

    Same arguments and semantics as ``torch.autograd.grad``: ``.grad`` attributes are not
    touched; an input that ``outputs`` do not depend on raises unless ``allow_unused=True``
    (then its gradient is ``None``) or ``materialize_grads=True`` (then it is zeros). With
    ``create_graph=True`` the returned gradients carry a graph and can be differentiated
    again. ``only_inputs`` is accepted and ignored (deprecated in PyTorch too);
    ``is_grads_batched=True`` is not supported.

    Examples
    --------
    >>> import minigrad as mg
    >>> x = mg.tensor(3.0, requires_grad=True)
    >>> (dx,) = mg.autograd.grad(x**3, x, create_graph=True)
    >>> (ddx,) = mg.autograd.grad(dx, x)
    >>> float(dx), float(ddx)
    (27.0, 18.0)
    """
    if is_grads_batched:
        raise NotImplementedError(
            "grad: is_grads_batched=True is not supported; call grad once per grad_outputs "
            "(or use minigrad.autograd.functional.jacobian)"
        )
    if materialize_grads and allow_unused is False:
        raise ValueError("grad: materialize_grads=True needs allow_unused=True or unset")
    outputs = _as_list(outputs)
    inputs = _as_list(inputs)
    if grad_outputs is not None and not isinstance(grad_outputs, (list, tuple)):
        grad_outputs = [grad_outputs]
    _check_roots(outputs)
    _check_inputs(inputs, "grad")
    roots = _root_grads(outputs, grad_outputs)
    retain = create_graph if retain_graph is None else retain_graph
    captured = run_backward(outputs, roots, retain, create_graph, capture=inputs)
    result = []
    for i, x in enumerate(inputs):
        g = captured.get(id(x))
        if g is None and materialize_grads:
            g = Tensor.constant(np.zeros_like(x.array))
        elif g is None and not allow_unused:
            raise ValueError(
                f"grad: inputs[{i}] (shape {x.shape}) was not used to compute the outputs; "
                "pass allow_unused=True to get None for it"
            )
        result.append(g)
    return tuple(result)


def graph_nodes(*outputs: Tensor) -> Iterator[Tensor]:
    """Every tensor the outputs were computed from that is recorded in the graph, outputs
    first (useful for diagrams and debugging); leaves that require grad included. A released
    node's inputs are gone: the walk stops there (``Function.input_meta`` describes them)."""
    seen: set[int] = set()
    stack = list(outputs)
    while stack:
        t = stack.pop()
        if id(t) in seen:
            continue
        seen.add(id(t))
        yield t
        if t._ctx is not None and t._ctx.inputs is not None:
            stack.extend(a for a in reversed(t._ctx.inputs) if isinstance(a, Tensor))
