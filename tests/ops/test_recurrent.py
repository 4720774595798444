"""The LSTM/GRU/RNN scans: gradients to second order, against the per-step cells, linear time."""

import gc
import time

import numpy as np
import pytest

import minigrad as mg
from minigrad.ops import recurrent as R
from minigrad.testing import gradcheck, gradgradcheck

rng = np.random.default_rng(0)
T, B, H = 4, 3, 2


def _n(*shape):
    return np.random.default_rng(sum(shape)).standard_normal(shape)


# The op sweep's samples (float64 arrays among the arguments become leaves).
GRADIENT_SAMPLES = {
    "lstm_scan": [
        ((_n(3, 2, 8), _n(8, 2), _n(2, 2), _n(2, 2)), {}),
        ((_n(3, 2, 8), _n(8, 2), _n(2, 2), _n(2, 2)), {"batch_sizes": [2, 2, 1]}),
    ],
    "gru_scan": [((_n(3, 2, 6), _n(6, 2), _n(6), _n(2, 2)), {})],
    "rnn_scan": [((_n(3, 2, 2), _n(2, 2), _n(2, 2)), {"batch_sizes": [2, 1, 1]})],
    "lstm_cell": [((_n(2, 3), _n(2, 2), _n(2, 2), _n(8, 3), _n(8, 2), _n(8), _n(8)), {})],
    "gru_cell": [((_n(2, 3), _n(2, 2), _n(6, 3), _n(6, 2), _n(6), _n(6)), {})],
    "rnn_cell": [((_n(2, 3), _n(2, 2), _n(2, 3), _n(2, 2), _n(2), _n(2)), {})],
}


def leaf(*shape):
    return mg.tensor(rng.standard_normal(shape), requires_grad=True)


SCANS = {
    "lstm": (lambda: [leaf(T, B, 4 * H), leaf(4 * H, H), leaf(B, H), leaf(B, H)], R.lstm_scan, {}),
    "gru": (lambda: [leaf(T, B, 3 * H), leaf(3 * H, H), leaf(3 * H), leaf(B, H)], R.gru_scan, {}),
    "tanh": (lambda: [leaf(T, B, H), leaf(H, H), leaf(B, H)], R.rnn_scan, {}),
    "relu": (lambda: [leaf(T, B, H), leaf(H, H), leaf(B, H)], R.rnn_scan, {"nonlinearity": "relu"}),
}


@pytest.mark.parametrize("kind", SCANS)
@pytest.mark.parametrize("batch_sizes", [None, [3, 3, 2, 1]])
def test_scan_gradients_first_and_second_order(kind, batch_sizes):
    make, scan, kw = SCANS[kind]
    inputs = make()
    assert gradcheck(lambda *a: scan(*a, batch_sizes=batch_sizes, **kw), inputs)
    assert gradgradcheck(lambda *a: scan(*a, batch_sizes=batch_sizes, **kw), inputs)


def test_gru_scan_without_hidden_bias():
    xw, w, h = leaf(T, B, 3 * H), leaf(3 * H, H), leaf(B, H)
    assert gradgradcheck(lambda *a: R.gru_scan(a[0], a[1], None, a[2]), [xw, w, h])


def unrolled(kind, x, w_ih, w_hh, b_ih, b_hh, h, c):
    outs = []
    for t in range(x.shape[0]):
        if kind == "lstm":
            h, c = R.lstm_cell(x[t], h, c, w_ih, w_hh, b_ih, b_hh)
        elif kind == "gru":
            h = R.gru_cell(x[t], h, w_ih, w_hh, b_ih, b_hh)
        else:
            h = R.rnn_cell(x[t], h, w_ih, w_hh, b_ih, b_hh, kind)
        outs.append(h)
    return mg.stack(outs)


def scanned(kind, x, w_ih, w_hh, b_ih, b_hh, h, c):
    if kind == "lstm":
        return R.lstm_scan(x @ w_ih.T + b_ih + b_hh, w_hh, h, c)[:-1, :, : h.shape[1]]
    if kind == "gru":
        return R.gru_scan(x @ w_ih.T + b_ih, w_hh, b_hh, h)[:-1]
    return R.rnn_scan(x @ w_ih.T + b_ih + b_hh, w_hh, h, nonlinearity=kind)[:-1]


@pytest.mark.parametrize("kind,gates", [("lstm", 4), ("gru", 3), ("tanh", 1), ("relu", 1)])
def test_scan_equals_the_unrolled_cells_to_second_order(kind, gates):
    args = [leaf(5, B, 3), leaf(gates * H, 3), leaf(gates * H, H), leaf(gates * H)]
    args += [leaf(gates * H), leaf(B, H), leaf(B, H)]
    a, b = scanned(kind, *args), unrolled(kind, *args)
    np.testing.assert_allclose(a.array, b.array, rtol=1e-12, atol=1e-14)
    g = mg.tensor(rng.standard_normal(a.shape))
    ga = mg.autograd.grad(a, args[:6], g, create_graph=True)
    gb = mg.autograd.grad(b, args[:6], g, create_graph=True)
    for u, v in zip(ga, gb):
        np.testing.assert_allclose(u.array, v.array, rtol=1e-10, atol=1e-12)
    s = sum((u * u).sum() for u in ga)
    r = sum((v * v).sum() for v in gb)
    for u, v in zip(mg.autograd.grad(s, args[:6]), mg.autograd.grad(r, args[:6])):
        np.testing.assert_allclose(u.array, v.array, rtol=1e-9, atol=1e-11)


def best_of(fn, n=3):
    best = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(n):
            start = time.perf_counter()
            fn()
            best = min(best, time.perf_counter() - start)
    finally:
        gc.enable()
    return best


def test_1000_step_lstm_backprops_in_linear_time():
    lstm = mg.nn.LSTM(4, 8)

    def step(n):
        x = mg.tensor(rng.standard_normal((n, 2, 4)).astype(np.float32), requires_grad=True)
        out, (_, c) = lstm(x)
        (out.sum() + c.sum()).backward()
        assert np.isfinite(x.grad.array).all()

    step(1000)
    ratio = best_of(lambda: step(1000)) / best_of(lambda: step(250))
    assert ratio < 8, f"1000 steps cost {ratio:.1f}x 250 steps (linear: ~4x, quadratic: ~16x)"


@pytest.mark.parametrize(
    "call,match",
    [
        (lambda: R.lstm_scan(leaf(3, 2, 7), leaf(8, 2), leaf(2, 2), leaf(2, 2)), "xw"),
        (lambda: R.gru_scan(leaf(3, 2, 6), leaf(6, 2), leaf(5), leaf(2, 2)), "b_hh"),
        (lambda: R.rnn_scan(leaf(3, 2, 2), leaf(2, 2), leaf(3, 2)), "states"),
        (lambda: R.rnn_scan(leaf(3, 2, 2), leaf(2, 2), leaf(2, 2), nonlinearity="gelu"), "nonlin"),
        (
            lambda: R.rnn_scan(leaf(3, 2, 2), leaf(2, 2), leaf(2, 2), batch_sizes=[1, 2, 2]),
            "non-inc",
        ),
        (lambda: R.rnn_scan(leaf(2, 2, 2), leaf(2, 2), leaf(2, 2), batch_sizes=[3, 2]), "exceeds"),
        (
            lambda: R.rnn_cell(leaf(2, 2), leaf(2, 2), leaf(2, 2), leaf(2, 2), nonlinearity="x"),
            "nonlin",
        ),
    ],
)
def test_bad_arguments(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_integer_input_is_a_type_error():
    with pytest.raises(TypeError, match="rnn_scan: xw"):
        R.rnn_scan(mg.tensor(np.zeros((2, 1, 1), np.int64)), leaf(1, 1), leaf(1, 1))
