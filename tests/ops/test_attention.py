"""The fused attention primitive and scaled_dot_product_attention against PyTorch."""

import numpy as np
import pytest

import minigrad as mg
from minigrad.ops import attention as A
from minigrad.testing import gradcheck, gradgradcheck

rng = np.random.default_rng(4)


def _n(*shape):
    return np.random.default_rng(sum(shape)).standard_normal(shape)


# The op sweep's samples (float64 arrays among the arguments become leaves).
GRADIENT_SAMPLES = {
    "attention": [
        ((_n(2, 3, 4), _n(2, 5, 4), _n(2, 5, 3), _n(3, 5)), {"scale": 0.5}),
        ((_n(3, 4), _n(5, 4), _n(5, 3)), {"scale": 0.5, "keep": np.eye(3, 5) * 2 + 1}),
    ],
    "scaled_dot_product_attention": [
        ((_n(2, 3, 4), _n(2, 5, 4), _n(2, 5, 3)), {}),
        ((_n(3, 4), _n(3, 4), _n(3, 2)), {"is_causal": True}),
    ],
}


def leaf(*shape):
    return mg.tensor(rng.standard_normal(shape), requires_grad=True)


def composed(q, k, v, bias, scale, keep):
    s = (q @ k.swapaxes(-1, -2)) * scale
    p = mg.nn.functional.softmax(s if bias is None else s + bias, dim=-1)
    return (p if keep is None else p * keep) @ v


@pytest.mark.parametrize("with_bias", [False, True])
@pytest.mark.parametrize("with_keep", [False, True])
def test_attention_equals_composition_to_second_order(with_bias, with_keep):
    q, k, v = leaf(2, 3, 4), leaf(2, 5, 4), leaf(2, 5, 3)
    bias = leaf(3, 5) if with_bias else None
    keep = (rng.random((2, 3, 5)) > 0.3) * 2.0 if with_keep else None
    args = [q, k, v] + ([bias] if with_bias else [])

    def f(*a):
        return A.attention(*a[:3], a[3] if with_bias else None, scale=0.7, keep=keep)

    def g(*a):
        return composed(*a[:3], a[3] if with_bias else None, 0.7, keep)

    np.testing.assert_allclose(f(*args).array, g(*args).array, rtol=1e-12)
    go = mg.tensor(rng.standard_normal((2, 3, 3)))
    ga = mg.autograd.grad(f(*args), args, go, create_graph=True)
    gb = mg.autograd.grad(g(*args), args, go, create_graph=True)
    for a, b in zip(ga, gb):
        np.testing.assert_allclose(a.array, b.array, rtol=1e-10, atol=1e-12)
    assert gradcheck(f, args)
    assert gradgradcheck(f, args)


MASKS = {
    "none": lambda: {},
    "bool": lambda: {"attn_mask": np.c_[np.ones((4, 1), bool), rng.random((4, 5)) > 0.3]},
    "float": lambda: {"attn_mask": rng.standard_normal((3, 4, 6))},
    "causal": lambda: {"is_causal": True},
    "scale": lambda: {"scale": 0.3},
}


@pytest.mark.parametrize("mask", MASKS)
def test_sdpa_matches_torch(torch, mask):
    kw = MASKS[mask]()
    tkw = {k: torch.tensor(v) if isinstance(v, np.ndarray) else v for k, v in kw.items()}
    arrays = [rng.standard_normal(s) for s in [(2, 3, 4, 5), (2, 3, 6, 5), (2, 3, 6, 2)]]
    m = [mg.tensor(a, requires_grad=True) for a in arrays]
    t = [torch.tensor(a, requires_grad=True) for a in arrays]
    out = A.scaled_dot_product_attention(*m, **kw)
    tout = torch.nn.functional.scaled_dot_product_attention(*t, **tkw)
    np.testing.assert_allclose(out.array, tout.detach().numpy(), rtol=1e-10, atol=1e-12)
    g = rng.standard_normal(out.shape)
    out.backward(mg.tensor(g))
    tout.backward(torch.tensor(g))
    for a, b in zip(m, t):
        np.testing.assert_allclose(a.grad.array, b.grad.numpy(), rtol=1e-9, atol=1e-12)


def test_sdpa_dropout_scales_the_kept_weights():
    q, k, v = leaf(1, 4, 3), leaf(1, 5, 3), mg.tensor(np.eye(5)[None])
    mg.manual_seed(0)
    w = A.scaled_dot_product_attention(q, k, v, dropout_p=0.5).array  # v = I: the weights
    full = A.scaled_dot_product_attention(q, k, v).array
    kept = w != 0
    assert 0 < kept.sum() < kept.size
    np.testing.assert_allclose(w[kept], 2 * full[kept], rtol=1e-12)


def test_sdpa_float_mask_gets_a_gradient():
    q, k, v, m = leaf(3, 2), leaf(4, 2), leaf(4, 2), leaf(3, 4)
    assert gradcheck(lambda m: A.scaled_dot_product_attention(q, k, v, m), [m])


def sdpa(*shapes, **kw):
    return A.scaled_dot_product_attention(*(leaf(*s) for s in shapes), **kw)


def att(q, k, v, bias=None):
    return A.attention(leaf(*q), leaf(*k), leaf(*v), bias, scale=1.0)


BOOL, INT = np.ones((3, 3), bool), np.ones((3, 3), int)


@pytest.mark.parametrize(
    "call,error",
    [
        (lambda: att((3, 2), (4, 3), (4, 2)), ValueError),
        (lambda: att((3, 2), (4, 2), (5, 2)), ValueError),
        (lambda: att((3, 2), (4, 2), (4, 2), leaf(2, 4)), ValueError),
        (lambda: A.attention(leaf(3, 2), np.ones((4, 2)), leaf(4, 2), scale=1.0), TypeError),
        (lambda: sdpa((3, 2), (4, 2), (4, 2), dropout_p=2), ValueError),
        (lambda: sdpa((3, 2), (3, 2), (3, 2), attn_mask=BOOL, is_causal=True), ValueError),
        (lambda: sdpa((3, 2), (3, 2), (3, 2), attn_mask=INT), TypeError),
        (lambda: sdpa((3, 2), (3, 2), (3, 2), enable_gqa=True), ValueError),
    ],
)
def test_bad_arguments(call, error):
    with pytest.raises(error):
        call()
