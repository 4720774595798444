"""NumPy's own entry points on Tensors (NEP 13 / NEP 18) stay in the graph or raise."""

from __future__ import annotations

import numpy as onp
import pytest

import minigrad as mg
from minigrad.func import grad


def leaf(x):
    return mg.Tensor(onp.asarray(x, dtype=onp.float64), requires_grad=True)


def test_ufuncs_functions_and_operators_return_tensors_in_the_graph():
    t, u = leaf([1.0, 2.0]), leaf([3.0, 4.0])
    for out in [
        onp.exp(t),
        onp.sum(t, axis=0),
        onp.concatenate([t, u]),
        onp.ones(2) + t,
        t % onp.array([1.5]),
        onp.dot(onp.ones(2), t),
        onp.float64(2.0) * t,
        onp.maximum(t, 1.5),
        onp.add.reduce(t),
        onp.multiply.outer(t, u),
        onp.add.accumulate(t),
        onp.matmul(onp.ones((2, 2)), t),
    ]:
        assert isinstance(out, mg.Tensor) and out.requires_grad


def test_remainder_with_an_ndarray_has_its_gradient():
    g = grad(lambda x: onp.sum(x % onp.array([1.5])))(onp.array([2.0, 4.0]))
    onp.testing.assert_allclose(g.array, [1.0, 1.0])
    g = grad(lambda y: onp.sum(onp.array([2.0, 4.0]) % y))(onp.array([1.5, 1.5]))
    onp.testing.assert_allclose(g.array, -onp.floor(onp.array([2.0, 4.0]) / 1.5))


def test_plain_numpy_reduction_equals_minigrad_numpy():
    import minigrad.numpy as mnp

    for plain, ours in [(onp.sum, mnp.sum), (onp.prod, mnp.prod), (onp.max, mnp.max)]:
        a = float(grad(lambda x, r=plain: r(onp.exp(x) * onp.arange(1.0, 4.0)))(0.7))
        b = float(grad(lambda x, r=ours: r(mnp.exp(x) * onp.arange(1.0, 4.0)))(0.7))
        assert a == pytest.approx(b)


def test_asarray_still_gives_the_data():
    t = leaf([1.0, 2.0])
    arr = onp.asarray(t)
    assert type(arr) is onp.ndarray and arr.tolist() == [1.0, 2.0]
    assert onp.allclose(t, [1.0, 2.0]) is True


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda t: onp.bitwise_count(t), "bitwise_count"),
        (lambda t: onp.unwrap(t), "unwrap"),
        (lambda t: onp.add.at(t, [0], 1.0), "add.at"),
        (lambda t: onp.exp(t, out=onp.empty(2)), "out="),
        (lambda t: onp.fft.fft(t), "fft"),
        (lambda t: onp.piecewise(t, [t > 0], [1, 2]), "piecewise"),
    ],
)
def test_unsupported_numpy_raises_type_error_naming_it(call, name):
    with pytest.raises(TypeError, match=name.replace(".", r"\.")):
        call(leaf([1.0, 2.0]))
