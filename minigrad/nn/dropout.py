"""``Dropout``: zero random elements in training, the identity in evaluation."""

# ruff: noqa: A002 - `input` is PyTorch's argument name

from __future__ import annotations

from ..tensor import Tensor
from . import functional as F
from .module import Module


class Dropout(Module):
    """In training mode, zero each element with probability ``p`` and scale the others by
    ``1 / (1 - p)`` (so the expectation is unchanged); in evaluation mode, do nothing.

    The masks come from :func:`minigrad.default_generator` (seeded by ``manual_seed``).
    ``inplace`` is accepted for PyTorch compatibility (minigrad computes out of place).
    """

    def __init__(self, p: float = 0.5, inplace: bool = False) -> None:
        super().__init__()
        if not 0.0 <= p <= 1.0:
            raise ValueError(f"Dropout: p must be between 0 and 1, got {p}")
        self.p = p
        self.inplace = inplace

    def forward(self, input: Tensor) -> Tensor:
        return F.dropout(input, self.p, self.training)

    def extra_repr(self) -> str:
        return f"p={self.p}, inplace={self.inplace}"
