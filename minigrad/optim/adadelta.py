"""Adadelta and Adamax: two adaptive-step variants (PyTorch's update rules)."""

from __future__ import annotations

from typing import Any

import numpy as np

from .optimizer import Optimizer, ParamsT, check_real, decayed_grad, init_state, lerp_


def _check_betas(where: str, betas: Any) -> None:
    if not isinstance(betas, (tuple, list)) or len(betas) != 2:
        raise TypeError(f"{where}: betas must be a pair (beta1, beta2), got {betas!r}")
    for i, beta in enumerate(betas):
        check_real(where, f"betas[{i}]", beta, high=1.0, high_open=True)


class Adadelta(Optimizer):
    r"""Adadelta (Zeiler, 2012)::

        v  ← ρ v + (1 − ρ) g²
        Δ  = √(u + eps) / √(v + eps) · g
        u  ← ρ u + (1 − ρ) Δ²
        θ  ← θ − lr Δ

    with ``g`` the gradient (negated if ``maximize``, plus ``weight_decay · θ``).

    Parameters
    ----------
    params
        Tensors, ``(name, Tensor)`` pairs, or parameter-group dicts.
    lr
        Scale of the step (>= 0; 1.0 is the method's own).
    rho
        Decay of the running averages, in ``[0, 1]``.
    eps
        Added inside the square roots (>= 0).
    weight_decay
        L2 penalty (>= 0).
    maximize
        Maximize the objective instead of minimizing it.

    Notes
    -----
    State per parameter: ``'step'``, ``'square_avg'`` (v) and ``'acc_delta'`` (u).
    """

    def __init__(
        self,
        params: ParamsT,
        lr: float = 1.0,
        rho: float = 0.9,
        eps: float = 1e-6,
        weight_decay: float = 0,
        foreach: bool | None = None,
        *,
        capturable: bool = False,
        maximize: bool = False,
        differentiable: bool = False,
    ) -> None:
        defaults = {
            "lr": lr,
            "rho": rho,
            "eps": eps,
            "weight_decay": weight_decay,
            "maximize": maximize,
        }
        super().__init__(params, defaults)

    def _validate(self, options: dict[str, Any], where: str) -> None:
        super()._validate(options, where)
        check_real(where, "rho", options["rho"], high=1.0)
        check_real(where, "eps", options["eps"])
        check_real(where, "weight_decay", options["weight_decay"])

    def _update(
        self, param: np.ndarray, grad: np.ndarray, state: dict[str, Any], group: dict[str, Any]
    ) -> None:
        init_state(state, param, "square_avg", "acc_delta")
        state["step"] += 1
        rho, eps = group["rho"], group["eps"]
        g = decayed_grad(param, grad, group["weight_decay"], group["maximize"])
        v, u = state["square_avg"], state["acc_delta"]
        v *= rho
        v += (1 - rho) * g * g
        delta = np.sqrt(u + eps)
        delta /= np.sqrt(v + eps)
        delta *= g
        u *= rho
        u += (1 - rho) * delta * delta
        delta *= group["lr"]
        param -= delta


class Adamax(Optimizer):
    r"""Adamax, Adam with the infinity norm (Kingma & Ba, 2015)::

        m  ← β₁ m + (1 − β₁) g
        u  ← max(β₂ u, |g| + eps)
        θ  ← θ − lr / (1 − β₁ᵗ) · m / u

    Parameters as :class:`~minigrad.optim.Adam` (``lr`` defaults to ``2e-3``).

    Notes
    -----
    State per parameter: ``'step'``, ``'exp_avg'`` (m) and ``'exp_inf'`` (u).
    """

    def __init__(
        self,
        params: ParamsT,
        lr: float = 2e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0,
        foreach: bool | None = None,
        *,
        maximize: bool = False,
        differentiable: bool = False,
        capturable: bool = False,
    ) -> None:
        defaults = {
            "lr": lr,
            "betas": betas,
            "eps": eps,
            "weight_decay": weight_decay,
            "maximize": maximize,
        }
        super().__init__(params, defaults)

    def _validate(self, options: dict[str, Any], where: str) -> None:
        super()._validate(options, where)
        check_real(where, "eps", options["eps"])
        _check_betas(where, options["betas"])
        check_real(where, "weight_decay", options["weight_decay"])

    def _update(
        self, param: np.ndarray, grad: np.ndarray, state: dict[str, Any], group: dict[str, Any]
    ) -> None:
        init_state(state, param, "exp_avg", "exp_inf")
        state["step"] += 1
        beta1, beta2 = group["betas"]
        g = decayed_grad(param, grad, group["weight_decay"], group["maximize"])
        m, u = state["exp_avg"], state["exp_inf"]
        lerp_(m, g, 1 - beta1, np.empty_like(param))
        u *= beta2
        np.maximum(u, np.abs(g) + group["eps"], out=u)
        clr = group["lr"] / (1 - beta1 ** state["step"])
        param -= clr * (m / u)
