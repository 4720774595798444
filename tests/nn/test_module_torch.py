"""Module features PyTorch programs use, against PyTorch: hooks and their handles, to(dtype /
device), half, cuda's error, get_parameter, state_dict tensors, load_state_dict's named tuple,
ParameterList/Dict, and every new layer's forward, gradient and repr."""

import copy

import numpy as np
import pytest

import minigrad as mg
from minigrad import nn

rng = np.random.default_rng(3)


def copy_weights(ours, theirs, torch):
    theirs.load_state_dict({k: torch.tensor(v.numpy()) for k, v in ours.state_dict().items()})


def make_pair(torch, build):
    ours, theirs = build(nn), build(torch.nn)
    ours.double()
    theirs.double()
    copy_weights(ours, theirs, torch)
    return ours, theirs


LAYERS = [
    lambda m: m.Sequential(m.Linear(4, 6), m.GELU(), m.Linear(6, 3), m.Softplus(beta=2.0)),
    lambda m: m.Sequential(m.Linear(4, 6), m.SiLU(), m.Mish(), m.ELU(alpha=0.5), m.SELU()),
    lambda m: m.Sequential(m.Linear(4, 4), m.CELU(), m.Hardtanh(-0.5, 0.5), m.ReLU6()),
    lambda m: m.Sequential(m.Linear(4, 4), m.Hardswish(), m.Hardsigmoid(), m.LogSigmoid()),
    lambda m: m.Sequential(m.Softsign(), m.Tanhshrink(), m.Threshold(0.1, -1.0), m.Softmin(1)),
    lambda m: m.Sequential(m.Linear(4, 6), m.PReLU(), m.GLU(), m.LogSoftmax(dim=1)),
    lambda m: m.Sequential(m.Softshrink(0.3), m.Hardshrink(0.2), m.Softmax(dim=-1)),
    lambda m: m.Sequential(m.Unflatten(1, (2, 2)), m.Flatten(), m.Identity(), m.LeakyReLU(0.1)),
]


@pytest.mark.parametrize("build", LAYERS)
def test_layers_match_torch_forward_gradient_and_repr(torch, build):
    ours, theirs = make_pair(torch, build)
    assert repr(ours) == repr(theirs)
    x = rng.standard_normal((5, 4))
    X, tX = mg.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    out, tout = ours(X), theirs(tX)
    np.testing.assert_allclose(out.array, tout.detach().numpy(), rtol=1e-10, atol=1e-12)
    out.sum().backward()
    tout.sum().backward()
    # PyTorch's hard-sigmoid VJP multiplies by a float32 1/6, even in float64.
    rtol = 1e-7 if "Hardsigmoid" in repr(ours) else 1e-9
    np.testing.assert_allclose(X.grad.array, tX.grad.numpy(), rtol=rtol, atol=1e-12)
    for p, tp in zip(ours.parameters(), theirs.parameters()):
        np.testing.assert_allclose(p.grad.array, tp.grad.numpy(), rtol=rtol, atol=1e-12)


def test_prelu_per_channel_and_bilinear_match_torch(torch):
    ours, theirs = make_pair(torch, lambda m: m.PReLU(3, init=0.1))
    x = rng.standard_normal((2, 3, 4))
    np.testing.assert_allclose(ours(mg.tensor(x)).array, theirs(torch.tensor(x)).detach().numpy())
    assert repr(ours) == repr(theirs)
    ours, theirs = make_pair(torch, lambda m: m.Bilinear(3, 2, 4))
    a, b = rng.standard_normal((5, 3)), rng.standard_normal((5, 2))
    out, tout = ours(mg.tensor(a), mg.tensor(b)), theirs(torch.tensor(a), torch.tensor(b))
    np.testing.assert_allclose(out.array, tout.detach().numpy(), rtol=1e-12)
    assert repr(ours) == repr(theirs)


@pytest.mark.parametrize(
    "build, args",
    [
        (lambda m: m.MSELoss(), 2),
        (lambda m: m.L1Loss(reduction="sum"), 2),
        (lambda m: m.SmoothL1Loss(beta=0.5), 2),
        (lambda m: m.HuberLoss(delta=0.5), 2),
        (lambda m: m.SoftMarginLoss(), "pm1"),
        (lambda m: m.KLDivLoss(reduction="batchmean", log_target=True), 2),
        (lambda m: m.MarginRankingLoss(margin=0.1), "rank"),
        (lambda m: m.HingeEmbeddingLoss(), "pm1"),
        (lambda m: m.CosineEmbeddingLoss(), "cos"),
        (lambda m: m.TripletMarginLoss(margin=0.5), 3),
        (lambda m: m.PoissonNLLLoss(), 2),
        (lambda m: m.GaussianNLLLoss(), "var"),
        (lambda m: m.CosineSimilarity(dim=1), 2),
        (lambda m: m.PairwiseDistance(p=1.0), 2),
    ],
)
def test_loss_modules_match_torch(torch, build, args):
    ours, theirs = build(nn), build(torch.nn)
    assert repr(ours) == repr(theirs)
    a, b, c = (rng.standard_normal((4, 3)) for _ in range(3))
    sign = np.where(rng.standard_normal(4) > 0, 1.0, -1.0)
    inputs = {
        2: [a, b],
        3: [a, b, c],
        "pm1": [a, np.where(b > 0, 1.0, -1.0)],
        "rank": [a[:, 0], b[:, 0], sign],
        "cos": [a, b, sign],
        "var": [a, b, np.abs(c) + 0.1],
    }[args]
    ours_out = ours(*[mg.tensor(x) for x in inputs])
    theirs_out = theirs(*[torch.tensor(x) for x in inputs])
    np.testing.assert_allclose(ours_out.array, theirs_out.numpy(), rtol=1e-10, atol=1e-12)


def test_legacy_loss_constructor_flags_and_positional_order(torch):
    assert (
        nn.MSELoss(size_average=False).reduction == torch.nn.MSELoss(size_average=False).reduction
    )
    assert nn.CrossEntropyLoss(None, None, 3).ignore_index == 3
    assert nn.BCEWithLogitsLoss(reduce=False).reduction == "none"


def test_forward_hooks_pre_hooks_and_handles(torch):
    net = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
    seen = []
    h1 = net[0].register_forward_hook(lambda m, args, out: seen.append(("fwd", out.shape)))
    h2 = net[2].register_forward_pre_hook(lambda m, args: (args[0] * 0,))
    out = net(mg.ones(5, 3))
    assert seen == [("fwd", (5, 4))]
    np.testing.assert_allclose(out.array, np.broadcast_to(net[2].bias.array, (5, 2)))
    h1.remove()
    h2.remove()
    net(mg.ones(5, 3))
    assert len(seen) == 1
    replaced = net.register_forward_hook(lambda m, args, out: out * 2)
    np.testing.assert_allclose(
        net(mg.ones(1, 3)).array, 2 * (net[2](net[1](net[0](mg.ones(1, 3))))).array
    )
    replaced.remove()
    with net.register_forward_hook(lambda *a: seen.append("ctx")):
        net(mg.ones(1, 3))
    net(mg.ones(1, 3))
    assert seen.count("ctx") == 1


def as_array(g):
    return g.array if isinstance(g, mg.Tensor) else g.detach().numpy()


def test_full_backward_hook_matches_torch(torch):
    ours, theirs = make_pair(
        torch, lambda m: m.Sequential(m.Linear(3, 4), m.Tanh(), m.Linear(4, 2))
    )
    records = {"ours": [], "theirs": []}

    def hook(key):
        def h(module, grad_input, grad_output):
            records[key].append(
                ([as_array(g) for g in grad_input], [as_array(g) for g in grad_output])
            )
            return tuple(None if g is None else g * 2 for g in grad_input)

        return h

    ours[1].register_full_backward_hook(hook("ours"))
    theirs[1].register_full_backward_hook(hook("theirs"))
    ours[0].register_full_backward_hook(hook("ours"))
    theirs[0].register_full_backward_hook(hook("theirs"))
    x = rng.standard_normal((5, 3))
    X, tX = mg.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    ours(X).sum().backward()
    theirs(tX).sum().backward()
    assert len(records["ours"]) == len(records["theirs"]) == 2
    for (gi, go), (tgi, tgo) in zip(records["ours"], records["theirs"]):
        for a, b in zip(gi + go, tgi + tgo):
            np.testing.assert_allclose(a, b, rtol=1e-12)
    np.testing.assert_allclose(X.grad.array, tX.grad.numpy(), rtol=1e-12)
    for p, tp in zip(ours.parameters(), theirs.parameters()):
        np.testing.assert_allclose(p.grad.array, tp.grad.numpy(), rtol=1e-12)


def test_backward_hook_on_a_first_layer_gets_none_grad_input(torch):
    layer = nn.Linear(3, 2)
    got = []
    layer.register_full_backward_hook(lambda m, gi, go: got.append((gi, go[0].shape)))
    layer(mg.ones(4, 3)).sum().backward()
    assert got == [((None,), (4, 2))]


def test_to_dtype_device_half_cpu_and_cuda():
    net = nn.Sequential(nn.Linear(3, 2), nn.BatchNorm1d(2))
    assert net.to(mg.float64) is net and net[0].weight.dtype == np.float64
    assert net.to("cpu").to(device="cpu:0").cpu() is net
    net.to(mg.tensor(np.zeros(1, np.float32)))
    assert net[0].weight.dtype == np.float32
    net.to("cpu", np.float64)
    assert net[1].running_mean.dtype == np.float64
    assert net[1].num_batches_tracked.dtype == np.int64  # integer buffers keep their dtype
    assert net.half()[0].weight.dtype == np.float16
    net.float()

    class Dev:
        type = "cpu"

    net.to(Dev())
    with pytest.raises(RuntimeError, match=r"Module.to: device 'cuda' is not available"):
        net.to("cuda")
    with pytest.raises(RuntimeError, match="Module.cuda: minigrad runs on the CPU only"):
        net.cuda()
    with pytest.raises(TypeError, match="Module.to: expected a floating-point dtype"):
        net.to(np.int64)
    with pytest.raises(RuntimeError, match=r"Embedding: device 'mps' is not available"):
        nn.Embedding(3, 2, device="mps")


def test_get_parameter_buffer_submodule_and_register_module(torch):
    net = nn.Sequential(nn.Linear(3, 2), nn.BatchNorm1d(2))
    assert net.get_parameter("0.weight") is net[0].weight
    assert net.get_buffer("1.running_var") is net[1].running_var
    assert net.get_submodule("1") is net[1]
    with pytest.raises(AttributeError, match="Linear has no parameter 'wait'"):
        net.get_parameter("0.wait")
    net.register_module("extra", nn.ReLU())
    assert [n for n, _ in net.named_children()] == ["0", "1", "extra"]


def test_state_dict_tensors_load_with_named_tuple_and_deepcopy(torch):
    net = nn.Linear(3, 2)
    sd = net.state_dict()
    assert isinstance(sd["weight"], mg.Tensor) and sd["weight"].shape == (2, 3)
    best = copy.deepcopy(sd)
    other = nn.Linear(3, 2)
    result = other.load_state_dict(best)
    assert result.missing_keys == [] and result.unexpected_keys == []
    np.testing.assert_array_equal(other.weight.array, net.weight.array)
    result = other.load_state_dict({"weight": sd["weight"]}, strict=False)
    assert result == (["bias"], []) and type(result).__name__ == "IncompatibleKeys"
    dest = {}
    assert net.state_dict(destination=dest, prefix="fc.") is dest and list(dest) == [
        "fc.weight",
        "fc.bias",
    ]
    mg.nn.Linear(3, 2).load_state_dict(net.state_dict(), assign=True)


def test_parameter_list_and_dict(torch):
    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.ws = nn.ParameterList([nn.Parameter(mg.ones(2)), mg.zeros(3)])
            self.d = nn.ParameterDict({"a": nn.Parameter(mg.ones(1))})

    net = Net()
    net.ws.append(mg.ones(4))
    net.d["b"] = nn.Parameter(mg.zeros(2))
    assert [n for n, _ in net.named_parameters()] == ["ws.0", "ws.1", "ws.2", "d.a", "d.b"]
    assert len(net.ws) == 3 and isinstance(net.ws[1], nn.Parameter) and "a" in net.d
    assert list(net.state_dict()) == ["ws.0", "ws.1", "ws.2", "d.a", "d.b"]
    with pytest.raises(TypeError, match="ParameterList: expected a Parameter or a Tensor"):
        net.ws.append([1.0])


def test_module_errors_name_the_module():
    with pytest.raises(TypeError, match="LeakyReLU: negative_slope must be a real number, got 'a'"):
        nn.LeakyReLU("a")
    with pytest.raises(TypeError, match="Dropout: p must be a real number"):
        nn.Dropout("0.5")
    with pytest.raises(ValueError, match="GELU: approximate must be"):
        nn.GELU("fast")
    with pytest.raises(ValueError, match="ZeroPad2d: padding must be an int or a tuple of 4"):
        nn.ZeroPad2d((1, 2))


@pytest.mark.parametrize(
    "build, shape",
    [
        (lambda m: m.ZeroPad2d((1, 0, 2, 1)), (2, 3, 4, 4)),
        (lambda m: m.ConstantPad1d(2, 3.5), (2, 3, 4)),
        (lambda m: m.ReflectionPad2d(1), (2, 3, 4, 4)),
        (lambda m: m.ReplicationPad1d((2, 1)), (2, 3, 4)),
        (lambda m: m.ReplicationPad3d(1), (1, 2, 3, 3, 3)),
        (lambda m: m.CircularPad2d((1, 1, 0, 2)), (1, 2, 3, 4)),
    ],
)
def test_padding_layers_match_torch(torch, build, shape):
    ours, theirs = build(nn), build(torch.nn)
    assert repr(ours) == repr(theirs)
    x = rng.standard_normal(shape)
    np.testing.assert_array_equal(ours(mg.tensor(x)).array, theirs(torch.tensor(x)).numpy())


def test_dropout_layers_modes_and_reprs(torch):
    for name, ndim in [
        ("Dropout", 2),
        ("Dropout1d", 3),
        ("Dropout2d", 4),
        ("Dropout3d", 5),
        ("AlphaDropout", 2),
        ("FeatureAlphaDropout", 3),
    ]:
        ours, theirs = getattr(nn, name)(0.3), getattr(torch.nn, name)(0.3)
        assert repr(ours) == repr(theirs)
        x = mg.ones(*(2,) * ndim)
        assert ours.eval()(x) is x
        assert ours.train()(x).shape == x.shape


def test_hooks_with_kwargs_and_prepend_match_torch(torch):
    def run(m):
        class Scale(m.Module):
            def forward(self, x, factor=1.0):
                return x * factor

        layer, order = Scale(), []
        layer.register_forward_pre_hook(lambda mod, a, kw: (a, {"factor": 3.0}), with_kwargs=True)
        layer.register_forward_hook(
            lambda mod, a, kw, out: order.append(("kw", kw)) or out + 1, with_kwargs=True
        )
        layer.register_forward_hook(lambda mod, a, out: order.append("first"), prepend=True)
        out = layer(mg.ones(2) if m is nn else torch.ones(2), factor=2.0)
        return out.tolist(), order

    assert run(nn) == run(torch.nn)


def test_rrelu_and_softmax2d_match_torch(torch):
    x = rng.standard_normal((2, 3, 4, 5))
    ours, theirs = nn.RReLU(0.1, 0.3), torch.nn.RReLU(0.1, 0.3)
    assert repr(ours) == repr(theirs)
    ours.eval()
    theirs.eval()
    np.testing.assert_allclose(ours(mg.tensor(x)).array, theirs(torch.tensor(x)).numpy())
    ours.train()
    out = ours(mg.tensor(x)).array
    neg = x < 0
    slopes = out[neg] / x[neg]
    assert slopes.min() >= 0.1 and slopes.max() <= 0.3 and slopes.std() > 0.01
    np.testing.assert_array_equal(out[~neg], x[~neg])
    X, tX = mg.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    out, tout = nn.Softmax2d()(X), torch.nn.Softmax2d()(tX)
    np.testing.assert_allclose(out.array, tout.detach().numpy(), rtol=1e-12)
    with pytest.raises(ValueError, match="Softmax2d: expected a 3-D or 4-D input"):
        nn.Softmax2d()(mg.zeros(3))
