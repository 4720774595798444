"""PyTorch's autograd tutorials ("Automatic Differentiation with torch.autograd" and "A
Gentle Introduction to torch.autograd"), ported mechanically, on shared initial weights;
every value they print is compared with PyTorch's."""

import numpy as np
import pytest

import minigrad

# These tests compare with PyTorch's own defaults (float32), whatever the torch fixture set.
pytestmark = pytest.mark.usefixtures("pytorch_defaults")

real_torch = pytest.importorskip("torch")

rng = np.random.default_rng(1)
W0, B0 = rng.standard_normal((5, 3)).tolist(), rng.standard_normal(3).tolist()


def autograd_basics(torch):
    seen = {}
    x = torch.ones(5)  # input tensor
    y = torch.zeros(3)  # expected output
    w = torch.tensor(W0, requires_grad=True)  # the tutorial: torch.randn(5, 3, ...)
    b = torch.tensor(B0, requires_grad=True)
    z = torch.matmul(x, w) + b
    loss = torch.nn.functional.binary_cross_entropy_with_logits(z, y)
    seen["grad_fn set"] = (z.grad_fn is not None, loss.grad_fn is not None)
    loss.backward()
    seen["grads"] = (w.grad, b.grad, loss)

    z = torch.matmul(x, w) + b
    seen["requires_grad"] = z.requires_grad
    with torch.no_grad():
        z = torch.matmul(x, w) + b
    seen["no_grad"] = z.requires_grad
    z = torch.matmul(x, w) + b
    z_det = z.detach()
    seen["detach"] = z_det.requires_grad

    inp = torch.eye(4, 5, requires_grad=True)
    out = (inp + 1).pow(2).t()
    out.backward(torch.ones_like(out), retain_graph=True)
    seen["first call"] = inp.grad.clone()
    out.backward(torch.ones_like(out), retain_graph=True)
    seen["second call"] = inp.grad.clone()
    inp.grad.zero_()
    out.backward(torch.ones_like(out), retain_graph=True)
    seen["call after zeroing gradients"] = inp.grad
    return seen


def gentle_introduction(torch):
    a = torch.tensor([2.0, 3.0], requires_grad=True)
    b = torch.tensor([6.0, 4.0], requires_grad=True)
    Q = 3 * a**3 - b**2
    external_grad = torch.tensor([1.0, 1.0])
    Q.backward(gradient=external_grad)
    checks = (9 * a**2 == a.grad, -2 * b == b.grad)

    x = torch.rand(5, 5)
    y = torch.rand(5, 5)
    z = torch.rand((5, 5), requires_grad=True)
    a = x + y
    b = x + z
    return Q, checks, a.grad, a.requires_grad, b.requires_grad


@pytest.mark.parametrize("program", [autograd_basics, gentle_introduction])
def test_autograd_tutorials_agree_with_pytorch(program, assert_same):
    mine, theirs = program(minigrad), program(real_torch)
    if isinstance(mine, dict):
        assert mine.keys() == theirs.keys()
        mine, theirs = list(mine.values()), list(theirs.values())
    assert_same(mine, theirs, program.__name__)
