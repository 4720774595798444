"""Tests for minigrad.creation: the creation functions and the seedable generator."""

import numpy as np
import pytest

import minigrad as mg


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
