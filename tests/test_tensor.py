"""Tests for minigrad.tensor: making a Tensor from data, dtype rules, attributes, conversions
and in-place helpers."""

import numpy as np
import pytest

import minigrad as mg


def test_python_floats_become_float32_and_arrays_keep_their_dtype():
    assert mg.tensor([1.0, 2.0]).dtype == np.float32
    assert mg.tensor(3.0).dtype == np.float32
    assert mg.tensor(np.ones(2)).dtype == np.float64
    assert mg.tensor([1, 2]).dtype == np.int64
    assert mg.tensor([True]).dtype == np.bool_
    assert mg.tensor([1, 2], dtype=np.float64).dtype == np.float64


def test_mixed_float_dtypes_promote_like_numpy():
    a = mg.tensor(np.ones(2, np.float32))
    b = mg.tensor(np.ones(2, np.float64))
    assert (a + b).dtype == np.float64


def test_integer_and_bool_tensors_cannot_require_grad():
    with pytest.raises(TypeError, match="only floating-point tensors can require gradients.*int64"):
        mg.tensor([1, 2], requires_grad=True)
    with pytest.raises(TypeError, match="bool"):
        mg.tensor([True]).requires_grad_()


def test_bad_data_is_a_type_error():
    with pytest.raises(TypeError, match="cannot make a tensor from str"):
        mg.tensor("abc")


def test_attributes_and_conversions():
    x = mg.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    assert x.shape == (2, 2) and x.ndim == 2 and x.size == 4 and len(x) == 2
    assert x.is_leaf and x.requires_grad and x.grad is None
    assert np.asarray(x) is x.array and x.numpy() is x.array
    assert x.tolist() == [[1.0, 2.0], [3.0, 4.0]]
    assert mg.tensor([5.0]).item() == 5.0 and float(mg.tensor(2.5)) == 2.5
    with pytest.raises(ValueError, match="item: the tensor has 4 elements"):
        x.item()
    with pytest.raises(ValueError, match="ambiguous"):
        bool(x)


def test_detach_shares_data_and_cuts_the_graph():
    x = mg.tensor([1.0], requires_grad=True)
    y = (x * 2).detach()
    assert y.is_leaf and not y.requires_grad


def test_repr_shows_data_dtype_and_op():
    x = mg.tensor([1.0, 2.0], requires_grad=True)
    assert repr(x) == "tensor([1., 2.], dtype=float32, requires_grad=True)"
    assert repr(x * 2) == "tensor([2., 4.], dtype=float32, op=Multiply)"
    assert "name='w'" in repr(mg.tensor([1.0], name="w"))


def test_tensors_hash_by_identity_so_they_can_key_dicts():
    a, b = mg.tensor([1.0]), mg.tensor([1.0])
    assert len({a: 1, b: 2}) == 2


def test_in_place_helpers_bump_the_version():
    x = mg.zeros(3)
    x.fill_(2.0).add_(mg.ones(3), alpha=3.0).mul_(2.0)
    np.testing.assert_array_equal(x.array, [10.0, 10.0, 10.0])
    x.zero_()
    x.copy_([1.0, 2.0, 3.0])
    assert x._version == 5 and x.tolist() == [1.0, 2.0, 3.0]
    with pytest.raises(ValueError, match=r"copy_: cannot broadcast \(2,\) to \(3,\)"):
        x.copy_([1.0, 2.0])
