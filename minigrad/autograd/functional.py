"""Functional transforms: functions in, derivatives out.

:func:`value_and_grad` and :func:`grad_of` (exposed as ``minigrad.grad``) turn a function into
its gradient, as ``jax.grad`` does. :func:`vjp`, :func:`jvp`, :func:`jacobian`,
:func:`hessian`, :func:`hvp` and :func:`vhp` are ``torch.autograd.functional``'s, with its
signatures and return structures: ``inputs`` is a Tensor or a tuple of Tensors, and each
result mirrors it (a Tensor for a Tensor, a tuple for a tuple). All are built on
:func:`minigrad.autograd.grad`; forward-mode products use the double-VJP trick (the VJP is
linear in its cotangent, so differentiating it again gives the JVP).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from ..tensor import Tensor
from .engine import grad
from .mode import enable_grad


def value_and_grad(
    f: Callable[..., Tensor], argnums: int | Sequence[int] = 0, has_aux: bool = False
) -> Callable[..., Any]:
    """:func:`minigrad.func.value_and_grad` (one implementation; kept here for old imports).

    Examples
    --------
    >>> import minigrad as mg
    >>> value, g = mg.value_and_grad(lambda x: (x * x).sum())(mg.tensor([1.0, 2.0]))
    >>> float(value), g.tolist()
    (5.0, [2.0, 4.0])
    """
    from ..func import value_and_grad as transform  # func builds on this package

    return transform(f, argnums, has_aux)


def grad_of(
    f: Callable[..., Tensor], argnums: int | Sequence[int] = 0, has_aux: bool = False
) -> Callable[..., Any]:
    """:func:`minigrad.func.grad`, exposed as ``minigrad.grad`` (as ``jax.grad``)."""
    from ..func import grad as transform

    return transform(f, argnums, has_aux)


# --------------------------------------------------------------------------------------------
# torch.autograd.functional
# --------------------------------------------------------------------------------------------


def _as_tuple(x: Any, what: str, caller: str) -> tuple[bool, tuple[Tensor, ...]]:
    """``(was_a_tuple, x as a tuple)``, checking that every element is a Tensor."""
    is_tuple = isinstance(x, (tuple, list))
    xs = tuple(x) if is_tuple else (x,)
    for i, t in enumerate(xs):
        if not isinstance(t, Tensor):
            where = f"{what}[{i}]" if is_tuple else what
            raise TypeError(f"{caller}: {where} must be a Tensor, got {type(t).__name__}")
    return is_tuple, xs


def _leaves(xs: tuple[Tensor, ...], create_graph: bool) -> tuple[Tensor, ...]:
    """The inputs to differentiate at: the caller's own tensors when a graph back to them is
    asked for, fresh leaves sharing their memory otherwise (their ``.grad`` stays untouched)."""
    return tuple(
        x if create_graph and x.requires_grad else x.detach().requires_grad_(True) for x in xs
    )


def _call(func: Callable[..., Any], xs: tuple[Tensor, ...], caller: str) -> Any:
    with enable_grad():
        out = func(*xs)
    _as_tuple(out, "the output of func", caller)
    return out


def _vjp_of(
    outs: tuple[Tensor, ...],
    xs: tuple[Tensor, ...],
    vs: Sequence[Tensor | None] | None,
    create_graph: bool,
    strict: bool,
    caller: str,
) -> tuple[Tensor, ...]:
    """``vᵀJ`` for every input; an input the outputs do not depend on gets zeros (or, with
    ``strict``, an error)."""
    live = [k for k, o in enumerate(outs) if o.requires_grad]
    with enable_grad():
        grads = (
            grad(
                [outs[k] for k in live],
                xs,
                None if vs is None else [vs[k] for k in live],
                retain_graph=True,
                create_graph=create_graph,
                allow_unused=True,
            )
            if live
            else (None,) * len(xs)
        )
    result = []
    for i, (x, g) in enumerate(zip(xs, grads)):
        if g is None:
            if strict:
                raise RuntimeError(
                    f"{caller}: the output is independent of input {i} (strict=True)"
                )
            g = Tensor.constant(np.zeros_like(x.array))
        result.append(g if create_graph else g.detach())
    return tuple(result)


def _cotangents(
    v: Any, like: tuple[Tensor, ...], what: str, caller: str
) -> tuple[Tensor, ...] | None:
    """``v`` checked against the shapes of ``like``; None (ones) allowed for one element."""
    if v is None:
        for t in like:
            if t.size != 1:
                raise RuntimeError(
                    f"{caller}: v can be omitted only when {what} has one element; it has "
                    f"shape {t.shape}"
                )
        return None
    _, vs = _as_tuple(v, "v", caller)
    if len(vs) != len(like) or any(a.shape != b.shape for a, b in zip(vs, like)):
        raise ValueError(
            f"{caller}: v has shapes {[a.shape for a in vs]}, but {what} has shapes "
            f"{[b.shape for b in like]}"
        )
    return vs


def _result(out: Any, create_graph: bool) -> Any:
    if isinstance(out, (tuple, list)):
        return tuple(_result(o, create_graph) for o in out)
    return out if create_graph else out.detach()


def _mirror(is_tuple: bool, values: tuple[Any, ...]) -> Any:
    return values if is_tuple else values[0]


def vjp(
    func: Callable[..., Any],
    inputs: Any,
    v: Any = None,
    create_graph: bool = False,
    strict: bool = False,
) -> tuple[Any, Any]:
    """``(func(*inputs), vᵀJ)``: the vector-Jacobian product, as ``torch.autograd.functional``.

    ``v`` has the shape of the output(s); it may be omitted for a one-element output.
    """
    is_tuple, xs = _as_tuple(inputs, "inputs", "vjp")
    xs = _leaves(xs, create_graph)
    out = _call(func, xs, "vjp")
    _, outs = _as_tuple(out, "the output of func", "vjp")
    vs = _cotangents(v, outs, "the output", "vjp")
    grads = _vjp_of(outs, xs, vs, create_graph, strict, "vjp")
    return _result(out, create_graph), _mirror(is_tuple, grads)


def jvp(
    func: Callable[..., Any],
    inputs: Any,
    v: Any = None,
    create_graph: bool = False,
    strict: bool = False,
) -> tuple[Any, Any]:
    """``(func(*inputs), Jv)``: the Jacobian-vector product, as ``torch.autograd.functional``.

    ``v`` has the shape of the input(s); it may be omitted for a one-element input.
    """
    _, xs = _as_tuple(inputs, "inputs", "jvp")
    xs = _leaves(xs, create_graph)
    vs = _cotangents(v, xs, "the input", "jvp")
    out = _call(func, xs, "jvp")
    out_is_tuple, outs = _as_tuple(out, "the output of func", "jvp")
    # u ↦ uᵀJ is linear; its VJP with v is Jv.
    us = tuple(Tensor(np.zeros_like(o.array), requires_grad=True) for o in outs)
    vjps = _vjp_of(outs, xs, us, True, strict, "jvp")
    jvps = _vjp_of(vjps, us, vs, create_graph, strict, "jvp")
    return _result(out, create_graph), _mirror(out_is_tuple, jvps)


def jacobian(
    func: Callable[..., Any],
    inputs: Any,
    create_graph: bool = False,
    strict: bool = False,
    vectorize: bool = False,
    strategy: str = "reverse-mode",
) -> Any:
    """The Jacobian of ``func`` at ``inputs``, as ``torch.autograd.functional.jacobian``.

    For output ``i`` of shape ``O`` and input ``j`` of shape ``I`` the block has shape
    ``O + I``. One Tensor in and out gives a Tensor; a tuple of inputs a tuple over them; a
    tuple of outputs a tuple over those (of tuples, if both). Computed row by row with
    reverse mode; ``vectorize`` and ``strategy`` (``"reverse-mode"`` or ``"forward-mode"``)
    give the same numbers.
    """
    if strategy not in ("reverse-mode", "forward-mode"):
        raise ValueError(
            f"jacobian: strategy must be 'reverse-mode' or 'forward-mode', got {strategy!r}"
        )
    from ..ops.shape import stack  # the ops sit above the engine

    is_tuple, xs = _as_tuple(inputs, "inputs", "jacobian")
    xs = _leaves(xs, create_graph)
    out_is_tuple, outs = _as_tuple(_call(func, xs, "jacobian"), "the output of func", "jacobian")
    blocks = []
    for o in outs:
        rows = []
        for k in range(o.size):
            onehot = np.zeros(o.size, dtype=o.dtype)
            onehot[k] = 1
            v = Tensor.constant(onehot.reshape(o.shape))
            rows.append(_vjp_of((o,), xs, [v], create_graph, strict, "jacobian"))
        blocks.append(
            tuple(
                stack([r[j] for r in rows]).reshape(*o.shape, *x.shape)
                if rows
                else Tensor.constant(np.zeros((*o.shape, *x.shape), dtype=x.dtype))
                for j, x in enumerate(xs)
            )
        )
    per_output = tuple(_mirror(is_tuple, b) for b in blocks)
    return _mirror(out_is_tuple, per_output)


def _scalar_output(func: Callable[..., Any], caller: str) -> Callable[..., Tensor]:
    def checked(*xs: Tensor) -> Tensor:
        out = func(*xs)
        if not isinstance(out, Tensor) or out.size != 1:
            raise RuntimeError(f"{caller}: func must return a one-element Tensor")
        return out

    return checked


def hessian(
    func: Callable[..., Any],
    inputs: Any,
    create_graph: bool = False,
    strict: bool = False,
    vectorize: bool = False,
    outer_jacobian_strategy: str = "reverse-mode",
) -> Any:
    """The Hessian of a one-element ``func`` at ``inputs``, as
    ``torch.autograd.functional.hessian``: shape ``I + I`` for one input, a tuple of tuples
    ``H[i][j]`` of shape ``I_i + I_j`` for a tuple of inputs."""
    f = _scalar_output(func, "hessian")
    is_tuple, xs = _as_tuple(inputs, "inputs", "hessian")

    def gradient(*ys: Tensor) -> tuple[Tensor, ...]:
        return _vjp_of((f(*ys),), ys, None, True, strict, "hessian")

    h = jacobian(gradient, xs, create_graph, strict, vectorize, outer_jacobian_strategy)
    return h if is_tuple else h[0][0]


def vhp(
    func: Callable[..., Any],
    inputs: Any,
    v: Any = None,
    create_graph: bool = False,
    strict: bool = False,
) -> tuple[Any, Any]:
    """``(func(*inputs), vᵀH)`` for a one-element ``func``, as
    ``torch.autograd.functional.vhp``; ``v`` has the shape of the input(s)."""
    f = _scalar_output(func, "vhp")
    is_tuple, xs = _as_tuple(inputs, "inputs", "vhp")
    xs = _leaves(xs, create_graph)
    vs = _cotangents(v, xs, "the input", "vhp")
    out = _call(f, xs, "vhp")
    grads = _vjp_of((out,), xs, None, True, strict, "vhp")
    products = _vjp_of(grads, xs, vs, create_graph, strict, "vhp")
    return _result(out, create_graph), _mirror(is_tuple, products)


def hvp(
    func: Callable[..., Any],
    inputs: Any,
    v: Any = None,
    create_graph: bool = False,
    strict: bool = False,
) -> tuple[Any, Any]:
    """``(func(*inputs), Hv)`` for a one-element ``func``, as
    ``torch.autograd.functional.hvp``. The Hessian of a twice continuously differentiable
    function is symmetric, so this is :func:`vhp`."""
    return vhp(func, inputs, v, create_graph, strict)
