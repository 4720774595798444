"""SGD against PyTorch, step for step, and its argument checks."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import minigrad as mg
from minigrad.optim import SGD

CONFIGS = [
    {"lr": 0.1},
    {"lr": 0.1, "momentum": 0.9},
    {"lr": 0.1, "momentum": 0.9, "dampening": 0.5},
    {"lr": 0.05, "momentum": 0.8, "nesterov": True},
    {"lr": 0.1, "weight_decay": 0.3},
    {"lr": 0.1, "momentum": 0.9, "weight_decay": 0.1, "nesterov": True, "maximize": True},
    {"lr": 0.1, "momentum": 0.5, "dampening": 0.2, "weight_decay": 0.1, "maximize": True},
]


@pytest.mark.parametrize("kwargs", CONFIGS, ids=str)
def test_matches_torch(torch, run_against_torch, assert_state_like_torch, kwargs):
    mg_opt, torch_opt, _, _ = run_against_torch(SGD, torch.optim.SGD, **kwargs)
    assert_state_like_torch(mg_opt, torch_opt)


def test_default_lr_is_torchs(torch):
    assert SGD([mg.zeros(1)]).defaults["lr"] == torch.optim.SGD([torch.zeros(1)]).defaults["lr"]


def test_param_groups_match_torch(torch, run_against_torch, assert_state_like_torch):
    groups = [([0, 2], {"lr": 0.3, "nesterov": True}), ([1], {"weight_decay": 0.2}), ([3], {})]
    mg_opt, torch_opt, _, _ = run_against_torch(
        SGD, torch.optim.SGD, groups=groups, lr=0.1, momentum=0.9
    )
    assert_state_like_torch(mg_opt, torch_opt)


@given(
    lr=st.floats(0, 1),
    momentum=st.sampled_from([0.0, 0.5, 0.99]) | st.floats(0, 1),
    dampening=st.floats(0, 1),
    weight_decay=st.floats(0, 1),
    nesterov=st.booleans(),
    maximize=st.booleans(),
    seed=st.integers(0, 2**16),
)
def test_matches_torch_for_any_options(
    torch, run_against_torch, lr, momentum, dampening, weight_decay, nesterov, maximize, seed
):
    if nesterov:
        momentum, dampening = max(momentum, 0.1), 0.0
    run_against_torch(
        SGD,
        torch.optim.SGD,
        steps=5,
        seed=seed,
        lr=lr,
        momentum=momentum,
        dampening=dampening,
        weight_decay=weight_decay,
        nesterov=nesterov,
        maximize=maximize,
    )


def test_plain_sgd_step_by_hand():
    w = mg.tensor(np.array([1.0, -2.0]), requires_grad=True)
    w.grad = mg.tensor(np.array([0.5, 4.0]))
    SGD([w], lr=0.1).step()
    np.testing.assert_array_equal(w.array, [0.95, -2.4])


@pytest.mark.parametrize(
    ("kwargs", "exc", "match"),
    [
        ({"lr": -0.1}, ValueError, r"SGD: invalid lr=-0.1; it must be >= 0"),
        ({"lr": float("nan")}, ValueError, r"SGD: invalid lr=nan"),
        ({"lr": "0.1"}, TypeError, r"SGD: lr must be a real number, got str"),
        ({"momentum": -0.9}, ValueError, r"SGD: invalid momentum=-0.9"),
        ({"weight_decay": -1e-4}, ValueError, r"SGD: invalid weight_decay=-0.0001"),
        ({"dampening": None}, TypeError, r"SGD: dampening must be a real number"),
        ({"nesterov": True}, ValueError, r"SGD: nesterov=True needs momentum > 0 and damp"),
        (
            {"nesterov": True, "momentum": 0.9, "dampening": 0.1},
            ValueError,
            r"nesterov=True needs .* \(got momentum=0.9, dampening=0.1\)",
        ),
    ],
)
def test_bad_arguments(kwargs, exc, match):
    with pytest.raises(exc, match=match):
        SGD([mg.zeros(2, requires_grad=True)], **kwargs)
