"""Tools to test gradients: numerical checkers, VJP contract checks, hypothesis strategies.

- :func:`gradcheck` / :func:`gradgradcheck`: analytical first and second derivatives against
  central differences in float64 (full Jacobians, or one random projection in fast mode).
- :func:`check_vjp_contract`: shape/dtype of raw VJP results, purity, determinism, zero
  gradients for inputs the output does not depend on.
- :func:`check_gradients`: a one-line hypothesis property test running all of the above.
- :mod:`minigrad.testing.strategies`: hypothesis strategies for tensors, shapes, axes, and
  valid convolution/pooling configurations.

``check_gradients`` and ``strategies`` need ``hypothesis`` (the ``test`` extra); the
checkers need only NumPy.
"""

from typing import Any

from .contract import VJPContractError, check_vjp_contract
from .gradcheck import (
    GradcheckError,
    GradcheckWarning,
    KinkWarning,
    PrecisionWarning,
    gradcheck,
    gradgradcheck,
)

__all__ = [
    "GradcheckError",
    "GradcheckWarning",
    "KinkWarning",
    "PrecisionWarning",
    "VJPContractError",
    "check_gradients",
    "check_vjp_contract",
    "gradcheck",
    "gradgradcheck",
]


def __getattr__(name: str) -> Any:
    # Imported on first use so the checkers work without hypothesis installed.
    if name == "check_gradients":
        from .property import check_gradients

        return check_gradients
    raise AttributeError(f"module 'minigrad.testing' has no attribute {name!r}")


# torch.testing.assert_close (torchface).
from .close import assert_close  # noqa: E402

__all__ += ["assert_close"]
