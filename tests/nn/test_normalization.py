"""LayerNorm, GroupNorm, RMSNorm and InstanceNorm1d/2d against torch.nn with copied weights."""

import numpy as np
import pytest

import minigrad as mg
from minigrad.testing import gradgradcheck

rng = np.random.default_rng(1)

SPECS = [
    ("LayerNorm(5)", (3, 4, 5)),
    ("LayerNorm((4, 5), eps=1e-3, bias=False)", (3, 4, 5)),
    ("LayerNorm(5, elementwise_affine=False)", (2, 5)),
    ("GroupNorm(2, 4)", (3, 4, 5)),
    ("GroupNorm(4, 4, affine=False)", (2, 4, 3, 3)),
    ("RMSNorm(5)", (3, 4, 5)),
    ("RMSNorm((4, 5), eps=1e-6)", (3, 4, 5)),
    ("InstanceNorm1d(3)", (2, 3, 6)),
    ("InstanceNorm1d(3, affine=True)", (3, 6)),
    ("InstanceNorm2d(3, affine=True, track_running_stats=True)", (2, 3, 4, 4)),
]


@pytest.mark.parametrize("spec,shape", SPECS)
def test_layer_matches_torch(torch, spec, shape):
    layer = eval(spec[:-1] + ", dtype=mg.float64)", {**vars(mg.nn), "mg": mg})
    tlayer = eval(spec, vars(torch.nn))
    for p in tlayer.parameters():
        p.data = torch.tensor(rng.standard_normal(tuple(p.shape)))
    assert set(layer.state_dict()) == set(tlayer.state_dict())
    layer.load_state_dict({k: v.numpy() for k, v in tlayer.state_dict().items()})
    for _ in range(2):  # two training steps: running statistics too
        x = rng.standard_normal(shape)
        xm, xt = mg.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
        out, tout = layer(xm), tlayer(xt)
        np.testing.assert_allclose(out.array, tout.detach().numpy(), rtol=1e-9, atol=1e-10)
        g = rng.standard_normal(out.shape)
        out.backward(mg.tensor(g))
        tout.backward(torch.tensor(g))
        np.testing.assert_allclose(xm.grad.array, xt.grad.numpy(), rtol=1e-8, atol=1e-10)
    named = dict(layer.named_parameters())
    for name, p in tlayer.named_parameters():
        np.testing.assert_allclose(named[name].grad.array, p.grad.numpy(), rtol=1e-8, atol=1e-10)
    for name, b in tlayer.state_dict().items():
        np.testing.assert_allclose(np.asarray(layer.state_dict()[name]), b.numpy(), rtol=1e-9)
    layer.eval(), tlayer.eval()
    x = rng.standard_normal(shape)
    np.testing.assert_allclose(
        layer(mg.tensor(x)).array, tlayer(torch.tensor(x)).detach().numpy(), rtol=1e-9, atol=1e-10
    )
    # minigrad -> torch
    fresh = eval(spec, vars(torch.nn))
    fresh.load_state_dict({k: torch.tensor(np.asarray(v)) for k, v in layer.state_dict().items()})
    for k, v in fresh.state_dict().items():
        np.testing.assert_array_equal(v.numpy(), np.asarray(layer.state_dict()[k]))


@pytest.mark.parametrize("spec,shape", SPECS[::3])
def test_layer_second_order(spec, shape):
    """W.r.t. the input (the functional forms are checked w.r.t. the parameters too)."""
    layer = eval(spec[:-1] + ", dtype=mg.float64)", {**vars(mg.nn), "mg": mg})
    x = mg.tensor(rng.standard_normal(shape), requires_grad=True)
    assert gradgradcheck(layer, [x])


def test_default_initialisation_and_repr():
    ln = mg.nn.LayerNorm(4)
    assert ln.weight.tolist() == [1.0] * 4 and ln.bias.tolist() == [0.0] * 4
    assert ln.weight.dtype == np.float32
    assert repr(ln) == "LayerNorm((4,), eps=1e-05, elementwise_affine=True)"
    assert mg.nn.InstanceNorm1d(3).weight is None
    assert "running_mean" not in mg.nn.InstanceNorm2d(3).state_dict()


@pytest.mark.parametrize(
    "call",
    [
        lambda: mg.nn.GroupNorm(3, 4),
        lambda: mg.nn.GroupNorm(2, 4)(mg.zeros(2, 3, 5)),
        lambda: mg.nn.InstanceNorm1d(3)(mg.zeros(2, 4, 5)),
        lambda: mg.nn.LayerNorm(3)(mg.zeros(2, 4)),
    ],
)
def test_bad_shapes(call):
    with pytest.raises(ValueError):
        call()
