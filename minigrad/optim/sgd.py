"""Stochastic gradient descent with momentum, dampening, Nesterov momentum and weight decay."""

from __future__ import annotations

from typing import Any

import numpy as np

from .optimizer import Optimizer, ParamsT, check_real, decayed_grad, kernel_flags


class SGD(Optimizer):
    r"""Stochastic gradient descent, optionally with momentum (PyTorch's update rule).

    With :math:`g_t` the gradient (negated if ``maximize``), :math:`\lambda` the weight
    decay, :math:`\mu` the momentum and :math:`\tau` the dampening, each step does::

        g  = g_t + λ θ
        b  = g                    (first step)       b = μ b + (1 − τ) g   (later steps)
        g  = g + μ b  (nesterov)  or  g = b          (when μ ≠ 0)
        θ ← θ − lr g

    Parameters
    ----------
    params
        Tensors, ``(name, Tensor)`` pairs, or parameter-group dicts.
    lr
        Learning rate (>= 0).
    momentum
        Momentum factor μ (>= 0).
    dampening
        Dampening τ of the momentum.
    weight_decay
        L2 penalty λ (>= 0), added to the gradient.
    nesterov
        Use Nesterov momentum (needs ``momentum > 0`` and ``dampening == 0``).
    maximize
        Maximize the objective instead of minimizing it.
    foreach, differentiable, fused
        PyTorch's implementation switches, kept in the param groups as PyTorch does (see
        :func:`~minigrad.optim.optimizer.kernel_flags`: ``differentiable=True`` is refused).

    Notes
    -----
    State per parameter: ``'momentum_buffer'`` (when ``momentum != 0``).

    Examples
    --------
    >>> import minigrad as mg
    >>> w = mg.tensor([1.0, -2.0], requires_grad=True)
    >>> opt = mg.optim.SGD([w], lr=0.1, momentum=0.9)
    >>> (w * w).sum().backward()
    >>> opt.step()
    >>> w
    tensor([ 0.8000, -1.6000], requires_grad=True)
    """

    def __init__(
        self,
        params: ParamsT,
        lr: float = 1e-3,
        momentum: float = 0,
        dampening: float = 0,
        weight_decay: float = 0,
        nesterov: bool = False,
        *,
        maximize: bool = False,
        foreach: bool | None = None,
        differentiable: bool = False,
        fused: bool | None = None,
    ) -> None:
        defaults = {
            "lr": lr,
            "momentum": momentum,
            "dampening": dampening,
            "weight_decay": weight_decay,
            "nesterov": nesterov,
            "maximize": maximize,
            **kernel_flags("SGD", foreach=foreach, differentiable=differentiable, fused=fused),
        }
        super().__init__(params, defaults)

    def _validate(self, options: dict[str, Any], where: str) -> None:
        super()._validate(options, where)
        check_real(where, "momentum", options["momentum"])
        check_real(where, "dampening", options["dampening"], low=None)
        check_real(where, "weight_decay", options["weight_decay"])
        if options["nesterov"] and (options["momentum"] <= 0 or options["dampening"] != 0):
            raise ValueError(
                f"{where}: nesterov=True needs momentum > 0 and dampening == 0 (got "
                f"momentum={options['momentum']!r}, dampening={options['dampening']!r})"
            )

    def _update(
        self, param: np.ndarray, grad: np.ndarray, state: dict[str, Any], group: dict[str, Any]
    ) -> None:
        d = decayed_grad(param, grad, group["weight_decay"], group["maximize"])
        momentum = group["momentum"]
        if momentum != 0:
            buf = state.get("momentum_buffer")
            if buf is None:
                buf = state["momentum_buffer"] = np.array(d, dtype=param.dtype)
            else:
                buf *= momentum
                buf += d if group["dampening"] == 0 else d * (1 - group["dampening"])
            d = d + momentum * buf if group["nesterov"] else buf
        param -= d * group["lr"]
