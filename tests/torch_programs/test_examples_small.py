# The ported code is kept as its authors wrote it (super(Cls, self), str.format, `input`):
# ruff: noqa: UP008, UP032, A001, A002, B007
"""Small pytorch/examples programs, ported mechanically with fewer steps:
``regression/main.py`` (a degree-4 polynomial fitted with a Linear layer, smooth L1 and a
hand-written ``param.data.add_(-0.1 * param.grad)`` update) and
``time_sequence_prediction/train.py`` (two LSTMCells in float64, trained with LBFGS,
predicting the future under ``no_grad``).
Data and initial weights are shared with the PyTorch run; the losses must be PyTorch's."""

from itertools import count

import numpy as np


def regression(torch, sync, w_target, b_target, batches):
    F = torch.nn.functional
    batches = list(batches)  # each run consumes its own copy of the shared draws
    POLY_DEGREE = 4
    W_target = torch.tensor(w_target)  # the example: torch.randn(POLY_DEGREE, 1) * 5
    b_target = torch.tensor(b_target)  # torch.randn(1) * 5

    def make_features(x):
        """Builds features i.e. a matrix with columns [x, x^2, x^3, x^4]."""
        x = x.unsqueeze(1)
        return torch.cat([x**i for i in range(1, POLY_DEGREE + 1)], 1)

    def f(x):
        """Approximated function."""
        return x.mm(W_target) + b_target.item()

    def poly_desc(W, b):
        """Creates a string description of a polynomial."""
        result = "y = "
        for i, w in enumerate(W):
            result += "{:+.2f} x^{} ".format(w, i + 1)
        result += "{:+.2f}".format(b[0])
        return result

    def get_batch(batch_size=32):
        """Builds a batch i.e. (x, f(x)) pair."""
        random = torch.tensor(batches.pop(0))  # the example: torch.randn(batch_size)
        x = make_features(random)
        y = f(x)
        return x, y

    fc = sync(torch.nn.Linear(W_target.size(0), 1))
    losses = []
    for batch_idx in count(1):
        batch_x, batch_y = get_batch()
        fc.zero_grad()
        output = F.smooth_l1_loss(fc(batch_x), batch_y)
        loss = output.item()
        losses.append(loss)
        output.backward()
        for param in fc.parameters():
            param.data.add_(-0.1 * param.grad)
        if loss < 1e-3 or not batches:
            break
    print("Loss: {:.6f} after {} batches".format(loss, batch_idx))
    print("==> Learned function:\t" + poly_desc(fc.weight.view(-1), fc.bias))
    print("==> Actual function:\t" + poly_desc(W_target.view(-1), b_target))
    return losses, poly_desc(W_target.view(-1), b_target)


def test_regression_example_matches_pytorch(run_ported):
    rng = np.random.default_rng(0)
    w, b = (rng.standard_normal((4, 1)) * 5).astype(np.float32), (rng.standard_normal(1) * 5)
    batches = [rng.standard_normal(32).astype(np.float32) for _ in range(60)]
    ours, theirs = run_ported(regression, w, b.astype(np.float32), batches)
    np.testing.assert_allclose(ours[0], theirs[0], rtol=1e-3)
    assert ours[1] == theirs[1]
    assert ours[0][-1] < ours[0][0] / 10


def time_sequence(torch, sync, data_np, steps, future):
    nn = torch.nn
    optim = torch.optim

    class Sequence(nn.Module):
        def __init__(self):
            super(Sequence, self).__init__()
            self.lstm1 = nn.LSTMCell(1, 51)
            self.lstm2 = nn.LSTMCell(51, 51)
            self.linear = nn.Linear(51, 1)
            self.dummy_param = nn.Parameter(torch.empty(0))

        def forward(self, input, future=0):
            outputs = []
            device = self.dummy_param.device
            h_t = torch.zeros(input.size(0), 51, dtype=torch.double).to(device)
            c_t = torch.zeros(input.size(0), 51, dtype=torch.double).to(device)
            h_t2 = torch.zeros(input.size(0), 51, dtype=torch.double).to(device)
            c_t2 = torch.zeros(input.size(0), 51, dtype=torch.double).to(device)

            for input_t in input.split(1, dim=1):
                h_t, c_t = self.lstm1(input_t, (h_t, c_t))
                h_t2, c_t2 = self.lstm2(h_t, (h_t2, c_t2))
                output = self.linear(h_t2)
                outputs += [output]
            for i in range(future):  # if we should predict the future
                h_t, c_t = self.lstm1(output, (h_t, c_t))
                h_t2, c_t2 = self.lstm2(h_t, (h_t2, c_t2))
                output = self.linear(h_t2)
                outputs += [output]
            outputs = torch.cat(outputs, dim=1)
            return outputs

    device = torch.device("cpu")
    data = torch.from_numpy(data_np).to(device)
    input = data[3:, :-1]
    target = data[3:, 1:]
    test_input = data[:3, :-1]
    test_target = data[:3, 1:]
    seq = Sequence().to(device).double()
    sync(seq)
    criterion = nn.MSELoss().to(device)
    optimizer = optim.LBFGS(seq.parameters(), lr=0.8)
    losses, test_losses = [], []
    for i in range(steps):
        print("STEP: ", i)

        def closure():
            optimizer.zero_grad()
            out = seq(input)
            loss = criterion(out, target)
            print("loss:", loss.item())
            losses.append(loss.item())
            loss.backward()
            return loss

        optimizer.step(closure)
        with torch.no_grad():
            pred = seq(test_input, future=future)
            loss = criterion(pred[:, :-future], test_target)
            print("test loss:", loss.item())
            test_losses.append(loss.item())
            y = pred.cpu().detach().numpy()
    assert y.shape == (3, input.size(1) + future)
    return losses, test_losses


def test_time_sequence_prediction_with_lstm_cells_and_lbfgs_matches_pytorch(run_ported):
    # generate_sine_wave.py, shrunk: N=8 waves of L=40 samples, period T=20
    np.random.seed(2)
    T, L, N = 20, 40, 8
    x = np.empty((N, L), "int64")
    x[:] = np.array(range(L)) + np.random.randint(-4 * T, 4 * T, N).reshape(N, 1)
    data = np.sin(x / 1.0 / T).astype("float64")
    ours, theirs = run_ported(time_sequence, data, 2, 10)
    np.testing.assert_allclose(ours[0], theirs[0], rtol=1e-6)
    np.testing.assert_allclose(ours[1], theirs[1], rtol=1e-6)
    assert ours[0][-1] < ours[0][0]
