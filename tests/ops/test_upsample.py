"""ops.upsample: unfold/fold, pixel_shuffle/unshuffle, interpolate against PyTorch; gradients."""

from __future__ import annotations

import numpy as np
import pytest

import minigrad as mg
from minigrad import nn
from minigrad.nn import functional as F
from minigrad.ops import upsample
from minigrad.testing import gradcheck, gradgradcheck

torch = pytest.importorskip("torch")
TF = torch.nn.functional
rng = np.random.default_rng(0)

GRADIENT_SAMPLES = {
    "unfold": [((rng.standard_normal((1, 2, 4, 4)), 2), {"padding": 1, "stride": 2})],
    "fold": [((rng.standard_normal((1, 8, 9)), (4, 4), 2), {"dilation": 1, "stride": 1})],
    "pixel_shuffle": [((rng.standard_normal((1, 8, 2, 3)), 2), {})],
    "pixel_unshuffle": [((rng.standard_normal((1, 2, 4, 6)), 2), {})],
    "interpolate": [
        ((rng.standard_normal((1, 2, 3, 4)),), {"scale_factor": 2, "mode": "bilinear"}),
        ((rng.standard_normal((1, 1, 3, 3)),),
         {"size": (5, 2), "mode": "bilinear", "align_corners": True}),
        ((rng.standard_normal((1, 2, 5)),), {"size": 3, "mode": "nearest"}),
        ((rng.standard_normal((1, 1, 2, 3, 2)),), {"scale_factor": 1.5, "mode": "trilinear"}),
        ((rng.standard_normal((1, 1, 4, 4)),), {"size": 2, "mode": "area"}),
        ((rng.standard_normal((1, 1, 3, 3)),), {"size": (4, 2), "mode": "bicubic"}),
    ],
}  # fmt: skip

UNFOLD = [
    ((2, 3, 5, 6), {"kernel_size": 2}),
    ((1, 2, 6, 5), {"kernel_size": (3, 2), "dilation": (1, 2), "padding": 1, "stride": (2, 1)}),
    ((3, 4, 4), {"kernel_size": 3, "padding": 2, "stride": 3}),
]


@pytest.mark.parametrize("shape, kw", UNFOLD)
def test_unfold_and_fold_match_torch(shape, kw):
    x = rng.standard_normal(shape)
    cols = TF.unfold(torch.tensor(x), **kw)
    np.testing.assert_allclose(F.unfold(mg.tensor(x), **kw).array, cols.numpy())
    c = rng.standard_normal(tuple(cols.shape))
    want = TF.fold(torch.tensor(c), shape[-2:], **kw).numpy()
    np.testing.assert_allclose(F.fold(mg.tensor(c), shape[-2:], **kw).array, want, rtol=1e-12)
    assert nn.Unfold(**kw)(mg.tensor(x)).shape == tuple(cols.shape)
    assert nn.Fold(shape[-2:], **kw)(mg.tensor(c)).shape == tuple(want.shape)


def test_fold_is_unfolds_adjoint_with_gradients_of_both_orders():
    x = mg.tensor(rng.standard_normal((1, 2, 4, 5)), requires_grad=True)
    assert gradcheck(lambda t: F.unfold(t, 3, padding=1), [x])
    c = mg.tensor(rng.standard_normal((1, 18, 20)), requires_grad=True)
    assert gradgradcheck(lambda t: F.fold(t, (4, 5), 3, padding=1), [c])


@pytest.mark.parametrize("shape, r", [((2, 8, 3, 3), 2), ((3, 2, 9, 2, 2), 3), ((4, 1, 1), 2)])
def test_pixel_shuffles_match_torch_and_invert(shape, r):
    x = rng.standard_normal(shape)
    want = TF.pixel_shuffle(torch.tensor(x), r).numpy()
    got = F.pixel_shuffle(mg.tensor(x), r)
    np.testing.assert_array_equal(got.array, want)
    np.testing.assert_array_equal(nn.PixelUnshuffle(r)(got).array, x)
    np.testing.assert_array_equal(
        F.pixel_unshuffle(mg.tensor(want), r).array,
        TF.pixel_unshuffle(torch.tensor(want), r).numpy(),
    )
    assert nn.PixelShuffle(r)(mg.tensor(x)).shape == want.shape


INTERP = [
    ((1, 2, 4, 5), {"size": (7, 3), "mode": "nearest"}),
    ((1, 2, 4, 5), {"scale_factor": 1.7, "mode": "nearest"}),
    ((1, 2, 4, 5), {"scale_factor": (2, 0.5), "mode": "nearest-exact"}),
    ((2, 1, 4, 5), {"size": (7, 3), "mode": "bilinear"}),
    ((2, 1, 4, 5), {"size": (7, 3), "mode": "bilinear", "align_corners": True}),
    ((2, 1, 4, 5), {"scale_factor": 2.5, "mode": "bilinear"}),
    ((2, 1, 4, 5), {"scale_factor": 2.5, "mode": "bilinear", "recompute_scale_factor": True}),
    ((2, 1, 4, 5), {"size": 1, "mode": "bilinear", "align_corners": True}),
    ((1, 3, 6), {"size": 4, "mode": "linear"}),
    ((1, 3, 6), {"scale_factor": 3, "mode": "linear", "align_corners": True}),
    ((1, 1, 3, 4, 2), {"size": (5, 2, 3), "mode": "trilinear"}),
    ((1, 2, 6, 6), {"size": (4, 3), "mode": "area"}),
    ((1, 2, 4, 5), {"size": (7, 3), "mode": "bicubic"}),
    ((1, 2, 4, 5), {"scale_factor": 2, "mode": "bicubic", "align_corners": True}),
    ((1, 1, 5, 5), {"scale_factor": 0.6, "mode": "bicubic"}),
]


@pytest.mark.parametrize("shape, kw", INTERP)
def test_interpolate_matches_torch(shape, kw):
    x = rng.standard_normal(shape)
    want = TF.interpolate(torch.tensor(x), **kw).numpy()
    np.testing.assert_allclose(
        F.interpolate(mg.tensor(x), **kw).array, want, rtol=1e-12, atol=1e-14
    )
    t = torch.tensor(x, requires_grad=True)
    g = rng.standard_normal(want.shape)
    (TF.interpolate(t, **kw) * torch.tensor(g)).sum().backward()
    m = mg.tensor(x, requires_grad=True)
    (F.interpolate(m, **kw) * mg.tensor(g)).sum().backward()
    np.testing.assert_allclose(m.grad.array, t.grad.numpy(), rtol=1e-12, atol=1e-14)


def test_upsample_modules_and_aliases_match_torch():
    x = rng.standard_normal((1, 2, 3, 4))
    pairs = [
        (
            nn.Upsample(scale_factor=2, mode="bilinear"),
            torch.nn.Upsample(scale_factor=2, mode="bilinear"),
        ),
        (nn.UpsamplingNearest2d(size=(5, 5)), torch.nn.UpsamplingNearest2d(size=(5, 5))),
        (nn.UpsamplingBilinear2d(scale_factor=2), torch.nn.UpsamplingBilinear2d(scale_factor=2)),
    ]
    for ours, theirs in pairs:
        np.testing.assert_allclose(
            ours(mg.tensor(x)).array, theirs(torch.tensor(x)).numpy(), rtol=1e-12
        )
    np.testing.assert_allclose(
        F.upsample_bilinear(mg.tensor(x), size=(4, 6)).array,
        TF.interpolate(torch.tensor(x), size=(4, 6), mode="bilinear", align_corners=True).numpy(),
    )
    assert "scale_factor=2" in repr(pairs[0][0])


def test_gumbel_softmax_soft_and_hard():
    mg.manual_seed(0)
    logits = mg.tensor(rng.standard_normal((4, 5)), requires_grad=True)
    soft = F.gumbel_softmax(logits, tau=0.5)
    np.testing.assert_allclose(soft.array.sum(-1), 1.0)
    hard = F.gumbel_softmax(logits, hard=True, dim=0)
    assert set(np.unique(hard.array)) <= {0.0, 1.0} and (hard.array.sum(0) == 1).all()
    hard.sum().backward()  # straight-through: the soft sample's gradient (sums to ~0 per column)
    np.testing.assert_allclose(logits.grad.array.sum(0), 0.0, atol=1e-12)
    mg.manual_seed(1)
    draws = np.stack(
        [F.gumbel_softmax(mg.tensor([0.0, np.log(3.0)]), hard=True).array for _ in range(2000)]
    )
    assert abs(draws[:, 1].mean() - 0.75) < 0.04  # P(class) = softmax(logits)


Z4 = mg.zeros(1, 1, 2, 2)
BAD = [
    (lambda: upsample.unfold(Z4, 3), "unfold: the kernel 3x3"),
    (lambda: upsample.unfold(mg.zeros(2, 2), 1), r"unfold: input must be \(N, C, H, W\)"),
    (lambda: upsample.unfold(Z4, 0), "unfold: kernel_size must be an int >= 1"),
    (lambda: upsample.fold(mg.zeros(1, 5, 4), (3, 3), 2), "fold: input's dimension 1 .5."),
    (lambda: upsample.fold(mg.zeros(1, 4, 5), (3, 3), 2), "fold: input has 5 blocks"),
    (lambda: upsample.pixel_shuffle(mg.zeros(1, 3, 2, 2), 2), "pixel_shuffle: input must be"),
    (lambda: upsample.pixel_unshuffle(mg.zeros(1, 1, 3, 2), 2), "pixel_unshuffle: input must"),
    (lambda: upsample.interpolate(Z4), "interpolate: give exactly one"),
    (lambda: upsample.interpolate(Z4, size=3, mode="lanczos"), "interpolate: mode 'lanczos'"),
    (lambda: upsample.interpolate(mg.zeros(1, 1, 2), size=3, mode="bilinear"), "needs a 4-D"),
    (lambda: upsample.interpolate(Z4, size=3, align_corners=True), "align_corners is only"),
    (lambda: F.gumbel_softmax(mg.zeros(2), tau=0), "gumbel_softmax: tau must be positive"),
]


@pytest.mark.parametrize("call, match", BAD)
def test_bad_arguments_name_the_function(call, match):
    with pytest.raises(ValueError, match=match):
        call()
