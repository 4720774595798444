"""``minigrad.cuda.amp``: PyTorch's deprecated CUDA spellings of ``amp.autocast`` and
``amp.GradScaler``. As in PyTorch they warn (FutureWarning) and mean the ``"cuda"`` device,
which minigrad does not have, so they disable themselves (see :mod:`minigrad.amp`)."""

from __future__ import annotations

import warnings
from typing import Any

from .. import amp as _amp
from .. import dtypes as _dtypes

__all__ = ["GradScaler", "autocast"]


class autocast(_amp.autocast):  # noqa: N801 - PyTorch's name
    """``torch.cuda.amp.autocast(enabled=True, dtype=torch.float16, cache_enabled=True)``."""

    def __init__(
        self, enabled: bool = True, dtype: Any = _dtypes.float16, cache_enabled: bool = True
    ) -> None:
        warnings.warn(
            "`torch.cuda.amp.autocast(args...)` is deprecated. Please use "
            "`torch.amp.autocast('cuda', args...)` instead.",
            FutureWarning,
            stacklevel=2,
        )
        super().__init__("cuda", dtype=dtype, enabled=enabled, cache_enabled=cache_enabled)


class GradScaler(_amp.GradScaler):
    """``torch.cuda.amp.GradScaler(init_scale=2.0**16, ..., enabled=True)``."""

    def __init__(
        self,
        init_scale: float = 2.0**16,
        growth_factor: float = 2.0,
        backoff_factor: float = 0.5,
        growth_interval: int = 2000,
        enabled: bool = True,
    ) -> None:
        warnings.warn(
            "`torch.cuda.amp.GradScaler(args...)` is deprecated. Please use "
            "`torch.amp.GradScaler('cuda', args...)` instead.",
            FutureWarning,
            stacklevel=2,
        )
        super().__init__(
            "cuda", init_scale, growth_factor, backoff_factor, growth_interval, enabled
        )
