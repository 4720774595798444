"""Adam and AdamW: adaptive moment estimation, with L2 or decoupled weight decay."""

from __future__ import annotations

from typing import Any

import numpy as np

from .optimizer import (
    Optimizer,
    ParamsT,
    check_real,
    decayed_grad,
    init_state,
    kernel_flags,
    lerp_,
)


class Adam(Optimizer):
    r"""Adam (Kingma & Ba, 2015), optionally AMSGrad (PyTorch's update rule).

    With :math:`g` the gradient (negated if ``maximize``, plus ``weight_decay * θ`` unless
    the decay is decoupled) and :math:`t` the step count::

        m  ← β₁ m + (1 − β₁) g            v ← β₂ v + (1 − β₂) g²
        v̂  = max(v̂, v) (amsgrad)  or  v
        θ  ← θ − lr / (1 − β₁ᵗ) · m / (√v̂ / √(1 − β₂ᵗ) + eps)

    With ``decoupled_weight_decay=True`` (AdamW) the decay is applied to the parameter
    instead, before the moments: ``θ ← θ (1 − lr · weight_decay)``.

    Parameters
    ----------
    params
        Tensors, ``(name, Tensor)`` pairs, or parameter-group dicts.
    lr
        Learning rate (>= 0).
    betas
        Decay rates ``(β₁, β₂)`` of the moment averages, each in ``[0, 1)``.
    eps
        Added to the denominator for numerical stability (>= 0).
    weight_decay
        Weight decay (>= 0).
    amsgrad
        Use the running maximum of the second moment (AMSGrad).
    maximize
        Maximize the objective instead of minimizing it.
    decoupled_weight_decay
        Decay the parameter directly, as AdamW does, instead of adding an L2 gradient.
    foreach, capturable, differentiable, fused
        PyTorch's implementation switches, kept in the param groups as PyTorch does (see
        :func:`~minigrad.optim.optimizer.kernel_flags`: ``capturable=True`` and
        ``differentiable=True`` are refused).

    Notes
    -----
    State per parameter: ``'step'`` (int), ``'exp_avg'``, ``'exp_avg_sq'`` and, with
    ``amsgrad``, ``'max_exp_avg_sq'``.
    """

    def __init__(
        self,
        params: ParamsT,
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0,
        amsgrad: bool = False,
        *,
        maximize: bool = False,
        decoupled_weight_decay: bool = False,
        foreach: bool | None = None,
        capturable: bool = False,
        differentiable: bool = False,
        fused: bool | None = None,
    ) -> None:
        flags = kernel_flags(
            type(self).__name__,
            foreach=foreach,
            capturable=capturable,
            differentiable=differentiable,
            fused=fused,
        )
        defaults = {
            "lr": lr,
            "betas": betas,
            "eps": eps,
            "weight_decay": weight_decay,
            "amsgrad": amsgrad,
            "maximize": maximize,
            **flags,
            "decoupled_weight_decay": decoupled_weight_decay,
        }
        super().__init__(params, defaults)

    def _validate(self, options: dict[str, Any], where: str) -> None:
        super()._validate(options, where)
        check_real(where, "eps", options["eps"])
        betas = options["betas"]
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise TypeError(f"{where}: betas must be a pair (beta1, beta2), got {betas!r}")
        for i, beta in enumerate(betas):
            check_real(where, f"betas[{i}]", beta, high=1.0, high_open=True)
        check_real(where, "weight_decay", options["weight_decay"])

    def _update(
        self, param: np.ndarray, grad: np.ndarray, state: dict[str, Any], group: dict[str, Any]
    ) -> None:
        init_state(state, param, "exp_avg", "exp_avg_sq")
        if group["amsgrad"] and "max_exp_avg_sq" not in state:
            state["max_exp_avg_sq"] = np.zeros_like(param)
        state["step"] += 1
        t = state["step"]
        lr, weight_decay = group["lr"], group["weight_decay"]
        beta1, beta2 = group["betas"]
        if group["decoupled_weight_decay"]:
            if weight_decay:
                param *= 1 - lr * weight_decay
            weight_decay = 0
        g = decayed_grad(param, grad, weight_decay, group["maximize"])
        m, v = state["exp_avg"], state["exp_avg_sq"]
        tmp = np.empty_like(param)
        lerp_(m, g, 1 - beta1, tmp)
        v *= beta2
        np.multiply(g, g, out=tmp)
        tmp *= 1 - beta2
        v += tmp
        if group["amsgrad"]:
            v = np.maximum(state["max_exp_avg_sq"], v, out=state["max_exp_avg_sq"])
        denom = np.sqrt(v, out=tmp)
        denom /= (1 - beta2**t) ** 0.5
        denom += group["eps"]
        update = np.divide(m, denom, out=tmp)
        update *= lr / (1 - beta1**t)
        param -= update


class AdamW(Adam):
    r"""Adam with decoupled weight decay (Loshchilov & Hutter, 2019; PyTorch's rule).

    Each step first shrinks the parameter, ``θ ← θ (1 − lr · weight_decay)``, then takes an
    Adam step without any L2 term in the gradient. Parameters as :class:`Adam`, with
    ``weight_decay`` defaulting to ``1e-2``.
    """

    def __init__(
        self,
        params: ParamsT,
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 1e-2,
        amsgrad: bool = False,
        *,
        maximize: bool = False,
        foreach: bool | None = None,
        capturable: bool = False,
        differentiable: bool = False,
        fused: bool | None = None,
    ) -> None:
        super().__init__(
            params,
            lr,
            betas,
            eps,
            weight_decay,
            amsgrad,
            maximize=maximize,
            decoupled_weight_decay=True,
            foreach=foreach,
            capturable=capturable,
            differentiable=differentiable,
            fused=fused,
        )
