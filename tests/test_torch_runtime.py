"""minigrad._torch_runtime (switches, type info, random state) and minigrad._torch_counting."""

from __future__ import annotations

import numpy as np
import pytest

import minigrad as mg

torch = pytest.importorskip("torch")


def test_inference_mode_is_no_grad_as_context_and_decorator():
    x = mg.ones(2, requires_grad=True)
    with mg.inference_mode():
        assert not mg.is_grad_enabled() and mg.is_inference_mode_enabled()
        assert (x * 2).grad_fn is None
    assert mg.is_grad_enabled() and not mg.is_inference_mode_enabled()

    @mg.inference_mode()
    def f(t):
        return t * 2

    assert f(x).grad_fn is None and (x * 2).grad_fn is not None
    with mg.inference_mode(False):
        assert mg.is_grad_enabled()


def test_switches_are_remembered():
    assert not mg.are_deterministic_algorithms_enabled()
    mg.use_deterministic_algorithms(True)
    try:
        assert mg.are_deterministic_algorithms_enabled()
    finally:
        mg.use_deterministic_algorithms(False)
    mg.set_float32_matmul_precision("high")
    try:
        assert mg.get_float32_matmul_precision() == "high"
    finally:
        mg.set_float32_matmul_precision("highest")
    with pytest.raises(ValueError, match="set_float32_matmul_precision: precision must be"):
        mg.set_float32_matmul_precision("low")


def test_set_printoptions_changes_repr_and_profile_default_restores_it():
    t = mg.tensor([1.23456, 2.0])
    before = repr(t)
    try:
        mg.set_printoptions(precision=2)
        assert repr(t) == "tensor([1.23, 2.00])"
        mg.set_printoptions(sci_mode=True)
        assert "e+00" in repr(t)
    finally:
        mg.set_printoptions(profile="default")
    assert repr(t) == before == "tensor([1.2346, 2.0000])"


@pytest.mark.parametrize("name", ["float16", "float32", "float64"])
def test_finfo_matches_torch(name):
    ours, theirs = mg.finfo(getattr(mg, name)), torch.finfo(getattr(torch, name))
    for field in ["bits", "eps", "max", "min", "tiny", "smallest_normal", "resolution"]:
        assert getattr(ours, field) == getattr(theirs, field), field


@pytest.mark.parametrize("name", ["uint8", "int8", "int16", "int32", "int64"])
def test_iinfo_matches_torch(name):
    ours, theirs = mg.iinfo(getattr(mg, name)), torch.iinfo(getattr(torch, name))
    assert (ours.bits, ours.min, ours.max) == (theirs.bits, theirs.min, theirs.max)


def test_finfo_of_an_int_and_iinfo_of_a_float_are_refused():
    with pytest.raises(TypeError, match="finfo: expected a floating point dtype"):
        mg.finfo(mg.int32)
    with pytest.raises(TypeError, match="iinfo: expected an integer dtype"):
        mg.iinfo(mg.float32)
    assert mg.finfo().eps == np.finfo(np.float32).eps


def test_rng_state_round_trips():
    state = mg.get_rng_state()
    assert state.dtype == np.uint8 and state.ndim == 1
    a = mg.rand(3)
    mg.set_rng_state(state)
    np.testing.assert_array_equal(mg.rand(3).array, a.array)
    with pytest.raises(ValueError, match="set_rng_state: not a state"):
        mg.set_rng_state(mg.tensor([1, 2, 3], dtype=mg.uint8))


def test_poisson_and_is_complex():
    mg.manual_seed(0)
    draw = mg.poisson(mg.full((1000,), 4.0))
    assert draw.dtype == np.float32 and abs(float(draw.array.mean()) - 4.0) < 0.3
    with pytest.raises(ValueError, match="poisson: input .* non-negative"):
        mg.poisson(mg.tensor([-1.0]))
    assert not mg.is_complex(mg.zeros(1)) and mg.zeros(1).is_complex() is False


def test_unique_matches_torch():
    a = np.array([[3, 1, 3], [2, 1, 1]])
    for kw in [{}, {"return_inverse": True}, {"return_counts": True, "return_inverse": True}]:
        want = torch.unique(torch.tensor(a), **kw)
        got = mg.unique(mg.tensor(a), **kw)
        for g, w in zip(got if kw else [got], want if kw else [want]):
            np.testing.assert_array_equal(g.array, w.numpy())
    rows = mg.tensor(a).unique(dim=1)
    np.testing.assert_array_equal(rows.array, torch.unique(torch.tensor(a), dim=1).numpy())


def test_searchsorted_and_bucketize_match_torch():
    seq, vals = np.array([1.0, 3.0, 5.0, 7.0]), np.array([[3.0, 6.0], [0.0, 9.0]])
    for right in (False, True):
        want = torch.searchsorted(torch.tensor(seq), torch.tensor(vals), right=right).numpy()
        got = mg.searchsorted(mg.tensor(seq), mg.tensor(vals), right=right)
        np.testing.assert_array_equal(got.array, want)
        want = torch.bucketize(torch.tensor(vals), torch.tensor(seq), right=right).numpy()
        np.testing.assert_array_equal(
            mg.bucketize(mg.tensor(vals), mg.tensor(seq), right=right).array, want
        )
    rows = np.sort(np.random.default_rng(0).standard_normal((3, 5)), axis=1)
    v = np.random.default_rng(1).standard_normal((3, 2))
    want = torch.searchsorted(torch.tensor(rows), torch.tensor(v), side="right", out_int32=True)
    got = mg.searchsorted(mg.tensor(rows), mg.tensor(v), side="right", out_int32=True)
    assert got.dtype == np.int32
    np.testing.assert_array_equal(got.array, want.numpy())
    with pytest.raises(ValueError, match="searchsorted: side='left' and right=True"):
        mg.searchsorted(mg.tensor(seq), mg.tensor(vals), side="left", right=True)


def test_bincount_and_histc_match_torch():
    a = np.array([0, 3, 3, 1])
    np.testing.assert_array_equal(
        mg.bincount(mg.tensor(a), minlength=6).array,
        torch.bincount(torch.tensor(a), minlength=6).numpy(),
    )
    w = np.array([0.5, 1.0, 2.0, 0.25])
    want = torch.bincount(torch.tensor(a), torch.tensor(w)).numpy()
    np.testing.assert_array_equal(mg.bincount(mg.tensor(a), mg.tensor(w)).array, want)
    x = np.random.default_rng(0).standard_normal(50)
    for kw in [{}, {"bins": 7, "min": -1, "max": 1}]:
        want = torch.histc(torch.tensor(x), **kw).numpy()
        np.testing.assert_array_equal(mg.histc(mg.tensor(x), **kw).array, want)
    np.testing.assert_array_equal(
        mg.histc(mg.tensor([2.0, 2.0]), bins=4).array,
        torch.histc(torch.tensor([2.0, 2.0]), bins=4).numpy(),
    )
    with pytest.raises(ValueError, match="bincount: input must be non-negative"):
        mg.bincount(mg.tensor([-1, 2]))
    with pytest.raises(TypeError, match="histc: input must be floating point"):
        mg.histc(mg.tensor([1, 2]))
