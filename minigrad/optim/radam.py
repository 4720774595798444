"""NAdam and RAdam: Adam with Nesterov momentum, and Adam with a rectified warm-up
(PyTorch's update rules)."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from .adadelta import _check_betas
from .optimizer import Optimizer, ParamsT, check_real, decayed_grad, init_state, lerp_


class _AdamFamily(Optimizer):
    def _validate(self, options: dict[str, Any], where: str) -> None:
        super()._validate(options, where)
        check_real(where, "eps", options["eps"])
        _check_betas(where, options["betas"])
        check_real(where, "weight_decay", options["weight_decay"])

    def _moments(
        self, param: np.ndarray, grad: np.ndarray, state: dict[str, Any], group: dict[str, Any]
    ) -> np.ndarray:
        """Count the step, apply the weight decay (decoupled or L2) and update both moments;
        returns the gradient used."""
        state["step"] += 1
        lr, weight_decay = group["lr"], group["weight_decay"]
        if weight_decay and group["decoupled_weight_decay"]:
            param *= 1 - lr * weight_decay
            weight_decay = 0
        g = decayed_grad(param, grad, weight_decay, group["maximize"])
        beta1, beta2 = group["betas"]
        lerp_(state["exp_avg"], g, 1 - beta1, np.empty_like(param))
        v = state["exp_avg_sq"]
        v *= beta2
        v += (1 - beta2) * g * g
        return g


class NAdam(_AdamFamily):
    r"""NAdam: Adam with Nesterov momentum (Dozat, 2016), with PyTorch's momentum schedule
    ``μ_t = β₁ (1 − ½ · 0.96^(t · momentum_decay))``::

        θ ← θ − lr (1 − μ_t) / (1 − Πμ) · g / d − lr μ_{t+1} / (1 − Πμ · μ_{t+1}) · m / d

    with ``d = √(v / (1 − β₂ᵗ)) + eps``; ``decoupled_weight_decay=True`` is NAdamW.

    Notes
    -----
    State per parameter: ``'step'``, ``'mu_product'`` (Πμ), ``'exp_avg'``, ``'exp_avg_sq'``.
    """

    def __init__(
        self,
        params: ParamsT,
        lr: float = 2e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0,
        momentum_decay: float = 4e-3,
        decoupled_weight_decay: bool = False,
        *,
        foreach: bool | None = None,
        maximize: bool = False,
        capturable: bool = False,
        differentiable: bool = False,
    ) -> None:
        defaults = {
            "lr": lr,
            "betas": betas,
            "eps": eps,
            "weight_decay": weight_decay,
            "momentum_decay": momentum_decay,
            "decoupled_weight_decay": decoupled_weight_decay,
            "maximize": maximize,
        }
        super().__init__(params, defaults)

    def _validate(self, options: dict[str, Any], where: str) -> None:
        super()._validate(options, where)
        check_real(where, "momentum_decay", options["momentum_decay"])

    def _update(
        self, param: np.ndarray, grad: np.ndarray, state: dict[str, Any], group: dict[str, Any]
    ) -> None:
        init_state(state, param, "exp_avg", "exp_avg_sq", mu_product=1.0)
        g = self._moments(param, grad, state, group)
        t, lr = state["step"], group["lr"]
        beta1, beta2 = group["betas"]
        decay = group["momentum_decay"]
        mu = beta1 * (1.0 - 0.5 * 0.96 ** (t * decay))
        mu_next = beta1 * (1.0 - 0.5 * 0.96 ** ((t + 1) * decay))
        state["mu_product"] *= mu
        product = state["mu_product"]
        denom = np.sqrt(state["exp_avg_sq"] / (1 - beta2**t))
        denom += group["eps"]
        param += g / denom * (-lr * (1.0 - mu) / (1.0 - product))
        param += state["exp_avg"] / denom * (-lr * mu_next / (1.0 - product * mu_next))


class RAdam(_AdamFamily):
    r"""RAdam: Adam whose adaptive step is switched on, and rectified, once the variance
    of its estimate is tractable (Liu et al., 2020)::

        ρ_∞ = 2 / (1 − β₂) − 1,   ρ_t = ρ_∞ − 2 t β₂ᵗ / (1 − β₂ᵗ)
        m̂ = m / (1 − β₁ᵗ)
        θ ← θ − lr m̂ · r_t √(1 − β₂ᵗ) / (√v + eps)   if ρ_t > 5,   else θ ← θ − lr m̂

    with ``r_t = √((ρ_t − 4)(ρ_t − 2) ρ_∞ / ((ρ_∞ − 4)(ρ_∞ − 2) ρ_t))``;
    ``decoupled_weight_decay=True`` is RAdamW.

    Notes
    -----
    State per parameter: ``'step'``, ``'exp_avg'``, ``'exp_avg_sq'``.
    """

    def __init__(
        self,
        params: ParamsT,
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0,
        decoupled_weight_decay: bool = False,
        *,
        foreach: bool | None = None,
        maximize: bool = False,
        capturable: bool = False,
        differentiable: bool = False,
    ) -> None:
        defaults = {
            "lr": lr,
            "betas": betas,
            "eps": eps,
            "weight_decay": weight_decay,
            "decoupled_weight_decay": decoupled_weight_decay,
            "maximize": maximize,
        }
        super().__init__(params, defaults)

    def _update(
        self, param: np.ndarray, grad: np.ndarray, state: dict[str, Any], group: dict[str, Any]
    ) -> None:
        init_state(state, param, "exp_avg", "exp_avg_sq")
        self._moments(param, grad, state, group)
        t, lr = state["step"], group["lr"]
        beta1, beta2 = group["betas"]
        bias1, bias2 = 1 - beta1**t, 1 - beta2**t
        m_hat = state["exp_avg"] / bias1
        rho_inf = 2 / (1 - beta2) - 1
        rho_t = rho_inf - 2 * t * (beta2**t) / bias2
        if rho_t > 5.0:
            rect = math.sqrt(
                (rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t)
            )
            adaptive = bias2**0.5 / (np.sqrt(state["exp_avg_sq"]) + group["eps"])
            param -= m_hat * lr * adaptive * rect
        else:
            param -= m_hat * lr
