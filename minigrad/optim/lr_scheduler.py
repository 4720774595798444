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
from collections.abc import Callable, Iterable
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


# The schedules of _schedules.py, _one_cycle.py and _plateau.py, under their public name;
# imported last because they subclass LRScheduler.
from ._one_cycle import OneCycleLR  # noqa: E402
from ._plateau import ReduceLROnPlateau  # noqa: E402
from ._schedules import (  # noqa: E402
    ChainedScheduler,
    ConstantLR,
    CosineAnnealingWarmRestarts,
    LinearLR,
    MultiplicativeLR,
    PolynomialLR,
    SequentialLR,
)
