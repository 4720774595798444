"""``minigrad.accelerator``: PyTorch's accelerator queries (there is none; the CPU runs all)."""

from __future__ import annotations

from .devices import device


def is_available() -> bool:
    """False: minigrad has no accelerator."""
    return False


def current_accelerator(check_available: bool = False) -> device | None:
    """None, as PyTorch returns when no accelerator is present."""
    return None


def device_count() -> int:
    """0: there are no accelerators."""
    return 0
