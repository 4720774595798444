"""``minigrad.backends.cpu``: the CPU backend's settings.

``get_cpu_capability()`` is PyTorch's. ``keep_freed_memory()`` is minigrad's, and it is **on
by default** on Linux with glibc: it tells glibc's ``malloc`` to keep the memory NumPy frees
instead of returning it to the operating system.

Why: a training step allocates the same large arrays every step (activations, im2col
matrices, gradients) and frees them when ``backward()`` releases the graph. By default glibc
serves each array over 128 KiB-32 MiB with a fresh ``mmap`` and gives it back on free (or trims
the heap), so the next step faults every page in again, and the kernel zeroes it: on the
flagship CNN that was 20-35% of a step (``docs/performance.md``). Kept memory is reused at
once. The cost: the process holds on to its peak memory (up to ``KEEP_BYTES`` of freed memory)
instead of shrinking between steps, as PyTorch's CUDA caching allocator does. It is a setting
of the C library, so it applies to the whole process.

Turn it off with ``keep_freed_memory(False)`` or with the environment variable
``MINIGRAD_KEEP_FREED_MEMORY=0`` set before ``import minigrad``.
"""

from __future__ import annotations

import ctypes
import os
import platform
import sys
from typing import Any

import numpy as np

__all__ = ["KEEP_BYTES", "get_cpu_capability", "keep_freed_memory", "keeps_freed_memory"]

KEEP_BYTES = 1 << 30
"""Arrays up to this size come from (and return to) malloc's heap, and up to this much freed
memory stays in it, while ``keep_freed_memory`` is on."""

_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # glibc's <malloc.h>
_GLIBC_DEFAULT = 128 * 1024
_kept = False


def _mallopt() -> Any:
    """glibc's ``mallopt``, or None where the C library is not glibc."""
    if not sys.platform.startswith("linux") or platform.libc_ver()[0] != "glibc":
        return None
    try:
        return ctypes.CDLL("libc.so.6").mallopt
    except (OSError, AttributeError):
        return None


def keep_freed_memory(enabled: bool = True) -> bool:
    """Keep (``True``) or return (``False``) the memory freed by NumPy arrays; see the module
    docstring. Returns whether the C library took the setting (False except on glibc).

    ``False`` restores glibc's documented default thresholds (128 KiB); glibc's adaptive
    threshold, which any explicit setting turns off, does not come back.
    """
    global _kept
    if not isinstance(enabled, bool):
        raise TypeError(f"keep_freed_memory: enabled must be a bool, got {type(enabled).__name__}")
    mallopt = _mallopt()
    if mallopt is None:
        return False
    size = KEEP_BYTES if enabled else _GLIBC_DEFAULT
    ok = bool(mallopt(_M_MMAP_THRESHOLD, size)) and bool(mallopt(_M_TRIM_THRESHOLD, size))
    _kept = enabled and ok
    return ok


def keeps_freed_memory() -> bool:
    """Whether :func:`keep_freed_memory` is in effect."""
    return _kept


def get_cpu_capability() -> str:
    """The widest SIMD extension NumPy's kernels use here, in PyTorch's spelling
    (``"AVX512"``, ``"AVX2"``, ``"DEFAULT"``...)."""
    core = getattr(np, "_core", None) or np.core  # NumPy 2 / NumPy 1
    features = getattr(core._multiarray_umath, "__cpu_features__", {})
    for name in ("AVX512F", "AVX2"):
        if features.get(name):
            return name.removesuffix("F")
    return "DEFAULT"


if os.environ.get("MINIGRAD_KEEP_FREED_MEMORY", "1").strip().lower() not in ("0", "false", "no"):
    keep_freed_memory(True)
