"""Checks of what a VJP must do besides computing the right numbers.

:func:`check_vjp_contract` catches bugs that a numerical gradient check misses or reports
confusingly: a custom ``Function`` whose backward returns the wrong shape or dtype (which the
engine would silently sum or cast), a gradient leaking into an input the output does not
depend on, hidden state that makes two identical runs differ, and a backward that writes into
its inputs or into the incoming gradient.
"""

from __future__ import annotations

import gc
import os
import types
from collections.abc import Callable, Collection, Sequence
from typing import Any

import numpy as np

from .. import autograd
from ..autograd import Function
from ..tensor import Tensor
from ._jacobians import float_outputs
from .gradcheck import GradcheckError


class VJPContractError(GradcheckError):
    """A VJP broke its contract (shape, dtype, purity, determinism, independence)."""


_PACKAGE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def _is_user_op(cls: type[Function]) -> bool:
    """Whether ``cls.backward`` was written outside the minigrad package (by the file of its
    code, so ops defined in doctests, notebooks or tests count as the user's)."""
    code = getattr(cls.backward, "__code__", None)
    return code is None or not os.path.abspath(code.co_filename).startswith(_PACKAGE + os.sep)


def _check_node(ctx: Function, out: Tensor, g: Tensor) -> None:
    """Call one node's backward directly and inspect what it returns, before the engine's
    fix-ups (summing a broadcast shape away, casting the dtype)."""
    inputs = ctx.inputs
    assert inputs is not None  # a live node: checked before the engine releases it
    before = [np.array(a.array, copy=True) if isinstance(a, Tensor) else None for a in inputs]
    raw = _call_backward(ctx, out, g)
    for k, (x, gx, b) in enumerate(zip(inputs, raw, before)):
        if not isinstance(x, Tensor):
            continue
        assert b is not None  # copied above for every Tensor input
        if not np.array_equal(x.array, b, equal_nan=True):
            raise VJPContractError(
                f"check_vjp_contract: {ctx.name}.backward modified its input {k} (shape "
                f"{x.shape}) in place."
            )
        if gx is not None and ctx.needs_input_grad[k]:
            _check_gradient(ctx.name, k, x, gx)


def _call_backward(ctx: Function, out: Tensor, g: Tensor) -> tuple[Any, ...]:
    """``ctx``'s backward on ``g``, outside the engine: one gradient per input, and ``g``
    left as it was."""
    inputs = ctx.inputs
    assert inputs is not None
    g_before = np.array(g.array, copy=True)
    ctx._output = out
    try:
        with autograd.no_grad():
            raw = type(ctx).backward(ctx, g)
    finally:
        ctx._output = None
    raw = raw if isinstance(raw, tuple) else (raw,)
    if len(raw) != len(inputs):
        raise VJPContractError(
            f"check_vjp_contract: {ctx.name}.backward returned {len(raw)} gradients for "
            f"{len(inputs)} inputs; return one per positional argument (None where there is "
            "no gradient)"
        )
    if not np.array_equal(g.array, g_before, equal_nan=True):
        raise VJPContractError(
            f"check_vjp_contract: {ctx.name}.backward modified the incoming gradient (shape "
            f"{g.shape}) in place; other branches of the graph receive the same array. Compute "
            "a new array instead."
        )
    return raw


def _check_gradient(name: str, k: int, x: Tensor, gx: Any) -> None:
    """Input ``k``'s gradient has the input's shape and dtype, as the engine expects."""
    shape, dtype = np.shape(gx), (gx.dtype if hasattr(gx, "dtype") else None)
    if shape != x.shape:
        raise VJPContractError(
            f"check_vjp_contract: {name}.backward returned a gradient of shape {shape} for "
            f"its input {k} of shape {x.shape}. The engine would sum it to {x.shape} "
            "over the leading and size-1 axes, which is right only if the forward "
            "broadcast that input along exactly those axes; undo the broadcasting in "
            f"the VJP (e.g. grad.sum_to({x.shape})) so its shape is the input's."
        )
    if dtype != x.dtype:
        raise VJPContractError(
            f"check_vjp_contract: {name}.backward returned a gradient of dtype {dtype} for "
            f"its input {k} of dtype {x.dtype} (shape {x.shape}); the gradient must have "
            "the input's dtype (a downcast loses precision the engine cannot restore)."
        )


def _snapshot(xs: Sequence[Any]) -> list[Any]:
    return [np.array(x.array, copy=True) if isinstance(x, Tensor) else None for x in xs]


def _run(fn: Callable[..., Any], inputs: Sequence[Any], diff: Sequence[int], v: Any) -> tuple:
    with autograd.enable_grad():
        outs = float_outputs(fn, inputs)
        live = [(o, g) for o, g in zip(outs, v) if o.requires_grad]
        grads = (
            autograd.grad(
                [o for o, _ in live],
                [inputs[i] for i in diff],
                grad_outputs=[g for _, g in live],
                allow_unused=True,
            )
            if live
            else (None,) * len(diff)
        )
    return outs, grads


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is b
    return a.shape == b.shape and np.array_equal(a.array, b.array, equal_nan=True)


def check_vjp_contract(
    fn: Callable[..., Any],
    inputs: Sequence[Any] | Tensor,
    grad_outputs: Sequence[Any] | None = None,
    *,
    ops: Collection[type[Function]] | None = None,
    raise_exception: bool = True,
    seed: int = 0,
) -> bool:
    """Check the VJPs behind ``fn`` for bugs beyond wrong values.

    1. **Shape and dtype.** Every node of the graph whose op is in ``ops`` is back-propagated
       directly, and its raw return checked: one gradient per input, each of exactly its
       input's shape and dtype. minigrad's own ops may return the broadcast shape (the
       engine undoes broadcasting in one place), so by default ``ops`` is every ``Function``
       subclass whose ``backward`` is written outside the minigrad package: the user's ops.
    2. **Purity.** ``backward`` writes neither into its inputs nor into the incoming gradient.
    3. **No hidden state.** Running ``fn`` and its backward twice gives bitwise identical
       outputs and gradients.
    4. **Independence.** If random perturbations of an input leave every output bitwise
       unchanged, the output does not depend on it: its gradient must be None or exactly 0.

    Parameters
    ----------
    fn
        Takes the inputs, returns a Tensor or a tuple of Tensors.
    inputs
        A Tensor or a sequence of arguments; Tensors with ``requires_grad`` are checked.
    grad_outputs
        The output gradients, one per float output; random normals by default.
    ops
        The ``Function`` classes held to rule 1 (default: those whose ``backward`` is written
        outside the minigrad package).
    raise_exception
        Raise :class:`VJPContractError` on a violation (default) or return False.
    seed
        Seed of the random output gradients and perturbations.

    Returns
    -------
    True when every rule holds.

    Examples
    --------
    >>> import numpy as np, minigrad as mg
    >>> from minigrad.testing import check_vjp_contract
    >>> class AddBias(mg.autograd.Function):
    ...     @staticmethod
    ...     def forward(ctx, x, b):
    ...         return x + b
    ...     @staticmethod
    ...     def backward(ctx, grad):
    ...         return grad, grad  # forgets to sum the bias gradient over the batch
    >>> x = mg.tensor(np.ones((2, 3)), requires_grad=True)
    >>> b = mg.tensor(np.ones(3), requires_grad=True)
    >>> check_vjp_contract(AddBias.apply, [x, b], raise_exception=False)
    False
    """
    inputs = [inputs] if isinstance(inputs, Tensor) else list(inputs)
    try:
        _check(fn, inputs, grad_outputs, ops, np.random.default_rng(seed))
    except VJPContractError:
        if raise_exception:
            raise
        return False
    return True


def _check(
    fn: Callable[..., Any],
    inputs: list[Any],
    grad_outputs: Sequence[Any] | None,
    ops: Collection[type[Function]] | None,
    rng: np.random.Generator,
) -> None:
    diff = [i for i, x in enumerate(inputs) if isinstance(x, Tensor) and x.requires_grad]
    before = _snapshot(inputs)
    with autograd.enable_grad():
        outs = float_outputs(fn, inputs)
    v = (
        [Tensor(rng.standard_normal(o.shape).astype(o.dtype)) for o in outs]
        if grad_outputs is None
        else [g if isinstance(g, Tensor) else Tensor(np.asarray(g)) for g in grad_outputs]
    )
    is_checked = _is_user_op if ops is None else (lambda cls: cls in ops)
    for t in autograd.graph_nodes(*outs):
        if t._ctx is not None and is_checked(type(t._ctx)):
            g = Tensor.constant(rng.standard_normal(t.shape).astype(t.dtype))
            _check_node(t._ctx, t, g)
    v_before = _snapshot(v)
    outs1, grads1 = _run(fn, inputs, diff, v)
    _check_unchanged(inputs, before, v, v_before)
    _check_repeatable((outs1, grads1), _run(fn, inputs, diff, v), inputs, diff)
    for i, g in zip(diff, grads1):
        if g is not None and np.any(g.array) and _leaks(fn, inputs, i, g.array, outs1, v, rng):
            bad = np.flatnonzero(g.array)[0]
            where = tuple(int(w) for w in np.unravel_index(bad, inputs[i].shape))
            raise VJPContractError(
                f"check_vjp_contract: the outputs do not depend on input {i} (shape "
                f"{inputs[i].shape}): random perturbations of it leave every output bitwise "
                f"unchanged, yet its gradient is nonzero, e.g. {g.array[where]:.6g} at element "
                f"{where}. Its gradient must be None or zero."
            )


def _check_unchanged(inputs: list[Any], before: list[Any], v: list[Any], v_before: list[Any]):
    """Neither ``fn`` nor a backward wrote into the inputs or the output gradients."""
    for i, (x, b) in enumerate(zip(inputs, before)):
        if b is not None and not np.array_equal(x.array, b, equal_nan=True):
            raise VJPContractError(
                f"check_vjp_contract: input {i} (shape {x.shape}) was modified in place by fn "
                "or its backward."
            )
    for k, (g, b) in enumerate(zip(v, v_before)):
        if not np.array_equal(g.array, b, equal_nan=True):
            raise VJPContractError(
                f"check_vjp_contract: grad_outputs[{k}] (shape {g.shape}) was modified in place "
                "by a backward."
            )


def _check_repeatable(first: tuple, second: tuple, inputs: list[Any], diff: list[int]) -> None:
    """Two identical runs (outputs, gradients) give identical results: no hidden state."""
    (outs1, grads1), (outs2, grads2) = first, second
    for k, (a, b) in enumerate(zip(outs1, outs2)):
        if not _same(a, b):
            raise VJPContractError(
                f"check_vjp_contract: output {k} differs between two runs on the same inputs; "
                "fn has hidden state or unseeded randomness."
            )
    for i, a, b in zip(diff, grads1, grads2):
        if not _same(a, b):
            raise VJPContractError(
                f"check_vjp_contract: the gradient w.r.t. input {i} (shape {inputs[i].shape}) "
                "differs between two identical runs; a backward has hidden state (e.g. it "
                "updates something saved on ctx or a global)."
            )


def _leaks(
    fn: Callable[..., Any],
    inputs: Sequence[Any],
    i: int,
    g: np.ndarray,
    outs: Sequence[Tensor],
    v: Sequence[Tensor],
    rng: np.random.Generator,
) -> bool:
    """Whether the gradient ``g = Jᵀv`` of input ``i`` is visibly nonzero although random
    perturbations of the input leave every output bitwise unchanged.

    A real but tiny dependence (``x * 1e-200 + 1``) also leaves the outputs unchanged; then
    the change ``g`` predicts, ``g · δ = vᵀJδ``, is below the outputs' rounding. A leaked
    gradient predicts a change the outputs would have shown.
    """
    x = inputs[i].array
    rounding = 16 * sum(
        np.finfo(o.dtype).eps * float(np.sum(np.abs(w.array) * np.abs(o.array)))
        for o, w in zip(outs, v)
    )
    visible = False
    for _ in range(2):
        noise = rng.standard_normal(x.shape) * 1e-3 * (1 + np.abs(x))
        moved = list(inputs)
        moved[i] = Tensor((x + noise).astype(x.dtype))
        with autograd.no_grad(), np.errstate(all="ignore"):
            perturbed = float_outputs(fn, moved)
        if not all(_same(a, b) for a, b in zip(outs, perturbed)):
            return False
        visible |= abs(float(np.sum(g * noise))) > rounding
    return visible


def retained_nbytes(node: Function) -> int:
    """The bytes of the ndarrays a graph node keeps alive, counted once per memory buffer.

    What the node reaches through its slots and its instance dictionary is counted; other
    graph nodes (they are measured on their own), the modules of its ``scope`` (the model owns
    them), classes, functions and weakly referenced tensors are not. After ``backward()``
    (without ``retain_graph``) every node must measure 0: ``release`` keeps descriptions
    (shapes, dtypes), never arrays.

    Examples
    --------
    >>> import minigrad as mg
    >>> from minigrad.testing.contract import retained_nbytes
    >>> x = mg.randn(100, 100, requires_grad=True)
    >>> y = x.exp().sum()
    >>> exp = y.grad_fn.next_functions[0][0]
    >>> retained_nbytes(exp)  # its input x and its saved output, 100 * 100 float32 each
    80000
    >>> y.backward()
    >>> retained_nbytes(exp)
    0
    """
    start = [getattr(node, s) for s in Function.__slots__ if s != "scope" and hasattr(node, s)]
    stack: list[Any] = [*start, *vars(node).values()]
    seen: set[int] = set()
    buffers: dict[int, int] = {}
    while stack:
        obj = stack.pop()
        if id(obj) in seen or isinstance(obj, (Function, type, types.ModuleType)):
            continue
        seen.add(id(obj))
        if isinstance(obj, np.ndarray):
            owner = obj
            while isinstance(owner.base, np.ndarray):
                owner = owner.base
            buffers[id(owner)] = owner.nbytes
        elif not callable(obj) or isinstance(obj, Tensor):
            stack.extend(gc.get_referents(obj))
    return sum(buffers.values())
