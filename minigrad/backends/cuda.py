"""``minigrad.backends.cuda``: the CUDA flags PyTorch programs set (``nanoGPT``'s
``torch.backends.cuda.matmul.allow_tf32 = True``). There is no CUDA: setting them is
accepted and changes nothing, and ``is_built()`` says False."""


class _MatmulFlags:
    """``backends.cuda.matmul``: PyTorch's defaults, settable."""

    allow_tf32 = False
    allow_fp16_reduced_precision_reduction = True
    allow_bf16_reduced_precision_reduction = True


matmul = _MatmulFlags()


def is_built() -> bool:
    """False: minigrad is not built with CUDA."""
    return False
