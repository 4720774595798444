# ruff: noqa: E501  (autograd's test bodies, kept as written)
"""HIPS autograd's tests/test_truediv.py, ported: autograd.numpy is minigrad.numpy, autograd's API is
the adapter ``autograd_adapter``; the bodies are autograd's."""

from autograd_adapter import (
    check_grads,
    random_seed,  # noqa: F401  (autograd's conftest seed)
)

# This file is to check that future division works.
from test_autograd_binary_ops import arg_pairs

import minigrad.numpy as np


def test_div():
    fun = lambda x, y: x / y
    make_gap_from_zero = lambda x: np.sqrt(x**2 + 0.5)
    for arg1, arg2 in arg_pairs():
        arg1 = make_gap_from_zero(arg1)
        arg2 = make_gap_from_zero(arg2)
        check_grads(fun)(arg1, arg2)
