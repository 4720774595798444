"""Helpers for the ported PyTorch programs: each runs once with ``torch`` bound to minigrad
and once to PyTorch (the oracle), and what it records is compared."""

import numpy as np
import pytest

real_torch = pytest.importorskip("torch")


def _assert_same(a, b, where=""):
    """``a`` (from minigrad) equals ``b`` (from PyTorch), through tuples, tensors, arrays."""
    if isinstance(b, (tuple, list)):
        assert len(a) == len(b), where
        for x, y in zip(a, b):
            _assert_same(x, y, where)
    elif isinstance(b, real_torch.Tensor):
        assert a.shape == tuple(b.shape), where
        assert str(a.dtype) == str(b.dtype).removeprefix("torch."), where
        np.testing.assert_allclose(a.array, b.detach().numpy(), rtol=2e-5, err_msg=where)
    elif isinstance(b, np.ndarray):
        np.testing.assert_allclose(a, b, err_msg=where)
    elif isinstance(b, float):
        assert a == pytest.approx(b, rel=2e-5), where
    else:
        assert a == b or str(a) == str(b).removeprefix("torch."), where


@pytest.fixture
def assert_same():
    """The comparison: ``assert_same(from_minigrad, from_pytorch, label)``."""
    return _assert_same


@pytest.fixture(autouse=True)
def _pytorch_default_float32():
    """The shared ``torch`` fixture makes PyTorch's default float64; the programs are run
    with PyTorch's real default (float32), as their authors ran them."""
    old = real_torch.get_default_dtype()
    real_torch.set_default_dtype(real_torch.float32)
    yield
    real_torch.set_default_dtype(old)
