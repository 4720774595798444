"""ops.rearrange: the gather primitive behind every element-moving NumPy function."""

from __future__ import annotations

import hypothesis.strategies as st
import numpy as onp
import pytest
from hypothesis import given, settings

import minigrad.numpy as mnp
from minigrad import Tensor
from minigrad.ops.rearrange import index_map, rearrange
from minigrad.testing import gradcheck, gradgradcheck
from minigrad.testing import strategies as mst


def leaf(shape):
    return Tensor(onp.random.default_rng(0).normal(size=shape), requires_grad=True)


def test_gather_fills_minus_one_with_zero_and_sums_copies_in_the_vjp():
    x = leaf((3,))
    y = rearrange(x, onp.array([[0, 0], [-1, 2]]))
    onp.testing.assert_array_equal(y.array, [[x.array[0]] * 2, [0.0, x.array[2]]])
    y.sum().backward()
    onp.testing.assert_array_equal(x.grad.array, [2.0, 0.0, 1.0])
    assert gradcheck(lambda x: rearrange(x, onp.array([2, 2, -1, 0])), [x])
    assert gradgradcheck(lambda x: rearrange(x, onp.array([2, 2, -1, 0])) ** 2, [x])


def test_empty_input_and_index():
    x = leaf((0,))
    assert rearrange(x, onp.full((2,), -1)).tolist() == [0.0, 0.0]
    assert rearrange(leaf((2,)), onp.zeros((0,), int)).shape == (0,)


@pytest.mark.parametrize(
    "index, error",
    [(onp.array([0.5]), TypeError), (onp.array([3]), ValueError), (onp.array([-2]), ValueError)],
)
def test_bad_index_raises_naming_the_op(index, error):
    with pytest.raises(error, match="rearrange"):
        rearrange(leaf((3,)), index)


def test_index_map_runs_numpy_on_positions():
    x = leaf((2, 3))
    onp.testing.assert_array_equal(
        index_map(x, lambda p: onp.roll(p, 1)).array, onp.roll(x.array, 1)
    )
    parts = index_map(x, lambda p: onp.split(p, 3, axis=1))
    assert [p.shape for p in parts] == [(2, 1)] * 3


@settings(max_examples=25, deadline=None)
@given(x=mst.tensors(mst.shapes(min_dims=1, max_dims=3, max_side=3)), data=st.data())
def test_pad_and_transpose_and_split_match_numpy_with_gradients(x, data):
    width = data.draw(mst.pad_widths(x.ndim))
    mode = data.draw(st.sampled_from(["constant", "edge", "reflect", "symmetric", "wrap"]))
    if mode in ("reflect", "symmetric", "wrap") and 0 in x.shape:
        return
    onp.testing.assert_array_equal(mnp.pad(x, width, mode).array, onp.pad(x.array, width, mode))
    perm = data.draw(mst.permutations(x.ndim))
    onp.testing.assert_array_equal(mnp.transpose(x, perm).array, onp.transpose(x.array, perm))
    cuts = data.draw(mst.split_points(x.shape[0]))
    ours = mnp.split(x, cuts)
    theirs = onp.split(x.array, cuts)
    assert [p.shape for p in ours] == [p.shape for p in theirs]
    assert gradcheck(lambda x: mnp.pad(x, width, mode), [x])
