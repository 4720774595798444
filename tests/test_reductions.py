"""The PyTorch face of the reductions, scans and sorts (``minigrad.reductions``, the Tensor
methods and ``minigrad.return_types``): every call below runs in minigrad and in PyTorch with
the same arguments, as a top-level function and as a method, and must give the same values,
indices, dtypes, shapes and input gradients. Then the named tuples, the defaults where the
two faces differ, the NumPy aliases, and PyTorch's errors."""

import numpy as np
import pytest

import minigrad as mg

rng = np.random.default_rng(0)
X = rng.permutation(24).reshape(2, 3, 4) * 0.25 - 2.0  # distinct values: no ties
TIES = np.array([[1.0, 3.0, 3.0, 0.0], [2.0, 2.0, -1.0, -1.0]])

# (name, positional args after the input, keyword args)
CALLS = [
    ("sum", (), {}),
    ("sum", (1,), {}),
    ("sum", ((0, 2), True), {}),
    ("sum", (), {"dim": -1, "dtype": "float32"}),
    ("mean", (), {}),
    ("mean", ([0, 1],), {"keepdim": True}),
    ("prod", (1,), {}),
    ("prod", (-1, True), {}),
    ("var", (), {}),
    ("var", (1,), {}),
    ("var", (1, False), {}),
    ("var", (), {"dim": (0, 2), "correction": 0, "keepdim": True}),
    ("std", (), {}),
    ("std", (2,), {"unbiased": False}),
    ("std", (), {"dim": 1, "correction": 2}),
    ("max", (), {}),
    ("max", (1,), {}),
    ("max", (-1, True), {}),
    ("min", (), {}),
    ("min", (0,), {"keepdim": True}),
    ("amax", (), {}),
    ("amax", ((0, 1),), {}),
    ("amin", (-1, True), {}),
    ("argmax", (), {}),
    ("argmax", (1,), {}),
    ("argmin", (-1, True), {}),
    ("logsumexp", (1,), {}),
    ("logsumexp", ((0, 2), True), {}),
    ("norm", (), {}),
    ("norm", (), {"p": 1, "dim": 1}),
    ("norm", (float("inf"), (0, 1), True), {}),
    ("norm", (3,), {"dim": -1}),
    ("cumsum", (1,), {}),
    ("cumsum", (), {"dim": -1}),
    ("cumprod", (0,), {}),
    ("logcumsumexp", (2,), {}),
    ("cummax", (1,), {}),
    ("cummin", (-1,), {}),
    ("sort", (), {}),
    ("sort", (1, True), {}),
    ("sort", (), {"dim": 0, "descending": True, "stable": True}),
    ("argsort", (1,), {}),
    ("argsort", (), {"dim": -1, "descending": True}),
    ("msort", (), {}),
    ("topk", (2,), {}),
    ("topk", (2, 1, False), {}),
    ("kthvalue", (2,), {}),
    ("kthvalue", (1, 0, True), {}),
    ("median", (), {}),
    ("median", (1,), {}),
    ("median", (-1, True), {}),
    ("mode", (), {}),
    ("mode", (0, True), {}),
    ("nansum", (1,), {}),
    ("nanmean", (), {}),
    ("count_nonzero", (1,), {}),
    ("all", (), {}),
    ("any", (1,), {}),
    ("all", (-1, True), {}),
    ("aminmax", (), {}),
    ("aminmax", (), {"dim": 1, "keepdim": True}),
    ("diff", (), {}),
    ("diff", (2, 1), {}),
]
METHODLESS = {"std_mean", "var_mean"}  # top-level only, in PyTorch too


def _outputs(out):
    return list(out) if isinstance(out, tuple) else [out]


def _compare(ours, theirs, torch):
    for o, e in zip(_outputs(ours), _outputs(theirs), strict=True):
        assert isinstance(o, mg.Tensor)
        expected = e.detach().numpy()
        assert o.shape == expected.shape and o.dtype == expected.dtype, (o, e)
        np.testing.assert_allclose(o.array, expected, rtol=1e-12, atol=1e-12)


def _run(name, args, kwargs, x, torch, method):
    kw_ours = {k: (getattr(mg, v) if k == "dtype" else v) for k, v in kwargs.items()}
    kw_theirs = {k: (getattr(torch, v) if k == "dtype" else v) for k, v in kwargs.items()}
    ours, theirs = mg.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    if method:
        o, e = getattr(ours, name)(*args, **kw_ours), getattr(theirs, name)(*args, **kw_theirs)
    else:
        o = getattr(mg, name)(ours, *args, **kw_ours)
        e = getattr(torch, name)(theirs, *args, **kw_theirs)
    _compare(o, e, torch)
    assert type(o).__name__ == type(e).__name__ or not isinstance(e, tuple)
    first, tfirst = _outputs(o)[0], _outputs(e)[0]
    if tfirst.requires_grad:
        g = rng.standard_normal(first.shape)
        first.backward(mg.tensor(g.astype(first.dtype)))
        tfirst.backward(torch.tensor(g, dtype=tfirst.dtype))
        np.testing.assert_allclose(ours.grad.array, theirs.grad.numpy(), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("method", [False, True], ids=["function", "method"])
@pytest.mark.parametrize("name, args, kwargs", CALLS, ids=[f"{c[0]}{c[1]}{c[2]}" for c in CALLS])
def test_matches_torch(name, args, kwargs, method, torch):
    _run(name, args, kwargs, X, torch, method)


@pytest.mark.parametrize(
    "name, args", [("max", (1,)), ("min", (1,)), ("sort", (1,)), ("topk", (2,)), ("median", (1,))]
)
def test_indices_with_ties_point_at_the_values_and_take_the_gradient(name, args):
    x = mg.tensor(TIES, requires_grad=True)
    values, indices = getattr(x, name)(*args)
    idx = indices.array.reshape(values.shape[0], -1)
    picked = np.take_along_axis(TIES, idx, 1)
    np.testing.assert_array_equal(picked.reshape(values.shape), values.array)
    values.sum().backward()
    expected = np.zeros(TIES.shape)
    np.add.at(expected, (np.arange(2)[:, None], idx), 1.0)
    np.testing.assert_array_equal(x.grad.array, expected)  # each value's own element


def test_mode_with_repeats_matches_torch(torch):
    x = np.array([[3.0, 1.0, 1.0, 2.0, 2.0], [0.0, 5.0, 5.0, 0.0, 5.0], [1.0, 2.0, 3.0, 4.0, 5.0]])
    _run("mode", (1,), {}, x, torch, True)
    _run("mode", (0,), {"keepdim": True}, x, torch, False)


def test_std_var_mean_pairs(torch):
    x, tx = mg.tensor(X), torch.tensor(X)
    for name in ("std_mean", "var_mean"):
        for kwargs in ({}, {"dim": 1}, {"dim": (0, 2), "correction": 0, "keepdim": True}):
            ours, theirs = getattr(mg, name)(x, **kwargs), getattr(torch, name)(tx, **kwargs)
            assert isinstance(ours, tuple) and len(ours) == 2
            _compare(ours, theirs, torch)


# --------------------------------------------------------------------------------------------
# Named tuples
# --------------------------------------------------------------------------------------------


def test_named_tuples_behave_like_torch_return_types():
    r = mg.tensor(X).max(1)
    values, indices = r
    assert isinstance(r, tuple) and len(r) == 2
    assert r[0] is r.values is values and r[1] is r.indices is indices
    assert type(r) is mg.return_types.max and type(r).__name__ == "max"
    assert repr(r).startswith("max(values=tensor(")
    mm = mg.aminmax(mg.tensor(X))
    assert mm.min.item() == X.min() and mm.max.item() == X.max() and mm == (mm[0], mm[1])
    assert type(mg.tensor(X).sort()).__name__ == "sort"
    assert mg.return_types.topk._fields == ("values", "indices")


# --------------------------------------------------------------------------------------------
# Where the PyTorch face differs from the NumPy one
# --------------------------------------------------------------------------------------------


def test_std_and_var_are_unbiased_by_default_unlike_numpy():
    x = mg.tensor(X)
    np.testing.assert_allclose(x.var().item(), np.var(X, ddof=1))
    np.testing.assert_allclose(mg.std(x, 1).array, np.std(X, 1, ddof=1))
    np.testing.assert_allclose(x.std(unbiased=False).item(), np.std(X))
    np.testing.assert_allclose(x.var(False).item(), np.var(X))  # the var(unbiased) overload
    np.testing.assert_allclose(mg.ops.reduce.var(x).item(), np.var(X))  # the NumPy face


def test_max_forms():
    x = mg.tensor(X, requires_grad=True)
    assert x.max().shape == () and mg.max(x).item() == X.max()
    other = mg.tensor(np.zeros_like(X))
    np.testing.assert_array_equal(mg.max(x, other).array, np.maximum(X, 0))
    np.testing.assert_array_equal(x.min(other).array, np.minimum(X, 0))
    x.max().backward()
    assert x.grad.array.sum() == 1.0
    t = mg.tensor([1.0, 3.0, 3.0], requires_grad=True)
    t.max().backward()  # no dim: ties share the gradient (PyTorch's evenly_distribute)
    np.testing.assert_array_equal(t.grad.array, [0.0, 0.5, 0.5])
    z = mg.tensor(2.0)
    assert z.max(0).values.shape == () and z.max(-1, True).indices.shape == ()


def test_numpy_aliases_axis_and_keepdims():
    x = mg.tensor(X)
    assert x.sum(axis=1, keepdims=True).shape == (2, 1, 4)
    assert mg.mean(x, axis=(0, 2)).shape == (3,)
    assert x.amax(axis=-1).shape == (2, 3)
    assert x.max(axis=1).values.shape == (2, 4)
    assert x.std(axis=0, keepdims=True).shape == (1, 3, 4)
    assert x.cumsum(axis=0).shape == X.shape
    assert x.sort(axis=0).values.shape == X.shape
    with pytest.raises(TypeError, match="sum: got both dim=1 and its alias axis=0"):
        x.sum(1, axis=0)


def test_an_empty_dim_means_every_dim_as_in_torch():
    x = mg.tensor(X)
    assert x.sum(dim=()).shape == () and x.amax().shape == () and x.mean([]).shape == ()


def test_internal_keepdim_sum_stays_fast_path_equivalent():
    x = mg.tensor(X, requires_grad=True)
    y = x.sum(1, True) * 2
    y.sum().backward()
    np.testing.assert_array_equal(x.grad.array, np.full(X.shape, 2.0))


# --------------------------------------------------------------------------------------------
# Errors (each names the call)
# --------------------------------------------------------------------------------------------


def test_errors_name_the_call():
    x = mg.tensor(X)
    with pytest.raises(TypeError, match="max: keepdim=True needs a dim"):
        x.max(keepdim=True)
    with pytest.raises(TypeError, match="max: dim must be an int, got \\(0, 1\\); use amax"):
        x.max((0, 1))
    with pytest.raises(ValueError, match=r"max: dim 3 is out of range .*\(2, 3, 4\)"):
        x.max(3)
    with pytest.raises(TypeError, match="cumsum: missing the required argument dim"):
        x.cumsum()
    with pytest.raises(TypeError, match="var: give either unbiased or correction"):
        x.var(unbiased=True, correction=0)
    with pytest.raises(TypeError, match="std: unbiased must be a bool, got 1"):
        x.std(0, 1)
    with pytest.raises(ValueError, match="norm: p='nuc' is not supported"):
        x.norm(p="nuc")
    with pytest.raises(ValueError, match="topk: k=5 is out of range for dimension -1 of size 4"):
        x.topk(5)
    with pytest.raises(ValueError, match="median: dim 1 is empty"):
        mg.zeros(2, 0).median(1)
    with pytest.raises(TypeError, match="sort: expected a Tensor, got str"):
        mg.sort("abc")
