"""minigrad.testing.strategies: every drawn value is valid, checked against NumPy's and
PyTorch's own rules."""

import hypothesis.strategies as st
import numpy as np
import pytest
from hypothesis import find, given, settings

import minigrad as mg
from minigrad.testing import strategies as mst


@given(mst.tensors(mst.shapes(max_dims=3, max_side=3)))
def test_tensors_default_to_float64_requiring_grad_within_bounds(x):
    assert isinstance(x, mg.Tensor)
    assert x.dtype == np.float64 and x.requires_grad
    assert x.ndim <= 3 and all(1 <= s <= 3 for s in x.shape)
    assert np.all(np.abs(x.array) <= 10) and np.all(np.isfinite(x.array))


@given(
    mst.tensors((2, 3), dtype=np.int64),
    mst.tensors(4, dtype=np.float32, elements=st.floats(0, 1, width=32), requires_grad=False),
)
def test_tensors_with_shape_dtype_elements_and_requires_grad(i, f):
    assert i.shape == (2, 3) and i.dtype == np.int64 and not i.requires_grad
    assert f.shape == (4,) and f.dtype == np.float32 and not f.requires_grad
    assert np.all((f.array >= 0) & (f.array <= 1))


def test_tensors_of_integers_cannot_require_grad():
    with pytest.raises(TypeError, match="only floating-point tensors can require gradients"):
        find(mst.tensors((2,), dtype=np.int64, requires_grad=True), lambda _: True)


@given(mst.shapes(min_dims=1, max_dims=4, min_side=0, max_side=2))
def test_shapes_respect_their_bounds(shape):
    assert 1 <= len(shape) <= 4 and all(0 <= s <= 2 for s in shape)


@given(mst.broadcastable_shapes(3, base_shape=(2, 1), max_dims=4))
def test_broadcastable_shapes_broadcast_together(shapes):
    assert len(shapes) == 3
    result = np.broadcast_shapes(*shapes)
    np.broadcast_shapes(result, (2, 1))
    assert all(len(s) <= 4 for s in shapes)


@given(mst.distinct_values(mst.shapes(max_dims=3, max_side=5), min_gap=0.01))
def test_distinct_values_are_at_least_min_gap_apart(x):
    values = np.sort(x.array.ravel())
    assert np.all(np.diff(values) >= 0.01 * (1 - 1e-9))
    assert np.all((values >= -10) & (values <= 10))
    assert x.dtype == np.float64 and x.requires_grad


def test_distinct_values_that_cannot_fit_raise():
    with pytest.raises(ValueError, match=r"distinct_values: 100 values \(shape \(10, 10\)\) at"):
        find(mst.distinct_values((10, 10), min_value=0, max_value=1, min_gap=0.1), bool)


@given(st.data(), st.integers(0, 4))
def test_axes_are_valid_for_numpy_reductions(data, ndim):
    axis = data.draw(mst.axes(ndim))
    x = np.ones((2,) * ndim)
    np.sum(x, axis=axis)  # raises on an invalid or repeated axis
    if isinstance(axis, tuple):
        assert len({a % ndim for a in axis}) == len(axis)


@given(st.data())
def test_axes_options(data):
    axis = data.draw(mst.axes(3, allow_none=False, allow_int=False, min_size=1))
    assert isinstance(axis, tuple) and len(axis) >= 1


@pytest.mark.parametrize("ndim", [1, 2, 3])
@given(data=st.data())
def test_conv_configs_are_valid_for_torch(torch, ndim, data):
    cfg = data.draw(mst.conv_configs(ndim, batched=data.draw(st.booleans())))
    conv = getattr(torch.nn.functional, f"conv{ndim}d")
    x, w = torch.zeros(cfg["input_shape"]), torch.zeros(cfg["weight_shape"])
    kwargs = {k: cfg[k] for k in ("stride", "padding", "dilation", "groups")}
    assert tuple(conv(x, w, **kwargs).shape) == cfg["output_shape"]
    assert cfg["input_shape"][-ndim - 1] % cfg["groups"] == 0
    assert cfg["weight_shape"][0] % cfg["groups"] == 0


@pytest.mark.parametrize("ndim", [1, 2, 3])
@pytest.mark.parametrize("kind", ["max", "avg"])
@given(data=st.data())
def test_pool_configs_are_valid_for_torch(torch, ndim, kind, data):
    cfg = data.draw(mst.pool_configs(ndim, kind=kind, batched=data.draw(st.booleans())))
    pool = getattr(torch.nn.functional, f"{kind}_pool{ndim}d")
    x = torch.zeros(cfg["input_shape"])
    kwargs = {k: v for k, v in cfg.items() if k not in ("input_shape", "output_shape")}
    out = pool(x, **kwargs)
    assert tuple(out.shape) == cfg["output_shape"]
    assert torch.isfinite(out).all()  # no window reads only padding
    assert ("dilation" in cfg) == (kind == "max")
    assert all(p <= k // 2 for p, k in zip(cfg["padding"], cfg["kernel_size"]))


def test_pool_configs_reject_an_unknown_kind():
    with pytest.raises(ValueError, match="pool_configs: kind must be 'max' or 'avg', got 'lp'"):
        find(mst.pool_configs(kind="lp"), bool)


def test_pool_configs_reach_the_ceil_mode_last_window_rule():
    """Some drawn configs have a ceil_mode window that would start in the right padding, so
    the output size is one less than the plain ceiling formula gives."""
    seen = []

    @given(mst.pool_configs(1, max_stride=3))
    def collect(cfg):
        (size,), (k,), (s,), (p,), (d,) = (
            cfg["input_shape"][-1:],
            cfg["kernel_size"],
            cfg["stride"],
            cfg["padding"],
            cfg["dilation"],
        )
        span = d * (k - 1) + 1
        if cfg["ceil_mode"] and cfg["output_shape"][-1] < -(-(size + 2 * p - span) // s) + 1:
            seen.append(cfg)

    # derandomized: a fixed search, so the test cannot pass or fail by luck
    settings(max_examples=300, derandomize=True)(collect)()
    assert seen


def test_pool_configs_can_include_windows_of_only_padding(torch):
    found = []

    @given(mst.pool_configs(1, max_dilation=3, allow_padding_only_windows=True))
    def collect(cfg):
        x = torch.zeros(cfg["input_shape"])
        kwargs = {k: v for k, v in cfg.items() if k not in ("input_shape", "output_shape")}
        if not torch.isfinite(torch.nn.functional.max_pool1d(x, **kwargs)).all():
            found.append(cfg)

    # derandomized: a fixed search, so the test cannot pass or fail by luck
    settings(max_examples=300, derandomize=True)(collect)()
    assert found
