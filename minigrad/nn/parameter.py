"""``Parameter``: a Tensor that a module learns."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..tensor import Tensor


class Parameter(Tensor):
    """A Tensor that is a module's learnable parameter: it requires grad by default, and
    assigning it to a :class:`Module` attribute registers it.

    Parameters
    ----------
    data
        A Tensor (its array is shared), an ndarray (its dtype is kept) or nested lists (floats
        become float32). ``None`` gives an empty float32 parameter.
    requires_grad
        Whether the parameter receives gradients.
    """

    __slots__ = ()

    def __init__(self, data: Any = None, requires_grad: bool = True) -> None:
        if data is None:
            data = np.zeros(0, np.float32)
        super().__init__(data.array if isinstance(data, Tensor) else data)
        if isinstance(data, Tensor):  # nn.Parameter(t) shares t's memory, as in PyTorch
            self.array = data.array
        self.requires_grad = requires_grad

    def __repr__(self) -> str:
        return "Parameter containing:\n" + super().__repr__()
