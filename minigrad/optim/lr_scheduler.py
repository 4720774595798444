"""Learning-rate schedules: they set ``group['lr']`` of an optimizer's groups at each step.

Call ``scheduler.step()`` once per epoch (or per batch, for :class:`OneCycleLR`) after
``optimizer.step()``. The schedules follow PyTorch's formulas, including their
*chainable* form: a scheduler scales the group's current lr rather than recomputing it from
scratch, so two schedulers stacked on one optimizer compose, as in PyTorch.
"""

from __future__ import annotations

import copy
import math
import numbers
import types
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from .optimizer import Optimizer, check_real

__all__ = [
    "ChainedScheduler",
    "ConstantLR",
    "CosineAnnealingLR",
    "CosineAnnealingWarmRestarts",
    "ExponentialLR",
    "LRScheduler",
    "LambdaLR",
    "LinearLR",
    "MultiStepLR",
    "MultiplicativeLR",
    "OneCycleLR",
    "PolynomialLR",
    "ReduceLROnPlateau",
    "SequentialLR",
    "StepLR",
]


def _check_optimizer(where: str, optimizer: Any) -> None:
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"{where}: expected an Optimizer, got {type(optimizer).__name__}")


def _check_int(where: str, name: str, value: Any, low: int) -> None:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{where}: {name} must be an int, got {type(value).__name__}")
    if value < low:
        raise ValueError(f"{where}: invalid {name}={value!r}; it must be >= {low}")


def _per_group(where: str, name: str, optimizer: Optimizer, value: Any) -> list[Any]:
    """One value per parameter group: a list of that length, or one value for all."""
    n = len(optimizer.param_groups)
    if isinstance(value, (list, tuple)):
        if len(value) != n:
            raise ValueError(
                f"{where}: {name} has {len(value)} values but the optimizer has {n} "
                "parameter groups"
            )
        values = list(value)
    else:
        values = [value] * n
    for v in values:
        check_real(where, name, v)
    return values


class LRScheduler:
    """Base class of the learning-rate schedules.

    Subclasses compute the new lr of every group in :meth:`get_lr`, from ``last_epoch``
    (already advanced) and the groups' current ``'lr'``.

    Parameters
    ----------
    optimizer
        The optimizer whose groups' ``'lr'`` the schedule sets.
    last_epoch
        The index of the last epoch; ``-1`` starts afresh (and records each group's lr as
        ``'initial_lr'``). Another value resumes a schedule, and needs ``'initial_lr'`` in
        every group (as a loaded optimizer state has it).

    Attributes
    ----------
    last_epoch : int
        How many times :meth:`step` has run (counting the one at construction as 0).
    base_lrs : list of float
        Each group's ``'initial_lr'``.
    """

    _is_initial = False

    def __init__(self, optimizer: Optimizer, last_epoch: int = -1) -> None:
        where = type(self).__name__
        _check_optimizer(where, optimizer)
        _check_int(where, "last_epoch", last_epoch, -1)
        if last_epoch == -1:
            for group in optimizer.param_groups:
                group.setdefault("initial_lr", group["lr"])
        else:
            for i, group in enumerate(optimizer.param_groups):
                if "initial_lr" not in group:
                    raise KeyError(
                        f"{where}: param group {i} has no 'initial_lr', needed to resume with "
                        f"last_epoch={last_epoch}; load the optimizer's state dict first, or "
                        "pass last_epoch=-1 to start afresh"
                    )
        self.optimizer = optimizer
        self.base_lrs: list[float] = [group["initial_lr"] for group in optimizer.param_groups]
        self.last_epoch = last_epoch
        self._step_count = 0
        self._is_initial = True
        self.step()
        self._is_initial = False

    def get_lr(self) -> list[float]:
        """The lr of every group for the current ``last_epoch``."""
        raise NotImplementedError(f"{type(self).__name__} defines no get_lr")

    def step(self) -> None:
        """Advance the schedule by one epoch and set the groups' learning rates."""
        self._step_count += 1
        self.last_epoch += 1
        for group, lr in zip(self.optimizer.param_groups, self.get_lr()):
            group["lr"] = lr
        self._last_lr = [group["lr"] for group in self.optimizer.param_groups]

    def get_last_lr(self) -> list[float]:
        """The learning rates the last :meth:`step` set, one per group."""
        return list(self._last_lr)

    def _current_lrs(self) -> list[float]:
        return [group["lr"] for group in self.optimizer.param_groups]

    def state_dict(self) -> dict[str, Any]:
        """The schedule's state (every attribute except the optimizer), copied."""
        return {k: copy.deepcopy(v) for k, v in self.__dict__.items() if k != "optimizer"}

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore a state made by :meth:`state_dict` of the same kind of schedule.

        Raises
        ------
        ValueError
            If the keys are not this schedule's (e.g. the state of another scheduler).
        """
        self._check_keys(state_dict)
        self.__dict__.update(copy.deepcopy(state_dict))

    def _check_keys(self, state_dict: dict[str, Any]) -> None:
        expected, given = set(self.state_dict()), set(state_dict)
        if expected != given:
            raise ValueError(
                f"{type(self).__name__}.load_state_dict: the state dict does not match this "
                f"scheduler: missing keys {sorted(expected - given)}, unexpected keys "
                f"{sorted(given - expected)}"
            )


class LambdaLR(LRScheduler):
    """Set each group's lr to its initial lr times ``lr_lambda(epoch)``.

    Parameters
    ----------
    optimizer
        The optimizer.
    lr_lambda
        A function of the epoch (an int) returning a factor, or a list of them, one per
        parameter group.
    last_epoch
        See :class:`LRScheduler`.

    Notes
    -----
    The state dict saves the lambdas only if they are callable objects (their ``__dict__``),
    not plain functions, as in PyTorch.
    """

    def __init__(
        self,
        optimizer: Optimizer,
        lr_lambda: Callable[[int], float] | list[Callable[[int], float]],
        last_epoch: int = -1,
    ) -> None:
        _check_optimizer("LambdaLR", optimizer)
        n = len(optimizer.param_groups)
        lambdas = list(lr_lambda) if isinstance(lr_lambda, (list, tuple)) else [lr_lambda] * n
        if len(lambdas) != n:
            raise ValueError(f"LambdaLR: got {len(lambdas)} lr_lambdas for {n} parameter groups")
        for fn in lambdas:
            if not callable(fn):
                raise TypeError(f"LambdaLR: lr_lambda must be callable, got {type(fn).__name__}")
        self.lr_lambdas = lambdas
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        return [base * fn(self.last_epoch) for fn, base in zip(self.lr_lambdas, self.base_lrs)]

    def state_dict(self) -> dict[str, Any]:
        state = {
            k: copy.deepcopy(v)
            for k, v in self.__dict__.items()
            if k not in ("optimizer", "lr_lambdas")
        }
        state["lr_lambdas"] = [
            None if isinstance(fn, types.FunctionType) else copy.deepcopy(fn.__dict__)
            for fn in self.lr_lambdas
        ]
        return state

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        self._check_keys(state_dict)
        saved = state_dict["lr_lambdas"]
        if len(saved) != len(self.lr_lambdas):
            raise ValueError(
                f"LambdaLR.load_state_dict: the state dict has {len(saved)} lr_lambdas, the "
                f"scheduler has {len(self.lr_lambdas)}"
            )
        rest = {k: v for k, v in state_dict.items() if k != "lr_lambdas"}
        self.__dict__.update(copy.deepcopy(rest))
        for fn, attrs in zip(self.lr_lambdas, saved):
            if attrs is not None:
                fn.__dict__.update(copy.deepcopy(attrs))


class StepLR(LRScheduler):
    """Multiply each group's lr by ``gamma`` every ``step_size`` epochs.

    ``lr = initial_lr * gamma ** (epoch // step_size)``.

    Parameters
    ----------
    optimizer
        The optimizer.
    step_size
        The period of the decay, in epochs (>= 1).
    gamma
        The decay factor (>= 0).
    last_epoch
        See :class:`LRScheduler`.
    """

    def __init__(
        self, optimizer: Optimizer, step_size: int, gamma: float = 0.1, last_epoch: int = -1
    ) -> None:
        _check_int("StepLR", "step_size", step_size, 1)
        check_real("StepLR", "gamma", gamma)
        self.step_size = step_size
        self.gamma = gamma
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        if self.last_epoch == 0 or self.last_epoch % self.step_size != 0:
            return self._current_lrs()
        return [lr * self.gamma for lr in self._current_lrs()]


class MultiStepLR(LRScheduler):
    """Multiply each group's lr by ``gamma`` at each milestone epoch.

    Parameters
    ----------
    optimizer
        The optimizer.
    milestones
        The epochs (ints >= 0) at which to decay; one listed ``k`` times decays by
        ``gamma ** k``.
    gamma
        The decay factor (>= 0).
    last_epoch
        See :class:`LRScheduler`.
    """

    def __init__(
        self,
        optimizer: Optimizer,
        milestones: Iterable[int],
        gamma: float = 0.1,
        last_epoch: int = -1,
    ) -> None:
        milestones = list(milestones)
        for m in milestones:
            _check_int("MultiStepLR", "milestones", m, 0)
        check_real("MultiStepLR", "gamma", gamma)
        self.milestones = Counter(milestones)
        self.gamma = gamma
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        if self.last_epoch not in self.milestones:
            return self._current_lrs()
        factor = self.gamma ** self.milestones[self.last_epoch]
        return [lr * factor for lr in self._current_lrs()]


class ExponentialLR(LRScheduler):
    """Multiply each group's lr by ``gamma`` every epoch: ``lr = initial_lr * gamma ** epoch``.

    Parameters
    ----------
    optimizer
        The optimizer.
    gamma
        The decay factor (>= 0).
    last_epoch
        See :class:`LRScheduler`.
    """

    def __init__(self, optimizer: Optimizer, gamma: float, last_epoch: int = -1) -> None:
        check_real("ExponentialLR", "gamma", gamma)
        self.gamma = gamma
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        if self._is_initial:
            return self._current_lrs()
        return [lr * self.gamma for lr in self._current_lrs()]


class CosineAnnealingLR(LRScheduler):
    r"""Anneal each group's lr along a cosine from its initial lr to ``eta_min``.

    ``lr = eta_min + (initial_lr − eta_min) (1 + cos(π · epoch / T_max)) / 2``, computed in
    PyTorch's chainable form; past ``T_max`` the cosine continues (the lr rises again).

    Parameters
    ----------
    optimizer
        The optimizer.
    T_max
        The number of epochs of the half cosine (>= 1).
    eta_min
        The lowest lr (>= 0).
    last_epoch
        See :class:`LRScheduler`.
    """

    def __init__(
        self, optimizer: Optimizer, T_max: int, eta_min: float = 0.0, last_epoch: int = -1
    ) -> None:
        _check_int("CosineAnnealingLR", "T_max", T_max, 1)
        check_real("CosineAnnealingLR", "eta_min", eta_min)
        self.T_max = T_max
        self.eta_min = eta_min
        super().__init__(optimizer, last_epoch)

    def get_lr(self) -> list[float]:
        if self._is_initial:
            return self._current_lrs()
        t, T, low = self.last_epoch, self.T_max, self.eta_min
        if (t - 1 - T) % (2 * T) == 0:
            # At the bottom of the cosine the ratio below would be 0/0: step up instead.
            rise = (1 - math.cos(math.pi / T)) / 2
            return [
                lr + (base - low) * rise for lr, base in zip(self._current_lrs(), self.base_lrs)
            ]
        ratio = (1 + math.cos(math.pi * t / T)) / (1 + math.cos(math.pi * (t - 1) / T))
        return [ratio * (lr - low) + low for lr in self._current_lrs()]


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
        if total_steps is not None:
            _check_int(where, "total_steps", total_steps, 1)
        elif epochs is not None and steps_per_epoch is not None:
            _check_int(where, "epochs", epochs, 1)
            _check_int(where, "steps_per_epoch", steps_per_epoch, 1)
            total_steps = epochs * steps_per_epoch
        else:
            raise ValueError(f"{where}: give total_steps, or both epochs and steps_per_epoch")
        check_real(where, "pct_start", pct_start, high=1.0)
        if anneal_strategy not in ("cos", "linear"):
            raise ValueError(
                f"{where}: anneal_strategy must be 'cos' or 'linear', got {anneal_strategy!r}"
            )
        check_real(where, "div_factor", div_factor)
        check_real(where, "final_div_factor", final_div_factor)
        if div_factor == 0 or final_div_factor == 0:
            raise ValueError(f"{where}: div_factor and final_div_factor must be > 0")
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
        # Each phase: the step it ends at, and the group keys it moves lr and momentum between.
        up = float(pct_start * total_steps) - 1
        if three_phase:
            self._schedule_phases = [
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
        else:
            self._schedule_phases = [
                (up, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
                (total_steps - 1, "max_lr", "min_lr", "base_momentum", "max_momentum"),
            ]
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


class ReduceLROnPlateau(LRScheduler):
    """Multiply the lr by ``factor`` when a metric has stopped improving.

    Call ``step(metric)`` after each validation; once the metric has not improved for more
    than ``patience`` epochs, every group's lr becomes ``max(lr * factor, min_lr)`` (changes
    smaller than ``eps`` are skipped), and ``cooldown`` epochs pass before bad epochs count
    again.

    Parameters
    ----------
    optimizer
        The optimizer.
    mode
        ``'min'`` (the metric should fall, e.g. a loss) or ``'max'`` (e.g. an accuracy).
    factor
        The decay factor, in ``[0, 1)``.
    patience
        How many epochs without improvement to tolerate (>= 0).
    threshold
        The least change that counts as an improvement (>= 0).
    threshold_mode
        ``'rel'`` (``best * (1 ∓ threshold)``) or ``'abs'`` (``best ∓ threshold``).
    cooldown
        Epochs to wait after a reduction before counting bad epochs again (>= 0).
    min_lr
        The lowest lr, or one per group (>= 0).
    eps
        The smallest change of lr worth making (>= 0).
    """

    def __init__(
        self,
        optimizer: Optimizer,
        mode: str = "min",
        factor: float = 0.1,
        patience: int = 10,
        threshold: float = 1e-4,
        threshold_mode: str = "rel",
        cooldown: int = 0,
        min_lr: float | Sequence[float] = 0,
        eps: float = 1e-8,
    ) -> None:
        where = "ReduceLROnPlateau"
        _check_optimizer(where, optimizer)
        if mode not in ("min", "max"):
            raise ValueError(f"{where}: mode must be 'min' or 'max', got {mode!r}")
        if threshold_mode not in ("rel", "abs"):
            raise ValueError(
                f"{where}: threshold_mode must be 'rel' or 'abs', got {threshold_mode!r}"
            )
        check_real(where, "factor", factor, high=1.0, high_open=True)
        _check_int(where, "patience", patience, 0)
        check_real(where, "threshold", threshold)
        _check_int(where, "cooldown", cooldown, 0)
        check_real(where, "eps", eps)
        self.min_lrs = _per_group(where, "min_lr", optimizer, min_lr)
        self.default_min_lr = None if isinstance(min_lr, (list, tuple)) else min_lr
        self.optimizer = optimizer
        self.mode = mode
        self.factor = factor
        self.patience = patience
        self.threshold = threshold
        self.threshold_mode = threshold_mode
        self.cooldown = cooldown
        self.eps = eps
        self.best = math.inf if mode == "min" else -math.inf
        self.num_bad_epochs = 0
        self.cooldown_counter = 0
        self.last_epoch = 0
        self._last_lr = self._current_lrs()

    def step(self, metrics: Any) -> None:  # type: ignore[override]
        """Record one epoch's metric (a number or a one-element tensor) and decay the lr
        if it has not improved for more than ``patience`` epochs."""
        current = float(metrics)
        self.last_epoch += 1
        if self._is_better(current):
            self.best = current
            self.num_bad_epochs = 0
        else:
            self.num_bad_epochs += 1
        if self.cooldown_counter > 0:
            self.cooldown_counter -= 1
            self.num_bad_epochs = 0
        if self.num_bad_epochs > self.patience:
            self._reduce_lr()
            self.cooldown_counter = self.cooldown
            self.num_bad_epochs = 0
        self._last_lr = self._current_lrs()

    def _is_better(self, current: float) -> bool:
        best, threshold = self.best, self.threshold
        if self.mode == "min":
            return current < (
                best * (1 - threshold) if self.threshold_mode == "rel" else best - threshold
            )
        return current > (
            best * (1 + threshold) if self.threshold_mode == "rel" else best + threshold
        )

    def _reduce_lr(self) -> None:
        groups = self.optimizer.param_groups
        if len(groups) != len(self.min_lrs):
            if self.default_min_lr is None:
                raise ValueError(
                    f"ReduceLROnPlateau: the optimizer has {len(groups)} parameter groups but "
                    f"min_lr was given for {len(self.min_lrs)}; set min_lrs to match"
                )
            self.min_lrs = [self.default_min_lr] * len(groups)
        for group, min_lr in zip(groups, self.min_lrs):
            old = float(group["lr"])
            new = max(old * self.factor, min_lr)
            if old - new > self.eps:
                group["lr"] = new


# The schedules of _schedules.py, under their public name; imported last because they
# subclass LRScheduler.
from ._schedules import (  # noqa: E402
    ChainedScheduler,
    ConstantLR,
    CosineAnnealingWarmRestarts,
    LinearLR,
    MultiplicativeLR,
    PolynomialLR,
    SequentialLR,
)
