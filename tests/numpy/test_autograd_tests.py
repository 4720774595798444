"""HIPS autograd's tests/test_tests.py, ported: autograd.numpy is minigrad.numpy, autograd's API is
the adapter ``autograd_adapter``; the bodies are autograd's."""

from autograd_adapter import (
    check_grads,
    defvjp,
    primitive,
    random_seed,  # noqa: F401  (autograd's conftest seed)
)
from pytest import raises


def test_check_vjp_1st_order_fail():
    @primitive
    def foo(x):
        return x * 2.0

    defvjp(foo, lambda ans, x: lambda g: g * 2.001)

    with raises(AssertionError, match="\\(VJP\\) check of foo failed"):
        check_grads(foo, modes=["rev"])(1.0)


def test_check_vjp_2nd_order_fail():
    @primitive
    def foo(x):
        return x * 2.0

    defvjp(foo, lambda ans, x: lambda g: bar(g) * 2)

    @primitive
    def bar(x):
        return x

    defvjp(bar, lambda ans, x: lambda g: g * 1.001)

    with raises(AssertionError, match="\\(VJP\\) check of vjp_foo failed"):
        check_grads(foo, modes=["rev"])(1.0)
