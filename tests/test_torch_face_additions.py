"""The PyTorch-face additions (minigrad._torch_elementwise_extra, minigrad._torch_shape_extra,
the new methods of minigrad._tensor_extra) against PyTorch: values, gradients, errors."""

from __future__ import annotations

import numpy as np
import pytest

import minigrad as mg
import minigrad.numpy as mnp
from minigrad.testing import gradcheck, gradgradcheck

torch = pytest.importorskip("torch")
rng = np.random.default_rng(0)


# PyTorch's own default float32 (which minigrad shares): integer inputs to float-valued ops
# give it; the ``torch`` fixture of other modules leaves float64 set.
pytestmark = pytest.mark.usefixtures("pytorch_defaults")


def to_mg(a, grad=False):
    if isinstance(a, np.ndarray):
        return mg.tensor(a, requires_grad=grad and a.dtype == np.float64)
    if isinstance(a, (list, tuple)) and a and isinstance(a[0], np.ndarray):
        return type(a)(to_mg(x, grad) for x in a)
    return a


def to_torch(a):
    if isinstance(a, np.ndarray):
        return torch.tensor(a)
    if isinstance(a, (list, tuple)) and a and isinstance(a[0], np.ndarray):
        return type(a)(to_torch(x) for x in a)
    return a


def values(out):
    if isinstance(out, (tuple, list)):
        return [values(o) for o in out]
    return out.array if isinstance(out, mg.Tensor) else out


def tvalues(out):
    if isinstance(out, (tuple, list)):
        return [tvalues(o) for o in out]
    return out.numpy() if isinstance(out, torch.Tensor) else out


def assert_same(got, want):
    if isinstance(want, list):
        assert isinstance(got, list) and len(got) == len(want)
        for g, w in zip(got, want, strict=True):
            assert_same(g, w)
        return
    got = np.asarray(got)
    assert got.shape == np.shape(want), (got.shape, np.shape(want))
    assert got.dtype == np.asarray(want).dtype, (got.dtype, np.asarray(want).dtype)
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-14)


def compare(name, *args, method=True, grad=True, gradgrad=False, **kwargs):
    """``mg.name`` (and ``tensor.name``) against ``torch.name`` on the same args; then a
    float64 gradient check through every float argument."""
    want = tvalues(getattr(torch, name)(*map(to_torch, args), **kwargs))
    assert_same(values(getattr(mg, name)(*map(to_mg, args), **kwargs)), want)
    if method:
        first, *rest = map(to_mg, args)
        assert_same(values(getattr(first, name)(*rest, **kwargs)), want)
    if grad:
        margs = [to_mg(a, grad=True) for a in args]

        def fn(*xs):
            out = getattr(mg, name)(*xs, **kwargs)
            return mg.cat([o.reshape(-1) for o in out]) if isinstance(out, tuple) else out

        assert gradcheck(fn, margs)
        if gradgrad:
            assert gradgradcheck(fn, margs)


def r(*shape, low=-2.0, high=2.0):
    return np.asarray(rng.uniform(low, high, shape))


# --- element-wise -------------------------------------------------------------------------


@pytest.mark.parametrize("shape", [(2, 3), (), (0, 2), (1,)])
def test_unary_elementwise(shape):
    x = r(*shape)
    for name in ["absolute", "sgn", "deg2rad", "rad2deg", "positive"]:
        compare(name, x, grad=name not in ("absolute", "sgn"))
    compare("absolute", np.asarray(x + np.sign(x) * 0.5))
    for name in ["signbit", "isposinf", "isneginf"]:
        compare(name, x, grad=False)


def test_special_values_and_integer_inputs():
    x = np.array([-np.inf, -0.0, 0.0, np.nan, np.inf, 2.0])
    for name in ["signbit", "isposinf", "isneginf", "sgn", "sign"]:
        compare(name, x, grad=False)
    # The NumPy face keeps NumPy's rule: sign(NaN) is NaN.
    assert np.isnan(mnp.sign(mnp.array([np.nan])).array).all()
    compare("heaviside", x, np.array([0.5]), grad=False)
    i = np.array([-3, 0, 180], dtype=np.int64)
    for name in ["deg2rad", "rad2deg", "isposinf", "signbit", "sgn", "sign", "absolute"]:
        want = getattr(torch, name)(torch.tensor(i))
        got = getattr(mg, name)(mg.tensor(i))
        assert str(got.dtype) == str(want.dtype).replace("torch.", "")
        np.testing.assert_allclose(got.array, want.numpy(), rtol=1e-6)
    with pytest.raises(TypeError, match="positive"):
        mg.positive(mg.tensor([True]))


def test_clamp_min_max():
    x = r(2, 3)
    compare("clamp_min", x, 0.3, method=False)
    compare("clamp_max", x, r(3), method=False)
    compare("clamp_min", x, r(2, 1), method=True)


@pytest.mark.parametrize(("a", "b"), [((2, 3), (3,)), ((), (2,)), ((0, 3), (1, 3))])
def test_copysign_heaviside_float_power(a, b):
    x, y = np.asarray(r(*a) + 0.1), r(*b)
    y.flat[:1] = -0.0
    compare("copysign", np.asarray(x + np.sign(x) * 0.2), y)
    compare("float_power", np.asarray(np.abs(x) + 0.5), y, gradgrad=True)
    z = x.copy()
    z.flat[:1] = 0.0
    compare("heaviside", z, y, grad=False)


def test_copysign_float_power_with_numbers_and_integers():
    x = r(3) + 3
    compare("copysign", x, -1.0)
    compare("float_power", x, 2, gradgrad=True)
    compare("float_power", x, 0.5)
    got, want = mg.float_power(2, mg.tensor(x)), torch.float_power(2, torch.tensor(x))
    assert_same(got.array, want.numpy())
    i = np.array([1, -2, 3])
    assert_same(mg.copysign(mg.tensor(i), -1).array, torch.copysign(torch.tensor(i), -1).numpy())
    assert_same(
        mg.float_power(mg.tensor(i), 2).array, torch.float_power(torch.tensor(i), 2).numpy()
    )


def test_heaviside_gradient_goes_to_values_where_input_is_zero():
    x = mg.tensor(np.array([-1.0, 0.0, 2.0, 0.0]), requires_grad=True)
    v = mg.tensor(np.array([0.3, 0.4, 0.5, 0.6]), requires_grad=True)
    mg.heaviside(x, v).sum().backward()
    np.testing.assert_array_equal(v.grad.array, [0.0, 1.0, 0.0, 1.0])
    np.testing.assert_array_equal(x.grad.array, [0.0, 0.0, 0.0, 0.0])
    assert gradcheck(lambda b: mg.heaviside(mg.tensor(np.array([-1.0, 0.0, 2.0])), b), [v[:3]])


def test_heaviside_dtypes_must_match():
    with pytest.raises(TypeError, match="heaviside"):
        mg.heaviside(mg.tensor([1.0], dtype=mg.float32), mg.tensor([1.0], dtype=mg.float64))


def test_isin():
    e, t = np.array([[1, 2], [3, 4]]), np.array([2, 4, 7])
    compare("isin", e, t, method=False, grad=False)
    compare("isin", e, t, method=False, grad=False, invert=True)
    compare("isin", e, 3, method=False, grad=False)
    compare("isin", e.astype(float), t.astype(float), method=False, grad=False)
    with pytest.raises(TypeError, match="isin"):
        mg.isin(1, 2)


# --- linear algebra, statistics -----------------------------------------------------------


def test_addmm_addmv_addr_ger():
    compare("addmm", r(2, 4), r(2, 3), r(3, 4), gradgrad=True)
    compare("addmm", r(4), r(2, 3), r(3, 4), beta=0.5, alpha=2.0)
    compare("addmv", r(2), r(2, 3), r(3), gradgrad=True)
    compare("addmv", r(1), r(2, 3), r(3), beta=-1.5, alpha=0.5)
    compare("addr", r(2, 3), r(2), r(3), gradgrad=True)
    compare("addr", r(3), r(2), r(3), beta=2, alpha=3)
    compare("ger", r(2), r(3), gradgrad=True)


def test_beta_zero_ignores_nan_in_input():
    nan = np.full(2, np.nan)
    compare("addmv", nan, r(2, 3), r(3), beta=0, grad=False)
    compare("addr", np.full((2, 3), np.inf), r(2), r(3), beta=0, grad=False)
    x = mg.tensor(nan, requires_grad=True)
    mg.addmv(x, mg.tensor(r(2, 3)), mg.tensor(r(3)), beta=0).sum().backward()
    np.testing.assert_array_equal(x.grad.array, [0.0, 0.0])


def test_addmv_addr_bad_shapes():
    with pytest.raises(ValueError, match="mv"):
        mg.addmv(mg.tensor(r(2)), mg.tensor(r(2, 3)), mg.tensor(r(4)))
    with pytest.raises(ValueError, match="outer"):
        mg.addr(mg.tensor(r(2, 3)), mg.tensor(r(2, 2)), mg.tensor(r(3)))
    with pytest.raises(ValueError):
        mg.addr(mg.tensor(r(4, 3)), mg.tensor(r(2)), mg.tensor(r(3)))


@pytest.mark.parametrize("n", [0, 1, 3, -2])
def test_matrix_power(n):
    a = r(3, 3) + 3 * np.eye(3)
    compare("matrix_power", a, n, grad=n != 0)
    compare("matrix_power", r(2, 2, 2) + 3 * np.eye(2), n, grad=n > 0)


def test_chain_matmul():
    compare("chain_matmul", r(2, 3), r(3, 4), r(4, 1), method=False, gradgrad=True)
    compare("chain_matmul", r(2, 3), method=False)
    with pytest.raises(ValueError, match="chain_matmul"):
        mg.chain_matmul(mg.tensor(r(2, 3)), mg.tensor(r(3)))


def test_cov_corrcoef():
    x = r(3, 5)
    compare("cov", x, method=False, gradgrad=True)
    compare("cov", x, method=False, correction=0)
    compare("cov", r(5), method=False)
    fw, aw = np.array([1, 2, 1, 3, 1]), rng.uniform(0.5, 1.5, 5)
    want = torch.cov(torch.tensor(x), fweights=torch.tensor(fw), aweights=torch.tensor(aw))
    got = mg.cov(mg.tensor(x), fweights=mg.tensor(fw), aweights=mg.tensor(aw))
    assert_same(got.array, want.numpy())
    for kw in (
        {"fweights": fw},
        {"aweights": aw},
        {"fweights": fw, "aweights": aw, "correction": 0},
    ):
        want = torch.cov(
            torch.tensor(x),
            **{k: to_torch(v) if isinstance(v, np.ndarray) else v for k, v in kw.items()},
        )
        mkw = {k: to_mg(v) for k, v in kw.items()}
        assert_same(mg.cov(mg.tensor(x), **mkw).array, want.numpy())
        assert gradcheck(lambda t, mkw=mkw: mg.cov(t, **mkw), [mg.tensor(x, requires_grad=True)])
    assert_same(mg.cov(mg.tensor([1, 2, 4])).array, torch.cov(torch.tensor([1, 2, 4])).numpy())
    with pytest.raises(ValueError, match="cov: fweights"):
        mg.cov(mg.tensor(x), fweights=mg.tensor(aw))
    with pytest.raises(ValueError, match="cov: aweights"):
        mg.cov(mg.tensor(x), aweights=mg.tensor(aw[:3]))
    with pytest.raises(ValueError, match="negative"):
        mg.cov(mg.tensor(x), fweights=mg.tensor(-fw))
    compare("corrcoef", x, method=False)
    with pytest.raises(ValueError, match="cov"):
        mg.cov(mg.tensor(r(2, 2, 2)))


def test_dtype_promotion_functions():
    f32, f64, i64, u8, i8, b = mg.float32, mg.float64, mg.int64, mg.uint8, mg.int8, mg.bool
    tmap = {f32: torch.float32, f64: torch.float64, i64: torch.int64, u8: torch.uint8}
    tmap |= {i8: torch.int8, b: torch.bool, mg.int16: torch.int16, mg.int32: torch.int32}
    for a in tmap:
        for c in tmap:
            want = torch.promote_types(tmap[a], tmap[c])
            assert tmap[mg.promote_types(a, c)] == want
            assert mg.can_cast(a, c) == torch.can_cast(tmap[a], tmap[c])
    pairs = [
        (np.array([1, 2]), 2.5),
        (np.array([1, 2], dtype=np.uint8), np.array(300)),
        (np.array([1.0], dtype=np.float32), np.array(2.0)),
        (np.array(1), 1.0),
        (np.array([True]), 3),
    ]
    for a, c in pairs:
        want = torch.result_type(to_torch(a), to_torch(c))
        assert tmap[mg.result_type(to_mg(a), to_mg(c))] == want


def test_activations_at_the_top_level():
    x = r(2, 3)
    compare("selu", x, method=False)
    compare("celu", x, method=False, alpha=0.5)
    compare("threshold", x, 0.1, 20.0, method=False)
    compare("hardshrink", x, 0.7, method=True)
    compare("prelu", x, np.array([0.25, 0.1, 0.3]), method=False)
    compare("rrelu", x, 0.1, 0.3, method=False)  # not training: the mean slope 0.2
    drawn = mg.rrelu(mg.tensor(-np.ones(1000)), 0.1, 0.3, training=True).array
    assert -0.3 <= drawn.min() < drawn.max() <= -0.1 and np.unique(drawn).size > 900
    assert_same(mg.dropout(mg.tensor(x), 0.3, train=False).array, x)
    kept = mg.dropout(mg.tensor(np.ones((50, 50))), 0.5, True).array
    assert set(np.unique(kept)) == {0.0, 2.0}


# --- splitting, selecting -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("shape", "spec", "dim"),
    [
        ((7, 2), 3, 0),
        ((2, 7), 3, -1),
        ((5,), [1, 3], 0),
        ((5,), [-2, 9, 1], 0),
        ((0, 3), 2, 0),
        ((4,), 6, 0),
        ((3, 4), (), 1),
    ],
)
def test_tensor_split(shape, spec, dim):
    compare("tensor_split", r(*shape), spec, dim)


def test_tensor_split_takes_index_tensors():
    x = r(6)
    for spec in (np.array(4), np.array([1, 4])):
        want = torch.tensor_split(torch.tensor(x), torch.tensor(spec))
        got = mg.tensor_split(mg.tensor(x), mg.tensor(spec))
        assert_same(values(got), tvalues(want))
    with pytest.raises(ValueError, match="sections"):
        mg.tensor_split(mg.tensor(x), 0)
    with pytest.raises(TypeError, match="tensor_split"):
        mg.tensor_split(mg.tensor(x), mg.tensor([1.0]))
    with pytest.raises(mg.errors.ShapeError, match="tensor_split"):
        mg.tensor_split(mg.tensor(1.0), 1)


@pytest.mark.parametrize(
    ("name", "shape", "spec"),
    [
        ("hsplit", (6,), 3),
        ("hsplit", (2, 6), [1, 4]),
        ("vsplit", (4, 3), 2),
        ("vsplit", (4, 3), [3]),
        ("dsplit", (2, 2, 4), 2),
        ("dsplit", (1, 2, 4), [1, 2]),
    ],
)
def test_hsplit_vsplit_dsplit(name, shape, spec):
    compare(name, r(*shape), spec)


def test_hsplit_vsplit_dsplit_errors():
    with pytest.raises(ValueError, match="hsplit.*divisible"):
        mg.hsplit(mg.tensor(r(2, 5)), 2)
    with pytest.raises(mg.errors.ShapeError, match="vsplit.*2 dimension"):
        mg.vsplit(mg.tensor(r(4)), 2)
    with pytest.raises(mg.errors.ShapeError, match="dsplit.*3 dimension"):
        mg.dsplit(mg.tensor(r(4, 2)), 2)


def test_split_with_sizes_and_select():
    compare("split_with_sizes", r(5, 2), [2, 0, 3])
    compare("split_with_sizes", r(2, 5), [4, 1], -1)
    with pytest.raises(ValueError, match="sum exactly"):
        mg.split_with_sizes(mg.tensor(r(5)), [2, 2])
    compare("select", r(3, 4), 1, -1, gradgrad=True)
    compare("select", r(3, 4, 2), -3, 2)
    with pytest.raises(IndexError, match="select"):
        mg.select(mg.tensor(r(3, 4)), 0, 3)
    with pytest.raises(IndexError, match="select"):
        mg.select(mg.tensor(r(3, 4)), 2, 0)


# --- stacking, diagonals ------------------------------------------------------------------


@pytest.mark.parametrize("shape", [(), (3,), (2, 3), (2, 3, 4), (2, 1, 1, 2), (0,)])
def test_atleast(shape):
    for name in ["atleast_1d", "atleast_2d", "atleast_3d"]:
        compare(name, r(*shape), method=False)


def test_atleast_many_and_sequences():
    a, b = r(3), r()
    for name in ["atleast_1d", "atleast_2d", "atleast_3d"]:
        want = tvalues(list(getattr(torch, name)(torch.tensor(a), torch.tensor(b))))
        assert_same(values(list(getattr(mg, name)(mg.tensor(a), mg.tensor(b)))), want)
        got = getattr(mg, name)([mg.tensor(a), mg.tensor(b)])
        assert isinstance(got, tuple)
        assert_same(values(list(got)), want)


def test_column_stack_dstack():
    compare("column_stack", [r(3), r(3, 2), r(3)], method=False)
    compare("column_stack", [r(), r()], method=False)
    compare("dstack", [r(3), r(3)], method=False)
    compare("dstack", [r(2, 3), r(2, 3, 2)], method=False)
    with pytest.raises(TypeError, match="column_stack"):
        mg.column_stack(mg.tensor(r(3)))


@pytest.mark.parametrize(
    ("shape", "offset", "dim1", "dim2"),
    [
        ((3,), 0, -2, -1),
        ((2, 3), 1, -2, -1),
        ((2, 3), -2, 0, 2),
        ((2, 3), 0, -1, 0),
        ((0,), 1, 0, 1),
    ],
)
def test_diag_embed(shape, offset, dim1, dim2):
    compare("diag_embed", r(*shape), offset, dim1, dim2, gradgrad=True)


def test_diag_embed_errors():
    with pytest.raises(ValueError, match="diag_embed.*identical"):
        mg.diag_embed(mg.tensor(r(3)), 0, 1, -1)
    with pytest.raises(IndexError, match="diag_embed"):
        mg.diag_embed(mg.tensor(r(3)), 0, 0, 2)


def test_diagflat_block_diag():
    compare("diagflat", r(2, 2), gradgrad=True)
    compare("diagflat", r(3), -1)
    compare("diagflat", r(), 2)
    compare("block_diag", r(2, 2), r(3), r(), r(1, 0), method=False, gradgrad=True)
    compare("block_diag", r(2, 3), method=False)
    want = torch.block_diag(torch.tensor([1, 2]), torch.tensor([[0.5]], dtype=torch.float32))
    got = mg.block_diag(mg.tensor([1, 2]), mg.tensor([[0.5]], dtype=mg.float32))
    assert_same(got.array, want.numpy())
    with pytest.raises(mg.errors.ShapeError, match="block_diag"):
        mg.block_diag(mg.tensor(r(2, 2, 2)))


@pytest.mark.parametrize(("row", "col", "offset"), [(3, 3, 0), (4, 2, 1), (2, 5, -1), (0, 3, 0)])
def test_tril_triu_indices(row, col, offset):
    for name in ["tril_indices", "triu_indices"]:
        want = getattr(torch, name)(row, col, offset).numpy()
        assert_same(getattr(mg, name)(row, col, offset).array, want)
    assert mg.tril_indices(3, 3, dtype=mg.int32).dtype == np.int32
    with pytest.raises(ValueError, match="tril_indices"):
        mg.tril_indices(-1, 3)


def test_argwhere():
    x = np.array([[0.0, 1.5], [2.0, 0.0]])
    compare("argwhere", x, grad=False)
    compare("argwhere", np.zeros((0, 2)), grad=False)
    compare("argwhere", np.array(3.0), grad=False)


# --- index_copy, masked_scatter -----------------------------------------------------------


def test_index_copy():
    compare("index_copy", r(4, 3), 0, np.array([2, 0]), r(2, 3), gradgrad=True)
    compare("index_copy", r(2, 4), -1, np.array([3]), r(2, 1))
    compare("index_copy", r(2, 4), 1, np.array([], dtype=np.int64), r(2, 0))
    x = mg.tensor(r(3, 2))
    with pytest.raises(mg.errors.ShapeError, match="index_copy"):
        mg.index_copy(x, 0, mg.tensor([0, 1]), mg.tensor(r(3, 2)))
    with pytest.raises(TypeError, match="index_copy"):
        mg.index_copy(x, 0, mg.tensor([0.0]), mg.tensor(r(1, 2)))
    with pytest.raises(ValueError, match="repeats"):
        mg.index_copy(x, 0, mg.tensor([1, 1]), mg.tensor(r(2, 2)))
    with pytest.raises(mg.errors.DTypeError, match="index_copy"):
        mg.index_copy(x, 0, mg.tensor([1]), mg.tensor(r(1, 2), dtype=mg.float32))
    y = mg.tensor(r(3, 2))
    t = torch.tensor(y.array.copy())
    src = r(1, 2)
    y.index_copy_(0, mg.tensor([1]), mg.tensor(src))
    t.index_copy_(0, torch.tensor([1]), torch.tensor(src))
    assert_same(y.array, t.numpy())


def test_masked_scatter():
    mask = np.array([[True, False, True], [False, True, False]])
    compare("masked_scatter", r(2, 3), mask, r(4), gradgrad=True)
    compare("masked_scatter", r(2, 3), mask[0], r(2, 3))
    compare("masked_scatter", r(2, 3), np.zeros(3, bool), r(0))
    with pytest.raises(ValueError, match="masked_scatter.*3 true"):
        mg.masked_scatter(mg.tensor(r(3)), mg.tensor([True] * 3), mg.tensor(r(2)))
    with pytest.raises(TypeError, match="masked_scatter.*bool"):
        mg.masked_scatter(mg.tensor(r(3)), mg.tensor([1, 0, 1]), mg.tensor(r(3)))
    with pytest.raises(mg.errors.ShapeError, match="masked_scatter"):
        mg.masked_scatter(mg.tensor(r(3)), mg.tensor([True, False]), mg.tensor(r(3)))
    y, src = mg.tensor(r(2, 3)), r(6)
    t = torch.tensor(y.array.copy())
    y.masked_scatter_(mg.tensor(mask), mg.tensor(src))
    t.masked_scatter_(torch.tensor(mask), torch.tensor(src))
    assert_same(y.array, t.numpy())


# --- layout and predicates ----------------------------------------------------------------


def test_stride_and_storage_offset_describe_the_numpy_memory():
    a = r(2, 3, 4)
    m, t = mg.tensor(a), torch.tensor(a)
    assert m.stride() == t.stride() and m.stride(-1) == t.stride(-1)
    assert m.transpose(0, 2).stride() == t.transpose(0, 2).stride()
    assert m.expand(5, 2, 3, 4).stride() == t.expand(5, 2, 3, 4).stride()
    assert m[1, 1:].stride() == t[1, 1:].stride()
    assert m.storage_offset() == 0 and m[1, 2:].storage_offset() == t[1, 2:].storage_offset()
    assert m[:, 1, ::2].storage_offset() == t[:, 1, ::2].storage_offset()
    with pytest.raises(IndexError, match="stride"):
        m.stride(3)
    with pytest.raises(IndexError, match="stride"):
        mg.tensor(1.0).stride(0)
    assert mg.tensor(1.0).stride() == torch.tensor(1.0).stride() == ()


def test_predicates():
    for a in [np.array([1.0]), np.array([0]), np.array([[True]]), np.array(-0.0)]:
        assert mg.tensor(a).is_nonzero() == torch.tensor(a).is_nonzero()
    for bad in [np.zeros(0), np.zeros(2)]:
        with pytest.raises(RuntimeError, match="is_nonzero.*ambiguous"):
            mg.tensor(bad).is_nonzero()
    for dt in ["float32", "float64", "int64", "int8", "uint8", "bool"]:
        assert (
            mg.zeros(1, dtype=getattr(mg, dt)).is_signed()
            == torch.zeros(1, dtype=getattr(torch, dt)).is_signed()
        )
    assert mg.tensor(r(2)).is_cpu is True
    assert mg.tensor(r(2, 3)).is_same_size(mg.tensor(r(2, 3)))
    assert not mg.tensor(r(2, 3)).is_same_size(mg.tensor(r(3, 2)))
    with pytest.raises(TypeError, match="is_same_size"):
        mg.tensor(r(2)).is_same_size([1, 2])


@pytest.mark.parametrize(
    ("shape", "size"),
    [((2, 3), (1, 3)), ((2, 3), (3,)), ((2, 3), (2, 1)), ((2, 3), ()), ((4, 1, 2), (4, 1, 1))],
)
def test_sum_to_size(shape, size):
    a = r(*shape)
    want = torch.tensor(a).sum_to_size(size).numpy()
    assert_same(mg.tensor(a).sum_to_size(size).array, want)
    assert_same(mg.tensor(a).sum_to_size(*size).array, want)
    assert gradcheck(lambda x: x.sum_to_size(size), [mg.tensor(a, requires_grad=True)])


def test_sum_to_size_errors():
    with pytest.raises(ValueError, match="sum_to_size.*not expandable"):
        mg.tensor(r(2, 3)).sum_to_size(2)
    with pytest.raises(ValueError, match="sum_to_size"):
        mg.tensor(r(3)).sum_to_size(1, 3)


@pytest.mark.parametrize(
    ("shape", "wrap"),
    [((3, 3), False), ((7, 3), False), ((7, 3), True), ((2, 5), True), ((2, 2, 2), False)],
)
def test_fill_diagonal_(shape, wrap):
    a = r(*shape)
    m, t = mg.tensor(a.copy()), torch.tensor(a.copy())
    assert m.fill_diagonal_(9.5, wrap=wrap) is m
    t.fill_diagonal_(9.5, wrap=wrap)
    assert_same(m.array, t.numpy())


def test_fill_diagonal_errors():
    with pytest.raises(ValueError, match="fill_diagonal_"):
        mg.tensor(r(3)).fill_diagonal_(1.0)
    with pytest.raises(ValueError, match="fill_diagonal_.*equal"):
        mg.tensor(r(2, 3, 2)).fill_diagonal_(1.0)
    with pytest.raises(RuntimeError, match="leaf"):
        mg.tensor(r(2, 2), requires_grad=True).fill_diagonal_(1.0)


# --- Tensor.unfold, unique_consecutive, random methods ------------------------------------


@pytest.mark.parametrize(
    ("shape", "args"),
    [((2, 3, 4), (2, 2, 1)), ((2, 3, 4), (-1, 3, 2)), ((5,), (0, 5, 1)), ((5,), (0, 0, 2)),
     ((3, 0), (0, 2, 1)), ((), (0, 1, 1)), ((), (0, 0, 1))],
)  # fmt: skip
def test_tensor_unfold(shape, args):
    a = r(*shape)
    want = torch.tensor(a).unfold(*args).numpy()
    got = mg.tensor(a).unfold(*args)
    assert_same(got.array, want)
    x = mg.tensor(a, requires_grad=True)
    assert gradcheck(lambda t: t.unfold(*args), [x])
    assert gradgradcheck(lambda t: t.unfold(*args) ** 2, [x])


def test_tensor_unfold_overlapping_windows_sum_their_gradients():
    x, t = mg.tensor(r(6), requires_grad=True), torch.tensor(r(6), requires_grad=True)
    x.unfold(0, 3, 1).sum().backward()
    t.unfold(0, 3, 1).sum().backward()
    assert_same(x.grad.array, t.grad.numpy())


def test_tensor_unfold_errors():
    x = mg.tensor(r(2, 3))
    with pytest.raises(ValueError, match="unfold: maximum size for tensor at dimension 1 is 3"):
        x.unfold(1, 4, 1)
    with pytest.raises(ValueError, match="unfold: step is 0"):
        x.unfold(1, 2, 0)
    with pytest.raises(IndexError, match="unfold"):
        x.unfold(2, 1, 1)


@pytest.mark.parametrize(
    ("a", "dim"),
    [
        (np.array([1.0, 1.0, 2.0, 2.0, 3.0, 1.0, 1.0, 2.0]), None),
        (np.array([[1, 1, 2], [1, 1, 2], [0, 1, 2]]), 0),
        (np.array([[1, 1, 2], [1, 1, 2], [0, 1, 2]]), -1),
        (np.array([np.nan, np.nan, 1.0]), None),
        (np.zeros(0), None),
        (np.array([[1, 2], [1, 2]]), None),
    ],
)
def test_unique_consecutive(a, dim):
    for inverse in (False, True):
        for counts in (False, True):
            kw = {"return_inverse": inverse, "return_counts": counts, "dim": dim}
            want = torch.unique_consecutive(torch.tensor(a), **kw)
            got = mg.tensor(a).unique_consecutive(inverse, counts, dim)
            assert_same(values(mg.unique_consecutive(mg.tensor(a), **kw)), tvalues(want))
            if isinstance(want, torch.Tensor):
                want, got = (want,), (got,)
            for g, w in zip(got, want, strict=True):
                assert g.dtype == np.dtype(str(w.dtype).replace("torch.", ""))
                np.testing.assert_array_equal(g.array, w.numpy())
    with pytest.raises(TypeError, match="unique_consecutive: return_counts"):
        mg.unique_consecutive(mg.tensor(a), return_counts=1)


def test_bernoulli_and_multinomial_methods():
    mg.manual_seed(0)
    p = mg.tensor(np.array([0.0, 1.0, 0.0, 1.0]))
    assert_same(p.bernoulli().array, p.array)
    w = mg.tensor(np.array([0.0, 1.0, 0.0]))
    np.testing.assert_array_equal(w.multinomial(2, replacement=True).array, [1, 1])
