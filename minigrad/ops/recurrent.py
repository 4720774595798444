"""Recurrences: one LSTM, GRU or Elman-RNN layer over a whole sequence as one primitive.
(Over 400 lines: the three scans, their cells and the two namespaces share the step maths.)

A per-step composition records ~15 nodes a step, and slicing step ``t`` out of a tensor that
requires grad scatters a full-size gradient back (quadratic in the sequence length). A scan
records one node: the forward loops in NumPy, the VJP is back-propagation through time in
NumPy, linear in the length. The step maths is written once, on a tiny namespace (``_NP`` for
ndarrays, ``_TENSOR`` for Tensors): the cells (``nn.LSTMCell`` ...) run it on Tensors, and a
scan's VJP runs it on Tensors when a higher-order graph is being recorded, so gradients of any
order work.

The input projection ``x Wᵢₕᵀ + b`` (one GEMM for all steps) is the caller's; a scan takes
its result ``xw`` of shape ``(T, B, G·H)``, the recurrent weight, and the initial state, and
returns ``(T + 1, B, ·)``: the outputs for the ``T`` steps, then the final state. Variable
lengths: ``batch_sizes[t]`` (non-increasing) rows are active at step ``t``; the others carry
their state and output zeros (the layout of a packed sequence, sorted by length).
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import numpy as np

from ..autograd import Function, is_grad_enabled
from ..tensor import Tensor
from . import elementwise as _ew
from . import shape as _shape

__all__ = ["gru_cell", "gru_scan", "lstm_cell", "lstm_scan", "rnn_cell", "rnn_scan"]


class _NP:
    """The step maths' primitives on ndarrays."""

    @staticmethod
    def sigmoid(x: np.ndarray) -> np.ndarray:
        # 1/(1+e^-x) = (1 + tanh(x/2))/2: one ufunc pass, and no overflow for large |x|.
        out = np.tanh(x * 0.5)
        out += 1
        out *= 0.5
        return out

    tanh = staticmethod(np.tanh)
    cat = staticmethod(np.concatenate)
    stack = staticmethod(np.stack)

    @staticmethod
    def relu(x: np.ndarray) -> np.ndarray:
        return np.maximum(x, 0)

    @staticmethod
    def lstm_gates(gates: np.ndarray) -> tuple[np.ndarray, ...]:
        # One tanh pass for all four gates: σ(x) = (1 + tanh(x/2))/2 for i, f, o.
        h4 = gates.shape[-1] // 4
        t = gates * _half_but_g(h4, gates.dtype)
        np.tanh(t, out=t)
        for part in (t[..., : 2 * h4], t[..., 3 * h4 :]):
            part += 1
            part *= 0.5
        return t[..., :h4], t[..., h4 : 2 * h4], t[..., 2 * h4 : 3 * h4], t[..., 3 * h4 :]

    @staticmethod
    def zeros(shape: tuple[int, ...], like: np.ndarray) -> np.ndarray:
        return np.zeros(shape, like.dtype)


@functools.lru_cache(maxsize=8)
def _half_but_g(h4: int, dtype: np.dtype) -> np.ndarray:
    scale = np.full(4 * h4, 0.5, dtype)
    scale[2 * h4 : 3 * h4] = 1
    return scale


class _Tensors:
    """The same primitives on Tensors (recorded, so differentiable)."""

    sigmoid = staticmethod(_ew.sigmoid)
    tanh = staticmethod(_ew.tanh)
    relu = staticmethod(_ew.relu)

    @staticmethod
    def cat(xs: Sequence[Tensor], axis: int = 0) -> Tensor:
        return _shape.concatenate(list(xs), axis=axis)

    @staticmethod
    def stack(xs: Sequence[Tensor], axis: int = 0) -> Tensor:
        return _shape.stack(list(xs), axis=axis)

    @staticmethod
    def zeros(shape: tuple[int, ...], like: Tensor) -> Tensor:
        return Tensor.constant(np.zeros(shape, like.dtype))

    @staticmethod
    def lstm_gates(gates: Tensor) -> tuple[Tensor, ...]:
        h4, sig = gates.shape[-1] // 4, _ew.sigmoid
        return (sig(gates[..., :h4]), sig(gates[..., h4 : 2 * h4]),
                _ew.tanh(gates[..., 2 * h4 : 3 * h4]), sig(gates[..., 3 * h4 :]))  # fmt: skip


_TENSOR = _Tensors()


# --------------------------------------------------------------------------------------------
# the steps (shared by the cells, the scans' forward and their higher-order VJPs)
# --------------------------------------------------------------------------------------------


def _lstm_step(ns: Any, gates: Any, c: Any) -> tuple[Any, Any, tuple[Any, ...]]:
    """PyTorch's gate order i, f, g, o: ``c' = f c + i g``, ``h' = o tanh(c')``."""
    i, f, g, o = ns.lstm_gates(gates)
    c = f * c + i * g
    tc = ns.tanh(c)
    return o * tc, c, (i, f, g, o, tc)


def _lstm_step_vjp(ns: Any, acts: tuple[Any, ...], c_prev: Any, dh: Any, dc: Any) -> tuple:
    """``(d gates, d c_prev)`` from the step's activations and the state's gradients."""
    i, f, g, o, tc = acts
    dc = dc + dh * o * (1 - tc * tc)
    dgates = ns.cat(
        [
            dc * g * i * (1 - i),
            dc * c_prev * f * (1 - f),
            dc * i * (1 - g * g),
            dh * tc * o * (1 - o),
        ],
        axis=-1,
    )
    return dgates, dc * f


def _gru_step(ns: Any, xw: Any, hw: Any, h: Any) -> tuple[Any, tuple[Any, ...]]:
    """PyTorch's gate order r, z, n: ``n = tanh(xₙ + r·hₙ)``, ``h' = n + z·(h - n)``."""
    h3 = xw.shape[-1] // 3
    r = ns.sigmoid(xw[..., :h3] + hw[..., :h3])
    z = ns.sigmoid(xw[..., h3 : 2 * h3] + hw[..., h3 : 2 * h3])
    hn = hw[..., 2 * h3 :]
    n = ns.tanh(xw[..., 2 * h3 :] + r * hn)
    return n + z * (h - n), (r, z, n, hn)


def _gru_step_vjp(ns: Any, acts: tuple[Any, ...], h_prev: Any, dh: Any) -> tuple:
    """``(d xw, d hw, the direct part of d h_prev)``."""
    r, z, n, hn = acts
    dn = dh * (1 - z) * (1 - n * n)
    dr = dn * hn * r * (1 - r)
    dz = dh * (h_prev - n) * z * (1 - z)
    return ns.cat([dr, dz, dn], axis=-1), ns.cat([dr, dz, dn * r], axis=-1), dh * z


def _rnn_step(ns: Any, pre: Any, nonlinearity: str) -> Any:
    return ns.tanh(pre) if nonlinearity == "tanh" else ns.relu(pre)


def _rnn_step_vjp(h: Any, dh: Any, nonlinearity: str) -> Any:
    if nonlinearity == "tanh":
        return dh * (1 - h * h)
    mask = (h.array if isinstance(h, Tensor) else h) > 0
    return dh * mask.astype(h.dtype)


# --------------------------------------------------------------------------------------------
# the scans: forward and back-propagation through time on either namespace
# --------------------------------------------------------------------------------------------


def _active(batch_sizes: Any, t: int, full: int) -> int:
    return full if batch_sizes is None else int(batch_sizes[t])


def _merge(ns: Any, new: Any, old: Any, b: int) -> Any:
    """The state after a step that updated only the first ``b`` rows."""
    return new if b == old.shape[0] else ns.cat([new, old[b:]], axis=0)


def _pad(ns: Any, x: Any, rows: int) -> Any:
    b = x.shape[0]
    return x if b == rows else ns.cat([x, ns.zeros((rows - b, *x.shape[1:]), x)], axis=0)


def _lstm_forward(ns: Any, xw: Any, w_hh: Any, h: Any, c: Any, bs: Any) -> tuple:
    """Every step's ``(h, c, activations, h_prev, c_prev)`` and the final state."""
    whT, steps = w_hh.T, []
    for t in range(xw.shape[0]):
        b = _active(bs, t, h.shape[0])
        hp, cp = h[:b], c[:b]
        hn, cn, acts = _lstm_step(ns, xw[t, :b] + hp @ whT, cp)
        steps.append((hn, cn, acts, hp, cp))
        h, c = _merge(ns, hn, h, b), _merge(ns, cn, c, b)
    return steps, h, c


def _lstm_backward(ns: Any, steps: list, w_hh: Any, grad: Any, batch: int) -> tuple:
    length, hidden = len(steps), w_hh.shape[1]
    dh, dc = grad[length, :, :hidden], grad[length, :, hidden:]
    dgates = [None] * length
    for t in range(length - 1, -1, -1):
        _, _, acts, hp, cp = steps[t]
        b = hp.shape[0]
        dg, dcp = _lstm_step_vjp(
            ns, acts, cp, dh[:b] + grad[t, :b, :hidden], dc[:b] + grad[t, :b, hidden:]
        )
        dgates[t] = _pad(ns, dg, batch)
        dh, dc = _merge(ns, dg @ w_hh, dh, b), _merge(ns, dcp, dc, b)
    dxw = ns.stack(dgates)
    h_prev = ns.stack([_pad(ns, s[3], batch) for s in steps])
    dw = dxw.reshape(-1, 4 * hidden).T @ h_prev.reshape(-1, hidden)
    return dxw, dw, dh, dc


class LSTMScan(Function):
    @staticmethod
    def forward(ctx, xw, w_hh, h0, c0, *, batch_sizes):
        ctx.batch_sizes = batch_sizes
        steps, h, c = _lstm_forward(_NP, xw, w_hh, h0, c0, batch_sizes)
        ctx.steps = steps
        length, batch, hidden = xw.shape[0], h0.shape[0], h0.shape[1]
        out = np.zeros((length + 1, batch, 2 * hidden), xw.dtype)
        for t, (hn, cn, *_) in enumerate(steps):
            out[t, : hn.shape[0], :hidden], out[t, : hn.shape[0], hidden:] = hn, cn
        out[length, :, :hidden], out[length, :, hidden:] = h, c
        ctx.save_for_backward(xw, w_hh, h0, c0)
        return out

    @staticmethod
    def backward(ctx, grad):
        xw, w_hh, h0, c0 = ctx.saved_tensors
        if is_grad_enabled():  # a higher-order graph: recompute the steps in Tensor ops
            steps = _lstm_forward(_TENSOR, xw, w_hh, h0, c0, ctx.batch_sizes)[0]
            return _lstm_backward(_TENSOR, steps, w_hh, grad, h0.shape[0])
        return _lstm_backward(_NP, ctx.steps, w_hh.array, grad.array, h0.shape[0])


def _gru_forward(ns: Any, xw: Any, w_hh: Any, b_hh: Any, h: Any, bs: Any) -> tuple:
    whT, steps = w_hh.T, []
    for t in range(xw.shape[0]):
        b = _active(bs, t, h.shape[0])
        hp = h[:b]
        hw = hp @ whT if b_hh is None else hp @ whT + b_hh
        hn, acts = _gru_step(ns, xw[t, :b], hw, hp)
        steps.append((hn, acts, hp))
        h = _merge(ns, hn, h, b)
    return steps, h


def _gru_backward(ns: Any, steps: list, w_hh: Any, grad: Any, batch: int) -> tuple:
    length, hidden = len(steps), w_hh.shape[1]
    dh = grad[length]
    dxws, dhws = [None] * length, [None] * length
    for t in range(length - 1, -1, -1):
        _, acts, hp = steps[t]
        b = hp.shape[0]
        dxw, dhw, direct = _gru_step_vjp(ns, acts, hp, dh[:b] + grad[t, :b])
        dxws[t], dhws[t] = _pad(ns, dxw, batch), _pad(ns, dhw, batch)
        dh = _merge(ns, direct + dhw @ w_hh, dh, b)
    dhw_all = ns.stack(dhws).reshape(-1, 3 * hidden)
    h_prev = ns.stack([_pad(ns, s[2], batch) for s in steps]).reshape(-1, hidden)
    return ns.stack(dxws), dhw_all.T @ h_prev, dhw_all.sum(0), dh


class GRUScan(Function):
    @staticmethod
    def forward(ctx, xw, w_hh, b_hh, h0, *, batch_sizes):
        ctx.batch_sizes = batch_sizes
        ctx.steps, h = _gru_forward(_NP, xw, w_hh, b_hh, h0, batch_sizes)
        out = np.zeros((xw.shape[0] + 1, *h0.shape), xw.dtype)
        for t, (hn, *_) in enumerate(ctx.steps):
            out[t, : hn.shape[0]] = hn
        out[-1] = h
        ctx.save_for_backward(xw, w_hh, b_hh, h0)
        return out

    @staticmethod
    def backward(ctx, grad):
        xw, w_hh, b_hh, h0 = ctx.saved_tensors
        if is_grad_enabled():
            steps = _gru_forward(_TENSOR, xw, w_hh, b_hh, h0, ctx.batch_sizes)[0]
            dxw, dw, db, dh = _gru_backward(_TENSOR, steps, w_hh, grad, h0.shape[0])
        else:
            dxw, dw, db, dh = _gru_backward(_NP, ctx.steps, w_hh.array, grad.array, h0.shape[0])
        return dxw, dw, (db if b_hh is not None else None), dh


def _rnn_forward(ns: Any, xw: Any, w_hh: Any, h: Any, bs: Any, nonlinearity: str) -> tuple:
    whT, steps = w_hh.T, []
    for t in range(xw.shape[0]):
        b = _active(bs, t, h.shape[0])
        hp = h[:b]
        hn = _rnn_step(ns, xw[t, :b] + hp @ whT, nonlinearity)
        steps.append((hn, hp))
        h = _merge(ns, hn, h, b)
    return steps, h


def _rnn_backward(ns: Any, steps: list, w_hh: Any, grad: Any, batch: int, nl: str) -> tuple:
    length, hidden = len(steps), w_hh.shape[1]
    dh, dpres = grad[length], [None] * length
    for t in range(length - 1, -1, -1):
        hn, hp = steps[t]
        b = hp.shape[0]
        dpre = _rnn_step_vjp(hn, dh[:b] + grad[t, :b], nl)
        dpres[t] = _pad(ns, dpre, batch)
        dh = _merge(ns, dpre @ w_hh, dh, b)
    dxw = ns.stack(dpres)
    h_prev = ns.stack([_pad(ns, s[1], batch) for s in steps]).reshape(-1, hidden)
    return dxw, dxw.reshape(-1, hidden).T @ h_prev, dh


class RNNScan(Function):
    @staticmethod
    def forward(ctx, xw, w_hh, h0, *, batch_sizes, nonlinearity):
        ctx.batch_sizes, ctx.nonlinearity = batch_sizes, nonlinearity
        ctx.steps, h = _rnn_forward(_NP, xw, w_hh, h0, batch_sizes, nonlinearity)
        out = np.zeros((xw.shape[0] + 1, *h0.shape), xw.dtype)
        for t, (hn, _) in enumerate(ctx.steps):
            out[t, : hn.shape[0]] = hn
        out[-1] = h
        ctx.save_for_backward(xw, w_hh, h0)
        return out

    @staticmethod
    def backward(ctx, grad):
        xw, w_hh, h0 = ctx.saved_tensors
        nl, batch = ctx.nonlinearity, h0.shape[0]
        if is_grad_enabled():
            steps = _rnn_forward(_TENSOR, xw, w_hh, h0, ctx.batch_sizes, nl)[0]
            return _rnn_backward(_TENSOR, steps, w_hh, grad, batch, nl)
        return _rnn_backward(_NP, ctx.steps, w_hh.array, grad.array, batch, nl)


# --------------------------------------------------------------------------------------------
# public functions
# --------------------------------------------------------------------------------------------


def _check_scan(op: str, xw: Any, w_hh: Any, states: Sequence[Any], gates: int, bs: Any) -> None:
    for name, t in (("xw", xw), ("w_hh", w_hh), *(("state", s) for s in states)):
        if not isinstance(t, Tensor) or t.dtype.kind != "f":
            raise TypeError(f"{op}: {name} must be a floating-point Tensor, got {t!r:.60}")
    hidden = w_hh.shape[-1] if w_hh.ndim == 2 else -1
    batch = states[0].shape[0] if states[0].ndim == 2 else -1
    ok = w_hh.shape == (gates * hidden, hidden) and xw.ndim == 3
    ok = ok and xw.shape[1:] == (batch, gates * hidden)
    ok = ok and all(s.shape == (batch, hidden) for s in states)
    if not ok:
        raise ValueError(
            f"{op}: expected xw (T, B, {gates}·H), w_hh ({gates}·H, H) and states (B, H); got "
            f"xw {xw.shape}, w_hh {w_hh.shape}, states {[s.shape for s in states]}"
        )
    if bs is not None:
        bs = np.asarray(bs)
        if bs.shape != (xw.shape[0],) or np.any(np.diff(bs) > 0) or np.any(bs < 1):
            raise ValueError(
                f"{op}: batch_sizes must be {xw.shape[0]} positive, non-increasing counts, "
                f"got {bs.tolist()}"
            )
        if bs.size and bs[0] > batch:
            raise ValueError(f"{op}: batch_sizes[0]={bs[0]} exceeds the batch size {batch}")


def lstm_scan(
    xw: Tensor, w_hh: Tensor, h0: Tensor, c0: Tensor, *, batch_sizes: Any = None
) -> Tensor:
    """One LSTM layer over a sequence.

    Parameters
    ----------
    xw : Tensor ``(T, B, 4H)``
        The input projection ``x Wᵢₕᵀ + bᵢₕ + bₕₕ`` of every step (gates i, f, g, o).
    w_hh : Tensor ``(4H, H)``
    h0, c0 : Tensor ``(B, H)``
    batch_sizes
        ``T`` non-increasing counts of active rows per step, or None (all ``B``).

    Returns
    -------
    Tensor ``(T + 1, B, 2H)``
        ``[h_t | c_t]`` for every step (zero where a row is inactive), then ``[h_n | c_n]``.
    """
    _check_scan("lstm_scan", xw, w_hh, (h0, c0), 4, batch_sizes)
    return LSTMScan.apply(xw, w_hh, h0, c0, batch_sizes=batch_sizes)


def gru_scan(
    xw: Tensor, w_hh: Tensor, b_hh: Tensor | None, h0: Tensor, *, batch_sizes: Any = None
) -> Tensor:
    """One GRU layer over a sequence.

    ``xw`` ``(T, B, 3H)`` is ``x Wᵢₕᵀ + bᵢₕ`` (gates r, z, n); ``b_hh`` ``(3H,)`` is kept apart
    because the reset gate multiplies ``hₙ`` with its bias. Returns ``(T + 1, B, H)``: every
    step's ``h_t``, then ``h_n``. See :func:`lstm_scan` for ``batch_sizes``.
    """
    _check_scan("gru_scan", xw, w_hh, (h0,), 3, batch_sizes)
    if b_hh is not None and (not isinstance(b_hh, Tensor) or b_hh.shape != xw.shape[2:]):
        raise ValueError(f"gru_scan: b_hh must be a Tensor of shape {xw.shape[2:]}")
    return GRUScan.apply(xw, w_hh, b_hh, h0, batch_sizes=batch_sizes)


def rnn_scan(
    xw: Tensor,
    w_hh: Tensor,
    h0: Tensor,
    *,
    nonlinearity: str = "tanh",
    batch_sizes: Any = None,
) -> Tensor:
    """One Elman RNN layer, ``h' = act(xw_t + h Wₕₕᵀ)`` with ``act`` tanh or relu.

    Returns ``(T + 1, B, H)``: every step's ``h_t``, then ``h_n``.
    """
    if nonlinearity not in ("tanh", "relu"):
        raise ValueError(f"rnn_scan: nonlinearity must be 'tanh' or 'relu', got {nonlinearity!r}")
    _check_scan("rnn_scan", xw, w_hh, (h0,), 1, batch_sizes)
    return RNNScan.apply(xw, w_hh, h0, batch_sizes=batch_sizes, nonlinearity=nonlinearity)


def _project(x: Tensor, w: Tensor, b: Tensor | None) -> Tensor:
    out = x @ w.T
    return out if b is None else out + b


def lstm_cell(
    x: Tensor,
    h: Tensor,
    c: Tensor,
    w_ih: Tensor,
    w_hh: Tensor,
    b_ih: Tensor | None = None,
    b_hh: Tensor | None = None,
) -> tuple[Tensor, Tensor]:
    """One LSTM step in Tensor ops: ``(h', c')`` for ``x (*, I)``, ``h, c (*, H)``."""
    gates = _project(x, w_ih, b_ih) + _project(h, w_hh, b_hh)
    h, c, _ = _lstm_step(_TENSOR, gates, c)
    return h, c


def gru_cell(
    x: Tensor,
    h: Tensor,
    w_ih: Tensor,
    w_hh: Tensor,
    b_ih: Tensor | None = None,
    b_hh: Tensor | None = None,
) -> Tensor:
    """One GRU step in Tensor ops: ``h'`` for ``x (*, I)``, ``h (*, H)``."""
    return _gru_step(_TENSOR, _project(x, w_ih, b_ih), _project(h, w_hh, b_hh), h)[0]


def rnn_cell(
    x: Tensor,
    h: Tensor,
    w_ih: Tensor,
    w_hh: Tensor,
    b_ih: Tensor | None = None,
    b_hh: Tensor | None = None,
    nonlinearity: str = "tanh",
) -> Tensor:
    """One Elman step in Tensor ops: ``act(x Wᵢₕᵀ + bᵢₕ + h Wₕₕᵀ + bₕₕ)``."""
    if nonlinearity not in ("tanh", "relu"):
        raise ValueError(f"rnn_cell: nonlinearity must be 'tanh' or 'relu', got {nonlinearity!r}")
    return _rnn_step(_TENSOR, _project(x, w_ih, b_ih) + _project(h, w_hh, b_hh), nonlinearity)
