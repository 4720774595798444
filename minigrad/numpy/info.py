"""NumPy functions whose results carry no gradient — shapes, dtypes, indices, counts, bins
and text: they run NumPy's own function on the data (Tensors replaced by their arrays), and
the array-valued results come back as constant Tensors."""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from ._convert import constant, plain


def _wrap(x: Any) -> Any:
    if isinstance(x, np.ndarray):
        return constant(x)
    if isinstance(x, tuple):
        return tuple(_wrap(i) for i in x)
    if isinstance(x, list):
        return [_wrap(i) for i in x]
    return x


def _on_data(fn: Any, wrap: bool = True) -> Any:
    @functools.wraps(fn)
    def on_data(*args: Any, **kwargs: Any) -> Any:
        out = fn(*plain(list(args)), **{k: plain(v) for k, v in kwargs.items()})
        return _wrap(out) if wrap else out

    on_data.__doc__ = f"NumPy's ``{fn.__name__}`` on the data (no gradient)."
    return on_data


_PLAIN = ["shape", "ndim", "size", "result_type", "iscomplexobj", "isrealobj", "isscalar",
          "can_cast", "min_scalar_type", "array_str", "array_repr", "array2string",
          "may_share_memory", "shares_memory"]  # fmt: skip
_ARRAYS = ["nonzero", "flatnonzero", "argwhere", "unique", "searchsorted", "digitize",
           "bincount", "unravel_index", "ravel_multi_index", "histogram", "histogram_bin_edges",
           "lexsort", "isin", "in1d", "array_equiv", "iscomplex", "isreal", "isneginf",
           "isposinf", "sort_complex", "triu_indices_from", "tril_indices_from",
           "diag_indices_from", "intersect1d", "union1d", "setdiff1d"]  # fmt: skip

FUNCTIONS: dict[str, Any] = {
    **{name: _on_data(getattr(np, name), wrap=False) for name in _PLAIN},
    **{name: _on_data(getattr(np, name)) for name in _ARRAYS if hasattr(np, name)},
}
globals().update(FUNCTIONS)
__all__ = sorted(FUNCTIONS)
