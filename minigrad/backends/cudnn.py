"""``minigrad.backends.cudnn``: the flags PyTorch programs set for reproducibility.

Setting them is accepted and changes nothing (minigrad's CPU kernels are deterministic).
"""

deterministic = False
benchmark = False
enabled = False
allow_tf32 = True  # PyTorch's default; nanoGPT sets it


def is_available() -> bool:
    """False: minigrad has no cuDNN."""
    return False
