"""Numerical gradient checks: analytical Jacobians against central differences."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .. import autograd
from ..tensor import Tensor


class GradcheckError(AssertionError):
    """An analytical gradient disagrees with the numerical one."""


def _outputs(fn: Callable[..., Any], inputs: Sequence[Tensor]) -> list[Tensor]:
    out = fn(*inputs)
    outs = list(out) if isinstance(out, (tuple, list)) else [out]
    return [o for o in outs if isinstance(o, Tensor) and o.dtype.kind in "fc"]


def _numerical_jacobian(
    fn: Callable[..., Any], inputs: Sequence[Tensor], i: int, eps: float
) -> np.ndarray:
    """d(all outputs, flattened) / d(inputs[i], flattened), by central differences."""
    x = inputs[i].data
    flat = x.reshape(-1)  # a view: perturbing it perturbs the input in place
    cols = []
    with autograd.no_grad():
        for j in range(flat.size):
            orig = flat[j]
            flat[j] = orig + eps
            plus = np.concatenate([o.data.ravel() for o in _outputs(fn, inputs)] or [np.zeros(0)])
            flat[j] = orig - eps
            minus = np.concatenate([o.data.ravel() for o in _outputs(fn, inputs)] or [np.zeros(0)])
            flat[j] = orig
            cols.append((plus - minus) / (2 * eps))
    n_out = sum(o.size for o in _outputs(fn, inputs))
    return np.stack(cols, axis=1) if cols else np.zeros((n_out, 0))


def _analytical_jacobians(fn: Callable[..., Any], inputs: Sequence[Tensor]) -> list[np.ndarray]:
    """One backward pass per output element gives the Jacobian row by row."""
    outs = _outputs(fn, inputs)
    n_out = sum(o.size for o in outs)
    jacs = [np.zeros((n_out, x.size)) for x in inputs]
    live = [o for o in outs if o.requires_grad]
    row = 0
    for o in outs:
        for k in range(o.size):
            if o.requires_grad:
                # Tensors compare element-wise, so find ``o`` among ``live`` by identity.
                seeds = [np.zeros(p.shape, p.dtype) for p in live]
                seeds[[p is o for p in live].index(True)].reshape(-1)[k] = 1.0
                grads = autograd.grad(
                    live, list(inputs), grad_outputs=seeds, retain_graph=True, allow_unused=True
                )
                for jac, g in zip(jacs, grads):
                    if g is not None:
                        jac[row] = g.data.ravel()
            row += 1
    return jacs


def gradcheck(
    fn: Callable[..., Any],
    inputs: Sequence[Tensor] | Tensor,
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
) -> bool:
    """Check ``fn``'s gradients w.r.t. ``inputs`` against central differences.

    Parameters
    ----------
    fn
        Takes the inputs, returns a Tensor or a tuple of Tensors.
    inputs
        Tensors; those with ``requires_grad`` are checked. Use float64: float32 central
        differences are too noisy to tell a wrong gradient from rounding.
    eps, atol, rtol
        Step of the central differences, and the tolerance
        ``|analytical - numerical| <= atol + rtol * |numerical|``.

    Returns
    -------
    True if every gradient matches; otherwise :class:`GradcheckError` is raised, naming the
    input and the element that disagree.
    """
    inputs = [inputs] if isinstance(inputs, Tensor) else list(inputs)
    analytical = _analytical_jacobians(fn, inputs)
    for i, x in enumerate(inputs):
        if not x.requires_grad:
            continue
        numerical = _numerical_jacobian(fn, inputs, i, eps)
        bad = ~np.isclose(analytical[i], numerical, rtol=rtol, atol=atol)
        if bad.any():
            out_idx, in_idx = np.argwhere(bad)[0]
            a, n = analytical[i][out_idx, in_idx], numerical[out_idx, in_idx]
            where = np.unravel_index(in_idx, x.shape) if x.ndim else ()
            raise GradcheckError(
                f"gradcheck: the gradient w.r.t. input {i} (shape {x.shape}) is wrong at "
                f"element {tuple(int(w) for w in where)} for output element {out_idx}: "
                f"analytical {a:.6g}, numerical {n:.6g}, difference {a - n:.3g} "
                f"({int(bad.sum())} of {bad.size} Jacobian entries disagree)"
            )
    return True


def gradgradcheck(
    fn: Callable[..., Any],
    inputs: Sequence[Tensor] | Tensor,
    grad_outputs: Sequence[Tensor] | None = None,
    eps: float = 1e-6,
    atol: float = 1e-5,
    rtol: float = 1e-3,
    seed: int = 0,
) -> bool:
    """Check second-order gradients: :func:`gradcheck` applied to ``x -> vᵀ J_fn(x)``.

    ``grad_outputs`` (``v``) defaults to random float64 tensors of the outputs' shapes.
    """
    inputs = [inputs] if isinstance(inputs, Tensor) else list(inputs)
    outs = _outputs(fn, inputs)
    if grad_outputs is None:
        rng = np.random.default_rng(seed)
        grad_outputs = [Tensor(rng.standard_normal(o.shape)) for o in outs]
    diff = [x for x in inputs if x.requires_grad]

    def first_order(*xs: Tensor) -> tuple[Tensor, ...]:
        with autograd.enable_grad():  # also when the numerical check runs it under no_grad
            grads = autograd.grad(
                _outputs(fn, xs),
                [x for x in xs if x.requires_grad],
                grad_outputs=list(grad_outputs),
                create_graph=True,
                allow_unused=True,
            )
        return tuple(g for g in grads if g is not None)

    if not diff:
        return True
    return gradcheck(first_order, inputs, eps=eps, atol=atol, rtol=rtol)
