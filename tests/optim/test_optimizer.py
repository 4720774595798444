"""The Optimizer base: parameter groups, zero_grad, step's contract, the state dict, errors."""

import numpy as np
import pytest

import minigrad as mg
from minigrad.optim import SGD, Adagrad, Adam, AdamW, Optimizer, RMSprop

# Every optimizer, with options that exercise all of its state.
ALL = [
    (SGD, {"lr": 0.1, "momentum": 0.9, "weight_decay": 0.1, "maximize": True}),
    (Adam, {"lr": 0.1, "amsgrad": True, "weight_decay": 0.1, "maximize": True}),
    (AdamW, {"lr": 0.1, "amsgrad": True}),
    (RMSprop, {"lr": 0.1, "momentum": 0.5, "centered": True, "weight_decay": 0.1}),
    (Adagrad, {"lr": 0.1, "lr_decay": 0.1, "weight_decay": 0.1, "maximize": True}),
]
IDS = [cls.__name__ for cls, _ in ALL]


def params(dtype="float64", seed=0):
    rng = np.random.default_rng(seed)
    return [
        mg.tensor(rng.standard_normal(s).astype(dtype), requires_grad=True)
        for s in [(3, 4), (4,), ()]
    ]


def set_grads(ps, seed):
    rng = np.random.default_rng(seed)
    for p in ps:
        p.grad = mg.tensor(rng.standard_normal(p.shape).astype(p.dtype))


# --------------------------------------------------------------------------------------------
# Parameter groups
# --------------------------------------------------------------------------------------------


def test_groups_fill_in_defaults_and_keep_their_own_options():
    a, b = mg.zeros(2, requires_grad=True), mg.zeros(3, requires_grad=True)
    group = {"params": [b], "lr": 0.5}
    opt = SGD([{"params": a}, group], lr=0.1, momentum=0.9)
    assert [g["lr"] for g in opt.param_groups] == [0.1, 0.5]
    assert all(g["momentum"] == 0.9 for g in opt.param_groups)
    assert len(opt.param_groups[0]["params"]) == 1 and opt.param_groups[0]["params"][0] is a
    # As in PyTorch the dict itself becomes the group, so later edits take effect.
    assert opt.param_groups[1] is group
    group["lr"] = 0.25
    b.grad = mg.tensor(np.ones(3, dtype="float32"))
    opt.step()
    np.testing.assert_allclose(b.array, -0.25)


def test_add_param_group():
    a, b = mg.zeros(2), mg.zeros(3)
    opt = Adam([a], lr=0.1)
    opt.add_param_group({"params": b, "betas": (0.5, 0.6)})
    assert opt.param_groups[1]["params"][0] is b
    assert opt.param_groups[1]["betas"] == (0.5, 0.6)
    assert opt.param_groups[1]["lr"] == 0.1


def test_named_parameters_keep_their_names():
    a, b = mg.zeros(2), mg.zeros(3)
    opt = SGD([("w", a), ("b", b)], lr=0.1)
    assert opt.param_groups[0]["param_names"] == ["w", "b"]
    assert opt.param_groups[0]["params"][1] is b


def test_parameters_from_a_generator():
    ps = params()
    opt = SGD((p for p in ps), lr=0.1)
    assert len(opt.param_groups[0]["params"]) == 3


def test_repr_lists_groups_and_options():
    opt = SGD([mg.zeros(1)], lr=0.1, momentum=0.9)
    text = repr(opt)
    assert text.startswith("SGD (\nParameter Group 0\n")
    assert "    lr: 0.1\n" in text and "    momentum: 0.9\n" in text and "params" not in text


# --------------------------------------------------------------------------------------------
# step and zero_grad
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("cls", "kwargs"), ALL, ids=IDS)
def test_step_updates_in_place_bumps_versions_and_skips_missing_grads(cls, kwargs):
    ps = params()
    arrays = [p.array for p in ps]
    before = [a.copy() for a in arrays]
    opt = cls(ps, **kwargs)
    set_grads(ps, 1)
    ps[1].grad = None
    opt.step()
    assert all(p.array is a for p, a in zip(ps, arrays))
    assert [p._version for p in ps] == [1, 0, 1]
    assert not np.array_equal(ps[0].array, before[0])
    np.testing.assert_array_equal(ps[1].array, before[1])
    assert all(p.is_leaf and p.grad_fn is None for p in ps)
    opt.step()
    assert [p._version for p in ps] == [2, 0, 2]


@pytest.mark.parametrize(("cls", "kwargs"), ALL, ids=IDS)
def test_step_never_writes_to_gradients(cls, kwargs):
    # The engine may give several tensors one gradient array: the update must only read it.
    ps = [mg.tensor(np.full(3, v), requires_grad=True) for v in (1.0, -2.0)]
    shared = mg.tensor(np.array([0.5, -1.0, 2.0]))
    ps[0].grad = ps[1].grad = shared
    opt = cls(ps, **kwargs)
    for _ in range(3):
        opt.step()
    np.testing.assert_array_equal(shared.data, [0.5, -1.0, 2.0])


@pytest.mark.parametrize(("cls", "kwargs"), ALL, ids=IDS)
def test_float32_stays_float32_and_matches_torch(torch, cls, kwargs):
    ps = params("float32")
    tps = [torch.tensor(p.array.copy(), requires_grad=True) for p in ps]
    opt = cls(ps, **kwargs)
    topt = getattr(torch.optim, cls.__name__)(tps, **kwargs)
    for step in range(5):
        set_grads(ps, step)
        for p, q in zip(ps, tps):
            q.grad = torch.tensor(p.grad.array)
        opt.step()
        topt.step()
    for p, q in zip(ps, tps):
        assert p.dtype == np.float32
        np.testing.assert_allclose(p.array, q.detach().numpy(), rtol=1e-5, atol=1e-6)
    for state in opt.state.values():
        assert all(v.dtype == np.float32 for v in state.values() if isinstance(v, np.ndarray))


def test_step_works_while_grad_mode_is_on():
    w = mg.tensor(np.ones(2), requires_grad=True)
    w.grad = mg.tensor(np.ones(2))
    assert mg.is_grad_enabled()
    SGD([w], lr=0.5).step()
    np.testing.assert_array_equal(w.array, [0.5, 0.5])
    assert w.is_leaf


def test_step_with_closure_returns_the_loss_and_records_the_graph():
    w = mg.tensor(np.array([3.0]), requires_grad=True)
    opt = SGD([w], lr=0.25)

    def closure():
        opt.zero_grad()
        loss = (w * w).sum()
        loss.backward()
        return loss

    with mg.no_grad():
        loss = opt.step(closure)
    assert loss.item() == 9.0
    np.testing.assert_array_equal(w.array, [1.5])


def test_training_a_least_squares_model_matches_torch(torch):
    rng = np.random.default_rng(0)
    X, y, w0 = rng.standard_normal((20, 3)), rng.standard_normal(20), rng.standard_normal(3)
    w = mg.tensor(w0.copy(), requires_grad=True)
    tw = torch.tensor(w0.copy(), requires_grad=True)
    opt, topt = Adam([w], lr=0.1), torch.optim.Adam([tw], lr=0.1)
    losses = []
    for _ in range(60):
        opt.zero_grad()
        topt.zero_grad()
        loss = ((mg.tensor(X) @ w - mg.tensor(y)) ** 2).mean()
        ((torch.tensor(X) @ tw - torch.tensor(y)) ** 2).mean().backward()
        loss.backward()
        opt.step()
        topt.step()
        losses.append(loss.item())
    np.testing.assert_allclose(w.array, tw.detach().numpy(), rtol=1e-10)
    best = np.mean((X @ np.linalg.lstsq(X, y, rcond=None)[0] - y) ** 2)
    assert losses[-1] - best < 0.05 * (losses[0] - best)


def test_zero_grad_sets_to_none_by_default():
    ps = params()
    set_grads(ps, 0)
    opt = SGD(ps)
    opt.zero_grad()
    assert all(p.grad is None for p in ps)


def test_zero_grad_without_none_gives_new_zeros_and_leaves_the_old_gradient():
    ps = params()
    set_grads(ps, 0)
    old = ps[0].grad
    old_values = old.array.copy()
    SGD(ps).zero_grad(set_to_none=False)
    assert ps[0].grad is not old
    np.testing.assert_array_equal(old.array, old_values)
    assert all(p.grad.shape == p.shape and not p.grad.array.any() for p in ps)


# --------------------------------------------------------------------------------------------
# State dict
# --------------------------------------------------------------------------------------------


def test_state_dict_structure_and_indices_across_groups():
    a, b, c = mg.zeros(2), mg.zeros(3), mg.zeros(())
    opt = SGD([{"params": [a, b]}, {"params": [c], "lr": 0.5}], lr=0.1, momentum=0.9)
    for p in (a, c):
        p.grad = mg.zeros_like(p) + 1
    opt.step()
    sd = opt.state_dict()
    assert [g["params"] for g in sd["param_groups"]] == [[0, 1], [2]]
    assert sd["param_groups"][1]["lr"] == 0.5
    assert sorted(sd["state"]) == [0, 2]
    assert sd["state"][0]["momentum_buffer"].tolist() == [1.0, 1.0]


@pytest.mark.parametrize(("cls", "kwargs"), ALL, ids=IDS)
def test_state_dict_is_a_copy(cls, kwargs):
    ps = params()
    opt = cls(ps, **kwargs)
    set_grads(ps, 0)
    opt.step()
    sd = opt.state_dict()
    frozen = {k: {n: np.copy(v) for n, v in s.items()} for k, s in sd["state"].items()}
    opt.param_groups[0]["lr"] = 123.0
    opt.step()
    assert sd["param_groups"][0]["lr"] == kwargs["lr"]
    for k, s in sd["state"].items():
        for n, v in s.items():
            np.testing.assert_array_equal(v, frozen[k][n])


@pytest.mark.parametrize("through_a_file", [False, True])
@pytest.mark.parametrize(("cls", "kwargs"), ALL, ids=IDS)
def test_load_state_dict_resumes_the_same_trajectory(tmp_path, cls, kwargs, through_a_file):
    ps = params()
    opt = cls(ps, **kwargs)
    for step in range(3):
        set_grads(ps, step)
        opt.step()
    sd = opt.state_dict()
    if through_a_file:
        mg.save(sd, tmp_path / "optim.npz")
        sd = mg.load(tmp_path / "optim.npz")
    resumed_ps = [mg.tensor(p.array.copy(), requires_grad=True) for p in ps]
    resumed = cls(resumed_ps, lr=0.5)
    resumed.load_state_dict(sd)
    assert resumed.param_groups[0]["lr"] == kwargs["lr"]
    for step in range(3, 6):
        set_grads(ps, step)
        set_grads(resumed_ps, step)
        opt.step()
        resumed.step()
    for p, q in zip(ps, resumed_ps):
        np.testing.assert_array_equal(p.array, q.array)


def test_load_state_dict_casts_to_the_parameters_dtype():
    p64 = mg.tensor(np.ones(2), requires_grad=True)
    p64.grad = mg.tensor(np.ones(2))
    opt = Adam([p64])
    opt.step()
    p32 = mg.tensor(np.ones(2, dtype="float32"), requires_grad=True)
    other = Adam([p32])
    other.load_state_dict(opt.state_dict())
    assert other.state[p32]["exp_avg"].dtype == np.float32
    assert other.state[p32]["step"] == 1


def test_load_state_dict_accepts_string_indices():
    p = mg.tensor(np.ones(2), requires_grad=True)
    p.grad = mg.tensor(np.ones(2))
    opt = SGD([p], momentum=0.9)
    opt.step()
    sd = opt.state_dict()
    sd["state"] = {str(k): v for k, v in sd["state"].items()}
    fresh = SGD([p], momentum=0.9)
    fresh.load_state_dict(sd)
    assert fresh.state[p]["momentum_buffer"].tolist() == [1.0, 1.0]


def _stepped_sgd(*shapes, momentum=0.9):
    ps = [mg.zeros(s, dtype="float64") for s in shapes]
    opt = SGD(ps, momentum=momentum)
    for p in ps:
        p.grad = mg.zeros_like(p) + 1
    opt.step()
    return opt


@pytest.mark.parametrize(
    ("make_target", "sd", "match"),
    [
        (
            lambda: SGD([mg.zeros(2)]),
            {"state": {}},
            r"SGD.load_state_dict: expected a dict with 'state' and 'param_groups'",
        ),
        (
            lambda: SGD([{"params": [mg.zeros(2)]}, {"params": [mg.zeros(3)]}]),
            _stepped_sgd(2, 3).state_dict(),
            r"the state dict has 1 parameter groups, the optimizer has 2",
        ),
        (
            lambda: SGD([mg.zeros(2)]),
            _stepped_sgd(2, 3).state_dict(),
            r"param group 0 has 2 parameters in the state dict but 1 in the optimizer",
        ),
        (
            lambda: SGD([mg.zeros(2), mg.zeros(4)], momentum=0.9),
            _stepped_sgd(2, 3).state_dict(),
            r"state 'momentum_buffer' of parameter 1 has shape \(3,\), but the parameter has "
            r"shape \(4,\)",
        ),
        (
            lambda: Adam([mg.zeros(2)]),
            _stepped_sgd(2).state_dict(),
            r"Adam.load_state_dict: param group 0 of the state dict lacks the options "
            r"\['amsgrad', 'betas', .*another optimizer than Adam",
        ),
        (
            lambda: SGD([mg.zeros(2)]),
            {**_stepped_sgd(2).state_dict(), "state": {5: {"momentum_buffer": np.zeros(2)}}},
            r"state for parameter 5, but the groups list 1 parameters",
        ),
    ],
    ids=["not-a-state-dict", "group-count", "group-size", "shape", "other-optimizer", "index"],
)
def test_load_state_dict_errors(make_target, sd, match):
    target = make_target()
    before = target.state_dict()
    with pytest.raises(ValueError, match=match):
        target.load_state_dict(sd)
    assert target.state_dict()["param_groups"] == before["param_groups"]


# --------------------------------------------------------------------------------------------
# Bad parameters
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("cls", "kwargs"), ALL, ids=IDS)
def test_empty_parameter_list(cls, kwargs):
    name = cls.__name__
    with pytest.raises(ValueError, match=rf"{name}: got an empty parameter list"):
        cls([], **kwargs)
    with pytest.raises(ValueError, match=rf"{name}: got an empty parameter list \(every group"):
        cls([{"params": []}], **kwargs)


def test_bad_parameters():
    a, b = mg.zeros(2, requires_grad=True), mg.zeros(3, requires_grad=True)
    cases = [
        (a, TypeError, r"SGD: params must be an iterable of Tensors or of dicts .* got Tensor"),
        ({"params": [a]}, TypeError, r"SGD: params must be an iterable .* got dict"),
        (3, TypeError, r"SGD: params must be an iterable .* got int"),
        (
            [a, [1.0, 2.0]],
            TypeError,
            r"SGD param group 0: parameter 1 is a list, not a minigrad Tensor",
        ),
        ([np.zeros(2)], TypeError, r"parameter 0 is a numpy.ndarray, not a minigrad Tensor"),
        (
            [mg.tensor([1, 2])],
            TypeError,
            r"parameter 0 \(shape \(2,\)\) has dtype int64; only floating",
        ),
        ([a * 2], ValueError, r"parameter 0 \(shape \(2,\)\) is not a leaf tensor"),
        ([a, b, a], ValueError, r"SGD param group 0: parameter 2 \(shape \(2,\)\) appears twice"),
        (
            [{"params": [a]}, {"params": [b, a]}],
            ValueError,
            r"SGD param group 1: some parameters are already in param group 0",
        ),
        (
            [{"params": {a, b}}],
            TypeError,
            r"SGD param group 0: params must be an ordered collection",
        ),
        ([{"lr": 0.1}], ValueError, r"SGD param group 0: the dict has no 'params' entry"),
        ([{"params": [a]}, b], TypeError, r"SGD: a parameter group must be a dict, got Tensor"),
        ([("w", a), b], ValueError, r"SGD param group 0: give every parameter a name, or none"),
        (
            [{"params": [a]}, {"params": [b], "lr": -1.0}],
            ValueError,
            r"SGD param group 1: invalid lr=-1.0; it must be >= 0",
        ),
    ]
    for params_arg, exc, match in cases:
        with pytest.raises(exc, match=match):
            SGD(params_arg, lr=0.1)


def test_add_param_group_errors_leave_the_optimizer_unchanged():
    a, b = mg.zeros(2), mg.zeros(3)
    opt = Adam([a])
    with pytest.raises(ValueError, match=r"Adam param group 1: some parameters are already in"):
        opt.add_param_group({"params": [b, a]})
    with pytest.raises(ValueError, match=r"Adam param group 1: invalid betas\[0\]=1.5"):
        opt.add_param_group({"params": [b], "betas": (1.5, 0.9)})
    with pytest.raises(TypeError, match=r"Adam: a parameter group must be a dict, got list"):
        opt.add_param_group([b])
    assert len(opt.param_groups) == 1


def test_grad_of_the_wrong_shape_is_refused_before_any_update():
    a, b = mg.zeros(2), mg.zeros(3)
    a.grad, b.grad = mg.ones(2), mg.ones(4)
    opt = SGD([a, b], lr=0.1)
    with pytest.raises(
        ValueError,
        match=r"SGD.step: parameter 1 of group 0 has shape \(3,\) "
        r"but its .grad has shape \(4,\)",
    ):
        opt.step()
    assert not a.array.any() and a._version == 0


def test_base_class_needs_an_update_rule():
    opt = Optimizer([mg.zeros(1)], {"lr": 0.1})
    opt.param_groups[0]["params"][0].grad = mg.ones(1)
    with pytest.raises(NotImplementedError, match="Optimizer defines no _update"):
        opt.step()


@pytest.mark.parametrize("name", ["SGD", "Adam", "AdamW"])
def test_implementation_switches_are_in_the_param_groups_as_in_pytorch(name):
    # "Saving and Loading Models" prints optimizer.state_dict(): its groups must be PyTorch's
    torch = pytest.importorskip("torch")
    ours = getattr(mg.optim, name)([mg.nn.Parameter(mg.zeros(2))], foreach=False, fused=True)
    theirs = getattr(torch.optim, name)([torch.nn.Parameter(torch.zeros(2))], foreach=False)
    theirs.param_groups[0]["fused"] = True  # fused CPU kernels: not every build has them
    assert ours.state_dict()["param_groups"] == theirs.state_dict()["param_groups"]


@pytest.mark.parametrize(
    "name, kwargs, error, match",
    [
        ("SGD", {"differentiable": True}, ValueError, r"SGD: differentiable=True \(autograd"),
        ("Adam", {"capturable": True}, ValueError, r"Adam: capturable=True \(CUDA graph"),
        ("AdamW", {"foreach": 1}, TypeError, "AdamW: foreach must be None or a bool, got 1"),
        ("Adam", {"differentiable": None}, TypeError, "Adam: differentiable must be a bool"),
    ],
)
def test_implementation_switches_that_cannot_be_honoured_are_refused(name, kwargs, error, match):
    with pytest.raises(error, match=match):
        getattr(mg.optim, name)([mg.nn.Parameter(mg.zeros(2))], **kwargs)
