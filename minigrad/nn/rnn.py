"""Recurrent layers: ``RNN``, ``LSTM``, ``GRU``, with PyTorch's parameters; their cells
(``RNNCell``, ``LSTMCell``, ``GRUCell``) are in :mod:`~minigrad.nn.rnn_cells`, re-exported here.

Every layer and direction owns ``weight_ih_l{k}{suffix}`` ``(G·H, in)``, ``weight_hh_l{k}``
``(G·H, H)``, ``bias_ih_l{k}`` and ``bias_hh_l{k}`` ``(G·H,)`` (``suffix`` ``_reverse`` for
the backward direction; ``G`` = 1, 4 (i, f, g, o), 3 (r, z, n)), all drawn from
``U(-1/√H, 1/√H)``, so a PyTorch ``state_dict`` loads unchanged. A layer runs as one input
GEMM for all steps and one :mod:`~minigrad.ops.recurrent` scan (one graph node).
"""

# ruff: noqa: A002 - `input` is PyTorch's argument name

from __future__ import annotations

from typing import Any

import numpy as np

from ..ops import recurrent as _rec
from ..ops import shape as _shape
from ..tensor import Tensor
from . import functional as F
from .module import Module, empty_parameter
from .rnn_cells import (  # noqa: F401 - re-exported: the recurrent layers' namespace
    GRUCell,
    LSTMCell,
    RNNCell,
    RNNCellBase,
    reset_uniform,
)
from .rnn_utils import PackedSequence, packed_to_padded, padded_to_packed

_GATES = {"RNN_TANH": 1, "RNN_RELU": 1, "LSTM": 4, "GRU": 3}


class RNNBase(Module):
    """What :class:`RNN`, :class:`LSTM` and :class:`GRU` share (see :class:`LSTM`)."""

    def __init__(
        self,
        mode: str,
        input_size: int,
        hidden_size: int,
        num_layers: int = 1,
        bias: bool = True,
        batch_first: bool = False,
        dropout: float = 0.0,
        bidirectional: bool = False,
        proj_size: int = 0,
        dtype: Any = None,
    ) -> None:
        super().__init__()
        name = type(self).__name__
        if proj_size:
            raise ValueError(f"{name}: proj_size is not supported by minigrad (got {proj_size})")
        if not 0 <= dropout <= 1 or num_layers < 1 or hidden_size < 1:
            raise ValueError(
                f"{name}: need num_layers >= 1, hidden_size >= 1 and 0 <= dropout <= 1, got "
                f"num_layers={num_layers}, hidden_size={hidden_size}, dropout={dropout}"
            )
        self.mode, self.input_size, self.hidden_size = mode, input_size, hidden_size
        self.num_layers, self.bias, self.batch_first = num_layers, bias, batch_first
        self.dropout, self.bidirectional, self.proj_size = float(dropout), bidirectional, 0
        gates = _GATES[mode] * hidden_size
        directions = 2 if bidirectional else 1
        for layer in range(num_layers):
            width = input_size if layer == 0 else hidden_size * directions
            for suffix in ("", "_reverse")[:directions]:
                s = f"_l{layer}{suffix}"
                setattr(self, "weight_ih" + s, empty_parameter(name, (gates, width), dtype))
                setattr(self, "weight_hh" + s, empty_parameter(name, (gates, hidden_size), dtype))
                if bias:
                    setattr(self, "bias_ih" + s, empty_parameter(name, (gates,), dtype))
                    setattr(self, "bias_hh" + s, empty_parameter(name, (gates,), dtype))
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Every parameter from ``U(-1/√hidden_size, 1/√hidden_size)``, as PyTorch."""
        reset_uniform(self, self.hidden_size)

    def flatten_parameters(self) -> None:
        """A no-op (PyTorch compacts cuDNN weights here; minigrad has nothing to compact)."""

    def extra_repr(self) -> str:
        s = f"{self.input_size}, {self.hidden_size}"
        for key, default in (
            ("num_layers", 1),
            ("bias", True),
            ("batch_first", False),
            ("dropout", 0.0),
            ("bidirectional", False),
        ):
            if getattr(self, key) != default:
                s += f", {key}={getattr(self, key)}"
        return s

    # ----------------------------------------------------------------------------------------

    def _prepare(self, input: Any, hx: Any) -> tuple:
        """``(x (T, B, I), batch_sizes, states list, how to give the result back)``."""
        name = type(self).__name__
        packed = isinstance(input, PackedSequence)
        if packed:
            x, bs = packed_to_padded(input), input.batch_sizes.array
        elif not isinstance(input, Tensor) or input.ndim not in (2, 3):
            got = input.shape if isinstance(input, Tensor) else type(input).__name__
            raise ValueError(f"{name}: expected input (T, B, I), (B, T, I) or (T, I), got {got}")
        else:
            x, bs = input, None
            if x.ndim == 3 and self.batch_first:
                x = x.swapaxes(0, 1)
        unbatched = not packed and input.ndim == 2
        if unbatched:
            x = x.unsqueeze(1)
        if x.shape[-1] != self.input_size:
            raise ValueError(f"{name}: expected input_size={self.input_size}, got {x.shape}")
        states = self._initial_states(x, hx, unbatched, input if packed else None)
        return x, bs, states, (packed, unbatched, input)

    def _initial_states(self, x: Tensor, hx: Any, unbatched: bool, packed: Any) -> list:
        count = self.num_layers * (2 if self.bidirectional else 1)
        shape = (count, x.shape[1], self.hidden_size)
        n_states = 2 if self.mode == "LSTM" else 1
        if hx is None:
            zero = Tensor.constant(np.zeros(shape, x.dtype))
            return [zero] * n_states
        states = list(hx) if n_states == 2 else [hx]
        if len(states) != n_states or not all(isinstance(s, Tensor) for s in states):
            raise TypeError(
                f"{type(self).__name__}: hx must be {'(h0, c0)' if n_states == 2 else 'h0'}"
            )
        if unbatched:
            states = [s.unsqueeze(1) for s in states]
        if packed is not None and packed.sorted_indices is not None:
            states = [s[:, packed.sorted_indices.array] for s in states]
        for s in states:
            if s.shape != shape:
                raise ValueError(
                    f"{type(self).__name__}: expected initial state of shape {shape}, got {s.shape}"
                )
        return states

    def _run_direction(self, x: Tensor, bs: Any, states: list, s: str, reverse: bool) -> tuple:
        """One layer in one direction: ``(output (T, B, H), final states)``."""
        w_ih, w_hh = getattr(self, "weight_ih" + s), getattr(self, "weight_hh" + s)
        b_ih = getattr(self, "bias_ih" + s) if self.bias else None
        b_hh = getattr(self, "bias_hh" + s) if self.bias else None
        if reverse:
            x = _reverse(x, bs)
        hidden, length = self.hidden_size, x.shape[0]
        # One 2-D GEMM for all steps: a strided 3-D operand (batch_first, the reversed
        # direction) would make NumPy loop over the batch instead of calling BLAS once.
        xw = (x.reshape(-1, x.shape[-1]) @ w_ih.T).reshape(length, x.shape[1], -1)
        if self.mode == "LSTM":
            xw = xw if b_ih is None else xw + (b_ih + b_hh)
            y = _rec.lstm_scan(xw, w_hh, states[0], states[1], batch_sizes=bs)
            out, final = y[:length, :, :hidden], [y[length, :, :hidden], y[length, :, hidden:]]
        elif self.mode == "GRU":
            xw = xw if b_ih is None else xw + b_ih
            y = _rec.gru_scan(xw, w_hh, b_hh, states[0], batch_sizes=bs)
            out, final = y[:length], [y[length]]
        else:
            xw = xw if b_ih is None else xw + (b_ih + b_hh)
            nl = "tanh" if self.mode == "RNN_TANH" else "relu"
            y = _rec.rnn_scan(xw, w_hh, states[0], nonlinearity=nl, batch_sizes=bs)
            out, final = y[:length], [y[length]]
        return (_reverse(out, bs) if reverse else out), final

    def forward(self, input: Any, hx: Any = None) -> tuple[Any, Any]:
        x, bs, states, (packed, unbatched, original) = self._prepare(input, hx)
        directions = 2 if self.bidirectional else 1
        finals: list[list[Tensor]] = []
        for layer in range(self.num_layers):
            outs = []
            for d, suffix in enumerate(("", "_reverse")[:directions]):
                k = layer * directions + d
                out, final = self._run_direction(
                    x, bs, [s[k] for s in states], f"_l{layer}{suffix}", reverse=d == 1
                )
                outs.append(out)
                finals.append(final)
            x = outs[0] if directions == 1 else _shape.concatenate(outs, axis=-1)
            if self.dropout and layer < self.num_layers - 1:
                x = F.dropout(x, self.dropout, self.training)
        h = [_shape.stack([f[i] for f in finals], axis=0) for i in range(len(finals[0]))]
        if packed and original.unsorted_indices is not None:
            h = [s[:, original.unsorted_indices.array] for s in h]
        if packed:
            output: Any = PackedSequence(padded_to_packed(x, original.batch_sizes), *original[1:])
        elif unbatched:
            output, h = x.squeeze(1), [s.squeeze(1) for s in h]
        else:
            output = x.swapaxes(0, 1) if self.batch_first else x
        return output, (tuple(h) if self.mode == "LSTM" else h[0])


def _reverse(x: Tensor, bs: Any) -> Tensor:
    """Each sequence reversed in time within its own length (a plain flip when all are full)."""
    if bs is None:
        return _shape.flip(x, axis=0)
    lengths = (np.asarray(bs)[None, :] > np.arange(x.shape[1])[:, None]).sum(1)
    t = np.arange(x.shape[0])[:, None]
    rows = np.where(t < lengths[None, :], lengths[None, :] - 1 - t, t)
    return x[rows, np.arange(x.shape[1])[None, :]]


class RNN(RNNBase):
    """Elman RNN: ``h_t = act(x_t Wᵢₕᵀ + bᵢₕ + h_{t-1} Wₕₕᵀ + bₕₕ)``, ``act`` tanh or relu.

    Arguments as PyTorch's (``input_size, hidden_size, num_layers=1, nonlinearity='tanh',
    bias=True, batch_first=False, dropout=0.0, bidirectional=False``); see :class:`LSTM`.
    Returns ``(output, h_n)``.
    """

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        num_layers: int = 1,
        nonlinearity: str = "tanh",
        bias: bool = True,
        batch_first: bool = False,
        dropout: float = 0.0,
        bidirectional: bool = False,
        dtype: Any = None,
    ) -> None:
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"RNN: nonlinearity must be 'tanh' or 'relu', got {nonlinearity!r}")
        super().__init__(
            f"RNN_{nonlinearity.upper()}",
            input_size,
            hidden_size,
            num_layers,
            bias,
            batch_first,
            dropout,
            bidirectional,
            dtype=dtype,
        )
        self.nonlinearity = nonlinearity


class LSTM(RNNBase):
    """Long short-term memory, PyTorch's gate order i, f, g, o:
    ``c_t = f ⊙ c_{t-1} + i ⊙ g``, ``h_t = o ⊙ tanh(c_t)``.

    Parameters
    ----------
    input_size, hidden_size, num_layers, bias, batch_first, dropout, bidirectional
        As in PyTorch. ``dropout`` acts on the outputs of every layer but the last.
    proj_size
        Only 0 (projections are not supported).
    dtype
        Parameter dtype (float32 by default).

    Notes
    -----
    ``forward(input, hx=None)``: ``input`` ``(T, B, I)`` (``(B, T, I)`` with ``batch_first``),
    ``(T, I)`` unbatched, or a :class:`~minigrad.nn.rnn_utils.PackedSequence`; ``hx`` is
    ``(h_0, c_0)``, each ``(num_layers·D, B, H)`` (zeros if omitted). Returns
    ``(output, (h_n, c_n))`` with ``output`` ``(T, B, D·H)`` (or packed, like the input).
    """

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        num_layers: int = 1,
        bias: bool = True,
        batch_first: bool = False,
        dropout: float = 0.0,
        bidirectional: bool = False,
        proj_size: int = 0,
        dtype: Any = None,
    ) -> None:
        super().__init__(
            "LSTM",
            input_size,
            hidden_size,
            num_layers,
            bias,
            batch_first,
            dropout,
            bidirectional,
            proj_size,
            dtype,
        )


class GRU(RNNBase):
    """Gated recurrent unit, PyTorch's gate order r, z, n:
    ``n = tanh(x Wᵢₙᵀ + bᵢₙ + r ⊙ (h Wₕₙᵀ + bₕₙ))``, ``h' = (1 - z) ⊙ n + z ⊙ h``.
    Arguments and shapes as :class:`LSTM`; returns ``(output, h_n)``."""

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        num_layers: int = 1,
        bias: bool = True,
        batch_first: bool = False,
        dropout: float = 0.0,
        bidirectional: bool = False,
        dtype: Any = None,
    ) -> None:
        super().__init__(
            "GRU",
            input_size,
            hidden_size,
            num_layers,
            bias,
            batch_first,
            dropout,
            bidirectional,
            dtype=dtype,
        )
