"""``minigrad.backends``: PyTorch's backend queries (``backends.mps.is_available()``...)."""

from . import cudnn, mps

__all__ = ["cudnn", "mps"]
