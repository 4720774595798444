"""PyTorch's "Learn the Basics" tutorials, ported mechanically: "Build the Neural Network"
(``buildmodel_tutorial.py``: torch.accelerator device choice, nn.Flatten, nn.Sequential,
nn.Softmax, named_parameters) and "Optimizing Model Parameters" (``optimization_tutorial.py``:
its ``train_loop``/``test_loop`` with ``.type(torch.float)``), on a slice of MNIST-shaped data
(FashionMNIST through torchvision is not used). ``torch.rand`` inputs are draws shared by both
runs, and the models' initial weights are shared: every value must be PyTorch's."""

import numpy as np


def build_model(torch, sync, draws):
    nn = torch.nn
    seen = {}
    device = (
        torch.accelerator.current_accelerator().type if torch.accelerator.is_available() else "cpu"
    )
    print(f"Using {device} device")

    class NeuralNetwork(nn.Module):
        def __init__(self):
            super().__init__()
            self.flatten = nn.Flatten()
            self.linear_relu_stack = nn.Sequential(
                nn.Linear(28 * 28, 512),
                nn.ReLU(),
                nn.Linear(512, 512),
                nn.ReLU(),
                nn.Linear(512, 10),
            )

        def forward(self, x):
            x = self.flatten(x)
            logits = self.linear_relu_stack(x)
            return logits

    model = sync(NeuralNetwork().to(device))
    print(model)
    X = torch.tensor(draws["X"], device=device)  # torch.rand(1, 28, 28, device=device)
    logits = model(X)
    pred_probab = nn.Softmax(dim=1)(logits)
    y_pred = pred_probab.argmax(1)
    print(f"Predicted class: {y_pred}")
    seen["pred_probab"], seen["y_pred"] = pred_probab.detach().numpy(), y_pred.tolist()

    input_image = torch.tensor(draws["input_image"])  # torch.rand(3, 28, 28)
    print(input_image.size())
    flatten = nn.Flatten()
    flat_image = flatten(input_image)
    print(flat_image.size())
    seen["flat"] = tuple(flat_image.size())
    layer1 = sync(nn.Linear(in_features=28 * 28, out_features=20))
    hidden1 = layer1(flat_image)
    print(hidden1.size())
    print(f"Before ReLU: {hidden1}\n\n")
    hidden1 = nn.ReLU()(hidden1)
    print(f"After ReLU: {hidden1}")
    seen["hidden1"] = hidden1.detach().numpy()
    seq_modules = nn.Sequential(flatten, layer1, nn.ReLU(), nn.Linear(20, 10))
    sync(seq_modules)
    logits = seq_modules(input_image)
    softmax = nn.Softmax(dim=1)
    pred_probab = softmax(logits)
    seen["seq"] = pred_probab.detach().numpy()

    print(f"Model structure: {model}\n\n")
    names = []
    for name, param in model.named_parameters():
        print(f"Layer: {name} | Size: {param.size()} | Values : {param[:2]} \n")
        names.append((name, tuple(param.size())))
    seen["named_parameters"] = names
    return seen


def test_build_the_neural_network_matches_pytorch(run_ported):
    rng = np.random.default_rng(0)
    draws = {
        "X": rng.random((1, 28, 28)).astype(np.float32),
        "input_image": rng.random((3, 28, 28)).astype(np.float32),
    }
    ours, theirs = run_ported(build_model, draws)
    assert ours["flat"] == theirs["flat"] == (3, 784)
    assert ours["y_pred"] == theirs["y_pred"]
    assert ours["named_parameters"] == theirs["named_parameters"]
    for key in ("pred_probab", "hidden1", "seq"):
        np.testing.assert_allclose(ours[key], theirs[key], rtol=1e-5, atol=1e-7, err_msg=key)


def optimization(torch, sync, data, epochs):
    nn = torch.nn
    DataLoader = torch.utils.data.DataLoader
    x, y = data
    training_data = torch.utils.data.TensorDataset(torch.tensor(x[:192]), torch.tensor(y[:192]))
    test_data = torch.utils.data.TensorDataset(torch.tensor(x[192:]), torch.tensor(y[192:]))
    train_dataloader = DataLoader(training_data, batch_size=64)
    test_dataloader = DataLoader(test_data, batch_size=64)

    class NeuralNetwork(nn.Module):
        def __init__(self):
            super().__init__()
            self.flatten = nn.Flatten()
            self.linear_relu_stack = nn.Sequential(
                nn.Linear(28 * 28, 512),
                nn.ReLU(),
                nn.Linear(512, 512),
                nn.ReLU(),
                nn.Linear(512, 10),
            )

        def forward(self, x):
            x = self.flatten(x)
            logits = self.linear_relu_stack(x)
            return logits

    model = sync(NeuralNetwork())
    learning_rate = 1e-3
    batch_size = 64
    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate)
    seen = []

    def train_loop(dataloader, model, loss_fn, optimizer):
        size = len(dataloader.dataset)
        # Set the model to training mode - important for batch normalization and dropout layers
        model.train()
        for batch, (X, y) in enumerate(dataloader):
            # Compute prediction and loss
            pred = model(X)
            loss = loss_fn(pred, y)

            # Backpropagation
            loss.backward()
            optimizer.step()
            optimizer.zero_grad()

            if batch % 100 == 0:
                loss, current = loss.item(), batch * batch_size + len(X)
                print(f"loss: {loss:>7f}  [{current:>5d}/{size:>5d}]")
                seen.append(loss)

    def test_loop(dataloader, model, loss_fn):
        # Set the model to evaluation mode - important for batch normalization and dropout
        model.eval()
        size = len(dataloader.dataset)
        num_batches = len(dataloader)
        test_loss, correct = 0, 0

        # torch.no_grad() ensures that no gradients are computed during test mode
        with torch.no_grad():
            for X, y in dataloader:
                pred = model(X)
                test_loss += loss_fn(pred, y).item()
                correct += (pred.argmax(1) == y).type(torch.float).sum().item()

        test_loss /= num_batches
        correct /= size
        print(f"Test Error: \n Accuracy: {(100 * correct):>0.1f}%, Avg loss: {test_loss:>8f} \n")
        seen.append((correct, test_loss))

    for t in range(epochs):
        print(f"Epoch {t + 1}\n-------------------------------")
        train_loop(train_dataloader, model, loss_fn, optimizer)
        test_loop(test_dataloader, model, loss_fn)
    print("Done!")
    return seen


def test_optimizing_model_parameters_matches_pytorch(run_ported):
    rng = np.random.default_rng(0)
    y = rng.integers(0, 10, 256)
    x = rng.random((256, 1, 28, 28)).astype(np.float32) * 0.3
    for i, c in enumerate(y):
        x[i, 0, c : c + 3] += 1.0  # a learnable band per class
    ours, theirs = run_ported(optimization, (x, y), 3)
    assert len(ours) == 6
    flat = [v for s in ours for v in (s if isinstance(s, tuple) else (s,))]
    ref = [v for s in theirs for v in (s if isinstance(s, tuple) else (s,))]
    np.testing.assert_allclose(flat, ref, rtol=1e-4)
