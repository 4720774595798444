"""select_scatter, slice_scatter, vander and nextafter against PyTorch: values, gradients of
two orders, and bad input."""

from __future__ import annotations

import numpy as np
import pytest

import minigrad as mg
from minigrad.errors import DTypeError, ShapeError
from minigrad.testing import gradcheck, gradgradcheck

torch = pytest.importorskip("torch")
rng = np.random.default_rng(0)


def _leaf(a):
    return mg.tensor(a, requires_grad=True)


@pytest.mark.parametrize(
    ("shape", "dim", "index"), [((3, 4), 0, -1), ((3, 4), 1, 2), ((2, 3, 4), -2, 0), ((5,), 0, 4)]
)
def test_select_scatter(shape, dim, index):
    x = rng.standard_normal(shape)
    src = rng.standard_normal(np.delete(shape, dim % len(shape)))
    want = torch.select_scatter(torch.tensor(x), torch.tensor(src), dim, index).numpy()
    np.testing.assert_array_equal(
        mg.select_scatter(mg.tensor(x), mg.tensor(src), dim, index).numpy(), want
    )
    np.testing.assert_array_equal(
        mg.tensor(x).select_scatter(mg.tensor(src), dim, index).numpy(), want
    )

    def fn(a, b):
        return mg.select_scatter(a, b, dim, index) ** 2

    assert gradcheck(fn, [_leaf(x), _leaf(src)]) and gradgradcheck(fn, [_leaf(x), _leaf(src)])


@pytest.mark.parametrize(
    ("shape", "dim", "start", "end", "step"),
    [
        ((6, 3), 0, None, None, 1),
        ((6, 3), 0, 1, 5, 2),
        ((3, 7), -1, -4, None, 3),
        ((4, 5), 1, 2, 2, 1),
    ],
)
def test_slice_scatter(shape, dim, start, end, step):
    x = rng.standard_normal(shape)
    src_shape = list(shape)
    src_shape[dim] = len(range(shape[dim])[start:end:step])
    src = rng.standard_normal(src_shape)
    want = torch.slice_scatter(torch.tensor(x), torch.tensor(src), dim, start, end, step).numpy()
    got = mg.slice_scatter(mg.tensor(x), mg.tensor(src), dim, start, end, step)
    np.testing.assert_array_equal(got.numpy(), want)

    def fn(a, b):
        return mg.slice_scatter(a, b, dim=dim, start=start, end=end, step=step) ** 2

    assert gradcheck(fn, [_leaf(x), _leaf(src)]) and gradgradcheck(fn, [_leaf(x), _leaf(src)])


def test_the_scatters_refuse_bad_input():
    x = mg.tensor(np.zeros((3, 4)))
    with pytest.raises(ShapeError, match=r"select_scatter: src \(3,\) must be input \(3, 4\)"):
        mg.select_scatter(x, mg.tensor(np.zeros(3)), 0, 0)
    with pytest.raises(IndexError, match="select_scatter: index 3 is out of range"):
        mg.select_scatter(x, mg.tensor(np.zeros(4)), 0, 3)
    with pytest.raises(
        ShapeError, match=r"slice_scatter: src \(3, 4\) must be the slice's shape \(2, 4\)"
    ):
        mg.slice_scatter(x, mg.tensor(np.zeros((3, 4))), 0, 0, 2)
    with pytest.raises(ValueError, match="slice_scatter: step must be positive"):
        mg.slice_scatter(x, mg.tensor(np.zeros((3, 4))), 0, step=0)
    with pytest.raises(DTypeError, match="slice_scatter: src must have input's dtype float64"):
        mg.slice_scatter(x, mg.tensor(np.zeros((3, 4), np.float32)))
    with pytest.raises(TypeError, match="select_scatter: index must be an int"):
        mg.select_scatter(x, mg.tensor(np.zeros(4)), 0, 1.0)


@pytest.mark.parametrize("n", [None, 0, 1, 2, 5])
@pytest.mark.parametrize("increasing", [False, True])
def test_vander(n, increasing):
    x = np.array([0.0, 1.5, -2.0, 0.3])
    want = torch.vander(torch.tensor(x), N=n, increasing=increasing).numpy()
    got = mg.vander(mg.tensor(x), N=n, increasing=increasing)
    assert got.shape == want.shape
    np.testing.assert_allclose(got.numpy(), want, rtol=1e-15)
    if n != 0:
        # Exact products: the gradient at x = 0 is finite (no 0 · 0**-1).
        fn = lambda a: mg.vander(a, N=n, increasing=increasing)
        assert gradcheck(fn, [_leaf(x)]) and gradgradcheck(fn, [_leaf(x)])
    ints = torch.vander(torch.tensor([1, 2, 3]), N=n, increasing=increasing)
    got = mg.vander(mg.tensor([1, 2, 3]), N=n, increasing=increasing)
    assert got.dtype == mg.int64 and (got.numpy() == ints.numpy()).all()


def test_vander_refuses_bad_input():
    with pytest.raises(ValueError, match=r"vander: x must be 1-d, got shape \(2, 2\)"):
        mg.vander(mg.tensor(np.zeros((2, 2))))
    with pytest.raises(ValueError, match="vander: N must be a non-negative int"):
        mg.vander(mg.tensor(np.zeros(2)), N=-1)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_nextafter(dtype):
    x = np.array([1.0, 0.0, -2.0, np.inf, 5.0], dtype)
    y = np.array([2.0, -1.0, -2.0, 0.0, np.nan], dtype)
    want = torch.nextafter(torch.tensor(x), torch.tensor(y)).numpy()
    got = mg.nextafter(mg.tensor(x), mg.tensor(y))
    assert got.dtype == dtype
    np.testing.assert_array_equal(got.numpy(), want)
    with pytest.raises(TypeError, match="nextafter: needs float tensors"):
        mg.nextafter(mg.tensor([1]), mg.tensor([2]))
