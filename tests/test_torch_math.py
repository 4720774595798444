"""minigrad._torch_math: the PyTorch-face math/linear helpers against PyTorch, gradients."""

from __future__ import annotations

import numpy as np
import pytest

import minigrad as mg
from minigrad.testing import gradcheck, gradgradcheck

torch = pytest.importorskip("torch")
rng = np.random.default_rng(0)


def both(a):
    return mg.tensor(a), torch.tensor(a)


UNARY = ["log1p", "expm1", "sinh", "cosh", "tan", "asin", "atan", "asinh", "atanh", "log2"]
UNARY += ["log10", "exp2", "floor", "ceil", "trunc", "frac", "fix"]


@pytest.mark.parametrize("name", UNARY)
def test_unary_functions_and_methods_match_torch(name):
    a = rng.uniform(-0.9, 0.9, (2, 3))
    if name.startswith("log"):
        a = a + 1.0
    m, t = both(a)
    want = getattr(torch, name)(t).numpy()
    np.testing.assert_allclose(getattr(mg, name)(m).array, want, rtol=1e-13)
    np.testing.assert_allclose(getattr(m, name)().array, want, rtol=1e-13)


@pytest.mark.parametrize("name", ["atan2", "hypot", "fmod", "logaddexp", "logaddexp2", "fmax"])
def test_binary_functions_match_torch(name):
    a, b = rng.uniform(0.5, 2, (2, 3)), rng.uniform(0.5, 2, (3,))
    (ma, ta), (mb, tb) = both(a), both(b)
    want = getattr(torch, name)(ta, tb).numpy()
    np.testing.assert_allclose(getattr(mg, name)(ma, mb).array, want, rtol=1e-13)
    np.testing.assert_allclose(getattr(ma, name)(mb).array, want, rtol=1e-13)


CALLS = [
    ("trace", (rng.standard_normal((3, 4)),), {}),
    ("diag", (rng.standard_normal(3),), {"diagonal": 1}),
    ("diag", (rng.standard_normal((3, 4)),), {"diagonal": -1}),
    ("diagonal", (rng.standard_normal((2, 3, 4)),), {"offset": 1, "dim1": 1, "dim2": -1}),
    ("nan_to_num", (np.array([np.nan, np.inf, -np.inf, 1.5]),), {"nan": 2.0}),
    ("vdot", (rng.standard_normal(3), rng.standard_normal(3)), {}),
    ("inner", (rng.standard_normal((2, 3)), rng.standard_normal((4, 3))), {}),
    ("tensordot", (rng.standard_normal((2, 3)), rng.standard_normal((3, 4))), {"dims": 1}),
    ("kron", (rng.standard_normal((2, 2)), rng.standard_normal((2, 3))), {}),
    ("cross", (rng.standard_normal((4, 3)), rng.standard_normal((4, 3))), {"dim": 1}),
    ("rot90", (rng.standard_normal((2, 3, 4)),), {"k": 3, "dims": [1, 2]}),
    ("fliplr", (rng.standard_normal((2, 3)),), {}),
    ("flipud", (rng.standard_normal((2, 3)),), {}),
    ("repeat_interleave", (rng.standard_normal((2, 3)),), {"repeats": 2, "dim": 1}),
    ("repeat_interleave", (rng.standard_normal((2, 3)),), {"repeats": 2}),
    ("dist", (rng.standard_normal((2, 3)), rng.standard_normal(3)), {"p": 3}),
    ("cdist", (rng.standard_normal((2, 4, 3)), rng.standard_normal((2, 5, 3))), {}),
    ("cdist", (rng.standard_normal((4, 3)), rng.standard_normal((5, 3))), {"p": 1.0}),
    ("addcmul", (rng.standard_normal(3), rng.standard_normal(3), rng.standard_normal(3)),
     {"value": 2}),
    ("addcdiv", (rng.standard_normal(3), rng.standard_normal(3), rng.uniform(1, 2, 3)),
     {"value": 0.5}),
    ("baddbmm", (rng.standard_normal((2, 3)), rng.standard_normal((4, 2, 5)),
                 rng.standard_normal((4, 5, 3))), {"beta": 0.5, "alpha": 2}),
]  # fmt: skip


@pytest.mark.parametrize("name, args, kwargs", CALLS, ids=[c[0] for c in CALLS])
def test_functions_match_torch_and_differentiate(name, args, kwargs):
    want = getattr(torch, name)(*[torch.tensor(a) for a in args], **kwargs).numpy()
    got = getattr(mg, name)(*[mg.tensor(a) for a in args], **kwargs)
    np.testing.assert_allclose(got.array, want, rtol=1e-12, atol=1e-14)
    if name != "nan_to_num":
        leaves = [mg.tensor(a, requires_grad=True) for a in args]
        assert gradcheck(lambda *xs: getattr(mg, name)(*xs, **kwargs), leaves)
        assert gradgradcheck(lambda *xs: getattr(mg, name)(*xs, **kwargs), leaves)


def test_cross_default_dim_is_the_first_of_size_3():
    a, b = rng.standard_normal((3, 3)), rng.standard_normal((3, 3))
    want = torch.linalg.cross(torch.tensor(a), torch.tensor(b), dim=0).numpy()
    np.testing.assert_allclose(mg.cross(mg.tensor(a), mg.tensor(b)).array, want)


def test_repeat_interleave_of_counts_and_per_element_repeats():
    np.testing.assert_array_equal(mg.repeat_interleave(mg.tensor([2, 0, 1])).array, [0, 0, 2])
    x = mg.tensor([[1.0, 2.0], [3.0, 4.0]])
    got = x.repeat_interleave(mg.tensor([1, 2]), dim=0).array
    np.testing.assert_array_equal(got, [[1, 2], [3, 4], [3, 4]])


def test_broadcast_tensors_cartesian_prod_combinations_match_torch():
    a, b = rng.standard_normal((2, 1)), rng.standard_normal(3)
    for g, w in zip(mg.broadcast_tensors(mg.tensor(a), mg.tensor(b)),
                    torch.broadcast_tensors(torch.tensor(a), torch.tensor(b))):  # fmt: skip
        np.testing.assert_array_equal(g.array, w.numpy())
    u, v = rng.standard_normal(2), rng.standard_normal(3)
    np.testing.assert_array_equal(
        mg.cartesian_prod(mg.tensor(u), mg.tensor(v)).array,
        torch.cartesian_prod(torch.tensor(u), torch.tensor(v)).numpy(),
    )
    for r, rep in [(2, False), (3, True), (0, False), (5, False)]:
        want = torch.combinations(torch.tensor(v), r, with_replacement=rep).numpy()
        got = mg.combinations(mg.tensor(v), r, with_replacement=rep).array
        np.testing.assert_array_equal(got.reshape(want.shape), want)
    x = mg.tensor(v, requires_grad=True)
    assert gradcheck(lambda t: mg.combinations(t, 2), [x])


def test_baddbmm_with_beta_0_ignores_nans_in_input():
    out = mg.baddbmm(mg.full((2, 2), float("nan")), mg.ones(1, 2, 3), mg.ones(1, 3, 2), beta=0)
    np.testing.assert_array_equal(out.array, np.full((1, 2, 2), 3.0))


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: mg.trace(mg.zeros(2, 2, 2)), r"trace: input must be 2-D, got shape \(2, 2, 2\)"),
        (lambda: mg.diag(mg.zeros(2, 2, 2)), "diag: input must be 1-D or 2-D"),
        (lambda: mg.diagonal(mg.zeros(2, 2), dim1=0, dim2=-2), "diagonal: dim1 and dim2"),
        (lambda: mg.vdot(mg.zeros(2), mg.zeros(3)), "vdot: expected two 1-D tensors"),
        (lambda: mg.cross(mg.zeros(2, 2), mg.zeros(2, 2)), "cross: no dimension of size 3"),
        (lambda: mg.cross(mg.zeros(3, 2), mg.zeros(3, 2), dim=1), "cross: dimension 1 must"),
        (lambda: mg.rot90(mg.zeros(2, 2), dims=[0, 0]), "rot90: dims must be two different"),
        (lambda: mg.cdist(mg.zeros(2, 3), mg.zeros(2, 4)), "cdist: x1 and x2 must be"),
        (lambda: mg.combinations(mg.zeros(2, 2)), "combinations: input must be 1-D"),
        (lambda: mg.repeat_interleave(mg.zeros(2), -1), "repeat_interleave: repeats must be"),
        (lambda: mg.cartesian_prod(mg.zeros(2, 2)), "cartesian_prod: expected 1-D tensors"),
    ],
)
def test_bad_input_names_the_function_and_argument(call, match):
    with pytest.raises(ValueError, match=match):
        call()
