"""PyTorch names old and new programs use that change nothing in minigrad's arithmetic:
``torch.compile``, ``torch.autograd.Variable``, ``nn.utils.clip_grad_norm``."""

import warnings

import numpy as np
import pytest

import minigrad as mg
from minigrad.autograd import Variable


def test_compile_returns_the_module_or_function_itself():
    model = mg.nn.Linear(3, 2)
    assert mg.compile(model) is model
    assert mg.compile(model, mode="max-autotune", fullgraph=True) is model

    @mg.compile
    def double(x):
        return 2 * x

    @mg.compile(mode="reduce-overhead")
    def triple(x):
        return 3 * x

    np.testing.assert_array_equal(double(mg.ones(2)).array, [2, 2])
    np.testing.assert_array_equal(triple(mg.ones(2)).array, [3, 3])


def test_compile_refuses_what_is_not_callable():
    with pytest.raises(TypeError, match="compile: model must be a Module or a function, got int"):
        mg.compile(3)


def test_variable_is_a_tensor_sharing_memory():
    t = mg.ones(3)
    v = Variable(t, requires_grad=True)
    assert isinstance(v, mg.Tensor) and isinstance(v, Variable) and isinstance(t, Variable)
    assert not isinstance(np.ones(3), Variable)
    assert v.requires_grad and not t.requires_grad
    (v * v).sum().backward()
    np.testing.assert_array_equal(v.grad.array, [2, 2, 2])
    v.data[0] = 5.0  # the same memory as t, as PyTorch's Variable(t)
    assert t.array[0] == 5.0
    assert not Variable([1.0, 2.0]).requires_grad


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        (dict(volatile=True), ValueError, "volatile=True was removed"),
        (dict(requires_grad="yes"), TypeError, "requires_grad must be a bool"),
    ],
)
def test_variable_refuses_what_pytorch_removed(kwargs, error, message):
    with pytest.raises(error, match=message):
        Variable(mg.ones(2), **kwargs)


def test_clip_grad_norm_warns_and_clips_as_the_underscore_form():
    torch = pytest.importorskip("torch")
    g = np.array([[3.0, 4.0]])
    p = mg.nn.Parameter(mg.zeros(1, 2))
    p.grad = mg.tensor(g)
    q = torch.nn.Parameter(torch.zeros(1, 2, dtype=torch.float64))
    q.grad = torch.tensor(g)
    with pytest.warns(FutureWarning, match="clip_grad_norm_"):
        total = mg.nn.utils.clip_grad_norm([p], 1.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        want = torch.nn.utils.clip_grad_norm([q], 1.0)
    assert float(total) == pytest.approx(float(want))
    np.testing.assert_allclose(p.grad.array, q.grad.numpy(), rtol=1e-6)
