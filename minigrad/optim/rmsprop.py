"""RMSprop: divide the gradient by a running root mean square of recent gradients."""

from __future__ import annotations

from typing import Any

import numpy as np

from .optimizer import Optimizer, ParamsT, check_real, decayed_grad, init_state, lerp_


class RMSprop(Optimizer):
    r"""RMSprop (Hinton's lecture 6e; Graves 2013 for the centered form; PyTorch's rule).

    With :math:`g` the gradient (negated if ``maximize``, plus ``weight_decay * θ``)::

        s ← α s + (1 − α) g²
        a = √(s − ḡ²) + eps  with  ḡ ← α ḡ + (1 − α) g   (centered)   or   a = √s + eps
        b ← μ b + g / a,  θ ← θ − lr b                   (momentum μ > 0)
        θ ← θ − lr g / a                                  (otherwise)

    Parameters
    ----------
    params
        Tensors, ``(name, Tensor)`` pairs, or parameter-group dicts.
    lr
        Learning rate (>= 0).
    alpha
        Smoothing constant α of the squared-gradient average, in ``[0, 1]``.
    eps
        Added to the denominator for numerical stability (>= 0).
    weight_decay
        L2 penalty (>= 0), added to the gradient.
    momentum
        Momentum factor μ (>= 0).
    centered
        Normalize by an estimate of the gradient's variance instead of its second moment.
    maximize
        Maximize the objective instead of minimizing it.

    Notes
    -----
    State per parameter: ``'step'``, ``'square_avg'``, and ``'momentum_buffer'`` (momentum
    > 0) and ``'grad_avg'`` (centered).
    """

    def __init__(
        self,
        params: ParamsT,
        lr: float = 1e-2,
        alpha: float = 0.99,
        eps: float = 1e-8,
        weight_decay: float = 0,
        momentum: float = 0,
        centered: bool = False,
        maximize: bool = False,
    ) -> None:
        defaults = {
            "lr": lr,
            "alpha": alpha,
            "eps": eps,
            "weight_decay": weight_decay,
            "momentum": momentum,
            "centered": centered,
            "maximize": maximize,
        }
        super().__init__(params, defaults)

    def _validate(self, options: dict[str, Any], where: str) -> None:
        super()._validate(options, where)
        check_real(where, "alpha", options["alpha"], high=1.0)
        check_real(where, "eps", options["eps"])
        check_real(where, "weight_decay", options["weight_decay"])
        check_real(where, "momentum", options["momentum"])

    def _update(
        self, param: np.ndarray, grad: np.ndarray, state: dict[str, Any], group: dict[str, Any]
    ) -> None:
        init_state(state, param, "square_avg")
        momentum, alpha = group["momentum"], group["alpha"]
        if momentum > 0 and "momentum_buffer" not in state:
            state["momentum_buffer"] = np.zeros_like(param)
        if group["centered"] and "grad_avg" not in state:
            state["grad_avg"] = np.zeros_like(param)
        state["step"] += 1
        g = decayed_grad(param, grad, group["weight_decay"], group["maximize"])
        square_avg = state["square_avg"]
        square_avg *= alpha
        tmp = np.multiply(g, g, out=np.empty_like(param))
        tmp *= 1 - alpha
        square_avg += tmp
        if group["centered"]:
            grad_avg = state["grad_avg"]
            lerp_(grad_avg, g, 1 - alpha, tmp)
            np.multiply(grad_avg, grad_avg, out=tmp)
            avg = np.subtract(square_avg, tmp, out=tmp)
            np.sqrt(avg, out=avg)
        else:
            avg = np.sqrt(square_avg, out=tmp)
        avg += group["eps"]
        step = np.divide(g, avg, out=avg)
        if momentum > 0:
            buf = state["momentum_buffer"]
            buf *= momentum
            buf += step
            step = np.multiply(buf, group["lr"], out=step)
        else:
            step *= group["lr"]
        param -= step
