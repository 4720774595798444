"""Tests for minigrad.ops.pool: max and average pooling, 1-D to 3-D."""

import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import assume, given

import minigrad as mg
from minigrad.ops import _layout, _routing, pool
from minigrad.testing import check_vjp_contract, gradcheck, gradgradcheck
from minigrad.testing import strategies as mst

rng = np.random.default_rng(0)
DIMS = st.sampled_from([1, 2, 3])


def _fn(module, name, d):
    return getattr(module, f"{name}{d}d")


# --------------------------------------------------------------------------------------------
# Against PyTorch, drawn configurations
# --------------------------------------------------------------------------------------------


@given(d=DIMS, data=st.data(), batched=st.booleans())
def test_max_pool_matches_torch(torch, run_both, distinct_array, d, data, batched):
    cfg = data.draw(mst.pool_configs(ndim=d, kind="max", batched=batched))
    shape = cfg.pop("input_shape")
    out_shape = cfg.pop("output_shape")
    f, tf = _fn(pool, "max_pool", d), _fn(torch.nn.functional, "max_pool", d)
    x = distinct_array(shape)
    # Windows of padding only: PyTorch routes their gradient out of the plane (see below).
    assume(torch.isfinite(tf(torch.tensor(x), **cfg)).all())
    run_both(
        lambda x: f(x, **cfg, return_indices=True),
        lambda x: tf(x, **cfg, return_indices=True),
        x,
    )
    assert f(mg.tensor(np.zeros(shape)), **cfg).shape == out_shape


@given(d=DIMS, data=st.data(), batched=st.booleans())
def test_avg_pool_matches_torch(torch, run_both, d, data, batched):
    cfg = data.draw(mst.pool_configs(ndim=d, kind="avg", batched=batched))
    shape = cfg.pop("input_shape")
    out_shape = cfg.pop("output_shape")
    if d > 1 and data.draw(st.booleans()):
        cfg["divisor_override"] = data.draw(st.integers(1, 5))
    f, tf = _fn(pool, "avg_pool", d), _fn(torch.nn.functional, "avg_pool", d)
    run_both(lambda x: f(x, **cfg), lambda x: tf(x, **cfg), rng.standard_normal(shape))
    assert f(mg.tensor(np.zeros(shape)), **cfg).shape == out_shape


# --------------------------------------------------------------------------------------------
# Ties, routing, fast paths
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kw",
    [
        dict(kernel_size=2),
        dict(kernel_size=3, stride=1),
        dict(kernel_size=3, stride=2, padding=1, ceil_mode=True),
        dict(kernel_size=2, stride=1, dilation=2),
    ],
)
def test_max_pool_ties_go_to_the_first_position_as_in_torch(torch, run_both, kw):
    x = np.round(rng.uniform(0, 2, (2, 2, 7, 6)))  # few distinct values: many ties
    grad = run_both(
        lambda x: pool.max_pool2d(x, **kw, return_indices=True),
        lambda x: torch.nn.functional.max_pool2d(x, **kw, return_indices=True),
        x,
    )
    assert (grad != 0).sum() <= pool.max_pool2d(mg.tensor(x), **kw).numel()


@given(d=DIMS, data=st.data())
def test_tap_route_equals_index_route_in_values_and_gradients_of_two_orders(d, data):
    # The fast tap route (no padding, no overlap) against the simple index route
    # (return_indices=True forces it), on inputs with many ties and a NaN: values, first and
    # second order.
    cfg = data.draw(mst.pool_configs(ndim=d, kind="max", max_channels=2, max_batch=2))
    shape, _ = cfg.pop("input_shape"), cfg.pop("output_shape")
    cfg["padding"], cfg["ceil_mode"] = 0, False
    f = _fn(pool, "max_pool", d)
    x = np.round(rng.uniform(0, 2, shape))
    if data.draw(st.booleans()):
        x.flat[data.draw(st.integers(0, x.size - 1))] = np.nan
    try:
        f(mg.tensor(x), **cfg)
    except ValueError:  # without the padding the kernel may not fit
        assume(False)
    results = []
    for indexed in (False, True):
        X = mg.tensor(x, requires_grad=True)
        y = f(X, **cfg, return_indices=indexed)
        y = y[0] if indexed else y
        expect_indexed = indexed or y.grad_fn.win.overlaps  # the rule in pool._max_pool
        assert (y.grad_fn.__class__ is pool.MaxPoolIndexed) == expect_indexed
        (dx,) = mg.autograd.grad((y * y.detach()).sum() * 3, [X], create_graph=True)
        (ddx,) = mg.autograd.grad((dx * dx).sum(), [X])
        results.append((y.array, dx.array, ddx.array))
    for a, b in zip(*results):
        np.testing.assert_array_equal(a, b)


def test_overlapping_windows_take_the_index_route():
    for kw in (
        dict(kernel_size=3, stride=2),
        dict(kernel_size=2, dilation=2),
        dict(kernel_size=2, stride=1),
    ):
        y = pool.max_pool2d(mg.tensor(rng.standard_normal((1, 1, 9, 8)), requires_grad=True), **kw)
        assert type(y.grad_fn) is pool.MaxPoolIndexed, kw


def test_tap_route_matches_torch(torch, run_both):
    x = np.round(rng.uniform(-1, 1, (2, 3, 9, 8)))  # ties
    for kw in (dict(kernel_size=2), dict(kernel_size=2, stride=3), dict(kernel_size=(1, 2))):
        y = pool.max_pool2d(mg.tensor(x, requires_grad=True), **kw)
        assert type(y.grad_fn) is pool.MaxPool
        run_both(
            lambda x, kw=kw: pool.max_pool2d(x, **kw),
            lambda x, kw=kw: torch.nn.functional.max_pool2d(x, **kw),
            x,
        )


def test_max_pool_nan_is_the_maximum_as_in_torch(torch, run_both, distinct_array):
    x = distinct_array((1, 2, 6, 6))
    x[0, 0, 1, 1] = x[0, 1, 4, 5] = x[0, 1, 5, 5] = np.nan
    run_both(
        lambda x: pool.max_pool2d(x, 3, stride=1, return_indices=True),
        lambda x: torch.nn.functional.max_pool2d(x, 3, stride=1, return_indices=True),
        x,
    )


def test_max_pool_gradient_accumulates_where_windows_overlap():
    x = mg.tensor(np.array([[[0.0, 5.0, 1.0, 0.0, 2.0]]]), requires_grad=True)
    pool.max_pool1d(x, 3, stride=1).sum().backward()  # windows 0-2, 1-3, 2-4
    np.testing.assert_array_equal(x.grad.array, [[[0, 2, 0, 0, 1]]])


def test_a_window_of_padding_only_is_minus_inf_and_gets_no_gradient():
    # Dilation 2 and padding 1 on a length-1 axis: the only window reads positions -1 and 1.
    x = mg.tensor(np.array([[[3.0]], [[4.0]]]), requires_grad=True)
    y = pool.max_pool1d(x, 2, stride=1, padding=1, dilation=2)
    assert y.shape == (2, 1, 1) and np.isneginf(y.array).all()
    y.backward(mg.tensor(np.ones(y.shape)))
    np.testing.assert_array_equal(x.grad.array, 0.0)


def test_tiling_fast_path_equals_the_window_path():
    x = mg.tensor(np.zeros((2, 3, 8, 10)))
    geo = pool._pool_windows("avg_pool2d", 2, x, 2, None, 0, 1, False)
    assert geo.tiles
    g = rng.standard_normal((2, 3, 4, 5))
    by_windows = np.zeros(x.shape)
    for _, index in geo.taps():
        by_windows[index] += g
    np.testing.assert_array_equal(pool._spread(g, geo), by_windows)


@pytest.mark.parametrize(
    "fn",
    [
        lambda x: pool.max_pool2d(x, 3, stride=2, padding=1) ** 2,
        lambda x: pool.max_pool2d(x, 2) ** 2,
        lambda x: pool.avg_pool2d(x, 3, stride=2, padding=1, ceil_mode=True) ** 2,
        lambda x: pool.avg_pool2d(x, 2) ** 2,
    ],
)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_vjps_keep_the_contract(distinct_array, fn, dtype):
    # Exact shapes and dtypes (no reliance on the engine), purity, no hidden state.
    x = mg.tensor(distinct_array((2, 3, 6, 4)), dtype=dtype, requires_grad=True)
    ops = [
        pool.MaxPool,
        _routing.IndexGather,
        _routing.IndexScatter,
        _routing.TapGather,
        _routing.TapScatter,
        pool.MaxPoolIndexed,
        pool.AvgPool,
        pool.AvgPoolSpread,
    ]
    assert check_vjp_contract(fn, [x], ops=ops)


@pytest.mark.parametrize("ties", [False, True])
def test_max_pool_routes_a_c_ordered_gradient_into_a_batch_last_input(distinct_array, ties):
    # A convolution's output is batch-last, and the gradient coming back through a flatten is
    # C-ordered: the input gradient is the one a C-ordered input gets, laid out like the input.
    x = distinct_array((4, 3, 6, 6))
    if ties:
        x = np.maximum(x - x.mean(), 0)  # ReLU zeros: whole windows of ties
    g = rng.standard_normal((4, 3, 3, 3))
    dx = {}
    for name, a in [("c", x), ("batch-last", _layout.batch_last(x))]:
        t = mg.tensor(a, requires_grad=True)
        (dx[name],) = mg.autograd.grad(pool.max_pool2d(t, 2), [t], mg.tensor(g))
    np.testing.assert_array_equal(dx["batch-last"].numpy(), dx["c"].numpy())
    assert _layout.is_batch_last(dx["batch-last"].array)


@pytest.mark.parametrize(
    "fn",
    [
        lambda x: pool.max_pool2d(x, 2),
        lambda x: pool.avg_pool2d(x, 2),
    ],
)
def test_empty_batch(fn):
    x = mg.tensor(np.zeros((0, 3, 5, 5)), requires_grad=True)
    y = fn(x)
    y.backward(mg.tensor(np.zeros(y.shape)))
    assert y.shape[:2] == (0, 3) and x.grad.shape == x.shape


def test_max_pool_without_grad_records_nothing_and_keeps_float32():
    x = mg.tensor(rng.standard_normal((1, 2, 4, 4)), dtype=np.float32)
    y = pool.max_pool2d(x, 2)
    assert y.grad_fn is None and y.dtype == np.float32
    x.requires_grad = True
    y = pool.avg_pool2d(x, 2)
    y.sum().backward()
    assert y.dtype == x.grad.dtype == np.float32


# --------------------------------------------------------------------------------------------
# Numerical gradients, first and second order
# --------------------------------------------------------------------------------------------


@given(d=DIMS, data=st.data())
def test_max_pool_gradcheck_and_gradgradcheck(distinct_array, d, data):
    cfg = data.draw(mst.pool_configs(ndim=d, kind="max", max_channels=1, max_batch=1, max_extra=2))
    x = mg.tensor(distinct_array(cfg.pop("input_shape")), requires_grad=True)
    cfg.pop("output_shape")
    f = _fn(pool, "max_pool", d)
    assume(np.isfinite(f(x, **cfg).array).all())  # no window of padding only
    # Squared, so the gradient depends on x and its own VJP (a gather) is exercised.
    assert gradcheck(lambda x: f(x, **cfg) ** 2, [x])
    assert gradgradcheck(lambda x: f(x, **cfg) ** 2, [x])


@given(d=DIMS, data=st.data())
def test_avg_pool_gradcheck_and_gradgradcheck(d, data):
    cfg = data.draw(mst.pool_configs(ndim=d, kind="avg", max_channels=1, max_batch=1, max_extra=2))
    x = mg.tensor(rng.standard_normal(cfg.pop("input_shape")), requires_grad=True)
    cfg.pop("output_shape")
    f = _fn(pool, "avg_pool", d)
    assert gradcheck(lambda x: f(x, **cfg) ** 2, [x])
    assert gradgradcheck(lambda x: f(x, **cfg) ** 2, [x])


# --------------------------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------------------------

X = mg.tensor(np.ones((2, 3, 6, 5)))


@pytest.mark.parametrize(
    "call,error,match",
    [
        (
            lambda: pool.max_pool2d(X, 7),
            ValueError,
            r"max_pool2d: the output size \(0, 0\) is too small.*\(2, 3, 6, 5\)",
        ),
        (lambda: pool.max_pool2d(X, 3, dilation=3), ValueError, r"max_pool2d: the output size"),
        (
            lambda: pool.max_pool2d(X, 2, padding=2),
            ValueError,
            r"max_pool2d: padding \(2, 2\) must be at most half the kernel size \(2, 2\)",
        ),
        (
            lambda: pool.avg_pool2d(X, 2, padding=-1),
            ValueError,
            r"avg_pool2d: padding must be non-negative",
        ),
        (lambda: pool.max_pool2d(X, 2, stride=0), ValueError, r"max_pool2d: stride must be pos"),
        (lambda: pool.max_pool2d(X, (2, 0)), ValueError, r"max_pool2d: kernel_size must be pos"),
        (
            lambda: pool.max_pool2d(X, 2, dilation=0),
            ValueError,
            r"max_pool2d: dilation must be positive",
        ),
        (
            lambda: pool.max_pool1d(X, 2),
            ValueError,
            r"max_pool1d: expected input of rank 3 .* got shape \(2, 3, 6, 5\)",
        ),
        (
            lambda: pool.avg_pool3d(X, (2, 2)),
            TypeError,
            r"avg_pool3d: kernel_size must be an int or a tuple of 3 ints",
        ),
        (
            lambda: pool.avg_pool2d(X, 2, divisor_override=0),
            ValueError,
            r"avg_pool2d: divisor_override must be a positive int",
        ),
        (
            lambda: pool.max_pool2d(np.ones((1, 4, 4)), 2),
            TypeError,
            r"max_pool2d: input must be a Tensor",
        ),
    ],
)
def test_bad_input_raises_naming_op_argument_and_shapes(call, error, match):
    with pytest.raises(error, match=match):
        call()
