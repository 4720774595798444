"""minigrad._torch_quantiles (quantile, nanquantile, nanmedian) against PyTorch."""

from __future__ import annotations

import numpy as np
import pytest

import minigrad as mg
from minigrad.testing import gradcheck, gradgradcheck

torch = pytest.importorskip("torch")
rng = np.random.default_rng(0)
INTERPOLATIONS = ["linear", "lower", "higher", "midpoint", "nearest"]


def with_nans(shape):
    a = rng.normal(size=shape)
    if a.size > 2:
        a.flat[[1, a.size - 1]] = np.nan
    return a


@pytest.mark.parametrize("name", ["quantile", "nanquantile"])
@pytest.mark.parametrize("interpolation", INTERPOLATIONS)
@pytest.mark.parametrize(
    ("shape", "dim"),
    [((3, 5), None), ((3, 5), 1), ((3, 5), -2), ((4,), 0), ((), None), ((1, 3), 0)],
)
def test_quantiles_match_torch(name, interpolation, shape, dim):
    for a in (rng.normal(size=shape), with_nans(shape)):
        for q in (0.3, 0.5, np.array([0.0, 0.125, 0.375, 1.0]), np.array(0.7)):
            for keepdim in (False, True):
                tq = torch.tensor(q) if isinstance(q, np.ndarray) else q
                mq = mg.tensor(q, dtype=mg.float64) if isinstance(q, np.ndarray) else q
                want = getattr(torch, name)(
                    torch.tensor(a), tq, dim, keepdim, interpolation=interpolation
                ).numpy()
                got = getattr(mg.tensor(a), name)(mq, dim, keepdim, interpolation=interpolation)
                assert got.shape == want.shape
                np.testing.assert_allclose(got.array, want, rtol=1e-12, equal_nan=True)


@pytest.mark.parametrize("interpolation", INTERPOLATIONS)
def test_quantile_gradients(interpolation):
    a = rng.permutation(12).reshape(3, 4) / 7.0  # distinct: the sort's order is stable
    x = mg.tensor(a, requires_grad=True)
    q = mg.tensor([0.2, 0.5, 0.9], dtype=mg.float64)
    assert gradcheck(lambda t: mg.quantile(t, q, 1, interpolation=interpolation), [x])
    assert gradgradcheck(lambda t: mg.quantile(t, 0.4, interpolation=interpolation), [x])
    b = a.copy()
    b[0, 1] = np.nan
    y = mg.tensor(b, requires_grad=True)
    mg.nanquantile(y, 0.5, 1, interpolation=interpolation).sum().backward()
    t = torch.tensor(b, requires_grad=True)
    torch.nanquantile(t, 0.5, 1, interpolation=interpolation).sum().backward()
    np.testing.assert_allclose(y.grad.array, t.grad.numpy())


def test_quantile_errors():
    x = mg.tensor(rng.normal(size=(2, 3)))
    with pytest.raises(ValueError, match=r"quantile: q values must be in the range \[0, 1\]"):
        mg.quantile(x, 1.5)
    with pytest.raises(mg.errors.DTypeError, match="quantile: q tensor must be same dtype"):
        mg.quantile(x, mg.tensor([0.5], dtype=mg.float32))
    with pytest.raises(ValueError, match="quantile: q must be a scalar or 1D"):
        mg.quantile(x, mg.tensor([[0.5]], dtype=mg.float64))
    with pytest.raises(ValueError, match="nanquantile: interpolation"):
        mg.nanquantile(x, 0.5, interpolation="cubic")
    with pytest.raises(mg.errors.DTypeError, match="quantile: input tensor must be either float"):
        mg.quantile(mg.tensor([1, 2]), 0.5)
    with pytest.raises(IndexError, match="quantile"):
        mg.quantile(x, 0.5, 2)
    with pytest.raises(ValueError, match="quantile: input tensor must be non-empty"):
        mg.quantile(mg.tensor(np.zeros((2, 0))), 0.5, 0)
    with pytest.raises(TypeError, match="quantile: keepdim"):
        mg.quantile(x, 0.5, 1, "yes")


@pytest.mark.parametrize(("shape", "dim"), [((3, 5), 1), ((3, 4), 0), ((4,), -1), ((), 0)])
def test_nanmedian_matches_torch(shape, dim):
    for a in (rng.normal(size=shape), with_nans(shape), np.full(shape, np.nan)):
        want = torch.nanmedian(torch.tensor(a))
        np.testing.assert_allclose(mg.nanmedian(mg.tensor(a)).array, want.numpy(), equal_nan=True)
        for keepdim in (False, True):
            tv, ti = torch.nanmedian(torch.tensor(a), dim, keepdim)
            got = mg.tensor(a).nanmedian(dim, keepdim)
            np.testing.assert_allclose(got.values.array, tv.numpy(), equal_nan=True)
            assert got.values.shape == tv.shape
            # An all-NaN slice's index is whichever NaN PyTorch's selection lands on: not compared.
            found = ~np.isnan(tv.numpy())
            np.testing.assert_array_equal(got.indices.array[found], ti.numpy()[found])
            assert got.indices.shape == ti.shape


def test_nanmedian_gradient_and_errors():
    a = rng.permutation(12).reshape(3, 4) / 5.0
    a[1, 2] = np.nan
    assert gradcheck(lambda t: mg.nanmedian(t, 1).values, [mg.tensor(a, requires_grad=True)])
    assert gradcheck(mg.nanmedian, [mg.tensor(a, requires_grad=True)])
    empty = mg.nanmedian(mg.tensor(np.zeros(0)))
    assert np.isnan(empty.array) and empty.shape == torch.nanmedian(torch.zeros(0)).shape
    with pytest.raises(IndexError, match="nanmedian"):
        mg.nanmedian(mg.tensor(np.zeros((2, 0))), 1)
