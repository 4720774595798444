"""Shared setup for the pooling tests (``test_pool.py``, ``test_adaptive_pool.py``): inputs
without ties, and minigrad and PyTorch run side by side."""

import numpy as np
import pytest

import minigrad as mg

rng = np.random.default_rng(0)


@pytest.fixture(scope="session")
def distinct_array():
    """``distinct_array(shape)``: a float64 array of values far apart (no ties, no swaps within a
    finite-difference step)."""

    def make(shape):
        return rng.permutation(np.arange(float(np.prod(shape)))).reshape(shape) * 0.1

    return make


@pytest.fixture(scope="session")
def run_both(torch):
    """``run_both(ours, theirs, x, grad=None)``: the forward (and the indices, if returned)
    and the input gradient, minigrad vs PyTorch, in float64 to a tight tolerance. ``grad`` is
    the output gradient (random normals by default). Returns minigrad's input gradient."""

    def run(ours, theirs, x, grad=None):
        X, tX = mg.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
        out, tout = ours(X), theirs(tX)
        if isinstance(out, tuple):
            assert out[1].dtype == np.int64
            np.testing.assert_array_equal(out[1].array, tout[1].numpy())
            out, tout = out[0], tout[0]
        np.testing.assert_allclose(
            out.array, tout.detach().numpy(), rtol=1e-12, atol=1e-12, equal_nan=True
        )
        grad = rng.standard_normal(out.shape) if grad is None else grad
        out.backward(mg.tensor(grad))
        tout.backward(torch.tensor(grad))
        np.testing.assert_allclose(X.grad.array, tX.grad.numpy(), rtol=1e-12, atol=1e-12)
        return X.grad.array

    return run
