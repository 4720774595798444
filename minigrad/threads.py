"""PyTorch's thread controls: ``set_num_threads`` and friends.

minigrad's arithmetic runs in NumPy, whose only multi-threaded kernels are the BLAS ones
(matrix products, so convolutions and linear layers); element-wise ops run on one thread.
``set_num_threads(n)`` therefore sets the BLAS library's thread count, through
`threadpoolctl <https://github.com/joblib/threadpoolctl>`_ (the maintained way to reach
OpenBLAS, MKL or BLIS from Python, whichever NumPy loaded). minigrad runs one op at a time,
so the inter-op count is 1 and a larger limit changes nothing.
"""

from __future__ import annotations

import os
from typing import Any

__all__ = [
    "get_num_interop_threads",
    "get_num_threads",
    "set_num_interop_threads",
    "set_num_threads",
]


def _blas() -> list[Any]:
    import threadpoolctl

    return list(threadpoolctl.ThreadpoolController().select(user_api="blas").lib_controllers)


def _count(name: str, n: Any) -> int:
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise ValueError(f"{name}: the number of threads must be a positive int, got {n!r}")
    return n


def set_num_threads(n: int) -> None:
    """Use ``n`` threads in the BLAS library's kernels (matrix products, convolutions).

    As ``torch.set_num_threads``. Raises ``RuntimeError`` if NumPy's BLAS cannot be found.
    """
    _count("set_num_threads", n)
    libs = _blas()
    if not libs:
        raise RuntimeError("set_num_threads: no BLAS library found in this process to set")
    for lib in libs:
        lib.set_num_threads(n)


def get_num_threads() -> int:
    """The BLAS library's thread count (``torch.get_num_threads``); the CPU count if NumPy's
    BLAS cannot be found."""
    libs = _blas()
    return int(libs[0].num_threads) if libs else os.cpu_count() or 1


def set_num_interop_threads(n: int) -> None:
    """Accepts PyTorch's inter-op thread limit; minigrad runs ops one at a time (one inter-op
    thread), which any limit allows."""
    _count("set_num_interop_threads", n)


def get_num_interop_threads() -> int:
    """1: minigrad runs one op at a time."""
    return 1
