"""Tests for minigrad.tensor: making a Tensor from data (issue 20: ``tensor`` copies,
``from_numpy``/``as_tensor`` share), dtypes and PyTorch's type promotion, attributes,
``size()``/``Size``, and the reprs."""

import numpy as np
import pytest

import minigrad as mg
from minigrad.testing import gradcheck

# These tests compare with PyTorch's own defaults (float32), whatever the torch fixture set.
pytestmark = pytest.mark.usefixtures("pytorch_defaults")

torch = pytest.importorskip("torch")


@pytest.fixture(autouse=True)
def _pytorch_default_float32():
    """The shared ``torch`` fixture makes PyTorch's default float64; these tests compare
    dtypes with minigrad's default (float32), so PyTorch's is float32 while they run."""
    old = torch.get_default_dtype()
    torch.set_default_dtype(torch.float32)
    yield
    torch.set_default_dtype(old)


def test_python_floats_become_float32_and_arrays_keep_their_dtype():
    assert mg.tensor([1.0, 2.0]).dtype == np.float32
    assert mg.tensor(3.0).dtype == np.float32
    assert mg.tensor(np.ones(2)).dtype == np.float64
    assert mg.tensor([1, 2]).dtype == np.int64
    assert mg.tensor([True]).dtype == np.bool_
    assert mg.tensor([1, 2], dtype=np.float64).dtype == np.float64
    assert mg.tensor([1, 2], dtype=mg.float64).dtype == mg.double


def test_integer_and_bool_tensors_cannot_require_grad():
    with pytest.raises(TypeError, match="only floating-point tensors can require gradients.*int64"):
        mg.tensor([1, 2], requires_grad=True)
    with pytest.raises(RuntimeError, match="bool"):  # PyTorch's type, too
        mg.tensor([True]).requires_grad_()


def test_bad_data_is_a_type_error():
    with pytest.raises(TypeError, match="cannot make a tensor from str"):
        mg.tensor("abc")


# ---- issue 20: copies and sharing ----------------------------------------------------------


def test_tensor_copies_so_training_leaves_the_callers_array_alone():
    a = np.ones(3, np.float32)
    t = mg.tensor(a, requires_grad=True)
    opt = mg.optim.SGD([t], lr=0.5)
    (t * t).sum().backward()
    opt.step()
    with mg.no_grad():
        t.data -= 1
        t.zero_()
    np.testing.assert_array_equal(a, [1.0, 1.0, 1.0])
    assert not np.shares_memory(mg.Tensor(a).array, a)
    assert not np.shares_memory(mg.tensor(mg.from_numpy(a)).array, a)


def test_from_numpy_shares_memory_both_ways_and_keeps_the_dtype():
    a = np.arange(3, dtype=np.int16)
    t = mg.from_numpy(a)
    assert t.dtype == np.int16
    a[0] = 7
    t[1] = 9
    assert t.tolist() == [7, 9, 2] and a.tolist() == [7, 9, 2]
    with pytest.raises(TypeError, match="from_numpy: expected np.ndarray"):
        mg.from_numpy([1, 2])
    with pytest.raises(TypeError):
        torch.from_numpy([1, 2])


def test_as_tensor_shares_unless_the_dtype_changes():
    a = np.zeros(3, np.float32)
    assert np.shares_memory(mg.as_tensor(a).array, a)
    assert not np.shares_memory(mg.as_tensor(a, dtype=mg.float64).array, a)
    assert mg.as_tensor(a, dtype=mg.float64).dtype == np.float64
    t = mg.tensor([1.0])
    assert mg.as_tensor(t) is t
    assert mg.as_tensor([1, 2]).dtype == np.int64


def test_parameter_shares_the_tensor_it_wraps_as_pytorch():
    w = mg.zeros(2)
    p = mg.nn.Parameter(w)
    w.fill_(3.0)
    assert p.tolist() == [3.0, 3.0]


# ---- PyTorch's type promotion ---------------------------------------------------------------

PROMOTION = [
    ("int + float", lambda m: m.tensor([1, 2]) + 1.5),
    ("float * int", lambda m: m.tensor([1.0]) * 2),
    ("int / int", lambda m: m.tensor([1, 2]) / m.tensor([2, 2])),
    ("int / scalar", lambda m: m.tensor([3]) / 2),
    ("scalar / int", lambda m: 1 / m.tensor([3])),
    ("int32 + 0-d int64", lambda m: m.tensor([1], dtype=m.int32) + m.tensor(1)),
    ("f32 + 0-d f64", lambda m: m.tensor([1.0]) + m.tensor(1.0, dtype=m.float64)),
    ("f32 + f64", lambda m: m.tensor([1.0]) + m.tensor([1.0], dtype=m.float64)),
    ("int64 + f16", lambda m: m.tensor([1]) + m.tensor([1.0], dtype=m.float16)),
    ("uint8 + int8", lambda m: m.tensor([1], dtype=m.uint8) + m.tensor([1], dtype=m.int8)),
    ("bool + bool", lambda m: m.tensor([True]) + m.tensor([True])),
    ("bool + int", lambda m: m.tensor([True]) + 1),
    ("int ** float", lambda m: m.tensor([2]) ** 2.0),
    ("int ** int", lambda m: m.tensor([2]) ** 2),
    ("2 ** int", lambda m: 2 ** m.tensor([2])),
    ("2.0 ** int", lambda m: 2.0 ** m.tensor([2])),
    ("int // int", lambda m: m.tensor([5, -5]) // 2),
    ("float % int", lambda m: m.tensor([5.5, -5.5]) % 2),
    ("int % int", lambda m: m.tensor([5, -5]) % 3),
    ("rmod", lambda m: 7 % m.tensor([3, -3])),
    ("rfloordiv", lambda m: 7.0 // m.tensor([2.0, -2.0])),
    ("f16 * float", lambda m: m.tensor([1.0], dtype=m.float16) * 2.5),
]


@pytest.mark.parametrize("make", [p[1] for p in PROMOTION], ids=[p[0] for p in PROMOTION])
def test_operators_follow_pytorchs_type_promotion(make):
    got, want = make(mg), make(torch)
    assert str(got.dtype) == str(want.dtype).removeprefix("torch.")
    np.testing.assert_allclose(got.array, want.numpy(), rtol=1e-6)


def test_remainder_is_differentiable_like_pytorchs():
    a, b = np.array([5.5, -3.2, 7.0]), np.array([2.0, 1.5, -3.0])
    x, y = mg.tensor(a, requires_grad=True), mg.tensor(b, requires_grad=True)
    (x % y).sum().backward()
    tx, ty = torch.tensor(a, requires_grad=True), torch.tensor(b, requires_grad=True)
    (tx % ty).sum().backward()
    np.testing.assert_allclose(x.grad.array, tx.grad.numpy())
    np.testing.assert_allclose(y.grad.array, ty.grad.numpy())
    assert gradcheck(lambda u, v: u % v, [x, y])


def test_bitwise_operators_on_bool_and_int_tensors():
    for m in (mg, torch):
        a, b = m.tensor([1, 2, 7]), m.tensor([3, 1, 5])
        c = m.tensor([True, False])
        got = [(a & b).tolist(), (a | b).tolist(), (a ^ b).tolist(), (~a).tolist(), (~c).tolist()]
        if m is mg:
            mine = got
        else:
            assert mine == got
    with pytest.raises(TypeError, match="bitwise_and: not implemented for dtype float32"):
        mg.tensor([1.0]) & mg.tensor([1.0])


# ---- attributes -----------------------------------------------------------------------------


def test_size_shape_and_counts_match_pytorch():
    x, t = mg.zeros(2, 3, 4), torch.zeros(2, 3, 4)
    assert isinstance(x.size(), mg.Size) and isinstance(x.shape, tuple)
    assert x.size() == tuple(t.size()) and x.shape == (2, 3, 4)
    assert x.size(1) == t.size(1) and x.size(-1) == t.size(-1) == 4
    assert x.shape[1:] == (3, 4) and isinstance(x.shape[1:], mg.Size)
    assert x.numel() == t.numel() == x.nelement() == x.size().numel()
    assert x.dim() == x.ndimension() == t.dim() == 3
    assert x.element_size() == t.element_size() == 4
    with pytest.raises(IndexError, match=r"size: dim 3 is out of range.*\[-3, 2\]"):
        x.size(3)
    with pytest.raises(IndexError):
        t.size(3)


def test_attributes_and_conversions():
    x = mg.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    assert x.shape == (2, 2) and x.ndim == 2 and x.numel() == 4 and len(x) == 2
    assert x.is_leaf and x.requires_grad and x.grad is None
    assert np.asarray(x) is x.array and x.detach().numpy() is x.array
    assert x.tolist() == [[1.0, 2.0], [3.0, 4.0]]
    assert mg.tensor([5.0]).item() == 5.0 and float(mg.tensor(2.5)) == 2.5
    with pytest.raises(ValueError, match="item: the tensor has 4 elements"):
        x.item()
    with pytest.raises(RuntimeError, match="ambiguous"):
        bool(x)


def test_detach_shares_data_and_cuts_the_graph():
    x = mg.tensor([1.0], requires_grad=True)
    y = (x * 2).detach()
    assert y.is_leaf and not y.requires_grad
    d = x.detach()
    assert np.shares_memory(d.array, x.array) and d._base is x


REPRS = [
    lambda m: m.tensor([1.0, 2.0], requires_grad=True),
    lambda m: m.tensor(3.0),
    lambda m: m.tensor([1, 2]),
    lambda m: m.tensor([True, False]),
    lambda m: m.tensor([2.5, 3.5]),
    lambda m: m.tensor([[1.5, 2.0], [3.0, 4.0]]),
    lambda m: m.tensor([1e-5, 1.0]),
    lambda m: m.tensor([100.5, 2.0]),
    lambda m: m.tensor([float("nan"), 1.5, float("inf")]),
    lambda m: m.zeros(0),
    lambda m: m.zeros(0, 3),
]


@pytest.mark.parametrize("make", REPRS)
def test_repr_is_pytorchs(make):
    assert repr(make(mg)) == repr(make(torch))


def test_repr_names_the_dtype_and_the_graph_node():
    assert repr(mg.tensor([1, 2], dtype=mg.int32)) == "tensor([1, 2], dtype=int32)"
    x = mg.tensor([1.0, 2.0], requires_grad=True)
    assert repr(x * 2) == "tensor([2., 4.], grad_fn=<MultiplyBackward>)"
    assert "name='w'" in repr(mg.tensor([1.0], name="w"))


def test_tensors_hash_by_identity_so_they_can_key_dicts():
    a, b = mg.tensor([1.0]), mg.tensor([1.0])
    assert len({a: 1, b: 2}) == 2
