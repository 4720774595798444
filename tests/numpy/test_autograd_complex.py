# ruff: noqa: E501  (autograd's test bodies, kept as written)
"""HIPS autograd's tests/test_complex.py, ported: autograd.numpy is minigrad.numpy, autograd's API is
the adapter ``autograd_adapter``; the bodies are autograd's."""

import numpy.random as npr
import pytest
from autograd_adapter import (
    check_grads,
    grad,
    random_seed,  # noqa: F401  (autograd's conftest seed)
)

import minigrad.numpy as np

npr.seed(1)


@pytest.mark.xfail(
    strict=True, reason="complex data: minigrad.numpy holds bool, int and real float data only"
)
def test_real_type():
    fun = lambda x: np.sum(np.real(x))
    df = grad(fun)
    assert np.isrealobj(df(2.0))
    assert np.iscomplexobj(df(1.0j))


@pytest.mark.xfail(
    strict=True, reason="complex data: minigrad.numpy holds bool, int and real float data only"
)
def test_real_if_close_type():
    fun = lambda x: np.sum(np.real(x))
    df = grad(fun)
    assert np.isrealobj(df(1.0))
    assert np.iscomplexobj(df(1.0j))


def test_angle_real():
    fun = lambda x: np.angle(x)
    d_fun = lambda x: grad(fun)(x)
    check_grads(fun)(npr.rand())
    check_grads(d_fun)(npr.rand())


@pytest.mark.xfail(
    strict=True, reason="complex data: minigrad.numpy holds bool, int and real float data only"
)
def test_angle_complex():
    fun = lambda x: np.angle(x)
    d_fun = lambda x: grad(fun)(x)
    check_grads(fun)(npr.rand() + 1j * npr.rand())
    check_grads(d_fun)(npr.rand() + 1j * npr.rand())


def test_abs_real():
    fun = lambda x: np.abs(x)
    d_fun = lambda x: grad(fun)(x)
    check_grads(fun)(1.1)
    check_grads(d_fun)(2.1)


@pytest.mark.xfail(
    strict=True, reason="complex data: minigrad.numpy holds bool, int and real float data only"
)
def test_abs_complex():
    fun = lambda x: np.abs(x)
    d_fun = lambda x: grad(fun)(x)
    check_grads(fun)(1.1 + 1.2j)
    check_grads(d_fun)(1.1 + 1.3j)
