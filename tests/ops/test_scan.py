"""Scans: cumsum, cumprod, logcumsumexp, cummax/cummin and diff — forward vs NumPy and
PyTorch, float64 gradients to second order, zeros in cumprod, ties in cummax, 0-d, empty and
negative axes, and bad input naming the op."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import minigrad as mg
from minigrad.ops import scan
from minigrad.testing import gradcheck, gradgradcheck
from minigrad.testing import strategies as mst

rng = np.random.default_rng(0)
finite = st.floats(-2, 2, allow_nan=False, allow_infinity=False)


def t(a):
    return mg.tensor(np.asarray(a, dtype=np.float64), requires_grad=True)


@st.composite
def tensor_and_axis(draw, min_side=1):
    """A float64 tensor (1 to 3 dims) and an axis of it, maybe negative."""
    x = draw(mst.tensors(mst.shapes(min_dims=1, max_dims=3, min_side=min_side), elements=finite))
    return x, draw(st.integers(-x.ndim, x.ndim - 1))


# --------------------------------------------------------------------------------------------
# cumsum
# --------------------------------------------------------------------------------------------


@given(case=tensor_and_axis(min_side=0))
def test_cumsum_matches_numpy_for_every_axis(case):
    x, axis = case
    np.testing.assert_allclose(scan.cumsum(x, axis).array, np.cumsum(x.array, axis), rtol=1e-12)


def test_cumsum_without_axis_flattens_and_keeps_numpy_dtypes():
    x = np.arange(6.0).reshape(2, 3)
    np.testing.assert_array_equal(scan.cumsum(mg.tensor(x)).array, np.cumsum(x))
    ints = mg.tensor(np.array([True, True, False]))
    assert scan.cumsum(ints, 0).dtype == np.int64
    assert scan.cumsum(mg.ones(3), 0, dtype=np.float64).dtype == np.float64


@given(case=tensor_and_axis())
def test_cumsum_gradients_first_and_second_order(case):
    x, axis = case
    assert gradcheck(lambda a: scan.cumsum(a, axis) ** 2, [x])
    assert gradgradcheck(lambda a: scan.cumsum(a, axis) ** 2, [x])


def test_cumsum_gradient_is_the_reversed_running_sum(torch):
    x = rng.standard_normal((3, 4))
    g = rng.standard_normal((3, 4))
    ours, theirs = t(x), torch.tensor(x, requires_grad=True)
    scan.cumsum(ours, -1).backward(mg.tensor(g))
    torch.cumsum(theirs, -1).backward(torch.tensor(g))
    np.testing.assert_allclose(ours.grad.array, theirs.grad.numpy(), rtol=1e-12)
    np.testing.assert_allclose(ours.grad.array, np.flip(np.cumsum(np.flip(g, 1), 1), 1))


def test_cumsum_of_a_0d_tensor_with_a_dim_is_0d():
    assert scan.cumsum(mg.tensor(2.0), 0).shape == ()
    assert scan.cumsum(mg.tensor(2.0)).shape == (1,)  # axis=None flattens, as in NumPy


# --------------------------------------------------------------------------------------------
# cumprod, with zeros
# --------------------------------------------------------------------------------------------


@given(case=tensor_and_axis(min_side=0))
def test_cumprod_matches_numpy(case):
    x, axis = case
    np.testing.assert_allclose(scan.cumprod(x, axis).array, np.cumprod(x.array, axis), rtol=1e-12)


@pytest.mark.parametrize(
    "x",
    [
        [0.5, 2.0, -1.5, 3.0],
        [2.0, 0.0, 3.0, 1.5],  # one zero
        [0.0, 2.0, 0.0, 3.0],  # two zeros
        [1.5, 2.0, 3.0, 0.0],  # a zero last
        [0.0, 0.0, 0.0, 0.0],
    ],
)
def test_cumprod_gradient_with_zeros_matches_torch(x, torch):
    g = rng.standard_normal(4)
    ours, theirs = t(x), torch.tensor(x, requires_grad=True)
    scan.cumprod(ours, 0).backward(mg.tensor(g))
    torch.cumprod(theirs, 0).backward(torch.tensor(g))
    np.testing.assert_allclose(ours.grad.array, theirs.grad.numpy(), rtol=1e-12, atol=1e-12)
    assert gradcheck(lambda a: scan.cumprod(a, 0), [t(x)])


def test_cumprod_second_order_and_zeros_along_other_axes():
    x = t(rng.uniform(0.5, 2.0, (3, 4)))
    assert gradgradcheck(lambda a: scan.cumprod(a, -2), [x])
    z = t([[1.0, 0.0, 2.0], [0.0, 3.0, 0.0]])
    assert gradcheck(lambda a: scan.cumprod(a, 1), [z])
    assert gradcheck(lambda a: scan.cumprod(a, 0), [z])


# --------------------------------------------------------------------------------------------
# logcumsumexp, cummax, cummin
# --------------------------------------------------------------------------------------------


@given(case=tensor_and_axis())
def test_logcumsumexp_matches_torch_with_gradients(case, torch):
    x, axis = case
    theirs = torch.tensor(x.array, requires_grad=True)
    out, expected = scan.logcumsumexp(x, axis), torch.logcumsumexp(theirs, axis)
    np.testing.assert_allclose(out.array, expected.detach().numpy(), rtol=1e-12, atol=1e-12)
    g = np.random.default_rng(1).standard_normal(out.shape)
    out.backward(mg.tensor(g))
    expected.backward(torch.tensor(g))
    np.testing.assert_allclose(x.grad.array, theirs.grad.numpy(), rtol=1e-10, atol=1e-12)
    assert gradgradcheck(lambda a: scan.logcumsumexp(a, axis), [t(x.array)])


def test_logcumsumexp_is_stable_for_large_inputs():
    x = mg.tensor(np.array([1e4, 1e4, -1e4]))
    expected = [1e4, 1e4 + np.log(2), 1e4 + np.log(2)]
    np.testing.assert_allclose(scan.logcumsumexp(x, 0).array, expected)


@pytest.mark.parametrize("name", ["cummax", "cummin"])
def test_running_extremes_match_torch_with_ties(name, torch):
    x = np.array([[1.0, 1.0, 3.0, 3.0, 2.0, 3.0], [0.0, -1.0, -1.0, 2.0, -2.0, -2.0]])
    ours, theirs = t(x), torch.tensor(x, requires_grad=True)
    (v, i), (tv, ti) = getattr(scan, name)(ours, 1), getattr(torch, name)(theirs, 1)
    np.testing.assert_array_equal(v.array, tv.detach().numpy())
    np.testing.assert_array_equal(i.array, ti.numpy())
    assert i.dtype == np.int64
    g = rng.standard_normal(x.shape)
    v.backward(mg.tensor(g))
    tv.backward(torch.tensor(g))
    np.testing.assert_allclose(ours.grad.array, theirs.grad.numpy(), rtol=1e-12)


def test_cummax_gradients_second_order_away_from_ties():
    x = t(rng.permutation(12).reshape(3, 4) * 0.1)
    assert gradcheck(lambda a: scan.cummax(a, 0)[0], [x])
    assert gradgradcheck(lambda a: scan.cummin(a, -1)[0] ** 2, [x])


# --------------------------------------------------------------------------------------------
# diff
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("n", [0, 1, 2, 5])
@pytest.mark.parametrize("axis", [0, -1])
def test_diff_matches_numpy_with_gradients(n, axis):
    x = rng.standard_normal((3, 4))
    np.testing.assert_allclose(scan.diff(t(x), n, axis).array, np.diff(x, n, axis))
    if np.diff(x, n, axis).size:
        assert gradcheck(lambda a: scan.diff(a, n, axis), [t(x)])


def test_diff_prepend_and_append_scalars_and_tensors_get_gradients():
    x = rng.standard_normal((2, 3))
    p = rng.standard_normal((2, 1))
    out = scan.diff(t(x), 1, 1, prepend=1.5, append=mg.tensor(p))
    np.testing.assert_allclose(out.array, np.diff(x, 1, 1, prepend=1.5, append=p))
    assert gradcheck(lambda a, b: scan.diff(a, 2, 1, prepend=b, append=0.0), [t(x), t(p)])


# --------------------------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["cumsum", "cumprod", "logcumsumexp", "cummax", "cummin"])
def test_bad_axes_raise_naming_the_op(name):
    op = getattr(scan, name)
    with pytest.raises(ValueError, match=rf"{name}: axis 2 is out of range .*shape \(2, 3\)"):
        op(mg.ones(2, 3), 2)
    with pytest.raises(TypeError, match=rf"{name}: axis must be an int"):
        op(mg.ones(2, 3), 1.0)
    with pytest.raises(TypeError, match=rf"{name}: expected a Tensor, got str"):
        op("x", 0)


def test_bad_diff_arguments_raise():
    with pytest.raises(ValueError, match="diff: order n must be a non-negative int"):
        scan.diff(mg.ones(3), -1)
    with pytest.raises(ValueError, match="diff: requires input that is at least one dim"):
        scan.diff(mg.tensor(1.0))
    with pytest.raises(TypeError, match="logcumsumexp: expected a floating-point tensor"):
        scan.logcumsumexp(mg.tensor(np.array([1, 2])), 0)
