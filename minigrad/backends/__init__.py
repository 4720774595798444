"""``minigrad.backends``: PyTorch's backend queries (``backends.mps.is_available()``...)."""

from . import cpu, cuda, cudnn, mps

__all__ = ["cpu", "cuda", "cudnn", "mps"]
