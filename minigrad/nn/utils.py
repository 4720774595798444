"""Gradient clipping and flattening parameters into one vector (``torch.nn.utils``)."""

from __future__ import annotations

import warnings
from collections.abc import Iterable

import numpy as np

from ..autograd import no_grad
from ..ops.shape import concatenate
from ..tensor import Tensor

__all__ = [
    "clip_grad_norm",
    "clip_grad_norm_",
    "clip_grad_value_",
    "parameters_to_vector",
    "vector_to_parameters",
]


def _tensors(op: str, parameters: Tensor | Iterable[Tensor]) -> list[Tensor]:
    params = [parameters] if isinstance(parameters, Tensor) else list(parameters)
    for i, p in enumerate(params):
        if not isinstance(p, Tensor):
            raise TypeError(f"{op}: parameters[{i}] is a {type(p).__name__}, not a Tensor")
    return params


def clip_grad_norm_(
    parameters: Tensor | Iterable[Tensor],
    max_norm: float,
    norm_type: float = 2.0,
    error_if_nonfinite: bool = False,
    foreach: bool | None = None,
) -> Tensor:
    """Scale the gradients so that their total norm is at most ``max_norm``.

    The total norm is the ``norm_type``-norm of all gradients together, as if concatenated
    into one vector (``float('inf')``: the largest absolute value). If it exceeds
    ``max_norm``, every gradient is multiplied by ``max_norm / (total + 1e-6)``. Parameters
    without a gradient are skipped. ``foreach`` (PyTorch's fused-kernel switch) is accepted
    and changes nothing.

    Returns
    -------
    Tensor
        The total norm before clipping, 0-d (0 if no parameter has a gradient).

    Raises
    ------
    RuntimeError
        With ``error_if_nonfinite=True``, if the total norm is NaN or infinite.
    """
    op = "clip_grad_norm_"
    grads = [p for p in _tensors(op, parameters) if p.grad is not None]
    norm_type = float(norm_type)
    if not norm_type > 0:
        raise ValueError(f"{op}: norm_type must be positive or inf, got {norm_type}")
    if max_norm < 0:
        raise ValueError(f"{op}: max_norm must be non-negative, got {max_norm}")
    if not grads:
        return Tensor(np.zeros((), np.float32))
    # grads holds only parameters whose .grad is set.
    dtype = np.result_type(*(p.grad.dtype for p in grads))  # type: ignore[union-attr]
    flat = [p.grad.array.ravel() for p in grads]  # type: ignore[union-attr]
    if norm_type == float("inf"):
        total = max(float(np.abs(g).max(initial=0.0)) for g in flat)
    else:
        total = float(sum(float((np.abs(g) ** norm_type).sum()) for g in flat)) ** (1 / norm_type)
    if error_if_nonfinite and not np.isfinite(total):
        raise RuntimeError(
            f"{op}: the total norm of order {norm_type} of the gradients is {total}, so they "
            "cannot be clipped; set error_if_nonfinite=False to clip anyway"
        )
    coef = max_norm / (total + 1e-6)
    if coef < 1:
        # A new gradient tensor rather than an in-place scale: safe even when a gradient the
        # user assigned is shared between parameters or is a read-only view.
        with no_grad():
            for p in grads:
                g = p.grad
                assert g is not None  # grads holds only parameters with a gradient
                p.grad = Tensor.constant(g.array * np.asarray(coef, g.dtype))
    return Tensor(np.asarray(total, dtype))


def clip_grad_norm(
    parameters: Tensor | Iterable[Tensor],
    max_norm: float,
    norm_type: float = 2.0,
    error_if_nonfinite: bool = False,
    foreach: bool | None = None,
) -> Tensor:
    """PyTorch's deprecated spelling of :func:`clip_grad_norm_` (it warns, then clips)."""
    warnings.warn(
        "nn.utils.clip_grad_norm is now deprecated in favor of nn.utils.clip_grad_norm_.",
        FutureWarning,
        stacklevel=2,
    )
    return clip_grad_norm_(parameters, max_norm, norm_type, error_if_nonfinite, foreach)


def clip_grad_value_(
    parameters: Tensor | Iterable[Tensor], clip_value: float, foreach: bool | None = None
) -> None:
    """Clip every gradient element to ``[-clip_value, clip_value]`` (``foreach`` is accepted
    for PyTorch compatibility)."""
    op = "clip_grad_value_"
    if clip_value < 0:
        raise ValueError(f"{op}: clip_value must be non-negative, got {clip_value}")
    for p in _tensors(op, parameters):
        if p.grad is not None:
            p.grad = Tensor.constant(np.clip(p.grad.array, -clip_value, clip_value))


def parameters_to_vector(parameters: Iterable[Tensor]) -> Tensor:
    """All parameters flattened and concatenated into one 1-D tensor (differentiable)."""
    params = _tensors("parameters_to_vector", parameters)
    if not params:
        raise ValueError("parameters_to_vector: parameters is empty")
    return concatenate([p.reshape(-1) for p in params])


def vector_to_parameters(vec: Tensor, parameters: Iterable[Tensor]) -> None:
    """Copy consecutive slices of the 1-D ``vec`` into the parameters, in place."""
    op = "vector_to_parameters"
    if not isinstance(vec, Tensor):
        raise TypeError(f"{op}: vec must be a Tensor, got {type(vec).__name__}")
    params = _tensors(op, parameters)
    total = sum(p.numel() for p in params)
    if vec.ndim != 1 or vec.numel() != total:
        raise ValueError(
            f"{op}: vec must be 1-D with {total} elements (the parameters' total size), got "
            f"shape {vec.shape}"
        )
    offset = 0
    with no_grad():
        for p in params:
            p.copy_(vec.array[offset : offset + p.numel()].reshape(p.shape))
            offset += p.numel()
