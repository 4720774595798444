"""minigrad.func: the transforms compose, take pytrees and numbers, and agree with
PyTorch's torch.func."""

from __future__ import annotations

import numpy as onp
import pytest

import minigrad as mg
import minigrad.numpy as np
from minigrad.func import (
    elementwise_grad,
    grad,
    hessian,
    hvp,
    jacobian,
    jacrev,
    jvp,
    value_and_grad,
    vjp,
)

torch = pytest.importorskip("torch")


def f(x):
    return np.sum(np.sin(x) * x**2)


X = onp.array([0.3, -1.2, 2.0])


def _torch_grad(fn, x):
    t = torch.tensor(x, requires_grad=True)
    (g,) = torch.autograd.grad(fn(t), t)
    return g.numpy()


def test_grad_matches_torch_and_returns_a_constant_tensor():
    g = grad(f)(X)
    assert isinstance(g, mg.Tensor) and not g.requires_grad and g.dtype == onp.float64
    onp.testing.assert_allclose(g.array, _torch_grad(lambda t: (t.sin() * t**2).sum(), X))


def test_grad_of_grad_is_the_second_derivative():
    def cube(x):
        return x**3

    assert float(grad(grad(cube))(2.0)) == 12.0
    assert float(grad(grad(grad(cube)))(2.0)) == 6.0
    assert float(grad(grad(np.sin))(0.5)) == pytest.approx(-onp.sin(0.5))


def test_value_is_differentiable_inside_another_transform():
    vg = value_and_grad(lambda x: x**3)
    assert float(grad(lambda x: vg(x)[0])(2.0)) == 12.0
    assert float(grad(lambda x: vg(x)[1])(2.0)) == 12.0
    value, _ = vg(2.0)
    assert not value.requires_grad  # detached at the top level


def test_constant_output_gives_zero_gradient():
    g = grad(lambda x: np.sum(x < 1) + 0.0)(X)
    assert g.shape == X.shape and not g.array.any()
    assert float(grad(lambda x: 3.0)(1.0)) == 0.0
    assert float(grad(lambda x, y: x * 2, argnums=1)(1.0, 5.0)) == 0.0


def test_argnums_tuple_and_has_aux():
    def fn(x, y):
        return np.sum(x * y), "aux"

    (gx, gy), aux = grad(fn, argnums=(0, 1), has_aux=True)(X, 2 * X)
    onp.testing.assert_allclose(gx.array, 2 * X)
    onp.testing.assert_allclose(gy.array, X)
    assert aux == "aux"
    (value, aux2), _ = value_and_grad(fn, has_aux=True)(X, X)
    assert aux2 == "aux" and float(value) == pytest.approx(onp.sum(X * X))
    assert float(grad(lambda x, y: x * y, argnums=-1)(3.0, 4.0)) == 3.0


def test_pytree_arguments():
    def loss(params):
        return np.sum(params["w"] ** 2) + params["b"][0] * 3

    g = grad(loss)({"w": X, "b": [1.0, 2.0]})
    onp.testing.assert_allclose(g["w"].array, 2 * X)
    assert float(g["b"][0]) == 3.0 and float(g["b"][1]) == 0.0


def test_vjp_jvp_and_jacobian_agree():
    def fn(x):
        return np.tanh(x) * np.roll(x, 1)

    jac = jacobian(fn)(X).array
    tj = torch.autograd.functional.jacobian(lambda t: t.tanh() * t.roll(1), torch.tensor(X))
    onp.testing.assert_allclose(jac, tj.numpy(), rtol=1e-12)
    v = onp.array([1.0, -2.0, 0.5])
    y, vjp_fn = vjp(fn, X)
    (pulled,) = vjp_fn(v)
    onp.testing.assert_allclose(pulled.array, v @ jac, rtol=1e-12)
    y2, pushed = jvp(fn, (X,), (v,))
    onp.testing.assert_allclose(pushed.array, jac @ v, rtol=1e-12)
    onp.testing.assert_allclose(y.array, y2.array)
    assert jacrev(fn)(X).shape == (3, 3)


def test_hessian_and_hvp():
    a = onp.arange(9.0).reshape(3, 3)

    def quad(x):
        return np.dot(x, np.dot(a, x))

    onp.testing.assert_allclose(hessian(quad)(X).array, a + a.T)
    v = onp.array([1.0, 0.0, -1.0])
    value, out = hvp(quad, (X,), (v,))
    onp.testing.assert_allclose(out[0].array, (a + a.T) @ v)  # primals' structure, as torch
    assert float(value) == pytest.approx(X @ a @ X)


def test_elementwise_grad():
    onp.testing.assert_allclose(elementwise_grad(np.tanh)(X).array, 1 - onp.tanh(X) ** 2)


def test_closure_over_an_outer_argument_is_differentiated():
    # d/dx [d/dy (x * y^2)] at y = 1 = d/dx (2 x) = 2
    assert float(grad(lambda x: grad(lambda y: x * y**2)(1.0))(3.0)) == 2.0


def test_bad_calls_raise():
    with pytest.raises(TypeError, match="floating-point"):
        grad(lambda x: np.allclose(x, x * 3.0 / 3.0))(X)
    with pytest.raises(TypeError, match="floating-point"):
        grad(lambda x: np.sum(x < 1))(X)
    with pytest.raises(TypeError, match="one-element"):
        grad(lambda x: x * 2)(X)
    with pytest.raises(ValueError, match="argnums"):
        grad(lambda x: x, argnums=3)(1.0)
    with pytest.raises(TypeError, match="has_aux"):
        grad(lambda x: x, has_aux=True)(1.0)
    with pytest.raises(TypeError, match="tuples"):
        jvp(np.sin, X, X)


def test_power_gradient_at_zero_is_zero_not_nan():
    for p in (0.0, 1, 1.0, 2):
        for order in (1, 2, 3):
            fn = lambda x, p=p: x**p
            for _ in range(order):
                fn = grad(fn)
            assert onp.isfinite(float(fn(0.0)))
    assert float(grad(lambda x: x**1)(0.0)) == 1.0
    assert float(grad(grad(lambda x: x**1.0))(0.0)) == 0.0
    b = mg.tensor(0.0, dtype="float64")
    assert float(grad(lambda x: x**b)(0.0)) == 0.0
    t = torch.tensor(0.0, dtype=torch.float64, requires_grad=True)
    (tg,) = torch.autograd.grad(t**0.0, t)
    assert float(tg) == float(grad(lambda x: x**0.0)(0.0))
