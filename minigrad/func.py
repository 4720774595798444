"""Function transforms, named as ``torch.func`` names them: ``grad``, ``value_and_grad``,
``vjp``, ``jvp``, ``jacrev``/``jacobian``, ``hessian``, ``hvp``, ``elementwise_grad``.

They take and return pytrees (Tensors, arrays and numbers, inside tuples, lists and dicts)
and they nest: ``grad(grad(f))`` is the second derivative. Each argument being
differentiated enters ``f`` as a new node of the graph (an identity op on the caller's
tensor), so an outer transform still sees the path through it; the gradients are computed
with ``create_graph=True`` whenever an outer transform (or the caller's graph) is recording,
and are plain constants at the top level.

Conventions (those of HIPS autograd and JAX):

- A Python number or an ndarray argument becomes a float64 0-d / n-d Tensor (NumPy's
  rule; integers are converted to float64). Results are Tensors (a 0-d Tensor for a scalar).
- An output that does not depend on the argument (a constant, ``(x < 1).sum() + 0.0``)
  has gradient zero, not an error.
- ``has_aux=True``: ``f`` returns ``(output, aux)``; ``aux`` is passed through untouched.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from . import autograd
from .autograd import Function, enable_grad, is_grad_enabled
from .ops.shape import reshape, stack
from .tensor import Tensor

__all__ = [
    "elementwise_grad",
    "grad",
    "hessian",
    "hvp",
    "jacfwd",
    "jacobian",
    "jacrev",
    "jvp",
    "value_and_grad",
    "vjp",
]

_depth = 0  # how many transforms are evaluating their function right now


class _Enter(Function):
    """The identity: where a differentiated argument enters the function (a fresh node, so
    the inner gradient is captured here while outer transforms see through it)."""

    @staticmethod
    def forward(ctx, a):
        return a.view()

    @staticmethod
    def backward(ctx, grad):
        return grad


# --------------------------------------------------------------------------------------------
# Pytrees
# --------------------------------------------------------------------------------------------


def _flatten(tree: Any) -> tuple[list[Any], Callable[[list[Any]], Any]]:
    """The leaves of ``tree`` (depth first) and a function that rebuilds it from new ones."""
    if isinstance(tree, (tuple, list)):
        parts = [_flatten(t) for t in tree]
        kind = type(tree)

        def unflatten(leaves: list[Any]) -> Any:
            out, i = [], 0
            for ls, rebuild in parts:
                out.append(rebuild(leaves[i : i + len(ls)]))
                i += len(ls)
            return kind(out) if kind in (tuple, list) else kind(*out)  # namedtuples too

        return [leaf for ls, _ in parts for leaf in ls], unflatten
    if isinstance(tree, dict):
        keys = list(tree)
        items, rebuild = _flatten([tree[k] for k in keys])
        return items, lambda leaves: dict(zip(keys, rebuild(leaves)))
    return [tree], lambda leaves: leaves[0]


def _as_float_tensor(x: Any, name: str) -> Tensor:
    if isinstance(x, Tensor):
        return x
    arr = np.asarray(x)
    if arr.dtype.kind in "biu":
        arr = arr.astype(np.float64)
    if arr.dtype.kind != "f":
        raise TypeError(
            f"{name}: cannot differentiate with respect to {type(x).__name__} "
            f"of dtype {arr.dtype}; pass floats, float arrays or Tensors"
        )
    return Tensor.constant(arr)


def _enter(x: Any, name: str) -> Tensor:
    """``x`` as a Tensor that requires grad, connected to ``x``'s graph if it has one (and
    grad mode is on: under ``no_grad`` the caller's graph is not extended, but the transform
    still differentiates, as ``torch.func`` does)."""
    t = _as_float_tensor(x, name)
    if t.dtype.kind != "f":
        t = t.astype(np.float64)
    if t.requires_grad and is_grad_enabled():
        return _Enter.apply(t)
    leaf = Tensor.constant(t.array)
    leaf.requires_grad = True
    return leaf


def _recording(*trees: Any) -> bool:
    """Whether the results must carry a graph: inside another transform, or because an
    argument belongs to the caller's graph."""
    if _depth > 0:
        return True
    return is_grad_enabled() and any(
        isinstance(leaf, Tensor) and leaf.requires_grad for t in trees for leaf in _flatten(t)[0]
    )


def _call(f: Callable[..., Any], args: Sequence[Any], kwargs: dict[str, Any]) -> Any:
    global _depth
    _depth += 1
    try:
        with enable_grad():
            return f(*args, **kwargs)
    finally:
        _depth -= 1


def _zeros_like(x: Tensor) -> Tensor:
    return Tensor.constant(np.zeros(x.shape, x.dtype))


def _grads(
    outputs: list[Any], inputs: list[Tensor], cotangents: list[Any], create: bool
) -> list[Tensor]:
    """d(sum of <output, cotangent>)/d(input) for each input; zeros where there is no path."""
    roots, root_grads = [], []
    for out, v in zip(outputs, cotangents):
        if isinstance(out, Tensor) and out.requires_grad:
            v = v if isinstance(v, Tensor) else Tensor.constant(np.asarray(v, out.dtype))
            if v.shape != out.shape:
                v = v.broadcast_to(out.shape) if v.ndim == 0 else v
            roots.append(out)
            root_grads.append(v)
    if not roots:
        return [_zeros_like(x) for x in inputs]
    with enable_grad():
        found = autograd.grad(
            roots, inputs, root_grads, retain_graph=True, create_graph=create, allow_unused=True
        )
    return [g if g is not None else _zeros_like(x) for g, x in zip(found, inputs)]


def _argnums(argnums: int | Sequence[int], nargs: int, name: str) -> tuple[int, ...]:
    nums = (argnums,) if isinstance(argnums, int) else tuple(argnums)
    for n in nums:
        if not -nargs <= n < nargs:
            raise ValueError(f"{name}: argnums {argnums!r} but the function got {nargs} arguments")
    return tuple(n % nargs for n in nums)


def _split_aux(out: Any, has_aux: bool, name: str) -> tuple[Any, Any]:
    if not has_aux:
        return out, None
    if not isinstance(out, (tuple, list)) or len(out) != 2:
        raise TypeError(f"{name}: has_aux=True needs f to return a pair (output, aux)")
    return out[0], out[1]


def _detach(tree: Any) -> Any:
    leaves, rebuild = _flatten(tree)
    return rebuild([x.detach() if isinstance(x, Tensor) else x for x in leaves])


# --------------------------------------------------------------------------------------------
# vjp and the transforms built on it
# --------------------------------------------------------------------------------------------


def vjp(f: Callable[..., Any], *primals: Any, has_aux: bool = False) -> tuple[Any, ...]:
    """``(f(*primals), vjp_fn)``: ``vjp_fn(cotangents)`` is the tuple of ``vᵀ J`` per primal.

    ``primals`` and ``f``'s output may be pytrees; ``cotangents`` has the output's structure.
    ``vjp_fn`` may be called many times. With ``has_aux=True`` returns
    ``(output, vjp_fn, aux)``.
    """
    flat, rebuild = _flatten(list(primals))
    entered = [_enter(x, "vjp") for x in flat]
    out = _call(f, rebuild(entered), {})
    out, aux = _split_aux(out, has_aux, "vjp")
    outer = _recording(primals)
    out_leaves, _ = _flatten(out)

    def vjp_fn(cotangents: Any) -> tuple[Any, ...]:
        vs, _ = _flatten(cotangents)
        if len(vs) != len(out_leaves):
            raise ValueError(
                f"vjp: cotangents have {len(vs)} leaves but the output has {len(out_leaves)}"
            )
        create = outer or _recording(cotangents)
        return tuple(rebuild(_grads(out_leaves, entered, vs, create)))

    value = out if outer else _detach(out)
    return (value, vjp_fn, aux) if has_aux else (value, vjp_fn)


def value_and_grad(
    f: Callable[..., Any], argnums: int | Sequence[int] = 0, has_aux: bool = False
) -> Callable[..., Any]:
    """``f`` turned into ``(f(*args), gradient)``; the gradient is w.r.t. ``args[argnums]``
    (a tuple for a tuple ``argnums``; each has its argument's structure). ``f`` must return a
    one-element output. With ``has_aux=True`` returns ``((output, aux), gradient)``, as JAX."""

    @functools.wraps(f)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        nums = _argnums(argnums, len(args), "value_and_grad")
        args_list = list(args)
        flat, rebuild = _flatten([args[n] for n in nums])
        entered = [_enter(x, "value_and_grad") for x in flat]
        for n, sub in zip(nums, rebuild(entered)):
            args_list[n] = sub
        out = _call(f, args_list, kwargs)
        out, aux = _split_aux(out, has_aux, "value_and_grad")
        if not isinstance(out, Tensor):
            out = Tensor.constant(np.asarray(out))
        if out.dtype.kind != "f":
            raise TypeError(
                f"grad: f must return a real floating-point scalar, got dtype {out.dtype} "
                "(add 0.0 to differentiate a constant count, as in JAX)"
            )
        if out.array.size != 1:
            raise TypeError(
                f"grad: f must return a one-element output (a scalar), got shape {out.shape}; "
                "use vjp, jacrev or elementwise_grad for other outputs"
            )
        outer = _recording([args[n] for n in nums])
        g = rebuild(_grads([out], entered, [np.ones(out.shape, out.dtype)], outer))
        g = g[0] if isinstance(argnums, int) else tuple(g)
        value = out if outer else out.detach()
        return ((value, aux), g) if has_aux else (value, g)

    return wrapped


def grad(
    f: Callable[..., Any], argnums: int | Sequence[int] = 0, has_aux: bool = False
) -> Callable[..., Any]:
    """``f`` turned into its gradient w.r.t. ``args[argnums]`` (``f`` returns a scalar).

    Nests: ``grad(grad(f))(x)`` is ``f''(x)``. With ``has_aux=True`` returns
    ``(gradient, aux)``.

    Examples
    --------
    >>> from minigrad.func import grad
    >>> float(grad(grad(lambda x: x**3))(2.0))
    12.0
    """
    vg = value_and_grad(f, argnums, has_aux)

    @functools.wraps(f)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        value, g = vg(*args, **kwargs)
        return (g, value[1]) if has_aux else g

    return wrapped


def elementwise_grad(f: Callable[..., Any], argnums: int | Sequence[int] = 0) -> Callable[..., Any]:
    """The gradient of ``sum(f(*args))``: for an element-wise ``f``, its derivative at every
    element (HIPS autograd's ``elementwise_grad``)."""
    return grad(lambda *a, **k: _sum_all(f(*a, **k)), argnums)


def _sum_all(out: Any) -> Tensor:
    leaves, _ = _flatten(out)
    total: Any = 0.0
    for leaf in leaves:
        total = total + (leaf.sum() if isinstance(leaf, Tensor) else np.sum(leaf))
    return total if isinstance(total, Tensor) else _as_float_tensor(total, "elementwise_grad")


def jvp(
    f: Callable[..., Any], primals: Sequence[Any], tangents: Sequence[Any], has_aux: bool = False
) -> tuple[Any, ...]:
    """``(f(*primals), J @ tangents)``, the forward-mode product, computed by two VJPs.

    ``vjp_fn`` is linear in the cotangent ``u``, so ``d<vjp_fn(u), t>/du = J t``: the
    derivative of one VJP w.r.t. a dummy cotangent is the JVP. ``primals`` and ``tangents``
    are tuples of the same structure. With ``has_aux=True`` returns ``(output, jvp, aux)``.
    """
    if not isinstance(primals, (tuple, list)) or not isinstance(tangents, (tuple, list)):
        raise TypeError("jvp: primals and tangents must be tuples (one entry per argument)")
    res = vjp(f, *primals, has_aux=has_aux)
    out, vjp_fn = res[0], res[1]
    out_leaves, rebuild_out = _flatten(out)
    dummies = []
    for y in out_leaves:
        y = _as_float_tensor(y, "jvp")
        u = Tensor.constant(np.zeros(y.shape, y.dtype))
        u.requires_grad = True
        dummies.append(u)
    global _depth
    _depth += 1  # the first VJP must carry a graph (in u), even at the top level
    try:
        pulled = vjp_fn(rebuild_out(dummies))
    finally:
        _depth -= 1
    p_leaves, _ = _flatten(list(pulled))
    t_leaves, _ = _flatten(list(tangents))
    if len(t_leaves) != len(p_leaves):
        raise ValueError(
            f"jvp: tangents have {len(t_leaves)} leaves but primals have {len(p_leaves)}"
        )
    create = _recording(primals, tangents)
    pushed = _grads(p_leaves, dummies, t_leaves, create)
    if not create:
        out = _detach(out)
    result = rebuild_out(pushed)
    return (out, result, res[2]) if has_aux else (out, result)


def jacrev(f: Callable[..., Any], argnums: int | Sequence[int] = 0) -> Callable[..., Any]:
    """The Jacobian of ``f`` w.r.t. ``args[argnums]``, one VJP per output element: shape
    ``out.shape + arg.shape`` (a tuple of them for a tuple ``argnums``)."""

    @functools.wraps(f)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        nums = _argnums(argnums, len(args), "jacrev")

        def g(*diff: Any) -> Any:
            full = list(args)
            for n, d in zip(nums, diff):
                full[n] = d
            return f(*full, **kwargs)

        out, vjp_fn = vjp(g, *[args[n] for n in nums])
        out = _as_float_tensor(out, "jacrev")
        rows = []
        for i in range(out.array.size):
            e = np.zeros(out.array.size, out.dtype)
            e[i] = 1.0
            rows.append(vjp_fn(e.reshape(out.shape)))
        jac = []
        for k, n in enumerate(nums):
            x = _as_float_tensor(args[n], "jacrev")
            if rows:
                jac.append(reshape(stack([r[k] for r in rows]), out.shape + x.shape))
            else:
                jac.append(Tensor.constant(np.zeros(out.shape + x.shape, x.dtype)))
        return jac[0] if isinstance(argnums, int) else tuple(jac)

    return wrapped


jacobian = jacrev
jacfwd = jacrev  # the same matrix; computed by reverse mode


def hessian(f: Callable[..., Any], argnums: int | Sequence[int] = 0) -> Callable[..., Any]:
    """The Hessian of a scalar ``f``: ``jacrev(jacrev(f))``, shape ``arg.shape * 2``."""
    return jacrev(jacrev(f, argnums), argnums)


def hvp(f: Callable[..., Any], primals: Sequence[Any], tangents: Sequence[Any]) -> tuple[Any, Any]:
    """``(f(*primals), H @ tangents)`` for a scalar ``f``, as ``torch.func.hvp``: the JVP of
    the gradient (no Hessian is formed)."""
    argnums = tuple(range(len(primals)))
    value = f(*primals)
    _, out = jvp(grad(f, argnums), tuple(primals), tuple(tangents))
    if not _recording(primals, tangents):
        value = _detach(value)
    return value, out
