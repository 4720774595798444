"""Adagrad against PyTorch, step for step, and its argument checks."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

import minigrad as mg
from minigrad.optim import Adagrad

CONFIGS = [
    {},
    {"lr": 0.1, "lr_decay": 0.3},
    {"lr": 0.1, "initial_accumulator_value": 0.7},
    {"lr": 0.1, "weight_decay": 0.2, "eps": 1e-3},
    {"lr": 0.1, "lr_decay": 0.1, "weight_decay": 0.1, "maximize": True},
]


@pytest.mark.parametrize("kwargs", CONFIGS, ids=str)
def test_matches_torch(torch, run_against_torch, assert_state_like_torch, kwargs):
    mg_opt, torch_opt, _, _ = run_against_torch(Adagrad, torch.optim.Adagrad, **kwargs)
    assert_state_like_torch(mg_opt, torch_opt)


def test_state_exists_before_the_first_step(torch, assert_state_like_torch):
    mg_opt = Adagrad([mg.zeros(3, dtype="float64")], initial_accumulator_value=0.5)
    torch_opt = torch.optim.Adagrad([torch.zeros(3)], initial_accumulator_value=0.5)
    assert_state_like_torch(mg_opt, torch_opt)


def test_added_group_gets_state_with_its_own_accumulator_value():
    opt = Adagrad([mg.zeros(2)])
    p = mg.zeros(3)
    opt.add_param_group({"params": [p], "initial_accumulator_value": 2.0})
    assert opt.state[p]["step"] == 0
    assert opt.state[p]["sum"].tolist() == [2.0, 2.0, 2.0]


@given(
    lr=st.floats(0, 1),
    lr_decay=st.floats(0, 1),
    weight_decay=st.floats(0, 1),
    initial_accumulator_value=st.floats(0, 2),
    eps=st.floats(1e-10, 1),
    maximize=st.booleans(),
    seed=st.integers(0, 2**16),
)
def test_matches_torch_for_any_options(
    torch,
    run_against_torch,
    lr,
    lr_decay,
    weight_decay,
    initial_accumulator_value,
    eps,
    maximize,
    seed,
):
    run_against_torch(
        Adagrad,
        torch.optim.Adagrad,
        steps=5,
        seed=seed,
        lr=lr,
        lr_decay=lr_decay,
        weight_decay=weight_decay,
        initial_accumulator_value=initial_accumulator_value,
        eps=eps,
        maximize=maximize,
    )


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"lr": -0.01}, r"Adagrad: invalid lr=-0.01"),
        ({"lr_decay": -0.5}, r"Adagrad: invalid lr_decay=-0.5"),
        ({"weight_decay": -0.1}, r"Adagrad: invalid weight_decay=-0.1"),
        ({"initial_accumulator_value": -1.0}, r"Adagrad: invalid initial_accumulator_value=-1.0"),
        ({"eps": -1.0}, r"Adagrad: invalid eps=-1.0"),
    ],
)
def test_bad_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        Adagrad([mg.zeros(2, requires_grad=True)], **kwargs)
