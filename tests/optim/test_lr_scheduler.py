"""Learning-rate schedules: the same lr (and momentum) sequences as PyTorch, resuming from a
state dict, and bad input."""

import math

import numpy as np
import pytest

import minigrad as mg
from minigrad.optim import SGD, Adagrad, Adam, RMSprop
from minigrad.optim import lr_scheduler as sched

GROUP_LRS = (0.1, 0.03)


def _optimizers(torch, cls=SGD, **kwargs):
    """The same two-group optimizer in minigrad and PyTorch."""
    mg_opt = cls([{"params": [mg.zeros(2)], "lr": lr} for lr in GROUP_LRS], **kwargs)
    torch_cls = getattr(torch.optim, cls.__name__)
    torch_opt = torch_cls([{"params": [torch.zeros(2)], "lr": lr} for lr in GROUP_LRS], **kwargs)
    return mg_opt, torch_opt


def _momenta(opt):
    return [g["betas"][0] if "betas" in g else g.get("momentum") for g in opt.param_groups]


def _assert_same_sequence(mg_opt, torch_opt, mg_sched, torch_sched, steps, metrics=None):
    for step in range(steps):
        for got, expected in [
            (mg_sched.get_last_lr(), torch_sched.get_last_lr()),
            ([g["lr"] for g in mg_opt.param_groups], [g["lr"] for g in torch_opt.param_groups]),
            (_momenta(mg_opt), _momenta(torch_opt)),
        ]:
            np.testing.assert_allclose(
                got, expected, rtol=1e-13, atol=1e-15, err_msg=f"step {step}"
            )
        mg_opt.step()
        torch_opt.step()
        if metrics is None:
            mg_sched.step()
            torch_sched.step()
        else:
            mg_sched.step(metrics[step])
            torch_sched.step(metrics[step])
    assert mg_sched.last_epoch == torch_sched.last_epoch


SCHEDULES = [
    ("StepLR", {"step_size": 3, "gamma": 0.5}),
    ("StepLR", {"step_size": 1}),
    ("MultiStepLR", {"milestones": [2, 5, 5, 9], "gamma": 0.3}),
    ("ExponentialLR", {"gamma": 0.9}),
    ("CosineAnnealingLR", {"T_max": 7}),
    ("CosineAnnealingLR", {"T_max": 5, "eta_min": 0.01}),
    ("CosineAnnealingLR", {"T_max": 1, "eta_min": 0.001}),
    ("LambdaLR", {"lr_lambda": lambda epoch: 0.95**epoch}),
    ("LambdaLR", {"lr_lambda": [lambda e: 1 / (1 + e), lambda e: e % 4]}),
]


# Ids from the option names only: a lambda's repr holds its address, which differs between
# pytest-xdist workers and would make them collect different tests.
@pytest.mark.parametrize(
    ("name", "kwargs"), SCHEDULES, ids=lambda v: v if isinstance(v, str) else "-".join(v)
)
def test_matches_torch(torch, name, kwargs):
    mg_opt, torch_opt = _optimizers(torch, momentum=0.9)
    mg_sched = getattr(sched, name)(mg_opt, **kwargs)
    torch_sched = getattr(torch.optim.lr_scheduler, name)(torch_opt, **kwargs)
    # Long enough for the cosine to pass its bottom and rise again several times.
    _assert_same_sequence(mg_opt, torch_opt, mg_sched, torch_sched, steps=40)


def test_cosine_annealing_follows_the_closed_form():
    opt = SGD([mg.zeros(1)], lr=1.0)
    scheduler = sched.CosineAnnealingLR(opt, T_max=10, eta_min=0.1)
    for epoch in range(1, 25):
        scheduler.step()
        expected = 0.1 + 0.9 * (1 + math.cos(math.pi * epoch / 10)) / 2
        assert scheduler.get_last_lr()[0] == pytest.approx(expected, rel=1e-12)


def test_stacked_schedules_compose_like_torch(torch):
    mg_opt, torch_opt = _optimizers(torch)
    mg_a, mg_b = sched.StepLR(mg_opt, 4, 0.5), sched.ExponentialLR(mg_opt, 0.95)
    t_a = torch.optim.lr_scheduler.StepLR(torch_opt, 4, 0.5)
    t_b = torch.optim.lr_scheduler.ExponentialLR(torch_opt, 0.95)
    for _ in range(20):
        for a, b in [(mg_a, t_a), (mg_b, t_b)]:
            np.testing.assert_allclose(a.get_last_lr(), b.get_last_lr(), rtol=1e-13)
        for s in (mg_a, mg_b, t_a, t_b):
            s.step()


ONE_CYCLE = [
    {"max_lr": 1.0, "total_steps": 50},
    {"max_lr": [1.0, 0.5], "total_steps": 37, "anneal_strategy": "linear"},
    {"max_lr": 0.8, "epochs": 4, "steps_per_epoch": 9, "three_phase": True},
    {"max_lr": 0.8, "total_steps": 40, "three_phase": True, "anneal_strategy": "linear"},
    {
        "max_lr": 2.0,
        "total_steps": 30,
        "pct_start": 0.1,
        "div_factor": 10.0,
        "final_div_factor": 100.0,
        "base_momentum": [0.8, 0.7],
        "max_momentum": 0.99,
    },
    {"max_lr": 1.0, "total_steps": 20, "cycle_momentum": False},
]


@pytest.mark.parametrize("kwargs", ONE_CYCLE, ids=lambda v: str(v)[:50])
@pytest.mark.parametrize(
    ("cls", "opt_kwargs"), [(SGD, {"momentum": 0.9}), (Adam, {}), (RMSprop, {"momentum": 0.5})]
)
def test_one_cycle_matches_torch_including_momentum(torch, cls, opt_kwargs, kwargs):
    mg_opt, torch_opt = _optimizers(torch, cls, **opt_kwargs)
    mg_sched = sched.OneCycleLR(mg_opt, **kwargs)
    torch_sched = torch.optim.lr_scheduler.OneCycleLR(torch_opt, **kwargs)
    total = kwargs.get("total_steps") or kwargs["epochs"] * kwargs["steps_per_epoch"]
    _assert_same_sequence(mg_opt, torch_opt, mg_sched, torch_sched, steps=total)
    with pytest.raises(ValueError, match=rf"OneCycleLR: stepped {total + 1} times, but "):
        mg_sched.step()


def test_one_cycle_moves_adam_beta1_and_keeps_beta2():
    opt = Adam([mg.zeros(1)], betas=(0.9, 0.99))
    sched.OneCycleLR(opt, max_lr=1.0, total_steps=10, base_momentum=0.8, max_momentum=0.95)
    assert opt.param_groups[0]["betas"] == (0.95, 0.99)


PLATEAUS = [
    {},
    {"mode": "max", "patience": 2},
    {"patience": 1, "threshold": 0.1, "threshold_mode": "abs"},
    {"mode": "max", "threshold_mode": "abs", "threshold": 0.05, "patience": 0},
    {"patience": 1, "cooldown": 2, "factor": 0.5},
    {"patience": 0, "factor": 0.2, "min_lr": [0.01, 0.002]},
    {"patience": 0, "factor": 0.5, "min_lr": 0.02, "eps": 1e-3},
]


@pytest.mark.parametrize("kwargs", PLATEAUS, ids=str)
def test_reduce_on_plateau_matches_torch(torch, kwargs):
    rng = np.random.default_rng(0)
    # Improvement, plateaus of several lengths, small wiggles and a rise.
    metrics = np.concatenate(
        [
            np.linspace(1, 0.5, 5),
            np.full(12, 0.5),
            0.5 + 0.01 * rng.standard_normal(10),
            np.linspace(0.5, 0.4, 4),
            np.linspace(0.4, 0.9, 9),
        ]
    )
    mg_opt, torch_opt = _optimizers(torch)
    mg_sched = sched.ReduceLROnPlateau(mg_opt, **kwargs)
    torch_sched = torch.optim.lr_scheduler.ReduceLROnPlateau(torch_opt, **kwargs)
    _assert_same_sequence(mg_opt, torch_opt, mg_sched, torch_sched, len(metrics), metrics)
    assert mg_sched.best == torch_sched.best
    assert mg_sched.num_bad_epochs == torch_sched.num_bad_epochs


def test_reduce_on_plateau_accepts_a_tensor_metric():
    opt = SGD([mg.zeros(1)], lr=1.0)
    scheduler = sched.ReduceLROnPlateau(opt, patience=0)
    for loss in (1.0, 1.0):
        scheduler.step(mg.tensor(loss))
    assert scheduler.get_last_lr() == [0.1]


def test_reduce_on_plateau_handles_a_group_added_later():
    opt = SGD([mg.zeros(1)], lr=1.0)
    scheduler = sched.ReduceLROnPlateau(opt, patience=0, min_lr=0.5)
    opt.add_param_group({"params": [mg.zeros(1)], "lr": 2.0})
    for loss in (1.0, 1.0):
        scheduler.step(loss)
    assert scheduler.get_last_lr() == [0.5, 0.5]
    listed = sched.ReduceLROnPlateau(opt, patience=0, min_lr=[0.1, 0.1])
    opt.add_param_group({"params": [mg.zeros(1)]})
    with pytest.raises(ValueError, match=r"the optimizer has 3 parameter groups but min_lr was"):
        for loss in (1.0, 1.0):
            listed.step(loss)


# --------------------------------------------------------------------------------------------
# State dicts
# --------------------------------------------------------------------------------------------

RESUMABLE = [
    (lambda o: sched.StepLR(o, 3, 0.5), {}),
    (lambda o: sched.MultiStepLR(o, [2, 6, 6], 0.5), {}),
    (lambda o: sched.ExponentialLR(o, 0.9), {}),
    (lambda o: sched.CosineAnnealingLR(o, 6, 0.01), {}),
    (lambda o: sched.LambdaLR(o, lambda e: 0.9**e), {}),
    (lambda o: sched.OneCycleLR(o, 1.0, total_steps=20, three_phase=True), {"momentum": 0.9}),
    (lambda o: sched.ReduceLROnPlateau(o, patience=1, cooldown=1), {}),
]


def _drive(scheduler, opt, steps, start):
    lrs = []
    for step in range(start, start + steps):
        opt.step()
        if isinstance(scheduler, sched.ReduceLROnPlateau):
            scheduler.step([1.0, 0.9, 0.9, 0.9, 0.8][step % 5])
        else:
            scheduler.step()
        lrs.append(scheduler.get_last_lr())
    return lrs


@pytest.mark.parametrize("through_a_file", [False, True])
@pytest.mark.parametrize(("make", "opt_kwargs"), RESUMABLE, ids=lambda v: "")
def test_resume_from_state_dicts_gives_the_same_sequence(
    tmp_path, make, opt_kwargs, through_a_file
):
    def new_optimizer():
        return SGD([{"params": [mg.zeros(2)], "lr": lr} for lr in GROUP_LRS], **opt_kwargs)

    opt = new_optimizer()
    scheduler = make(opt)
    _drive(scheduler, opt, 7, 0)
    states = {"optimizer": opt.state_dict(), "scheduler": scheduler.state_dict()}
    if through_a_file:
        mg.save(states, tmp_path / "checkpoint.npz")
        states = mg.load(tmp_path / "checkpoint.npz")
    expected = _drive(scheduler, opt, 10, 7)

    resumed_opt = new_optimizer()
    resumed = make(resumed_opt)
    resumed_opt.load_state_dict(states["optimizer"])
    resumed.load_state_dict(states["scheduler"])
    assert resumed.last_epoch == 7
    assert _drive(resumed, resumed_opt, 10, 7) == expected


def test_state_dict_leaves_out_the_optimizer_and_is_a_copy():
    opt = SGD([mg.zeros(1)], lr=1.0)
    scheduler = sched.MultiStepLR(opt, [2, 4])
    sd = scheduler.state_dict()
    assert "optimizer" not in sd and sd["last_epoch"] == 0 and sd["base_lrs"] == [1.0]
    scheduler.step()
    assert sd["last_epoch"] == 0


def test_lambda_state_dict_saves_callable_objects_only():
    class Decay:
        def __init__(self):
            self.rate = 0.5

        def __call__(self, epoch):
            return self.rate**epoch

    opt = SGD([{"params": [mg.zeros(1)]}, {"params": [mg.zeros(1)]}], lr=1.0)
    decay = Decay()
    scheduler = sched.LambdaLR(opt, [decay, lambda e: 1.0])
    sd = scheduler.state_dict()
    assert sd["lr_lambdas"] == [{"rate": 0.5}, None]
    decay.rate = 0.1
    scheduler.load_state_dict(sd)
    assert decay.rate == 0.5


def test_load_state_dict_of_another_scheduler_is_refused():
    opt = SGD([mg.zeros(1)], lr=1.0)
    step = sched.StepLR(opt, 2)
    cosine = sched.CosineAnnealingLR(SGD([mg.zeros(1)], lr=1.0), 5)
    with pytest.raises(
        ValueError,
        match=r"StepLR.load_state_dict: the state dict does not match this scheduler: missing "
        r"keys \['gamma', 'step_size'\], unexpected keys \['T_max', 'eta_min'\]",
    ):
        step.load_state_dict(cosine.state_dict())
    lam = sched.LambdaLR(opt, lambda e: 1.0)
    with pytest.raises(ValueError, match=r"LambdaLR.load_state_dict: the state dict has 2 lr_"):
        lam.load_state_dict({**lam.state_dict(), "lr_lambdas": [None, None]})


def test_resuming_needs_initial_lr():
    with pytest.raises(
        KeyError,
        match=r"StepLR: param group 0 has no 'initial_lr', needed to "
        r"resume with last_epoch=4",
    ):
        sched.StepLR(SGD([mg.zeros(1)], lr=1.0), 2, last_epoch=4)


# --------------------------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------------------------


def _opt():
    return SGD([mg.zeros(1)], lr=1.0, momentum=0.9)


@pytest.mark.parametrize(
    ("make", "exc", "match"),
    [
        (
            lambda: sched.StepLR([mg.zeros(1)], 2),
            TypeError,
            r"StepLR: expected an Optimizer, got list",
        ),
        (
            lambda: sched.StepLR(_opt(), 0),
            ValueError,
            r"StepLR: invalid step_size=0; it must be >= 1",
        ),
        (
            lambda: sched.StepLR(_opt(), 2.5),
            TypeError,
            r"StepLR: step_size must be an int, got float",
        ),
        (lambda: sched.StepLR(_opt(), 2, gamma=-0.1), ValueError, r"StepLR: invalid gamma=-0.1"),
        (
            lambda: sched.StepLR(_opt(), 2, last_epoch=-2),
            ValueError,
            r"StepLR: invalid last_epoch=-2",
        ),
        (
            lambda: sched.MultiStepLR(_opt(), [3, -1]),
            ValueError,
            r"MultiStepLR: invalid milestones=-1",
        ),
        (
            lambda: sched.ExponentialLR(_opt(), "0.9"),
            TypeError,
            r"ExponentialLR: gamma must be a real",
        ),
        (
            lambda: sched.CosineAnnealingLR(_opt(), 0),
            ValueError,
            r"CosineAnnealingLR: invalid T_max=0",
        ),
        (
            lambda: sched.CosineAnnealingLR(_opt(), 5, eta_min=-1.0),
            ValueError,
            r"CosineAnnealingLR: invalid eta_min=-1.0",
        ),
        (
            lambda: sched.LambdaLR(_opt(), 0.9),
            TypeError,
            r"LambdaLR: lr_lambda must be callable, got float",
        ),
        (
            lambda: sched.LambdaLR(_opt(), [abs, abs]),
            ValueError,
            r"LambdaLR: got 2 lr_lambdas for 1 parameter groups",
        ),
        (
            lambda: sched.OneCycleLR(_opt(), 1.0),
            ValueError,
            r"OneCycleLR: give total_steps, or both epochs and steps_per_epoch",
        ),
        (
            lambda: sched.OneCycleLR(_opt(), 1.0, total_steps=0),
            ValueError,
            r"OneCycleLR: invalid total_steps=0",
        ),
        (
            lambda: sched.OneCycleLR(_opt(), 1.0, epochs=2, steps_per_epoch=-1),
            ValueError,
            r"OneCycleLR: invalid steps_per_epoch=-1",
        ),
        (
            lambda: sched.OneCycleLR(_opt(), 1.0, 10, pct_start=1.5),
            ValueError,
            r"OneCycleLR: invalid pct_start=1.5; it must be in \[0.0, 1.0\]",
        ),
        (
            lambda: sched.OneCycleLR(_opt(), 1.0, 10, anneal_strategy="exp"),
            ValueError,
            r"OneCycleLR: anneal_strategy must be 'cos' or 'linear', got 'exp'",
        ),
        (
            lambda: sched.OneCycleLR(_opt(), [1.0, 2.0], 10),
            ValueError,
            r"OneCycleLR: max_lr has 2 values but the optimizer has 1 parameter groups",
        ),
        (
            lambda: sched.OneCycleLR(_opt(), -1.0, 10),
            ValueError,
            r"OneCycleLR: invalid max_lr=-1.0",
        ),
        (
            lambda: sched.OneCycleLR(_opt(), 1.0, 10, div_factor=0.0),
            ValueError,
            r"OneCycleLR: div_factor and final_div_factor must be > 0",
        ),
        (
            lambda: sched.OneCycleLR(Adagrad([mg.zeros(1)]), 1.0, 10),
            ValueError,
            r"OneCycleLR: cycle_momentum=True needs an optimizer with 'momentum' or 'betas' "
            r"\(Adagrad has neither\)",
        ),
        (
            lambda: sched.ReduceLROnPlateau(_opt(), factor=1.0),
            ValueError,
            r"ReduceLROnPlateau: invalid factor=1.0; it must be in \[0.0, 1.0\)",
        ),
        (
            lambda: sched.ReduceLROnPlateau(_opt(), mode="minimum"),
            ValueError,
            r"ReduceLROnPlateau: mode must be 'min' or 'max', got 'minimum'",
        ),
        (
            lambda: sched.ReduceLROnPlateau(_opt(), threshold_mode="pct"),
            ValueError,
            r"ReduceLROnPlateau: threshold_mode must be 'rel' or 'abs', got 'pct'",
        ),
        (
            lambda: sched.ReduceLROnPlateau(_opt(), patience=-1),
            ValueError,
            r"ReduceLROnPlateau: invalid patience=-1",
        ),
        (
            lambda: sched.ReduceLROnPlateau(_opt(), cooldown=1.5),
            TypeError,
            r"ReduceLROnPlateau: cooldown must be an int",
        ),
        (
            lambda: sched.ReduceLROnPlateau(_opt(), min_lr=[0.1, 0.1]),
            ValueError,
            r"ReduceLROnPlateau: min_lr has 2 values but the optimizer has 1 parameter groups",
        ),
        (
            lambda: sched.ReduceLROnPlateau(_opt(), threshold=-0.1),
            ValueError,
            r"ReduceLROnPlateau: invalid threshold=-0.1",
        ),
        (
            lambda: sched.ReduceLROnPlateau(SGD, factor=0.5),
            TypeError,
            r"ReduceLROnPlateau: expected an Optimizer, got type",
        ),
    ],
)
def test_bad_arguments(make, exc, match):
    with pytest.raises(exc, match=match):
        make()


def test_bad_arguments_leave_the_optimizer_untouched():
    opt = _opt()
    before = [dict(g) for g in opt.param_groups]
    with pytest.raises(ValueError):
        sched.OneCycleLR(opt, [1.0, 2.0], 10)
    with pytest.raises(ValueError):
        sched.CosineAnnealingLR(opt, 0)
    assert opt.param_groups == before
