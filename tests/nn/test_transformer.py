"""MultiheadAttention and the Transformer layers against torch.nn with copied weights."""

import numpy as np
import pytest

import minigrad as mg
from minigrad.testing import gradgradcheck

rng = np.random.default_rng(5)


def twins(torch, spec, **kw):
    tlayer = eval(spec, vars(torch.nn))
    layer = eval(spec[:-1] + ", dtype=mg.float64)", {**vars(mg.nn), "mg": mg})
    assert list(layer.state_dict()) == list(tlayer.state_dict())
    for p in tlayer.parameters():  # non-zero biases and LayerNorm affines
        p.data = torch.tensor(rng.standard_normal(tuple(p.shape)) * 0.3)
    layer.load_state_dict({k: v.numpy() for k, v in tlayer.state_dict().items()})
    return layer, tlayer


def compare_grads(layer, tlayer, pairs):
    for a, b in pairs:
        np.testing.assert_allclose(a.grad.array, b.grad.numpy(), rtol=1e-8, atol=1e-11)
    named = dict(layer.named_parameters())
    for name, p in tlayer.named_parameters():
        np.testing.assert_allclose(
            named[name].grad.array, p.grad.numpy(), rtol=1e-8, atol=1e-11, err_msg=name
        )


def leaves(torch, *shapes):
    arrays = [rng.standard_normal(s) for s in shapes]
    return (
        [mg.tensor(a, requires_grad=True) for a in arrays],
        [torch.tensor(a, requires_grad=True) for a in arrays],
    )


MHA = [
    ("MultiheadAttention(8, 2)", {}),
    ("MultiheadAttention(8, 2, batch_first=True)", {"need_weights": False}),
    ("MultiheadAttention(8, 4, bias=False)", {"average_attn_weights": False}),
    ("MultiheadAttention(8, 2, kdim=3, vdim=5)", {}),
]


@pytest.mark.parametrize("spec,kw", MHA)
@pytest.mark.parametrize("masks", ["none", "padding", "bool", "float", "causal"])
def test_multihead_attention_matches_torch(torch, spec, kw, masks):
    layer, tlayer = twins(torch, spec)
    kd, vd = (3, 5) if "kdim" in spec else (8, 8)
    first = "batch_first" in spec
    shapes = [(2, 4, 8), (2, 6, kd), (2, 6, vd)] if first else [(4, 2, 8), (6, 2, kd), (6, 2, vd)]
    (q, k, v), (tq, tk, tv) = leaves(torch, *shapes)
    mkw = {}
    if masks == "padding":
        mkw["key_padding_mask"] = np.array([[False] * 4 + [True] * 2, [False] * 6])
    elif masks == "bool":
        mkw["attn_mask"] = np.c_[np.zeros((4, 1), bool), rng.random((4, 5)) > 0.5]
    elif masks == "float":
        mkw["attn_mask"] = rng.standard_normal((2 * layer.num_heads, 4, 6))
    elif masks == "causal":
        mkw["attn_mask"], mkw["is_causal"] = np.triu(np.ones((4, 6), bool), 1), True
    tmkw = {a: torch.tensor(b) if isinstance(b, np.ndarray) else b for a, b in mkw.items()}
    out, w = layer(q, k, v, **mkw, **kw)
    tout, tw = tlayer(tq, tk, tv, **tmkw, **kw)
    np.testing.assert_allclose(out.array, tout.detach().numpy(), rtol=1e-9, atol=1e-12)
    assert (w is None) == (tw is None)
    if w is not None:
        np.testing.assert_allclose(w.array, tw.detach().numpy(), rtol=1e-9, atol=1e-12)
    g = rng.standard_normal(out.shape)
    out.backward(mg.tensor(g))
    tout.backward(torch.tensor(g))
    compare_grads(layer, tlayer, [(q, tq), (k, tk), (v, tv)])


def test_self_attention_unbatched_and_the_fused_path_agree(torch):
    layer, tlayer = twins(torch, "MultiheadAttention(6, 3)")
    (x,), (tx,) = leaves(torch, (5, 6))
    out, w = layer(x, x, x)
    tout, tw = tlayer(tx, tx, tx)
    np.testing.assert_allclose(out.array, tout.detach().numpy(), rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(w.array, tw.detach().numpy(), rtol=1e-9, atol=1e-12)
    fused, none = layer(x, x, x, need_weights=False)
    assert none is None
    np.testing.assert_allclose(fused.array, out.array, rtol=1e-12)


LAYERS = [
    "TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.0)",
    "TransformerEncoderLayer(8, 2, 16, 0.0, batch_first=True, norm_first=True)",
    "TransformerEncoderLayer(8, 4, 16, 0.0, layer_norm_eps=1e-3, bias=False)",
]


@pytest.mark.parametrize("spec", LAYERS)
@pytest.mark.parametrize("masked", [False, True])
def test_encoder_layer_matches_torch(torch, spec, masked):
    layer, tlayer = twins(torch, spec)
    (x,), (tx,) = leaves(torch, (2, 5, 8) if "batch_first" in spec else (5, 2, 8))
    kw = {}
    if masked:
        kw = {"src_mask": np.triu(np.ones((5, 5), bool), 1),
              "src_key_padding_mask": np.array([[False] * 4 + [True], [False] * 5])}  # fmt: skip
    tkw = {a: torch.tensor(b) for a, b in kw.items()}
    out, tout = layer(x, **kw), tlayer(tx, **tkw)
    np.testing.assert_allclose(out.array, tout.detach().numpy(), rtol=1e-9, atol=1e-12)
    g = rng.standard_normal(out.shape)
    out.backward(mg.tensor(g))
    tout.backward(torch.tensor(g))
    compare_grads(layer, tlayer, [(x, tx)])


@pytest.mark.parametrize("norm_first", [False, True])
def test_decoder_layer_matches_torch(torch, norm_first):
    spec = f"TransformerDecoderLayer(8, 2, 16, 0.0, norm_first={norm_first})"
    layer, tlayer = twins(torch, spec)
    (x, mem), (tx, tmem) = leaves(torch, (4, 2, 8), (6, 2, 8))
    mask = mg.nn.Transformer.generate_square_subsequent_mask(4, dtype=mg.float64)
    tmask = torch.nn.Transformer.generate_square_subsequent_mask(4)
    np.testing.assert_array_equal(mask.array, tmask.numpy())
    pad = np.array([[False] * 5 + [True], [False] * 6])
    out = layer(x, mem, tgt_mask=mask, memory_key_padding_mask=pad)
    tout = tlayer(tx, tmem, tgt_mask=tmask, memory_key_padding_mask=torch.tensor(pad))
    np.testing.assert_allclose(out.array, tout.detach().numpy(), rtol=1e-9, atol=1e-12)
    g = rng.standard_normal(out.shape)
    out.backward(mg.tensor(g))
    tout.backward(torch.tensor(g))
    compare_grads(layer, tlayer, [(x, tx), (mem, tmem)])


def test_stacks_and_transformer_match_torch_and_load_both_ways(torch):
    spec = "Transformer(8, 2, 2, 1, 16, 0.0, batch_first=True)"
    layer, tlayer = twins(torch, spec)
    assert "encoder.layers.1.self_attn.in_proj_weight" in layer.state_dict()
    (src, tgt), (tsrc, ttgt) = leaves(torch, (2, 5, 8), (2, 3, 8))
    out, tout = layer(src, tgt), tlayer(tsrc, ttgt)
    np.testing.assert_allclose(out.array, tout.detach().numpy(), rtol=1e-9, atol=1e-12)
    g = rng.standard_normal(out.shape)
    out.backward(mg.tensor(g))
    tout.backward(torch.tensor(g))
    compare_grads(layer, tlayer, [(src, tsrc), (tgt, ttgt)])
    fresh = eval(spec, vars(torch.nn))  # minigrad -> torch
    fresh.load_state_dict({k: torch.tensor(np.asarray(v)) for k, v in layer.state_dict().items()})
    np.testing.assert_allclose(fresh(tsrc, ttgt).detach().numpy(), out.array, rtol=1e-9)


def test_encoder_stack_copies_the_layer_and_applies_the_norm(torch):
    spec_layer = "TransformerEncoderLayer(8, 2, 16, 0.0)"
    enc = mg.nn.TransformerEncoder(eval(spec_layer, vars(mg.nn)), 2, mg.nn.LayerNorm(8))
    tlayer = eval(spec_layer.replace("0.0", "0.0, batch_first=True"), vars(torch.nn))
    tenc = torch.nn.TransformerEncoder(tlayer, 2, torch.nn.LayerNorm(8))
    assert list(enc.state_dict()) == list(tenc.state_dict())
    a, b = enc.layers[0].linear1.weight, enc.layers[1].linear1.weight
    assert a is not b and np.array_equal(a.array, b.array)


def test_gelu_activation_matches_torch(torch):
    if not hasattr(mg.nn.functional, "gelu"):
        pytest.skip("F.gelu arrives with the torch-nn branch")
    layer, tlayer = twins(torch, "TransformerEncoderLayer(8, 2, 16, 0.0, activation='gelu')")
    (x,), (tx,) = leaves(torch, (3, 2, 8))
    np.testing.assert_allclose(layer(x).array, tlayer(tx).detach().numpy(), rtol=1e-9)


def test_dropout_only_in_training():
    layer = mg.nn.TransformerEncoderLayer(8, 2, 16, dropout=0.5)
    x = mg.tensor(rng.standard_normal((3, 2, 8)).astype(np.float32))
    assert not np.allclose(layer(x).array, layer(x).array)
    layer.eval()
    np.testing.assert_array_equal(layer(x).array, layer(x).array)


def test_encoder_layer_second_order():
    layer = mg.nn.TransformerEncoderLayer(4, 2, 6, 0.0, dtype=mg.float64)
    x = mg.tensor(rng.standard_normal((3, 1, 4)), requires_grad=True)
    assert gradgradcheck(layer, [x], atol=1e-4)


def test_mha_second_order_against_torch(torch):
    layer, tlayer = twins(torch, "MultiheadAttention(4, 2)")
    (x,), (tx,) = leaves(torch, (3, 2, 4))
    for nw in (True, False):
        (gm,) = mg.autograd.grad(
            (layer(x, x, x, need_weights=nw)[0] ** 2).sum(), x, create_graph=True
        )
        (gt,) = torch.autograd.grad((tlayer(tx, tx, tx)[0] ** 2).sum(), tx, create_graph=True)
        np.testing.assert_allclose(gm.array, gt.detach().numpy(), rtol=1e-9)
        (hm,) = mg.autograd.grad((gm * gm).sum(), x)
        (ht,) = torch.autograd.grad((gt * gt).sum(), tx)
        np.testing.assert_allclose(hm.array, ht.numpy(), rtol=1e-8, atol=1e-11)


@pytest.mark.parametrize(
    "call",
    [
        lambda: mg.nn.MultiheadAttention(6, 4),
        lambda: mg.nn.MultiheadAttention(4, 2, add_bias_kv=True),
        lambda: mg.nn.MultiheadAttention(4, 2)(mg.zeros(3, 2, 5), *[mg.zeros(3, 2, 4)] * 2),
        lambda: mg.nn.TransformerEncoderLayer(4, 2, activation="swish"),
    ],
)  # fmt: skip
def test_bad_arguments(call):
    with pytest.raises(ValueError):
        call()


def test_default_initialisation():
    mha = mg.nn.MultiheadAttention(8, 2)
    assert np.all(mha.in_proj_bias.array == 0) and np.all(mha.out_proj.bias.array == 0)
    bound = np.sqrt(6 / (8 + 24))  # Xavier on the whole (3E, E) matrix
    assert np.abs(mha.in_proj_weight.array).max() <= bound
    assert np.abs(mha.in_proj_weight.array).max() > 0.8 * bound
