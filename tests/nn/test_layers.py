"""Tests for the layers: forward, gradients and repr against PyTorch with the same weights,
PyTorch's default initialisation, train/eval behaviour, and bad input."""

import math

import numpy as np
import pytest

import minigrad as mg
from minigrad import nn
from minigrad.testing import gradcheck, gradgradcheck

rng = np.random.default_rng(0)

# (constructor, input shape), built the same way from minigrad.nn and torch.nn.
LAYERS = [
    ("Linear(4, 3)", (2, 5, 4)),
    ("Linear(4, 3, bias=False)", (4,)),
    ("Conv1d(2, 4, 3, stride=2, padding=1)", (2, 2, 9)),
    ("Conv2d(2, 4, (3, 2), stride=(2, 1), padding=1, dilation=(1, 2), groups=2)", (2, 2, 7, 8)),
    ("Conv2d(3, 2, 3, padding='same', bias=False)", (3, 5, 6)),
    ("Conv3d(2, 3, 2, padding='valid')", (1, 2, 3, 4, 3)),
    ("ConvTranspose1d(2, 3, 3, stride=2, output_padding=1)", (2, 2, 5)),
    ("ConvTranspose2d(4, 2, 3, stride=2, padding=1, output_padding=1, groups=2)", (2, 4, 3, 4)),
    ("ConvTranspose3d(2, 2, 2, dilation=2)", (1, 2, 2, 3, 2)),
    ("MaxPool1d(3, stride=2, padding=1)", (2, 3, 9)),
    ("MaxPool2d(2)", (2, 3, 6, 8)),
    ("MaxPool2d(3, stride=2, ceil_mode=True)", (3, 7, 8)),
    ("MaxPool3d(2, dilation=1)", (1, 2, 4, 4, 6)),
    ("AvgPool1d(2)", (2, 3, 8)),
    ("AvgPool2d(3, stride=2, padding=1, count_include_pad=False)", (2, 3, 7, 7)),
    ("AvgPool3d(2, ceil_mode=True)", (1, 2, 5, 4, 4)),
    ("AdaptiveAvgPool1d(3)", (2, 3, 7)),
    ("AdaptiveAvgPool2d((2, 3))", (2, 3, 7, 8)),
    ("AdaptiveAvgPool2d(1)", (2, 3, 5, 5)),
    ("AdaptiveAvgPool3d(2)", (1, 2, 5, 4, 3)),
    ("AdaptiveMaxPool1d(4)", (2, 3, 9)),
    ("AdaptiveMaxPool2d((3, 2))", (2, 3, 7, 5)),
    ("AdaptiveMaxPool3d(1)", (1, 2, 3, 4, 5)),
    ("BatchNorm1d(3)", (4, 3)),
    ("BatchNorm1d(3, momentum=None, affine=False)", (4, 3, 5)),
    ("BatchNorm2d(3, eps=1e-3, momentum=0.3)", (2, 3, 4, 4)),
    ("BatchNorm2d(3, track_running_stats=False)", (2, 3, 4, 4)),
    ("Dropout(0.0)", (3, 4)),
    ("Flatten()", (2, 3, 4)),
    ("Flatten(0, 1)", (2, 3, 4)),
    ("Identity(54, unused=1)", (2, 3)),
    ("ReLU()", (3, 4)),
    ("LeakyReLU(0.1)", (3, 4)),
    ("Sigmoid()", (3, 4)),
    ("Tanh()", (3, 4)),
    ("Softmax(dim=1)", (3, 4)),
    ("LogSoftmax(-1)", (3, 4)),
]


def build(lib, spec):
    return eval(spec, dict(vars(lib.nn)))


def twins(torch, spec):
    """The layer in minigrad (float64) and in PyTorch, with the same weights."""
    layer = build(mg, spec).double()
    tlayer = build(torch, spec)
    tlayer.load_state_dict({k: torch.tensor(v.numpy()) for k, v in layer.state_dict().items()})
    return layer, tlayer


@pytest.mark.parametrize("spec, shape", LAYERS, ids=[s for s, _ in LAYERS])
@pytest.mark.parametrize("mode", ["train", "eval"])
def test_layer_matches_torch(torch, spec, shape, mode):
    layer, tlayer = twins(torch, spec)
    layer.train(mode == "train")
    tlayer.train(mode == "train")
    assert repr(layer) == repr(tlayer)
    x = mg.tensor(rng.standard_normal(shape), requires_grad=True)
    tx = torch.tensor(x.array, requires_grad=True)
    out, tout = layer(x), tlayer(tx)
    np.testing.assert_allclose(out.array, tout.detach().numpy(), rtol=1e-7, atol=1e-10)
    g = rng.standard_normal(out.shape)
    out.backward(mg.tensor(g))
    tout.backward(torch.tensor(g))
    np.testing.assert_allclose(x.grad.array, tx.grad.numpy(), rtol=1e-7, atol=1e-10)
    tparams = dict(tlayer.named_parameters())
    assert [n for n, _ in layer.named_parameters()] == list(tparams)
    for name, p in layer.named_parameters():
        np.testing.assert_allclose(
            p.grad.array, tparams[name].grad.numpy(), rtol=1e-7, atol=1e-10, err_msg=name
        )
    for name, b in tlayer.state_dict().items():  # running statistics after the step
        np.testing.assert_allclose(layer.state_dict()[name], b.numpy(), rtol=1e-7, err_msg=name)


@pytest.mark.parametrize(
    "spec, shape",
    [
        ("Linear(3, 2)", (2, 3)),
        ("Conv2d(2, 2, 2, stride=2, padding=1)", (1, 2, 3, 3)),
        ("ConvTranspose1d(2, 1, 2, stride=2)", (1, 2, 3)),
        ("BatchNorm2d(2)", (2, 2, 2, 2)),
    ],
)
def test_layer_gradcheck_through_parameters(spec, shape):
    layer = build(mg, spec).double()
    x = mg.tensor(rng.standard_normal(shape), requires_grad=True)
    names = [n for n, _ in layer.named_parameters()]

    def call(x, *params):
        # The checker passes its own copies of the parameters: run the layer with them.
        layer._parameters.update(zip(names, params))
        return layer(x).tanh()

    gradcheck(call, [x, *layer.parameters()])
    gradgradcheck(call, [x, *layer.parameters()])


def test_embedding_layer_matches_torch(torch):
    layer, tlayer = twins(torch, "Embedding(10, 3, padding_idx=-2)")
    assert repr(layer) == repr(tlayer) == "Embedding(10, 3, padding_idx=8)"
    idx = np.array([[1, 8, 8], [9, 0, 1]])
    out, tout = layer(mg.tensor(idx)), tlayer(torch.tensor(idx))
    np.testing.assert_allclose(out.array, tout.detach().numpy())
    g = rng.standard_normal(out.shape)
    out.backward(mg.tensor(g))
    tout.backward(torch.tensor(g))
    np.testing.assert_allclose(layer.weight.grad.array, tlayer.weight.grad.numpy())
    assert (layer.weight.grad.array[8] == 0).all()
    frozen = nn.Embedding.from_pretrained(mg.tensor(np.eye(3)))
    assert not frozen.weight.requires_grad and frozen(mg.tensor(np.array([2]))).tolist() == [
        [0.0, 0.0, 1.0]
    ]


@pytest.mark.parametrize(
    "spec",
    [
        "CrossEntropyLoss()",
        "CrossEntropyLoss(weight=W, ignore_index=1, label_smoothing=0.1)",
        "NLLLoss(weight=W, reduction='sum')",
        "MSELoss()",
        "L1Loss(reduction='none')",
        "BCELoss(weight=W)",
        "BCEWithLogitsLoss(pos_weight=W, reduction='sum')",
    ],
)
def test_loss_modules_match_torch(torch, spec):
    w = rng.uniform(0.5, 2, 4)
    loss, tloss = (eval(spec, {**vars(lib.nn), "W": lib.tensor(w)}) for lib in (mg, torch))
    assert repr(loss) == repr(tloss)
    x = rng.uniform(0.05, 0.95, (3, 4))
    if "CrossEntropy" in spec or "NLL" in spec:
        target = np.array([0, 1, 3])
    else:
        target = rng.uniform(0, 1, (3, 4))
    xm = mg.tensor(x, requires_grad=True)
    xt = torch.tensor(x, requires_grad=True)
    out, tout = loss(xm, mg.tensor(target)), tloss(xt, torch.tensor(target))
    np.testing.assert_allclose(out.array, tout.detach().numpy(), rtol=1e-7)
    out.sum().backward()
    tout.sum().backward()
    np.testing.assert_allclose(xm.grad.array, xt.grad.numpy(), rtol=1e-7)
    if "W" in spec:
        assert "weight" in loss.state_dict() or "pos_weight" in loss.state_dict()


def test_activation_reprs():
    assert repr(nn.ReLU(inplace=True)) == "ReLU(inplace=True)"
    assert repr(nn.LeakyReLU(0.2, True)) == "LeakyReLU(negative_slope=0.2, inplace=True)"


def test_loss_module_rejects_bad_reduction():
    with pytest.raises(ValueError, match="MSELoss: reduction must be one of 'none', 'mean', 'sum'"):
        nn.MSELoss(reduction="avg")


# --------------------------------------------------------------------------------------------
# Initialisation: PyTorch's defaults, from minigrad's seeded generator
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "spec, fan_in",
    [
        ("Linear(400, 300)", 400),
        ("Conv2d(16, 64, 5)", 16 * 25),
        ("Conv2d(16, 64, 5, groups=4)", 4 * 25),
        ("Conv1d(8, 32, 3)", 8 * 3),
        ("ConvTranspose2d(16, 64, 3, groups=2)", 32 * 9),
    ],
)
def test_default_init_is_uniform_with_the_fan_in_bound(spec, fan_in):
    mg.manual_seed(0)
    layer = build(mg, spec)
    bound = 1 / math.sqrt(fan_in)
    assert np.abs(layer.bias.array).max() <= bound
    w = layer.weight.array
    assert 0.99 * bound < np.abs(w).max() <= bound
    assert w.dtype == np.float32
    # U(-b, b) has standard deviation b/√3 and mean 0.
    assert abs(w.std() / (bound / math.sqrt(3)) - 1) < 0.05
    assert abs(w.mean()) < 0.05 * bound


def test_init_is_seeded_and_other_layers_defaults():
    mg.manual_seed(7)
    a = nn.Linear(5, 5).weight.array.copy()
    mg.manual_seed(7)
    np.testing.assert_array_equal(a, nn.Linear(5, 5).weight.array)
    emb = nn.Embedding(1000, 50)
    assert abs(emb.weight.array.std() - 1) < 0.02 and abs(emb.weight.array.mean()) < 0.02
    bn = nn.BatchNorm2d(4)
    assert (bn.weight.array == 1).all() and (bn.bias.array == 0).all()
    assert (bn.running_mean.array == 0).all() and (bn.running_var.array == 1).all()
    assert bn.num_batches_tracked.dtype == np.int64 and bn.num_batches_tracked.item() == 0
    assert nn.Linear(3, 2, dtype=np.float64).weight.dtype == np.float64


# --------------------------------------------------------------------------------------------
# Train / eval behaviour
# --------------------------------------------------------------------------------------------


def test_dropout_layer_train_and_eval():
    drop = nn.Dropout(0.5)
    x = mg.ones(100, 100)
    y = drop(x)
    assert 0.4 < (y.array == 0).mean() < 0.6 and set(np.unique(y.array)) == {0.0, 2.0}
    drop.eval()
    assert drop(x) is x
    with pytest.raises(ValueError, match="Dropout: p must be between 0 and 1, got -0.1"):
        nn.Dropout(-0.1)


@pytest.mark.parametrize(
    "spec",
    [
        "BatchNorm2d(3)",
        "BatchNorm2d(3, momentum=None)",
        "BatchNorm2d(3, affine=False, momentum=0.5)",
    ],
)
def test_batchnorm_running_statistics_over_steps_and_eval_mode(torch, spec):
    layer, tlayer = twins(torch, spec)
    for _ in range(3):
        x = rng.standard_normal((4, 3, 2, 2)) * 3 + 2
        np.testing.assert_allclose(
            layer(mg.tensor(x)).array, tlayer(torch.tensor(x)).detach().numpy(), rtol=1e-7
        )
    assert layer.num_batches_tracked.item() == 3
    for name, b in tlayer.state_dict().items():
        np.testing.assert_allclose(layer.state_dict()[name], b.numpy(), rtol=1e-7, err_msg=name)
    layer.eval()
    tlayer.eval()
    x = rng.standard_normal((2, 3, 2, 2))
    before = layer.running_mean.array.copy()
    np.testing.assert_allclose(
        layer(mg.tensor(x)).array, tlayer(torch.tensor(x)).detach().numpy(), rtol=1e-7
    )
    np.testing.assert_array_equal(layer.running_mean.array, before)
    assert layer.num_batches_tracked.item() == 3


def test_batchnorm_state_dict_round_trip():
    a, b = nn.BatchNorm1d(3), nn.BatchNorm1d(3)
    a(mg.randn(8, 3) * 2 + 1)
    b.load_state_dict(a.state_dict())
    np.testing.assert_array_equal(a.running_var.array, b.running_var.array)
    assert b.num_batches_tracked.item() == 1
    a.reset_running_stats()
    assert (a.running_var.array == 1).all() and a.num_batches_tracked.item() == 0


# --------------------------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------------------------


def test_wrong_input_shapes_name_the_layer_expected_and_got():
    with pytest.raises(
        ValueError,
        match=r"^Conv2d\(1, 8, kernel_size=\(5, 5\), stride=\(1, 1\)\): "
        r"expected input of shape \(N, 1, H, W\) or \(1, H, W\), "
        r"got \(2, 3, 28, 28\)$",
    ):
        nn.Conv2d(1, 8, 5)(mg.zeros(2, 3, 28, 28))
    with pytest.raises(ValueError, match=r"Conv1d\(2, 4.*expected input of shape \(N, 2, L\)"):
        nn.Conv1d(2, 4, 3)(mg.zeros(2, 2, 3, 3))
    with pytest.raises(
        ValueError,
        match=r"ConvTranspose3d\(2, 1.*\(N, 2, D, H, W\).* got a "
        r"ndarray",
    ):
        nn.ConvTranspose3d(2, 1, 1)(np.zeros((1, 2, 1, 1, 1)))
    with pytest.raises(
        ValueError,
        match=r"Linear\(in_features=4, out_features=2, bias=True\): "
        r"expected input of shape \(\*, 4\), got \(3, 5\)",
    ):
        nn.Linear(4, 2)(mg.zeros(3, 5))
    with pytest.raises(
        ValueError,
        match=r"BatchNorm2d\(3, .*expected input of shape "
        r"\(N, 3, H, W\), got \(2, 4, 5, 5\)",
    ):
        nn.BatchNorm2d(3)(mg.zeros(2, 4, 5, 5))
    with pytest.raises(ValueError, match=r"BatchNorm1d\(3, .*\(N, 3\) or \(N, 3, L\), got \(3,\)"):
        nn.BatchNorm1d(3)(mg.zeros(3))
    with pytest.raises(
        ValueError,
        match=r"MaxPool2d\(kernel_size=2.*expected input of shape "
        r"\(N, C, H, W\) or \(C, H, W\), got \(4, 4\)",
    ):
        nn.MaxPool2d(2)(mg.zeros(4, 4))
    with pytest.raises(ValueError, match=r"AdaptiveAvgPool1d\(output_size=2\): .*got \(2,\)"):
        nn.AdaptiveAvgPool1d(2)(mg.zeros(2))


def test_bad_layer_arguments():
    with pytest.raises(
        ValueError, match="Conv2d: in_channels=3 must be positive and divisible by groups=2"
    ):
        nn.Conv2d(3, 4, 3, groups=2)
    with pytest.raises(ValueError, match="Conv1d: out_channels=0 must be positive"):
        nn.Conv1d(2, 0, 3)
    with pytest.raises(ValueError, match="Conv2d: padding must be 'valid', 'same' or ints"):
        nn.Conv2d(1, 1, 3, padding="full")
    with pytest.raises(ValueError, match=r"Conv2d: padding='same' needs stride 1, got \(2, 2\)"):
        nn.Conv2d(1, 1, 3, stride=2, padding="same")
    with pytest.raises(ValueError, match="ConvTranspose2d: padding must be ints, got 'same'"):
        nn.ConvTranspose2d(1, 1, 3, padding="same")
    with pytest.raises(ValueError, match="only padding_mode='zeros' is supported, got 'reflect'"):
        nn.Conv2d(1, 1, 3, padding_mode="reflect")
    with pytest.raises(TypeError, match=r"Conv3d: kernel_size must be an int or a tuple of 3 ints"):
        nn.Conv3d(1, 1, (3, 3))
    with pytest.raises(
        ValueError,
        match=r"Linear: sizes must be non-negative integers, got "
        r"shape \(2, -1\)",
    ):
        nn.Linear(-1, 2)
    with pytest.raises(TypeError, match="Linear: dtype must be floating point, got int32"):
        nn.Linear(1, 2, dtype=np.int32)
    with pytest.raises(ValueError, match=r"Embedding: padding_idx must be within \[-4, 3\]"):
        nn.Embedding(4, 2, padding_idx=4)
