"""The unary ops' dtype rule: integer and bool data give the default float dtype in the
PyTorch face (as PyTorch), NumPy's loop dtype in the NumPy face (as NumPy)."""

import numpy as np
import pytest

import minigrad as mg
import minigrad.numpy as mnp

FLOATING = ["exp", "log", "sqrt", "sin", "cos", "tanh", "sigmoid", "tan", "asin", "atan",
            "sinh", "cosh", "asinh", "exp2", "expm1", "log2", "log10", "log1p",
            "reciprocal"]  # fmt: skip
INTEGER_DTYPES = ["bool", "int8", "uint8", "int16", "int32", "int64"]


@pytest.mark.parametrize("dtype", INTEGER_DTYPES)
@pytest.mark.parametrize("name", FLOATING)
def test_pytorch_face_gives_the_default_float(name, dtype):
    torch = pytest.importorskip("torch")
    data = np.array([1, 0, 2, 3]).astype(dtype)
    got = getattr(mg, name)(mg.tensor(data))
    want = getattr(torch, name)(torch.tensor(data))
    assert str(got.dtype) == str(want.dtype).removeprefix("torch.") == "float32"
    np.testing.assert_allclose(got.array, want.numpy(), rtol=1e-6)


def test_the_default_float_follows_set_default_dtype():
    before = mg.get_default_dtype()
    try:
        mg.set_default_dtype(mg.float64)
        assert mg.exp(mg.tensor([1, 2])).dtype == mg.float64
    finally:
        mg.set_default_dtype(before)


def test_integer_reciprocal_is_not_integer_division():
    np.testing.assert_array_equal(mg.reciprocal(mg.tensor([2, 4])).array, [0.5, 0.25])


@pytest.mark.parametrize("dtype", INTEGER_DTYPES)
@pytest.mark.parametrize("name", ["exp", "sin", "sqrt", "reciprocal", "square", "sinc"])
def test_numpy_face_keeps_numpys_loop_dtype(name, dtype):
    data = np.array([1, 0, 2, 3]).astype(dtype)
    if name == "reciprocal" and dtype == "bool":
        pytest.skip("NumPy has no bool loop for reciprocal")
    with np.errstate(divide="ignore"):
        got, want = getattr(mnp, name)(data), getattr(np, name)(data)
    assert got.dtype == want.dtype
    np.testing.assert_allclose(got.array, want, rtol=1e-3)
