"""Reductions: forward vs NumPy, gradients vs central differences and PyTorch, ties, empty
axes, 0-d inputs, numerical stability and bad axes.

Inputs are drawn with ``minigrad.testing.strategies``; the gradient properties run
``check_gradients`` (gradcheck, the VJP contract checks and gradgradcheck) on each example.
"""

from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import minigrad as mg
from minigrad.ops import extreme, reduce
from minigrad.testing import check_gradients, gradcheck, gradgradcheck
from minigrad.testing import strategies as mst

# The ops under test, by their NumPy names (the PyTorch face is tested in tests/test_reductions.py).
R = SimpleNamespace(
    **{n: getattr(reduce, n) for n in ("sum", "mean", "var", "std", "any", "all")},
    **{n: getattr(extreme, n) for n in ("max", "min", "logsumexp", "argmax", "argmin")},
)

finite = st.floats(-3, 3, allow_nan=False, allow_infinity=False)


@st.composite
def tensor_and_axis(draw, min_side=1, elements=finite, distinct=False):
    """A float64 tensor (0 to 3 dims), an ``axis`` argument for it (None, an int, maybe
    negative, or a tuple of distinct axes, maybe empty, maybe negative) and ``keepdims``.
    ``distinct``: values pairwise at least 0.1 apart, so central differences never straddle
    a tie."""
    shape = draw(mst.shapes(max_dims=3, min_side=min_side))
    if distinct:
        x = draw(mst.distinct_values(shape, min_gap=0.1))
    else:
        x = draw(mst.tensors(shape, elements=elements))
    return x, draw(mst.axes(len(shape))), draw(st.booleans())


def t(a):
    return mg.tensor(a, requires_grad=True)


def n_reduced(shape, axis):
    if axis is None:
        return int(np.prod(shape))
    axes = (axis,) if isinstance(axis, int) else axis
    return int(np.prod([shape[a] for a in axes]))


def np_logsumexp(x, axis, keepdims):
    return np.log(np.sum(np.exp(x), axis=axis, keepdims=keepdims))


FORWARD = {
    "sum": (R.sum, np.sum),
    "mean": (R.mean, np.mean),
    "var": (R.var, np.var),
    "std": (R.std, np.std),
    "max": (R.max, np.max),
    "min": (R.min, np.min),
    "logsumexp": (R.logsumexp, np_logsumexp),
}


@pytest.mark.parametrize("name", FORWARD)
@given(case=tensor_and_axis())
def test_reductions_match_numpy(name, case):
    op, ref = FORWARD[name]
    x, axis, keepdims = case
    out = op(x, axis=axis, keepdims=keepdims)
    expected = ref(x.array, axis=axis, keepdims=keepdims)
    assert out.shape == np.shape(expected)
    np.testing.assert_allclose(out.array, expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("name", ["sum", "mean", "logsumexp", "max", "min", "var", "std"])
def test_reduction_gradients_first_and_second_order(name):
    # Distinct values keep max/min off their kinks; std needs two or more distinct values per
    # reduction (its gradient is infinite at zero spread).
    cases = tensor_and_axis(distinct=name in ("max", "min", "std"))
    if name == "std":
        cases = cases.filter(lambda c: n_reduced(c[0].shape, c[1]) >= 2)
    op = FORWARD[name][0]
    check_gradients(lambda case: op(case[0], axis=case[1], keepdims=case[2]), case=cases, order=2)


@pytest.mark.parametrize("ddof", [0, 1, 2])
@pytest.mark.parametrize("op", [R.var, R.std])
def test_var_std_ddof_forward_and_second_order(op, ddof):
    x = np.random.default_rng(ddof).standard_normal((3, 5))
    ref = np.var if op is R.var else np.std
    np.testing.assert_allclose(op(t(x), axis=1, ddof=ddof).array, ref(x, axis=1, ddof=ddof))
    assert gradcheck(lambda a: op(a, axis=-1, ddof=ddof), [t(x)])
    assert gradgradcheck(lambda a: op(a, axis=(0, 1), ddof=ddof, keepdims=True), [t(x)])


TORCH = {
    "sum": (R.sum, lambda torch, x, dim, kd: torch.sum(x, dim=dim, keepdim=kd)),
    "mean": (R.mean, lambda torch, x, dim, kd: torch.mean(x, dim=dim, keepdim=kd)),
    "var": (
        lambda x, axis, keepdims: R.var(x, axis, ddof=1, keepdims=keepdims),
        lambda torch, x, dim, kd: torch.var(x, dim=dim, correction=1, keepdim=kd),
    ),
    "std": (
        lambda x, axis, keepdims: R.std(x, axis, ddof=1, keepdims=keepdims),
        lambda torch, x, dim, kd: torch.std(x, dim=dim, correction=1, keepdim=kd),
    ),
    "max": (R.max, lambda torch, x, dim, kd: torch.amax(x, dim=dim, keepdim=kd)),
    "min": (R.min, lambda torch, x, dim, kd: torch.amin(x, dim=dim, keepdim=kd)),
    "logsumexp": (R.logsumexp, lambda torch, x, dim, kd: torch.logsumexp(x, dim=dim, keepdim=kd)),
}


@pytest.mark.parametrize("name", TORCH)
@given(data=st.data())
def test_reductions_and_gradients_match_torch(name, data, torch):
    # Small integers make ties common: torch.amax/amin split the gradient evenly among tied
    # extremes, and so must max/min.
    ints = st.integers(-2, 2).map(float)
    elements = ints if name in ("max", "min") else finite
    ours, axis, keepdims = data.draw(tensor_and_axis(elements=elements))
    dims = tuple(range(ours.ndim)) if axis is None else axis
    assume(dims != () or ours.ndim == 0)  # torch reads dim=() as "all dims"
    if name in ("var", "std"):
        assume(n_reduced(ours.shape, axis) >= 2 and np.all(np.std(ours.array, axis=axis) > 1e-3))
    op, ref = TORCH[name]
    out = op(ours, axis=axis, keepdims=keepdims)
    g = data.draw(mst.tensors(out.shape, elements=finite, requires_grad=False))
    out.backward(g)
    theirs = torch.tensor(ours.array, requires_grad=True)
    expected = ref(torch, theirs, dims, keepdims)
    expected.backward(torch.tensor(g.array))
    np.testing.assert_allclose(out.array, expected.detach().numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(ours.grad.array, theirs.grad.numpy(), rtol=1e-10, atol=1e-12)


# --------------------------------------------------------------------------------------------
# Edge cases: 0-d, empty, dtypes
# --------------------------------------------------------------------------------------------


def test_zero_d_input_reduces_to_itself():
    x = t(np.array(2.5))
    for op in (R.sum, R.mean, R.max, R.min, R.logsumexp):
        out = op(x)
        assert out.shape == () and out.item() == pytest.approx(2.5)
    assert R.var(x).item() == 0.0
    assert R.argmax(x).item() == 0
    R.sum(x, keepdims=True).backward()
    assert x.grad.item() == 1.0


def test_empty_reductions_follow_numpy():
    e = t(np.zeros((2, 0)))
    np.testing.assert_array_equal(R.sum(e, axis=1).array, [0.0, 0.0])
    assert R.sum(e).item() == 0.0
    assert R.sum(e, axis=0).shape == (0,)
    with pytest.warns(RuntimeWarning):
        assert np.isnan(R.mean(e).item())
    R.sum(e, axis=1).backward(mg.ones(2, dtype=np.float64))
    assert e.grad.shape == (2, 0)
    np.testing.assert_array_equal(R.any(e, axis=1).array, [False, False])
    np.testing.assert_array_equal(R.all(e, axis=1).array, [True, True])
    assert R.max(e, axis=0).shape == (0,)  # nothing reduced over an empty axis


def test_dtypes_follow_numpy():
    assert R.sum(mg.ones(3)).dtype == np.float32
    assert R.mean(mg.ones(3, dtype=np.float64)).dtype == np.float64
    ints = mg.tensor(np.array([[1, 2], [3, 4]]))
    assert R.sum(ints).dtype == np.int64 and R.sum(ints).item() == 10
    assert R.mean(ints).dtype == np.float64
    assert R.sum(mg.tensor(np.array([True, True, False]))).item() == 2
    x = mg.ones(3, 4, requires_grad=True)
    R.var(x, axis=0).sum().backward()
    assert x.grad.dtype == np.float32


def test_tensor_methods_call_the_reductions():
    x = np.arange(12.0).reshape(3, 4)
    m = mg.tensor(x)
    np.testing.assert_allclose(m.sum(axis=-1, keepdims=True).array, x.sum(-1, keepdims=True))
    np.testing.assert_allclose(m.std(0, True).array, x.std(0, ddof=1))
    np.testing.assert_array_equal(m.argmin(axis=1).array, x.argmin(1))
    assert m.logsumexp().shape == ()


def test_gradients_are_broadcast_views_not_copies_of_the_reduced_gradient():
    x = t(np.ones((1000, 100)))
    (g,) = mg.autograd.grad(R.sum(x), x)  # .grad would get its own writable copy
    assert g.shape == (1000, 100) and g.array.strides == (0, 0)


# --------------------------------------------------------------------------------------------
# any, all
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["any", "all"])
@given(case=tensor_and_axis(min_side=0, elements=st.sampled_from([0.0, 1.0])))
def test_any_all_match_numpy(name, case):
    x, axis, keepdims = case
    out = getattr(R, name)(x, axis=axis, keepdims=keepdims)
    assert out.dtype == np.bool_
    np.testing.assert_array_equal(
        out.array, getattr(np, name)(x.array, axis=axis, keepdims=keepdims)
    )


@given(case=tensor_and_axis(min_side=0))
def test_sum_and_its_gradient_with_empty_axes(case):
    x, axis, keepdims = case
    out = R.sum(x, axis=axis, keepdims=keepdims)
    np.testing.assert_allclose(out.array, np.sum(x.array, axis=axis, keepdims=keepdims))
    out.backward(mg.tensor(np.full(out.shape, 2.0)))
    np.testing.assert_array_equal(x.grad.array, np.full(x.shape, 2.0))


# --------------------------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "op", [R.sum, R.mean, R.var, R.std, R.max, R.min, R.logsumexp, R.any, R.all]
)
def test_bad_axes_raise_naming_the_op_the_axis_and_the_shape(op):
    x = mg.ones(2, 3)
    name = op.__name__
    with pytest.raises(ValueError, match=rf"{name}: axis 2 is out of range .*shape \(2, 3\)"):
        op(x, axis=2)
    with pytest.raises(ValueError, match=rf"{name}: axis -3 is out of range"):
        op(x, axis=(0, -3))
    with pytest.raises(ValueError, match=rf"{name}: repeated axis in axis=\(1, -1\).*\(2, 3\)"):
        op(x, axis=(1, -1))
    with pytest.raises(TypeError, match=rf"{name}: axis must be an int or a tuple of ints"):
        op(x, axis=1.0)
    with pytest.raises(ValueError, match=rf"{name}: axis 0 is out of range .*shape \(\)"):
        op(mg.tensor(1.0), axis=0)


@pytest.mark.parametrize("op", [R.var, R.std])
def test_bad_ddof_raises(op):
    with pytest.raises(TypeError, match=rf"{op.__name__}: ddof must be a number, got '1'"):
        op(mg.ones(3), ddof="1")


def test_non_tensor_input_raises():
    with pytest.raises(TypeError, match="sum: expected a Tensor, got str"):
        R.sum("abc")


# --------------------------------------------------------------------------------------------
# std where the spread is 0 (issue 17): gradient 0 at every order, as in PyTorch
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("ddof", [0, 1])
def test_std_gradient_is_zero_where_std_is_zero_first_and_second_order(ddof, torch):
    x = np.array([[1.0, 1.0, 1.0], [1.0, 2.0, 4.0]])
    ours, theirs = t(x), torch.tensor(x, requires_grad=True)
    (g,) = mg.autograd.grad(R.std(ours, axis=1, ddof=ddof).sum(), ours, create_graph=True)
    (tg,) = torch.autograd.grad(theirs.std(dim=1, correction=ddof).sum(), theirs, create_graph=True)
    np.testing.assert_allclose(g.array, tg.detach().numpy(), rtol=1e-12, atol=1e-15)
    assert not np.isnan(g.array).any() and (g.array[0] == 0).all()
    w = np.random.default_rng(3).standard_normal(x.shape)
    (gg,) = mg.autograd.grad((g * mg.tensor(w)).sum(), ours)
    (tgg,) = torch.autograd.grad((tg * torch.tensor(w)).sum(), theirs)
    np.testing.assert_allclose(gg.array, tgg.numpy(), rtol=1e-10, atol=1e-12)
    assert (gg.array[0] == 0).all()


# --------------------------------------------------------------------------------------------
# prod: the product of the others, right with zeros
# --------------------------------------------------------------------------------------------


@given(case=tensor_and_axis())
def test_prod_matches_numpy(case):
    x, axis, keepdims = case
    np.testing.assert_allclose(
        reduce.prod(x, axis, keepdims=keepdims).array,
        np.prod(x.array, axis=axis, keepdims=keepdims),
        rtol=1e-12,
        atol=1e-12,
    )


def test_prod_gradients_first_and_second_order():
    check_gradients(
        lambda case: reduce.prod(case[0], case[1], keepdims=case[2]),
        case=tensor_and_axis(elements=st.floats(0.5, 2)),
        order=2,
    )


@pytest.mark.parametrize(
    "row", [[2.0, 0.0, 3.0, -1.5], [0.0, 2.0, 0.0, 3.0], [0.0, 0.0, 0.0, 0.0], [1.5, 2, 3, 4]]
)
def test_prod_gradient_with_one_and_two_zeros_matches_torch(row, torch):
    x = np.array([row, [1.0, 2.0, 3.0, 4.0]])
    ours, theirs = t(x), torch.tensor(x, requires_grad=True)
    (g,) = mg.autograd.grad(reduce.prod(ours, axis=1).sum(), ours, create_graph=True)
    (tg,) = torch.autograd.grad(theirs.prod(dim=1).sum(), theirs, create_graph=True)
    np.testing.assert_allclose(g.array, tg.detach().numpy(), rtol=1e-12)
    w = np.random.default_rng(4).standard_normal(x.shape)
    (gg,) = mg.autograd.grad((g * mg.tensor(w)).sum(), ours)
    (tgg,) = torch.autograd.grad((tg * torch.tensor(w)).sum(), theirs)
    np.testing.assert_allclose(gg.array, tgg.numpy(), rtol=1e-12, atol=1e-12)
    assert gradcheck(lambda a: reduce.prod(a, axis=(0, 1)), [t(x)])
    assert gradgradcheck(lambda a: reduce.prod(a, axis=-1), [t(x)])


def test_prod_of_empty_axes_is_one_and_integers_stay_integers():
    e = t(np.zeros((2, 0)))
    out = reduce.prod(e, axis=1)
    np.testing.assert_array_equal(out.array, [1.0, 1.0])
    out.sum().backward()
    assert e.grad.shape == (2, 0)
    assert reduce.prod(mg.tensor(np.array([2, 3]))).dtype == np.int64


# --------------------------------------------------------------------------------------------
# average, nansum, nanmean, count_nonzero, dtype=
# --------------------------------------------------------------------------------------------


def test_average_matches_numpy_and_differentiates_values_and_weights():
    x, w = np.random.default_rng(5).uniform(0.5, 2, (2, 3, 2)), np.array([1.0, 2.0, 0.5])
    out, total = reduce.average(t(x), axis=1, weights=t(w), returned=True)
    ref, ref_total = np.average(x, axis=1, weights=w, returned=True)
    np.testing.assert_allclose(out.array, ref)
    np.testing.assert_allclose(total.array, ref_total)
    np.testing.assert_allclose(reduce.average(t(x)).array, np.average(x))
    assert gradgradcheck(lambda a, b: reduce.average(a, 1, b), [t(x), t(w)])
    with pytest.raises(ValueError, match=r"average: weights of shape \(2,\) must have"):
        reduce.average(t(x), axis=1, weights=mg.ones(2))
    with pytest.raises(ValueError, match="average: weights sum to zero"):
        reduce.average(t(x), axis=1, weights=mg.tensor(np.zeros(3)))


def test_nansum_and_nanmean_skip_nans_and_give_them_no_gradient():
    x = np.array([[1.0, np.nan, 2.0], [np.nan, np.nan, np.nan]])
    a = t(x)
    np.testing.assert_allclose(reduce.nansum(a, axis=1).array, np.nansum(x, axis=1))
    with pytest.warns(RuntimeWarning):
        ref = np.nanmean(x, axis=1)
    np.testing.assert_allclose(reduce.nanmean(a, axis=1).array, ref)
    reduce.nansum(a).backward()
    np.testing.assert_array_equal(a.grad.array, [[1.0, 0.0, 1.0], [0.0, 0.0, 0.0]])


def test_count_nonzero_and_dtype_argument():
    x = np.array([[0.0, 1.0, 2.0], [0.0, 0.0, 3.0]])
    np.testing.assert_array_equal(reduce.count_nonzero(mg.tensor(x), axis=1).array, [2, 1])
    assert reduce.count_nonzero(mg.tensor(x)).item() == 3
    assert reduce.sum(mg.ones(3), dtype=np.float64).dtype == np.float64
    x32 = mg.ones(3, requires_grad=True)
    reduce.mean(x32, dtype=np.float64).backward()
    assert x32.grad.dtype == np.float32
    with pytest.raises(TypeError, match="sum: dtype must be a NumPy/minigrad dtype"):
        reduce.sum(mg.ones(3), dtype="nope")
