"""``minigrad.backends``: PyTorch's backend queries (``backends.mps.is_available()``...)."""

from . import cpu, cudnn, mps

__all__ = ["cpu", "cudnn", "mps"]
