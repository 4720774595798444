"""``minigrad.scipy.integrate``: ``odeint``, SciPy's ODE integrator (LSODA), differentiable
with respect to the initial state ``y0``, the times ``t`` and the arguments ``args``.

The values are SciPy's; ``func`` is called on Tensors (write it with ``minigrad.numpy``).
The VJP is the adjoint method (Froehlich, Loos and Hasenauer 2017, Sec. 2.4.2): between two
output times the state runs backwards together with its adjoint ``a`` (``ȧ = -aᵀ∂f/∂y``)
and the adjoints of ``t`` and ``args`` (``-aᵀ∂f/∂t``, ``-aᵀ∂f/∂args``); each output time
adds ``ȳ(tᵢ)`` to ``a`` and ``f(y(tᵢ), tᵢ)·ȳ(tᵢ)`` to the gradient of ``tᵢ``. That backward
run is ``odeint`` again, on dynamics whose right-hand side is a VJP of ``func`` taken with a
graph, so gradients of gradients work too (each order integrates a larger system).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import scipy.integrate as _si

from ..autograd import Function, enable_grad, is_grad_enabled, no_grad
from ..autograd import grad as _grad
from ..numpy import concatenate, stack, zeros
from ..numpy._convert import tensor_of
from ..tensor import Tensor

__all__ = ["odeint"]


def _is_data(x: Any) -> bool:
    """Arguments that become differentiable Tensors; the rest (ints, strings, objects) are
    passed to ``func`` unchanged."""
    if isinstance(x, (bool, int, np.integer)) and not isinstance(x, np.ndarray):
        return False
    return isinstance(x, (Tensor, np.ndarray, np.generic, float, list))


def _fill(template: Sequence[Any], tensors: Sequence[Any]) -> list[Any]:
    """The argument list with ``None`` slots of ``template`` taken from ``tensors``."""
    it = iter(tensors)
    return [next(it) if slot is None else slot for slot in template]


def _leaf(x: Tensor, recording: bool) -> Tensor:
    """``x`` itself when a graph is recorded through it, else a fresh leaf (so the VJP below
    never walks, or frees, a graph it is not part of)."""
    return x if recording and x.requires_grad else x.detach().requires_grad_()


def _func_vjp(func: Callable, y: Tensor, t: Tensor, targs: Sequence[Tensor], template, cot):
    """``f = func(y, t, *args)`` and its VJP with cotangent ``cot`` for ``y``, ``t`` and the
    Tensor arguments (the last flattened into one vector). With a graph being recorded the
    VJP carries one (``create_graph``), so it can be differentiated again."""
    recording = is_grad_enabled()
    with enable_grad():
        y_in, t_in = _leaf(y, recording), _leaf(t, recording)
        a_in = [_leaf(a, recording) for a in targs]
        f = tensor_of(func(y_in, t_in, *_fill(template, a_in)))
        if f.shape != y.shape:
            raise ValueError(f"odeint: func returned shape {f.shape}, expected {y.shape}")
        raw = _grad(f, [y_in, t_in, *a_in], cot, create_graph=recording, allow_unused=True)
    inputs = [y_in, t_in, *a_in]
    grads = [zeros(x.shape) if g is None else g for g, x in zip(raw, inputs, strict=True)]
    flat = [g.reshape(-1) for g in grads[2:]]
    if not recording:
        f, grads, flat = f.detach(), [g.detach() for g in grads], [g.detach() for g in flat]
    return f, grads[0], grads[1], flat


def _as_values(func: Callable, template, n_tensors: int) -> Callable:
    """``func`` as SciPy calls it: on ndarrays and a float, returning an ndarray."""

    def rhs(y: np.ndarray, s: float, *arrays: np.ndarray) -> np.ndarray:
        with no_grad():
            args = _fill(template, [Tensor.constant(a) for a in arrays[:n_tensors]])
            out = func(Tensor.constant(y), Tensor.constant(np.float64(s)), *args)
        value = np.asarray(out.array if isinstance(out, Tensor) else out, dtype=np.float64)
        if value.shape != y.shape:
            raise ValueError(f"odeint: func returned shape {value.shape}, expected {y.shape}")
        return value

    return rhs


class ODEInt(Function):
    @staticmethod
    def forward(ctx, y0, t, *arrays, func, template, options):
        ctx.func, ctx.template, ctx.options = func, template, options
        rhs = _as_values(func, template, len(arrays))
        out = _si.odeint(rhs, y0, t, args=tuple(arrays), **options)
        ctx.save_for_backward(t, out, *arrays)
        return np.asarray(out, dtype=np.float64)

    @staticmethod
    def backward(ctx, grad):
        t, yt, *targs = ctx.saved_tensors
        func, template, options = ctx.func, ctx.template, ctx.options
        args = _fill(template, targs)
        n_t, dim = yt.shape
        sizes = [a.size for a in targs]

        def augmented(state: Tensor, s: Tensor, *aug_args: Any) -> Tensor:
            y, adj = state[:dim], state[dim : 2 * dim]
            aug_targs = [a for a, slot in zip(aug_args, template, strict=True) if slot is None]
            f, gy, gt, flat = _func_vjp(func, y, s, aug_targs, template, -adj)
            return concatenate([f, gy, gt.reshape(1), *flat])

        vjp_y, vjp_t0 = grad[-1], zeros(())
        vjp_args = zeros((sum(sizes),))
        times = []
        for i in range(n_t - 1, 0, -1):
            here = (tensor_of(func(yt[i], t[i], *args)) * grad[i]).sum()
            times.append(here)
            vjp_t0 = vjp_t0 - here
            start = concatenate([yt[i], vjp_y, vjp_t0.reshape(1), vjp_args])
            back = odeint(augmented, start, stack([t[i], t[i - 1]]), tuple(args), **options)[1]
            vjp_y = back[dim : 2 * dim] + grad[i - 1]
            vjp_t0, vjp_args = back[2 * dim], back[2 * dim + 1 :]
        times.append(vjp_t0)
        g_t = stack(times[::-1])
        g_args, at = [], 0
        for a, n in zip(targs, sizes, strict=True):
            g_args.append(vjp_args[at : at + n].reshape(a.shape))
            at += n
        return (vjp_y, g_t, *g_args)


def _float64(x: Any, arg: str) -> Tensor:
    try:
        t = tensor_of(x)
    except TypeError as e:
        raise TypeError(f"odeint: {arg}: {e}") from None
    return t if t.dtype == np.float64 else tensor_of(t, np.float64)


def odeint(
    func: Callable,
    y0: Any,
    t: Any,
    args: Any = (),
    Dfun: Any = None,
    col_deriv: int = 0,
    full_output: int = 0,
    **options: Any,
) -> Tensor:
    """The solution ``y(t)`` (shape ``(len(t), len(y0))``) of ``dy/dt = func(y, t, *args)``,
    ``y(t[0]) = y0``, by SciPy's ``odeint`` (LSODA); ``options`` (``rtol``, ``atol``,
    ``mxstep``, ...) go to SciPy. ``func`` gets Tensors. The gradient with respect to
    ``y0``, ``t`` and the float array arguments is the adjoint method (another ``odeint``,
    backwards in time), so it differentiates again. ``Dfun`` and ``full_output`` are not
    provided (the Jacobian comes from ``func`` itself)."""
    if not callable(func):
        raise TypeError(f"odeint: func must be callable, got {type(func).__name__}")
    if Dfun is not None or full_output or col_deriv:
        raise NotImplementedError("odeint: Dfun, col_deriv and full_output are not provided")
    if not isinstance(args, tuple):
        args = (args,)
    y = _float64(y0, "y0")
    if y.ndim > 1:
        raise ValueError(f"odeint: y0 must be a scalar or 1-D, got shape {y.shape}")
    y = y.reshape(-1)
    times = _float64(t, "t")
    if times.ndim != 1 or times.shape[0] < 1:
        raise ValueError(f"odeint: t must be a 1-D sequence of times, got shape {times.shape}")
    template = [None if _is_data(a) else a for a in args]
    tensors = []
    for a in args:
        if _is_data(a):
            tensors.append(_float64(a, "args"))
    return ODEInt.apply(y, times, *tensors, func=func, template=template, options=options)
