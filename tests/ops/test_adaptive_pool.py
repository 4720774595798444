"""Tests for minigrad.ops.adaptive_pool: adaptive average and max pooling, 1-D to 3-D."""

import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import given

import minigrad as mg
from minigrad.ops import _routing, adaptive_pool, pool
from minigrad.testing import check_vjp_contract, gradcheck, gradgradcheck

# --------------------------------------------------------------------------------------------
# Against PyTorch
# --------------------------------------------------------------------------------------------


@st.composite
def adaptive_cases(draw, d):
    lead = draw(st.sampled_from([(), (1,), (2,)]))
    size = tuple(draw(st.integers(1, 7)) for _ in range(d))
    # PyTorch's 1-D functions take no None (keep the input's size); the 2-D and 3-D ones do.
    keep = st.none() if d > 1 else st.nothing()
    out = tuple(draw(st.one_of(st.integers(1, 2 * n), keep)) for n in size)
    return (*lead, draw(st.integers(1, 2)), *size), out


@given(d=st.sampled_from([1, 2, 3]), data=st.data())
def test_adaptive_pools_match_torch(torch, run_both, distinct_array, d, data):
    shape, out = data.draw(adaptive_cases(d))
    x = distinct_array(shape)
    avg = getattr(adaptive_pool, f"adaptive_avg_pool{d}d")
    tavg = getattr(torch.nn.functional, f"adaptive_avg_pool{d}d")
    run_both(lambda x: avg(x, out), lambda x: tavg(x, out), x)
    mx = getattr(adaptive_pool, f"adaptive_max_pool{d}d")
    tmx = getattr(torch.nn.functional, f"adaptive_max_pool{d}d")
    run_both(
        lambda x: mx(x, out, return_indices=True),
        lambda x: tmx(x, out, return_indices=True),
        x,
    )


@pytest.mark.parametrize("output_size", [1, (1, 1), (None, 1)])
def test_global_pooling(torch, run_both, distinct_array, output_size):
    x = distinct_array((2, 3, 5, 4))
    run_both(
        lambda x: adaptive_pool.adaptive_avg_pool2d(x, output_size),
        lambda x: torch.nn.functional.adaptive_avg_pool2d(x, output_size),
        x,
    )
    run_both(
        lambda x: adaptive_pool.adaptive_max_pool2d(x, output_size),
        lambda x: torch.nn.functional.adaptive_max_pool2d(x, output_size),
        x,
    )


# --------------------------------------------------------------------------------------------
# Ties, the VJP contract, empty batches
# --------------------------------------------------------------------------------------------


def test_adaptive_max_ties_go_to_the_first_position(torch, run_both):
    x = np.zeros((1, 1, 5, 7))
    run_both(
        lambda x: adaptive_pool.adaptive_max_pool2d(x, (3, 4), return_indices=True),
        lambda x: torch.nn.functional.adaptive_max_pool2d(x, (3, 4), return_indices=True),
        x,
    )


@pytest.mark.parametrize(
    "fn",
    [
        lambda x: adaptive_pool.adaptive_avg_pool2d(x, (3, 2)) ** 2,
        lambda x: adaptive_pool.adaptive_max_pool2d(x, (3, 2)) ** 2,
    ],
)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_vjps_keep_the_contract(distinct_array, fn, dtype):
    # Exact shapes and dtypes (no reliance on the engine), purity, no hidden state.
    x = mg.tensor(distinct_array((2, 3, 6, 4)), dtype=dtype, requires_grad=True)
    ops = [
        adaptive_pool.AdaptiveMaxPool,
        _routing.IndexGather,
        _routing.IndexScatter,
        _routing.TapGather,
        _routing.TapScatter,
        pool.MaxPoolIndexed,
        adaptive_pool.AdaptiveAvgPool,
    ]
    assert check_vjp_contract(fn, [x], ops=ops)


@pytest.mark.parametrize(
    "fn",
    [
        lambda x: adaptive_pool.adaptive_avg_pool2d(x, 2),
        lambda x: adaptive_pool.adaptive_max_pool2d(x, 3),
    ],
)
def test_empty_batch(fn):
    x = mg.tensor(np.zeros((0, 3, 5, 5)), requires_grad=True)
    y = fn(x)
    y.backward(mg.tensor(np.zeros(y.shape)))
    assert y.shape[:2] == (0, 3) and x.grad.shape == x.shape


# --------------------------------------------------------------------------------------------
# Numerical gradients, first and second order
# --------------------------------------------------------------------------------------------


def test_adaptive_pools_gradcheck_and_gradgradcheck(distinct_array):
    x = mg.tensor(distinct_array((1, 2, 5, 4)), requires_grad=True)
    for f in (adaptive_pool.adaptive_avg_pool2d, adaptive_pool.adaptive_max_pool2d):
        assert gradcheck(lambda x, f=f: f(x, (3, 3)) ** 2, [x])
        assert gradgradcheck(lambda x, f=f: f(x, (3, 3)) ** 2, [x])


# --------------------------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------------------------

X = mg.tensor(np.ones((2, 3, 6, 5)))


@pytest.mark.parametrize(
    "call,error,match",
    [
        (
            lambda: adaptive_pool.adaptive_avg_pool2d(X, (0, 2)),
            ValueError,
            r"adaptive_avg_pool2d: output_size must be positive, got \(0, 2\)",
        ),
        (
            lambda: adaptive_pool.adaptive_max_pool2d(X, (1, 2, 3)),
            TypeError,
            r"adaptive_max_pool2d: output_size must be an int or a tuple of 2",
        ),
        (
            lambda: adaptive_pool.adaptive_max_pool1d(mg.tensor(np.ones((2, 0))), 1),
            ValueError,
            r"adaptive_max_pool1d: the input's spatial size must be non-empty.*\(2, 0\)",
        ),
    ],
)
def test_bad_input_raises_naming_op_argument_and_shapes(call, error, match):
    with pytest.raises(error, match=match):
        call()
