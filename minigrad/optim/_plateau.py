"""``ReduceLROnPlateau``: decay the lr when a validation metric stops improving, the one
schedule driven by a metric rather than by the step count. Its public home is
:mod:`minigrad.optim.lr_scheduler`, which imports it."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from .lr_scheduler import LRScheduler, _check_int, _check_optimizer, _per_group
from .optimizer import Optimizer, check_real


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
