"""Tests for minigrad.ops.loss (through nn.functional, its PyTorch face): the binary
cross-entropies differentiate their targets (and pos_weight) like PyTorch, to second order."""

import numpy as np
import pytest

import minigrad as mg
from minigrad.nn import functional as F
from minigrad.ops import loss as L
from minigrad.testing import gradcheck, gradgradcheck

rng = np.random.default_rng(1)


def both(torch, *arrays):
    ours = [mg.tensor(a, requires_grad=True) for a in arrays]
    theirs = [torch.tensor(a, requires_grad=True) for a in arrays]
    return ours, theirs


def check_grads(ours, theirs, rtol=1e-11):
    for o, t in zip(ours, theirs):
        np.testing.assert_allclose(o.grad.array, t.grad.numpy(), rtol=rtol, atol=1e-13)


@pytest.mark.parametrize("pos_weight", [False, True])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_bce_with_logits_target_gradient_matches_torch(torch, pos_weight, reduction):
    x, z = rng.standard_normal((4, 3)) * 3, rng.standard_normal((4, 3))
    ours, theirs = both(torch, x, z)
    kw = {"reduction": reduction}
    # PyTorch does not differentiate pos_weight (minigrad does; gradcheck covers it below).
    w = rng.uniform(0.5, 3, 3)
    pw = {"pos_weight": mg.tensor(w)} if pos_weight else {}
    tpw = {"pos_weight": torch.tensor(w)} if pos_weight else {}
    out = F.binary_cross_entropy_with_logits(ours[0], ours[1].sigmoid(), **kw, **pw)
    tout = torch.nn.functional.binary_cross_entropy_with_logits(
        theirs[0], theirs[1].sigmoid(), **kw, **tpw
    )
    np.testing.assert_allclose(out.array, tout.detach().numpy(), rtol=1e-12)
    g = rng.standard_normal(out.shape)
    out.backward(mg.tensor(g))
    tout.backward(torch.tensor(g))
    check_grads(ours, theirs)


def test_bce_target_gradient_matches_torch(torch):
    p, t, w = rng.uniform(0.05, 0.95, (3, 4)), rng.uniform(0, 1, (3, 4)), rng.uniform(0.5, 2, 4)
    ours, theirs = both(torch, p, t)
    out = F.binary_cross_entropy(ours[0], ours[1], mg.tensor(w))
    tout = torch.nn.functional.binary_cross_entropy(theirs[0], theirs[1], torch.tensor(w))
    np.testing.assert_allclose(out.array, tout.detach().numpy(), rtol=1e-12)
    out.backward()
    tout.backward()
    check_grads(ours, theirs)


def test_primitives_gradcheck_and_second_order_in_every_argument():
    x = mg.tensor(rng.standard_normal((2, 3)), requires_grad=True)
    t = mg.tensor(rng.uniform(0.1, 0.9, (2, 3)), requires_grad=True)
    pw = mg.tensor(rng.uniform(0.5, 2, (3,)), requires_grad=True)
    p = mg.tensor(rng.uniform(0.1, 0.9, (2, 3)), requires_grad=True)
    for fn, args in [
        (L.binary_cross_entropy_with_logits, [x, t]),
        (L.binary_cross_entropy_with_logits, [x, t, pw]),
        (L.binary_cross_entropy, [p, t]),
    ]:
        gradcheck(fn, args)
        gradgradcheck(fn, args)


def test_cross_entropy_probability_target_gets_its_gradient(torch):
    x, z = rng.standard_normal((4, 5)), rng.standard_normal((4, 5))
    ours, theirs = both(torch, x, z)
    out = F.cross_entropy(ours[0], F.softmax(ours[1], 1), label_smoothing=0.1)
    tout = torch.nn.functional.cross_entropy(theirs[0], theirs[1].softmax(1), label_smoothing=0.1)
    np.testing.assert_allclose(out.array, tout.detach().numpy(), rtol=1e-12)
    out.backward()
    tout.backward()
    check_grads(ours, theirs)


def test_the_node_frees_its_arrays_after_backward():
    x = mg.tensor(rng.standard_normal((64, 10)), requires_grad=True)
    loss = F.cross_entropy(x, mg.tensor(rng.integers(0, 10, 64)))
    node = loss._ctx
    loss.backward()
    assert node._saved == () and not any(
        isinstance(v, np.ndarray) and v.size > 1 for v in vars(node).values()
    )
