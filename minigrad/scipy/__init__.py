"""``minigrad.scipy``: SciPy's names on minigrad Tensors, differentiable, for NumPy-style
programs (``import minigrad.scipy.stats as stats`` where they wrote ``scipy.stats`` or
HIPS autograd's ``autograd.scipy.stats``).

The submodules are ``special``, ``stats``, ``signal``, ``linalg`` and ``integrate``. Values
come from SciPy itself (an optional dependency: ``pip install "minigrad-numpy[scipy]"``);
every gradient is written in minigrad Tensor ops, so higher orders work wherever the
derivative is itself one of these functions. A function whose gradient with respect to some
argument SciPy gives no formula for (``gammainc``'s shape, say) raises naming the function
and the argument when that gradient is asked for; it never returns a silent zero.
"""

from __future__ import annotations

try:
    import scipy as _scipy  # noqa: F401 - the values of every function here
except ImportError as error:  # pragma: no cover - exercised only without SciPy
    raise ImportError(
        "minigrad.scipy needs SciPy, which computes the function values: "
        'pip install "minigrad-numpy[scipy]"'
    ) from error
