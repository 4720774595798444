"""minigrad.scipy.signal.convolve against scipy.signal.convolve: values in every mode (either
operand the larger, size 1, empty, ints), autograd's axes/dot_axes generalisation, gradients
in both operands to second order, and bad input."""

from __future__ import annotations

import numpy as np
import pytest

sps = pytest.importorskip("scipy.signal")

import minigrad as mg  # noqa: E402
from minigrad.scipy.signal import convolve  # noqa: E402
from minigrad.testing import gradcheck, gradgradcheck  # noqa: E402

rng = np.random.default_rng(0)
MODES = ["full", "valid", "same"]


def leaf(a):
    return mg.tensor(np.asarray(a, dtype=np.float64), requires_grad=True)


SHAPES = [
    ((4,), (2,)), ((5,), (3,)), ((3,), (6,)), ((1,), (1,)), ((4, 3), (2, 2)), ((5, 4), (4, 1)),
    ((2, 3), (4, 5)), ((3, 4, 2), (2, 2, 2)), ((6, 7), (4, 2)),
]  # fmt: skip


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("s1", "s2"), SHAPES)
def test_values_match_scipy(s1, s2, mode):
    a, b = rng.standard_normal(s1), rng.standard_normal(s2)
    ours = convolve(a, b, mode=mode)
    ref = sps.convolve(a, b, mode=mode, method="direct")
    assert ours.shape == ref.shape and ours.dtype == np.float64
    np.testing.assert_allclose(ours.array, ref, rtol=1e-12, atol=1e-12)


def test_ints_become_float64_and_positional_mode():
    ours = convolve([1, 2, 3], [0, 1, 0.5], "same")
    assert ours.dtype == np.float64
    np.testing.assert_allclose(ours.array, sps.convolve([1, 2, 3], [0, 1, 0.5], "same"))


def test_scalars_give_a_0d_product():
    ours = convolve(2.0, 3.0)
    assert ours.shape == np.shape(sps.convolve(2.0, 3.0)) == ()
    assert float(ours) == 6.0


def test_worked_example_true_convolution():
    image, kernel = np.arange(1.0, 10).reshape(3, 3), np.array([[1.0, 2], [3, 4]])
    np.testing.assert_array_equal(convolve(image, kernel, "valid").array, [[23, 33], [53, 63]])


def test_empty_operand():
    # SciPy: 'same' keeps an empty in1's shape; every other empty convolution raises.
    for shape in [(0,), (0, 3)]:
        kernel = np.ones((2,) * len(shape))
        ours = convolve(np.zeros(shape), kernel, mode="same")
        assert ours.shape == sps.convolve(np.zeros(shape), kernel, mode="same").shape
        a, b = leaf(np.zeros(shape)), leaf(kernel)
        convolve(a, b, mode="same").sum().backward()
        assert a.grad.shape == shape and not b.grad.array.any()
    for mode in MODES:
        with pytest.raises(ValueError, match="convolve: an empty operand"):
            convolve(np.ones(3), np.zeros(0), mode=mode)
    with pytest.raises(ValueError, match="convolve: an empty operand"):
        convolve(np.zeros(0), np.ones(3), mode="full")


@pytest.mark.parametrize("mode", ["valid", "full"])
def test_generalisation_values(mode):
    # autograd's test_convolve_generalization: kept axes of in1, then in2, then the convolved.
    a35, a34, a342 = (
        rng.standard_normal((3, 5)),
        rng.standard_normal((3, 4)),
        rng.standard_normal((3, 4, 2)),
    )
    a2543, a24232 = rng.standard_normal((2, 5, 4, 3)), rng.standard_normal((2, 4, 2, 3, 2))
    out = convolve(a35, a34, axes=([1], [0]), mode=mode).array
    np.testing.assert_allclose(out[1, 2], sps.convolve(a35[1], a34[:, 2], mode))
    out = convolve(a35, a34, axes=([], []), dot_axes=([0], [0]), mode=mode).array
    np.testing.assert_allclose(out, np.tensordot(a35, a34, axes=([0], [0])))
    out = convolve(a35, a342, axes=([1], [2]), dot_axes=([0], [0]), mode=mode).array
    ref = sum(sps.convolve(a35[i], a342[i, 2], mode) for i in range(3))
    np.testing.assert_allclose(out[2], ref)
    out = convolve(a2543, a24232, axes=([1, 2], [2, 4]), dot_axes=([0, 3], [0, 3]), mode=mode)
    ref = sum(
        sps.convolve(a2543[i, :, :, j], a24232[i, 2, :, j, :], mode)
        for i in range(2)
        for j in range(3)
    )
    np.testing.assert_allclose(out.array[2], ref)


GRAD_CASES = [
    ((4,), (2,), {}),
    ((3,), (5,), {}),
    ((4, 3), (3, 2), {}),
    ((4, 3), (3, 2), {"axes": ([0], [1])}),
    ((4, 3), (3, 2), {"axes": ([1, 0], [1, 0])}),
    ((3, 3, 2), (3, 2, 3), {"axes": ([1], [1]), "dot_axes": ([0], [2])}),
    ((3, 3, 2), (3, 2, 3), {"axes": ([1], [1]), "dot_axes": ([0], [0])}),
]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("s1", "s2", "kw"), GRAD_CASES)
def test_gradients_to_second_order(s1, s2, kw, mode):
    a, b = leaf(rng.standard_normal(s1)), leaf(rng.standard_normal(s2))

    def f(x, y):
        return convolve(x, y, mode=mode, **kw)

    assert gradcheck(f, (a, b))
    assert gradgradcheck(f, (a, b))


def test_gradient_is_the_flipped_correlation():
    a, b = leaf([1.0, 2.0, 3.0]), leaf([1.0, -1.0])
    convolve(a, b).sum().backward()
    np.testing.assert_allclose(a.grad.array, [0.0, 0.0, 0.0])
    np.testing.assert_allclose(b.grad.array, [6.0, 6.0])


@pytest.mark.parametrize(
    ("kw", "match"),
    [
        ({"mode": "middle"}, "convolve: mode"),
        ({"axes": ([0], [0, 1])}, "convolve: axes"),
        ({"axes": ([2], [0])}, r"convolve: axes\[0\] names axis 2"),
        ({"axes": ([0], [0]), "dot_axes": ([1], [1])}, "convolve: dot_axes pair"),
        ({"axes": ([0, 0], [0, 1])}, "convolve: an axis of in1"),
        ({"method": "fast"}, "convolve: method"),
    ],
)
def test_bad_input_names_the_argument(kw, match):
    with pytest.raises(ValueError, match=match):
        convolve(np.ones((3, 2)), np.ones((2, 3)), **kw)


def test_non_numeric_operand_names_convolve():
    with pytest.raises(TypeError, match="convolve: in2"):
        convolve([1.0, 2.0], "ab")


def test_valid_needs_one_larger_everywhere_and_same_ndim():
    with pytest.raises(ValueError, match="convolve: in 'valid' mode"):
        convolve(np.ones((3, 2)), np.ones((2, 3)), mode="valid")
    with pytest.raises(ValueError, match="convolve: in1 and in2 should have the same"):
        convolve(np.ones((3, 2)), np.ones(3))
