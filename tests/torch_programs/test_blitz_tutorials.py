# The ported code is kept as its authors wrote it (super(Net, self), `input`):
# ruff: noqa: A001, A002, B007, UP008
"""PyTorch's beginner tutorials, ported mechanically: "Neural Networks" (the 60-minute blitz's
``neural_networks_tutorial.py``: LeNet, ``out.backward(torch.randn(1, 10))``, grad_fn's
``next_functions``, the manual ``f.data.sub_`` update, then optim.SGD) and "Saving and
Loading Models" (``saving_loading_models.py``: state_dict listings, state_dict save/load, a
training checkpoint, several models in one file, warm-starting with ``strict=False``; its
whole-model ``torch.save(model, PATH)`` is refused by minigrad, which never pickles, and is
tested as a refusal). The tutorials' ``torch.randn`` inputs are draws shared by both runs, and
the models' initial weights are shared; every value must be PyTorch's."""

import numpy as np
import pytest


def neural_networks(torch, sync, draws):
    nn = torch.nn
    F = torch.nn.functional
    seen = {}

    class Net(nn.Module):
        def __init__(self):
            super(Net, self).__init__()
            # 1 input image channel, 6 output channels, 5x5 square convolution
            # kernel
            self.conv1 = nn.Conv2d(1, 6, 5)
            self.conv2 = nn.Conv2d(6, 16, 5)
            # an affine operation: y = Wx + b
            self.fc1 = nn.Linear(16 * 5 * 5, 120)  # 5*5 from image dimension
            self.fc2 = nn.Linear(120, 84)
            self.fc3 = nn.Linear(84, 10)

        def forward(self, input):
            # Convolution layer C1: 1 input image channel, 6 output channels,
            # 5x5 square convolution, it uses RELU activation function, and
            # outputs a Tensor with size (N, 6, 28, 28), where N is the size of the batch
            c1 = F.relu(self.conv1(input))
            # Subsampling layer S2: 2x2 grid, purely functional,
            # this layer does not have any parameter, and outputs a (N, 6, 14, 14) Tensor
            s2 = F.max_pool2d(c1, (2, 2))
            # Convolution layer C3: 6 input channels, 16 output channels,
            # 5x5 square convolution, it uses RELU activation function, and
            # outputs a (N, 16, 10, 10) Tensor
            c3 = F.relu(self.conv2(s2))
            # Subsampling layer S4: 2x2 grid, purely functional,
            # this layer does not have any parameter, and outputs a (N, 16, 5, 5) Tensor
            s4 = F.max_pool2d(c3, 2)
            # Flatten operation: purely functional, outputs a (N, 400) Tensor
            s4 = torch.flatten(s4, 1)
            # Fully connected layer F5: (N, 400) Tensor input,
            # and outputs a (N, 120) Tensor, it uses RELU activation function
            f5 = F.relu(self.fc1(s4))
            # Fully connected layer F6: (N, 120) Tensor input,
            # and outputs a (N, 84) Tensor, it uses RELU activation function
            f6 = F.relu(self.fc2(f5))
            # Gaussian layer OUTPUT: (N, 84) Tensor input, and
            # outputs a (N, 10) Tensor
            output = self.fc3(f6)
            return output

    net = sync(Net())
    print(net)
    params = list(net.parameters())
    seen["params"] = (len(params), tuple(params[0].size()))  # conv1's .weight

    input = torch.tensor(draws["input"])  # torch.randn(1, 1, 32, 32)
    out = net(input)
    seen["out"] = out.detach().numpy()

    net.zero_grad()
    out.backward(torch.tensor(draws["out_grad"]))  # torch.randn(1, 10)
    seen["fc3.weight.grad"] = net.fc3.weight.grad.numpy().copy()

    output = net(input)
    target = torch.tensor(draws["target"])  # a dummy target: torch.randn(10)
    target = target.view(1, -1)  # make it the same shape as output
    criterion = nn.MSELoss()

    loss = criterion(output, target)
    seen["loss"] = loss.item()
    print(loss.grad_fn)  # MSELoss
    print(loss.grad_fn.next_functions[0][0])  # Linear
    print(loss.grad_fn.next_functions[0][0].next_functions[0][0])  # ReLU

    net.zero_grad()  # zeroes the gradient buffers of all parameters
    print("conv1.bias.grad before backward")
    print(net.conv1.bias.grad)
    seen["grad before backward"] = net.conv1.bias.grad
    loss.backward()
    print("conv1.bias.grad after backward")
    print(net.conv1.bias.grad)
    seen["conv1.bias.grad"] = net.conv1.bias.grad.numpy().copy()

    learning_rate = 0.01
    for f in net.parameters():
        f.data.sub_(f.grad.data * learning_rate)

    optim = torch.optim
    # create your optimizer
    optimizer = optim.SGD(net.parameters(), lr=0.01)

    # in your training loop:
    optimizer.zero_grad()  # zero the gradient buffers
    output = net(input)
    loss = criterion(output, target)
    loss.backward()
    optimizer.step()  # Does the update
    seen["after step"] = net(input).detach().numpy()
    return seen


def test_neural_networks_tutorial_matches_pytorch(run_ported):
    rng = np.random.default_rng(0)
    draws = {
        "input": rng.standard_normal((1, 1, 32, 32)).astype(np.float32),
        "out_grad": rng.standard_normal((1, 10)).astype(np.float32),
        "target": rng.standard_normal(10).astype(np.float32),
    }
    ours, theirs = run_ported(neural_networks, draws)
    assert ours["params"] == theirs["params"] == (10, (6, 1, 5, 5))
    assert ours["grad before backward"] is None is theirs["grad before backward"]
    for key in ("out", "fc3.weight.grad", "loss", "conv1.bias.grad", "after step"):
        np.testing.assert_allclose(ours[key], theirs[key], rtol=1e-4, atol=1e-7, err_msg=key)


def test_whole_model_save_is_refused_with_a_message(tmp_path):
    """The tutorial's "Save/Load Entire Model" pickles the module; minigrad checkpoints never
    hold code, so it refuses, naming the object and what a checkpoint holds."""
    import minigrad

    model = minigrad.nn.Linear(2, 3)
    with pytest.raises(TypeError, match="obj is a Linear; a PyTorch checkpoint holds tensors"):
        minigrad.save(model, tmp_path / "model.pt")
    assert not (tmp_path / "model.pt").exists()


def saving_loading(torch, sync, images, tmp_path):
    nn = torch.nn
    F = torch.nn.functional
    optim = torch.optim
    seen = {}

    # Define model
    class TheModelClass(nn.Module):
        def __init__(self):
            super(TheModelClass, self).__init__()
            self.conv1 = nn.Conv2d(3, 6, 5)
            self.pool = nn.MaxPool2d(2, 2)
            self.conv2 = nn.Conv2d(6, 16, 5)
            self.fc1 = nn.Linear(16 * 5 * 5, 120)
            self.fc2 = nn.Linear(120, 84)
            self.fc3 = nn.Linear(84, 10)

        def forward(self, x):
            x = self.pool(F.relu(self.conv1(x)))
            x = self.pool(F.relu(self.conv2(x)))
            x = x.view(-1, 16 * 5 * 5)
            x = F.relu(self.fc1(x))
            x = F.relu(self.fc2(x))
            x = self.fc3(x)
            return x

    # Initialize model
    model = sync(TheModelClass())

    # Initialize optimizer
    optimizer = optim.SGD(model.parameters(), lr=0.001, momentum=0.9)

    # Print model's state_dict
    print("Model's state_dict:")
    listing = []
    for param_tensor in model.state_dict():
        print(param_tensor, "\t", model.state_dict()[param_tensor].size())
        listing.append((param_tensor, tuple(model.state_dict()[param_tensor].size())))
    seen["model state_dict"] = listing

    # a few steps, so that the optimizer has state
    x = torch.tensor(images)
    for epoch in range(3):
        optimizer.zero_grad()
        loss = model(x).pow(2).mean()
        loss.backward()
        optimizer.step()

    # Print optimizer's state_dict
    print("Optimizer's state_dict:")
    for var_name in optimizer.state_dict():
        print(var_name, "\t", optimizer.state_dict()[var_name])
    seen["optimizer param_groups"] = optimizer.state_dict()["param_groups"]
    seen["optimizer state keys"] = sorted(optimizer.state_dict()["state"])
    expected = model(x).detach().numpy()

    # Save/Load state_dict (Recommended)
    PATH = tmp_path / f"state_dict_{torch.__name__}.pt"
    torch.save(model.state_dict(), PATH)
    model = TheModelClass()
    model.load_state_dict(torch.load(PATH, weights_only=True))
    model.eval()
    seen["state_dict round trip"] = np.abs(model(x).detach().numpy() - expected).max()

    # Saving & Loading a General Checkpoint for Inference and/or Resuming Training
    PATH = tmp_path / f"checkpoint_{torch.__name__}.pt"
    torch.save(
        {
            "epoch": epoch,
            "model_state_dict": model.state_dict(),
            "optimizer_state_dict": optimizer.state_dict(),
            "loss": loss,
        },
        PATH,
    )
    model = TheModelClass()
    optimizer = optim.SGD(model.parameters(), lr=0.001, momentum=0.9)

    checkpoint = torch.load(PATH, weights_only=True)
    model.load_state_dict(checkpoint["model_state_dict"])
    optimizer.load_state_dict(checkpoint["optimizer_state_dict"])
    epoch = checkpoint["epoch"]
    loss = checkpoint["loss"]

    model.train()
    seen["checkpoint"] = (epoch, loss.item())
    optimizer.zero_grad()
    model(x).pow(2).mean().backward()
    optimizer.step()  # resumes with the restored momentum buffers
    seen["resumed"] = model(x).detach().numpy()

    # Saving Multiple Models in One File
    modelA, modelB = TheModelClass(), TheModelClass()
    optimizerA = optim.SGD(modelA.parameters(), lr=0.001, momentum=0.9)
    optimizerB = optim.SGD(modelB.parameters(), lr=0.001, momentum=0.9)
    PATH = tmp_path / f"multiple_{torch.__name__}.pt"
    torch.save(
        {
            "modelA_state_dict": modelA.state_dict(),
            "modelB_state_dict": modelB.state_dict(),
            "optimizerA_state_dict": optimizerA.state_dict(),
            "optimizerB_state_dict": optimizerB.state_dict(),
        },
        PATH,
    )
    checkpoint = torch.load(PATH, weights_only=True)
    modelA.load_state_dict(checkpoint["modelA_state_dict"])
    modelB.load_state_dict(checkpoint["modelB_state_dict"])
    optimizerA.load_state_dict(checkpoint["optimizerA_state_dict"])
    optimizerB.load_state_dict(checkpoint["optimizerB_state_dict"])
    modelA.eval()
    modelB.train()

    # Warmstarting Model Using Parameters from a Different Model
    class TheModelBClass(TheModelClass):
        def __init__(self):
            super().__init__()
            self.fc3 = nn.Linear(84, 4)  # a new head: its shape differs
            self.extra = nn.Linear(4, 2)

    PATH = tmp_path / f"warm_{torch.__name__}.pt"
    state = model.state_dict()
    torch.save({k: v for k, v in state.items() if not k.startswith("fc3")}, PATH)
    modelB = TheModelBClass()
    result = modelB.load_state_dict(torch.load(PATH, weights_only=True), strict=False)
    seen["warmstart"] = (sorted(result.missing_keys), sorted(result.unexpected_keys))
    seen["warm conv1"] = np.abs(
        modelB.conv1.weight.detach().numpy() - state["conv1.weight"].numpy()
    ).max()
    return seen


def test_saving_and_loading_models_tutorial_matches_pytorch(run_ported, tmp_path):
    images = np.random.default_rng(0).standard_normal((4, 3, 32, 32)).astype(np.float32)
    ours, theirs = run_ported(saving_loading, images, tmp_path)
    assert ours["model state_dict"] == theirs["model state_dict"]
    assert ours["optimizer param_groups"] == theirs["optimizer param_groups"]
    assert ours["optimizer state keys"] == theirs["optimizer state keys"] == list(range(10))
    for key in ("state_dict round trip", "warm conv1"):
        assert ours[key] == 0.0 == theirs[key], key
    assert ours["checkpoint"][0] == theirs["checkpoint"][0] == 2
    np.testing.assert_allclose(ours["checkpoint"][1], theirs["checkpoint"][1], rtol=1e-5)
    np.testing.assert_allclose(ours["resumed"], theirs["resumed"], rtol=1e-4, atol=1e-6)
    assert ours["warmstart"] == theirs["warmstart"]
    assert ours["warmstart"][0] == ["extra.bias", "extra.weight", "fc3.bias", "fc3.weight"]
