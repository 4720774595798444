"""RNN, LSTM, GRU and the cells against torch.nn with copied weights, both state_dict ways."""

import numpy as np
import pytest

import minigrad as mg
from minigrad.nn import rnn_utils
from minigrad.testing import gradgradcheck

rng = np.random.default_rng(2)

SPECS = [
    "LSTM(3, 4)",
    "LSTM(3, 4, num_layers=2, bidirectional=True)",
    "LSTM(3, 4, batch_first=True, bias=False)",
    "GRU(3, 4)",
    "GRU(3, 4, num_layers=2, bidirectional=True, batch_first=True)",
    "RNN(3, 4)",
    "RNN(3, 4, nonlinearity='relu', num_layers=2)",
    "RNN(3, 4, bidirectional=True, bias=False)",
]


def twins(torch, spec):
    tlayer = eval(spec, vars(torch.nn))
    layer = eval(spec[:-1] + ", dtype=mg.float64)", {**vars(mg.nn), "mg": mg})
    assert list(layer.state_dict()) == list(tlayer.state_dict())
    layer.load_state_dict({k: v.numpy() for k, v in tlayer.state_dict().items()})
    return layer, tlayer


def states(spec, batch, lib, unbatched=False):
    count = (2 if "num_layers=2" in spec else 1) * (2 if "bidirectional" in spec else 1)
    shape = (count, 4) if unbatched else (count, batch, 4)
    hs = [rng.standard_normal(shape) for _ in range(2 if "LSTM" in spec else 1)]
    ts = [lib.tensor(h, requires_grad=True) for h in hs]
    return ts, (tuple(ts) if len(ts) == 2 else ts[0])


def first(h):
    return h[0] if isinstance(h, tuple) else h


def compare_grads(layer, tlayer, pairs):
    for a, b in pairs:
        np.testing.assert_allclose(a.grad.array, b.grad.numpy(), rtol=1e-9, atol=1e-12)
    named = dict(layer.named_parameters())
    for name, p in tlayer.named_parameters():
        np.testing.assert_allclose(named[name].grad.array, p.grad.numpy(), rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("spec", SPECS)
@pytest.mark.parametrize("with_state", [False, True])
def test_layer_matches_torch(torch, spec, with_state):
    layer, tlayer = twins(torch, spec)
    x = rng.standard_normal((2, 5, 3) if "batch_first" in spec else (5, 2, 3))
    xm, xt = mg.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    hm, hx_m = states(spec, 2, mg) if with_state else ([], None)
    ht = [torch.tensor(h.array, requires_grad=True) for h in hm]
    hx_t = (tuple(ht) if len(ht) == 2 else ht[0]) if with_state else None
    out, h = layer(xm, hx_m)
    tout, th = tlayer(xt, hx_t)
    np.testing.assert_allclose(out.array, tout.detach().numpy(), rtol=1e-10, atol=1e-12)
    for a, b in zip(h if isinstance(h, tuple) else [h], th if isinstance(th, tuple) else [th]):
        np.testing.assert_allclose(a.array, b.detach().numpy(), rtol=1e-10, atol=1e-12)
    g = rng.standard_normal(out.shape)
    ((out * mg.tensor(g)).sum() + first(h).sum() * 0.5).backward()
    ((tout * torch.tensor(g)).sum() + first(th).sum() * 0.5).backward()
    compare_grads(layer, tlayer, [(xm, xt), *zip(hm, ht)])


@pytest.mark.parametrize("spec", [SPECS[1], SPECS[4], SPECS[7]])
@pytest.mark.parametrize("enforce_sorted", [True, False])
def test_packed_sequences_match_torch(torch, spec, enforce_sorted):
    layer, tlayer = twins(torch, spec)
    lengths = [5, 3, 2] if enforce_sorted else [2, 5, 3]
    x = rng.standard_normal((5, 3, 3))
    xm, xt = mg.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    hm, hx_m = states(spec, 3, mg)
    ht = [torch.tensor(h.array, requires_grad=True) for h in hm]
    hx_t = tuple(ht) if len(ht) == 2 else ht[0]
    pm = rnn_utils.pack_padded_sequence(xm, lengths, enforce_sorted=enforce_sorted)
    pt = torch.nn.utils.rnn.pack_padded_sequence(xt, lengths, enforce_sorted=enforce_sorted)
    out, h = layer(pm, hx_m)
    tout, th = tlayer(pt, hx_t)
    assert isinstance(out, rnn_utils.PackedSequence)
    np.testing.assert_allclose(out.data.array, tout.data.detach().numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(first(h).array, first(th).detach().numpy(), rtol=1e-10, atol=1e-12)
    padded, lens = rnn_utils.pad_packed_sequence(out, batch_first=True)
    tpadded, tlens = torch.nn.utils.rnn.pad_packed_sequence(tout, batch_first=True)
    np.testing.assert_array_equal(lens.array, tlens.numpy())
    g = rng.standard_normal(padded.shape)
    ((padded * mg.tensor(g)).sum() + first(h).sum()).backward()
    ((tpadded * torch.tensor(g)).sum() + first(th).sum()).backward()
    compare_grads(layer, tlayer, [(xm, xt), *zip(hm, ht)])


@pytest.mark.parametrize("spec", ["LSTM(3, 4, num_layers=2)", "GRU(3, 4)", "RNN(3, 4)"])
def test_unbatched_input(torch, spec):
    layer, tlayer = twins(torch, spec)
    x = rng.standard_normal((5, 3))
    hm, hx_m = states(spec, 1, mg, unbatched=True)
    hx_t = tuple(torch.tensor(h.array) for h in hm) if len(hm) == 2 else torch.tensor(hm[0].array)
    out, h = layer(mg.tensor(x), hx_m)
    tout, th = tlayer(torch.tensor(x), hx_t)
    assert out.shape == tuple(tout.shape) == (5, 4)
    np.testing.assert_allclose(out.array, tout.detach().numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(first(h).array, first(th).detach().numpy(), rtol=1e-10, atol=1e-12)


def test_state_dict_round_trip_to_torch(torch):
    layer = mg.nn.LSTM(3, 4, num_layers=2, bidirectional=True)
    tlayer = torch.nn.LSTM(3, 4, num_layers=2, bidirectional=True).float()
    tlayer.load_state_dict({k: torch.tensor(np.asarray(v)) for k, v in layer.state_dict().items()})
    x = rng.standard_normal((5, 2, 3)).astype(np.float32)
    np.testing.assert_allclose(
        layer(mg.tensor(x))[0].array, tlayer(torch.tensor(x))[0].detach().numpy(), atol=1e-6
    )


def test_initialisation_is_uniform_within_one_over_sqrt_hidden():
    layer = mg.nn.GRU(3, 16, num_layers=2)
    values = np.concatenate([p.array.ravel() for p in layer.parameters()])
    assert values.dtype == np.float32
    assert np.abs(values).max() <= 0.25 and np.abs(values).max() > 0.2
    assert len(list(layer.parameters())) == 8


def test_dropout_between_layers_only_in_training():
    layer = mg.nn.LSTM(3, 4, num_layers=2, dropout=0.5)
    x = mg.tensor(rng.standard_normal((5, 2, 3)).astype(np.float32))
    mg.manual_seed(0)
    a = layer(x)[0]
    mg.manual_seed(1)
    b = layer(x)[0]
    assert not np.allclose(a.array, b.array)
    layer.eval()
    np.testing.assert_array_equal(layer(x)[0].array, layer(x)[0].array)


CELLS = ["LSTMCell(3, 4)", "GRUCell(3, 4)", "RNNCell(3, 4)", "RNNCell(3, 4, nonlinearity='relu')",
         "GRUCell(3, 4, bias=False)"]  # fmt: skip


@pytest.mark.parametrize("spec", CELLS)
@pytest.mark.parametrize("batched", [True, False])
def test_cells_match_torch(torch, spec, batched):
    layer, tlayer = twins(torch, spec)
    shape = (2, 3) if batched else (3,)
    x = rng.standard_normal(shape)
    hs = [rng.standard_normal((*shape[:-1], 4)) for _ in range(2 if "LSTM" in spec else 1)]
    xm, xt = mg.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    hm = [mg.tensor(h, requires_grad=True) for h in hs]
    ht = [torch.tensor(h, requires_grad=True) for h in hs]
    out = layer(xm, tuple(hm) if len(hm) == 2 else hm[0])
    tout = tlayer(xt, tuple(ht) if len(ht) == 2 else ht[0])
    outs, touts = (out, tout) if isinstance(out, tuple) else ((out,), (tout,))
    for a, b in zip(outs, touts):
        np.testing.assert_allclose(a.array, b.detach().numpy(), rtol=1e-10, atol=1e-12)
    sum(o.sum() * (i + 1) for i, o in enumerate(outs)).backward()
    sum(o.sum() * (i + 1) for i, o in enumerate(touts)).backward()
    compare_grads(layer, tlayer, [(xm, xt), *zip(hm, ht)])
    assert first(layer(xm)).shape == tuple(first(tlayer(xt)).shape)  # hx omitted: zeros
    np.testing.assert_allclose(
        first(layer(xm)).array, first(tlayer(xt)).detach().numpy(), rtol=1e-10, atol=1e-12
    )


@pytest.mark.parametrize("spec", ["LSTM(2, 3, bidirectional=True)", "GRU(2, 3, num_layers=2)"])
def test_layer_second_order_against_torch(torch, spec):
    layer, tlayer = twins(torch, spec)
    x = rng.standard_normal((3, 2, 2))
    xm, xt = mg.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    (gm,) = mg.autograd.grad((layer(xm)[0] ** 2).sum(), xm, create_graph=True)
    (gt,) = torch.autograd.grad((tlayer(xt)[0] ** 2).sum(), xt, create_graph=True)
    np.testing.assert_allclose(gm.array, gt.detach().numpy(), rtol=1e-9, atol=1e-12)
    (gm * gm).sum().backward()
    (gt * gt).sum().backward()
    compare_grads(layer, tlayer, [(xm, xt)])
    assert gradgradcheck(lambda x: layer(x)[0], [mg.tensor(x, requires_grad=True)])


@pytest.mark.parametrize(
    "call",
    [
        lambda: mg.nn.LSTM(3, 4, proj_size=2),
        lambda: mg.nn.LSTM(3, 4, dropout=1.5),
        lambda: mg.nn.RNN(3, 4, nonlinearity="gelu"),
        lambda: mg.nn.LSTM(3, 4)(mg.zeros(5, 2, 2)),
        lambda: mg.nn.GRU(3, 4)(mg.zeros(5, 2, 3), mg.zeros(1, 3, 4)),
        lambda: mg.nn.LSTMCell(3, 4)(mg.zeros(2, 3), (mg.zeros(2, 4), mg.zeros(1, 4))),
        lambda: mg.nn.GRU(3, 4)(mg.zeros(3)),
    ],
)
def test_bad_arguments(call):
    with pytest.raises(ValueError):
        call()


def test_repr():
    assert repr(mg.nn.LSTM(3, 4, num_layers=2, batch_first=True)) == (
        "LSTM(3, 4, num_layers=2, batch_first=True)"
    )
