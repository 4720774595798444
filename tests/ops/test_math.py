"""ops.math and ops.binary: the unary and binary element-wise math families."""

from __future__ import annotations

import numpy as onp
import pytest

from minigrad import Tensor
from minigrad.func import grad
from minigrad.ops import binary, math
from minigrad.testing import gradcheck, gradgradcheck

torch = pytest.importorskip("torch")

X = onp.linspace(-0.8, 0.75, 7)  # no 0: cbrt's slope is infinite there
UNARY = [
    (n, X)
    for n in [
        "tan",
        "arcsin",
        "arccos",
        "arctan",
        "sinh",
        "cosh",
        "arcsinh",
        "arctanh",
        "exp2",
        "expm1",
        "square",
        "sinc",
        "cbrt",
    ]
]
UNARY += [(n, X + 1.5) for n in ["log2", "log10", "log1p", "reciprocal"]]
UNARY += [("arccosh", X + 2.0)]


@pytest.mark.parametrize("name, x", UNARY, ids=[u[0] for u in UNARY])
def test_unary_forward_and_gradients(name, x):
    t = Tensor(x, requires_grad=True)
    out = getattr(math, name)(t)
    onp.testing.assert_allclose(out.array, getattr(onp, name)(x), rtol=1e-14)
    assert gradcheck(getattr(math, name), [t])
    assert gradgradcheck(getattr(math, name), [t])


@pytest.mark.parametrize("name", ["tan", "arcsin", "sinh", "arctanh", "expm1", "log1p"])
def test_unary_gradients_match_torch(name):
    x = torch.tensor(X, requires_grad=True)
    (tg,) = torch.autograd.grad(
        getattr(torch, {"arcsin": "asin", "arctanh": "atanh"}.get(name, name))(x).sum(), x
    )
    ours = grad(lambda v: getattr(math, name)(v).sum())(X)
    onp.testing.assert_allclose(ours.array, tg.numpy(), rtol=1e-12)


def test_sinc_slope_at_zero_is_finite_and_exact():
    assert float(grad(math.sinc)(0.0)) == 0.0
    assert float(grad(grad(math.sinc))(0.0)) == pytest.approx(-(onp.pi**2) / 3)


def test_rounding_is_constant():
    t = Tensor(X, requires_grad=True)
    for fn in (math.floor, math.ceil, math.rint, math.trunc, math.fix):
        out = fn(t)
        assert not out.requires_grad
    assert not math.floor_divide(t, 0.3).requires_grad


B = [
    ("arctan2", X, X[::-1] + 0.05),
    ("hypot", X, X[::-1] + 0.05),
    ("logaddexp", X, X[::-1]),
    ("logaddexp2", X, X[::-1]),
    ("fmax", X, X[::-1] + 0.01),
    ("fmin", X, X[::-1] + 0.01),
    ("remainder", X, X * 0 + 0.7),
    ("fmod", X, X * 0 - 0.7),
]


@pytest.mark.parametrize("name, a, b", B, ids=[c[0] for c in B])
def test_binary_forward_and_gradients(name, a, b):
    ta, tb = Tensor(a, requires_grad=True), Tensor(b[:, None], requires_grad=True)
    fn = getattr(binary, name)
    onp.testing.assert_allclose(fn(ta, tb).array, getattr(onp, name)(a, b[:, None]), rtol=1e-14)
    assert gradcheck(fn, [ta, tb])
    assert gradgradcheck(fn, [ta, tb])


def test_fmax_ignores_nan_and_splits_ties():
    a = Tensor(onp.array([onp.nan, 1.0, 2.0]), requires_grad=True)
    b = Tensor(onp.array([3.0, onp.nan, 2.0]), requires_grad=True)
    out = binary.fmax(a, b)
    onp.testing.assert_array_equal(out.array, [3.0, 1.0, 2.0])
    out.sum().backward()
    onp.testing.assert_array_equal(a.grad.array, [0.0, 1.0, 0.5])
    onp.testing.assert_array_equal(b.grad.array, [1.0, 0.0, 0.5])


def test_bad_operands_raise_naming_the_op():
    with pytest.raises(ValueError, match="hypot"):
        binary.hypot(Tensor(onp.ones(2)), Tensor(onp.ones(3)))
    with pytest.raises(TypeError, match="tan"):
        math.tan(object())
