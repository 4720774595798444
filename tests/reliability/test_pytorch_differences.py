"""The behaviours issues 17 and 14 decided, pinned: where minigrad follows PyTorch (relu and
maximum/minimum at NaN, one ``.grad`` tensor per leaf) and where it documents a difference
(cross-entropy's ignored rows under a NaN upstream gradient; docs/numpy-vs-pytorch.md)."""

from __future__ import annotations

import numpy as np
import pytest

import minigrad as mg
from minigrad.nn import functional as F

NAN = float("nan")


def test_relu_passes_the_gradient_of_a_nan_input_as_pytorch():
    torch = pytest.importorskip("torch")
    values = [NAN, 1.0, 0.0, -1.0]
    x = mg.tensor(values, requires_grad=True)
    mg.relu(x).sum().backward()
    tx = torch.tensor(values, requires_grad=True)
    torch.relu(tx).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), tx.grad.numpy())
    assert x.grad.tolist() == [1.0, 1.0, 0.0, 0.0]


PAIRS = [(NAN, 0.0), (0.0, NAN), (NAN, NAN), (1.0, 1.0), (2.0, 1.0), (0.5, 1.0)]


@pytest.mark.parametrize("fn", ["maximum", "minimum"])
def test_maximum_and_minimum_route_nan_gradients_as_pytorch(fn):
    torch = pytest.importorskip("torch")
    a_vals, b_vals = zip(*PAIRS)
    a = mg.tensor(a_vals, requires_grad=True)
    b = mg.tensor(b_vals, requires_grad=True)
    getattr(mg, fn)(a, b).sum().backward()
    ta = torch.tensor(a_vals, requires_grad=True)
    tb = torch.tensor(b_vals, requires_grad=True)
    getattr(torch, fn)(ta, tb).sum().backward()
    np.testing.assert_array_equal(a.grad.numpy(), ta.grad.numpy())
    np.testing.assert_array_equal(b.grad.numpy(), tb.grad.numpy())
    # Where either operand is NaN both get the whole gradient.
    assert a.grad.tolist()[:3] == b.grad.tolist()[:3] == [1.0, 1.0, 1.0]


def test_cross_entropy_ignored_rows_take_a_nan_upstream_gradient():
    # Documented difference: PyTorch leaves ignored rows at 0; minigrad multiplies their zero
    # row by the upstream gradient, so NaN upstream gives NaN there too.
    x = mg.tensor(np.arange(12.0).reshape(3, 4), requires_grad=True)
    target = mg.tensor(np.array([1, -100, 2]))
    (F.cross_entropy(x, target) * NAN).backward()
    assert np.isnan(x.grad.numpy()).all()
    x.grad = None
    F.cross_entropy(x, target).backward()  # a finite upstream gradient: the row is exactly 0
    np.testing.assert_array_equal(x.grad.numpy()[1], 0.0)


@pytest.mark.parametrize("op", ["add", "multiply", "subtract"])
def test_each_leaf_gets_its_own_grad_tensor_with_create_graph(op):
    x = mg.tensor([1.0, 2.0], requires_grad=True)
    y = mg.tensor([3.0, 4.0], requires_grad=True)
    getattr(mg, op)(x, y).sum().backward(create_graph=True)
    assert x.grad is not y.grad
    assert not np.shares_memory(x.grad.array, y.grad.array)
    assert x.grad.array.flags.writeable and y.grad.array.flags.writeable
    before = y.grad.tolist()
    x.grad.array[...] += 10.0  # an update of one leaf's gradient leaves the other alone
    assert y.grad.tolist() == before


def test_create_graph_grads_stay_differentiable_after_the_copy():
    x = mg.tensor([1.0, 2.0], requires_grad=True)
    y = mg.tensor([3.0, 4.0], requires_grad=True)
    (x * y).sum().backward(create_graph=True)
    assert x.grad.grad_fn is not None and y.grad.grad_fn is not None
    gx = x.grad
    x.grad = y.grad = None
    gx.sum().backward()  # d/dy of sum(dL/dx) = sum(y) ... = 1 per element of y
    assert y.grad.tolist() == [1.0, 1.0]


def test_a_convolution_output_is_batch_last_not_c_contiguous():
    # Issue 14's layout (docs/numpy-vs-pytorch.md): PyTorch's shape, batch-last memory;
    # contiguous() is a C-ordered copy and view/reshape work as in PyTorch.
    x = mg.randn(4, 2, 6, 6)
    y = F.conv2d(x, mg.randn(3, 2, 3, 3, requires_grad=True))
    assert y.shape == (4, 3, 4, 4) and not y.is_contiguous()
    assert np.moveaxis(y.detach().numpy(), 0, -1).flags.c_contiguous
    c = y.contiguous()
    assert c.is_contiguous() and c.grad_fn is not None  # a copy that stays in the graph
    np.testing.assert_array_equal(c.detach().numpy(), y.detach().numpy())
    np.testing.assert_array_equal(y.view(4, -1).detach().numpy(), c.detach().numpy().reshape(4, -1))
