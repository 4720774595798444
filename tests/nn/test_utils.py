"""Tests for minigrad.nn.utils: gradient clipping and parameter vectors, against PyTorch."""

import numpy as np
import pytest

import minigrad as mg
from minigrad import nn
from minigrad.nn import utils

rng = np.random.default_rng(0)


def twin_params(torch, shapes, scale=1.0):
    params, tparams = [], []
    for shape in shapes:
        g = rng.standard_normal(shape) * scale
        p = nn.Parameter(np.zeros(shape))
        p.grad = mg.tensor(g)
        t = torch.zeros(shape, requires_grad=True)
        t.grad = torch.tensor(g)
        params.append(p)
        tparams.append(t)
    return params, tparams


@pytest.mark.parametrize("norm_type", [2.0, 1, 3.5, float("inf")])
@pytest.mark.parametrize("max_norm", [0.5, 1e6])
def test_clip_grad_norm_matches_torch(torch, norm_type, max_norm):
    params, tparams = twin_params(torch, [(3, 4), (5,), ()])
    total = utils.clip_grad_norm_(params, max_norm, norm_type)
    ttotal = torch.nn.utils.clip_grad_norm_(tparams, max_norm, norm_type)
    assert isinstance(total, mg.Tensor) and total.shape == ()
    assert total.item() == pytest.approx(ttotal.item())
    for p, t in zip(params, tparams):
        np.testing.assert_allclose(p.grad.array, t.grad.numpy(), rtol=1e-10)


def test_clip_grad_norm_with_shared_gradient_arrays_scales_each_once():
    # y = a + b hands the same gradient to a and b: clipping must not scale it twice.
    a, b = nn.Parameter(np.zeros(3)), nn.Parameter(np.zeros(3))
    (a + b).backward(mg.tensor(np.full(3, 4.0)))
    total = utils.clip_grad_norm_([a, b], 1.0)
    assert total.item() == pytest.approx(np.sqrt(6 * 16))
    np.testing.assert_allclose(a.grad.array, 4 / np.sqrt(96), rtol=1e-5)
    np.testing.assert_allclose(b.grad.array, 4 / np.sqrt(96), rtol=1e-5)


def test_clip_grad_norm_edge_cases():
    params = [nn.Parameter(np.zeros(2)), nn.Parameter(np.zeros(2))]
    assert utils.clip_grad_norm_(params, 1.0).item() == 0.0  # no gradients yet
    params[0].grad = mg.tensor([np.inf, 1.0])
    with pytest.raises(RuntimeError, match="the total norm of order 2.0 of the gradients is inf"):
        utils.clip_grad_norm_(params, 1.0, error_if_nonfinite=True)
    single = nn.Parameter(np.zeros(2))
    single.grad = mg.tensor([3.0, 4.0])
    assert utils.clip_grad_norm_(single, 10).item() == pytest.approx(5.0)
    with pytest.raises(ValueError, match="clip_grad_norm_: norm_type must be positive or inf"):
        utils.clip_grad_norm_(params, 1.0, norm_type=0)
    with pytest.raises(ValueError, match="clip_grad_norm_: max_norm must be non-negative"):
        utils.clip_grad_norm_(params, -1.0)
    with pytest.raises(TypeError, match=r"clip_grad_norm_: parameters\[1\] is a ndarray"):
        utils.clip_grad_norm_([params[0], np.zeros(2)], 1.0)


def test_clip_grad_value_matches_torch(torch):
    params, tparams = twin_params(torch, [(3, 4), (5,)], scale=2)
    utils.clip_grad_value_(params, 0.7)
    torch.nn.utils.clip_grad_value_(tparams, 0.7)
    for p, t in zip(params, tparams):
        np.testing.assert_allclose(p.grad.array, t.grad.numpy())
    with pytest.raises(ValueError, match="clip_grad_value_: clip_value must be non-negative"):
        utils.clip_grad_value_(params, -1)


def test_parameters_to_vector_and_back(torch):
    net = nn.Sequential(nn.Linear(3, 2), nn.Linear(2, 1))
    vec = utils.parameters_to_vector(net.parameters())
    tnet = torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.Linear(2, 1))
    tnet.load_state_dict({k: torch.tensor(v.numpy()) for k, v in net.state_dict().items()})
    np.testing.assert_allclose(
        vec.array, torch.nn.utils.parameters_to_vector(tnet.parameters()).detach().numpy()
    )
    assert vec.shape == (11,)
    (vec * vec).sum().backward()  # differentiable, as PyTorch's
    np.testing.assert_allclose(net[0].weight.grad.array, 2 * net[0].weight.array)
    new = mg.tensor(np.arange(11, dtype=np.float32))
    utils.vector_to_parameters(new, net.parameters())
    np.testing.assert_array_equal(net[0].weight.array, np.arange(6).reshape(2, 3))
    np.testing.assert_array_equal(net[1].bias.array, [10])
    with pytest.raises(
        ValueError,
        match=r"vector_to_parameters: vec must be 1-D with 11 elements "
        r"\(the parameters' total size\), got shape \(12,\)",
    ):
        utils.vector_to_parameters(mg.zeros(12), net.parameters())
    with pytest.raises(ValueError, match="parameters_to_vector: parameters is empty"):
        utils.parameters_to_vector([])
    with pytest.raises(TypeError, match="vector_to_parameters: vec must be a Tensor"):
        utils.vector_to_parameters(np.zeros(11), net.parameters())
