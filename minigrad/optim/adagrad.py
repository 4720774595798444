"""Adagrad: per-coordinate learning rates from the sum of squared gradients."""

from __future__ import annotations

from typing import Any

import numpy as np

from .optimizer import Optimizer, ParamsT, check_real, decayed_grad


class Adagrad(Optimizer):
    r"""Adagrad (Duchi, Hazan & Singer, 2011; PyTorch's update rule).

    With :math:`g` the gradient (negated if ``maximize``, plus ``weight_decay * θ``) and
    :math:`t` the step count::

        lr_t = lr / (1 + (t − 1) lr_decay)
        S ← S + g²
        θ ← θ − lr_t g / (√S + eps)

    Parameters
    ----------
    params
        Tensors, ``(name, Tensor)`` pairs, or parameter-group dicts.
    lr
        Learning rate (>= 0).
    lr_decay
        Learning-rate decay (>= 0).
    weight_decay
        L2 penalty (>= 0), added to the gradient.
    initial_accumulator_value
        The starting value of the sum of squares ``S`` (>= 0).
    eps
        Added to the denominator for numerical stability (>= 0).
    maximize
        Maximize the objective instead of minimizing it.

    Notes
    -----
    State per parameter: ``'step'`` and ``'sum'``, created when the parameter is added (so
    the state dict holds them before the first step, as in PyTorch).
    """

    def __init__(
        self,
        params: ParamsT,
        lr: float = 1e-2,
        lr_decay: float = 0,
        weight_decay: float = 0,
        initial_accumulator_value: float = 0,
        eps: float = 1e-10,
        *,
        maximize: bool = False,
    ) -> None:
        defaults = {
            "lr": lr,
            "lr_decay": lr_decay,
            "weight_decay": weight_decay,
            "initial_accumulator_value": initial_accumulator_value,
            "eps": eps,
            "maximize": maximize,
        }
        super().__init__(params, defaults)

    def _validate(self, options: dict[str, Any], where: str) -> None:
        super()._validate(options, where)
        check_real(where, "lr_decay", options["lr_decay"])
        check_real(where, "weight_decay", options["weight_decay"])
        check_real(where, "initial_accumulator_value", options["initial_accumulator_value"])
        check_real(where, "eps", options["eps"])

    def add_param_group(self, param_group: dict[str, Any]) -> None:
        super().add_param_group(param_group)
        group = self.param_groups[-1]
        for p in group["params"]:
            self.state[p] = {
                "step": 0,
                "sum": np.full_like(p.array, group["initial_accumulator_value"]),
            }

    def _update(
        self, param: np.ndarray, grad: np.ndarray, state: dict[str, Any], group: dict[str, Any]
    ) -> None:
        state["step"] += 1
        g = decayed_grad(param, grad, group["weight_decay"], group["maximize"])
        clr = group["lr"] / (1 + (state["step"] - 1) * group["lr_decay"])
        total = state["sum"]
        tmp = np.multiply(g, g, out=np.empty_like(param))
        total += tmp
        std = np.sqrt(total, out=tmp)
        std += group["eps"]
        step = np.divide(g, std, out=std)
        step *= clr
        param -= step
