"""``Function``: one primitive op, and one node of the graph.

``forward`` computes with NumPy arrays, ``backward`` maps the output gradient to input gradients
with *Tensor* ops, so that the gradient of a gradient is just another graph
(``create_graph=True``). ``Function.apply`` runs ``forward`` and, when some input requires
grad, makes the new instance the output's graph node (``tensor._ctx``).

A node keeps two kinds of state, in two places. The graph's own fields (``inputs``,
``needs_input_grad``, ``scope``, ``attrs``, and what ``save_for_backward`` kept) are slots.
Everything else set on ``ctx`` — any attribute ``forward`` sets (``ctx.mask = ...``) — lives
in the instance dictionary. After a backward pass :meth:`Function.release` drops the inputs and
the saved tensors and empties that dictionary, keeping only descriptions (shapes, dtypes,
plain values): see :mod:`minigrad.autograd.node`.
"""

from __future__ import annotations

import functools
import traceback
from typing import Any

import numpy as np

from ..tensor import Tensor
from . import anomaly as _anomaly
from . import mode as _mode
from .node import PLAIN_TYPES, AccumulateGrad, OpName, TensorMeta, describe, describe_state


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
        self.digest = _anomaly.digest(t.array) if _anomaly.enabled else None

    def change(self, t: Tensor) -> str | None:
        """How ``t`` changed since the save, or None."""
        if t._version != self.version:
            return f"was modified in place (version {self.version} -> {t._version})"
        if t._base is not None and t._base._version != self.base_version:
            name = f" {t._base.name!r}" if t._base.name else ""
            return f"is a view of a tensor{name} (shape {t._base.shape}) that was modified in place"
        if t.array is not self.array:
            return "had its .array replaced"
        if self.digest is not None and _anomaly.digest(t.array) != self.digest:
            return "was modified in place through .array"
        return None


RELEASED = (
    "{op}: trying to backward through the graph a second time (or to use a graph after its "
    "saved arrays were freed). Pass retain_graph=True to the first backward() or grad() call "
    "if you need to backward through the graph again."
)


class Function:
    """A differentiable primitive: subclass it, write ``forward`` and ``backward``.

    ``forward(ctx, *args, **kwargs)`` receives the positional arguments with every Tensor
    replaced by its ``np.ndarray`` and returns one ``np.ndarray``. ``backward(ctx, grad)``
    receives the output gradient as a Tensor and returns one gradient per positional argument
    (a Tensor, an ndarray, or ``None``), written with Tensor ops so it can itself be
    differentiated. Gradients may have the broadcast shape: the engine sums them back to each
    input's shape. Call it as ``MyOp.apply(*tensors, **metadata)``.

    In ``forward``, ``ctx.save_for_backward(*arrays)`` keeps what ``backward`` needs; in
    ``backward``, ``ctx.saved_tensors`` gives them back — the op's own inputs and output come
    back as the graph's Tensors (so higher-order gradients flow through them), anything else
    as a constant Tensor. ``ctx.needs_input_grad`` tells which arguments want a gradient, so
    a VJP can skip work nobody asked for. Any other attribute may be set on ``ctx``; a backward
    pass frees it (see :meth:`release`).

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
    >>> y = Cube.apply(x)
    >>> y.grad_fn, y.grad_fn.next_functions
    (<CubeBackward>, ((<AccumulateGrad>, 0),))
    >>> y.sum().backward()
    >>> x.grad
    tensor([12.])
    """

    # The graph's fields. Subclasses have no __slots__, so each node also has a __dict__:
    # the op's own state, which release() empties.
    __slots__ = (
        "_input_meta",
        "_output",
        "_saved",
        "attrs",
        "inputs",
        "needs_input_grad",
        "output_meta",
        "scope",
    )

    inputs: tuple[Any, ...] | None  # None once a backward pass has released the node
    needs_input_grad: tuple[bool, ...]
    scope: tuple[Any, ...]  # the modules (outermost first) whose forward created the node
    attrs: dict[str, Any]  # the keyword metadata the op was called with
    output_meta: tuple[tuple[int, ...], np.dtype]  # the output's shape and dtype
    _saved: tuple[Any, ...]  # what forward saved, then resolved (see _resolve_saved)
    # The output, set only while the engine runs this node's VJP (``saved_tensors`` hands it
    # back); holding it longer would make the cycle output -> node -> output.
    _output: Tensor | None
    # Where it was created (anomaly mode only, so it lives in the instance dictionary).
    stack: list[traceback.FrameSummary] | None = None

    @staticmethod
    def forward(ctx: Function, *args: Any, **kwargs: Any) -> np.ndarray:
        raise NotImplementedError("Function subclasses must define forward(ctx, *args)")

    @staticmethod
    def backward(ctx: Function, grad: Tensor) -> Any:
        raise NotImplementedError(f"{type(ctx).__name__} defines no backward")

    @property
    def name(self) -> OpName:
        """The op's name (``"Multiply"``), as diagrams and error messages show it. Called, as
        PyTorch's ``grad_fn.name()``, it gives the node's name, ``"MultiplyBackward"``."""
        # A class is hashable; mypy matches type[Function] to Hashable by its instances' members.
        return _op_name(type(self))  # type: ignore[arg-type]

    def __repr__(self) -> str:
        return f"<{self.name()}>"

    def save_for_backward(self, *arrays: Any) -> None:
        """Keep ``arrays`` (inputs, the output, or other arrays) for ``backward``."""
        self._saved = arrays

    def mark_non_differentiable(self, *outputs: Any) -> None:
        """As PyTorch's: the output gets no graph and no gradient (a Function has one output,
        so any call marks it). Call it in ``forward``."""
        self.needs_input_grad = (False,) * len(self.needs_input_grad)

    def set_materialize_grads(self, value: bool) -> None:
        """PyTorch's switch for undefined output gradients. A minigrad Function has one
        output, whose gradient is always defined when ``backward`` runs, so both settings
        behave alike; accepted so PyTorch Functions run unchanged."""

    @property
    def saved_tensors(self) -> tuple[Any, ...]:
        """What ``forward`` saved, as Tensors; raises if a saved tensor was modified in place."""
        if self.inputs is None:
            raise RuntimeError(RELEASED.format(op=self.name))
        out: list[Any] = []
        for s in self._saved:
            if type(s) is _Saved:
                t = self._output if s.index < 0 else self.inputs[s.index]
                assert t is not None  # the output is set while the engine runs backward
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
        ctx._saved = ()
        # One loop, not two comprehensions: this is the per-op hot path.
        arrays = []
        if _mode.grad_enabled:
            needs = []
            for a in args:
                if isinstance(a, Tensor):
                    arrays.append(a.array)
                    needs.append(a._requires_grad)
                else:
                    arrays.append(a)
                    needs.append(False)
            ctx.needs_input_grad = tuple(needs)
        else:
            arrays = [a.array if isinstance(a, Tensor) else a for a in args]
            ctx.needs_input_grad = (False,) * len(args)
        raw = cls.forward(ctx, *arrays, **kwargs)
        out = Tensor.constant(raw if type(raw) is np.ndarray else np.asarray(raw))
        if out.array.base is not None:
            _link_view(out, args)
        # Read after forward: mark_non_differentiable() clears it.
        requires_grad = True in ctx.needs_input_grad
        if not (requires_grad or _anomaly.enabled):
            return out
        if _anomaly.enabled:
            # A subclass instance has a __dict__ (only Function itself has bare __slots__).
            ctx.inputs, ctx.stack = args, _anomaly.creation_stack()  # type: ignore[misc]
            _anomaly.check_finite(ctx, (out,), "forward output")
        if requires_grad and out.array.dtype.kind in "fc":
            ctx.inputs = args
            ctx.scope = _mode.scope
            ctx.attrs = kwargs
            ctx.output_meta = out.array.shape, out.array.dtype  # what diagrams show after release
            if ctx._saved:
                ctx._saved = tuple([_resolve_saved(s, args, raw, out) for s in ctx._saved])
            out._requires_grad = True
            out._ctx = ctx
        return out

    def release(self) -> None:
        """Free everything the node holds for its VJP (the engine calls it after the VJP ran).

        The inputs become :attr:`input_meta`: a tensor an op made is kept as its node (its
        array is gone; its shape and dtype are the node's ``output_meta``), a tensor no op
        made as its shape, dtype, name and a weak reference. ``attrs``
        and the op's own attributes keep their
        plain values (numbers, strings, tuples of them, dtypes, geometry), with arrays replaced
        by their shape and dtype; the saved tensors and anything private or unknown are
        dropped. So the graph's structure stays drawable while no array survives.
        """
        inputs = self.inputs
        if inputs is None:
            return
        kept = []
        for a in inputs:  # the common cases inline: this runs once per edge of the graph
            if type(a) is Tensor and a._ctx is not None:
                kept.append(a._ctx)  # described by its node (see input_meta)
            else:
                kept.append(a if type(a) in PLAIN_TYPES else describe(a))
        self._input_meta = tuple(kept)
        self.inputs = None
        self._saved = ()
        if self.attrs:
            self.attrs = describe_state(self.attrs)
        state = self.__dict__
        if state:
            described = describe_state(state)
            state.clear()
            state.update(described)

    @property
    def input_meta(self) -> tuple[Any, ...]:
        """One description per positional argument, before and after :meth:`release`: a
        :class:`TensorMeta` for a Tensor, an :class:`ArrayMeta` for an ndarray, a plain value
        as it is. After release, a tensor an op made has shape, dtype and name None (its node,
        ``grad_fn``, still tells what it was); capture the tensors before ``backward()`` to
        keep those, as :func:`minigrad.viz.capture` does."""
        if self.inputs is not None:
            return tuple([describe(a) for a in self.inputs])
        return tuple([_output_of(m) if isinstance(m, Function) else m for m in self._input_meta])

    @property
    def next_functions(self) -> tuple[tuple[Any, int], ...]:
        """PyTorch's view of the graph's edges: per positional argument, ``(node, 0)`` for a
        tensor an op made, ``(AccumulateGrad, 0)`` for a leaf that requires grad, ``(None, 0)``
        otherwise."""
        edges: list[tuple[Any, int]] = []
        for m in self.input_meta:
            if type(m) is not TensorMeta or not m.requires_grad:
                edges.append((None, 0))
            elif m.grad_fn is not None:
                edges.append((m.grad_fn, 0))
            else:
                edges.append((AccumulateGrad(m.tensor), 0))
        return tuple(edges)


def _output_of(node: Function) -> TensorMeta:
    """The output of a released node: its node, shape and dtype (its array is gone)."""
    shape, dtype = node.output_meta
    return TensorMeta(shape, dtype, None, True, node, None)


@functools.cache
def _op_name(cls: type[Function]) -> OpName:
    return OpName(cls.__name__)


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
