"""Tools to test gradients: numerical checkers and hypothesis strategies.

``gradcheck`` compares the analytical gradients of a function with central differences in
float64; ``gradgradcheck`` does the same for the gradient of the gradient.
"""

from .gradcheck import GradcheckError, gradcheck, gradgradcheck

__all__ = ["GradcheckError", "gradcheck", "gradgradcheck"]
