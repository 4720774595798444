"""Small PyTorch programs using the names the PyTorch face gained (linalg decompositions,
special functions, resampling, counting, inference_mode, assert_close), run once with
``torch`` bound to minigrad and once to PyTorch; what they record is compared."""

import numpy as np
import pytest

import minigrad

real_torch = pytest.importorskip("torch")
rng = np.random.default_rng(3)
X = rng.standard_normal((6, 2)).tolist()
Y = rng.standard_normal(6).tolist()
IMG = rng.standard_normal((1, 4, 3, 3)).tolist()


def gaussian_process(torch):
    """A GP marginal likelihood with a learnable length scale: cholesky, solve, logdet."""
    seen = {}
    x, y = torch.tensor(X, dtype=torch.float64), torch.tensor(Y, dtype=torch.float64)
    log_ell = torch.tensor(0.3, dtype=torch.float64, requires_grad=True)
    d2 = torch.cdist(x, x) ** 2
    K = torch.exp(-0.5 * d2 / torch.exp(log_ell) ** 2) + 0.1 * torch.eye(6, dtype=torch.float64)
    L = torch.linalg.cholesky(K)
    alpha = torch.cholesky_solve(y[:, None], L)
    seen["solve"] = torch.linalg.solve(K, y)
    seen["cholesky_inverse"] = torch.cholesky_inverse(L)
    nll = 0.5 * (y[:, None] * alpha).sum() + torch.log(torch.diagonal(L)).sum()
    nll.backward()
    seen["nll"], seen["grad"] = nll, log_ell.grad
    seen["logdet"] = torch.logdet(K)
    sign, logabs = torch.linalg.slogdet(K)
    seen["slogdet"] = (sign, logabs)
    w, V = torch.linalg.eigh(K)
    seen["eigvals"], seen["eigvec_squares"] = w, V**2
    seen["svdvals"] = torch.linalg.svdvals(K)
    seen["cond"] = torch.linalg.cond(K)
    seen["inv_trace"] = torch.trace(torch.inverse(K))
    return seen


def special_losses(torch):
    seen = {}
    p = torch.tensor([0.2, 0.7, 0.9], dtype=torch.float64, requires_grad=True)
    loss = (torch.special.erfinv(2 * p - 1) ** 2).sum() + torch.lgamma(p + 1).sum()
    loss = loss + torch.special.xlogy(p, p).sum() + torch.digamma(p + 2).sum()
    loss = loss + torch.special.logit(p).sum() + torch.erf(p).sum()
    loss.backward()
    seen["loss"], seen["grad"] = loss, p.grad
    seen["polygamma"] = torch.polygamma(2, p.detach() + 1)
    return seen


def upscale_net(torch):
    """Sub-pixel convolution then bilinear/nearest resizing, with unfold/fold in between."""
    seen = {}
    torch.manual_seed(0)
    x = torch.tensor(IMG, dtype=torch.float64, requires_grad=True)
    up = torch.nn.PixelShuffle(2)(x)  # (1, 1, 6, 6)
    cols = torch.nn.functional.unfold(up, 3, padding=1)
    back = torch.nn.functional.fold(cols, (6, 6), 3, padding=1)
    big = torch.nn.functional.interpolate(back, scale_factor=1.5, mode="bilinear")
    near = torch.nn.Upsample(size=(4, 5), mode="nearest")(big)
    cubic = torch.nn.functional.interpolate(near, size=(3, 3), mode="bicubic", align_corners=True)
    out = cubic.sum() + torch.nn.functional.pixel_unshuffle(up, 2).pow(2).sum()
    out.backward()
    seen["out"], seen["grad"], seen["shapes"] = out, x.grad, (tuple(big.shape), tuple(near.shape))
    return seen


def counting_and_modes(torch):
    seen = {}
    t = torch.tensor([3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5])
    vals, inv, counts = torch.unique(t, return_inverse=True, return_counts=True)
    seen["unique"] = (vals, inv, counts)
    seen["bincount"] = torch.bincount(t)
    seen["bucketize"] = torch.bucketize(t, torch.tensor([2, 4, 6]))
    seen["searchsorted"] = torch.searchsorted(torch.tensor([1, 3, 5, 7]), t, right=True)
    seen["histc"] = torch.histc(t.double(), bins=4, min=0, max=10)
    seen["repeat_interleave"] = torch.repeat_interleave(
        torch.tensor([1, 2, 3]), torch.tensor([3, 0, 2])
    )
    w = torch.ones(2, dtype=torch.float64, requires_grad=True)
    with torch.inference_mode():
        seen["inference"] = (w * 2).requires_grad
    seen["finfo"] = (torch.finfo(torch.float32).eps, torch.iinfo(torch.int16).max)
    torch.testing.assert_close(torch.tensor([1.0, 2.0]), torch.tensor([1.0, 2.0 + 1e-7]))
    return seen


@pytest.mark.parametrize(
    "program", [gaussian_process, special_losses, upscale_net, counting_and_modes]
)
def test_program_records_what_pytorch_records(program, assert_same):
    ours, theirs = program(minigrad), program(real_torch)
    assert ours.keys() == theirs.keys()
    for key in theirs:
        assert_same(ours[key], theirs[key], f"{program.__name__}: {key}")
