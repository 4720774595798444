"""The computation graph and the reverse-mode engine.

Every differentiable primitive is a :class:`Function`: ``forward`` computes with NumPy arrays,
``backward`` maps the output gradient to input gradients with *Tensor* ops, so that the
gradient of a gradient is just another graph (``create_graph=True``). ``Function.apply`` runs
``forward`` and, when some input requires grad, makes the new :class:`Function` instance the
output's graph node (``tensor._ctx``). The engine walks those nodes in reverse topological
order, iteratively, undoes broadcasting in one place, and frees what a pass no longer needs.

Also here: grad mode (:func:`no_grad`, :func:`enable_grad`), :func:`grad`, the functional
:func:`grad_of`/:func:`value_and_grad` transforms, and anomaly mode (:func:`detect_anomaly`).
"""

from __future__ import annotations

import contextlib
import functools
import math
import os
import traceback
import weakref
import zlib
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import numpy as np

_grad_enabled = True
_anomaly_enabled = False
# The modules whose forward is running, outermost first; each node records it (diagrams
# group ops by module with it). A tuple, so recording it is one reference, not a copy.
_module_scope: tuple[Any, ...] = ()


# --------------------------------------------------------------------------------------------
# Grad mode
# --------------------------------------------------------------------------------------------


def is_grad_enabled() -> bool:
    """Whether ops currently record the graph."""
    return _grad_enabled


class set_grad_enabled(contextlib.ContextDecorator):  # noqa: N801 - PyTorch's name
    """Turn graph recording on or off; a context manager and a decorator."""

    def __init__(self, mode: bool) -> None:
        self.mode = bool(mode)
        self._prev: list[bool] = []

    def __enter__(self) -> None:
        global _grad_enabled
        self._prev.append(_grad_enabled)
        _grad_enabled = self.mode

    def __exit__(self, *exc: object) -> None:
        global _grad_enabled
        _grad_enabled = self._prev.pop()


class no_grad(set_grad_enabled):  # noqa: N801
    """Context manager / decorator: ops inside record no graph (inference, parameter updates)."""

    def __init__(self) -> None:
        super().__init__(False)


class enable_grad(set_grad_enabled):  # noqa: N801
    """Context manager / decorator: record the graph even inside :class:`no_grad`."""

    def __init__(self) -> None:
        super().__init__(True)


@contextlib.contextmanager
def module_scope(module: Any) -> Iterator[None]:
    """Mark the ops created inside as belonging to ``module`` (``Module.__call__`` uses it)."""
    global _module_scope
    outer = _module_scope
    _module_scope = (*outer, module)
    try:
        yield
    finally:
        _module_scope = outer


# --------------------------------------------------------------------------------------------
# Anomaly mode
# --------------------------------------------------------------------------------------------


class AnomalyError(RuntimeError):
    """A NaN or Inf appeared in a forward op or a VJP while anomaly mode was on."""


def is_anomaly_enabled() -> bool:
    """Whether anomaly mode is on."""
    return _anomaly_enabled


class set_detect_anomaly(contextlib.ContextDecorator):  # noqa: N801
    """Turn anomaly mode on or off (context manager / decorator).

    While on, every op records the stack where it was created and checks its output for NaN and
    Inf; the engine checks every input gradient a VJP returns. The first non-finite value
    raises :class:`AnomalyError` naming the op, the input shapes and the creating line.
    Off (the default) it costs one global check per op.
    """

    def __init__(self, mode: bool = True) -> None:
        self.mode = bool(mode)
        self._prev: list[bool] = []

    def __enter__(self) -> None:
        global _anomaly_enabled
        self._prev.append(_anomaly_enabled)
        _anomaly_enabled = self.mode

    def __exit__(self, *exc: object) -> None:
        global _anomaly_enabled
        _anomaly_enabled = self._prev.pop()


class detect_anomaly(set_detect_anomaly):  # noqa: N801
    """Context manager / decorator: anomaly mode on (see :class:`set_detect_anomaly`)."""

    def __init__(self) -> None:
        super().__init__(True)


def _user_frame(stack: list[traceback.FrameSummary]) -> str:
    """The innermost frame of the creation stack that is not inside minigrad itself."""
    pkg = os.path.dirname(os.path.abspath(__file__))
    for frame in reversed(stack):
        if not os.path.abspath(frame.filename).startswith(pkg):
            return (
                f'File "{frame.filename}", line {frame.lineno}, in {frame.name}\n    {frame.line}'
            )
    return "(created inside minigrad)"


def _anomaly(ctx: Function, kind: str, where: str) -> AnomalyError:
    shapes = ", ".join(str(getattr(i, "shape", type(i).__name__)) for i in ctx.inputs or ())
    created = _user_frame(ctx.stack) if ctx.stack else "(not recorded)"
    # An op that only passes on a NaN it was given (e.g. from a parameter) is not the culprit.
    given = [str(i) for i, a in enumerate(ctx.inputs or ()) if not _all_finite(a)]
    note = f"; input {', '.join(given)} already held NaN/Inf" if given else ""
    return AnomalyError(
        f"{ctx.name} produced {kind} in its {where} (input shapes: {shapes}{note}).\n"
        f"The op was created at:\n  {created}"
    )


def _all_finite(a: Any) -> bool:
    a = a.array if isinstance(a, Tensor) else a
    if isinstance(a, float):
        return math.isfinite(a)
    return not (isinstance(a, np.ndarray) and a.dtype.kind in "fc") or bool(np.isfinite(a).all())


def _check_finite(ctx: Function, arrays: Sequence[Any], where: str) -> None:
    for a in arrays:
        if not _all_finite(a):
            a = a.array if isinstance(a, Tensor) else a
            raise _anomaly(ctx, "NaN" if np.isnan(a).any() else "Inf", where)


def _vjp_with_anomaly_check(ctx: Function, grad: Tensor) -> Any:
    """Run ``ctx``'s VJP; a non-finite value inside it or in its result is blamed on ``ctx``."""
    try:
        input_grads = type(ctx).backward(ctx, grad)
    except AnomalyError as inner:
        kind = "NaN" if "produced NaN" in str(inner) else "Inf"
        raise _anomaly(ctx, kind, "backward (VJP)") from inner
    _check_finite(
        ctx, input_grads if type(input_grads) is tuple else (input_grads,), "backward (VJP)"
    )
    return input_grads


# --------------------------------------------------------------------------------------------
# Function: one primitive op, and one node of the graph
# --------------------------------------------------------------------------------------------


class _Saved:
    """A saved input (by position) or the output, resolved to a Tensor at backward time.

    Four checks catch a change made after the save: the version counter (the in-place
    methods), the version counter of the tensor whose memory it views (a change through the
    base or another view of it), the array's identity (``x.array = other``), and, in anomaly
    mode only, a checksum (writes through ``x.array[...]``, which nothing cheaper can see).
    """

    __slots__ = ("array", "base_version", "digest", "index", "version")

    def __init__(self, index: int, t: Tensor) -> None:
        self.index = index  # -1 stands for the op's output
        self.version = t._version
        self.base_version = None if t._base is None else t._base._version
        self.array = t.array
        self.digest = _digest(t.array) if _anomaly_enabled else None

    def change(self, t: Tensor) -> str | None:
        """How ``t`` changed since the save, or None."""
        if t._version != self.version:
            return f"was modified in place (version {self.version} -> {t._version})"
        if t._base is not None and t._base._version != self.base_version:
            name = f" {t._base.name!r}" if t._base.name else ""
            return f"is a view of a tensor{name} (shape {t._base.shape}) that was modified in place"
        if t.array is not self.array:
            return "had its .array replaced"
        if self.digest is not None and _digest(t.array) != self.digest:
            return "was modified in place through .array"
        return None


def _digest(a: np.ndarray) -> int:
    return zlib.crc32(np.ascontiguousarray(a).reshape(-1).view(np.uint8))


class Function:
    """A differentiable primitive: subclass it, write ``forward`` and ``backward``.

    ``forward(ctx, *args, **kwargs)`` receives the positional arguments with every Tensor
    replaced by its ``np.ndarray`` and returns one ``np.ndarray``. ``backward(ctx, grad)``
    receives the output gradient as a Tensor and returns one gradient per positional argument
    (a Tensor, an ndarray, or ``None``), written with Tensor ops so it can itself be
    differentiated. Gradients may have the broadcast shape: the engine sums them back to each
    input's shape. Call it as ``MyOp.apply(*args, **kwargs)``.

    In ``forward``, ``ctx.save_for_backward(*arrays)`` keeps what ``backward`` needs; in
    ``backward``, ``ctx.saved_tensors`` gives them back — the op's own inputs and output come
    back as the graph's Tensors (so higher-order gradients flow through them), anything else
    as a constant Tensor. ``ctx.needs_input_grad`` tells which arguments want a gradient, so
    a VJP can skip work nobody asked for. Any other attribute may be set on ``ctx``.

    Examples
    --------
    >>> import numpy as np, minigrad as mg
    >>> class Cube(mg.autograd.Function):
    ...     @staticmethod
    ...     def forward(ctx, x):
    ...         ctx.save_for_backward(x)
    ...         return x**3
    ...     @staticmethod
    ...     def backward(ctx, grad):
    ...         (x,) = ctx.saved_tensors
    ...         return grad * 3 * x**2
    >>> x = mg.tensor([2.0], requires_grad=True)
    >>> Cube.apply(x).sum().backward()
    >>> x.grad
    tensor([12.], dtype=float32)
    """

    # The graph fields. ``inputs`` is None once a backward pass has released the node;
    # ``released_inputs`` then describes them (ReleasedInput for a tensor).
    inputs: tuple[Any, ...] | None
    released_inputs: tuple[Any, ...] = ()
    needs_input_grad: tuple[bool, ...]
    scope: tuple[Any, ...]  # the modules (outermost first) whose forward created the node
    stack: list[traceback.FrameSummary] | None = None  # where it was created (anomaly mode)
    _to_save: tuple[Any, ...] = ()  # what forward passed to save_for_backward
    _saved: tuple[Any, ...] = ()  # the same, resolved to references (see _resolve_saved)
    # The output, set only while the engine runs this node's VJP (``saved_tensors`` hands it
    # back); holding it longer would make the cycle output -> node -> output.
    _output: Tensor | None = None

    @staticmethod
    def forward(ctx: Function, *args: Any, **kwargs: Any) -> np.ndarray:
        raise NotImplementedError("Function subclasses must define forward(ctx, *args)")

    @staticmethod
    def backward(ctx: Function, grad: Tensor) -> Any:
        raise NotImplementedError(f"{type(ctx).__name__} defines no backward")

    @property
    def name(self) -> str:
        """The op's name, as diagrams and error messages show it."""
        return type(self).__name__

    def save_for_backward(self, *arrays: Any) -> None:
        """Keep ``arrays`` (inputs, the output, or other arrays) for ``backward``."""
        self._to_save = arrays

    @property
    def saved_tensors(self) -> tuple[Any, ...]:
        """What ``forward`` saved, as Tensors; raises if a saved tensor was modified in place."""
        if self.inputs is None:
            raise RuntimeError(_RELEASED.format(op=self.name))
        out: list[Any] = []
        for s in self._saved:
            if type(s) is _Saved:
                t = self._output if s.index < 0 else self.inputs[s.index]
                change = s.change(t)
                if change is not None:
                    what = "its output" if s.index < 0 else f"its input {s.index}"
                    name = f" {t.name!r}" if t.name else ""
                    raise RuntimeError(
                        f"{self.name}: {what}{name} (shape {t.shape}) {change} after the "
                        "op saved it for backward; the gradient would be wrong. Clone the "
                        "tensor before changing it."
                    )
                out.append(t)
            elif isinstance(s, np.ndarray):
                out.append(Tensor.constant(s))
            else:
                out.append(s)
        return tuple(out)

    @classmethod
    def apply(cls, *args: Any, **kwargs: Any) -> Tensor:
        """Run the op on ``args`` and record it in the graph if any input requires grad."""
        ctx = cls()
        if _grad_enabled:
            needs = tuple([isinstance(a, Tensor) and a._requires_grad for a in args])
            requires_grad = True in needs
        else:
            needs, requires_grad = (False,) * len(args), False
        ctx.needs_input_grad = needs
        raw = cls.forward(ctx, *[a.array if isinstance(a, Tensor) else a for a in args], **kwargs)
        out = Tensor.constant(raw if type(raw) is np.ndarray else np.asarray(raw))
        if out.array.base is not None:
            _link_view(out, args)
        if not (requires_grad or _anomaly_enabled):
            return out
        if _anomaly_enabled:
            ctx.inputs, ctx.stack = args, traceback.extract_stack()[:-1]
            _check_finite(ctx, (out,), "forward output")
        if requires_grad and out.array.dtype.kind in "fc":
            ctx.inputs = args
            ctx.scope = _module_scope
            if ctx._to_save:
                ctx._saved = tuple([_resolve_saved(s, args, raw, out) for s in ctx._to_save])
                ctx._to_save = ()
            out._requires_grad = True
            out._ctx = ctx
        return out

    def release(self) -> None:
        """Drop the saved arrays and the links to the inputs (after a backward pass), keeping
        the graph's structure: ``released_inputs`` describes each input without its data."""
        if self.inputs is not None:
            self.released_inputs = tuple(
                [
                    ReleasedInput(a) if isinstance(a, Tensor) else _placeholder(a)
                    for a in self.inputs
                ]
            )
        self.inputs = None
        self._saved = ()


class ReleasedInput:
    """A tensor input of a released node: its producer node, shape, dtype and name — what a
    diagram drawn after ``backward()`` shows — and none of its data. A leaf that requires grad
    is kept itself (its ``.grad`` is what such a diagram is for; PyTorch's AccumulateGrad node
    keeps it too); any other tensor only weakly (``tensor()`` is None once it is freed)."""

    __slots__ = ("ctx", "dtype", "leaf", "name", "ref", "shape")

    def __init__(self, t: Tensor) -> None:
        self.ctx = ctx = t._ctx
        self.leaf = t if ctx is None and t._requires_grad else None
        self.ref = weakref.ref(t)  # one ref object per tensor: the same for every consumer
        a = t.array
        self.shape, self.dtype, self.name = a.shape, a.dtype, t.name

    def tensor(self) -> Tensor | None:
        """The tensor, if it is still alive."""
        return self.leaf if self.leaf is not None else self.ref()


def _placeholder(a: Any) -> Any:
    """A constant array argument's shape and dtype without its data (one zero, broadcast:
    read-only, no copy); any other argument as it is."""
    return np.broadcast_to(np.zeros((), a.dtype), a.shape) if type(a) is np.ndarray else a


def _link_view(out: Tensor, args: tuple[Any, ...]) -> None:
    """If ``out`` views an input's memory, remember the tensor owning it, so that an in-place
    change through the base or any of its views is seen by every VJP that saved one of them."""
    base = out.array.base
    for a in args:
        if isinstance(a, Tensor) and (a.array is base or a.array.base is base):
            out._base = a if a._base is None else a._base
            return


def _resolve_saved(s: Any, args: tuple[Any, ...], raw: Any, out: Tensor) -> Any:
    """Turn an array ``forward`` saved into a reference to an input or the output, if it is one.

    Saving a reference instead of the array lets ``backward`` use the graph's own Tensors
    (needed for higher-order gradients) without the output holding a cycle to itself.
    """
    if s is raw:
        return _Saved(-1, out)
    for i, a in enumerate(args):
        if isinstance(a, Tensor) and a.array is s:
            return _Saved(i, a)
    return s


_RELEASED = (
    "{op}: trying to backward through the graph a second time (or to use a graph after its "
    "saved arrays were freed). Pass retain_graph=True to the first backward() or grad() call "
    "if you need to backward through the graph again."
)


# --------------------------------------------------------------------------------------------
# The engine
# --------------------------------------------------------------------------------------------


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
            raise RuntimeError(_RELEASED.format(op=t._ctx.name))  # type: ignore[union-attr]
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


def _run_backward(
    roots: Sequence[Tensor],
    root_grads: Sequence[Tensor],
    retain_graph: bool,
    create_graph: bool,
    capture: Sequence[Tensor] | None = None,
) -> dict[int, Tensor]:
    """Propagate ``root_grads`` back from ``roots``.

    Without ``capture`` the gradients of leaves that require grad are accumulated into their
    ``.grad``. With ``capture`` nothing is written: the total gradient of each captured tensor
    is returned, keyed by ``id``.
    """
    global _grad_enabled
    order = _topological_order(roots)
    grads: dict[int, Tensor] = {}
    for r, g in zip(roots, root_grads):
        grads[id(r)] = grads[id(r)] + g if id(r) in grads else g
    captured_ids = {id(t) for t in capture} if capture is not None else set()
    captured: dict[int, Tensor] = {}
    # A root that is itself a leaf has nothing to walk but still gets its gradient.
    leaves = {id(r): r for r in roots if r._ctx is None and r._requires_grad}
    stored: set[int] = set()  # ids of the gradients given to a leaf's .grad in this pass

    previous_mode, _grad_enabled = _grad_enabled, create_graph
    try:
        for t in order:
            g = grads.pop(id(t), None)
            if g is None:
                continue
            if t._hooks:
                g = _apply_hooks(t, g)
            if capture is not None:
                if id(t) in captured_ids:
                    captured[id(t)] = g
            elif t._retains_grad:
                t.grad = g if t.grad is None else t.grad + g
            ctx = t._ctx
            inputs = ctx.inputs
            if inputs is None:
                raise RuntimeError(_RELEASED.format(op=ctx.name))
            ctx._output = t
            try:
                if _anomaly_enabled:
                    input_grads = _vjp_with_anomaly_check(ctx, g)
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
                key = id(x)
                if x._ctx is None:
                    leaves[key] = x
                grads[key] = grads[key] + gx if key in grads else gx
            if not retain_graph:
                ctx.release()
        for key, leaf in leaves.items():
            g = grads.pop(key, None)
            if g is None:
                continue
            if leaf._hooks:
                g = _apply_hooks(leaf, g)
            if capture is not None:
                if key in captured_ids:
                    captured[key] = g
            elif leaf.grad is not None:
                leaf.grad = leaf.grad + g
            else:
                # ``.grad`` owns a writable, C-ordered array, as in PyTorch: a VJP may return a
                # read-only broadcast view, one tensor for several inputs (as ``add`` does), or
                # a transposed view (``x @ w.T``) on which every optimizer pass would be slow.
                flags = g.array.flags
                if not create_graph and (
                    not flags.writeable or not flags.c_contiguous or id(g) in stored
                ):
                    g = Tensor.constant(np.array(g.array, order="C"))
                stored.add(id(g))
                leaf.grad = g
    finally:
        _grad_enabled = previous_mode
    return captured


def _apply_hooks(t: Tensor, g: Tensor) -> Tensor:
    for hook in t._hooks:
        new = hook(g)
        if new is not None:
            g = new
    return g


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


def backward(
    tensors: Tensor | Sequence[Tensor],
    grad_tensors: Any = None,
    retain_graph: bool | None = None,
    create_graph: bool = False,
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
    """
    outputs = [tensors] if isinstance(tensors, Tensor) else list(tensors)
    if grad_tensors is not None and isinstance(tensors, Tensor):
        grad_tensors = [grad_tensors]
    _check_roots(outputs)
    roots = _root_grads(outputs, grad_tensors)
    retain = create_graph if retain_graph is None else retain_graph
    _run_backward(outputs, roots, retain, create_graph)


def grad(
    outputs: Tensor | Sequence[Tensor],
    inputs: Tensor | Sequence[Tensor],
    grad_outputs: Any = None,
    retain_graph: bool | None = None,
    create_graph: bool = False,
    allow_unused: bool = False,
) -> tuple[Tensor | None, ...]:
    """The gradients of ``outputs`` w.r.t. ``inputs``, returned instead of accumulated.

    Same arguments and semantics as ``torch.autograd.grad``: ``.grad`` attributes are not
    touched; an input that ``outputs`` do not depend on raises unless ``allow_unused=True``
    (then its gradient is ``None``). With ``create_graph=True`` the returned gradients carry a
    graph and can be differentiated again.

    Examples
    --------
    >>> import minigrad as mg
    >>> x = mg.tensor(3.0, requires_grad=True)
    >>> (dx,) = mg.autograd.grad(x**3, x, create_graph=True)
    >>> (ddx,) = mg.autograd.grad(dx, x)
    >>> float(dx), float(ddx)
    (27.0, 18.0)
    """
    outputs = [outputs] if isinstance(outputs, Tensor) else list(outputs)
    inputs = [inputs] if isinstance(inputs, Tensor) else list(inputs)
    if grad_outputs is not None and not isinstance(grad_outputs, (list, tuple)):
        grad_outputs = [grad_outputs]
    _check_roots(outputs)
    for i, x in enumerate(inputs):
        if not isinstance(x, Tensor) or not x._requires_grad:
            raise ValueError(f"grad: inputs[{i}] is not a Tensor that requires grad")
    roots = _root_grads(outputs, grad_outputs)
    retain = create_graph if retain_graph is None else retain_graph
    captured = _run_backward(outputs, roots, retain, create_graph, capture=inputs)
    result = []
    for i, x in enumerate(inputs):
        g = captured.get(id(x))
        if g is None and not allow_unused:
            raise ValueError(
                f"grad: inputs[{i}] (shape {x.shape}) was not used to compute the outputs; "
                "pass allow_unused=True to get None for it"
            )
        result.append(g)
    return tuple(result)


# --------------------------------------------------------------------------------------------
# Functional transforms
# --------------------------------------------------------------------------------------------


def value_and_grad(
    f: Callable[..., Tensor], argnums: int | Sequence[int] = 0
) -> Callable[..., tuple[Tensor, Any]]:
    """Turn ``f`` into a function returning ``(f(*args), gradient of f w.r.t. args[argnums])``.

    Arguments at ``argnums`` may be Tensors or arrays; they are differentiated as fresh
    leaves, so the caller's tensors and their ``.grad`` are untouched. ``f`` must return a
    one-element Tensor. With a tuple ``argnums`` the gradient is a tuple.

    Examples
    --------
    >>> import minigrad as mg
    >>> value, g = mg.value_and_grad(lambda x: (x * x).sum())(mg.tensor([1.0, 2.0]))
    >>> float(value), g.tolist()
    (5.0, [2.0, 4.0])
    """
    many = not isinstance(argnums, int)
    nums = tuple(argnums) if many else (argnums,)

    @functools.wraps(f)
    def wrapped(*args: Any, **kwargs: Any) -> tuple[Tensor, Any]:
        args_list = list(args)
        for n in nums:
            if n >= len(args_list):
                raise ValueError(f"value_and_grad: argnums {n} but f got {len(args)} arguments")
            a = args_list[n]
            data = a.array if isinstance(a, Tensor) else a
            args_list[n] = Tensor(data, requires_grad=True)
        with enable_grad():
            value = f(*args_list, **kwargs)
            if not isinstance(value, Tensor) or value.size != 1:
                raise ValueError("value_and_grad: f must return a one-element Tensor")
            grads = grad(value, [args_list[n] for n in nums], allow_unused=True)
        grads = tuple(
            g if g is not None else Tensor.constant(np.zeros_like(args_list[n].array))
            for g, n in zip(grads, nums)
        )
        return value.detach(), grads if many else grads[0]

    return wrapped


def grad_of(f: Callable[..., Tensor], argnums: int | Sequence[int] = 0) -> Callable[..., Any]:
    """Turn ``f`` into a function returning its gradient w.r.t. ``args[argnums]``.

    Exposed as ``minigrad.grad`` (as ``jax.grad``); see :func:`value_and_grad`.
    """
    vg = value_and_grad(f, argnums)

    @functools.wraps(f)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        return vg(*args, **kwargs)[1]

    return wrapped


def graph_nodes(*outputs: Tensor) -> Iterator[Tensor]:
    """Every tensor the outputs were computed from that is recorded in the graph, outputs
    first (useful for diagrams and debugging); leaves that require grad included."""
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


# Tensor's methods call into the ops, which subclass Function: import it last (a deliberate cycle).
from .tensor import Tensor  # noqa: E402
