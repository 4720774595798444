"""Shape ops: forward vs NumPy, gradients vs PyTorch and central differences, bad input.

Inputs are drawn with ``minigrad.testing.strategies``. Shape ops are linear, so the second
order checks differentiate the square of the output (see ``check_second_order``).
"""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import minigrad as mg
from minigrad.ops import shape as shape_ops
from minigrad.testing import check_vjp_contract, gradcheck, gradgradcheck
from minigrad.testing import strategies as mst

rng = np.random.default_rng(0)
shapes = mst.shapes(max_dims=4, min_side=0)


def t(a):
    return mg.tensor(np.asarray(a, np.float64), requires_grad=True)


def randn(*shape):
    return rng.standard_normal(shape)


def vjp(fn, a, w=None):
    """(fn(a), d<fn(a), w>/da) with minigrad; w random of the output's shape if omitted."""
    x = t(a)
    y = fn(x)
    w = randn(*y.shape) if w is None else w
    y.backward(w)
    return y.array, x.grad.array, w


def torch_vjp(torch, fn, a, w):
    x = torch.tensor(a, requires_grad=True)
    fn(x).backward(torch.tensor(w))
    return x.grad.numpy()


def check_second_order(fn, *arrays):
    """gradcheck, the VJP contract, and gradgradcheck through the square of ``fn``'s
    output(s), so the second derivative is non-zero and must flow through the op's VJP graph."""
    inputs = [t(a) for a in arrays]
    assert gradcheck(fn, inputs)
    assert check_vjp_contract(fn, inputs)

    def squared(*xs):
        out = fn(*xs)
        return tuple(o * o for o in out) if isinstance(out, tuple) else out * out

    assert gradgradcheck(squared, inputs)


# --------------------------------------------------------------------------------------------
# reshape
# --------------------------------------------------------------------------------------------


@st.composite
def reshape_case(draw):
    shape = draw(shapes)
    size = int(np.prod(shape))
    target = draw(st.sampled_from([(size,), (1, *shape), tuple(reversed(shape)), (*shape, 1), ()]))
    if int(np.prod(target)) != size:
        target = (size,)
    if size and target and draw(st.booleans()):
        i = draw(st.integers(0, len(target) - 1))
        target = (*target[:i], -1, *target[i + 1 :])
    return draw(mst.tensors(shape)).array, target


@given(reshape_case())
def test_reshape_matches_numpy_and_torch(torch, case):
    a, target = case
    out, g, w = vjp(lambda x: mg.reshape(x, target), a)
    np.testing.assert_array_equal(out, a.reshape(target))
    np.testing.assert_allclose(g, torch_vjp(torch, lambda x: x.reshape(target), a, w))


def test_reshape_tensor_method_forms_and_view():
    x = mg.tensor(np.arange(6.0))
    assert x.reshape(2, 3).shape == (2, 3)
    assert x.reshape((3, -1)).shape == (3, 2)
    assert x.reshape([6]).shape == (6,)
    assert x.view(-1, 1).shape == (6, 1)
    assert mg.reshape(x, np.int64(6)).shape == (6,)
    assert np.shares_memory(x.reshape(2, 3).array, x.array)


def test_reshape_second_order():
    check_second_order(lambda x: mg.reshape(x, (3, -1)), randn(2, 3))


@pytest.mark.parametrize(
    ("shape", "err", "match"),
    [
        (
            (4,),
            ValueError,
            r"reshape: cannot reshape a tensor of shape \(2, 3\) \(6 elements\) "
            r"into shape \(4,\) \(4 elements\)",
        ),
        ((-1, -1), ValueError, r"reshape: shape \(-1, -1\) may hold .* at most one -1"),
        ((-2, 3), ValueError, r"reshape: shape \(-2, 3\)"),
        ((4, -1), ValueError, r"reshape: .*shape \(2, 3\).*\(4, -1\): the -1 has no unique size"),
        ((2.0, 3), TypeError, r"reshape: shape must be an int or a sequence of ints"),
    ],
)
def test_reshape_bad_shape(shape, err, match):
    with pytest.raises(err, match=match):
        mg.reshape(mg.zeros(2, 3), shape)


def test_reshape_minus_one_with_zero_size_is_ambiguous():
    with pytest.raises(ValueError, match=r"reshape: .*shape \(0, 3\).*\(0, -1\)"):
        mg.reshape(mg.zeros(0, 3), (0, -1))
    assert mg.reshape(mg.zeros(0, 3), (3, 0)).shape == (3, 0)


# --------------------------------------------------------------------------------------------
# transpose, swapaxes
# --------------------------------------------------------------------------------------------


@given(data=st.data())
def test_transpose_matches_numpy_and_torch(torch, data):
    a = data.draw(mst.tensors(shapes)).array
    perm = data.draw(st.permutations(range(a.ndim)))
    axes = tuple(p - a.ndim if data.draw(st.booleans()) else p for p in perm)
    out, g, w = vjp(lambda x: shape_ops.transpose(x, axes), a)
    np.testing.assert_array_equal(out, np.transpose(a, axes))
    np.testing.assert_allclose(g, torch_vjp(torch, lambda x: x.permute(tuple(perm)), a, w))


def test_transpose_default_reverses_and_methods():
    a = randn(2, 3, 4)
    x = mg.tensor(a)
    np.testing.assert_array_equal(shape_ops.transpose(x).array, a.T)
    np.testing.assert_array_equal(x.T.array, a.T)
    np.testing.assert_array_equal(x.permute(1, 0, 2).array, a.transpose(1, 0, 2))
    np.testing.assert_array_equal(x.permute((2, 0, 1)).array, a.transpose(2, 0, 1))
    assert mg.tensor([1.0, 2.0]).permute(0).shape == (2,)
    assert shape_ops.transpose(mg.tensor(1.0)).shape == ()


def test_transpose_second_order():
    check_second_order(lambda x: shape_ops.transpose(x, (2, 0, 1)), randn(2, 3, 2))


@pytest.mark.parametrize(
    ("axes", "err", "match"),
    [
        (
            (0, 0),
            ValueError,
            r"transpose: repeated axis in axes=\(0, 0\) \(tensor shape \(2, 3\)\)",
        ),
        ((0,), ValueError, r"transpose: axes \(0,\) is not a permutation of the 2 axes .*\(2, 3\)"),
        ((0, 2), ValueError, r"transpose: axes 2 is out of range for a tensor of shape \(2, 3\)"),
        ((0, 1.0), TypeError, r"transpose: axes must be an int, got 1.0"),
        ("ab", TypeError, r"transpose: axes must be an int or a tuple of ints"),
    ],
)
def test_transpose_bad_axes(axes, err, match):
    with pytest.raises(err, match=match):
        shape_ops.transpose(mg.zeros(2, 3), axes)


@given(data=st.data())
def test_swapaxes_matches_numpy_and_torch(torch, data):
    a = data.draw(mst.tensors(mst.shapes(min_dims=1, max_dims=4, max_side=3))).array
    i, j = data.draw(st.integers(-a.ndim, a.ndim - 1)), data.draw(st.integers(-a.ndim, a.ndim - 1))
    out, g, w = vjp(lambda x: x.swapaxes(i, j), a)
    np.testing.assert_array_equal(out, np.swapaxes(a, i, j))
    np.testing.assert_allclose(g, torch_vjp(torch, lambda x: torch.swapaxes(x, i, j), a, w))


def test_swapaxes_second_order_and_errors():
    check_second_order(lambda x: shape_ops.swapaxes(x, 0, -1), randn(2, 3))
    with pytest.raises(ValueError, match=r"swapaxes: axis2 3 is out of range .*\(2, 3\)"):
        shape_ops.swapaxes(mg.zeros(2, 3), 0, 3)
    with pytest.raises(ValueError, match=r"swapaxes: axis1 0 is out of range .*shape \(\)"):
        shape_ops.swapaxes(mg.tensor(1.0), 0, 0)


# --------------------------------------------------------------------------------------------
# squeeze, expand_dims / unsqueeze, flatten
# --------------------------------------------------------------------------------------------


@given(data=st.data())
def test_squeeze_matches_numpy(data):
    shape = data.draw(mst.shapes(max_dims=5, min_side=0, max_side=2))
    a = data.draw(mst.tensors(shape)).array
    ones = [i for i, s in enumerate(shape) if s == 1]
    chosen = data.draw(st.lists(st.sampled_from(ones), unique=True)) if ones else []
    axis = data.draw(st.sampled_from([None, tuple(c - len(shape) for c in chosen)]))
    out, g, w = vjp(lambda x: shape_ops.squeeze(x, axis), a)
    np.testing.assert_array_equal(out, np.squeeze(a, axis))
    np.testing.assert_array_equal(g, w.reshape(shape))


def test_squeeze_int_axis_method_and_second_order():
    assert mg.zeros(1, 3, 1).squeeze(-1).shape == (1, 3)
    assert mg.zeros(1, 3, 1).squeeze().shape == (3,)
    check_second_order(lambda x: shape_ops.squeeze(x, 0), randn(1, 3))


def test_squeeze_non_unit_axis_raises():
    with pytest.raises(ValueError, match=r"squeeze: cannot squeeze axis 1 of size 3 .*\(1, 3\)"):
        shape_ops.squeeze(mg.zeros(1, 3), 1)
    with pytest.raises(ValueError, match=r"squeeze: axis 2 is out of range .*\(1, 3\)"):
        shape_ops.squeeze(mg.zeros(1, 3), 2)


@given(data=st.data())
def test_expand_dims_matches_numpy(data):
    a = data.draw(mst.tensors(shapes)).array
    n_new = data.draw(st.integers(1, 3))
    out_ndim = a.ndim + n_new
    axes = data.draw(
        st.lists(st.integers(0, out_ndim - 1), min_size=n_new, max_size=n_new, unique=True)
    )
    axis = tuple(ax - out_ndim if data.draw(st.booleans()) else ax for ax in axes)
    axis = axis[0] if n_new == 1 and data.draw(st.booleans()) else axis
    out, g, w = vjp(lambda x: shape_ops.expand_dims(x, axis), a)
    np.testing.assert_array_equal(out, np.expand_dims(a, axis))
    np.testing.assert_array_equal(g, w.reshape(a.shape))


def test_unsqueeze_is_torch_unsqueeze(torch):
    a = randn(2, 3)
    for dim in (0, 1, 2, -1, -3):
        out, g, w = vjp(lambda x, d=dim: x.unsqueeze(d), a)
        np.testing.assert_array_equal(out, torch.tensor(a).unsqueeze(dim).numpy())
        np.testing.assert_array_equal(g, torch_vjp(torch, lambda x, d=dim: x.unsqueeze(d), a, w))
    check_second_order(lambda x: shape_ops.expand_dims(x, (0, 2)), randn(2, 3))


def test_expand_dims_bad_axis():
    with pytest.raises(
        ValueError,
        match=r"expand_dims: axis 3 is out of range .*\(2, 3\) "
        r"\(valid: -3 to 2\)",
    ):
        shape_ops.expand_dims(mg.zeros(2, 3), 3)
    with pytest.raises(ValueError, match=r"expand_dims: repeated axis in axis=\(0, -4\)"):
        shape_ops.expand_dims(mg.zeros(2, 3), (0, -4))


@given(data=st.data())
def test_flatten_matches_torch(torch, data):
    a = data.draw(mst.tensors(shapes)).array
    n = max(a.ndim, 1)
    start = data.draw(st.integers(-n, n - 1))
    end = data.draw(st.integers(start % n, n - 1))
    end = end - n if data.draw(st.booleans()) else end
    out, g, w = vjp(lambda x: mg.flatten(x, start, end), a)
    np.testing.assert_array_equal(out, torch.flatten(torch.tensor(a), start, end).numpy())
    np.testing.assert_array_equal(g, torch_vjp(torch, lambda x: torch.flatten(x, start, end), a, w))


def test_flatten_defaults_method_and_errors():
    assert mg.zeros(2, 3, 4).flatten().shape == (24,)
    assert mg.zeros(2, 3, 4).flatten(1).shape == (2, 12)
    assert mg.flatten(mg.tensor(5.0)).shape == (1,)
    check_second_order(lambda x: mg.flatten(x, 1), randn(2, 2, 2))
    with pytest.raises(
        ValueError,
        match=r"flatten: start_dim 2 comes after end_dim 1 "
        r"\(tensor shape \(2, 3, 4\)\)",
    ):
        mg.flatten(mg.zeros(2, 3, 4), 2, 1)
    with pytest.raises(ValueError, match=r"flatten: end_dim 3 is out of range .*\(2, 3, 4\)"):
        mg.flatten(mg.zeros(2, 3, 4), 0, 3)


# --------------------------------------------------------------------------------------------
# broadcast_to
# --------------------------------------------------------------------------------------------


@given(data=st.data())
def test_broadcast_to_matches_numpy_and_torch(torch, data):
    shape, other = data.draw(mst.broadcastable_shapes(2, max_dims=4, max_side=3))
    target = np.broadcast_shapes(shape, other)
    a = data.draw(mst.tensors(shape)).array
    out, g, w = vjp(lambda x: mg.broadcast_to(x, target), a)
    np.testing.assert_array_equal(out, np.broadcast_to(a, target))
    np.testing.assert_allclose(g, torch_vjp(torch, lambda x: x.broadcast_to(target), a, w))


def test_broadcast_to_second_order_and_int_shape():
    assert mg.broadcast_to(mg.tensor([1.0]), 3).shape == (3,)
    check_second_order(lambda x: mg.broadcast_to(x, (2, 2, 3)), randn(2, 1))


@pytest.mark.parametrize(("shape", "target"), [((3,), (1,)), ((2, 3), (3,)), ((3,), (2, 2))])
def test_broadcast_to_result_must_equal_shape(shape, target):
    with pytest.raises(
        ValueError,
        match=rf"broadcast_to: cannot broadcast shape "
        rf"\({shape[0]},.*\) to \({target[0]},",
    ):
        mg.broadcast_to(mg.zeros(*shape), target)


# --------------------------------------------------------------------------------------------
# concatenate, stack, split
# --------------------------------------------------------------------------------------------


@st.composite
def joinable(draw, same_shape):
    base = draw(mst.shapes(min_dims=1, min_side=0, max_side=3))
    axis = draw(st.integers(-len(base), len(base) - 1))
    k = draw(st.integers(1, 4))
    arrays = []
    for _ in range(k):
        shape = list(base)
        if not same_shape:
            shape[axis] = draw(st.integers(0, 3))
        arrays.append(draw(mst.tensors(tuple(shape))).array)
    return arrays, axis


@given(joinable(same_shape=False))
def test_concatenate_matches_numpy_and_torch(torch, case):
    arrays, axis = case
    xs = [t(a) for a in arrays]
    y = shape_ops.concatenate(xs, axis)
    np.testing.assert_array_equal(y.array, np.concatenate(arrays, axis))
    w = randn(*y.shape)
    y.backward(w)
    txs = [torch.tensor(a, requires_grad=True) for a in arrays]
    torch.cat(txs, axis).backward(torch.tensor(w))
    for x, tx in zip(xs, txs):
        np.testing.assert_array_equal(x.grad.array, tx.grad.numpy())


@given(joinable(same_shape=True), st.data())
def test_stack_matches_numpy_and_torch(torch, case, data):
    arrays, _ = case
    axis = data.draw(st.integers(-arrays[0].ndim - 1, arrays[0].ndim))
    xs = [t(a) for a in arrays]
    y = shape_ops.stack(xs, axis)
    np.testing.assert_array_equal(y.array, np.stack(arrays, axis))
    w = randn(*y.shape)
    y.backward(w)
    txs = [torch.tensor(a, requires_grad=True) for a in arrays]
    torch.stack(txs, axis).backward(torch.tensor(w))
    for x, tx in zip(xs, txs):
        np.testing.assert_array_equal(x.grad.array, tx.grad.numpy())


def test_join_second_order_and_constants():
    a, b = randn(2, 3), randn(2, 1)
    check_second_order(lambda x, y: shape_ops.concatenate([x, y], -1), a, b)
    check_second_order(lambda x, y: shape_ops.stack((x, y), 1), a, randn(2, 3))
    x = t(a)
    y = shape_ops.concatenate([x, np.ones((2, 2)), mg.tensor(b)], axis=1)
    assert y.shape == (2, 6)
    y.backward(np.ones((2, 6)))
    np.testing.assert_array_equal(x.grad.array, np.ones((2, 3)))
    assert shape_ops.stack([mg.tensor(1.0), mg.tensor(2.0)]).tolist() == [1.0, 2.0]


@pytest.mark.parametrize(
    ("op", "tensors", "kwargs", "err", "match"),
    [
        ("concatenate", [], {}, ValueError, r"concatenate: tensors is empty"),
        ("stack", (), {}, ValueError, r"stack: tensors is empty"),
        ("concatenate", "tensor", {}, TypeError, r"concatenate: tensors must be a list or tuple"),
        (
            "concatenate",
            [(2, 3), (2, 4)],
            {},
            ValueError,
            r"concatenate: tensors\[1\] has shape \(2, 4\) but tensors\[0\] has shape \(2, 3\); "
            r"all dimensions except axis 0 must match",
        ),
        (
            "concatenate",
            [(2, 3), (2, 3, 1)],
            {"axis": 1},
            ValueError,
            r"concatenate: tensors\[1\] has shape \(2, 3, 1\)",
        ),
        ("concatenate", [(), ()], {}, ValueError, r"concatenate: tensors\[0\] is 0-d"),
        (
            "concatenate",
            [(2, 3), (2, 3)],
            {"axis": 2},
            ValueError,
            r"concatenate: axis 2 is out of range for a tensor of shape \(2, 3\)",
        ),
        (
            "stack",
            [(2, 3), (2, 3), (3, 2)],
            {},
            ValueError,
            r"stack: tensors\[2\] has shape \(3, 2\) but tensors\[0\] has shape \(2, 3\)",
        ),
        ("stack", [(2, 3)], {"axis": -4}, ValueError, r"stack: axis -4 is out of range"),
    ],
)
def test_join_bad_input(op, tensors, kwargs, err, match):
    if isinstance(tensors, list):
        tensors = [mg.zeros(*s) for s in tensors]
    elif tensors == "tensor":
        tensors = mg.zeros(2, 3)
    with pytest.raises(err, match=match):
        getattr(mg, op)(tensors, **kwargs)


@given(data=st.data())
def test_split_matches_numpy(data):
    a = data.draw(mst.tensors(mst.shapes(min_dims=1, max_side=6))).array
    axis = data.draw(st.integers(-a.ndim, a.ndim - 1))
    size = a.shape[axis]
    divisors = [n for n in range(1, size + 1) if size % n == 0]
    how = data.draw(
        st.sampled_from(divisors) | st.lists(st.integers(-size - 2, size + 2), max_size=4)
    )
    x = t(a)
    parts = shape_ops.split(x, how, axis)
    expected = np.split(a, how, axis)
    assert len(parts) == len(expected)
    ws = []
    for p, e in zip(parts, expected):
        np.testing.assert_array_equal(p.array, e)
        ws.append(randn(*p.shape))
    mg.autograd.backward(parts, ws)
    ref = np.zeros_like(a)
    for e, w in zip(np.split(np.arange(a.size).reshape(a.shape), how, axis), ws):
        np.add.at(ref.reshape(-1), e.reshape(-1), w.reshape(-1))
    np.testing.assert_allclose(x.grad.array, ref)


def test_split_second_order_and_errors():
    check_second_order(lambda x: tuple(shape_ops.split(x, [1, 2], axis=1)), randn(2, 4))
    check_second_order(lambda x: tuple(shape_ops.split(x, 2)), randn(4, 1))
    assert [p.shape for p in shape_ops.split(mg.zeros(0, 2), 3)] == [(0, 2)] * 3
    assert [p.shape for p in shape_ops.split(mg.zeros(6), np.array([2, 4]))] == [(2,)] * 3
    with pytest.raises(
        ValueError,
        match=r"split: indices_or_sections=4 does not divide axis 1 "
        r"of size 6 \(tensor shape \(2, 6\)\)",
    ):
        shape_ops.split(mg.zeros(2, 6), 4, axis=1)
    with pytest.raises(ValueError, match=r"split: indices_or_sections=0 does not divide"):
        shape_ops.split(mg.zeros(2, 6), 0)
    with pytest.raises(TypeError, match=r"split: indices_or_sections must be an int or a seq"):
        shape_ops.split(mg.zeros(2, 6), [1.5])
    with pytest.raises(ValueError, match=r"split: axis 0 is out of range .*shape \(\)"):
        shape_ops.split(mg.tensor(1.0), 1)


# --------------------------------------------------------------------------------------------
# pad, flip
# --------------------------------------------------------------------------------------------


@given(data=st.data())
def test_pad_matches_numpy_in_every_width_form(data):
    a = data.draw(mst.tensors(shapes)).array
    widths = st.integers(0, 2)
    # one pair per axis; a 0-d tensor takes a single pair (NumPy rejects an empty pad_width)
    pw = data.draw(
        st.one_of(
            widths,
            st.tuples(widths),
            st.tuples(widths, widths),
            st.tuples(st.tuples(widths, widths)),
            st.tuples(*[st.tuples(widths, widths)] * max(a.ndim, 1)),
        )
    )
    value = data.draw(st.sampled_from([0, -1.5]))
    out, g, w = vjp(lambda x: shape_ops.pad(x, pw, constant_values=value), a)
    np.testing.assert_array_equal(out, np.pad(a, pw, constant_values=value))
    pairs = np.broadcast_to(np.asarray(pw), (a.ndim, 2))
    inner = tuple(slice(b, b + n) for (b, _), n in zip(pairs, a.shape))
    np.testing.assert_array_equal(g, w[inner])


def test_pad_matches_torch_and_second_order(torch):
    a = randn(2, 3)
    out, g, w = vjp(lambda x: shape_ops.pad(x, ((1, 0), (2, 3))), a)
    np.testing.assert_array_equal(out, torch.nn.functional.pad(torch.tensor(a), (2, 3, 1, 0)))
    np.testing.assert_array_equal(
        g, torch_vjp(torch, lambda x: torch.nn.functional.pad(x, (2, 3, 1, 0)), a, w)
    )
    check_second_order(lambda x: shape_ops.pad(x, ((0, 1), (2, 0))), randn(2, 2))
    assert shape_ops.pad(mg.zeros(2, 2), 1, constant_values=mg.tensor(3.0)).array[0, 0] == 3.0


@pytest.mark.parametrize(
    ("kwargs", "err", "match"),
    [
        (
            {"pad_width": 1, "mode": "reflect"},
            ValueError,
            r"pad: only mode='constant' is supported, got mode='reflect'",
        ),
        ({"pad_width": -1}, ValueError, r"pad: pad_width -1 has negative widths"),
        (
            {"pad_width": ((1, 1), (1, 1), (1, 1))},
            ValueError,
            r"pad: pad_width .* \(shape \(3, 2\)\) does not fit a tensor of shape \(2, 3\)",
        ),
        ({"pad_width": (1, 2, 3)}, ValueError, r"pad: pad_width \(1, 2, 3\) \(shape \(3,\)\)"),
        ({"pad_width": ((1, 2), (3,), 4)}, ValueError, r"pad: pad_width .* is ragged"),
        ({"pad_width": 1.5}, TypeError, r"pad: pad_width must hold ints, got 1.5"),
    ],
)
def test_pad_bad_input(kwargs, err, match):
    with pytest.raises(err, match=match):
        shape_ops.pad(mg.zeros(2, 3), **kwargs)


@given(data=st.data())
def test_flip_matches_numpy_and_torch(torch, data):
    a = data.draw(mst.tensors(shapes)).array
    axis = data.draw(mst.axes(a.ndim))
    out, g, w = vjp(lambda x: shape_ops.flip(x, axis), a)
    np.testing.assert_array_equal(out, np.flip(a, axis))
    dims = list(range(a.ndim)) if axis is None else np.atleast_1d(axis).tolist()
    np.testing.assert_array_equal(g, torch_vjp(torch, lambda x: torch.flip(x, dims), a, w))


def test_flip_method_second_order_and_errors():
    np.testing.assert_array_equal(mg.tensor([[1.0, 2.0]]).flip(1).array, [[2.0, 1.0]])
    check_second_order(lambda x: shape_ops.flip(x, -1), randn(2, 3))
    with pytest.raises(ValueError, match=r"flip: axis 2 is out of range .*\(2, 3\)"):
        shape_ops.flip(mg.zeros(2, 3), 2)
    with pytest.raises(ValueError, match=r"flip: repeated axis in axis=\(1, -1\)"):
        shape_ops.flip(mg.zeros(2, 3), (1, -1))


# --------------------------------------------------------------------------------------------
# dtypes and graph behaviour shared by the shape ops
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fn",
    [
        lambda x: mg.reshape(x, -1),
        lambda x: shape_ops.transpose(x),
        lambda x: shape_ops.flip(x, 0),
        lambda x: shape_ops.pad(x, 1),
        lambda x: shape_ops.concatenate([x, x], 1),
        lambda x: shape_ops.stack([x, x]),
        lambda x: shape_ops.split(x, 2, 1)[1],
    ],
)
def test_float32_stays_float32_and_no_grad_records_nothing(fn):
    x = mg.tensor(np.ones((2, 4), np.float32), requires_grad=True)
    y = fn(x)
    assert y.dtype == np.float32
    y.backward(np.ones(y.shape, np.float32))
    assert x.grad.dtype == np.float32
    with mg.no_grad():
        assert fn(x).grad_fn is None
