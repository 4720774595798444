"""Tests for the in-place methods (minigrad._tensor_inplace) against PyTorch: they modify the
tensor's memory, bump its version, refuse a leaf that requires grad while recording, and
``param -= lr * param.grad`` under no_grad updates the model's parameter."""

import numpy as np
import pytest

import minigrad as mg

torch = pytest.importorskip("torch")


@pytest.fixture(autouse=True)
def _pytorch_default_float32():
    """The shared ``torch`` fixture makes PyTorch's default float64; these tests compare
    dtypes with minigrad's default (float32), so PyTorch's is float32 while they run."""
    old = torch.get_default_dtype()
    torch.set_default_dtype(torch.float32)
    yield
    torch.set_default_dtype(old)


A = np.array([[0.5, -1.5, 2.0], [3.0, -0.25, 1.0]], np.float32)
B = np.array([[1.0, 2.0, -1.0], [0.5, 4.0, 2.0]], np.float32)

CASES = {
    "iadd": lambda x, y: x.__iadd__(y),
    "isub": lambda x, y: x.__isub__(y),
    "imul": lambda x, y: x.__imul__(y),
    "itruediv": lambda x, y: x.__itruediv__(y),
    "ipow": lambda x, y: x.__ipow__(2),
    "imod": lambda x, y: x.__imod__(y),
    "ifloordiv": lambda x, y: x.__ifloordiv__(y),
    "add_": lambda x, y: x.add_(y, alpha=2),
    "sub_": lambda x, y: x.sub_(y, alpha=0.5),
    "mul_": lambda x, y: x.mul_(y),
    "div_": lambda x, y: x.div_(y),
    "pow_": lambda x, y: x.pow_(3),
    "clamp_": lambda x, y: x.clamp_(-1.0, 1.0),
    "clamp_min_": lambda x, y: x.clamp_min_(0.0),
    "neg_": lambda x, y: x.neg_(),
    "abs_": lambda x, y: x.abs_(),
    "exp_": lambda x, y: x.exp_(),
    "sqrt_": lambda x, y: x.abs_().sqrt_(),
    "sigmoid_": lambda x, y: x.sigmoid_(),
    "tanh_": lambda x, y: x.tanh_(),
    "relu_": lambda x, y: x.relu_(),
    "zero_": lambda x, y: x.zero_(),
    "fill_": lambda x, y: x.fill_(2.5),
    "copy_": lambda x, y: x.copy_(y),
    "copy_broadcast": lambda x, y: x.copy_(y[0]),
    "lerp_": lambda x, y: x.lerp_(y, 0.3),
    "addcmul_": lambda x, y: x.addcmul_(y, y, value=0.5),
    "masked_fill_": lambda x, y: x.masked_fill_(y > 1, -7.0),
    "index_fill_": lambda x, y: x.index_fill_(1, type(y)([0, 2]).long(), 9.0),
}


@pytest.mark.parametrize("name", CASES)
def test_inplace_ops_match_pytorch_and_write_into_memory(name):
    x, tx = mg.tensor(A), torch.tensor(A)
    alias = x.array
    out, tout = CASES[name](x, mg.tensor(B)), CASES[name](tx, torch.tensor(B))
    assert out is x and tout is tx
    assert x.array is alias
    np.testing.assert_allclose(x.array, tx.numpy(), rtol=1e-6)
    assert x._version >= 1


def test_parameter_update_under_no_grad_changes_the_models_parameter():
    model = mg.nn.Linear(3, 2)
    before = model.weight.array.copy()
    model(mg.ones(4, 3)).sum().backward()
    with mg.no_grad():
        for param in model.parameters():
            param -= 0.1 * param.grad
    np.testing.assert_allclose(model.weight.array, before - 0.1 * model.weight.grad.array)


def test_a_leaf_that_requires_grad_is_refused_while_recording():
    w, tw = mg.zeros(2, requires_grad=True), torch.zeros(2, requires_grad=True)
    for t in (w, tw):
        with pytest.raises(RuntimeError, match="a leaf Variable that requires grad is being used"):
            t += 1
        with pytest.raises(RuntimeError, match="a leaf Variable that requires grad"):
            t.add_(1)
    with mg.no_grad():
        w.add_(1)
    assert w.tolist() == [1.0, 1.0] and w.requires_grad


def test_augmented_assignment_inside_the_graph_rebinds_and_differentiates():
    x = mg.tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    y += x  # PyTorch records this; minigrad returns the out-of-place result, Python rebinds y
    y *= 3
    y.sum().backward()
    tx = torch.tensor([1.0, 2.0], requires_grad=True)
    ty = tx * 2
    ty += tx
    ty *= 3
    ty.sum().backward()
    np.testing.assert_allclose(x.grad.array, tx.grad.numpy())


def test_named_inplace_methods_inside_the_graph_raise_naming_the_call():
    y = mg.tensor([1.0], requires_grad=True) * 2
    with pytest.raises(RuntimeError, match="add_: minigrad does not record in-place .* x.add"):
        y.add_(1)
    buf = mg.zeros(1)
    with pytest.raises(RuntimeError, match="mul_: minigrad does not record"):
        buf.mul_(mg.tensor([1.0], requires_grad=True))


def test_inplace_keeps_shape_and_dtype_rules():
    a, ta = mg.tensor([1, 2]), torch.tensor([1, 2])
    for t in (a, ta):
        with pytest.raises(RuntimeError, match="result type .*can't be cast"):
            t += 1.5
        with pytest.raises(RuntimeError):
            t.add_(t.new_ones(2, 2))
    with pytest.raises(ValueError, match=r"add_: cannot broadcast \(2, 2\) to \(2,\)"):
        a.add_(mg.ones(2, 2, dtype=mg.int64))
    with pytest.raises(RuntimeError, match="read-only"):
        mg.zeros(1).expand(3).fill_(1.0)


def test_a_saved_tensor_changed_in_place_is_caught_at_backward():
    x = mg.tensor([1.0, 2.0], requires_grad=True)
    y = x.exp()
    with mg.no_grad():
        y.mul_(2)
    with pytest.raises(RuntimeError, match="modified in place"):
        y.sum().backward()


def test_detach_shares_the_version_counter():
    x = mg.tensor([1.0, 2.0], requires_grad=True)
    y = x * 1.0
    z = y * y
    y.detach().zero_()
    with pytest.raises(RuntimeError, match="modified in place"):
        z.sum().backward()


def test_random_fills_use_minigrads_generator():
    mg.manual_seed(3)
    a = mg.empty(1000).uniform_(-2, 3)
    mg.manual_seed(3)
    b = mg.empty(1000).uniform_(-2, 3)
    assert a.tolist() == b.tolist() and a.array.min() >= -2 and a.array.max() < 3
    n = mg.empty(20000, dtype=mg.float64).normal_(1.0, 2.0)
    assert abs(n.array.mean() - 1.0) < 0.1 and abs(n.array.std() - 2.0) < 0.1
    g = mg.Generator().manual_seed(0)
    c = mg.empty(5).uniform_(generator=g)
    assert c.tolist() == mg.empty(5).uniform_(generator=mg.Generator().manual_seed(0)).tolist()


def test_requires_grad_and_detach_in_place():
    x = mg.ones(2).requires_grad_()
    assert x.requires_grad
    y = (x * 2).detach_()
    assert y.is_leaf and not y.requires_grad
