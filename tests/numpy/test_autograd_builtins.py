# ruff: noqa: A004, E501  (autograd's test bodies, kept as written)
"""HIPS autograd's tests/test_builtins.py, ported: autograd.numpy is minigrad.numpy, autograd's API is
the adapter ``autograd_adapter``; the bodies are autograd's."""

from autograd_adapter import (
    grad,
    isinstance,
    random_seed,  # noqa: F401  (autograd's conftest seed)
)

import minigrad.numpy as np


def test_isinstance():
    def checker(ex, type_, truthval):
        assert isinstance(ex, type_) == truthval
        return 1.0

    examples = [
        [list, [[]], [()]],
        [np.ndarray, [np.zeros(1)], [[]]],
        [(tuple, list), [[], ()], [np.zeros(1)]],
    ]

    for type_, positive_examples, negative_examples in examples:
        for ex in positive_examples:
            checker(ex, type_, True)
            grad(checker)(ex, type_, True)

        for ex in negative_examples:
            checker(ex, type_, False)
            grad(checker)(ex, type_, False)
