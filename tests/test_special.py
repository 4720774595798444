"""minigrad.special (torch.special's face) against PyTorch, forward and gradients."""

from __future__ import annotations

import numpy as np
import pytest

import minigrad as mg
from minigrad import special
from minigrad.testing import gradcheck, gradgradcheck

torch = pytest.importorskip("torch")
rng = np.random.default_rng(0)
P = rng.uniform(0.05, 0.95, (2, 3))
X = rng.standard_normal((2, 3))

CASES = [
    ("erf", (X,), {}), ("erfc", (X,), {}), ("erfinv", (P * 2 - 1,), {}), ("expit", (X,), {}),
    ("logit", (P,), {}), ("logit", (P,), {"eps": 0.2}), ("gammaln", (P + 1,), {}),
    ("digamma", (P + 1,), {}), ("psi", (P + 1,), {}), ("xlogy", (X, P), {}),
    ("xlog1py", (X, P), {}), ("entr", (P,), {}), ("ndtr", (X,), {}), ("ndtri", (P,), {}),
    ("log_ndtr", (X,), {}), ("multigammaln", (P + 2,), {"p": 3}), ("polygamma", (2, P + 1), {}),
    ("softmax", (X,), {"dim": 1}), ("log_softmax", (X,), {"dim": 0}),
    ("logsumexp", (X,), {"dim": 1}), ("exp2", (X,), {}), ("expm1", (X,), {}),
    ("log1p", (P,), {}), ("sinc", (X,), {}),
]  # fmt: skip


def _args(args, make):
    return [make(a) if isinstance(a, np.ndarray) else a for a in args]


@pytest.mark.parametrize("name, args, kwargs", CASES, ids=[c[0] for c in CASES])
def test_matches_torch_special_forward_and_gradients(name, args, kwargs):
    want = getattr(torch.special, name)(*_args(args, torch.tensor), **kwargs).numpy()
    got = getattr(special, name)(*_args(args, mg.tensor), **kwargs)
    np.testing.assert_allclose(got.array, want, rtol=1e-9 if name == "polygamma" else 1e-12)
    leaves = [mg.tensor(a, requires_grad=True) for a in args if isinstance(a, np.ndarray)]

    def fn(*xs):
        it = iter(xs)
        return getattr(special, name)(
            *[next(it) if isinstance(a, np.ndarray) else a for a in args], **kwargs
        )

    assert gradcheck(fn, leaves)
    assert gradgradcheck(fn, leaves)


def test_xlogy_is_zero_where_x_is_zero_with_a_finite_gradient():
    x, y = mg.tensor([0.0, 2.0], requires_grad=True), mg.tensor([0.0, 3.0], requires_grad=True)
    out = special.xlogy(x, y)
    np.testing.assert_allclose(out.array, [0.0, 2 * np.log(3)])
    out.sum().backward()
    assert np.isfinite(x.grad.array[1]) and y.grad.array[0] == 0
    assert np.isnan(special.xlogy(mg.tensor([0.0]), mg.tensor([np.nan])).array[0])


@pytest.mark.parametrize("name", ["xlogy", "xlog1py"])
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_a_python_number_takes_the_tensors_float_dtype(name, dtype):
    # PyTorch's scalars are weak: xlogy(x, 2.0) on float64 x is float64 throughout.
    a = (P * 3).astype(dtype)
    for args, targs in [((mg.tensor(a), 2.5), (torch.tensor(a), 2.5)),
                        ((2.5, mg.tensor(a)), (2.5, torch.tensor(a)))]:  # fmt: skip
        got, want = getattr(special, name)(*args), getattr(torch.special, name)(*targs)
        assert got.dtype == dtype and want.dtype == torch.from_numpy(a).dtype
        np.testing.assert_allclose(
            got.array, want.numpy(), rtol=1e-15 if dtype == np.float64 else 1e-6
        )


def test_top_level_and_methods_reach_the_special_functions():
    t = mg.tensor(P)
    np.testing.assert_allclose(mg.erf(t).array, t.erf().array)
    np.testing.assert_allclose(t.lgamma().array, torch.lgamma(torch.tensor(P)).numpy())
    np.testing.assert_allclose(
        t.polygamma(1).array, torch.tensor(P).polygamma(1).numpy(), rtol=1e-9
    )
    np.testing.assert_allclose(mg.logit(t).array, torch.logit(torch.tensor(P)).numpy())


def test_multigammaln_refuses_small_arguments():
    with pytest.raises(
        ValueError, match=r"multigammaln: all elements must be greater than \(p-1\)/2"
    ):
        special.multigammaln(mg.tensor([0.5]), 3)
