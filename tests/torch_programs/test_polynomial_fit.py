"""PyTorch's "Learning PyTorch with Examples": fitting ``y = sin(x)`` with a third-order
polynomial, ported mechanically — once with manual gradients on tensors, once with autograd
and the ``a -= learning_rate * a.grad`` update under ``no_grad``. The initial weights are
shared (the tutorial draws them with ``torch.randn(())``); the losses must match PyTorch's."""

import math

import numpy as np
import pytest

import minigrad

real_torch = pytest.importorskip("torch")

INIT = [float(v) for v in np.random.default_rng(0).standard_normal(4)]


def manual_gradients(torch, init, steps=300):
    dtype = torch.float
    device = torch.device("cpu")
    x = torch.linspace(-math.pi, math.pi, 2000, device=device, dtype=dtype)
    y = torch.sin(x)
    a, b, c, d = (torch.tensor(v, device=device, dtype=dtype) for v in init)
    learning_rate = 1e-6
    losses = []
    for t in range(steps):
        y_pred = a + b * x + c * x**2 + d * x**3
        loss = (y_pred - y).pow(2).sum().item()
        if t % 100 == 99:
            losses.append(loss)
        grad_y_pred = 2.0 * (y_pred - y)
        grad_a = grad_y_pred.sum()
        grad_b = (grad_y_pred * x).sum()
        grad_c = (grad_y_pred * x**2).sum()
        grad_d = (grad_y_pred * x**3).sum()
        a -= learning_rate * grad_a
        b -= learning_rate * grad_b
        c -= learning_rate * grad_c
        d -= learning_rate * grad_d
    return losses, [a.item(), b.item(), c.item(), d.item()]


def with_autograd(torch, init, steps=300):
    dtype = torch.float
    device = "cuda" if torch.cuda.is_available() else "cpu"
    torch.set_default_device(device)
    x = torch.linspace(-math.pi, math.pi, 2000, dtype=dtype)
    y = torch.sin(x)
    a, b, c, d = (torch.tensor(v, dtype=dtype, requires_grad=True) for v in init)
    learning_rate = 1e-6
    losses = []
    for t in range(steps):
        y_pred = a + b * x + c * x**2 + d * x**3
        loss = (y_pred - y).pow(2).sum()
        if t % 100 == 99:
            losses.append(loss.item())
        loss.backward()
        with torch.no_grad():
            a -= learning_rate * a.grad
            b -= learning_rate * b.grad
            c -= learning_rate * c.grad
            d -= learning_rate * d.grad
            a.grad = None
            b.grad = None
            c.grad = None
            d.grad = None
    return losses, [a.item(), b.item(), c.item(), d.item()], a.is_leaf and a.requires_grad


@pytest.mark.parametrize("program", [manual_gradients, with_autograd])
def test_polynomial_fit_trains_to_pytorchs_numbers(program, assert_same):
    mine, theirs = program(minigrad, INIT), program(real_torch, INIT)
    assert_same(mine, theirs, program.__name__)
    assert mine[0][-1] < mine[0][0]  # it trains
