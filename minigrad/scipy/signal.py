"""``minigrad.scipy.signal``: ``convolve``, SciPy's N-d convolution (modes ``'full'``,
``'valid'``, ``'same'``), with HIPS autograd's generalisation: convolve along chosen pairs of
axes (``axes``), contract along others (``dot_axes``), and keep the rest of ``in1`` then of
``in2`` as outer axes.

The value is one ``einsum`` over sliding windows of the zero-padded ``in1`` (no Python loop
over positions). The VJP of a convolution is a correlation: the output gradient, zero-padded
back to the ``'full'`` length, convolved in ``'valid'`` mode with the other operand flipped
along its convolved axes. That is again ``convolve`` (plus ``pad``/``flip``), so every order
of derivative works.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from ..autograd import Function
from ..numpy import flip, pad, transpose, zeros
from ..numpy._convert import tensor_of
from ..tensor import Tensor

__all__ = ["convolve"]

_MODES = ("full", "valid", "same")


def _axis_list(op: str, arg: str, axes: Any, ndim: int) -> tuple[int, ...]:
    try:
        out = tuple(int(a) for a in axes)
    except TypeError:
        raise TypeError(f"{op}: {arg} must be a sequence of axis numbers, got {axes!r}") from None
    for a in out:
        if not -ndim <= a < ndim:
            raise ValueError(f"{op}: {arg} names axis {a}, out of range for {ndim} dimensions")
    return tuple(a % ndim for a in out)


def _plan(shape_a: tuple, shape_b: tuple, mode: str, axes: Any, dot_axes: Any) -> dict:
    """The axis bookkeeping of one convolution: which axes of each operand are convolved,
    contracted and kept, with the sizes checked."""
    op = "convolve"
    if mode not in _MODES:
        raise ValueError(f"convolve: mode must be one of {_MODES}, got {mode!r}")
    na, nb = len(shape_a), len(shape_b)
    if axes is None:
        if na != nb:
            raise ValueError(
                f"convolve: in1 and in2 should have the same dimensionality, got shapes "
                f"{shape_a} and {shape_b} (or pass axes)"
            )
        axes = (range(na), range(nb))
    pairs = (axes, dot_axes)
    if not all(isinstance(p, (list, tuple)) and len(p) == 2 for p in pairs):
        raise ValueError("convolve: axes and dot_axes must each be a pair (axes of in1, of in2)")
    ca, cb = _axis_list(op, "axes[0]", axes[0], na), _axis_list(op, "axes[1]", axes[1], nb)
    da = _axis_list(op, "dot_axes[0]", dot_axes[0], na)
    db = _axis_list(op, "dot_axes[1]", dot_axes[1], nb)
    if len(ca) != len(cb) or len(da) != len(db):
        raise ValueError(
            f"convolve: axes {axes!r} and dot_axes {dot_axes!r} must pair as many axes of in1 "
            "as of in2"
        )
    for name, used in (("in1", ca + da), ("in2", cb + db)):
        if len(set(used)) != len(used):
            raise ValueError(f"convolve: an axis of {name} is named twice in axes/dot_axes")
    for i, j in zip(da, db, strict=True):
        if shape_a[i] != shape_b[j]:
            raise ValueError(
                f"convolve: dot_axes pair axis {i} of in1 {shape_a} with axis {j} of in2 "
                f"{shape_b}, of different lengths"
            )
    n = [shape_a[i] for i in ca]
    m = [shape_b[j] for j in cb]
    if any(y == 0 for y in m) or (mode != "same" and any(x == 0 for x in n)):
        raise ValueError(
            f"convolve: an empty operand along a convolved axis (in1 {shape_a}, in2 "
            f"{shape_b}) has no {mode!r} convolution (SciPy refuses it too)"
        )
    if mode == "valid" and not (
        all(x >= y for x, y in zip(n, m, strict=True))
        or all(x <= y for x, y in zip(n, m, strict=True))
    ):
        raise ValueError(
            f"convolve: in 'valid' mode either in1 {shape_a} or in2 {shape_b} must be at least "
            "as large as the other in every convolved dimension"
        )
    ia = tuple(i for i in range(na) if i not in ca + da)
    ib = tuple(j for j in range(nb) if j not in cb + db)
    return {"ca": ca, "cb": cb, "da": da, "db": db, "ia": ia, "ib": ib, "n": n, "m": m}


def _window(n: int, m: int, mode: str) -> tuple[int, int]:
    """Where the output of ``mode`` sits inside the ``'full'`` output (start, length)."""
    if mode == "full":
        return 0, n + m - 1
    if mode == "valid":
        return min(n, m) - 1, abs(n - m) + 1
    return (m - 1) // 2, n  # 'same': centred, as SciPy's _centered


def _convolve_arrays(a: np.ndarray, b: np.ndarray, mode: str, p: dict) -> np.ndarray:
    """Out axes: kept axes of ``a``, kept axes of ``b``, then the convolved pairs in order."""
    ca, cb, n, m = p["ca"], p["cb"], p["n"], p["m"]
    widths = [(0, 0)] * a.ndim
    for i, mi in zip(ca, m, strict=True):
        widths[i] = (mi - 1, mi - 1)
    if any(x == 0 for x in n + m):
        shape = [a.shape[i] for i in p["ia"]] + [b.shape[j] for j in p["ib"]]
        return np.zeros(shape + [_window(x, y, mode)[1] for x, y in zip(n, m, strict=True)])
    windows = sliding_window_view(np.pad(a, widths), m, axis=ca) if ca else a
    b_flipped = np.flip(b, axis=cb) if cb else b
    # Labels: a's axes 0..na-1, its window axes after; b's convolved axes share the window
    # labels, its dot axes share a's, its kept axes get new ones.
    na, k = a.ndim, len(ca)
    a_labels = list(range(na + k))
    b_labels = [0] * b.ndim
    for t, j in enumerate(cb):
        b_labels[j] = na + t
    for i, j in zip(p["da"], p["db"], strict=True):
        b_labels[j] = i
    for t, j in enumerate(p["ib"]):
        b_labels[j] = na + k + t
    out_labels = list(p["ia"]) + [na + k + t for t in range(len(p["ib"]))] + list(ca)
    full = np.einsum(windows, a_labels, b_flipped, b_labels, out_labels, optimize=True)
    lead = len(p["ia"]) + len(p["ib"])
    index = [slice(None)] * lead
    for x, y in zip(n, m, strict=True):
        start, length = _window(x, y, mode)
        index.append(slice(start, start + length))
    return np.array(full[tuple(index)], copy=True)


class Convolve(Function):
    @staticmethod
    def forward(ctx, a, b, mode, plan):
        ctx.mode, ctx.plan = mode, plan
        ctx.save_for_backward(a, b)
        out = _convolve_arrays(a, b, mode, plan)
        return out.astype(np.result_type(a.dtype, b.dtype), copy=False)

    @staticmethod
    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        p, mode = ctx.plan, ctx.mode
        if 0 in p["n"]:  # 'same' with an empty in1: the output is empty, nothing flows back
            return zeros(a.shape), zeros(b.shape)
        lead_a, lead_b = len(p["ia"]), len(p["ib"])
        conv_out = tuple(range(lead_a + lead_b, lead_a + lead_b + len(p["ca"])))
        # The output gradient, zero-padded back to the 'full' length on each convolved axis.
        widths = [(0, 0)] * grad.ndim
        for t, (x, y) in enumerate(zip(p["n"], p["m"], strict=True)):
            start, length = _window(x, y, mode)
            widths[conv_out[t]] = (start, x + y - 1 - start - length)
        g_full = pad(grad, widths) if any(w != (0, 0) for w in widths) else grad
        ga = gb = None
        if ctx.needs_input_grad[0]:
            ga = _correlate_back(
                g_full, b, conv_out, tuple(range(lead_a, lead_a + lead_b)), p, "a", a.ndim
            )
        if ctx.needs_input_grad[1]:
            gb = _correlate_back(g_full, a, conv_out, tuple(range(lead_a)), p, "b", b.ndim)
        return ga, gb


def _correlate_back(
    g: Tensor, other: Tensor, conv_out: tuple, kept_other: tuple, p: dict, which: str, ndim: int
) -> Tensor:
    """The gradient of one operand: ``g`` correlated with the ``other`` operand (a 'valid'
    convolution with ``other`` flipped), its axes put back in the operand's order."""
    mine, theirs = ("a", "b") if which == "a" else ("b", "a")
    c_other, i_other = p["c" + theirs], p["i" + theirs]
    flipped = flip(other, c_other) if c_other else other
    result = convolve(
        g, flipped, mode="valid", axes=(conv_out, c_other), dot_axes=(kept_other, i_other)
    )
    # result axes: g's kept axes (this operand's kept axes), the other's dot axes (sorted
    # by the other's axis numbers; each stands for its partner here), the convolved axes.
    partner = dict(zip(p["d" + theirs], p["d" + mine], strict=True))
    source = list(p["i" + mine]) + [partner[j] for j in sorted(partner)] + list(p["c" + mine])
    order = tuple(int(i) for i in np.argsort(source))
    return result if order == tuple(range(ndim)) else transpose(result, order)


def _float_operand(x: Any, arg: str) -> Tensor:
    try:
        t = tensor_of(x)
    except TypeError as e:
        raise TypeError(f"convolve: {arg}: {e}") from None
    return t if t.dtype.kind == "f" else tensor_of(t, np.float64)


def convolve(
    in1: Any,
    in2: Any,
    mode: str = "full",
    method: str = "auto",
    axes: Any = None,
    dot_axes: Any = ((), ()),
) -> Tensor:
    """The convolution of ``in1`` and ``in2`` (SciPy's ``scipy.signal.convolve``: ``'full'``,
    ``'valid'`` (either operand the larger) or ``'same'`` (centred, ``in1``'s size)), along
    the axis pairs ``axes`` (default: all axes, paired in order), summed over the pairs
    ``dot_axes``; the other axes of ``in1``, then of ``in2``, lead the output, the convolved
    axes follow (HIPS autograd's generalisation). Its gradient with respect to either input
    is a correlation with the other (a convolution with it flipped), so it differentiates
    again. ``method`` is accepted for SciPy's signature; the value is always direct."""
    if method not in ("auto", "direct", "fft"):
        raise ValueError(f"convolve: method must be 'auto', 'direct' or 'fft', got {method!r}")
    a, b = _float_operand(in1, "in1"), _float_operand(in2, "in2")
    plan = _plan(a.shape, b.shape, mode, axes, dot_axes)
    return Convolve.apply(a, b, mode=mode, plan=plan)
