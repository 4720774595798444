"""``Linear``, ``Identity`` and ``Flatten``."""

# ruff: noqa: A002 - `input` is PyTorch's argument name

from __future__ import annotations

import math
from typing import Any

from ..tensor import Tensor
from . import functional as F
from . import init
from .module import Module, empty_parameter, shape_error


class Identity(Module):
    """Returns its input unchanged (arguments to the constructor are ignored, as in PyTorch)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__()

    def forward(self, input: Any) -> Any:
        return input


class Linear(Module):
    """``y = x Wᵀ + b``.

    Parameters
    ----------
    in_features, out_features
        Sizes of the last axis of the input and of the output.
    bias
        Whether to learn the bias ``b``.
    dtype
        Parameter dtype (float32 by default).

    Notes
    -----
    Shapes: input ``(*, in_features)``, output ``(*, out_features)``. ``weight`` is
    ``(out_features, in_features)``, initialised as PyTorch does, from
    ``U(-1/√in_features, 1/√in_features)`` (``kaiming_uniform_`` with ``a=√5``), as is
    ``bias``.
    """

    def __init__(
        self, in_features: int, out_features: int, bias: bool = True, dtype: Any = None
    ) -> None:
        super().__init__()
        self.in_features = in_features
        self.out_features = out_features
        self.weight = empty_parameter("Linear", (out_features, in_features), dtype)
        self.bias = empty_parameter("Linear", (out_features,), dtype) if bias else None
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Draw the PyTorch default initialisation again."""
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            bound = 1 / math.sqrt(self.in_features) if self.in_features > 0 else 0.0
            init.uniform_(self.bias, -bound, bound)

    def forward(self, input: Tensor) -> Tensor:
        # A non-Tensor falls through to F.linear, whose TypeError names it.
        if isinstance(input, Tensor) and (input.ndim == 0 or input.shape[-1] != self.in_features):
            raise shape_error(self, f"(*, {self.in_features})", input)
        return F.linear(input, self.weight, self.bias)

    def extra_repr(self) -> str:
        return (
            f"in_features={self.in_features}, out_features={self.out_features}, "
            f"bias={self.bias is not None}"
        )


class Flatten(Module):
    """Merge axes ``start_dim`` to ``end_dim`` into one (by default all but the batch axis)."""

    def __init__(self, start_dim: int = 1, end_dim: int = -1) -> None:
        super().__init__()
        self.start_dim = start_dim
        self.end_dim = end_dim

    def forward(self, input: Tensor) -> Tensor:
        return F.flatten(input, self.start_dim, self.end_dim)

    def extra_repr(self) -> str:
        return f"start_dim={self.start_dim}, end_dim={self.end_dim}"


__all__ = ["Flatten", "Identity", "Linear"]
