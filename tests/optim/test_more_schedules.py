"""LinearLR, ConstantLR, MultiplicativeLR, PolynomialLR, CosineAnnealingWarmRestarts and
SequentialLR against PyTorch: the learning rate after every step, and bad arguments."""

import numpy as np
import pytest

import minigrad as mg
from minigrad.optim import SGD, lr_scheduler


def trace(lib, make, steps=14, step_arg=None):
    params = [lib.tensor(np.zeros(2), requires_grad=True)]
    opt = (SGD if lib is mg else lib.optim.SGD)(params, lr=0.5)
    scheduler = make(opt, lib.optim.lr_scheduler if lib is not mg else lr_scheduler)
    lrs = [opt.param_groups[0]["lr"]]
    for i in range(steps):
        opt.step()
        scheduler.step() if step_arg is None else scheduler.step(step_arg(i))
        lrs.append(opt.param_groups[0]["lr"])
    return lrs


CASES = [
    lambda o, s: s.LinearLR(o, start_factor=0.25, total_iters=4),
    lambda o, s: s.LinearLR(o, start_factor=1.0, end_factor=0.1, total_iters=6),
    lambda o, s: s.ConstantLR(o, factor=0.5, total_iters=3),
    lambda o, s: s.MultiplicativeLR(o, lambda epoch: 0.9),
    lambda o, s: s.PolynomialLR(o, total_iters=8, power=2.0),
    lambda o, s: s.CosineAnnealingWarmRestarts(o, T_0=3, T_mult=2, eta_min=0.01),
    lambda o, s: s.ChainedScheduler(
        [s.ConstantLR(o, factor=0.1, total_iters=2), s.ExponentialLR(o, gamma=0.9)]
    ),
    lambda o, s: s.SequentialLR(
        o,
        [s.LinearLR(o, start_factor=0.1, total_iters=3), s.CosineAnnealingLR(o, T_max=6)],
        milestones=[3],
    ),
    lambda o, s: s.SequentialLR(
        o,
        [
            s.ConstantLR(o, factor=0.5, total_iters=2),
            s.ExponentialLR(o, gamma=0.8),
            s.StepLR(o, step_size=2),
        ],
        milestones=[2, 7],
    ),
]


@pytest.mark.parametrize("make", CASES)
def test_learning_rates_match_torch(torch, make):
    np.testing.assert_allclose(trace(mg, make), trace(torch, make), rtol=1e-12)


def test_warm_restarts_with_fractional_epochs_match_torch(torch):
    def make(o, s):
        return s.CosineAnnealingWarmRestarts(o, T_0=2, T_mult=2)

    frac = lambda i: i * 0.37
    np.testing.assert_allclose(trace(mg, make, 20, frac), trace(torch, make, 20, frac), rtol=1e-12)


def test_state_dict_round_trip():
    params = [mg.tensor(np.zeros(2), requires_grad=True)]
    opt = SGD(params, lr=1.0)
    sched = lr_scheduler.LinearLR(opt, start_factor=0.5, total_iters=4)
    sched.step()
    state = sched.state_dict()
    sched.step()
    sched.load_state_dict(state)
    assert sched.last_epoch == 1


def test_bad_arguments_raise_like_torch(torch):
    opt = SGD([mg.tensor([1.0], requires_grad=True)], lr=1.0)
    topt = torch.optim.SGD([torch.tensor([1.0], requires_grad=True)], lr=1.0)
    with pytest.raises(ValueError, match="LinearLR"):
        lr_scheduler.LinearLR(opt, start_factor=0)
    with pytest.raises(ValueError):
        torch.optim.lr_scheduler.LinearLR(topt, start_factor=0)
    with pytest.raises(ValueError, match="SequentialLR: expected one milestone fewer"):
        lr_scheduler.SequentialLR(opt, [lr_scheduler.ConstantLR(opt)], milestones=[1])
    with pytest.raises(ValueError):
        torch.optim.lr_scheduler.SequentialLR(
            topt, [torch.optim.lr_scheduler.ConstantLR(topt)], milestones=[1]
        )
