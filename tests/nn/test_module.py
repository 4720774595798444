"""Tests for minigrad.nn.module: registration, iteration, modes, state dicts, repr."""

import copy

import numpy as np
import pytest

import minigrad as mg
from minigrad import nn


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(3, 4)
        self.scale = nn.Parameter(np.ones(4, np.float32))
        self.register_buffer("count", mg.zeros(1))
        self.register_buffer("cache", mg.zeros(2), persistent=False)
        self.note = "plain attribute"

    def forward(self, x):
        return self.fc(x) * self.scale


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.body = nn.Sequential(Block(), nn.ReLU())
        self.head = nn.Linear(4, 2)

    def forward(self, x):
        return self.head(self.body(x))


def test_parameter_is_a_leaf_tensor_that_requires_grad():
    p = nn.Parameter(mg.tensor([1.0, 2.0]))
    assert isinstance(p, mg.Tensor) and p.requires_grad and p.is_leaf
    assert p.dtype == np.float32
    assert nn.Parameter(np.zeros(2)).dtype == np.float64
    assert not nn.Parameter(mg.zeros(2), requires_grad=False).requires_grad
    assert nn.Parameter().shape == (0,)
    assert repr(p).startswith("Parameter containing:\ntensor([1., 2.]")
    t = mg.zeros(3)
    assert nn.Parameter(t).array is t.array  # shares the array, as PyTorch does


def test_attribute_assignment_registers_parameters_buffers_and_modules():
    b = Block()
    assert list(b._parameters) == ["scale"]
    assert list(b._modules) == ["fc"]
    assert list(b._buffers) == ["count", "cache"]
    assert b.note == "plain attribute" and "note" in b.__dict__
    assert b.fc.weight is b._modules["fc"]._parameters["weight"]
    assert "fc" in dir(b) and "scale" in dir(b)
    # Re-assigning a name to a different kind moves it between registries.
    b.fc = nn.Parameter(mg.zeros(1))
    assert "fc" in b._parameters and "fc" not in b._modules
    del b.fc
    assert not hasattr(b, "fc")
    b.count = mg.ones(1)  # a plain Tensor to a buffer name stays a buffer
    assert b._buffers["count"].array[0] == 1


def test_assignment_errors():
    b = Block()
    with pytest.raises(TypeError, match="cannot assign ndarray as parameter 'scale'"):
        b.scale = np.ones(4)
    with pytest.raises(TypeError, match="cannot assign int as child module 'fc'"):
        b.fc = 3
    with pytest.raises(TypeError, match="cannot assign list as buffer 'count'"):
        b.count = [1]
    b.scale = None
    assert b.scale is None and "scale" in b._parameters

    class Broken(nn.Module):
        def __init__(self):
            self.w = nn.Parameter(mg.zeros(1))

    with pytest.raises(AttributeError, match=r"cannot assign parameters before Module.__init__"):
        Broken()
    with pytest.raises(KeyError, match="attribute 'note' already exists"):
        b.register_buffer("note", mg.zeros(1))
    with pytest.raises(KeyError, match="parameter name must be non-empty and without"):
        b.register_parameter("a.b", None)
    with pytest.raises(AttributeError, match="'Block' object has no attribute 'nope'"):
        b.nope  # noqa: B018


def test_iteration_order_names_and_sharing():
    net = Net()
    names = [n for n, _ in net.named_parameters()]
    assert names == [
        "body.0.scale",
        "body.0.fc.weight",
        "body.0.fc.bias",
        "head.weight",
        "head.bias",
    ]
    assert [n for n, _ in net.named_buffers()] == ["body.0.count", "body.0.cache"]
    assert [n for n, _ in net.named_modules()] == [
        "",
        "body",
        "body.0",
        "body.0.fc",
        "body.1",
        "head",
    ]
    assert [n for n, _ in net.named_children()] == ["body", "head"]
    assert len(list(net.children())) == 2 and len(list(net.modules())) == 6
    assert [n for n, _ in net.named_parameters(recurse=False)] == []
    assert net.get_submodule("body.0.fc") is net.body[0].fc
    with pytest.raises(AttributeError, match="Sequential has no submodule '7'"):
        net.get_submodule("body.7")
    # A shared module / parameter is listed once.
    shared = nn.Linear(2, 2)
    seq = nn.Sequential(shared, shared)
    assert len(list(seq.parameters())) == 2 and len(list(seq.modules())) == 2


def test_train_eval_requires_grad_and_zero_grad():
    net = Net()
    assert net.training and all(m.training for m in net.modules())
    assert net.eval() is net and not any(m.training for m in net.modules())
    net.train()
    assert all(m.training for m in net.modules())
    with pytest.raises(TypeError, match="train: mode must be a bool"):
        net.train("no")
    net(mg.randn(5, 3)).sum().backward()
    assert all(p.grad is not None for p in net.parameters())
    net.zero_grad(set_to_none=False)
    assert all((p.grad.array == 0).all() for p in net.parameters())
    net.zero_grad()
    assert all(p.grad is None for p in net.parameters())
    net.requires_grad_(False)
    assert not any(p.requires_grad for p in net.parameters())


def test_call_records_the_module_scope_on_every_node():
    net = Net()
    out = net(mg.randn(2, 3))
    scopes = {
        tuple(type(m).__name__ for m in t._ctx.scope)
        for t in mg.autograd.graph_nodes(out)
        if t._ctx is not None
    }
    assert ("Net", "Linear") in scopes
    assert ("Net", "Sequential", "Block", "Linear") in scopes
    assert ("Net", "Sequential", "ReLU") in scopes


def test_forward_must_be_defined():
    with pytest.raises(NotImplementedError, match='Module is missing the "forward" method'):
        nn.Module()(1)


def test_apply_to_and_double():
    net = Net()
    seen = []
    net.apply(lambda m: seen.append(type(m).__name__))
    assert seen[-1] == "Net" and seen.count("Linear") == 2
    w = net.head.weight
    net.double()
    assert net.head.weight is w and w.dtype == np.float64
    assert net.body[0].count.dtype == np.float64
    assert net(mg.randn(2, 3, dtype=np.float64)).dtype == np.float64
    net.float()
    assert w.dtype == np.float32
    with pytest.raises(TypeError, match="Module.to: expected a floating-point dtype, got int64"):
        net.to(np.int64)


# --------------------------------------------------------------------------------------------
# state_dict
# --------------------------------------------------------------------------------------------


def test_state_dict_has_parameters_and_persistent_buffers_sharing_memory():
    net = Net()
    sd = net.state_dict()
    assert list(sd) == [
        "body.0.scale",
        "body.0.count",
        "body.0.fc.weight",
        "body.0.fc.bias",
        "head.weight",
        "head.bias",
    ]
    # As in PyTorch: detached tensors sharing the module's memory; deepcopy for a snapshot.
    assert all(type(v) is mg.Tensor and not v.requires_grad for v in sd.values())
    assert sd["head.bias"].array is net.head.bias.array
    snapshot = copy.deepcopy(sd)
    with mg.no_grad():
        net.head.bias.fill_(123.0)
    assert (sd["head.bias"].array == 123).all() and not (snapshot["head.bias"].array == 123).any()
    assert net.state_dict(keep_vars=True)["head.bias"] is net.head.bias
    assert list(net.head.state_dict(prefix="head.")) == ["head.weight", "head.bias"]


def test_state_dict_round_trip_and_version_bump():
    a, b = Net(), Net()
    x = mg.randn(4, 3)
    assert not np.allclose(a(x).array, b(x).array)
    version = b.head.weight._version
    result = b.load_state_dict(a.state_dict())
    assert result == nn.IncompatibleKeys([], [])
    np.testing.assert_array_equal(a(x).array, b(x).array)
    assert b.head.weight._version > version
    # Tensors and float64 arrays are accepted and cast to each target's dtype.
    b.load_state_dict({k: mg.tensor(v.astype(np.float64)) for k, v in a.state_dict().items()})
    assert b.head.weight.dtype == np.float32


def test_load_state_dict_from_another_model_lists_every_problem():
    net = Net()
    sd = net.state_dict()
    sd["head.weight"] = np.zeros((3, 4))
    del sd["head.bias"]
    sd["extra.weight"] = np.zeros(1)
    before = net.body[0].fc.weight.array.copy()
    sd["body.0.fc.weight"] = before + 1
    with pytest.raises(nn.StateDictError) as info:
        net.load_state_dict(sd)
    msg = str(info.value)
    assert "does not fit Net" in msg
    assert "missing keys: 'head.bias'" in msg
    assert "unexpected keys: 'extra.weight'" in msg
    assert (
        "size mismatch for head.weight: the state dict has shape (3, 4), the model has shape (2, 4)"
    ) in msg
    assert isinstance(info.value, ValueError) and isinstance(info.value, RuntimeError)
    np.testing.assert_array_equal(net.body[0].fc.weight.array, before)  # nothing was copied
    # strict=False reports the key differences, but a size mismatch still fails.
    with pytest.raises(nn.StateDictError, match="size mismatch for head.weight"):
        net.load_state_dict(sd, strict=False)
    sd["head.weight"] = np.zeros((2, 4))
    result = net.load_state_dict(sd, strict=False)
    assert result.missing_keys == ["head.bias"] and result.unexpected_keys == ["extra.weight"]
    assert (net.head.weight.array == 0).all()
    with pytest.raises(TypeError, match="expected a mapping of names to arrays, got list"):
        net.load_state_dict([1, 2])
    with pytest.raises(nn.StateDictError, match="head.bias: expected an array of numbers, got str"):
        net.load_state_dict({**net.state_dict(), "head.bias": "zero"})


def test_state_dict_loads_into_and_from_pytorch(torch):
    net = nn.Sequential(nn.Conv2d(1, 2, 3), nn.BatchNorm2d(2), nn.Flatten(), nn.Linear(8, 3))
    tnet = torch.nn.Sequential(
        torch.nn.Conv2d(1, 2, 3), torch.nn.BatchNorm2d(2), torch.nn.Flatten(), torch.nn.Linear(8, 3)
    )
    assert list(net.state_dict()) == list(tnet.state_dict())
    tnet.load_state_dict({k: torch.tensor(v.numpy()) for k, v in net.state_dict().items()})
    net.load_state_dict({k: v.numpy() for k, v in tnet.state_dict().items()})


def test_deepcopy_gives_an_independent_model():
    net = Net()
    twin = copy.deepcopy(net)
    twin.head.weight.array += 1
    assert not np.allclose(net.head.weight.array, twin.head.weight.array)
    assert [n for n, _ in twin.named_parameters()] == [n for n, _ in net.named_parameters()]


# --------------------------------------------------------------------------------------------
# repr
# --------------------------------------------------------------------------------------------


def test_custom_module_repr():
    assert repr(Block()) == ("Block(\n  (fc): Linear(in_features=3, out_features=4, bias=True)\n)")
