"""Sorting and selection: take_along_axis/put_along_axis, sort, argsort, msort, partition,
argpartition, topk, kthvalue, median — forward vs NumPy and PyTorch, gradients (a scatter
through the indices) to second order, ties, NaN, 0-d, empty and negative axes, bad input."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import minigrad as mg
from minigrad.ops import sort as S
from minigrad.testing import gradcheck, gradgradcheck
from minigrad.testing import strategies as mst

rng = np.random.default_rng(0)


def t(a):
    return mg.tensor(np.asarray(a, dtype=np.float64), requires_grad=True)


@st.composite
def tensor_and_axis(draw, min_side=1, distinct=False):
    shape = draw(mst.shapes(min_dims=1, max_dims=3, min_side=min_side))
    if distinct:
        x = draw(mst.distinct_values(shape, min_gap=0.1))
    else:  # small integers: many ties
        x = draw(mst.tensors(shape, elements=st.integers(-2, 2).map(float)))
    return x, draw(st.integers(-len(shape), len(shape) - 1))


# --------------------------------------------------------------------------------------------
# take_along_axis / put_along_axis
# --------------------------------------------------------------------------------------------


def test_take_along_axis_matches_numpy_and_repeats_add_gradients():
    x = rng.standard_normal((3, 4))
    idx = np.array([[0, 0, 3], [1, 2, 1], [3, 3, 3]])
    out = S.take_along_axis(t(x), idx, 1)
    np.testing.assert_array_equal(out.array, np.take_along_axis(x, idx, 1))
    a = t(x)
    S.take_along_axis(a, mg.tensor(idx), -1).sum().backward()
    np.testing.assert_array_equal(a.grad.array, [[2, 0, 0, 1], [0, 2, 1, 0], [0, 0, 0, 3]])
    assert gradgradcheck(lambda v: S.take_along_axis(v, idx, 1) ** 2, [t(x)])
    flat = S.take_along_axis(t(x), np.array([11, -1]), None)
    np.testing.assert_array_equal(flat.array, [x.flat[11], x.flat[11]])


def test_put_along_axis_is_the_adjoint_of_take():
    idx = np.array([[2], [0]])
    out = S.put_along_axis(t([[1.0], [2.0]]), idx, 1, (2, 3))
    np.testing.assert_array_equal(out.array, [[0, 0, 1], [2, 0, 0]])
    assert gradgradcheck(lambda v: S.put_along_axis(v, idx, 1, (2, 3)) ** 2, [t([[1.0], [2.0]])])


def test_take_along_axis_bad_indices_raise():
    with pytest.raises(TypeError, match="take_along_axis: indices must be integers"):
        S.take_along_axis(mg.ones(2, 3), np.zeros((2, 1)), 1)
    with pytest.raises(ValueError, match=r"take_along_axis: indices \(shape \(2,\)\) must have"):
        S.take_along_axis(mg.ones(2, 3), np.zeros(2, int), 1)
    with pytest.raises(IndexError, match="take_along_axis: an index is out of range for axis 1"):
        S.take_along_axis(mg.ones(2, 3), np.full((2, 1), 3), 1)


# --------------------------------------------------------------------------------------------
# sort, argsort, msort
# --------------------------------------------------------------------------------------------


@given(case=tensor_and_axis(min_side=0))
def test_sort_and_argsort_match_numpy_stable(case):
    x, axis = case
    np.testing.assert_array_equal(S.sort(x, axis).array, np.sort(x.array, axis))
    np.testing.assert_array_equal(
        S.argsort(x, axis).array, np.argsort(x.array, axis, kind="stable")
    )
    np.testing.assert_array_equal(S.sort(x, None).array, np.sort(x.array, None))


@given(case=tensor_and_axis())
def test_descending_stable_sort_matches_torch_with_gradients(case, torch):
    x, axis = case
    theirs = torch.tensor(x.array, requires_grad=True)
    tv, ti = torch.sort(theirs, dim=axis, descending=True, stable=True)
    idx = S.argsort(x, axis, descending=True)
    values = S.sort(x, axis, descending=True)
    np.testing.assert_array_equal(idx.array, ti.numpy())
    np.testing.assert_array_equal(values.array, tv.detach().numpy())
    g = np.random.default_rng(1).standard_normal(x.shape)
    values.backward(mg.tensor(g))
    tv.backward(torch.tensor(g))
    np.testing.assert_allclose(x.grad.array, theirs.grad.numpy())


def test_sort_gradients_second_order_and_nan_last():
    x = t(rng.permutation(12).reshape(3, 4) * 0.1)
    assert gradcheck(lambda a: S.sort(a, 0) * mg.tensor(np.arange(12.0).reshape(3, 4)), [x])
    assert gradgradcheck(lambda a: S.sort(a, -1) ** 2, [x])
    n = mg.tensor(np.array([2.0, np.nan, 1.0]))
    np.testing.assert_array_equal(S.sort(n).array, [1.0, 2.0, np.nan])
    np.testing.assert_array_equal(S.sort(n, descending=True).array, [np.nan, 2.0, 1.0])
    np.testing.assert_array_equal(
        S.msort(mg.tensor([[3.0, 1.0], [2.0, 4.0]])).array, [[2, 1], [3, 4]]
    )


def test_sort_of_0d_and_unsigned_descending():
    assert S.sort(mg.tensor(2.0)).shape == ()
    assert S.argsort(mg.tensor(2.0)).item() == 0
    u = mg.tensor(np.array([1, 3, 2], dtype=np.uint8))
    np.testing.assert_array_equal(S.argsort(u, descending=True).array, [1, 2, 0])


# --------------------------------------------------------------------------------------------
# partition, argpartition
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("kth", [0, 2, -1, (1, 3)])
def test_partition_matches_numpy_with_gradients(kth):
    x = rng.permutation(20).reshape(4, 5) * 0.1
    np.testing.assert_array_equal(S.partition(t(x), kth, 1).array, np.partition(x, kth, 1))
    np.testing.assert_array_equal(S.argpartition(t(x), kth, -1).array, np.argpartition(x, kth))
    assert gradgradcheck(lambda a: S.partition(a, kth) ** 2, [t(x)])


def test_partition_bad_kth_raises():
    with pytest.raises(ValueError, match="partition: kth 5 is out of bounds for an axis of size 5"):
        S.partition(mg.ones(5), 5)
    with pytest.raises(TypeError, match="argpartition: kth must be an int or a sequence"):
        S.argpartition(mg.ones(5), 1.5)


# --------------------------------------------------------------------------------------------
# topk, kthvalue, median
# --------------------------------------------------------------------------------------------


@given(case=tensor_and_axis(distinct=True), data=st.data())
def test_topk_matches_torch(case, data, torch):
    x, axis = case
    k = data.draw(st.integers(0, x.shape[axis]))
    largest = data.draw(st.booleans())
    theirs = torch.tensor(x.array, requires_grad=True)
    v, i = S.topk(x, k, axis=axis, largest=largest)
    tv, ti = torch.topk(theirs, k, dim=axis, largest=largest)
    np.testing.assert_array_equal(v.array, tv.detach().numpy())
    np.testing.assert_array_equal(i.array, ti.numpy())
    g = np.random.default_rng(2).standard_normal(v.shape)
    v.backward(mg.tensor(g))
    tv.backward(torch.tensor(g))
    np.testing.assert_allclose(x.grad.array, theirs.grad.numpy())


@given(case=tensor_and_axis(distinct=True), data=st.data())
def test_kthvalue_matches_torch(case, data, torch):
    x, axis = case
    k = data.draw(st.integers(1, x.shape[axis]))
    keepdims = data.draw(st.booleans())
    theirs = torch.tensor(x.array, requires_grad=True)
    v, i = S.kthvalue(x, k, axis=axis, keepdims=keepdims)
    tv, ti = torch.kthvalue(theirs, k, dim=axis, keepdim=keepdims)
    np.testing.assert_array_equal(v.array, tv.detach().numpy())
    np.testing.assert_array_equal(i.array, ti.numpy())
    v.sum().backward()
    tv.sum().backward()
    np.testing.assert_allclose(x.grad.array, theirs.grad.numpy())


def test_topk_and_kthvalue_with_ties_pick_elements_equal_to_the_values():
    x = mg.tensor(np.array([[1.0, 3.0, 3.0, 2.0], [0.0, 0.0, 0.0, 0.0]]))
    v, i = S.topk(x, 2, axis=1)
    np.testing.assert_array_equal(v.array, [[3, 3], [0, 0]])
    np.testing.assert_array_equal(np.take_along_axis(x.array, i.array, 1), v.array)
    kv, ki = S.kthvalue(x, 2, axis=-1)
    np.testing.assert_array_equal(kv.array, [2, 0])
    np.testing.assert_array_equal(np.take_along_axis(x.array, ki.array[:, None], 1)[:, 0], kv.array)


@pytest.mark.parametrize(
    "shape, axis", [((5,), None), ((4, 3), 0), ((4, 3), -1), ((2, 3, 4), None)]
)
def test_median_matches_numpy_and_shares_the_two_middles_gradient(shape, axis):
    x = rng.permutation(int(np.prod(shape))).reshape(shape) * 0.1
    for keepdims in (False, True):
        out = S.median(t(x), axis, keepdims=keepdims)
        np.testing.assert_allclose(out.array, np.median(x, axis, keepdims=keepdims))
    assert gradgradcheck(lambda a: S.median(a, axis) ** 2, [t(x)])
    a = t([4.0, 1.0, 3.0, 2.0])
    S.median(a).backward()
    np.testing.assert_array_equal(a.grad.array, [0, 0, 0.5, 0.5])


@pytest.mark.parametrize("name", ["topk", "kthvalue"])
def test_bad_k_and_dims_raise_naming_the_op(name):
    op = getattr(S, name)
    with pytest.raises(
        ValueError, match=rf"{name}: k=4 is out of range for dimension -1 of size 3"
    ):
        op(mg.ones(2, 3), 4)
    with pytest.raises(TypeError, match=rf"{name}: k must be an int"):
        op(mg.ones(2, 3), 1.5)
    with pytest.raises(ValueError, match=rf"{name}: axis 2 is out of range"):
        op(mg.ones(2, 3), 1, axis=2)
    with pytest.raises(ValueError, match="median: cannot take the median of an empty axis"):
        S.median(mg.zeros(2, 0), 1)
    with pytest.raises(ValueError, match="sort: kind must be one of"):
        S.sort(mg.ones(3), kind="bogo")
