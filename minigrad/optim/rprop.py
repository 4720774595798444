"""Rprop: resilient backpropagation (Riedmiller & Braun, 1993; PyTorch's update rule)."""

from __future__ import annotations

from typing import Any

import numpy as np

from .optimizer import Optimizer, ParamsT, check_real


class Rprop(Optimizer):
    r"""Rprop: each parameter element has its own step size, grown by ``etas[1]`` while its
    gradient keeps its sign and shrunk by ``etas[0]`` when the sign flips (that step is then
    skipped); the update is ``θ ← θ − sign(g) · step``, with steps clamped to
    ``step_sizes``.

    Parameters
    ----------
    params
        Tensors, ``(name, Tensor)`` pairs, or parameter-group dicts.
    lr
        The initial step size (>= 0).
    etas
        ``(etaminus, etaplus)`` with ``0 < etaminus < 1 < etaplus``.
    step_sizes
        ``(min, max)`` step sizes.
    maximize
        Maximize the objective instead of minimizing it.

    Notes
    -----
    State per parameter: ``'step'``, ``'prev'`` (the last gradient used) and ``'step_size'``.
    """

    def __init__(
        self,
        params: ParamsT,
        lr: float = 1e-2,
        etas: tuple[float, float] = (0.5, 1.2),
        step_sizes: tuple[float, float] = (1e-6, 50),
        *,
        capturable: bool = False,
        foreach: bool | None = None,
        maximize: bool = False,
        differentiable: bool = False,
    ) -> None:
        defaults = {"lr": lr, "etas": etas, "step_sizes": step_sizes, "maximize": maximize}
        super().__init__(params, defaults)

    def _validate(self, options: dict[str, Any], where: str) -> None:
        super()._validate(options, where)
        etaminus, etaplus = options["etas"]
        if not 0.0 < etaminus < 1.0 < etaplus:
            raise ValueError(
                f"{where}: invalid eta values {options['etas']!r}; they must satisfy "
                "0 < etaminus < 1 < etaplus"
            )
        for i, s in enumerate(options["step_sizes"]):
            check_real(where, f"step_sizes[{i}]", s)

    def _update(
        self, param: np.ndarray, grad: np.ndarray, state: dict[str, Any], group: dict[str, Any]
    ) -> None:
        if not state:
            state["step"] = 0
            state["prev"] = np.zeros_like(param)
            state["step_size"] = np.full_like(param, group["lr"])
        state["step"] += 1
        etaminus, etaplus = group["etas"]
        g = np.array(grad, dtype=param.dtype)  # a copy, 0-d included: it is edited below
        if group["maximize"]:
            np.negative(g, out=g)
        sign = np.sign(g * state["prev"])
        factor = np.where(sign > 0, etaplus, np.where(sign < 0, etaminus, 1.0))
        step_size = state["step_size"]
        step_size *= factor
        np.clip(step_size, *group["step_sizes"], out=step_size)
        # After a sign flip the step is skipped and the gradient forgotten.
        g[sign < 0] = 0
        param -= np.sign(g) * step_size
        state["prev"][...] = g
