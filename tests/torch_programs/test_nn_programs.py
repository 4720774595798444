"""Small public PyTorch training programs, ported mechanically: each program below is written
once, against a module it calls ``torch``, and runs twice, with ``torch`` = PyTorch and with
``torch`` = minigrad (``import minigrad as torch``), from the same initial weights. The losses
must agree at every step.

The programs follow well-known public examples:
- "Learning PyTorch with Examples" (pytorch.org tutorials): the third-order polynomial fit of
  sin(x), in its "nn" + "optim" version and its "custom nn Module" version;
- the "Quickstart" tutorial: an MLP on MNIST with nn.Sequential, CrossEntropyLoss, SGD and a
  DataLoader (a small slice of MNIST, shared by both runs);
- a custom module with a registered buffer, a forward hook, dropout switched off by eval(),
  Adam with a StepLR schedule, and a state_dict save/load round trip mid-training.
"""

import math
from pathlib import Path

import numpy as np
import pytest

import minigrad

torch_ = pytest.importorskip("torch")
MNIST_ROOT = Path(__file__).resolve().parents[2] / "examples" / "data" / "mnist"


def run_both(program, *args, rtol):
    """Run ``program(torch, init, *args)`` with minigrad, then with PyTorch, whose model
    ``init`` starts from minigrad's initial weights; compare the losses step by step."""
    initial = {}

    def init(lib, model):
        if lib is minigrad:
            initial.update({k: np.array(v.numpy()) for k, v in model.state_dict().items()})
        else:
            model.load_state_dict({k: torch_.tensor(v) for k, v in initial.items()})
        return model

    minigrad.manual_seed(0)  # the initial weights, hence the trajectories, are fixed
    ours = program(minigrad, init, *args)
    # PyTorch's default dtype is global state another test may have changed.
    default = torch_.get_default_dtype()
    torch_.set_default_dtype(torch_.float32)
    try:
        theirs = program(torch_, init, *args)
    finally:
        torch_.set_default_dtype(default)
    assert len(ours) == len(theirs) > 0
    np.testing.assert_allclose(ours, theirs, rtol=rtol, atol=1e-6)
    return ours


# --------------------------------------------------------------------------------------------
# Learning PyTorch with Examples
# --------------------------------------------------------------------------------------------


def polynomial_nn_optim(torch, init, steps):
    x_np = np.linspace(-math.pi, math.pi, 2000)
    x = torch.tensor(x_np, dtype=torch.float64)
    y = torch.tensor(np.sin(x_np), dtype=torch.float64)
    xx = torch.tensor(np.stack([x_np, x_np**2, x_np**3], axis=1), dtype=torch.float64)

    model = init(torch, torch.nn.Sequential(torch.nn.Linear(3, 1), torch.nn.Flatten(0, 1)))
    model.double()
    loss_fn = torch.nn.MSELoss(reduction="sum")
    learning_rate = 1e-3
    optimizer = torch.optim.RMSprop(model.parameters(), lr=learning_rate)
    losses = []
    for t in range(steps):  # noqa: B007 - the tutorial's code
        y_pred = model(xx)
        loss = loss_fn(y_pred, y)
        losses.append(loss.item())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    assert x.shape == (2000,)
    return losses


class Polynomial3Factory:
    """The tutorial's ``class Polynomial3(torch.nn.Module)``, for either library."""

    @staticmethod
    def build(torch):
        class Polynomial3(torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.a = torch.nn.Parameter(torch.tensor(0.1, dtype=torch.float64))
                self.b = torch.nn.Parameter(torch.tensor(-0.2, dtype=torch.float64))
                self.c = torch.nn.Parameter(torch.tensor(0.3, dtype=torch.float64))
                self.d = torch.nn.Parameter(torch.tensor(0.05, dtype=torch.float64))

            def forward(self, x):
                return self.a + self.b * x + self.c * x**2 + self.d * x**3

            def string(self):
                return (
                    f"y = {self.a.item()} + {self.b.item()} x + {self.c.item()} x^2 + "
                    f"{self.d.item()} x^3"
                )

        return Polynomial3()


def polynomial_custom_module(torch, init, steps):
    x = torch.tensor(np.linspace(-math.pi, math.pi, 2000), dtype=torch.float64)
    y = torch.tensor(np.sin(np.linspace(-math.pi, math.pi, 2000)), dtype=torch.float64)
    model = init(torch, Polynomial3Factory.build(torch))
    criterion = torch.nn.MSELoss(reduction="sum")
    optimizer = torch.optim.SGD(model.parameters(), lr=1e-6)
    losses = []
    for t in range(steps):  # noqa: B007
        y_pred = model(x)
        loss = criterion(y_pred, y)
        losses.append(loss.item())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    assert model.string().startswith("y = ")
    return losses


def test_polynomial_fit_with_nn_and_optim():
    losses = run_both(polynomial_nn_optim, 200, rtol=1e-9)
    assert losses[-1] < losses[0] / 2


def test_polynomial_fit_with_a_custom_module():
    losses = run_both(polynomial_custom_module, 300, rtol=1e-9)
    assert losses[-1] < losses[0]


# --------------------------------------------------------------------------------------------
# Quickstart: an MLP on a slice of MNIST
# --------------------------------------------------------------------------------------------


def quickstart(torch, init, images, labels):
    from_utils = torch.utils.data
    if torch is minigrad:
        # minigrad's own MNIST, through Subset and the DataLoader's batched fetch
        dataset = from_utils.Subset(minigrad.data.MNIST(MNIST_ROOT, split="train"), range(512))
    else:
        dataset = from_utils.TensorDataset(torch.tensor(images), torch.tensor(labels))
    train_dataloader = from_utils.DataLoader(dataset, batch_size=64)

    class NeuralNetwork(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.flatten = torch.nn.Flatten()
            self.linear_relu_stack = torch.nn.Sequential(
                torch.nn.Linear(28 * 28, 128),
                torch.nn.ReLU(),
                torch.nn.Linear(128, 128),
                torch.nn.ReLU(),
                torch.nn.Linear(128, 10),
            )

        def forward(self, x):
            x = self.flatten(x)
            logits = self.linear_relu_stack(x)
            return logits

    model = init(torch, NeuralNetwork())
    loss_fn = torch.nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=1e-1)
    losses = []
    for epoch in range(2):  # noqa: B007
        model.train()
        for batch, (X, y) in enumerate(train_dataloader):  # noqa: B007
            pred = model(X)
            loss = loss_fn(pred, y)
            loss.backward()
            optimizer.step()
            optimizer.zero_grad()
            losses.append(loss.item())
        model.eval()
        correct = 0
        with torch.no_grad():
            for X, y in train_dataloader:
                pred = model(X)
                correct += (pred.argmax(1) == y).sum().item()
        losses.append(correct / len(dataset))
    return losses


@pytest.mark.skipif(not MNIST_ROOT.is_dir(), reason="needs examples/data/mnist")
def test_quickstart_mlp_on_mnist():
    ds = minigrad.data.MNIST(MNIST_ROOT, split="train")
    images, labels = ds.images[:512], ds.labels[:512]
    losses = run_both(quickstart, images, labels, rtol=2e-4)
    assert losses[-1] > 0.3  # accuracy on the slice after two epochs (chance: 0.1)


# --------------------------------------------------------------------------------------------
# A custom module with a buffer, a hook, dropout, Adam + StepLR and a checkpoint round trip
# --------------------------------------------------------------------------------------------


def custom_module_program(torch, init, data, tmp_path):
    class Normalised(torch.nn.Module):
        def __init__(self, mean, std):
            super().__init__()
            self.register_buffer("mean", torch.tensor(mean))
            self.register_buffer("std", torch.tensor(std))
            self.body = torch.nn.Sequential(
                torch.nn.Linear(4, 16),
                torch.nn.GELU(),
                torch.nn.Dropout(0.5),
                torch.nn.Linear(16, 3),
            )

        def forward(self, x):
            return self.body((x - self.mean) / self.std)

    x_np, y_np = data
    x, y = torch.tensor(x_np), torch.tensor(y_np)
    model = init(torch, Normalised(x_np.mean(0), x_np.std(0)))
    model.double()
    activations = []
    handle = model.body[0].register_forward_hook(lambda m, inp, out: activations.append(out.shape))
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2, weight_decay=1e-4)
    scheduler = torch.optim.lr_scheduler.StepLR(optimizer, step_size=5, gamma=0.5)
    model.eval()  # dropout off, so both libraries compute the same thing
    losses = []
    for step in range(20):
        loss = torch.nn.functional.cross_entropy(model(x), y, label_smoothing=0.1)
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), max_norm=1.0)
        optimizer.step()
        scheduler.step()
        losses.append(loss.item())
        if step == 9:  # checkpoint, rebuild, resume
            path = tmp_path / f"ckpt-{torch.__name__}.pt"
            torch.save({"model": model.state_dict(), "optim": optimizer.state_dict()}, path)
            checkpoint = torch.load(path, weights_only=True)
            model.load_state_dict(checkpoint["model"])
            optimizer.load_state_dict(checkpoint["optim"])
    handle.remove()
    model(x)
    assert activations == [(len(x_np), 16)] * 20
    assert list(model.state_dict())[:2] == ["mean", "std"]
    return losses


def test_custom_module_with_buffers_hooks_and_checkpoints(tmp_path):
    rng = np.random.default_rng(0)
    x = rng.standard_normal((60, 4)) * [1, 2, 3, 4] + [0, 1, 2, 3]
    y = (x[:, 0] + x[:, 1] > 1).astype(np.int64) + (x[:, 2] > 2)
    losses = run_both(custom_module_program, (x, y), tmp_path, rtol=1e-9)
    assert losses[-1] < losses[0]
