"""``OneCycleLR``, the 1cycle policy: the lr (and, inversely, the momentum) follows a schedule
of two or three annealed phases over a fixed number of batches. Its public home is
:mod:`minigrad.optim.lr_scheduler`, which imports it."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from .lr_scheduler import LRScheduler, _check_int, _check_optimizer, _per_group
from .optimizer import Optimizer, check_real


class OneCycleLR(LRScheduler):
    """The 1cycle policy (Smith & Topin, 2018): warm the lr up to ``max_lr``, then anneal it
    far below the start; the momentum moves the opposite way. Step it after every batch.

    The lr starts at ``max_lr / div_factor``, rises to ``max_lr`` over the first
    ``pct_start`` of ``total_steps``, then falls to ``initial_lr / final_div_factor``. With
    ``three_phase`` it falls back to the initial lr over a second, equal phase and then to
    the minimum. With ``cycle_momentum`` the optimizer's ``momentum`` (SGD, RMSprop) or
    ``betas[0]`` (Adam) goes from ``max_momentum`` to ``base_momentum`` and back.

    Parameters
    ----------
    optimizer
        The optimizer.
    max_lr
        The peak lr, or one per group.
    total_steps
        The number of steps of the cycle; or give ``epochs`` and ``steps_per_epoch``.
    epochs, steps_per_epoch
        ``total_steps = epochs * steps_per_epoch`` when ``total_steps`` is None.
    pct_start
        The fraction of the cycle spent raising the lr, in ``[0, 1]``.
    anneal_strategy
        ``'cos'`` or ``'linear'``.
    cycle_momentum
        Cycle the momentum inversely to the lr.
    base_momentum, max_momentum
        The momentum's bounds (or one per group).
    div_factor
        ``initial_lr = max_lr / div_factor``.
    final_div_factor
        ``min_lr = initial_lr / final_div_factor``.
    three_phase
        Use three phases (up, down to the initial lr, down to the minimum) instead of two.
    last_epoch
        See :class:`LRScheduler` (here it counts batches).

    Raises
    ------
    ValueError
        From :meth:`step` when stepped more than ``total_steps`` times.
    """

    def __init__(
        self,
        optimizer: Optimizer,
        max_lr: float | Sequence[float],
        total_steps: int | None = None,
        epochs: int | None = None,
        steps_per_epoch: int | None = None,
        pct_start: float = 0.3,
        anneal_strategy: str = "cos",
        cycle_momentum: bool = True,
        base_momentum: float | Sequence[float] = 0.85,
        max_momentum: float | Sequence[float] = 0.95,
        div_factor: float = 25.0,
        final_div_factor: float = 1e4,
        three_phase: bool = False,
        last_epoch: int = -1,
    ) -> None:
        where = "OneCycleLR"
        _check_optimizer(where, optimizer)
        _check_int(where, "last_epoch", last_epoch, -1)
        total_steps = _total_steps(total_steps, epochs, steps_per_epoch)
        _check_curve(pct_start, anneal_strategy, div_factor, final_div_factor)
        max_lrs = _per_group(where, "max_lr", optimizer, max_lr)
        if cycle_momentum:
            if "momentum" not in optimizer.defaults and "betas" not in optimizer.defaults:
                raise ValueError(
                    f"{where}: cycle_momentum=True needs an optimizer with 'momentum' or "
                    f"'betas' ({type(optimizer).__name__} has neither); pass "
                    "cycle_momentum=False"
                )
            max_momenta = _per_group(where, "max_momentum", optimizer, max_momentum)
            base_momenta = _per_group(where, "base_momentum", optimizer, base_momentum)
        self.total_steps = total_steps
        self.anneal_strategy = anneal_strategy
        self.cycle_momentum = cycle_momentum
        self.use_beta1 = "betas" in optimizer.defaults
        self._schedule_phases = _phases(pct_start, total_steps, three_phase)
        if last_epoch == -1:
            for i, group in enumerate(optimizer.param_groups):
                group["initial_lr"] = max_lrs[i] / div_factor
                group["max_lr"] = max_lrs[i]
                group["min_lr"] = group["initial_lr"] / final_div_factor
                if cycle_momentum:
                    self._set_momentum(group, max_momenta[i])
                    group["max_momentum"] = max_momenta[i]
                    group["base_momentum"] = base_momenta[i]
        super().__init__(optimizer, last_epoch)

    def _set_momentum(self, group: dict[str, Any], momentum: float) -> None:
        if self.use_beta1:
            group["betas"] = (momentum, *group["betas"][1:])
        else:
            group["momentum"] = momentum

    def _anneal(self, start: float, end: float, pct: float) -> float:
        if self.anneal_strategy == "cos":
            return end + (start - end) / 2.0 * (math.cos(math.pi * pct) + 1)
        return (end - start) * pct + start

    def get_lr(self) -> list[float]:
        t = self.last_epoch
        if t > self.total_steps:
            raise ValueError(
                f"OneCycleLR: stepped {t} times, but total_steps is {self.total_steps}"
            )
        lrs = []
        for group in self.optimizer.param_groups:
            start = 0.0
            for i, (end, lr0, lr1, m0, m1) in enumerate(self._schedule_phases):
                if t <= end or i == len(self._schedule_phases) - 1:
                    pct = (t - start) / (end - start)
                    lrs.append(self._anneal(group[lr0], group[lr1], pct))
                    if self.cycle_momentum:
                        self._set_momentum(group, self._anneal(group[m0], group[m1], pct))
                    break
                start = end
        return lrs


def _total_steps(total_steps: Any, epochs: Any, steps_per_epoch: Any) -> int:
    """The cycle's length: ``total_steps``, or ``epochs * steps_per_epoch``."""
    if total_steps is not None:
        _check_int("OneCycleLR", "total_steps", total_steps, 1)
        return total_steps
    if epochs is not None and steps_per_epoch is not None:
        _check_int("OneCycleLR", "epochs", epochs, 1)
        _check_int("OneCycleLR", "steps_per_epoch", steps_per_epoch, 1)
        return epochs * steps_per_epoch
    raise ValueError("OneCycleLR: give total_steps, or both epochs and steps_per_epoch")


def _check_curve(
    pct_start: Any, anneal_strategy: Any, div_factor: Any, final_div_factor: Any
) -> None:
    """The arguments that shape the curve: the warm-up fraction, the annealing, the factors."""
    where = "OneCycleLR"
    check_real(where, "pct_start", pct_start, high=1.0)
    if anneal_strategy not in ("cos", "linear"):
        raise ValueError(
            f"{where}: anneal_strategy must be 'cos' or 'linear', got {anneal_strategy!r}"
        )
    check_real(where, "div_factor", div_factor)
    check_real(where, "final_div_factor", final_div_factor)
    if div_factor == 0 or final_div_factor == 0:
        raise ValueError(f"{where}: div_factor and final_div_factor must be > 0")


def _phases(pct_start: float, total_steps: int, three_phase: bool) -> list[tuple[Any, ...]]:
    """Each phase: the step it ends at, and the group keys it moves lr and momentum between."""
    up = float(pct_start * total_steps) - 1
    if three_phase:
        return [
            (up, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
            (
                float(2 * pct_start * total_steps) - 2,
                "max_lr",
                "initial_lr",
                "base_momentum",
                "max_momentum",
            ),
            (total_steps - 1, "initial_lr", "min_lr", "max_momentum", "max_momentum"),
        ]
    return [
        (up, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
        (total_steps - 1, "max_lr", "min_lr", "base_momentum", "max_momentum"),
    ]
