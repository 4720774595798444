# The ported code is kept as its authors wrote it (super(Cls, self), str.format, `input`):
# ruff: noqa: UP008, UP032
"""pytorch/examples ``mnist/main.py``, ported mechanically: its ``Net``, ``train`` and ``test``
as written (``import minigrad as torch``), with Adadelta and StepLR as its ``main`` sets
them up, on a small slice of random 28×28 images (torchvision is not used; the loader is a
``TensorDataset`` in a ``DataLoader``). Dropout draws differ between the libraries, so the
training run is checked for a falling loss and the evaluation (``test``) against PyTorch's
from the same trained weights."""

import types

import numpy as np


def mnist_program(torch, sync, images, labels, epochs):
    nn = torch.nn
    F = torch.nn.functional
    optim = torch.optim
    from_scheduler = torch.optim.lr_scheduler

    class Net(nn.Module):
        def __init__(self):
            super(Net, self).__init__()
            self.conv1 = nn.Conv2d(1, 32, 3, 1)
            self.conv2 = nn.Conv2d(32, 64, 3, 1)
            self.dropout1 = nn.Dropout(0.25)
            self.dropout2 = nn.Dropout(0.5)
            self.fc1 = nn.Linear(9216, 128)
            self.fc2 = nn.Linear(128, 10)

        def forward(self, x):
            x = self.conv1(x)
            x = F.relu(x)
            x = self.conv2(x)
            x = F.relu(x)
            x = F.max_pool2d(x, 2)
            x = self.dropout1(x)
            x = torch.flatten(x, 1)
            x = self.fc1(x)
            x = F.relu(x)
            x = self.dropout2(x)
            x = self.fc2(x)
            output = F.log_softmax(x, dim=1)
            return output

    losses = []

    def train(args, model, device, train_loader, optimizer, epoch):
        model.train()
        for batch_idx, (data, target) in enumerate(train_loader):
            data, target = data.to(device), target.to(device)
            optimizer.zero_grad()
            output = model(data)
            loss = F.nll_loss(output, target)
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
            if batch_idx % args.log_interval == 0:
                print(
                    "Train Epoch: {} [{}/{} ({:.0f}%)]\tLoss: {:.6f}".format(
                        epoch,
                        batch_idx * len(data),
                        len(train_loader.dataset),
                        100.0 * batch_idx / len(train_loader),
                        loss.item(),
                    )
                )
                if args.dry_run:
                    break

    def test(model, device, test_loader):
        model.eval()
        test_loss = 0
        correct = 0
        with torch.no_grad():
            for data, target in test_loader:
                data, target = data.to(device), target.to(device)
                output = model(data)
                test_loss += F.nll_loss(output, target, reduction="sum").item()  # sum up batch loss
                pred = output.argmax(dim=1, keepdim=True)  # index of the max log-probability
                correct += pred.eq(target.view_as(pred)).sum().item()
        test_loss /= len(test_loader.dataset)
        print(
            "\nTest set: Average loss: {:.4f}, Accuracy: {}/{} ({:.0f}%)\n".format(
                test_loss,
                correct,
                len(test_loader.dataset),
                100.0 * correct / len(test_loader.dataset),
            )
        )
        return test_loss, correct

    args = types.SimpleNamespace(log_interval=2, dry_run=False, lr=1.0, gamma=0.7)
    device = torch.device("cpu")
    train_kwargs = {"batch_size": 16}
    test_kwargs = {"batch_size": 32}
    dataset1 = torch.utils.data.TensorDataset(torch.from_numpy(images), torch.from_numpy(labels))
    train_loader = torch.utils.data.DataLoader(dataset1, **train_kwargs)
    test_loader = torch.utils.data.DataLoader(dataset1, **test_kwargs)
    model = sync(Net().to(device))
    optimizer = optim.Adadelta(model.parameters(), lr=args.lr)
    scheduler = from_scheduler.StepLR(optimizer, step_size=1, gamma=args.gamma)
    before = test(model, device, test_loader)
    for epoch in range(1, epochs + 1):
        train(args, model, device, train_loader, optimizer, epoch)
        scheduler.step()
    after = test(model, device, test_loader)
    return model, losses, before, after, optimizer.param_groups[0]["lr"]


def test_mnist_net_trains_and_evaluates_as_in_pytorch(run_ported):
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 10, 48)
    # class-dependent bright squares on noise: learnable in a few steps
    images = (0.1307 + 0.3 * rng.standard_normal((48, 1, 28, 28))).astype(np.float32)
    for i, c in enumerate(labels):
        images[i, 0, 2 * c : 2 * c + 6, 4:10] += 2.0
    ours, theirs = run_ported(mnist_program, images, labels, 3)
    _, losses, before, after, lr = ours
    assert np.mean(losses[-3:]) < np.mean(losses[:3])
    assert lr == theirs[4] == 1.0 * 0.7**3
    # same initial weights: the untrained evaluation agrees with PyTorch's
    assert before[1] == theirs[2][1]
    np.testing.assert_allclose(before[0], theirs[2][0], rtol=1e-4)
    assert after[1] > before[1]
