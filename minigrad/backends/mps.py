"""``minigrad.backends.mps``: Apple's Metal backend is not available."""


def is_available() -> bool:
    """False: minigrad has no MPS backend."""
    return False


def is_built() -> bool:
    """False: minigrad was not built with MPS."""
    return False
