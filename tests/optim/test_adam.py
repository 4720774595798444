"""Adam and AdamW against PyTorch, step for step, and their argument checks."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

import minigrad as mg
from minigrad.optim import Adam, AdamW

CONFIGS = [
    {},
    {"lr": 0.1, "betas": (0.5, 0.9)},
    {"lr": 0.1, "amsgrad": True},
    {"lr": 0.1, "weight_decay": 0.2},
    {"lr": 0.1, "eps": 0.5, "maximize": True},
    {"lr": 0.1, "betas": (0.0, 0.0)},
    {"lr": 0.1, "weight_decay": 0.1, "amsgrad": True, "maximize": True},
]


@pytest.mark.parametrize("kwargs", CONFIGS, ids=str)
def test_adam_matches_torch(torch, run_against_torch, assert_state_like_torch, kwargs):
    mg_opt, torch_opt, _, _ = run_against_torch(Adam, torch.optim.Adam, **kwargs)
    assert_state_like_torch(mg_opt, torch_opt)


@pytest.mark.parametrize("kwargs", CONFIGS, ids=str)
def test_adamw_matches_torch(torch, run_against_torch, assert_state_like_torch, kwargs):
    mg_opt, torch_opt, _, _ = run_against_torch(AdamW, torch.optim.AdamW, **kwargs)
    assert_state_like_torch(mg_opt, torch_opt)


def test_adam_with_decoupled_weight_decay_is_adamw(torch, run_against_torch):
    run_against_torch(Adam, torch.optim.Adam, lr=0.1, weight_decay=0.3, decoupled_weight_decay=True)
    mg_opt = Adam([mg.zeros(1)], decoupled_weight_decay=True)
    assert mg_opt.defaults["decoupled_weight_decay"]


def test_adamw_default_weight_decay():
    assert AdamW([mg.zeros(1)]).defaults["weight_decay"] == 1e-2
    assert Adam([mg.zeros(1)]).defaults["weight_decay"] == 0


@given(
    lr=st.floats(0, 1),
    beta1=st.floats(0, 0.999),
    beta2=st.floats(0, 0.9999),
    eps=st.floats(1e-12, 1),
    weight_decay=st.floats(0, 1),
    amsgrad=st.booleans(),
    maximize=st.booleans(),
    decoupled=st.booleans(),
    seed=st.integers(0, 2**16),
)
def test_matches_torch_for_any_options(
    torch,
    run_against_torch,
    lr,
    beta1,
    beta2,
    eps,
    weight_decay,
    amsgrad,
    maximize,
    decoupled,
    seed,
):
    run_against_torch(
        AdamW if decoupled else Adam,
        torch.optim.AdamW if decoupled else torch.optim.Adam,
        steps=5,
        seed=seed,
        lr=lr,
        betas=(beta1, beta2),
        eps=eps,
        weight_decay=weight_decay,
        amsgrad=amsgrad,
        maximize=maximize,
    )


@pytest.mark.parametrize("cls", [Adam, AdamW])
@pytest.mark.parametrize(
    ("kwargs", "exc", "match"),
    [
        ({"lr": -1e-3}, ValueError, r"invalid lr=-0.001; it must be >= 0"),
        ({"eps": -1e-8}, ValueError, r"invalid eps=-1e-08"),
        (
            {"betas": (1.0, 0.999)},
            ValueError,
            r"invalid betas\[0\]=1.0; it must be in \[0.0, 1.0\)",
        ),
        ({"betas": (0.9, -0.1)}, ValueError, r"invalid betas\[1\]=-0.1"),
        ({"betas": 0.9}, TypeError, r"betas must be a pair \(beta1, beta2\), got 0.9"),
        ({"betas": (0.9, "x")}, TypeError, r"betas\[1\] must be a real number, got str"),
        ({"weight_decay": -0.1}, ValueError, r"invalid weight_decay=-0.1"),
    ],
)
def test_bad_arguments(cls, kwargs, exc, match):
    with pytest.raises(exc, match=f"{cls.__name__}: {match}"):
        cls([mg.zeros(2, requires_grad=True)], **kwargs)
