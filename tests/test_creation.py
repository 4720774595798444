"""Tests for minigrad.creation: the creation functions and the seedable generator."""

import numpy as np
import pytest

import minigrad as mg

# These tests compare with PyTorch's own defaults (float32), whatever the torch fixture set.
pytestmark = pytest.mark.usefixtures("pytorch_defaults")


def test_creation_functions():
    assert mg.zeros(2, 3).shape == (2, 3) and mg.zeros((2, 3)).dtype == np.float32
    assert mg.ones(2, dtype=np.float64).dtype == np.float64
    np.testing.assert_array_equal(mg.full((2,), 7.0).array, [7.0, 7.0])
    np.testing.assert_array_equal(mg.arange(3).array, [0, 1, 2])
    assert mg.arange(0.0, 1.0, 0.5).dtype == np.float32
    np.testing.assert_array_equal(mg.eye(2).array, np.eye(2))
    x = mg.randn(3, 4, dtype=np.float64)
    assert mg.zeros_like(x).dtype == np.float64 and mg.ones_like(x).shape == (3, 4)
    with pytest.raises(ValueError, match="zeros: negative dimension"):
        mg.zeros(-1)
    with pytest.raises(ValueError, match="arange: step"):
        mg.arange(0, 1, 0)


def test_random_functions_are_seedable():
    mg.manual_seed(0)
    a = mg.randn(5)
    mg.manual_seed(0)
    np.testing.assert_array_equal(a.array, mg.randn(5).array)
    g = np.random.default_rng(1)
    r = mg.rand(1000, generator=g)
    assert r.array.min() >= 0 and r.array.max() < 1 and r.dtype == np.float32


# ---- PyTorch's signatures (issue 12) ---------------------------------------------------------

torch = pytest.importorskip("torch")


@pytest.fixture(autouse=True)
def _pytorch_default_float32():
    """The shared ``torch`` fixture makes PyTorch's default float64; these tests compare
    dtypes with minigrad's default (float32), so PyTorch's is float32 while they run."""
    old = torch.get_default_dtype()
    torch.set_default_dtype(torch.float32)
    yield
    torch.set_default_dtype(old)


SAME = [
    ("zeros varargs", lambda m: m.zeros(2, 3)),
    ("zeros tuple", lambda m: m.zeros((2, 3), dtype=m.float64)),
    ("ones", lambda m: m.ones([3], dtype=m.int32)),
    ("full float", lambda m: m.full((2,), 1.5)),
    ("full int", lambda m: m.full((2,), 7)),
    ("full bool", lambda m: m.full((2,), True)),
    ("arange int", lambda m: m.arange(5)),
    ("arange start", lambda m: m.arange(2, 9, 3)),
    ("arange float", lambda m: m.arange(0, 1, 0.25)),
    ("arange dtype", lambda m: m.arange(4, dtype=m.float64)),
    ("linspace", lambda m: m.linspace(0, 1, 5)),
    ("logspace", lambda m: m.logspace(0, 2, 3)),
    ("logspace base", lambda m: m.logspace(0, 3, 4, base=2)),
    ("eye", lambda m: m.eye(3)),
    ("eye rect", lambda m: m.eye(2, 3, dtype=m.int64)),
    ("zeros_like", lambda m: m.zeros_like(m.ones(2, dtype=m.int32))),
    ("ones_like dtype", lambda m: m.ones_like(m.ones(2), dtype=m.float64)),
    ("full_like", lambda m: m.full_like(m.ones(2, 2), 3.0)),
    ("tensor int", lambda m: m.tensor([[1, 2]])),
    ("tensor dtype", lambda m: m.tensor([1, 2], dtype=m.float16)),
    ("as_tensor", lambda m: m.as_tensor([1.0, 2.0])),
]


@pytest.mark.parametrize("make", [s[1] for s in SAME], ids=[s[0] for s in SAME])
def test_creation_matches_pytorch(make):
    got, want = make(mg), make(torch)
    assert got.shape == tuple(want.shape)
    assert str(got.dtype) == str(want.dtype).removeprefix("torch.")
    np.testing.assert_allclose(got.array, want.numpy(), rtol=1e-6)


def test_shapes_dtypes_and_requires_grad_of_random_functions():
    for m in (mg, torch):
        assert m.rand(2, 3).shape == (2, 3) and m.randn((4,), dtype=m.float64).dtype == m.float64
        r = m.randint(3, 7, (1000,))
        assert r.dtype == m.int64 and r.min() >= 3 and r.max() < 7
        assert m.randint(5, (3,)).shape == (3,)
        assert sorted(m.randperm(6).tolist()) == list(range(6))
        assert m.rand_like(m.zeros(2, dtype=m.float64)).dtype == m.float64
        assert m.randn_like(m.zeros(3)).shape == (3,)
        assert m.randint_like(m.zeros(3), 4).max() < 4
        assert m.normal(m.zeros(3), m.ones(3)).shape == (3,)
        assert m.normal(2.0, 3.0, size=(2, 2)).shape == (2, 2)
        b = m.bernoulli(m.full((2000,), 0.25))
        assert abs(float(b.mean()) - 0.25) < 0.05
        draws = m.multinomial(m.tensor([0.0, 1.0, 3.0]), 1000, replacement=True)
        assert draws.dtype == m.int64 and 0 not in draws.tolist()
        assert m.empty(2, 3).shape == (2, 3) and m.empty_like(m.zeros(2)).shape == (2,)
        x = m.zeros(2, requires_grad=True)
        assert x.requires_grad and x.is_leaf
        assert m.randn(2, requires_grad=True).requires_grad


def test_seeds_and_generators():
    mg.manual_seed(5)
    a = mg.rand(4)
    mg.manual_seed(5)
    assert a.tolist() == mg.rand(4).tolist() and mg.initial_seed() == 5
    g = mg.Generator().manual_seed(1)
    b = mg.randn(3, generator=g)
    assert b.tolist() == mg.randn(3, generator=mg.Generator().manual_seed(1)).tolist()
    assert g.initial_seed() == 1 and isinstance(mg.seed(), int)
    assert mg.randperm(5, generator=mg.Generator().manual_seed(2)).shape == (5,)


def test_creation_errors_are_pytorchs_types():
    for m in (mg, torch):
        with pytest.raises(RuntimeError):
            m.zeros(-1)
        with pytest.raises(RuntimeError):
            m.arange(0, 5, 0)
        with pytest.raises(RuntimeError):
            m.randint(5, 3, (2,))
        with pytest.raises(RuntimeError):
            m.multinomial(m.tensor([0.0, 0.0]), 1)
        with pytest.raises(TypeError):
            m.zeros(2.5)
