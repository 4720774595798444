"""ONNX mappings of the recurrent scans (``LSTMScan``, ``GRUScan``, ``RNNScan``), unrolled.

Each scan is unrolled step by step into ONNX arithmetic in PyTorch's gate order, giving the
op's own output: every step's state, then the final state, stacked on the time axis. ONNX's
fused LSTM does not return the cell state of every step, so it could not give the same
tensor; the unrolled form needs nothing beyond the operators every runtime has. No step holds
the batch size, so a dynamic batch axis works: the initial states reach the scan as graph
tensors (``ConstantOfShape`` of the run-time batch when the layer made them zeros).
"""

from __future__ import annotations

from typing import Any

from ..tensor import Tensor
from ._graph import UnsupportedOperatorError, _Graph

__all__: list[str] = []


def _dense(ctx: Any, op: str) -> None:
    if ctx.batch_sizes is not None:
        raise UnsupportedOperatorError(f"{op}: packed (variable-length) sequences do not export")


def _step_input(g: _Graph, xw: str, t: int) -> str:
    """Step ``t`` of ``xw`` ``(T, B, G·H)``: ``(B, G·H)``."""
    time = g.ints([0], "time_axis")
    return g.node("Squeeze", [g.node("Slice", [xw, g.ints([t]), g.ints([t + 1]), time]), time])


def _gate(g: _Graph, x: str, k: int, hidden: int) -> str:
    """Gate ``k`` of a ``(B, G·H)`` tensor: ``(B, H)``."""
    return g.node("Slice", [x, g.ints([k * hidden]), g.ints([(k + 1) * hidden]), g.ints([1])])


def _every_step_then_last(g: _Graph, rows: list[str]) -> str:
    """``(T + 1, B, ·)``: each step's ``(B, ·)`` row, then the last one again (the final
    state is the last step's)."""
    time = g.ints([0], "time_axis")
    rows = [g.node("Unsqueeze", [r, time]) for r in rows]
    return g.node("Concat", [*rows, rows[-1]], axis=0)


def _lstm_scan(g: _Graph, ctx: Any, ins: list[str], out: Tensor) -> str:
    """``c' = f c + i g``, ``h' = o tanh(c')``; the output rows are ``[h_t | c_t]``."""
    _dense(ctx, "LSTMScan")
    xw, w_hh, h, c = ins
    hidden = out.shape[2] // 2
    w_t = g.node("Transpose", [w_hh], perm=[1, 0])
    rows = []
    for t in range(out.shape[0] - 1):
        gates = g.node("Add", [_step_input(g, xw, t), g.node("MatMul", [h, w_t])])
        i, f, o = (g.node("Sigmoid", [_gate(g, gates, k, hidden)]) for k in (0, 1, 3))
        cand = g.node("Tanh", [_gate(g, gates, 2, hidden)])
        c = g.node("Add", [g.node("Mul", [f, c]), g.node("Mul", [i, cand])])
        h = g.node("Mul", [o, g.node("Tanh", [c])])
        rows.append(g.node("Concat", [h, c], axis=1))
    return _every_step_then_last(g, rows)


def _gru_scan(g: _Graph, ctx: Any, ins: list[str], out: Tensor) -> str:
    """``r, z = σ(xᵣ + hᵣ), σ(x_z + h_z)``, ``n = tanh(xₙ + r·hₙ)``, ``h' = n + z·(h - n)``,
    where ``h·`` are the gates of ``h Wₕₕᵀ + bₕₕ``."""
    _dense(ctx, "GRUScan")
    xw, w_hh, b_hh, h = ins
    hidden = out.shape[2]
    w_t = g.node("Transpose", [w_hh], perm=[1, 0])
    rows = []
    for t in range(out.shape[0] - 1):
        x = _step_input(g, xw, t)
        hw = g.node("MatMul", [h, w_t])
        hw = g.node("Add", [hw, b_hh]) if b_hh else hw
        r, z = (
            g.node("Sigmoid", [g.node("Add", [_gate(g, x, k, hidden), _gate(g, hw, k, hidden)])])
            for k in (0, 1)
        )
        hn = g.node("Mul", [r, _gate(g, hw, 2, hidden)])
        n = g.node("Tanh", [g.node("Add", [_gate(g, x, 2, hidden), hn])])
        h = g.node("Add", [n, g.node("Mul", [z, g.node("Sub", [h, n])])])
        rows.append(h)
    return _every_step_then_last(g, rows)


def _rnn_scan(g: _Graph, ctx: Any, ins: list[str], out: Tensor) -> str:
    """``h' = act(x_t + h Wₕₕᵀ)``, ``act`` tanh or relu."""
    _dense(ctx, "RNNScan")
    xw, w_hh, h = ins
    act = "Tanh" if ctx.nonlinearity == "tanh" else "Relu"
    w_t = g.node("Transpose", [w_hh], perm=[1, 0])
    rows = []
    for t in range(out.shape[0] - 1):
        h = g.node(act, [g.node("Add", [_step_input(g, xw, t), g.node("MatMul", [h, w_t])])])
        rows.append(h)
    return _every_step_then_last(g, rows)


SEQUENCE_EMIT = {"LSTMScan": _lstm_scan, "GRUScan": _gru_scan, "RNNScan": _rnn_scan}
