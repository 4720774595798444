"""The public boundary (``minigrad/_boundary.py``): every exported function names itself in
the errors its arguments cause, checks the arguments PyTorch's parser and NumPy check by
name, and stays the function it wraps (signature, docstring, aliases, module)."""

from __future__ import annotations

import inspect

import numpy as np
import pytest

import minigrad as mg
import minigrad.numpy as mnp
from minigrad._boundary import NUMPY_CHECKS, public, wrap_namespace
from minigrad.errors import IndexRangeError


def _inside(x, key):
    return x[key]  # an error from deep inside: no name


@pytest.mark.parametrize(
    "key, raised, expected",
    [
        ("k", {}, TypeError),  # KeyError -> TypeError
        (5, [1], IndexRangeError),  # IndexError stays an IndexError (and is a ValueError)
    ],
)
def test_an_unnamed_error_from_inside_gets_the_name(key, raised, expected):
    fn = public(_inside)
    with pytest.raises(expected, match=r"^_inside: "):
        fn(raised, key)


def test_a_named_error_passes_unchanged():
    def op(x):
        raise ValueError("op: x must be positive")

    with pytest.raises(ValueError, match=r"^op: x must be positive$") as err:
        public(op)(1)
    assert err.value.__cause__ is None


def test_an_attribute_error_from_a_bad_argument_is_a_type_error_naming_the_function():
    def describe(a):
        return a.shape

    with pytest.raises(TypeError, match=r"^describe: .*AttributeError"):
        public(describe)(None)


def test_a_new_function_inherits_the_rule_by_being_exported():
    def brand_new(a, order="K"):
        return np.asarray(a) < "x"

    wrapped = wrap_namespace({"brand_new": brand_new}, ["brand_new"], NUMPY_CHECKS)["brand_new"]
    with pytest.raises(TypeError, match=r"^brand_new: "):
        wrapped(np.ones(2))
    with pytest.raises(ValueError, match=r"brand_new: order"):
        wrapped(np.ones(2), order="x")


def test_the_wrapper_keeps_signature_doc_module_and_aliases():
    assert inspect.signature(mg.sum) == inspect.signature(mg.sum.__wrapped__)
    assert mg.sum.__doc__ == mg.sum.__wrapped__.__doc__
    assert mg.cat.__module__ == mg.cat.__wrapped__.__module__
    assert mnp.abs is mnp.absolute and mnp.true_divide is mnp.divide
    assert mg.true_divide is mg.div


def test_pytorch_flags_are_bools():
    x = mg.ones(2, 3)
    with pytest.raises(TypeError, match=r"sum: keepdim must be a bool, got 'no'"):
        mg.sum(x, 1, keepdim="no")
    with pytest.raises(TypeError, match=r"argsort: dim must be an int"):
        mg.argsort(x, dim=None)
    with pytest.raises(TypeError, match=r"masked_fill: value must be a number"):
        mg.masked_fill(x, x > 0, None)
    assert mg.sum(x, 1, keepdim=True).shape == (2, 1)


def test_numpy_keywords_are_checked_by_name():
    with pytest.raises(ValueError, match=r"asarray: order must be one of"):
        mnp.asarray([1.0], order="x")
    with pytest.raises(TypeError, match=r"sum: keepdims"):
        mnp.sum(np.ones(3), keepdims=None)
    with pytest.raises(TypeError, match=r"mean: out is not supported"):
        mnp.mean(np.ones(3), out=np.empty(()))
    assert float(mnp.argmax(np.arange(3.0), keepdims="yes")[0]) == 2  # NumPy takes it too


def test_the_dispatch_protocol_reaches_the_wrapped_functions():
    t = mnp.asarray(np.array([[True, False]]))
    with pytest.raises(TypeError, match=r"positive"):
        np.positive(t)  # NumPy has no bool loop for positive; neither has minigrad
    assert np.sin(t).dtype == np.float16  # NumPy's loop for bool
