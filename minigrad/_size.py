"""A tensor's shape as PyTorch has it: :class:`Size` (``torch.Size``) and :class:`SizeOf`, what
``x.size`` gives on a Tensor that serves both faces. :mod:`minigrad.tensor` re-exports both
(``minigrad.Size``); ``_t`` is ``minigrad.tensor``, whose ``_indexing`` normalizes ``dim``.
"""

from __future__ import annotations

import math
from typing import Any

import minigrad.tensor as _t

__all__ = ["Size", "SizeOf"]


class Size(tuple):
    """A tensor's shape, as ``torch.Size``: a tuple of ints (``x.shape``, ``x.size()``)."""

    __slots__ = ()

    # Printed as the tuple it is, ``(2, 3)`` (PyTorch: ``torch.Size([2, 3])``): minigrad's
    # messages and documented outputs show shapes that way.
    __repr__ = tuple.__repr__

    def __getitem__(self, index: Any) -> Any:
        item = tuple.__getitem__(self, index)
        return Size(item) if isinstance(index, slice) else item

    def numel(self) -> int:
        """The number of elements a tensor of this shape holds."""
        return math.prod(self)


class SizeOf(int):
    """What ``x.size`` gives: the element count (an ``int``, NumPy's ``a.size``) that, called,
    is PyTorch's ``x.size()`` / ``x.size(dim)``. One Tensor serves both faces, and the two
    libraries disagree on this one name, so it is both."""

    shape: tuple[int, ...]

    def __new__(cls, shape: tuple[int, ...]) -> SizeOf:
        self = super().__new__(cls, math.prod(shape))
        self.shape = shape
        return self

    def __call__(self, dim: int | None = None) -> Any:
        if dim is None:
            return Size(self.shape)
        return self.shape[_t._indexing.normalize_dim("size", dim, len(self.shape))]
