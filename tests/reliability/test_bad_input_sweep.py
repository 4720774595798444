"""Every public function of both faces, called with its first argument replaced by ``None``,
by a string and (for the PyTorch functions taking a list of tensors) by a list of the wrong
depth, raises ``TypeError``/``ValueError`` whose message names the function (issue 17).

A function the probe does not fit is in ``SKIP`` with the reason; one that fails it and is
not fixed yet is in ``XFAIL`` (strict: fixing it makes the sweep fail until the entry goes).
"""

from __future__ import annotations

import inspect
import warnings

import numpy as np
import pytest

import minigrad as mg
import minigrad.numpy as mnp

_SIZES = "takes sizes or counts, not a tensor (test_bad_input.py covers its size checks)"
_DTYPE = "a dtype or type utility: any object is a valid question"
_INTROSPECT = "NumPy answers it for any object (np.shape(None) == ())"

SKIP = {
    # ---- PyTorch face
    "mg.grad": "a function transform: takes a callable, checked when called",
    "mg.value_and_grad": "a function transform: takes a callable, checked when called",
    "mg.is_tensor": "answers False for anything that is not a Tensor, as PyTorch's",
    "mg.set_default_device": "None is PyTorch's 'back to the default' (test_tensor_device.py)",
    "mg.manual_seed": "takes a seed, not a tensor",
    "mg.load": "a string is a path (test_hostile_checkpoints.py covers load)",
    "mg.save": "the first argument may be any object (test_checkpoints.py)",
    "mg.arange": _SIZES,
    "mg.zeros": _SIZES,
    "mg.ones": _SIZES,
    "mg.empty": _SIZES,
    "mg.full": _SIZES,
    "mg.rand": _SIZES,
    "mg.randn": _SIZES,
    "mg.randint": _SIZES,
    "mg.randperm": _SIZES,
    "mg.eye": _SIZES,
    "mg.linspace": _SIZES,
    "mg.logspace": _SIZES,
    "mg.tensor": "makes a tensor from data (test_bad_input.py: tensor/str, tensor/ragged)",
    "mg.as_tensor": "makes a tensor from data, as tensor",
    "mg.einsum": "the first argument is the subscripts string",
    # ---- NumPy face
    "np.apply_along_axis": "the first argument is a function",
    "np.einsum": "the first argument is the subscripts string",
    "np.arange": _SIZES,
    "np.empty": _SIZES,
    "np.eye": _SIZES,
    "np.full": _SIZES,
    "np.identity": _SIZES,
    "np.indices": _SIZES,
    "np.ones": _SIZES,
    "np.zeros": _SIZES,
    "np.tri": _SIZES,
    "np.tril_indices": _SIZES,
    "np.triu_indices": _SIZES,
    "np.diag_indices": _SIZES,
    "np.bartlett": _SIZES,
    "np.blackman": _SIZES,
    "np.hamming": _SIZES,
    "np.hanning": _SIZES,
    "np.kaiser": _SIZES,
    "np.broadcast_shapes": _SIZES,
    "np.unravel_index": "takes flat integer indices and a shape",
    "np.ravel_multi_index": "takes integer index arrays and a shape",
    "np.can_cast": _DTYPE,
    "np.isdtype": _DTYPE,
    "np.issubdtype": _DTYPE,
    "np.result_type": _DTYPE,
    "np.min_scalar_type": _DTYPE,
    "np.mintypecode": _DTYPE,
    "np.typename": _DTYPE,
    "np.iscomplexobj": _DTYPE,
    "np.isrealobj": _DTYPE,
    "np.isscalar": _DTYPE,
    "np.iterable": _DTYPE,
    "np.ndim": _INTROSPECT,
    "np.shape": _INTROSPECT,
    "np.size": _INTROSPECT,
    "np.may_share_memory": _INTROSPECT,
    "np.shares_memory": _INTROSPECT,
    "np.printoptions": "print settings, not arrays",
    "np.set_printoptions": "print settings, not arrays",
}

# Failing the sweep today; each is a defect to fix (strict xfail: a fix must remove the entry).
_ACCEPTED = "no error: the value goes on to NumPy, which accepts it (object or str array)"
_ATTRIBUTE_ERROR = "an AttributeError from inside (the argument is used as an array unchecked)"
_NUMPY_MESSAGE = "NumPy's own error, whose message does not name the function"
XFAIL = {
    "np.argwhere[None]": _ACCEPTED,
    "np.argwhere[str]": _ACCEPTED,
    "np.array2string[None]": _ATTRIBUTE_ERROR,
    "np.array2string[str]": _ATTRIBUTE_ERROR,
    "np.array_equiv[None]": _ACCEPTED,
    "np.array_equiv[str]": _ACCEPTED,
    "np.array_repr[None]": _ATTRIBUTE_ERROR,
    "np.array_repr[str]": _ATTRIBUTE_ERROR,
    "np.array_str[None]": _ATTRIBUTE_ERROR,
    "np.array_str[str]": _ATTRIBUTE_ERROR,
    "np.astype[None]": _ACCEPTED,
    "np.bincount[None]": _NUMPY_MESSAGE,
    "np.bincount[str]": _NUMPY_MESSAGE,
    "np.bitwise_invert[None]": _NUMPY_MESSAGE,
    "np.bitwise_not[None]": _NUMPY_MESSAGE,
    "np.choose[None]": _NUMPY_MESSAGE,
    "np.choose[str]": _NUMPY_MESSAGE,
    "np.compress[None]": _NUMPY_MESSAGE,
    "np.compress[str]": _NUMPY_MESSAGE,
    "np.diag_indices_from[None]": _ATTRIBUTE_ERROR,
    "np.diag_indices_from[str]": _ATTRIBUTE_ERROR,
    "np.digitize[None]": _NUMPY_MESSAGE,
    "np.digitize[str]": _NUMPY_MESSAGE,
    "np.extract[None]": _ACCEPTED,
    "np.extract[str]": _ACCEPTED,
    "np.flatnonzero[None]": _ACCEPTED,
    "np.flatnonzero[str]": _ACCEPTED,
    "np.histogram[None]": _NUMPY_MESSAGE,
    "np.histogram[str]": _NUMPY_MESSAGE,
    "np.histogram_bin_edges[None]": _NUMPY_MESSAGE,
    "np.histogram_bin_edges[str]": _NUMPY_MESSAGE,
    "np.intersect1d[None]": _NUMPY_MESSAGE,
    "np.intersect1d[str]": _ACCEPTED,
    "np.invert[None]": _NUMPY_MESSAGE,
    "np.isin[None]": _ACCEPTED,
    "np.isin[str]": _ACCEPTED,
    "np.isneginf[None]": _NUMPY_MESSAGE,
    "np.isneginf[str]": _NUMPY_MESSAGE,
    "np.isposinf[None]": _NUMPY_MESSAGE,
    "np.isposinf[str]": _NUMPY_MESSAGE,
    "np.lexsort[str]": _ACCEPTED,
    "np.logspace[None]": "RecursionError: the bad value recurses through logspace",
    "np.logspace[str]": "RecursionError: the bad value recurses through logspace",
    "np.searchsorted[None]": _NUMPY_MESSAGE,
    "np.searchsorted[str]": _NUMPY_MESSAGE,
    "np.select[None]": _NUMPY_MESSAGE,
    "np.setdiff1d[None]": _ACCEPTED,
    "np.setdiff1d[str]": _ACCEPTED,
    "np.sort_complex[None]": _NUMPY_MESSAGE,
    "np.sort_complex[str]": _NUMPY_MESSAGE,
    "np.tril_indices_from[None]": _ATTRIBUTE_ERROR,
    "np.tril_indices_from[str]": _ATTRIBUTE_ERROR,
    "np.triu_indices_from[None]": _ATTRIBUTE_ERROR,
    "np.triu_indices_from[str]": _ATTRIBUTE_ERROR,
    "np.union1d[None]": _NUMPY_MESSAGE,
    "np.union1d[str]": _ACCEPTED,
    "np.unique[None]": _ACCEPTED,
    "np.unique[str]": _ACCEPTED,
}

# PyTorch functions taking a list of tensors: a list of lists is the wrong depth.
TAKES_A_LIST = {"mg.cat", "mg.concat", "mg.concatenate", "mg.stack", "mg.hstack", "mg.vstack",
                "mg.dstack", "mg.column_stack", "mg.row_stack", "mg.block_diag",
                "mg.broadcast_tensors", "mg.meshgrid", "mg.cartesian_prod"}  # fmt: skip


def _public(prefix, module):
    names = getattr(module, "__all__", None) or [n for n in dir(module) if not n.startswith("_")]
    return {
        f"{prefix}.{n}": getattr(module, n)
        for n in names
        if inspect.isfunction(getattr(module, n, None))
    }


FUNCTIONS = {**_public("mg", mg), **_public("np", mnp)}
PROBES = {"None": None, "str": "abc"}


def _required(fn):
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return 1
    kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    return max(1, sum(1 for p in params if p.default is p.empty and p.kind in kinds))


def _cases():
    for name in sorted(FUNCTIONS):
        if name in SKIP:
            continue
        probes = dict(PROBES)
        if name in TAKES_A_LIST:
            probes["list-depth"] = "list-depth"
        for probe in probes:
            case = f"{name}[{probe}]"
            marks = [pytest.mark.xfail(strict=True, reason=XFAIL[case])] if case in XFAIL else []
            yield pytest.param(name, probe, id=case, marks=marks)


@pytest.mark.parametrize("name, probe", list(_cases()))
def test_a_bad_first_argument_raises_an_error_naming_the_function(name, probe):
    fn = FUNCTIONS[name]
    good = mg.tensor(np.ones((2, 3), np.float32))
    if probe == "list-depth":
        args = [[[good, good]]]
    else:
        args = [PROBES[probe]] + [good] * (_required(fn) - 1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises((TypeError, ValueError)) as err:
            fn(*args)
    message = str(err.value)
    short = name.split(".", 1)[1]
    # An alias may name the function it is (true_divide is div, row_stack is vstack).
    assert short in message or fn.__name__ in message, message


def test_skip_and_xfail_name_real_functions():
    assert set(SKIP) <= set(FUNCTIONS), set(SKIP) - set(FUNCTIONS)
    names = {case.split("[")[0] for case in XFAIL}
    assert names <= set(FUNCTIONS) and not names & set(SKIP)


def test_the_sweep_covers_both_faces():
    cases = list(_cases())
    assert sum(name.startswith("mg.") for name in FUNCTIONS) > 150
    assert sum(name.startswith("np.") for name in FUNCTIONS) > 250
    assert len(cases) > 2 * (len(FUNCTIONS) - len(SKIP)) - 1
