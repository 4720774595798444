"""``minigrad.cuda``: PyTorch's CUDA queries, answering that there is no GPU.

Programs write ``device = "cuda" if torch.cuda.is_available() else "cpu"``; this module lets
them take the CPU branch. Seeding functions are accepted and do nothing, since nothing runs
on a GPU.
"""

from __future__ import annotations

from typing import Any


def is_available() -> bool:
    """False: minigrad has no CUDA backend."""
    return False


def device_count() -> int:
    """0: there are no CUDA devices."""
    return 0


def manual_seed(seed: int) -> None:
    """Accepted for compatibility; there is no CUDA generator to seed."""


def manual_seed_all(seed: int) -> None:
    """Accepted for compatibility; there is no CUDA generator to seed."""


def synchronize(device: Any = None) -> None:
    """Accepted for compatibility; nothing runs asynchronously."""


def current_device() -> int:
    """Raises: there is no current CUDA device."""
    raise RuntimeError("cuda.current_device: no CUDA device is available; minigrad runs on CPU")


# After the functions: cuda.amp's classes build on minigrad.amp.
from . import amp  # noqa: E402, F401 - the submodule torch.cuda.amp
