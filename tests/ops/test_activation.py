"""Tests for minigrad.ops.activation (through nn.functional, its PyTorch face): forward and
gradients against PyTorch in float64, gradcheck and second order, edge points, bad input."""

import math

import numpy as np
import pytest

import minigrad as mg
from minigrad.nn import functional as F
from minigrad.ops import activation as A
from minigrad.testing import gradcheck, gradgradcheck

rng = np.random.default_rng(0)

# name, kwargs for both, a domain scale; every function here is checked on the same grid
CASES = [
    ("softplus", {}),
    ("softplus", {"beta": 2.0, "threshold": 3.0}),
    ("gelu", {}),
    ("gelu", {"approximate": "tanh"}),
    ("silu", {}),
    ("elu", {}),
    ("elu", {"alpha": 0.5}),
    ("selu", {}),
    ("celu", {"alpha": 2.0}),
    ("mish", {}),
    ("hardtanh", {}),
    ("hardtanh", {"min_val": -0.5, "max_val": 2.0}),
    ("relu6", {}),
    ("hardsigmoid", {}),
    ("hardswish", {}),
    ("leaky_relu", {"negative_slope": 0.2}),
    ("logsigmoid", {}),
    ("softsign", {}),
    ("tanhshrink", {}),
    ("threshold", {"threshold": 0.3, "value": -2.0}),
    ("softshrink", {"lambd": 0.4}),
    ("hardshrink", {"lambd": 0.4}),
]
SMOOTH = {"softplus", "gelu", "silu", "selu", "elu", "celu", "mish", "logsigmoid", "tanhshrink"}


def grid():
    # Values on both sides of every kink, far tails, and exact zeros.
    x = np.concatenate([np.linspace(-8, 8, 41) + 0.0123, [-40.0, -25.0, 25.0, 40.0, 0, 1e-9, 3.5]])
    return x.reshape(3, -1)


@pytest.mark.parametrize("name, kwargs", CASES)
def test_matches_torch_forward_and_gradient(torch, name, kwargs):
    x = grid()
    ours = mg.tensor(x, requires_grad=True)
    theirs = torch.tensor(x, requires_grad=True)
    out = getattr(F, name)(ours, **kwargs)
    tout = getattr(torch.nn.functional, name)(theirs, **kwargs)
    np.testing.assert_allclose(out.array, tout.detach().numpy(), rtol=1e-12, atol=1e-14)
    g = rng.standard_normal(x.shape)
    out.backward(mg.tensor(g))
    tout.backward(torch.tensor(g))
    # PyTorch's hard-sigmoid VJP multiplies by a float32 1/6, even in float64.
    rtol = 1e-7 if name in ("hardsigmoid",) else 1e-11
    np.testing.assert_allclose(ours.grad.array, theirs.grad.numpy(), rtol=rtol, atol=1e-14)


@pytest.mark.parametrize("name, kwargs", CASES)
def test_gradcheck_and_second_order(name, kwargs):
    # Away from kinks: magnitudes in [0.1, 2.5] of both signs, not near ±3 (hard-sigmoid).
    x = mg.tensor(rng.uniform(0.1, 2.5, (2, 3)) * [[1, -1, 1], [-1, 1, -1]], requires_grad=True)
    fn = lambda a: getattr(F, name)(a, **kwargs)
    gradcheck(fn, [x])
    if name in SMOOTH:
        gradgradcheck(fn, [x])


@pytest.mark.parametrize("name", sorted(SMOOTH))
def test_second_derivative_matches_torch(torch, name):
    x = np.linspace(-3, 3, 7) + 0.1
    ours = mg.tensor(x, requires_grad=True)
    theirs = torch.tensor(x, requires_grad=True)
    (g,) = mg.autograd.grad(getattr(F, name)(ours).sum(), [ours], create_graph=True)
    g.sum().backward()
    (tg,) = torch.autograd.grad(
        getattr(torch.nn.functional, name)(theirs).sum(), [theirs], create_graph=True
    )
    tg.sum().backward()
    np.testing.assert_allclose(ours.grad.array, theirs.grad.numpy(), rtol=1e-10, atol=1e-12)


def test_float32_is_kept_and_large_inputs_are_finite():
    x = mg.tensor([-1e4, -50.0, 0.0, 50.0, 1e4])
    for name in ("softplus", "logsigmoid", "gelu", "elu", "selu", "mish", "silu"):
        out = getattr(F, name)(x)
        assert out.dtype == np.float32, name
        assert np.isfinite(out.array).all(), name


def test_normal_cdf_is_accurate_in_both_tails():
    x = np.array([-37.0, -20.0, -8.0, -2.9, -1.0, 0.0, 0.5, 2.9, 8.0])
    expected = np.array([0.5 * math.erfc(-v / math.sqrt(2)) for v in x])
    np.testing.assert_allclose(A.normal_cdf(mg.tensor(x)).array, expected, rtol=1e-13, atol=0)


@pytest.mark.parametrize(
    "shape, wshape", [((2, 3, 4), (3,)), ((2, 3), (1,)), ((5,), (1,)), ((), (1,))]
)
def test_prelu_matches_torch(torch, shape, wshape):
    x = rng.standard_normal(shape)
    w = rng.uniform(0.1, 0.5, wshape)
    X, W = mg.tensor(x, requires_grad=True), mg.tensor(w, requires_grad=True)
    tX, tW = torch.tensor(x, requires_grad=True), torch.tensor(w, requires_grad=True)
    out, tout = F.prelu(X, W), torch.nn.functional.prelu(tX, tW)
    np.testing.assert_allclose(out.array, tout.detach().numpy(), rtol=1e-12)
    out.sum().backward()
    tout.sum().backward()
    np.testing.assert_allclose(X.grad.array, tX.grad.numpy(), rtol=1e-12)
    np.testing.assert_allclose(W.grad.array, tW.grad.numpy(), rtol=1e-12)
    gradcheck(F.prelu, [X, W])
    with pytest.raises(ValueError, match=r"prelu: weight must have 1 or"):
        F.prelu(mg.zeros(2, 3), mg.zeros(2))


@pytest.mark.parametrize("dim", [-1, 0, 1])
def test_glu_and_softmin_match_torch(torch, dim):
    x = rng.standard_normal((4, 6))
    for name in ("glu", "softmin"):
        X, tX = mg.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
        out, tout = getattr(F, name)(X, dim), getattr(torch.nn.functional, name)(tX, dim)
        np.testing.assert_allclose(out.array, tout.detach().numpy(), rtol=1e-12)
        g = rng.standard_normal(out.shape)
        out.backward(mg.tensor(g))
        tout.backward(torch.tensor(g))
        np.testing.assert_allclose(X.grad.array, tX.grad.numpy(), rtol=1e-11, atol=1e-14)
        gradgradcheck(lambda a, n=name: getattr(F, n)(a, dim), [mg.tensor(x, requires_grad=True)])


def test_softmax_implicit_dim_is_pytorchs(torch):
    for shape in [(3,), (2, 3), (2, 3, 4), (2, 3, 4, 5)]:
        x = rng.standard_normal(shape)
        with pytest.warns(UserWarning):
            expected = torch.nn.functional.softmax(torch.tensor(x), dim=None).numpy()
        np.testing.assert_allclose(F.softmax(mg.tensor(x)).array, expected, rtol=1e-12)


def test_bad_input_names_the_function_and_argument():
    x = mg.zeros(2, 4)
    with pytest.raises(TypeError, match="softplus: beta must be a real number, got 'a'"):
        F.softplus(x, beta="a")
    with pytest.raises(ValueError, match="gelu: approximate must be 'none' or 'tanh'"):
        F.gelu(x, approximate="fast")
    with pytest.raises(TypeError, match="elu: input must be a Tensor, got list"):
        F.elu([1.0])
    with pytest.raises(ValueError, match="hardtanh: min_val .* cannot be greater than max_val"):
        F.hardtanh(x, 2.0, 1.0)
    with pytest.raises(ValueError, match="glu: halving dimension 0 must be even, but it is 3"):
        F.glu(mg.zeros(3, 2), 0)
    with pytest.raises(TypeError, match="leaky_relu: negative_slope must be a real number"):
        F.leaky_relu(x, "a")
    with pytest.raises(ValueError, match="celu: alpha must be non-zero"):
        F.celu(x, 0.0)
