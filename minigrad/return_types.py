"""The named tuples that PyTorch-face functions return, as ``torch.return_types`` names them:
``minigrad.max(x, dim)`` returns ``return_types.max(values, indices)``, which unpacks,
indexes (``r[0]``) and has ``.values``/``.indices``, like PyTorch's.
"""

from __future__ import annotations

from collections import namedtuple

__all__ = [
    "aminmax",
    "cummax",
    "cummin",
    "kthvalue",
    "max",
    "median",
    "min",
    "mode",
    "sort",
    "topk",
]


def _values_indices(name: str) -> type:
    cls = namedtuple(name, ["values", "indices"])  # type: ignore[misc]
    cls.__module__ = __name__
    cls.__qualname__ = name
    cls.__doc__ = f"What ``{name}`` returns: ``(values, indices)``."
    return cls


max = _values_indices("max")  # noqa: A001 - PyTorch's names
min = _values_indices("min")  # noqa: A001
sort = _values_indices("sort")
topk = _values_indices("topk")
kthvalue = _values_indices("kthvalue")
median = _values_indices("median")
mode = _values_indices("mode")
cummax = _values_indices("cummax")
cummin = _values_indices("cummin")
aminmax = namedtuple("aminmax", ["min", "max"])
aminmax.__module__ = __name__
aminmax.__doc__ = "What ``aminmax`` returns: ``(min, max)``."
