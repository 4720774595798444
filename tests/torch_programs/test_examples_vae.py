# The ported code is kept as its authors wrote it (super(Cls, self), str.format, `input`):
# ruff: noqa: UP008, UP032
"""pytorch/examples ``vae/main.py``, ported mechanically: its ``VAE``, the continuous-Bernoulli
``loss_function`` and ``train``/``test`` as written, on a small slice of random images in
[0, 1] (torchvision is not used). ``reparameterize`` draws ``randn_like`` noise, which differs
between the libraries, so the deterministic parts (encode, decode, the loss on given inputs)
are compared with PyTorch's from the same weights and training is checked for a falling
loss."""

import types

import numpy as np


def vae_program(torch, sync, images, epochs):
    nn = torch.nn
    F = torch.nn.functional
    optim = torch.optim

    args = types.SimpleNamespace(batch_size=16, log_interval=2)
    device = torch.device("cpu")
    dataset = torch.utils.data.TensorDataset(
        torch.from_numpy(images), torch.zeros(len(images), dtype=torch.long)
    )
    train_loader = torch.utils.data.DataLoader(dataset, batch_size=args.batch_size, shuffle=True)
    test_loader = torch.utils.data.DataLoader(dataset, batch_size=args.batch_size, shuffle=False)

    class VAE(nn.Module):
        def __init__(self):
            super(VAE, self).__init__()

            self.fc1 = nn.Linear(784, 400)
            self.fc21 = nn.Linear(400, 20)
            self.fc22 = nn.Linear(400, 20)
            self.fc3 = nn.Linear(20, 400)
            self.fc4 = nn.Linear(400, 784)

        def encode(self, x):
            h1 = F.relu(self.fc1(x))
            return self.fc21(h1), self.fc22(h1)

        def reparameterize(self, mu, logvar):
            std = torch.exp(0.5 * logvar)
            eps = torch.randn_like(std)
            return mu + eps * std

        def decode(self, z):
            h3 = F.relu(self.fc3(z))
            # clamp to avoid numerical issues with the continuous Bernoulli log normalizing constant
            return torch.clamp(torch.sigmoid(self.fc4(h3)), min=1e-4, max=1.0 - 1e-4)

        def forward(self, x):
            mu, logvar = self.encode(x.view(-1, 784))
            z = self.reparameterize(mu, logvar)
            return self.decode(z), mu, logvar

    model = sync(VAE().to(device))
    optimizer = optim.Adam(model.parameters(), lr=1e-3)

    def atanh(x):
        # inverse hyperbolic tangent, for the continuous Bernoulli's log normalizing constant
        return 0.5 * (torch.log(1.0 + x) - torch.log(1.0 - x))

    def cont_bern_log_norm(lam, l_lim=0.49, u_lim=0.51):
        # the log normalizing constant of a continuous Bernoulli, with a Taylor approximation
        # in [l_lim, u_lim]
        cut_lam = torch.where(
            torch.max(torch.le(lam, l_lim), torch.gt(lam, u_lim)), lam, l_lim * torch.ones_like(lam)
        )
        log_norm = torch.log(torch.abs(2.0 * atanh(1 - 2.0 * cut_lam))) - torch.log(
            torch.abs(1 - 2.0 * cut_lam)
        )
        taylor = (
            torch.log(torch.tensor(2.0))
            + 4.0 / 3.0 * torch.pow(lam - 0.5, 2)
            + 104.0 / 45.0 * torch.pow(lam - 0.5, 4)
        )
        return torch.where(torch.max(torch.le(lam, l_lim), torch.gt(lam, u_lim)), log_norm, taylor)

    # Reconstruction + KL divergence losses summed over all elements and batch
    def loss_function(recon_x, x, mu, logvar):
        BCE = F.binary_cross_entropy(recon_x, x.view(-1, 784), reduction="sum")
        NLNC = -torch.sum(cont_bern_log_norm(recon_x))  # negative log normalizing constant
        # 0.5 * sum(1 + log(sigma^2) - mu^2 - sigma^2)
        KLD = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
        return BCE + NLNC + KLD

    epoch_losses = []

    def train(epoch):
        model.train()
        train_loss = 0
        for batch_idx, (data, _) in enumerate(train_loader):
            data = data.to(device)
            optimizer.zero_grad()
            recon_batch, mu, logvar = model(data)
            loss = loss_function(recon_batch, data, mu, logvar)
            loss.backward()
            train_loss += loss.item()
            optimizer.step()
            if batch_idx % args.log_interval == 0:
                print(
                    "Train Epoch: {} [{}/{} ({:.0f}%)]\tLoss: {:.6f}".format(
                        epoch,
                        batch_idx * len(data),
                        len(train_loader.dataset),
                        100.0 * batch_idx / len(train_loader),
                        loss.item() / len(data),
                    )
                )
        print(
            "====> Epoch: {} Average loss: {:.4f}".format(
                epoch, train_loss / len(train_loader.dataset)
            )
        )
        epoch_losses.append(train_loss / len(train_loader.dataset))

    def test(epoch):
        model.eval()
        test_loss = 0
        with torch.no_grad():
            for i, (data, _) in enumerate(test_loader):
                data = data.to(device)
                recon_batch, mu, logvar = model(data)
                test_loss += loss_function(recon_batch, data, mu, logvar).item()
                if i == 0:
                    n = min(data.size(0), 8)
                    comparison = torch.cat(
                        [data[:n], recon_batch.view(args.batch_size, 1, 28, 28)[:n]]
                    )
                    assert comparison.shape == (2 * n, 1, 28, 28)
        test_loss /= len(test_loader.dataset)
        print("====> Test set loss: {:.4f}".format(test_loss))

    # the deterministic parts, from the initial weights
    x = torch.from_numpy(images[:16])
    with torch.no_grad():
        mu, logvar = model.encode(x.view(-1, 784))
        recon = model.decode(mu)
        fixed = (mu, logvar, recon, loss_function(recon, x, mu, logvar).item())
    for epoch in range(1, epochs + 1):
        train(epoch)
        test(epoch)
        with torch.no_grad():
            sample = torch.randn(64, 20).to(device)
            sample = model.decode(sample).cpu()
            assert sample.view(64, 1, 28, 28).shape == (64, 1, 28, 28)
    return fixed, epoch_losses


def test_vae_matches_pytorch_and_trains(run_ported):
    rng = np.random.default_rng(0)
    images = rng.random((64, 1, 28, 28)).astype(np.float32) ** 3
    ours, theirs = run_ported(vae_program, images, 3)
    for a, b in zip(ours[0][:3], theirs[0][:3]):
        np.testing.assert_allclose(a.numpy(), b.numpy(), rtol=1e-4, atol=1e-5)
    # a float32 sum of ~12,000 terms of both signs: equal to summation order
    np.testing.assert_allclose(ours[0][3], theirs[0][3], rtol=1e-4)
    assert ours[1][-1] < ours[1][0]
    assert theirs[1][-1] < theirs[1][0]
