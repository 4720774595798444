"""Tests for the Tensor's Python protocol against PyTorch: format, index, iteration, len,
contains, bool, round, float/int, and the dtype conversion methods."""

import operator

import numpy as np
import pytest

import minigrad as mg

# These tests compare with PyTorch's own defaults (float32), whatever the torch fixture set.
pytestmark = pytest.mark.usefixtures("pytorch_defaults")

torch = pytest.importorskip("torch")


@pytest.fixture(autouse=True)
def _pytorch_default_float32():
    """The shared ``torch`` fixture makes PyTorch's default float64; these tests compare
    dtypes with minigrad's default (float32), so PyTorch's is float32 while they run."""
    old = torch.get_default_dtype()
    torch.set_default_dtype(torch.float32)
    yield
    torch.set_default_dtype(old)


def test_format_of_a_one_element_tensor():
    for m in (mg, torch):
        loss = m.tensor(2.34567)
        assert f"{loss:.3f}" == "2.346" and f"{m.tensor(3):d}" == "3"
        assert f"{loss}" == str(loss.item()) or m is torch
    assert f"{mg.tensor([2.5])}" == f"{torch.tensor([2.5])}"


def test_index_of_integer_tensors():
    classes = ["a", "b", "c", "d"]
    assert classes[mg.tensor([0.1, 0.9, 0.0]).argmax()] == "b"
    assert operator.index(mg.tensor(3)) == operator.index(torch.tensor(3)) == 3
    assert classes[mg.tensor([2])] == "c"
    for m in (mg, torch):
        with pytest.raises(TypeError, match="only integer tensors of a single element"):
            operator.index(m.tensor(3.0))


def test_iteration_goes_over_the_first_dimension():
    rows = list(mg.tensor([[1, 2], [3, 4]]))
    assert [r.tolist() for r in rows] == [[1, 2], [3, 4]]
    for m in (mg, torch):
        with pytest.raises(TypeError, match="iteration over a 0-d tensor"):
            list(m.tensor(3.0))
        with pytest.raises(TypeError, match="len\\(\\) of a 0-d tensor"):
            len(m.tensor(3.0))


def test_iteration_keeps_the_graph():
    x = mg.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    sum(r.sum() * i for i, r in enumerate(x)).backward()
    assert x.grad.tolist() == [[0.0, 0.0], [1.0, 1.0]]


def test_contains_bool_round_and_numbers():
    assert (2 in mg.tensor([1, 2])) and (5 not in mg.tensor([1, 2]))
    assert bool(mg.tensor([0.0])) is False and bool(mg.tensor(1)) is True
    assert round(mg.tensor(2.5)).item() == 2.0 and round(
        mg.tensor(2.567), 2
    ).item() == pytest.approx(2.57)
    assert int(mg.tensor(3.7)) == 3 and float(mg.tensor([1.5])) == 1.5
    assert mg.tensor([1.0]) != None  # noqa: E711 - PyTorch answers True too


CONVERSIONS = ["float", "double", "half", "long", "int", "bool", "short", "byte", "char"]


@pytest.mark.parametrize("method", CONVERSIONS)
def test_dtype_methods_match_pytorch(method):
    a = np.array([1.7, -2.2, 0.0])
    got, want = getattr(mg.tensor(a), method)(), getattr(torch.tensor(a), method)()
    assert str(got.dtype) == str(want.dtype).removeprefix("torch.")
    np.testing.assert_array_equal(got.array, want.numpy())


def test_to_type_and_type_as():
    x = mg.tensor([1.5, 2.5])
    assert x.to(mg.float64).dtype == np.float64 and x.to("cpu") is x
    assert x.to("cpu", mg.int64).dtype == np.int64
    assert x.to(mg.tensor([1], dtype=mg.int32)).dtype == np.int32
    assert x.to(device="cpu", dtype=mg.float16).dtype == np.float16
    assert x.type() == torch.tensor([1.5]).type() == "torch.FloatTensor"
    assert x.type(mg.float64).dtype == np.float64
    assert x.type("torch.LongTensor").tolist() == [1, 2]
    assert x.type_as(mg.tensor([1], dtype=mg.int64)).dtype == np.int64
    assert x.is_floating_point() and not mg.tensor([1]).is_floating_point()
    assert mg.is_floating_point(x) and mg.is_tensor(x) and not mg.is_tensor(x.array)


def test_to_a_float_dtype_keeps_the_gradient():
    x = mg.tensor([1.0, 2.0], requires_grad=True)
    (x.double() * 3).sum().backward()
    assert x.grad.dtype == np.float32 and x.grad.tolist() == [3.0, 3.0]


def test_new_tensors_take_this_ones_dtype():
    x = mg.tensor([1.0], dtype=mg.float64)
    t = torch.tensor([1.0], dtype=torch.float64)
    for name, args in [
        ("new_zeros", (2, 3)),
        ("new_ones", ((2,),)),
        ("new_full", ((2,), 7.0)),
        ("new_empty", (2,)),
        ("new_tensor", ([1, 2],)),
    ]:
        got, want = getattr(x, name)(*args), getattr(t, name)(*args)
        assert got.shape == tuple(want.shape) and str(got.dtype) == str(want.dtype)[6:]
    assert x.new_zeros(2, dtype=mg.int64, requires_grad=False).dtype == np.int64


def test_dtype_is_the_class_of_every_dtype():
    # Programs annotate with torch.dtype and check isinstance(x, torch.dtype).
    def cast(x: mg.Tensor, dtype: mg.dtype = mg.float32) -> mg.Tensor:
        return x.to(dtype)

    assert all(isinstance(d, mg.dtype) for d in (mg.float32, mg.long, mg.bool_, mg.half))
    assert isinstance(mg.zeros(2).dtype, mg.dtype) and not isinstance("float32", mg.dtype)
    assert cast(mg.ones(2), mg.float64).dtype == mg.float64


def test_unsupported_dtypes_say_what_to_use():
    with pytest.raises(AttributeError, match="bfloat16: NumPy has no bfloat16"):
        mg.bfloat16  # noqa: B018
    with pytest.raises(TypeError, match="bfloat16"):
        mg.tensor([1.0]).bfloat16()


def test_default_dtype_can_be_changed():
    try:
        mg.set_default_dtype(mg.float64)
        assert mg.get_default_dtype() == np.float64
        assert mg.tensor([1.0]).dtype == np.float64 and mg.zeros(2).dtype == np.float64
        assert (mg.tensor([1]) + 0.5).dtype == np.float64
    finally:
        mg.set_default_dtype(mg.float32)
    with pytest.raises(TypeError, match="set_default_dtype: only floating-point"):
        mg.set_default_dtype(mg.int64)
    assert mg.float is mg.float32 and mg.long is mg.int64 and mg.half is mg.float16
