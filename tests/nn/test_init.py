"""Tests for minigrad.nn.init: PyTorch's gains and fans, the statistics of every initialiser,
in-place semantics, generators, and bad input."""

import math

import numpy as np
import pytest

import minigrad as mg
from minigrad import nn
from minigrad.nn import init


@pytest.mark.parametrize(
    "nonlinearity, param",
    [
        ("linear", None),
        ("conv2d", None),
        ("conv_transpose3d", None),
        ("sigmoid", None),
        ("tanh", None),
        ("relu", None),
        ("leaky_relu", None),
        ("leaky_relu", 0.2),
        ("leaky_relu", math.sqrt(5)),
        ("selu", None),
    ],
)
def test_calculate_gain_matches_torch(torch, nonlinearity, param):
    assert init.calculate_gain(nonlinearity, param) == pytest.approx(
        torch.nn.init.calculate_gain(nonlinearity, param)
    )


def test_calculate_gain_bad_input():
    with pytest.raises(ValueError, match="calculate_gain: unsupported nonlinearity 'gelu'"):
        init.calculate_gain("gelu")
    with pytest.raises(ValueError, match="negative_slope 'x' is not a valid number"):
        init.calculate_gain("leaky_relu", "x")


def _param(*shape):
    return nn.Parameter(np.zeros(shape, np.float32))


# (initialiser, kwargs, shape, expected std, expected bound or None for normal)
FAN_IN, FAN_OUT = 64 * 9, 32 * 9


@pytest.mark.parametrize(
    "fn, kwargs, std, bound",
    [
        (init.uniform_, {"a": -2.0, "b": 1.0}, 3 / math.sqrt(12), None),
        (init.normal_, {"mean": 0.0, "std": 0.3}, 0.3, None),
        (init.xavier_uniform_, {"gain": 2.0}, 2 * math.sqrt(2 / (FAN_IN + FAN_OUT)), None),
        (init.xavier_normal_, {}, math.sqrt(2 / (FAN_IN + FAN_OUT)), None),
        (init.kaiming_uniform_, {}, math.sqrt(2 / 1.0001) / math.sqrt(FAN_IN), None),
        (
            init.kaiming_uniform_,
            {"a": math.sqrt(5)},
            1 / math.sqrt(3 * FAN_IN),
            1 / math.sqrt(FAN_IN),
        ),
        (
            init.kaiming_uniform_,
            {"mode": "fan_out", "nonlinearity": "relu"},
            math.sqrt(2 / FAN_OUT),
            math.sqrt(6 / FAN_OUT),
        ),
        (init.kaiming_normal_, {"nonlinearity": "relu"}, math.sqrt(2 / FAN_IN), None),
        (init.kaiming_normal_, {"mode": "fan_out", "a": 0.5}, math.sqrt(2 / 1.25 / FAN_OUT), None),
    ],
)
def test_random_initialisers_have_pytorchs_statistics(torch, fn, kwargs, std, bound):
    p = _param(32, 64, 3, 3)  # fan_in = 64·9, fan_out = 32·9
    version = p._version
    assert fn(p, **kwargs, generator=np.random.default_rng(0)) is p
    assert p._version > version and p.dtype == np.float32 and p.requires_grad
    assert abs(p.array.std() / std - 1) < 0.03
    if bound is not None:
        assert 0.99 * bound < np.abs(p.array).max() <= bound
    # PyTorch's own initialiser gives the same spread on the same shape.
    t = torch.empty(32, 64, 3, 3)
    getattr(torch.nn.init, fn.__name__)(t, **kwargs)
    assert abs(t.std().item() / std - 1) < 0.03


def test_constant_initialisers_and_in_place_semantics():
    p = _param(2, 3)
    assert init.ones_(p) is p and (p.array == 1).all()
    assert (init.zeros_(p).array == 0).all()
    assert (init.constant_(p, 0.5).array == 0.5).all()
    # In place under no_grad: it works while the graph is being recorded, and a VJP that saved
    # the tensor notices the change.
    y = (p * p).sum()
    init.ones_(p)
    with pytest.raises(RuntimeError, match="modified in place"):
        y.backward()


def test_generators_seed_and_default_generator():
    a, b = _param(5, 5), _param(5, 5)
    init.normal_(a, generator=np.random.default_rng(3))
    init.normal_(b, generator=np.random.default_rng(3))
    np.testing.assert_array_equal(a.array, b.array)
    mg.manual_seed(11)
    init.kaiming_uniform_(a)
    mg.manual_seed(11)
    init.kaiming_uniform_(b)
    np.testing.assert_array_equal(a.array, b.array)


def test_fans_of_1d_and_empty_tensors():
    with pytest.raises(
        ValueError,
        match=r"xavier_uniform_: fan in and fan out need a tensor of at "
        r"least 2 dimensions, got shape \(4,\)",
    ):
        init.xavier_uniform_(_param(4))
    empty = _param(0, 3)
    assert init.kaiming_uniform_(empty) is empty


def test_bad_arguments():
    p = _param(3, 3)
    with pytest.raises(ValueError, match="kaiming_normal_: mode must be 'fan_in' or 'fan_out'"):
        init.kaiming_normal_(p, mode="fan_avg")
    with pytest.raises(ValueError, match="normal_: std must be non-negative, got -1"):
        init.normal_(p, std=-1)
    with pytest.raises(ValueError, match="uniform_: a must not exceed b, got a=1, b=0"):
        init.uniform_(p, 1, 0)
    with pytest.raises(TypeError, match="zeros_: expected a Tensor, got ndarray"):
        init.zeros_(np.zeros(3))


def test_new_initialisers_match_their_definitions(torch):
    from minigrad.nn import init

    w = mg.zeros(50, 30, dtype=np.float64)
    init.orthogonal_(w, gain=2.0)
    np.testing.assert_allclose(w.array.T @ w.array, 4 * np.eye(30), atol=1e-10)
    w = mg.zeros(3, 40)
    init.orthogonal_(w)
    np.testing.assert_allclose(w.array @ w.array.T, np.eye(3), atol=1e-5)
    e = mg.zeros(3, 5)
    init.eye_(e)
    np.testing.assert_array_equal(e.array, torch.nn.init.eye_(torch.zeros(3, 5)).numpy())
    d = mg.zeros(4, 2, 3, 3)
    init.dirac_(d, groups=2)
    np.testing.assert_array_equal(d.array, torch.nn.init.dirac_(torch.zeros(4, 2, 3, 3), 2).numpy())
    t = mg.zeros(10_000)
    init.trunc_normal_(t, mean=0.5, std=1.0, a=-0.5, b=1.0)
    assert t.array.min() >= -0.5 and t.array.max() <= 1.0 and t.array.std() > 0.2
    for fn in (init.eye_, init.orthogonal_):
        with pytest.raises(ValueError, match=fn.__name__):
            fn(mg.zeros(3))
        with pytest.raises(ValueError):
            getattr(torch.nn.init, fn.__name__)(torch.zeros(3))
