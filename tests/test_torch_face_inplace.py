"""The generated in-place spellings (minigrad._tensor_inplace's tables) against PyTorch."""

from __future__ import annotations

import numpy as np
import pytest

import minigrad as mg

torch = pytest.importorskip("torch")
rng = np.random.default_rng(0)


def test_every_torch_inplace_spelling_of_a_minigrad_method_exists():
    missing = [
        n
        for n in dir(torch.Tensor)
        if n.endswith("_") and not n.startswith("_") and hasattr(mg.Tensor, n[:-1])
    ]
    assert [n for n in missing if not hasattr(mg.Tensor, n)] == []


A = rng.uniform(0.2, 0.8, (3, 3))
B = rng.uniform(0.2, 0.8, (3,))  # a broadcast operand
# (name, args): each in-place call must give its out-of-place value, written in place.
CASES = [
    ("ceil", ()), ("floor", ()), ("trunc", ()), ("frac", ()), ("exp2", ()), ("expm1", ()),
    ("log1p", ()), ("log2", ()), ("log10", ()), ("sinh", ()), ("cosh", ()), ("tan", ()),
    ("asin", ()), ("acos", ()), ("atan", ()), ("atan2", (B,)), ("cumsum", (1,)),
    ("cumprod", (-1,)), ("eq", (0.5,)), ("ne", (0.5,)), ("lt", (0.5,)), ("le", (0.5,)),
    ("gt", (0.5,)), ("ge", (0.5,)), ("tril", (-1,)), ("triu", (1,)), ("nan_to_num", ()),
    ("xlogy", (B,)), ("hypot", (B,)), ("fmod", (0.3,)), ("logical_not", ()),
    ("logit", ()), ("erf", ()), ("erfc", ()), ("erfinv", ()), ("lgamma", ()), ("digamma", ()),
    ("sgn", ()), ("deg2rad", ()), ("rad2deg", ()), ("copysign", (-1.0,)), ("absolute", ()),
]  # fmt: skip


@pytest.mark.parametrize(("name", "args"), CASES, ids=[c[0] for c in CASES])
def test_inplace_writes_the_out_of_place_value_like_torch(name, args):
    m, t = mg.tensor(A.copy()), torch.tensor(A.copy())
    memory = m.array
    version = m._version
    margs = [mg.tensor(a) if isinstance(a, np.ndarray) else a for a in args]
    targs = [torch.tensor(a) if isinstance(a, np.ndarray) else a for a in args]
    assert getattr(m, f"{name}_")(*margs) is m
    getattr(t, f"{name}_")(*targs)
    assert m.array is memory and m._version == version + 1
    np.testing.assert_allclose(m.array, t.numpy(), rtol=1e-12)
    assert m.dtype == np.float64


def test_binary_logical_inplace_keeps_the_dtype():
    a = np.array([0.0, 1.0, 2.0])
    for name in ["logical_and_", "logical_or_", "logical_xor_"]:
        m, t = mg.tensor(a.copy()), torch.tensor(a.copy())
        getattr(m, name)(mg.tensor([1.0, 0.0, 1.0]))
        getattr(t, name)(torch.tensor([1.0, 0.0, 1.0]))
        np.testing.assert_array_equal(m.array, t.numpy())


@pytest.mark.parametrize(
    ("name", "args", "shape"),
    [
        ("unsqueeze", (0,), (2, 3)),
        ("unsqueeze", (-1,), (2, 3)),
        ("squeeze", (), (1, 3, 1)),
        ("squeeze", (0,), (1, 3, 1)),
        ("t", (), (2, 3)),
        ("transpose", (0, -1), (2, 3, 4)),
        ("swapaxes", (0, 1), (2, 3)),
        ("swapdims", (1, 2), (2, 3, 4)),
    ],
)
def test_shape_changing_inplace_takes_the_new_shape(name, args, shape):
    a = rng.normal(size=shape)
    m, t = mg.tensor(a.copy()), torch.tensor(a.copy())
    assert getattr(m, f"{name}_")(*args) is m
    getattr(t, f"{name}_")(*args)
    assert tuple(m.shape) == tuple(t.shape)
    np.testing.assert_array_equal(m.array, t.numpy())


def test_inplace_of_a_leaf_requiring_grad_is_refused():
    x = mg.tensor([0.5, 0.25], requires_grad=True)
    for call in (lambda: x.log1p_(), lambda: x.unsqueeze_(0), lambda: x.cumsum_(0)):
        with pytest.raises(RuntimeError, match="leaf Variable"):
            call()
    with mg.no_grad():
        x.log1p_()
        x.unsqueeze_(0)
    assert x.shape == (1, 2)


def test_inplace_in_the_graph_is_refused_with_the_out_of_place_hint():
    y = mg.tensor([0.5, 0.25], requires_grad=True) * 2
    with pytest.raises(RuntimeError, match=r"x = x\.expm1"):
        y.expm1_()
    with pytest.raises(RuntimeError, match=r"x = x\.t\("):
        y.t_()


def test_inplace_dtype_and_shape_rules():
    i = mg.tensor([1, 2, 3])
    with pytest.raises(mg.errors.DTypeError, match="log1p_"):
        i.log1p_()
    with pytest.raises(mg.errors.ShapeError, match="hypot_"):
        mg.tensor([1.0, 2.0]).hypot_(mg.tensor([[1.0], [2.0]]))
    with pytest.raises(mg.errors.DTypeError, match="float_power_"):
        mg.tensor([1.0], dtype=mg.float32).float_power_(2)
    d = mg.tensor([1.0, 2.0], dtype=mg.float64)
    d.float_power_(2)
    np.testing.assert_array_equal(d.array, [1.0, 4.0])
