"""The Tensor methods of PyTorch's face added with the top-level functions they call
(``minigrad._torch_math``, ``minigrad._torch_counting``, ``minigrad.ops.special``, the
linear-algebra decompositions): ``t.log1p()`` is ``minigrad.log1p(t)``, ``t.det()`` is
``minigrad.det(t)``, so the checks, the docstrings and the VJPs live in one place.

A mixin of :class:`~minigrad.tensor.Tensor`. ``minigrad.tensor`` imports it before the top
level exists, so each method looks its function up in ``minigrad`` when it runs.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

# Each is a method calling the top-level function of the same name.
_METHODS = [
    "acos", "acosh", "arccos", "arccosh", "arcsin", "arcsinh", "arctan", "arctan2", "arctanh",
    "asin", "asinh", "atan", "atan2", "atanh", "baddbmm", "bincount", "ceil", "cholesky", "cosh",
    "cross", "det", "diag", "diagonal", "digamma", "dist", "erf", "erfc", "erfinv", "exp2",
    "expm1", "fix", "fliplr", "flipud", "floor", "fmax", "fmin", "fmod", "frac", "histc", "hypot",
    "inner", "inverse", "is_complex", "kron", "lgamma", "log1p", "log2", "log10", "logaddexp",
    "logaddexp2", "logdet", "logit", "nan_to_num", "pinverse", "qr", "repeat_interleave", "rot90",
    "sinc", "sinh", "slogdet", "svd", "tan", "trace", "trunc", "unique", "vdot", "xlogy",
]  # fmt: skip


def _method(name: str) -> Callable[..., Any]:
    def method(self: Any, *args: Any, **kwargs: Any) -> Any:
        return getattr(sys.modules["minigrad"], name)(self, *args, **kwargs)

    method.__name__ = method.__qualname__ = name
    method.__doc__ = f"``minigrad.{name}(self, ...)``: see :func:`minigrad.{name}`."
    return method


class ExtraMixin:
    """PyTorch's Tensor methods that call the functions above (see the module docstring)."""

    __slots__ = ()

    def polygamma(self, n: int) -> Any:
        """``minigrad.polygamma(n, self)`` (PyTorch puts ``n`` first in the function)."""
        return sys.modules["minigrad"].polygamma(n, self)


for _name in _METHODS:
    setattr(ExtraMixin, _name, _method(_name))
