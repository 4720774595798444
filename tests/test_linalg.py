"""``minigrad.linalg`` (the torch.linalg face): vector_norm, matrix_norm and norm against
PyTorch, values and gradients, and the orders it refuses."""

import numpy as np
import pytest

import minigrad as mg
from minigrad.testing import gradgradcheck

rng = np.random.default_rng(0)
A = rng.permutation(24).reshape(2, 3, 4) * 0.25 - 2.9  # distinct |values|: no ties
INF = float("inf")

CALLS = [
    ("vector_norm", (), {}),
    ("vector_norm", (1,), {"dim": (0, 2), "keepdim": True}),
    ("vector_norm", (INF,), {"dim": -1}),
    ("matrix_norm", (), {}),
    ("matrix_norm", (1,), {}),
    ("matrix_norm", (-1,), {"keepdim": True}),
    ("matrix_norm", (INF,), {"dim": (0, 2)}),
    ("matrix_norm", (-INF,), {"dim": (2, 1)}),
    ("norm", (), {}),
    ("norm", (), {"dim": 1}),
    ("norm", (), {"dim": (0, 1)}),
    ("norm", (3,), {"dim": -1, "keepdim": True}),
    ("norm", ("fro",), {"dim": (1, 2)}),
    ("norm", (INF,), {"dim": (1, 2)}),
]


@pytest.mark.parametrize("name, args, kwargs", CALLS, ids=[f"{c[0]}{c[1]}{c[2]}" for c in CALLS])
def test_norms_match_torch(name, args, kwargs, torch):
    ours, theirs = mg.tensor(A, requires_grad=True), torch.tensor(A, requires_grad=True)
    out = getattr(mg.linalg, name)(ours, *args, **kwargs)
    expected = getattr(torch.linalg, name)(theirs, *args, **kwargs)
    np.testing.assert_allclose(out.array, expected.detach().numpy(), rtol=1e-12)
    g = rng.standard_normal(out.shape)
    out.backward(mg.tensor(g))
    expected.backward(torch.tensor(g))
    np.testing.assert_allclose(ours.grad.array, theirs.grad.numpy(), rtol=1e-10, atol=1e-12)


def test_norms_of_matrices_second_order_and_2d_default():
    m = mg.tensor(A[0], requires_grad=True)
    assert gradgradcheck(lambda a: mg.linalg.matrix_norm(a, "fro"), [m])
    np.testing.assert_allclose(mg.linalg.norm(m, INF).item(), np.linalg.norm(A[0], np.inf))
    np.testing.assert_allclose(mg.linalg.norm(m, 1).item(), np.linalg.norm(A[0], 1))


def test_refused_orders_and_shapes_name_the_call():
    with pytest.raises(ValueError, match="matrix_norm: ord=3 is not supported"):
        mg.linalg.matrix_norm(mg.ones(2, 2), 3)
    with pytest.raises(ValueError, match="matrix_norm: A must have at least 2 dimensions"):
        mg.linalg.matrix_norm(mg.ones(3))
    with pytest.raises(ValueError, match="norm: with ord=1 and no dim, A must be 1-d or 2-d"):
        mg.linalg.norm(mg.ones(2, 2, 2), 1)
    with pytest.raises(ValueError, match="norm: ord='fro' is a matrix norm"):
        mg.linalg.norm(mg.ones(3), "fro")
