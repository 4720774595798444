"""Recurrent cells: ``RNNCell``, ``LSTMCell``, ``GRUCell``, one time step each, with PyTorch's
parameters ``weight_ih`` ``(G·H, I)``, ``weight_hh`` ``(G·H, H)``, ``bias_ih``, ``bias_hh``
``(G·H,)`` (``G`` = 1, 4, 3), all drawn from ``U(-1/√H, 1/√H)``. Each step is one
:mod:`~minigrad.ops.recurrent` cell op. The layers over whole sequences are in
:mod:`~minigrad.nn.rnn`.
"""

# ruff: noqa: A002 - `input` is PyTorch's argument name

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..ops import recurrent as _rec
from ..tensor import Tensor
from . import init
from .module import Module, empty_parameter


def reset_uniform(module: Module, hidden_size: int) -> None:
    """Every parameter of ``module`` from ``U(-1/√H, 1/√H)``, as PyTorch initialises them."""
    bound = 1.0 / math.sqrt(hidden_size) if hidden_size > 0 else 0.0
    for p in module.parameters():
        init.uniform_(p, -bound, bound)


class RNNCellBase(Module):
    """One step: ``weight_ih`` ``(G·H, I)``, ``weight_hh`` ``(G·H, H)``, ``bias_ih``,
    ``bias_hh`` ``(G·H,)``, all from ``U(-1/√H, 1/√H)``."""

    _gates = 1

    def __init__(
        self, input_size: int, hidden_size: int, bias: bool = True, dtype: Any = None
    ) -> None:
        super().__init__()
        name, g = type(self).__name__, self._gates * hidden_size
        self.input_size, self.hidden_size, self.bias = input_size, hidden_size, bias
        self.weight_ih = empty_parameter(name, (g, input_size), dtype)
        self.weight_hh = empty_parameter(name, (g, hidden_size), dtype)
        self.bias_ih = empty_parameter(name, (g,), dtype) if bias else None
        self.bias_hh = empty_parameter(name, (g,), dtype) if bias else None
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Every parameter from ``U(-1/√hidden_size, 1/√hidden_size)``."""
        reset_uniform(self, self.hidden_size)

    def extra_repr(self) -> str:
        return f"{self.input_size}, {self.hidden_size}" + ("" if self.bias else ", bias=False")

    def _inputs(self, input: Any, hx: Any, n_states: int) -> tuple[Tensor, list, bool]:
        name = type(self).__name__
        if not isinstance(input, Tensor) or input.ndim not in (1, 2):
            got = input.shape if isinstance(input, Tensor) else type(input).__name__
            raise ValueError(f"{name}: expected input (B, {self.input_size}) or (I,), got {got}")
        if input.shape[-1] != self.input_size:
            raise ValueError(f"{name}: expected input_size={self.input_size}, got {input.shape}")
        unbatched = input.ndim == 1
        x = input.unsqueeze(0) if unbatched else input
        shape = (x.shape[0], self.hidden_size)
        if hx is None:
            states = [Tensor.constant(np.zeros(shape, x.dtype))] * n_states
        else:
            states = list(hx) if n_states == 2 else [hx]
            states = [s.unsqueeze(0) if unbatched else s for s in states]
            if any(s.shape != shape for s in states):
                raise ValueError(
                    f"{name}: expected hidden state {shape}, got {[s.shape for s in states]}"
                )
        return x, states, unbatched


class RNNCell(RNNCellBase):
    """One Elman step ``h' = act(x Wᵢₕᵀ + bᵢₕ + h Wₕₕᵀ + bₕₕ)``; ``forward(input, hx=None)``
    with ``input`` ``(B, I)`` or ``(I,)`` returns ``h'``."""

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        bias: bool = True,
        nonlinearity: str = "tanh",
        dtype: Any = None,
    ) -> None:
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(
                f"RNNCell: nonlinearity must be 'tanh' or 'relu', got {nonlinearity!r}"
            )
        super().__init__(input_size, hidden_size, bias, dtype)
        self.nonlinearity = nonlinearity

    def forward(self, input: Tensor, hx: Tensor | None = None) -> Tensor:
        x, (h,), unbatched = self._inputs(input, hx, 1)
        h = _rec.rnn_cell(
            x, h, self.weight_ih, self.weight_hh, self.bias_ih, self.bias_hh, self.nonlinearity
        )
        return h.squeeze(0) if unbatched else h


class LSTMCell(RNNCellBase):
    """One LSTM step; ``forward(input, hx=None)`` with ``hx = (h, c)`` returns ``(h', c')``."""

    _gates = 4

    def forward(self, input: Tensor, hx: Any = None) -> tuple[Tensor, Tensor]:
        x, (h, c), unbatched = self._inputs(input, hx, 2)
        h, c = _rec.lstm_cell(x, h, c, self.weight_ih, self.weight_hh, self.bias_ih, self.bias_hh)
        return (h.squeeze(0), c.squeeze(0)) if unbatched else (h, c)


class GRUCell(RNNCellBase):
    """One GRU step; ``forward(input, hx=None)`` returns ``h'``."""

    _gates = 3

    def forward(self, input: Tensor, hx: Tensor | None = None) -> Tensor:
        x, (h,), unbatched = self._inputs(input, hx, 1)
        h = _rec.gru_cell(x, h, self.weight_ih, self.weight_hh, self.bias_ih, self.bias_hh)
        return h.squeeze(0) if unbatched else h
