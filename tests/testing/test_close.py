"""minigrad.testing.close: assert_close against torch.testing.assert_close's messages."""

from __future__ import annotations

import numpy as np
import pytest

import minigrad as mg
from minigrad.testing import assert_close

torch = pytest.importorskip("torch")


def _message(fn, *args, **kwargs):
    with pytest.raises(AssertionError) as info:
        fn(*args, **kwargs)
    return str(info.value)


PAIRS = [
    ([1.0, 2.0, 3.0], [1.0, 2.5, 3.0], {}),
    ([[1.0, 2.0], [3.0, 4.0]], [[1.0, 2.0], [3.0, 5.0]], {"rtol": 0, "atol": 0}),
    ([1.0, float("nan")], [1.0, float("nan")], {}),
    ([1.0, 2.0], [1.0, 2.5], {"rtol": 0.1, "atol": 0.2}),
]


@pytest.mark.parametrize("a, e, kw", PAIRS)
def test_messages_are_torchs(a, e, kw):
    m32, t32 = mg.float32, torch.float32
    ours = _message(assert_close, mg.tensor(a, dtype=m32), mg.tensor(e, dtype=m32), **kw)
    theirs = _message(
        torch.testing.assert_close, torch.tensor(a, dtype=t32), torch.tensor(e, dtype=t32), **kw
    )
    assert ours == theirs


def test_nested_items_and_scalars_are_named_as_torch_names_them():
    m = [mg.tensor([v], dtype=mg.float32) for v in (1.0, 2.0, 3.0)]
    a, e = {"w": [m[0], m[1]]}, {"w": [m[0], m[2]]}
    t = [torch.tensor([v], dtype=torch.float32) for v in (1.0, 2.0, 3.0)]
    ta, te = {"w": [t[0], t[1]]}, {"w": [t[0], t[2]]}
    assert _message(assert_close, a, e) == _message(torch.testing.assert_close, ta, te)
    assert _message(assert_close, 1.5, 1.0) == _message(torch.testing.assert_close, 1.5, 1.0)


def test_default_tolerances_follow_the_dtype():
    assert_close(mg.tensor([1.0]), mg.tensor([1.000001]))  # float32: rtol 1.3e-6
    with pytest.raises(AssertionError, match="not close"):
        assert_close(mg.tensor([1.0], dtype=mg.float64), mg.tensor([1.000001], dtype=mg.float64))
    with pytest.raises(AssertionError, match="not equal"):
        assert_close(mg.tensor([1, 2]), mg.tensor([1, 3]))
    assert_close(mg.tensor([1.0, np.nan]), mg.tensor([1.0, np.nan]), equal_nan=True)


def test_shape_then_dtype_then_tolerance_arguments_are_checked():
    with pytest.raises(AssertionError, match=r"attribute 'shape' do not match: \(2,\) != \(3,\)"):
        assert_close(mg.zeros(2), mg.zeros(3))
    with pytest.raises(AssertionError, match="attribute 'dtype' do not match: float32 != float64"):
        assert_close(mg.zeros(2), mg.zeros(2, dtype=mg.float64))
    assert_close(mg.zeros(2), mg.zeros(2, dtype=mg.float64), check_dtype=False)
    with pytest.raises(ValueError, match="Both 'rtol' and 'atol' .* got no atol"):
        assert_close(mg.zeros(2), mg.zeros(2), rtol=1)
    with pytest.raises(TypeError, match="No comparison pair"):
        assert_close(mg.tensor(1.0), 1.0)
    with pytest.raises(AssertionError, match="^custom$"):
        assert_close(mg.zeros(1), mg.ones(1), msg="custom")


def test_reachable_as_torch_testing():
    assert mg.testing.assert_close is assert_close
