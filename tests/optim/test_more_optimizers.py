"""Adadelta, Adamax, NAdam, RAdam, ASGD and LBFGS against PyTorch, step for step in float64,
with their state dicts; and the SGD/Adam options PyTorch programs use."""

import copy

import numpy as np
import pytest

import minigrad as mg
from minigrad import optim

OPTIONS = [
    ("Adadelta", {}),
    ("Adadelta", {"lr": 0.5, "rho": 0.8, "weight_decay": 0.1, "maximize": True}),
    ("Adamax", {}),
    ("Adamax", {"lr": 0.01, "betas": (0.8, 0.99), "weight_decay": 0.05, "maximize": True}),
    ("NAdam", {}),
    ("NAdam", {"lr": 0.01, "weight_decay": 0.1, "momentum_decay": 0.01}),
    ("NAdam", {"weight_decay": 0.1, "decoupled_weight_decay": True, "maximize": True}),
    ("RAdam", {}),
    ("RAdam", {"lr": 0.01, "betas": (0.5, 0.9), "weight_decay": 0.1}),
    ("RAdam", {"weight_decay": 0.1, "decoupled_weight_decay": True}),
    ("ASGD", {}),
    ("ASGD", {"lr": 0.05, "lambd": 0.01, "alpha": 0.5, "t0": 3, "weight_decay": 0.1}),
    ("SGD", {"lr": 0.1, "momentum": 0.9, "nesterov": True, "weight_decay": 0.01}),
    ("SGD", {"lr": 0.1, "momentum": 0.5, "dampening": 0.3, "maximize": True}),
    ("Adam", {"lr": 0.01, "amsgrad": True, "maximize": True, "weight_decay": 0.1}),
    ("Rprop", {}),
    ("Rprop", {"lr": 0.05, "etas": (0.3, 1.5), "step_sizes": (1e-3, 0.2), "maximize": True}),
]


@pytest.mark.parametrize("name, kwargs", OPTIONS)
def test_steps_and_state_dict_match_torch(
    torch, run_against_torch, assert_state_like_torch, name, kwargs
):
    mg_opt, torch_opt, mps, tps = run_against_torch(
        getattr(optim, name), getattr(torch.optim, name), steps=12, **kwargs
    )
    assert_state_like_torch(mg_opt, torch_opt)
    # A fresh optimizer loaded with the state continues exactly like the original.
    fresh = getattr(optim, name)(mps, **kwargs)
    fresh.load_state_dict(copy.deepcopy(mg_opt.state_dict()))
    for p, q in zip(mps, tps):
        g = np.random.default_rng(9).standard_normal(p.shape)
        p.grad, q.grad = mg.tensor(g), torch.tensor(g)
    fresh.step()
    torch_opt.step()
    for p, q in zip(mps, tps):
        np.testing.assert_allclose(p.array, q.detach().numpy(), rtol=1e-12, atol=1e-14)


def rosenbrock(x):
    return (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2


@pytest.mark.parametrize("line_search_fn", [None, "strong_wolfe"])
@pytest.mark.parametrize("history_size", [100, 3])
def test_lbfgs_matches_torch_on_rosenbrock(torch, line_search_fn, history_size):
    start = np.array([-1.5, 2.0])
    x, tx = mg.tensor(start, requires_grad=True), torch.tensor(start, requires_grad=True)
    kw = {
        "lr": 1 if line_search_fn else 0.1,
        "max_iter": 10,
        "history_size": history_size,
        "line_search_fn": line_search_fn,
    }
    opt, topt = optim.LBFGS([x], **kw), torch.optim.LBFGS([tx], **kw)

    def closure():
        opt.zero_grad()
        loss = rosenbrock(x)
        loss.backward()
        return loss

    def tclosure():
        topt.zero_grad()
        loss = rosenbrock(tx)
        loss.backward()
        return loss

    # Rosenbrock's valley amplifies last-bit differences of x**2 between the libraries, so
    # the trajectories agree to 1e-6 here (the linear model below agrees to 1e-9).
    for step in range(6):
        loss, tloss = opt.step(closure), topt.step(tclosure)
        np.testing.assert_allclose(
            loss.item(), tloss.item(), rtol=1e-6, atol=1e-6, err_msg=str(step)
        )
        np.testing.assert_allclose(x.array, tx.detach().numpy(), rtol=1e-6, atol=1e-6)
    ours, theirs = opt.state[x], topt.state[tx]
    assert ours["func_evals"] == theirs["func_evals"] and ours["n_iter"] == theirs["n_iter"]
    # The state dict round trip: a fresh LBFGS continues like the original.
    fresh = optim.LBFGS([x], **kw)
    fresh.load_state_dict(opt.state_dict())
    opt = fresh
    np.testing.assert_allclose(
        opt.step(closure).item(), topt.step(tclosure).item(), rtol=1e-6, atol=1e-6
    )
    if line_search_fn:
        assert abs(rosenbrock(x).item()) < 1e-6  # converged to (1, 1)


def test_lbfgs_fits_a_linear_model_with_several_parameters(torch):
    rng = np.random.default_rng(0)
    X, y = rng.standard_normal((20, 3)), rng.standard_normal((20, 1))
    model, tmodel = mg.nn.Linear(3, 1).double(), torch.nn.Linear(3, 1).double()
    tmodel.load_state_dict({k: torch.tensor(v.numpy()) for k, v in model.state_dict().items()})
    opt = optim.LBFGS(model.parameters(), line_search_fn="strong_wolfe")
    topt = torch.optim.LBFGS(tmodel.parameters(), line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        loss = mg.nn.functional.mse_loss(model(mg.tensor(X)), mg.tensor(y))
        loss.backward()
        return loss

    def tclosure():
        topt.zero_grad()
        loss = torch.nn.functional.mse_loss(tmodel(torch.tensor(X)), torch.tensor(y))
        loss.backward()
        return loss

    for _ in range(3):
        np.testing.assert_allclose(opt.step(closure).item(), topt.step(tclosure).item(), rtol=1e-9)


def test_bad_options_raise_like_torch(torch):
    p = [mg.tensor([1.0], requires_grad=True)]
    tp = [torch.tensor([1.0], requires_grad=True)]
    for name, kwargs in [
        ("Adadelta", {"rho": 1.5}),
        ("Adamax", {"betas": (1.0, 0.9)}),
        ("NAdam", {"momentum_decay": -1}),
        ("RAdam", {"eps": -1}),
        ("ASGD", {"lr": -1}),
        ("LBFGS", {"lr": -1}),
    ]:
        with pytest.raises(ValueError, match=name):
            getattr(optim, name)(p, **kwargs)
        with pytest.raises(ValueError):
            getattr(torch.optim, name)(tp, **kwargs)
    with pytest.raises(ValueError, match="line_search_fn must be None or 'strong_wolfe'"):
        optim.LBFGS(p, line_search_fn="armijo")
    with pytest.raises(TypeError, match="LBFGS.step: a closure is required"):
        optim.LBFGS(p).step(None)
