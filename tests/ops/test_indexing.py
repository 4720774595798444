"""Indexing (``Tensor.__getitem__`` / ``getitem``) and its scatter-add VJP: every NumPy index
form, repeated indices, second order, and bad indices.

Tensors and masks are drawn with ``minigrad.testing.strategies``; the index expressions
themselves with ``hypothesis.extra.numpy`` (``basic_indices``, ``integer_array_indices``),
which the toolkit has no counterpart for.
"""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import minigrad as mg
from minigrad.ops.indexing import GetItem, IndexScatter, getitem, index_to_numpy
from minigrad.testing import gradcheck, gradgradcheck
from minigrad.testing import strategies as mst

rng = np.random.default_rng(0)
shapes = mst.shapes(min_dims=1, max_dims=4, min_side=0)


def t(a):
    return mg.tensor(np.asarray(a, np.float64), requires_grad=True)


def expected_grad(a, index, w):
    """The VJP of ``a[index]`` by counting: every output element adds its gradient to the
    flat position it was read from (independent of the scatter under test)."""
    positions = np.arange(a.size).reshape(a.shape)[index_to_numpy(index)]
    flat = np.bincount(positions.ravel(), weights=np.ravel(w), minlength=a.size)
    return flat.reshape(a.shape)


def check_index(a, index):
    """Forward equals NumPy's; the gradient equals the counting reference."""
    x = t(a)
    y = x[index]
    expected = a[index_to_numpy(index)]
    assert y.shape == expected.shape
    np.testing.assert_array_equal(y.array, expected)
    w = rng.standard_normal(y.shape)
    y.backward(w)
    np.testing.assert_allclose(x.grad.array, expected_grad(a, index, w), rtol=1e-12, atol=1e-12)


# --------------------------------------------------------------------------------------------
# Property tests over the index space
# --------------------------------------------------------------------------------------------


@given(data=st.data())
def test_basic_indices_match_numpy(data):
    a = data.draw(mst.tensors(mst.shapes(max_dims=4, min_side=0))).array
    index = data.draw(hnp.basic_indices(a.shape, allow_newaxis=True, allow_ellipsis=True))
    check_index(a, index)


@given(data=st.data())
def test_integer_array_indices_with_repeats_match_numpy(data):
    a = data.draw(mst.tensors(mst.shapes(min_dims=1))).array
    index = data.draw(
        hnp.integer_array_indices(
            a.shape, result_shape=mst.shapes(max_dims=2, min_side=0, max_side=5)
        )
    )
    check_index(a, index)


@given(data=st.data())
def test_boolean_masks_match_numpy(data):
    a = data.draw(mst.tensors(shapes)).array
    k = data.draw(st.integers(1, a.ndim))
    mask = data.draw(mst.tensors(a.shape[:k], dtype=np.bool_))
    as_tensor = data.draw(st.booleans())
    check_index(a, mask if as_tensor else mask.array)


@given(data=st.data())
def test_mixed_advanced_and_basic_indices_match_numpy(data):
    a = data.draw(mst.tensors(mst.shapes(min_dims=3))).array
    rows = data.draw(
        mst.tensors(
            st.integers(0, 3), dtype=np.int64, elements=st.integers(-a.shape[0], a.shape[0] - 1)
        )
    ).array
    cols = data.draw(
        mst.tensors(rows.shape, dtype=np.int64, elements=st.integers(-a.shape[2], a.shape[2] - 1))
    ).array
    step = data.draw(st.sampled_from([1, 2, -1, -2]))
    # adjacent advanced indices keep their place; separated ones move to the front (NumPy)
    for index in [(rows, slice(None, None, step), cols), (rows, cols[:, None] * 0), (..., cols)]:
        try:
            a[index]
        except IndexError:
            continue
        check_index(a, index)


@given(data=st.data())
def test_gradients_match_torch(torch, data):
    a = data.draw(mst.tensors(mst.shapes(min_dims=2))).array
    rows = data.draw(
        mst.tensors(st.integers(0, 6), dtype=np.int64, elements=st.integers(0, a.shape[0] - 1))
    ).array
    mask = data.draw(mst.tensors(a.shape[1:2], dtype=np.bool_)).array
    start = data.draw(st.integers(0, a.shape[1]))
    for index in [rows, (rows, slice(start, None, 2)), (slice(None), mask), (..., 0)]:
        x = t(a)
        y = x[index]
        w = rng.standard_normal(y.shape)
        y.backward(w)
        tx = torch.tensor(a, requires_grad=True)
        ty = tx[
            tuple(torch.tensor(i) if isinstance(i, np.ndarray) else i for i in index)
            if isinstance(index, tuple)
            else torch.tensor(index)
        ]
        np.testing.assert_array_equal(y.array, ty.detach().numpy())
        ty.backward(torch.tensor(w))
        np.testing.assert_allclose(x.grad.array, tx.grad.numpy(), rtol=1e-12)


# --------------------------------------------------------------------------------------------
# Every index form, spelled out
# --------------------------------------------------------------------------------------------

A = np.arange(24.0).reshape(2, 3, 4)

FORMS = {
    "int": 1,
    "negative int": -1,
    "numpy int": np.int64(1),
    "tuple of ints": (1, 2, 3),
    "all ints (0-d result)": (-1, -1, -1),
    "slice": slice(1, None),
    "slice with step": (slice(None), slice(None, None, 2)),
    "negative step": (slice(None), slice(None, None, -1), slice(3, 0, -2)),
    "empty slice": slice(2, 1),
    "None": (None, 0, None),
    "ellipsis": (..., 1),
    "ellipsis in the middle": (0, ..., 2),
    "empty tuple": (),
    "int list": [1, 0, 1],
    "int list with negative": ([0, -1], 2),
    "nested int list": ([[0, 1], [1, 1]],),
    "int array": np.array([1, 1, 0]),
    "int tensor": mg.tensor(np.array([0, 0])),
    "0-d int tensor": mg.tensor(np.array(1)),
    "int tensors in a tuple": (mg.tensor(np.array([1, 0])), slice(None), mg.tensor(np.array(3))),
    "empty list": [],
    "empty int array": (np.zeros(0, np.int64), 1),
    "bool array": np.array([True, False]),
    "bool array over two axes": A[..., 0] > 10,
    "bool tensor": mg.tensor(A[..., 0] > 5),
    "all-false mask": np.zeros((2, 3), bool),
    "python bool": True,
    "python False": False,
    "bool and int": (np.array([False, True]), [2, 0]),
    "advanced separated by slice": ([0, 1], slice(None), [1, 3]),
    "advanced broadcast": (np.array([[0], [1]]), np.array([0, 2, 2])),
    "list of int tensors": [mg.tensor(np.array(1)), mg.tensor(np.array(0))],
}


@pytest.mark.parametrize("name", FORMS)
def test_every_index_form(name):
    check_index(A, FORMS[name])


@pytest.mark.parametrize(
    "name",
    [
        "int",
        "negative step",
        "None",
        "int list",
        "bool array",
        "advanced separated by slice",
        "advanced broadcast",
    ],
)
def test_every_index_form_second_order(name):
    index = FORMS[name]
    x = t(rng.standard_normal(A.shape))
    assert gradcheck(lambda v: v[index], [x])
    assert gradgradcheck(lambda v: v[index] * v[index], [x])


def test_zero_d_tensor_indexing():
    x = t(3.0)
    check_index(np.array(3.0), ())
    check_index(np.array(3.0), None)
    check_index(np.array(3.0), ...)
    check_index(np.array(3.0), True)
    assert x[None, ...].shape == (1,)


def test_empty_tensor_indexing():
    check_index(np.zeros((0, 3)), (slice(None), 1))
    check_index(np.zeros((0, 3)), np.zeros((0, 3), bool))
    check_index(np.zeros((2, 0)), ([1, 1], ...))


# --------------------------------------------------------------------------------------------
# The scatter-add: repeated indices, assignment vs np.add.at, and its own VJP (the gather)
# --------------------------------------------------------------------------------------------


def test_repeated_indices_accumulate():
    x = t([1.0, 2.0, 3.0])
    x[[0, 0, 2, 0]].backward(np.array([1.0, 10.0, 100.0, 1000.0]))
    np.testing.assert_array_equal(x.grad.array, [1011.0, 0.0, 100.0])
    y = t(np.zeros((2, 2)))
    y[np.array([1, 1]), np.array([0, 0])].backward(np.array([2.0, 3.0]))
    np.testing.assert_array_equal(y.grad.array, [[0.0, 0.0], [5.0, 0.0]])


def test_repeated_use_of_one_index_accumulates_across_ops():
    x = t([1.0, 2.0])
    y = x[0] * x[0] + x[:1] * 3
    y.backward(np.ones(1))
    np.testing.assert_array_equal(x.grad.array, [5.0, 0.0])


@pytest.mark.parametrize("has_int_array", [False, True])
def test_index_scatter_vjp_is_the_gather(has_int_array):
    index = (np.array([0, 2, 2]), slice(None)) if has_int_array else (slice(1, None), 0)
    shape = (3, 2)
    values = t(rng.standard_normal(np.zeros(shape)[index].shape))
    assert gradcheck(lambda v: IndexScatter.apply(v, index, shape, has_int_array), [values])
    out = IndexScatter.apply(values, index, shape, has_int_array)
    w = rng.standard_normal(shape)
    out.backward(w)
    np.testing.assert_array_equal(values.grad.array, w[index])


def test_gradient_of_the_gradient_wrt_the_upstream_gradient():
    """d/dv of <scatter(v), u> is gather(u): the scatter's own VJP, checked through grad()."""
    x = t(rng.standard_normal((3, 2)))
    v = t(rng.standard_normal((4, 2)))
    index = [2, 0, 2, 1]
    (gx,) = mg.autograd.grad(x[index], x, grad_outputs=v, create_graph=True)
    u = rng.standard_normal((3, 2))
    (gv,) = mg.autograd.grad(gx * u, v, grad_outputs=np.ones((3, 2)))
    np.testing.assert_allclose(gv.array, u[index])


def test_float32_gradient_stays_float32_and_basic_index_is_a_view():
    x = mg.tensor(np.ones((3, 4), np.float32), requires_grad=True)
    y = x[1:, ::2]
    assert np.shares_memory(y.array, x.array)
    y.backward(np.ones(y.shape, np.float32))
    assert x.grad.dtype == np.float32
    np.testing.assert_array_equal(x.grad.array, [[0, 0, 0, 0], [1, 0, 1, 0], [1, 0, 1, 0]])


def test_integer_tensors_index_without_a_graph():
    labels = mg.tensor(np.array([3, 1, 2]))
    out = labels[labels > 1]
    assert out.tolist() == [3, 2]
    assert out.grad_fn is None
    with mg.no_grad():
        assert t([1.0, 2.0])[0].grad_fn is None


def test_cross_entropy_style_pick():
    logits = t(rng.standard_normal((4, 3)))
    target = mg.tensor(np.array([2, 0, 0, 1]))
    picked = logits[mg.arange(4, dtype=np.int64), target]
    np.testing.assert_array_equal(picked.array, logits.array[np.arange(4), target.array])
    picked.backward(np.ones(4))
    expected = np.zeros((4, 3))
    expected[np.arange(4), target.array] = 1.0
    np.testing.assert_array_equal(logits.grad.array, expected)


# --------------------------------------------------------------------------------------------
# index_to_numpy (used by Tensor.__setitem__)
# --------------------------------------------------------------------------------------------


def test_index_to_numpy_converts_tensors_everywhere():
    i = mg.tensor(np.array([0, 1]))
    assert index_to_numpy(i) is i.array
    converted = index_to_numpy((i, slice(1, 2), [i, 0], None, ...))
    assert converted[0] is i.array
    assert converted[1] == slice(1, 2)
    assert converted[2][0] is i.array and converted[2][1] == 0
    assert converted[3] is None and converted[4] is Ellipsis
    assert index_to_numpy(3) == 3


def test_setitem_with_tensor_indices():
    x = mg.zeros(3, 4)
    x[mg.tensor(np.array([0, 2])), 1] = 5.0
    x[(slice(None), mg.tensor(np.array([False, False, True, True])))] = 2.0
    np.testing.assert_array_equal(x.array, [[0, 5, 2, 2], [0, 0, 2, 2], [0, 5, 2, 2]])


# --------------------------------------------------------------------------------------------
# Bad indices
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("index", "err", "match"),
    [
        (
            5,
            IndexError,
            r"getitem: index 5 is out of bounds for axis 0 with size 2 "
            r"\(index \(5,\), tensor shape \(2, 3, 4\)\)",
        ),
        (
            (0, -4),
            IndexError,
            r"getitem: index -4 is out of bounds for axis 1 with size 3 "
            r"\(index \(0, -4\), tensor shape \(2, 3, 4\)\)",
        ),
        (
            [0, 7],
            IndexError,
            r"getitem: index 7 is out of bounds .*\(index \(\[0, 7\],\), "
            r"tensor shape \(2, 3, 4\)\)",
        ),
        ((0, 0, 0, 0), IndexError, r"getitem: too many indices .*tensor shape \(2, 3, 4\)"),
        (
            np.array([True, False, True]),
            IndexError,
            r"getitem: boolean index did not match .*tensor shape \(2, 3, 4\)",
        ),
        (([0, 1], [0, 1, 2]), IndexError, r"getitem: shape mismatch.*tensor shape \(2, 3, 4\)"),
        ((..., 0, ...), IndexError, r"getitem: an index can only have a single ellipsis"),
        (
            np.arange(20),
            IndexError,
            r"getitem: index 2 is out of bounds.*\(index \(array\(shape=\(20,\), dtype=int64\),\)",
        ),
        (1.5, TypeError, r"getitem: invalid index item 1.5 of type float"),
        ("a", TypeError, r"getitem: invalid index item 'a' of type str"),
        ((0, {}), TypeError, r"getitem: invalid index item \{\} of type dict"),
        (
            np.array([0.0, 1.0]),
            TypeError,
            r"getitem: index arrays must hold ints or bools, got "
            r"dtype float64",
        ),
        (
            mg.tensor([0.0]),
            TypeError,
            r"getitem: index arrays must hold ints or bools, got "
            r"dtype float32",
        ),
        ([0.5, 1], TypeError, r"getitem: index arrays must hold ints or bools"),
        (
            slice(0.5, 2),
            TypeError,
            r"getitem: slice bounds must be ints or None, got "
            r"slice\(0.5, 2, None\)",
        ),
        (slice(None, None, 0), ValueError, r"getitem: slice step cannot be zero"),
    ],
)
def test_bad_index(index, err, match):
    x = t(A)
    with pytest.raises(err, match=match):
        x[index]
    with pytest.raises(err, match=match):
        getitem(x, index)


def test_getitem_is_the_tensor_method():
    assert mg.Tensor.__getitem__(mg.tensor(A), 0).grad_fn is None
    assert isinstance(t(A)[0].grad_fn, GetItem)


# ---- PyTorch's selection ops (gather, scatter, index_*, masked_*, take, narrow) -------------

EDGE = {
    "gather smaller index": lambda m, x: m.gather(x, 0, m.tensor([[1, 0], [0, 1]])),
    "gather negative dim": lambda m, x: m.gather(x, -1, m.tensor([[3], [0], [2]])),
    "take_along_dim broadcast": lambda m, x: m.take_along_dim(x, m.tensor([[0, 3]]), 1),
    "take_along_dim flat": lambda m, x: m.take_along_dim(x, m.tensor([11, 0])),
    "take negative": lambda m, x: m.take(x, m.tensor([-1, 0, -12])),
    "index_select repeats": lambda m, x: m.index_select(x, 0, m.tensor([2, 2, 0])),
    "index_select 0-d index": lambda m, x: m.index_select(x, 1, m.tensor(1)),
    "masked_select broadcast": lambda m, x: m.masked_select(
        x, m.tensor([True, False, True, False])
    ),
    "masked_fill tensor value": lambda m, x: m.masked_fill(x, x > 0, x.sum() * 0 + 2.5),
    "narrow negative start": lambda m, x: m.narrow(x, 1, -3, 2),
    "scatter_add repeats": lambda m, x: m.scatter_add(
        x, 0, m.tensor([[0, 0, 0, 0], [0, 0, 0, 0]]), x[:2]
    ),
    "index_add repeats": lambda m, x: m.index_add(x, 0, m.tensor([1, 1]), x[:2], alpha=-2),
    "index_fill negative": lambda m, x: m.index_fill(x, 1, m.tensor([-1]), 0.5),
}


@pytest.mark.parametrize("name", EDGE)
def test_selection_edge_cases_match_pytorch(name):
    torch = pytest.importorskip("torch")
    a = np.random.default_rng(2).standard_normal((3, 4))
    x, tx = mg.tensor(a, requires_grad=True), torch.tensor(a, requires_grad=True)
    out, tout = EDGE[name](mg, x), EDGE[name](torch, tx)
    np.testing.assert_allclose(out.array, tout.detach().numpy())
    w = np.random.default_rng(3).standard_normal(out.shape)
    (out * mg.tensor(w)).sum().backward()
    (tout * torch.tensor(w)).sum().backward()
    np.testing.assert_allclose(x.grad.array, tx.grad.numpy())
    if name != "masked_fill tensor value":
        assert gradgradcheck(lambda t: EDGE[name](mg, t), [mg.tensor(a, requires_grad=True)])


def test_scatter_sends_gradients_to_the_written_source_and_the_kept_input():
    x = mg.tensor(np.arange(6.0).reshape(2, 3), requires_grad=True)
    src = mg.tensor(np.full((1, 3), 5.0), requires_grad=True)
    out = mg.scatter(x, 0, mg.tensor([[1, 0, 1]]), src)
    assert out.tolist() == [[0.0, 5.0, 2.0], [5.0, 4.0, 5.0]]
    out.sum().backward()
    assert x.grad.tolist() == [[1.0, 0.0, 1.0], [0.0, 1.0, 0.0]]
    assert src.grad.tolist() == [[1.0, 1.0, 1.0]]
    assert gradgradcheck(
        lambda a, b: mg.scatter(a, 0, mg.tensor([[1, 0, 1]]), b),
        [
            mg.tensor(np.ones((2, 3)), requires_grad=True),
            mg.tensor(np.ones((1, 3)), requires_grad=True),
        ],
    )


def test_a_range_indexes_like_the_list_it_spells_as_in_pytorch():
    # "What is torch.nn really?": -input[range(target.shape[0]), target].mean()
    torch = pytest.importorskip("torch")
    a = rng.standard_normal((4, 5))
    target = np.array([0, 4, 2, 2])
    x = t(a)
    y = x[range(4), mg.tensor(target)]
    ref = torch.tensor(a, requires_grad=True)
    ref_y = ref[range(4), torch.tensor(target)]
    np.testing.assert_array_equal(y.numpy(), ref_y.detach().numpy())
    y.sum().backward()
    ref_y.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), ref.grad.numpy())
    np.testing.assert_array_equal(x[range(1, 4, 2)].detach().numpy(), a[1:4:2])
    assert x[range(0)].shape == (0, 5) == tuple(ref[range(0)].shape)
