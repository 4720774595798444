"""Normalisation over trailing axes: the fused ``normalize`` primitive and the functional
layer, group, RMS and instance norms built on it (PyTorch's ``F.layer_norm`` and friends).

``normalize(x, ndim=k)`` is ``(x - mean) / √(var + eps)`` over the last ``k`` axes, one node
instead of the six a composition records. Its VJP is the projection
``dx = r·(g - mean(g) - x̂·mean(g·x̂))`` (``r = 1/√(var + eps)``, ``x̂`` the output), one NumPy
pass in :class:`NormalizeGrad`, whose own VJP is written with Tensor ops, so gradients of any
order work. The affine ``weight``/``bias`` are ordinary ``*`` and ``+`` on top.
"""

# ruff: noqa: A001, A002 - `input` is PyTorch's argument name

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ..autograd import Function
from ..tensor import Tensor
from . import reduce as _reduce

__all__ = ["group_norm", "instance_norm", "layer_norm", "normalize", "rms_norm"]


def _stats(x: np.ndarray, axes: tuple[int, ...], eps: float) -> tuple[np.ndarray, np.ndarray]:
    """``(x̂, r)``: the normalised input and the reciprocal standard deviation (keepdims)."""
    centred = x - x.mean(axis=axes, keepdims=True)
    rstd = 1.0 / np.sqrt(np.mean(centred * centred, axis=axes, keepdims=True) + eps)
    return centred * rstd, rstd.astype(x.dtype, copy=False)


def _project(g: Any, xhat: Any, axes: tuple[int, ...]) -> Any:
    """``P(g) = g - mean(g) - x̂·mean(g·x̂)``: works on ndarrays and on Tensors alike."""
    if isinstance(g, Tensor):
        mean_g = _reduce.mean(g, axis=axes, keepdims=True)
        mean_gx = _reduce.mean(g * xhat, axis=axes, keepdims=True)
    else:
        mean_g = g.mean(axis=axes, keepdims=True)
        mean_gx = (g * xhat).mean(axis=axes, keepdims=True)
    return g - mean_g - xhat * mean_gx


def _tensor_stats(x: Tensor, axes: tuple[int, ...], eps: float) -> tuple[Tensor, Tensor]:
    """:func:`_stats` in Tensor ops, so that second-order gradients flow through ``x̂`` and ``r``."""
    centred = x - _reduce.mean(x, axis=axes, keepdims=True)
    rstd = (_reduce.mean(centred * centred, axis=axes, keepdims=True) + eps) ** -0.5
    return centred * rstd, rstd


class Normalize(Function):
    @staticmethod
    def forward(ctx, x, *, ndim, eps):
        ctx.ndim, ctx.eps = ndim, eps
        out, _ = _stats(x, tuple(range(x.ndim - ndim, x.ndim)), eps)
        ctx.save_for_backward(x)
        return out

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return NormalizeGrad.apply(grad, x, ndim=ctx.ndim, eps=ctx.eps)


class NormalizeGrad(Function):
    """``r·P(g)``: the VJP of :class:`Normalize` in one pass.

    Its own VJP (with ``d x̂ = r·P(δ)`` and ``dr = -r²·mean(x̂ δ)``): w.r.t. ``g`` it is the same
    symmetric map applied to the incoming ``v``; w.r.t. ``x`` it is
    ``-r²·(mean(v·P(g))·x̂ + mean(g·x̂)·P(v) + mean(v·x̂)·P(g))``.
    """

    @staticmethod
    def forward(ctx, g, x, *, ndim, eps):
        ctx.ndim, ctx.eps = ndim, eps
        axes = tuple(range(x.ndim - ndim, x.ndim))
        xhat, rstd = _stats(x, axes, eps)
        ctx.save_for_backward(g, x)
        return rstd * _project(g, xhat, axes)

    @staticmethod
    def backward(ctx, v):
        g, x = ctx.saved_tensors
        need_g, need_x = ctx.needs_input_grad
        axes = tuple(range(x.ndim - ctx.ndim, x.ndim))
        dg = NormalizeGrad.apply(v, x, ndim=ctx.ndim, eps=ctx.eps) if need_g else None
        dx = None
        if need_x:
            xhat, rstd = _tensor_stats(x, axes, ctx.eps)
            pg, pv = _project(g, xhat, axes), _project(v, xhat, axes)

            def mean(t: Tensor) -> Tensor:
                return _reduce.mean(t, axis=axes, keepdims=True)

            dx = -(rstd * rstd) * (mean(v * pg) * xhat + mean(g * xhat) * pv + mean(v * xhat) * pg)
        return dg, dx


def _float_tensor(op: str, arg: str, x: Any) -> Tensor:
    if not isinstance(x, Tensor):
        raise TypeError(f"{op}: {arg} must be a Tensor, got {type(x).__name__}")
    if x.dtype.kind != "f":
        raise TypeError(f"{op}: {arg} must be floating point, got dtype {x.dtype}")
    return x


def normalize(x: Tensor, *, ndim: int = 1, eps: float = 1e-5) -> Tensor:
    """``(x - mean) / √(var + eps)`` over the last ``ndim`` axes (biased variance).

    Parameters
    ----------
    x : Tensor, shape ``(*, D1, ..., Dndim)``, floating point
    ndim
        How many trailing axes to normalise over (at least 1, at most ``x.ndim``).
    eps
        Added to the variance.

    Returns
    -------
    Tensor of ``x``'s shape; every slice over the last ``ndim`` axes has mean 0, variance ≈ 1.
    """
    x = _float_tensor("normalize", "x", x)
    if not 1 <= ndim <= x.ndim:
        raise ValueError(f"normalize: ndim must be between 1 and x.ndim={x.ndim}, got {ndim}")
    return Normalize.apply(x, ndim=ndim, eps=eps)


def _affine(y: Tensor, weight: Tensor | None, bias: Tensor | None) -> Tensor:
    if weight is not None:
        y = y * weight
    return y if bias is None else y + bias


def layer_norm(
    input: Tensor,
    normalized_shape: int | Sequence[int],
    weight: Tensor | None = None,
    bias: Tensor | None = None,
    eps: float = 1e-5,
) -> Tensor:
    """Layer normalisation over the trailing ``normalized_shape`` axes, then ``·weight + bias``.

    Parameters
    ----------
    input : Tensor, shape ``(*, *normalized_shape)``
    normalized_shape
        The shape of the trailing axes to normalise over.
    weight, bias : Tensor of shape ``normalized_shape``, or None
    eps
        Added to the (biased) variance.
    """
    input = _float_tensor("layer_norm", "input", input)
    shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
    if not shape or input.shape[input.ndim - len(shape) :] != shape or len(shape) > input.ndim:
        raise ValueError(
            f"layer_norm: input of shape {input.shape} does not end in normalized_shape {shape}"
        )
    for name, p in (("weight", weight), ("bias", bias)):
        if p is not None and _float_tensor("layer_norm", name, p).shape != shape:
            raise ValueError(f"layer_norm: {name} must have shape {shape}, got {p.shape}")
    return _affine(Normalize.apply(input, ndim=len(shape), eps=eps), weight, bias)


def _per_channel(p: Tensor | None, spatial: int) -> Tensor | None:
    return None if p is None else p.reshape((-1,) + (1,) * spatial)


def group_norm(
    input: Tensor,
    num_groups: int,
    weight: Tensor | None = None,
    bias: Tensor | None = None,
    eps: float = 1e-5,
) -> Tensor:
    """Group normalisation: channels split into ``num_groups`` groups, each normalised over
    its channels and all spatial positions, then a per-channel ``·weight + bias``.

    Parameters
    ----------
    input : Tensor, shape ``(N, C, *)``, ``C`` divisible by ``num_groups``
    weight, bias : Tensor of shape ``(C,)``, or None
    """
    input = _float_tensor("group_norm", "input", input)
    if input.ndim < 2 or num_groups <= 0 or input.shape[1] % num_groups:
        raise ValueError(
            f"group_norm: input of shape {input.shape} must be (N, C, *) with C divisible by "
            f"num_groups={num_groups}"
        )
    n = input.shape[0]
    y = Normalize.apply(input.reshape(n, num_groups, -1), ndim=1, eps=eps).reshape(input.shape)
    spatial = input.ndim - 2
    return _affine(y, _per_channel(weight, spatial), _per_channel(bias, spatial))


def rms_norm(
    input: Tensor,
    normalized_shape: int | Sequence[int],
    weight: Tensor | None = None,
    eps: float | None = None,
) -> Tensor:
    """``x / √(mean(x²) + eps) · weight`` over the trailing ``normalized_shape`` axes.

    ``eps=None`` is ``finfo(input.dtype).eps``, as in PyTorch.
    """
    input = _float_tensor("rms_norm", "input", input)
    shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
    if not shape or len(shape) > input.ndim or input.shape[input.ndim - len(shape) :] != shape:
        raise ValueError(
            f"rms_norm: input of shape {input.shape} does not end in normalized_shape {shape}"
        )
    if weight is not None and _float_tensor("rms_norm", "weight", weight).shape != shape:
        raise ValueError(f"rms_norm: weight must have shape {shape}, got {weight.shape}")
    eps = float(np.finfo(input.dtype).eps) if eps is None else eps
    axes = tuple(range(input.ndim - len(shape), input.ndim))
    y = input * (_reduce.mean(input * input, axis=axes, keepdims=True) + eps) ** -0.5
    return _affine(y, weight, None)


def instance_norm(
    input: Tensor,
    running_mean: Tensor | None = None,
    running_var: Tensor | None = None,
    weight: Tensor | None = None,
    bias: Tensor | None = None,
    use_input_stats: bool = True,
    momentum: float = 0.1,
    eps: float = 1e-5,
) -> Tensor:
    """Instance normalisation: each ``(n, c)`` slice normalised over its spatial axes.

    Parameters
    ----------
    input : Tensor, shape ``(N, C, *spatial)`` with at least one spatial axis
    running_mean, running_var : Tensor of shape ``(C,)``, or None
        With ``use_input_stats``, updated in place with the instances' statistics averaged
        over ``N`` (unbiased variance); without, used to normalise instead.
    weight, bias : Tensor of shape ``(C,)``, or None
    """
    input = _float_tensor("instance_norm", "input", input)
    if input.ndim < 3:
        raise ValueError(
            f"instance_norm: input must be (N, C, *spatial) with a spatial axis, got {input.shape}"
        )
    spatial = input.ndim - 2
    if use_input_stats:
        if running_mean is not None or running_var is not None:
            _track(input.array, running_mean, running_var, momentum, spatial)
        y = Normalize.apply(input, ndim=spatial, eps=eps)
    else:
        if running_mean is None or running_var is None:
            raise ValueError("instance_norm: use_input_stats=False needs running_mean/var")
        scale = (running_var.array + eps) ** -0.5
        y = (input - _per_channel(running_mean, spatial)) * _per_channel(
            Tensor.constant(scale.astype(input.dtype)), spatial
        )
    return _affine(y, _per_channel(weight, spatial), _per_channel(bias, spatial))


def _track(
    x: np.ndarray, mean: Tensor | None, var: Tensor | None, momentum: float, spatial: int
) -> None:
    axes = tuple(range(2, 2 + spatial))
    count = int(np.prod(x.shape[2:]))
    if mean is not None:
        batch = x.mean(axis=axes).mean(axis=0)
        mean.array[...] = (1 - momentum) * mean.array + momentum * batch
        mean._bump_version()
    if var is not None:
        batch = x.var(axis=axes, ddof=1 if count > 1 else 0).mean(axis=0)
        var.array[...] = (1 - momentum) * var.array + momentum * batch
        var._bump_version()
