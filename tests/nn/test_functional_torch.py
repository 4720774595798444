"""The newer nn.functional names against PyTorch: regression, margin and divergence losses,
distances, pad, the dropout variants, embedding options, bilinear; forward, gradients of
every differentiable argument, gradcheck in float64, and PyTorch's errors for bad input."""

import warnings

import numpy as np
import pytest

import minigrad as mg
from minigrad.nn import functional as F
from minigrad.testing import gradcheck, gradgradcheck

rng = np.random.default_rng(2)


def run_both(torch, name, arrays, grads, kwargs, rtol=1e-10, twice=True, check=True):
    """Forward and the gradients of the arguments flagged in ``grads``, minigrad vs PyTorch,
    then gradcheck (and gradgradcheck) of minigrad's in float64."""
    ours = [mg.tensor(a, requires_grad=g) for a, g in zip(arrays, grads)]
    theirs = [torch.tensor(a, requires_grad=g) for a, g in zip(arrays, grads)]
    out = getattr(F, name)(*ours, **kwargs)
    tout = getattr(torch.nn.functional, name)(*theirs, **kwargs)
    np.testing.assert_allclose(out.array, tout.detach().numpy(), rtol=rtol, atol=1e-12)
    g = rng.standard_normal(out.shape)
    out.backward(mg.tensor(g))
    tout.backward(torch.tensor(g))
    for o, t, flag in zip(ours, theirs, grads):
        if flag:
            np.testing.assert_allclose(o.grad.array, t.grad.numpy(), rtol=rtol, atol=1e-12)
    if not check:
        return
    fresh = [mg.tensor(a, requires_grad=g) for a, g in zip(arrays, grads)]
    fn = lambda *xs: getattr(F, name)(*xs, **kwargs)
    gradcheck(fn, fresh)
    if twice:
        gradgradcheck(fn, fresh)


REDUCTIONS = ["mean", "sum", "none"]


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize(
    "name, kwargs",
    [
        ("mse_loss", {}),
        ("l1_loss", {}),
        ("smooth_l1_loss", {}),
        ("smooth_l1_loss", {"beta": 0.5}),
        ("smooth_l1_loss", {"beta": 0.0}),
        ("huber_loss", {}),
        ("huber_loss", {"delta": 0.3}),
        ("soft_margin_loss", {}),
    ],
)
def test_pointwise_losses_differentiate_both_arguments(torch, name, kwargs, reduction):
    x, y = rng.standard_normal((3, 4)), rng.standard_normal((3, 4))
    if name == "soft_margin_loss":
        y = np.sign(y)
    run_both(
        torch,
        name,
        [x, y],
        [True, name != "soft_margin_loss"],
        {**kwargs, "reduction": reduction},
        twice=name in ("mse_loss", "soft_margin_loss"),
    )


@pytest.mark.parametrize("reduction", [*REDUCTIONS, "batchmean"])
@pytest.mark.parametrize("log_target", [False, True])
def test_kl_div_matches_torch_in_both_arguments(torch, reduction, log_target):
    x = np.log(rng.dirichlet(np.ones(5), 4))
    t = rng.dirichlet(np.ones(5), 4)
    t[0, 1] = 0.0  # a zero target contributes 0 (not NaN)
    if log_target:
        t = np.log(rng.dirichlet(np.ones(5), 4))
    kw = {"reduction": reduction, "log_target": log_target}
    grads = [True, log_target]  # d/dt at t = 0 is -inf for probability targets
    run_both(torch, "kl_div", [x, t], grads, kw, twice=False)


@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_margin_losses_match_torch(torch, reduction):
    x1, x2 = rng.standard_normal(6), rng.standard_normal(6)
    y = np.array([1.0, -1, 1, -1, 1, -1])
    run_both(
        torch,
        "margin_ranking_loss",
        [x1, x2, y],
        [True, True, False],
        {"margin": 0.2, "reduction": reduction},
        twice=False,
    )
    run_both(
        torch,
        "hinge_embedding_loss",
        [x1 * 2, y],
        [True, False],
        {"margin": 0.7, "reduction": reduction},
        twice=False,
    )
    a, b = rng.standard_normal((6, 4)), rng.standard_normal((6, 4))
    run_both(
        torch,
        "cosine_embedding_loss",
        [a, b, y],
        [True, True, False],
        {"margin": -0.2, "reduction": reduction},
        twice=False,
    )
    n = rng.standard_normal((6, 4))
    for swap in (False, True):
        run_both(
            torch,
            "triplet_margin_loss",
            [a, b, n],
            [True, True, True],
            {"margin": 2.0, "p": 2, "swap": swap, "reduction": reduction},
            twice=False,
        )


@pytest.mark.parametrize("log_input, full", [(True, False), (False, False), (True, True)])
def test_poisson_nll_matches_torch(torch, log_input, full):
    x = rng.uniform(0.2, 2, (3, 4))
    t = rng.poisson(2, (3, 4)).astype(float)
    run_both(
        torch,
        "poisson_nll_loss",
        [x, t],
        [True, False],
        {"log_input": log_input, "full": full},
        twice=False,
    )


@pytest.mark.parametrize("var_shape", [(4, 3), (4,), (4, 1)])
@pytest.mark.parametrize("full", [False, True])
def test_gaussian_nll_matches_torch_in_input_target_and_var(torch, var_shape, full):
    x, t = rng.standard_normal((4, 3)), rng.standard_normal((4, 3))
    var = rng.uniform(0.1, 2, var_shape)
    var.flat[0] = 0.02  # clamped at eps, the gradient still flows
    kw = {"full": full, "eps": 0.05}
    run_both(torch, "gaussian_nll_loss", [x, t, var], [True, True, True], kw, check=False)
    var.flat[0] = 0.5  # the clamp's identity gradient is not the numerical one; check without
    run_both(torch, "gaussian_nll_loss", [x, t, var], [True, True, True], kw, twice=False)


@pytest.mark.parametrize("dim", [1, 0, -1])
def test_distances_match_torch(torch, dim):
    a, b = rng.standard_normal((3, 4)), rng.standard_normal((3, 4))
    z = b.copy()
    z[1] = 0.0  # a zero vector: clamped by eps, no NaN gradient (a kink: no gradcheck)
    run_both(torch, "cosine_similarity", [a, z], [True, True], {"dim": dim}, check=False)
    run_both(torch, "normalize", [z], [True], {"dim": dim}, check=False)
    run_both(torch, "cosine_similarity", [a, b], [True, True], {"dim": dim}, twice=False)
    run_both(torch, "normalize", [b], [True], {"dim": dim}, twice=False)
    run_both(torch, "normalize", [a], [True], {"dim": dim, "p": 1.0}, twice=False)
    for p in (1.0, 2.0, 3.0):
        run_both(
            torch, "pairwise_distance", [a, b], [True, True], {"p": p, "keepdim": True}, twice=False
        )


def test_cosine_similarity_broadcasts_like_torch(torch):
    a, b = rng.standard_normal((5, 1, 4)), rng.standard_normal((1, 3, 4))
    run_both(torch, "cosine_similarity", [a, b], [True, True], {"dim": -1}, twice=False)


@pytest.mark.parametrize("mode", ["constant", "reflect", "replicate", "circular"])
@pytest.mark.parametrize("pad", [(1, 2), (2, 0, 1, 1), (1, 1, 0, 2, 1, 0)])
def test_pad_matches_torch(torch, mode, pad):
    # PyTorch's non-constant modes want (N, C, *) with as many * as padded dimensions.
    x = rng.standard_normal((2, 3, 4, 5, 3)[: 2 + len(pad) // 2])
    kw = {"mode": mode, **({"value": 1.5} if mode == "constant" else {})}
    run_both(torch, "pad", [x], [True], {"pad": pad, **kw})


def test_pad_negative_crops_and_bad_pads(torch):
    x = rng.standard_normal((2, 5))
    run_both(torch, "pad", [x], [True], {"pad": (-1, 2, 1, -1)})
    with pytest.raises(ValueError, match="pad: pad .* must have an even length"):
        F.pad(mg.zeros(2, 3), (1, 2, 3))
    with pytest.raises(ValueError, match=r"pad: in mode 'reflect' the padding of dimension 1"):
        F.pad(mg.zeros(1, 3), (3, 0), mode="reflect")
    with pytest.raises(ValueError, match="pad: mode must be"):
        F.pad(mg.zeros(1, 3), (1, 1), mode="symmetric")
    with pytest.raises(RuntimeError):
        torch.nn.functional.pad(torch.zeros(1, 3), (3, 0), mode="reflect")


def test_bilinear_matches_torch(torch):
    x1, x2 = rng.standard_normal((4, 3)), rng.standard_normal((4, 2))
    w, b = rng.standard_normal((5, 3, 2)), rng.standard_normal(5)
    run_both(torch, "bilinear", [x1, x2, w, b], [True, True, True, True], {})
    with pytest.raises(ValueError, match="bilinear: input1 .* do not fit weight"):
        F.bilinear(mg.zeros(4, 3), mg.zeros(4, 3), mg.zeros(5, 3, 2))


@pytest.mark.parametrize(
    "fn, shape, mask_axes",
    [
        ("dropout1d", (4, 6, 50), (2,)),
        ("dropout2d", (4, 6, 5, 10), (2, 3)),
        ("dropout3d", (6, 2, 5, 5), (1, 2, 3)),
    ],
)
def test_channel_dropout_drops_whole_channels(fn, shape, mask_axes):
    x = mg.ones(*shape, requires_grad=True)
    out = getattr(F, fn)(x, 0.5, generator=np.random.default_rng(0))
    a = out.array
    assert set(np.unique(a)) <= {0.0, 2.0}
    # constant along the spatial axes: one decision per channel
    assert (a.min(axis=mask_axes) == a.max(axis=mask_axes)).all()
    out.sum().backward()
    np.testing.assert_array_equal(x.grad.array, a)
    assert getattr(F, fn)(x, 0.5, training=False) is x


def test_alpha_dropout_keeps_mean_and_variance():
    x = mg.tensor(np.random.default_rng(3).standard_normal(200_000))
    out = F.alpha_dropout(x, 0.3, training=True, generator=np.random.default_rng(4)).array
    assert abs(out.mean()) < 0.01 and abs(out.std() - 1) < 0.01
    assert F.alpha_dropout(x, 0.3) is x  # training=False is PyTorch's default here
    fx = F.feature_alpha_dropout(mg.ones(8, 16, 3), 0.5, True, generator=np.random.default_rng(5))
    assert (fx.array.min(axis=2) == fx.array.max(axis=2)).all()


def test_dropout_bad_p_names_the_call_and_argument():
    x = mg.ones(3)
    with pytest.raises(TypeError, match="dropout: p must be a real number, got '0.5'"):
        F.dropout(x, "0.5")
    with pytest.raises(ValueError, match="dropout2d: p must be between 0 and 1, got 2"):
        F.dropout2d(mg.ones(2, 3, 4), 2.0)
    with pytest.raises(ValueError, match=r"dropout1d: expected an input of 2 dimensions"):
        F.dropout1d(mg.ones(3), 0.5)


def test_embedding_padding_idx_out_of_range_raises_like_the_module(torch):
    w = mg.tensor(rng.standard_normal((5, 3)), requires_grad=True)
    idx = mg.tensor([0, 1, 4])
    with pytest.raises(ValueError, match=r"embedding: padding_idx must be within \[-5, 4\]"):
        F.embedding(idx, w, padding_idx=10)
    with pytest.raises(AssertionError):
        torch.nn.functional.embedding(torch.tensor([0, 1]), torch.zeros(5, 3), padding_idx=10)
    with pytest.raises(ValueError, match=r"Embedding: padding_idx must be within"):
        mg.nn.Embedding(5, 3, padding_idx=5)
    out = F.embedding(idx, w, padding_idx=-1)  # row 4
    out.sum().backward()
    np.testing.assert_array_equal(w.grad.array[4], 0)
    np.testing.assert_array_equal(w.grad.array[0], 1)


def test_embedding_max_norm_and_scale_grad_by_freq_match_torch(torch):
    w0 = rng.standard_normal((6, 4)) * 3
    idx = np.array([[0, 2, 2], [5, 2, 0]])
    w, tw = mg.tensor(w0.copy(), requires_grad=True), torch.tensor(w0.copy(), requires_grad=True)
    out = F.embedding(mg.tensor(idx), w, max_norm=1.5, scale_grad_by_freq=True)
    tout = torch.nn.functional.embedding(
        torch.tensor(idx), tw, max_norm=1.5, scale_grad_by_freq=True
    )
    np.testing.assert_allclose(out.array, tout.detach().numpy(), rtol=1e-12)
    np.testing.assert_allclose(w.array, tw.detach().numpy(), rtol=1e-12)  # renormed in place
    g = rng.standard_normal(out.shape)
    out.backward(mg.tensor(g))
    tout.backward(torch.tensor(g))
    np.testing.assert_allclose(w.grad.array, tw.grad.numpy(), rtol=1e-12)


def test_regression_losses_name_the_shapes_and_warn_like_torch(torch):
    with pytest.raises(
        ValueError,
        match=r"mse_loss: input of shape \(2, 3\) and target of "
        r"shape \(4, 3\)",
    ):
        F.mse_loss(mg.zeros(2, 3), mg.zeros(4, 3))
    with pytest.raises(ValueError, match=r"l1_loss: input of shape \(2, 3\) and target"):
        F.l1_loss(mg.zeros(2, 3), mg.zeros(4, 3))
    with warnings.catch_warnings(record=True) as theirs:
        warnings.simplefilter("always")
        torch.nn.functional.mse_loss(torch.zeros(2, 3), torch.zeros(3))
    with pytest.warns(UserWarning, match="using a target size") as ours:
        F.mse_loss(mg.zeros(2, 3), mg.zeros(3))
    assert len(theirs) == len(ours) == 1
    with pytest.raises(ValueError, match="smooth_l1_loss: beta must be non-negative"):
        F.smooth_l1_loss(mg.zeros(2), mg.zeros(2), beta=-1.0)
    with pytest.raises(ValueError, match="kl_div: reduction must be one of"):
        F.kl_div(mg.zeros(2), mg.zeros(2), reduction="avg")


def test_legacy_size_average_and_reduce_flags_match_torch(torch):
    x, y = rng.standard_normal((3, 4)), rng.standard_normal((3, 4))
    for size_average, reduce in [(None, False), (False, None), (True, True)]:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            expected = torch.nn.functional.mse_loss(
                torch.tensor(x), torch.tensor(y), size_average, reduce
            ).numpy()
        ours = F.mse_loss(mg.tensor(x), mg.tensor(y), size_average, reduce).array
        np.testing.assert_allclose(ours, expected, rtol=1e-12)
