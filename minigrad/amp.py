"""``minigrad.amp``: PyTorch's automatic mixed precision API, ``autocast`` and ``GradScaler``.

minigrad has no mixed-precision kernels and no GPU. What PyTorch itself does on a machine
without CUDA is what happens here: ``autocast("cuda")`` and ``GradScaler("cuda")`` warn that
CUDA is not available and disable themselves, so the code under them runs in full precision
(``nanoGPT``'s ``GradScaler(enabled=(dtype == "float16"))``, minGPT's ``@autocast()``). An
*enabled* CPU autocast, which in PyTorch runs chosen ops in bfloat16/float16, is refused
rather than silently run in float32. A GradScaler on ``"cpu"`` scales for real: ``scale``
multiplies the loss, ``unscale_`` divides the gradients and looks for inf/NaN, ``step`` skips
the optimizer step when it found some, ``update`` backs the scale off or grows it.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

from . import autograd as _autograd
from .tensor import Tensor

__all__ = ["GradScaler", "autocast", "is_autocast_available"]

_DEVICES = ("cpu", "cuda", "mps", "xpu", "hpu", "xla", "ipu", "mtia")


def is_autocast_available(device_type: str) -> bool:
    """True only for ``"cpu"``, the one device minigrad has (PyTorch's answer there)."""
    return device_type == "cpu"


def _check_device(op: str, device_type: Any) -> str:
    if not isinstance(device_type, str):
        raise TypeError(f"{op}: device_type must be a str, got {type(device_type).__name__}")
    kind = device_type.split(":")[0]
    if kind not in _DEVICES:
        raise RuntimeError(f"{op}: device_type must be one of {_DEVICES}, got {device_type!r}")
    return kind


class autocast:  # noqa: N801 - PyTorch's name
    """``torch.autocast(device_type, dtype=None, enabled=True, cache_enabled=None)``: a context
    manager and decorator.

    On a device other than ``"cpu"`` it warns, as PyTorch does without that device, and is
    disabled; on ``"cpu"`` it must be disabled (``enabled=False``), since minigrad cannot run
    ops in a lower precision.
    """

    def __init__(
        self,
        device_type: str,
        dtype: Any = None,
        enabled: bool = True,
        cache_enabled: bool | None = None,
    ) -> None:
        self.device = _check_device("autocast", device_type)
        if not isinstance(enabled, bool):
            raise TypeError(f"autocast: enabled must be a bool, got {type(enabled).__name__}")
        self.fast_dtype = dtype
        if enabled and self.device != "cpu":
            warnings.warn(
                f"User provided device_type of '{self.device}', but "
                f"{self.device.upper()} is not available. Disabling",
                UserWarning,
                stacklevel=2,
            )
            enabled = False
        if enabled:
            raise RuntimeError(
                f"autocast(device_type='cpu', dtype={dtype}): minigrad has no mixed-precision "
                "kernels; run without autocast or pass enabled=False"
            )
        self._enabled = enabled

    def __enter__(self) -> autocast:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def __call__(self, func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(func)
        def decorate_autocast(*args: Any, **kwargs: Any) -> Any:
            with self:
                return func(*args, **kwargs)

        return decorate_autocast


class GradScaler:
    """``torch.amp.GradScaler(device="cuda", init_scale=2.0**16, growth_factor=2.0,
    backoff_factor=0.5, growth_interval=2000, enabled=True)``.

    Disabled (asked for, or on a device minigrad does not have, with PyTorch's warning) it is
    transparent: ``scale`` returns its argument, ``step`` calls ``optimizer.step``.
    """

    def __init__(
        self,
        device: str = "cuda",
        init_scale: float = 2.0**16,
        growth_factor: float = 2.0,
        backoff_factor: float = 0.5,
        growth_interval: int = 2000,
        enabled: bool = True,
    ) -> None:
        self._device = _check_device("GradScaler", device)
        if enabled and self._device != "cpu":
            warnings.warn(
                f"torch.{self._device}.amp.GradScaler is enabled, but "
                f"{self._device.upper()} is not available.  Disabling.",
                UserWarning,
                stacklevel=2,
            )
            enabled = False
        if growth_factor <= 1.0:
            raise ValueError(f"GradScaler: growth_factor must be > 1.0, got {growth_factor}")
        if not 0.0 < backoff_factor < 1.0:
            raise ValueError(f"GradScaler: backoff_factor must be in (0, 1), got {backoff_factor}")
        self._enabled = bool(enabled)
        self._scale = float(init_scale)
        self._growth_factor = float(growth_factor)
        self._backoff_factor = float(backoff_factor)
        self._growth_interval = int(growth_interval)
        self._growth_tracker = 0
        self._unscaled: dict[int, bool] = {}  # id(optimizer) -> found inf/NaN

    def is_enabled(self) -> bool:
        """Whether this scaler scales (False when disabled or on a missing device)."""
        return self._enabled

    def get_scale(self) -> float:
        """The current scale; 1.0 when disabled, as PyTorch."""
        return self._scale if self._enabled else 1.0

    def scale(self, outputs: Any) -> Any:
        """``outputs`` (a tensor or nested lists/tuples of them) times the scale."""
        if not self._enabled:
            return outputs
        if isinstance(outputs, Tensor):
            return outputs * self._scale
        if isinstance(outputs, (list, tuple)):
            return type(outputs)(self.scale(o) for o in outputs)
        raise ValueError(
            "GradScaler.scale: outputs must be a Tensor or an iterable of Tensors, got "
            f"{type(outputs).__name__}"
        )

    def unscale_(self, optimizer: Any) -> None:
        """Divide the gradients of ``optimizer``'s parameters by the scale, in place."""
        if not self._enabled:
            return
        if id(optimizer) in self._unscaled:
            raise RuntimeError(
                "unscale_() has already been called on this optimizer since the last update()."
            )
        inv, found = 1.0 / self._scale, False
        with _autograd.no_grad():
            for group in optimizer.param_groups:
                for p in group["params"]:
                    if p.grad is not None:
                        p.grad.mul_(inv)
                        found = found or not bool(np.isfinite(p.grad.numpy()).all())
        self._unscaled[id(optimizer)] = found

    def step(self, optimizer: Any, *args: Any, **kwargs: Any) -> Any:
        """``optimizer.step(*args, **kwargs)``, skipped if the unscaled gradients hold inf/NaN."""
        if not self._enabled:
            return optimizer.step(*args, **kwargs)
        if "closure" in kwargs:
            raise RuntimeError("Closure use is not currently supported if GradScaler is enabled.")
        if id(optimizer) not in self._unscaled:
            self.unscale_(optimizer)
        return None if self._unscaled[id(optimizer)] else optimizer.step(*args, **kwargs)

    def update(self, new_scale: float | None = None) -> None:
        """Back the scale off after inf/NaN, grow it after ``growth_interval`` clean steps."""
        if not self._enabled:
            return
        if new_scale is not None:
            self._scale = float(new_scale)
        elif any(self._unscaled.values()):
            self._scale *= self._backoff_factor
            self._growth_tracker = 0
        else:
            self._growth_tracker += 1
            if self._growth_tracker == self._growth_interval:
                self._scale *= self._growth_factor
                self._growth_tracker = 0
        self._unscaled.clear()

    def state_dict(self) -> dict[str, Any]:
        """PyTorch's keys when enabled; ``{}`` when disabled."""
        if not self._enabled:
            return {}
        return {
            "scale": self._scale,
            "growth_factor": self._growth_factor,
            "backoff_factor": self._backoff_factor,
            "growth_interval": self._growth_interval,
            "_growth_tracker": self._growth_tracker,
        }

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore ``state_dict()``'s values (nothing to do when disabled)."""
        if not self._enabled:
            return
        if len(state_dict) == 0:
            raise RuntimeError(
                "The source state dict is empty, possibly because it was saved "
                "from a disabled instance of GradScaler."
            )
        self._scale = float(state_dict["scale"])
        self._growth_factor = float(state_dict["growth_factor"])
        self._backoff_factor = float(state_dict["backoff_factor"])
        self._growth_interval = int(state_dict["growth_interval"])
        self._growth_tracker = int(state_dict["_growth_tracker"])
