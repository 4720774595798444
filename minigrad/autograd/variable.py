"""``torch.autograd.Variable``: PyTorch's pre-0.4 wrapper, kept for old programs.

Since PyTorch 0.4 a Variable *is* a Tensor: ``Variable(t)`` returns a tensor sharing ``t``'s
data (``requires_grad`` as given) and ``isinstance(t, Variable)`` is true for every tensor.
minigrad does the same.
"""

from __future__ import annotations

from typing import Any

from ..tensor import Tensor

__all__ = ["Variable"]


class _VariableMeta(type):
    def __instancecheck__(cls, obj: Any) -> bool:
        return isinstance(obj, Tensor)


class Variable(metaclass=_VariableMeta):
    """``Variable(data, requires_grad=False, volatile=False)``: ``data`` as a Tensor leaf
    (the same memory when ``data`` is a Tensor). ``volatile=True`` was removed from PyTorch
    (it is ``no_grad`` now) and is refused here."""

    def __new__(cls, data: Any = None, requires_grad: bool = False, volatile: bool = False) -> Any:
        if not isinstance(requires_grad, bool):
            raise TypeError(f"Variable: requires_grad must be a bool, got {requires_grad!r}")
        if volatile:
            raise ValueError(
                "Variable: volatile=True was removed from PyTorch; compute under no_grad()"
            )
        if data is None:
            raise TypeError("Variable: data is required (PyTorch's empty Variable() is gone)")
        base = data.detach() if isinstance(data, Tensor) else Tensor(data)
        return base.requires_grad_(requires_grad)
