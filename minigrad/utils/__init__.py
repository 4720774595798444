"""PyTorch's ``torch.utils`` names: :mod:`minigrad.utils.data`."""

from . import data

__all__ = ["data"]
