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


class _Ported:
    """Runs a ported program twice, ``program(torch, sync, *args)``: first with ``torch`` =
    minigrad, then with ``torch`` = PyTorch. ``sync(model)`` is the one line a port adds after
    building a model: on the minigrad run it records the initial state_dict, on the PyTorch
    run it loads it, so both runs start from the same weights."""

    def __init__(self):
        self.states = []

    def _sync_minigrad(self, model):
        self.states.append({k: np.array(v.numpy()) for k, v in model.state_dict().items()})
        return model

    def _sync_torch(self, model):
        state = self.states.pop(0)
        model.load_state_dict({k: real_torch.tensor(v) for k, v in state.items()})
        return model

    def __call__(self, program, *args):
        import minigrad

        minigrad.manual_seed(0)
        ours = program(minigrad, self._sync_minigrad, *args)
        real_torch.manual_seed(0)
        theirs = program(real_torch, self._sync_torch, *args)
        return ours, theirs


@pytest.fixture
def run_ported():
    """``ours, theirs = run_ported(program, *args)``; see ``_Ported``."""
    return _Ported()
