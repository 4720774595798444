"""The exception types minigrad's PyTorch face raises.

PyTorch raises ``RuntimeError`` where minigrad's convention (and NumPy) raise ``ValueError``
or ``TypeError``; these classes are both, so ``except RuntimeError`` in a PyTorch program
and ``except ValueError`` in minigrad code catch the same error. Dimensions out of range are
``IndexError`` (PyTorch's) and ``ValueError`` (minigrad's axis errors).
"""


class ShapeError(ValueError, RuntimeError):
    """Shapes, sizes or values that do not fit the call."""


class DTypeError(TypeError, RuntimeError):
    """A dtype (or a type) the call cannot take."""


class DimError(IndexError, ValueError):
    """A dimension out of range."""


class IndexRangeError(IndexError, ValueError):
    """An index that does not fit the array (out of range, or not integers)."""
