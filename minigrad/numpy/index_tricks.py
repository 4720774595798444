"""``r_``, ``c_``, ``s_`` and ``index_exp``: NumPy's index-expression helpers.

``r_[...]`` joins its items along the first axis and ``c_[...]`` along the last (1-D items as
columns); Tensors among the items stay in the graph. Slices become ``arange``-like constants
as in NumPy; NumPy's string directives (``r_['0,2', ...]``) are not supported.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..tensor import Tensor
from ._convert import tensor_of
from .joining import concatenate

s_ = np.s_
index_exp = np.index_exp


class _Concatenator:
    def __init__(self, axis: int, min_ndim: int, name: str) -> None:
        self.axis, self.min_ndim, self.name = axis, min_ndim, name

    def _item(self, item: Any) -> Tensor:
        if isinstance(item, slice):
            return tensor_of(np.r_[item])
        t = tensor_of(item)
        if t.ndim < self.min_ndim:
            shape = (1,) * (self.min_ndim - t.ndim) + t.shape
            if self.min_ndim == 2 and t.ndim == 1:
                shape = (t.shape[0], 1)  # c_: a 1-D item is a column
            t = t.reshape(shape)
        return t

    def __getitem__(self, key: Any) -> Tensor:
        items = key if isinstance(key, tuple) else (key,)
        if items and isinstance(items[0], str):
            raise TypeError(f"minigrad.numpy.{self.name}: string directives are not supported")
        return concatenate([self._item(i) for i in items], axis=self.axis)

    def __len__(self) -> int:
        return 0


r_ = _Concatenator(0, 1, "r_")
c_ = _Concatenator(-1, 2, "c_")
