"""Shared setup for the optimizer tests: run minigrad and PyTorch side by side."""

import numpy as np
import pytest

import minigrad as mg

# A matrix, a vector, a 0-d scalar and a shape with a size-1 axis.
SHAPES = [(3, 4), (5,), (), (2, 1, 3)]


@pytest.fixture(scope="session")
def run_against_torch(torch):
    """``run(mg_cls, torch_cls, steps=8, groups=None, seed=0, **kwargs)``: the same
    parameters and gradients through both optimizers, comparing the parameters (float64,
    tight tolerance) after every step. Some parameters get no gradient on some steps (both
    must skip them). ``groups`` is a list of ``(parameter indices, options)``. Returns both
    optimizers and both parameter lists."""

    def run(mg_cls, torch_cls, steps=8, groups=None, seed=0, **kwargs):
        rng = np.random.default_rng(seed)
        init = [rng.standard_normal(s) for s in SHAPES]
        mps = [mg.tensor(a.copy(), requires_grad=True) for a in init]
        tps = [torch.tensor(a.copy(), requires_grad=True) for a in init]
        if groups is None:
            mg_opt, torch_opt = mg_cls(mps, **kwargs), torch_cls(tps, **kwargs)
        else:
            mg_opt = mg_cls([{**o, "params": [mps[i] for i in idx]} for idx, o in groups], **kwargs)
            torch_opt = torch_cls(
                [{**o, "params": [tps[i] for i in idx]} for idx, o in groups], **kwargs
            )
        for step in range(steps):
            for i, (p, q) in enumerate(zip(mps, tps)):
                if (step + i) % 4 == 3:
                    p.grad = q.grad = None
                else:
                    g = rng.standard_normal(p.shape)
                    p.grad, q.grad = mg.tensor(g), torch.tensor(g)
            mg_opt.step()
            torch_opt.step()
            for i, (p, q) in enumerate(zip(mps, tps)):
                np.testing.assert_allclose(
                    p.array,
                    q.detach().numpy(),
                    rtol=1e-12,
                    atol=1e-14,
                    err_msg=f"parameter {i} after step {step + 1}",
                )
        return mg_opt, torch_opt, mps, tps

    return run


def assert_state_matches_torch(mg_opt, torch_opt):
    """The state dicts have the same structure and values (PyTorch's extra options aside)."""
    ours, theirs = mg_opt.state_dict(), torch_opt.state_dict()
    assert ours["state"].keys() == theirs["state"].keys()
    for index, state in ours["state"].items():
        assert state.keys() == theirs["state"][index].keys(), index
        for key, value in state.items():
            expected = theirs["state"][index][key]
            if key == "step":
                assert value == float(expected)
            else:
                np.testing.assert_allclose(value, expected.numpy(), rtol=1e-12, atol=1e-14)
    for group, their_group in zip(ours["param_groups"], theirs["param_groups"]):
        assert group["params"] == their_group["params"]
        for key, value in group.items():
            assert value == their_group[key], key


@pytest.fixture(scope="session")
def assert_state_like_torch():
    return assert_state_matches_torch
