"""ASGD: averaged stochastic gradient descent (Polyak & Juditsky, 1992; PyTorch's rule)."""

from __future__ import annotations

from typing import Any

import numpy as np

from .optimizer import Optimizer, ParamsT, check_real, decayed_grad, init_state


class ASGD(Optimizer):
    r"""Averaged SGD. Each step, with ``g`` the gradient (negated if ``maximize``, plus
    ``weight_decay · θ``)::

        θ  ← θ (1 − λ η) − η g
        ā  ← ā + μ (θ − ā)            (ā = θ while μ = 1)
        η  ← lr / (1 + λ lr t)^α,      μ ← 1 / max(1, t − t₀)

    The average ``ā`` (state ``'ax'``) is the estimate to use once averaging has started
    (after ``t0`` steps).

    Parameters
    ----------
    params
        Tensors, ``(name, Tensor)`` pairs, or parameter-group dicts.
    lr
        Learning rate (>= 0).
    lambd
        Decay term λ.
    alpha
        Power α of the step-size decay.
    t0
        The step at which averaging starts.
    weight_decay
        L2 penalty (>= 0).
    maximize
        Maximize the objective instead of minimizing it.

    Notes
    -----
    State per parameter: ``'step'``, ``'eta'``, ``'mu'`` and ``'ax'``.
    """

    def __init__(
        self,
        params: ParamsT,
        lr: float = 1e-2,
        lambd: float = 1e-4,
        alpha: float = 0.75,
        t0: float = 1e6,
        weight_decay: float = 0,
        foreach: bool | None = None,
        maximize: bool = False,
        differentiable: bool = False,
        capturable: bool = False,
    ) -> None:
        defaults = {
            "lr": lr,
            "lambd": lambd,
            "alpha": alpha,
            "t0": t0,
            "weight_decay": weight_decay,
            "maximize": maximize,
        }
        super().__init__(params, defaults)

    def _validate(self, options: dict[str, Any], where: str) -> None:
        super()._validate(options, where)
        check_real(where, "lambd", options["lambd"], low=None)
        check_real(where, "alpha", options["alpha"], low=None)
        check_real(where, "t0", options["t0"], low=None)
        check_real(where, "weight_decay", options["weight_decay"])

    def _update(
        self, param: np.ndarray, grad: np.ndarray, state: dict[str, Any], group: dict[str, Any]
    ) -> None:
        init_state(state, param, "ax", eta=float(group["lr"]), mu=1.0)
        state["step"] += 1
        t, lr, lambd = state["step"], group["lr"], group["lambd"]
        g = decayed_grad(param, grad, group["weight_decay"], group["maximize"])
        eta = state["eta"]
        param *= 1 - lambd * eta
        param -= g * eta
        ax = state["ax"]
        if state["mu"] != 1:
            ax += (param - ax) * state["mu"]
        else:
            ax[...] = param
        state["eta"] = lr / ((1 + lambd * lr * t) ** group["alpha"])
        state["mu"] = 1 / max(1, t - group["t0"])
