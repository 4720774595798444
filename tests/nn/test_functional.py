"""Tests for minigrad.nn.functional: forward and gradients against PyTorch, gradcheck in
float64, numerical stability, and bad input. The losses (defined in minigrad.nn._losses) are
tested here, through their public name."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import minigrad as mg
import minigrad.ops.adaptive_pool
import minigrad.ops.conv
import minigrad.ops.pool
from minigrad.nn import functional as F
from minigrad.testing import gradcheck, gradgradcheck

rng = np.random.default_rng(0)


def leaf(a, dtype=np.float64):
    return mg.tensor(np.asarray(a, dtype=dtype), requires_grad=True)


def tleaf(torch, x):
    return torch.tensor(np.asarray(x.array), requires_grad=True)


def assert_close(a, b, rtol=1e-6, atol=1e-8):
    a = a.array if isinstance(a, mg.Tensor) else a
    b = b.detach().numpy() if hasattr(b, "detach") else b
    np.testing.assert_allclose(a, b, rtol=rtol, atol=atol)


def compare_with_torch(torch, fn, tfn, *arrays, grad=True):
    """Forward and input gradients of ``fn`` against ``tfn`` on the same float64 inputs."""
    xs = [leaf(a) for a in arrays]
    ts = [tleaf(torch, x) for x in xs]
    out, tout = fn(*xs), tfn(*ts)
    assert_close(out, tout)
    if grad:
        g = rng.standard_normal(out.shape)
        out.backward(mg.tensor(g))
        tout.backward(torch.tensor(g))
        for x, t in zip(xs, ts):
            assert_close(x.grad, t.grad)


# --------------------------------------------------------------------------------------------
# Activations
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, kwargs",
    [
        ("relu", {}),
        ("leaky_relu", {}),
        ("leaky_relu", {"negative_slope": 0.2}),
        ("sigmoid", {}),
        ("tanh", {}),
    ],
)
def test_activations_match_torch(torch, name, kwargs):
    x = rng.standard_normal((3, 4))
    x[0, :2] = 0.0  # the kink: PyTorch's convention for the gradient at 0
    compare_with_torch(
        torch,
        lambda a: getattr(F, name)(a, **kwargs),
        lambda a: getattr(torch.nn.functional, name)(a, **kwargs),
        x,
    )


@pytest.mark.parametrize("name", ["relu", "leaky_relu", "sigmoid", "tanh"])
def test_activations_gradcheck(name):
    x = leaf(rng.uniform(0.1, 2, (2, 3)) * rng.choice([-1, 1], (2, 3)))
    gradcheck(getattr(F, name), [x])
    gradgradcheck(getattr(F, name), [x])


def test_activation_rejects_non_tensor():
    with pytest.raises(TypeError, match="relu: input must be a Tensor, got ndarray"):
        F.relu(np.zeros(3))


# --------------------------------------------------------------------------------------------
# softmax / log_softmax
# --------------------------------------------------------------------------------------------


@given(
    x=hnp.arrays(
        np.float64,
        hnp.array_shapes(min_dims=1, max_dims=3, max_side=4),
        elements=st.floats(-20, 20),
    ),
    data=st.data(),
)
def test_softmax_and_log_softmax_match_torch(torch, x, data):
    dim = data.draw(st.integers(-x.ndim, x.ndim - 1))
    for name in ("softmax", "log_softmax"):
        compare_with_torch(
            torch,
            lambda a, n=name: getattr(F, n)(a, dim),
            lambda a, n=name: getattr(torch.nn.functional, n)(a, dim),
            x,
        )


@pytest.mark.parametrize("fn", [F.softmax, F.log_softmax])
@pytest.mark.parametrize("dim", [0, 1, -1])
def test_softmax_gradcheck_and_second_order(fn, dim):
    x = leaf(rng.standard_normal((3, 4)))
    gradcheck(lambda a: fn(a, dim), [x])
    gradgradcheck(lambda a: fn(a, dim), [x])


@pytest.mark.parametrize("scale", [1e4, -1e4])
def test_softmax_family_is_stable_on_huge_inputs(torch, scale):
    x = np.array([[1.0, 2.0, 3.0], [0.5, -1.0, 0.0]]) * scale
    for name in ("softmax", "log_softmax"):
        xt = leaf(x)
        out = getattr(F, name)(xt, 1)
        assert np.isfinite(out.array).all()
        assert_close(out, getattr(torch.nn.functional, name)(torch.tensor(x), 1))
        out.sum().backward()
        assert np.isfinite(xt.grad.array).all()


def test_softmax_of_0d_and_empty_tensors():
    x = leaf(2.0)
    gradcheck(lambda a: F.softmax(a, 0) * a, [x])
    gradcheck(lambda a: F.log_softmax(a, 0) + a, [x])
    assert F.softmax(mg.tensor(3.0), 0).item() == 1.0
    assert F.log_softmax(mg.tensor(3.0), -1).item() == 0.0
    assert F.softmax(mg.zeros(0, 3), 1).shape == (0, 3)
    assert F.log_softmax(mg.zeros(2, 0), 0).shape == (2, 0)


def test_softmax_dtype_argument_and_float32_default():
    x = mg.tensor([[1.0, 2.0]])
    assert F.softmax(x, 1).dtype == np.float32
    assert F.log_softmax(x, 1, dtype=np.float64).dtype == np.float64


def test_softmax_bad_input():
    with pytest.raises(IndexError, match=r"softmax: dim 2 is out of range .* shape \(2, 3\)"):
        F.softmax(mg.zeros(2, 3), 2)
    with pytest.raises(TypeError, match="log_softmax: dim must be an int"):
        F.log_softmax(mg.zeros(2, 3), 1.5)
    with pytest.raises(TypeError, match="softmax: input must be floating point, got dtype int64"):
        F.softmax(mg.tensor(np.arange(3)), 0)


# --------------------------------------------------------------------------------------------
# cross_entropy, nll_loss
# --------------------------------------------------------------------------------------------

CE_CASES = [
    {},
    {"reduction": "sum"},
    {"reduction": "none"},
    {"weight": True},
    {"weight": True, "reduction": "none"},
    {"ignore_index": 1},
    {"ignore_index": 1, "weight": True},
    {"label_smoothing": 0.2},
    {"label_smoothing": 0.3, "weight": True, "ignore_index": 2},
    {"label_smoothing": 0.1, "reduction": "sum", "weight": True},
]


def _ce_kwargs(torch, case, C):
    kw = dict(case)
    w = rng.uniform(0.5, 2, C) if kw.pop("weight", False) else None
    return kw, (None if w is None else mg.tensor(w)), (None if w is None else torch.tensor(w))


@pytest.mark.parametrize("case", CE_CASES)
@pytest.mark.parametrize("shape", [(5, 4), (3, 4, 2, 3), (4,)])
def test_cross_entropy_with_class_indices_matches_torch(torch, case, shape):
    C = shape[0] if len(shape) == 1 else shape[1]
    x = rng.standard_normal(shape)
    target = rng.integers(0, C, shape[:1] + shape[2:] if len(shape) > 1 else ())
    kw, w, tw = _ce_kwargs(torch, case, C)
    t = np.asarray(target)
    compare_with_torch(
        torch,
        lambda a: F.cross_entropy(a, mg.tensor(t), weight=w, **kw),
        lambda a: torch.nn.functional.cross_entropy(a, torch.tensor(t), weight=tw, **kw),
        x,
    )


@given(
    shape=hnp.array_shapes(min_dims=2, max_dims=4, min_side=1, max_side=4),
    data=st.data(),
)
def test_cross_entropy_over_shapes_and_options_matches_torch(torch, shape, data):
    C = shape[1]
    x = data.draw(hnp.arrays(np.float64, shape, elements=st.floats(-30, 30)))
    t = data.draw(hnp.arrays(np.int64, shape[:1] + shape[2:], elements=st.integers(0, C - 1)))
    kw = {
        "reduction": data.draw(st.sampled_from(["mean", "sum", "none"])),
        "label_smoothing": data.draw(st.sampled_from([0.0, 0.25])),
        "ignore_index": data.draw(st.sampled_from([-100, 0])),
    }
    w = data.draw(st.none() | hnp.arrays(np.float64, (C,), elements=st.floats(0.5, 2)))
    compare_with_torch(
        torch,
        lambda a: F.cross_entropy(a, mg.tensor(t), None if w is None else mg.tensor(w), **kw),
        lambda a: torch.nn.functional.cross_entropy(
            a, torch.tensor(t), None if w is None else torch.tensor(w), **kw
        ),
        x,
    )


@pytest.mark.parametrize("case", [c for c in CE_CASES if "ignore_index" not in c])
@pytest.mark.parametrize("shape", [(5, 4), (2, 3, 2, 2)])
def test_cross_entropy_with_class_probabilities_matches_torch(torch, case, shape):
    x = rng.standard_normal(shape)
    p = rng.uniform(0, 1, shape)
    p /= p.sum(axis=1, keepdims=True)
    kw, w, tw = _ce_kwargs(torch, case, shape[1])
    compare_with_torch(
        torch,
        lambda a: F.cross_entropy(a, mg.tensor(p), weight=w, **kw),
        lambda a: torch.nn.functional.cross_entropy(a, torch.tensor(p), weight=tw, **kw),
        x,
    )


@pytest.mark.parametrize(
    "case",
    [
        {},
        {"reduction": "none", "label_smoothing": 0.2},
        {"weight": True, "ignore_index": 0, "reduction": "sum"},
    ],
)
def test_cross_entropy_gradcheck_and_second_order(torch, case):
    x = leaf(rng.standard_normal((4, 3)))
    kw, w, _ = _ce_kwargs(torch, case, 3)
    t = mg.tensor(np.array([0, 2, 1, 0]))
    fn = lambda a: F.cross_entropy(a, t, weight=w, **kw)
    gradcheck(fn, [x])
    gradgradcheck(fn, [x])


def test_cross_entropy_second_derivative_matches_torch(torch):
    x = leaf(rng.standard_normal((3, 4)))
    t = np.array([1, 0, 3])
    (g,) = mg.autograd.grad(F.cross_entropy(x, mg.tensor(t)), x, create_graph=True)
    (g * g).sum().backward()
    tx = tleaf(torch, x)
    (tg,) = torch.autograd.grad(
        torch.nn.functional.cross_entropy(tx, torch.tensor(t)), tx, create_graph=True
    )
    (tg * tg).sum().backward()
    assert_close(x.grad, tx.grad)


def test_cross_entropy_is_stable_on_huge_logits(torch):
    x = np.array([[1e4, -1e4, 0.0], [-1e4, -1e4, -1e4 + 1]])
    t = np.array([1, 2])
    xt = leaf(x)
    loss = F.cross_entropy(xt, mg.tensor(t))
    assert_close(loss, torch.nn.functional.cross_entropy(torch.tensor(x), torch.tensor(t)))
    loss.backward()
    assert np.isfinite(xt.grad.array).all()


def test_cross_entropy_keeps_float32_and_all_ignored_mean_is_nan():
    x = mg.randn(3, 4, requires_grad=True)
    loss = F.cross_entropy(x, mg.tensor(np.array([1, 2, 3])))
    assert loss.dtype == np.float32 and loss.shape == ()
    loss.backward()
    assert x.grad.dtype == np.float32

    # Every target ignored: the mean is 0/0 = NaN (as PyTorch) but the gradient is 0, not NaN.
    for loss_fn in (F.cross_entropy, F.nll_loss):
        x.grad = None
        ignored = loss_fn(x, mg.tensor(np.array([-100, -100, -100])))
        assert np.isnan(ignored.item())
        ignored.backward()
        assert (x.grad.array == 0).all()


def test_cross_entropy_bad_targets():
    x = mg.zeros(3, 4)
    with pytest.raises(
        IndexError,
        match=r"target values must be class indices in \[0, 3\].*got 4 at"
        r" position \(1,\)",
    ):
        F.cross_entropy(x, mg.tensor(np.array([0, 4, 1])))
    with pytest.raises(IndexError, match=r"got -1 at position \(2,\)"):
        F.cross_entropy(x, mg.tensor(np.array([0, 1, -1])))
    with pytest.raises(TypeError, match="target must be class indices .* got dtype bool"):
        F.cross_entropy(x, mg.tensor(np.array([True, False, True])))
    with pytest.raises(
        ValueError,
        match=r"target of class indices must have shape \(3,\), got "
        r"\(4,\)",
    ):
        F.cross_entropy(x, mg.tensor(np.array([0, 1, 2, 3])))
    with pytest.raises(
        ValueError, match=r"probability target must have the input's shape \(3, 4\)"
    ):
        F.cross_entropy(x, mg.zeros(3))
    with pytest.raises(ValueError, match="ignore_index is not supported with probability"):
        F.cross_entropy(x, mg.zeros(3, 4), ignore_index=0)
    with pytest.raises(ValueError, match=r"weight must have shape \(4,\)"):
        F.cross_entropy(x, mg.tensor(np.array([0, 1, 2])), weight=mg.ones(3))
    with pytest.raises(ValueError, match="reduction must be one of"):
        F.cross_entropy(x, mg.tensor(np.array([0, 1, 2])), reduction="avg")
    with pytest.raises(ValueError, match=r"label_smoothing must be in \[0, 1\]"):
        F.cross_entropy(x, mg.tensor(np.array([0, 1, 2])), label_smoothing=1.5)
    with pytest.raises(TypeError, match="cross_entropy: input must be floating point"):
        F.cross_entropy(mg.tensor(np.zeros((3, 4), int)), mg.tensor(np.array([0, 1, 2])))


@pytest.mark.parametrize(
    "case", [{}, {"reduction": "sum"}, {"reduction": "none"}, {"weight": True, "ignore_index": 2}]
)
@pytest.mark.parametrize("shape", [(5, 4), (2, 4, 3), (4,)])
def test_nll_loss_matches_torch(torch, case, shape):
    C = shape[0] if len(shape) == 1 else shape[1]
    x = rng.standard_normal(shape)
    t = np.asarray(rng.integers(0, C, shape[:1] + shape[2:] if len(shape) > 1 else ()))
    kw, w, tw = _ce_kwargs(torch, case, C)
    compare_with_torch(
        torch,
        lambda a: F.nll_loss(a, mg.tensor(t), weight=w, **kw),
        lambda a: torch.nn.functional.nll_loss(a, torch.tensor(t), weight=tw, **kw),
        x,
    )


def test_nll_loss_gradcheck_and_bad_target():
    x = leaf(rng.standard_normal((3, 4)))
    gradcheck(lambda a: F.nll_loss(F.log_softmax(a, 1), mg.tensor(np.array([0, 3, 1]))), [x])
    with pytest.raises(TypeError, match="nll_loss: target must be class indices"):
        F.nll_loss(x, mg.zeros(3, 4))


# --------------------------------------------------------------------------------------------
# Regression and binary losses
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["mse_loss", "l1_loss"])
@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
def test_regression_losses_match_torch_in_both_arguments(torch, name, reduction):
    compare_with_torch(
        torch,
        lambda a, b: getattr(F, name)(a, b, reduction=reduction),
        lambda a, b: getattr(torch.nn.functional, name)(a, b, reduction=reduction),
        rng.standard_normal((3, 4)),
        rng.standard_normal((3, 4)),
    )


@pytest.mark.parametrize("name", ["mse_loss", "l1_loss"])
def test_regression_losses_gradcheck_and_warn_on_broadcast(name):
    a, b = leaf(rng.standard_normal((2, 3))), leaf(rng.standard_normal((2, 3)) + 3)
    gradcheck(lambda x, y: getattr(F, name)(x, y), [a, b])
    with pytest.warns(
        UserWarning,
        match=rf"{name}: using a target size \(3,\) that is different to the input size "
        r"\(2, 3\)",
    ):
        getattr(F, name)(a, mg.zeros(3, dtype=np.float64))
    with pytest.raises(ValueError, match=f"{name}: reduction must be one of"):
        getattr(F, name)(a, b, reduction="mean ")


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("weighted", [False, True])
def test_binary_cross_entropy_matches_torch(torch, reduction, weighted):
    p = rng.uniform(0.05, 0.95, (4, 3))
    t = rng.uniform(0, 1, (4, 3))
    w = rng.uniform(0.5, 2, (3,)) if weighted else None
    compare_with_torch(
        torch,
        lambda a: F.binary_cross_entropy(
            a, mg.tensor(t), None if w is None else mg.tensor(w), reduction=reduction
        ),
        lambda a: torch.nn.functional.binary_cross_entropy(
            a, torch.tensor(t), None if w is None else torch.tensor(w), reduction=reduction
        ),
        p,
    )


def test_binary_cross_entropy_clamps_at_0_and_1_like_torch(torch):
    p = np.array([0.0, 1.0, 0.0, 1.0, 0.5])
    t = np.array([1.0, 0.0, 0.0, 1.0, 1.0])
    compare_with_torch(
        torch,
        lambda a: F.binary_cross_entropy(a, mg.tensor(t), reduction="none"),
        lambda a: torch.nn.functional.binary_cross_entropy(a, torch.tensor(t), reduction="none"),
        p,
    )


def test_binary_cross_entropy_gradcheck_and_bad_input():
    p = leaf(rng.uniform(0.1, 0.9, (3, 2)))
    t = mg.tensor(rng.uniform(0, 1, (3, 2)))
    gradcheck(lambda a: F.binary_cross_entropy(a, t), [p])
    gradgradcheck(lambda a: F.binary_cross_entropy(a, t), [p])
    with pytest.raises(
        ValueError,
        match=r"input must hold probabilities in \[0, 1\], got values "
        r"in \[-0.5, 0.5\]",
    ):
        F.binary_cross_entropy(mg.tensor([-0.5, 0.5]), mg.tensor([0.0, 1.0]))
    with pytest.raises(
        ValueError, match=r"target must have the input's shape \(3, 2\), got \(2,\)"
    ):
        F.binary_cross_entropy(p, mg.zeros(2))
    with pytest.raises(ValueError, match=r"weight of shape \(3,\) does not broadcast"):
        F.binary_cross_entropy(p, t, weight=mg.ones(3))


@pytest.mark.parametrize("reduction", ["mean", "sum", "none"])
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("pos", [False, True])
def test_bce_with_logits_matches_torch(torch, reduction, weighted, pos):
    x = rng.standard_normal((4, 3)) * 3
    x[0, 0] = 0.0  # the derivative of the softplus at 0 must be exact, not a kink
    t = rng.uniform(0, 1, (4, 3))
    w = rng.uniform(0.5, 2, (4, 1)) if weighted else None
    pw = rng.uniform(0.5, 3, (3,)) if pos else None

    def opt(v, lib):
        return None if v is None else lib.tensor(v)

    compare_with_torch(
        torch,
        lambda a: F.binary_cross_entropy_with_logits(
            a, mg.tensor(t), opt(w, mg), reduction=reduction, pos_weight=opt(pw, mg)
        ),
        lambda a: torch.nn.functional.binary_cross_entropy_with_logits(
            a, torch.tensor(t), opt(w, torch), reduction=reduction, pos_weight=opt(pw, torch)
        ),
        x,
    )


def test_bce_with_logits_is_stable_and_twice_differentiable(torch):
    x = np.array([1e4, -1e4, 50.0, -50.0, 0.0])
    t = np.array([1.0, 0.0, 0.0, 1.0, 0.5])
    compare_with_torch(
        torch,
        lambda a: F.binary_cross_entropy_with_logits(a, mg.tensor(t), reduction="none"),
        lambda a: torch.nn.functional.binary_cross_entropy_with_logits(
            a, torch.tensor(t), reduction="none"
        ),
        x,
    )
    small = leaf(rng.standard_normal(4))
    tt, pw = mg.tensor(rng.uniform(0, 1, 4)), mg.tensor(np.full(4, 2.0))
    gradcheck(lambda a: F.binary_cross_entropy_with_logits(a, tt, pos_weight=pw), [small])
    gradgradcheck(lambda a: F.binary_cross_entropy_with_logits(a, tt, pos_weight=pw), [small])
    with pytest.raises(ValueError, match=r"pos_weight of shape \(3,\) does not broadcast"):
        F.binary_cross_entropy_with_logits(small, tt, pos_weight=mg.ones(3))


# --------------------------------------------------------------------------------------------
# dropout, linear, flatten, one_hot, embedding
# --------------------------------------------------------------------------------------------


def test_dropout_masks_scales_and_routes_the_gradient():
    x = mg.ones(200, 50, requires_grad=True)
    y = F.dropout(x, p=0.3, generator=np.random.default_rng(1))
    kept = y.array != 0
    assert abs(kept.mean() - 0.7) < 0.02
    np.testing.assert_allclose(y.array[kept], 1 / 0.7, rtol=1e-6)
    y.sum().backward()
    np.testing.assert_allclose(x.grad.array, kept / 0.7, rtol=1e-6)


def test_dropout_identity_cases_and_seeding():
    x = mg.randn(4, 5)
    assert F.dropout(x, 0.5, training=False) is x
    assert F.dropout(x, 0.0) is x
    assert (F.dropout(x, 1.0).array == 0).all()
    mg.manual_seed(3)
    a = F.dropout(x, 0.5).array
    mg.manual_seed(3)
    np.testing.assert_array_equal(a, F.dropout(x, 0.5).array)
    with pytest.raises(ValueError, match="dropout: p must be between 0 and 1, got 1.5"):
        F.dropout(x, 1.5)


@pytest.mark.parametrize("in_shape", [(3, 4), (2, 3, 4), (4,)])
@pytest.mark.parametrize("bias", [True, False])
def test_linear_matches_torch(torch, in_shape, bias):
    arrays = [rng.standard_normal(in_shape), rng.standard_normal((5, 4))]
    if bias:
        arrays.append(rng.standard_normal(5))
    compare_with_torch(torch, F.linear, torch.nn.functional.linear, *arrays)


def test_linear_gradcheck_and_second_order():
    x, w, b = (
        leaf(rng.standard_normal((2, 3, 4))),
        leaf(rng.standard_normal((2, 4))),
        leaf(rng.standard_normal(2)),
    )
    gradcheck(F.linear, [x, w, b])
    gradgradcheck(lambda x, w, b: F.linear(x, w, b).tanh(), [x, w, b])


def test_linear_bad_shapes():
    with pytest.raises(
        ValueError,
        match=r"linear: input of shape \(3, 5\) does not fit weight of "
        r"shape \(2, 4\).*in_features=4",
    ):
        F.linear(mg.zeros(3, 5), mg.zeros(2, 4))
    with pytest.raises(ValueError, match=r"linear: bias must have shape \(2,\).*got \(3,\)"):
        F.linear(mg.zeros(3, 4), mg.zeros(2, 4), mg.zeros(3))
    with pytest.raises(ValueError, match="linear: weight must be 2-D"):
        F.linear(mg.zeros(3, 4), mg.zeros(4))


def test_flatten():
    x = mg.zeros(2, 3, 4, 5)
    assert F.flatten(x).shape == (120,)
    assert F.flatten(x, 1).shape == (2, 60)
    assert F.flatten(x, 1, 2).shape == (2, 12, 5)


def test_one_hot_matches_torch(torch):
    t = np.array([[0, 2], [1, 3]])
    assert_close(F.one_hot(mg.tensor(t)), torch.nn.functional.one_hot(torch.tensor(t)))
    out = F.one_hot(mg.tensor(t), 6)
    assert out.shape == (2, 2, 6) and out.dtype == np.int64
    assert_close(out, torch.nn.functional.one_hot(torch.tensor(t), 6))
    with pytest.raises(
        ValueError,
        match=r"one_hot: class values must be in \[0, 2\] "
        r"\(num_classes=3\), got 3",
    ):
        F.one_hot(mg.tensor(t), 3)
    with pytest.raises(TypeError, match="one_hot: tensor must hold integer class indices"):
        F.one_hot(mg.zeros(3))
    with pytest.raises(ValueError, match="cannot infer num_classes from an empty tensor"):
        F.one_hot(mg.tensor(np.zeros(0, int)))


def test_embedding_matches_torch_with_padding_idx(torch):
    w = rng.standard_normal((6, 3))
    idx = np.array([[0, 2, 2], [5, 0, 1]])
    for padding_idx in (None, 2, -1):
        compare_with_torch(
            torch,
            lambda a, p=padding_idx: F.embedding(mg.tensor(idx), a, p),
            lambda a, p=padding_idx: torch.nn.functional.embedding(torch.tensor(idx), a, p),
            w,
        )


def test_embedding_bad_input():
    w = mg.zeros(4, 2)
    with pytest.raises(IndexError, match=r"embedding: index 4 is out of range for 4 embeddings"):
        F.embedding(mg.tensor(np.array([0, 4])), w)
    with pytest.raises(TypeError, match="embedding: input must hold integer indices"):
        F.embedding(mg.zeros(2), w)


# --------------------------------------------------------------------------------------------
# batch_norm
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("shape", [(4, 3), (4, 3, 5), (2, 3, 4, 4)])
@pytest.mark.parametrize("training", [True, False])
@pytest.mark.parametrize("affine", [True, False])
def test_batch_norm_matches_torch_and_updates_running_stats(torch, shape, training, affine):
    x = rng.standard_normal(shape) * 2 + 1
    rm, rv = rng.standard_normal(3), rng.uniform(0.5, 2, 3)
    w, b = rng.standard_normal(3), rng.standard_normal(3)
    mg_rm, mg_rv = mg.tensor(rm.copy()), mg.tensor(rv.copy())
    t_rm, t_rv = torch.tensor(rm.copy()), torch.tensor(rv.copy())
    params = [x, w, b] if affine else [x]
    compare_with_torch(
        torch,
        lambda a, *wb: F.batch_norm(a, mg_rm, mg_rv, *wb, training=training, momentum=0.2),
        lambda a, *wb: torch.nn.functional.batch_norm(
            a, t_rm, t_rv, *wb, training=training, momentum=0.2
        ),
        *params,
    )
    assert_close(mg_rm, t_rm)
    assert_close(mg_rv, t_rv)


def test_batch_norm_gradcheck_and_bad_input():
    x, w, b = (
        leaf(rng.standard_normal((4, 2, 3))),
        leaf(rng.standard_normal(2)),
        leaf(rng.standard_normal(2)),
    )
    gradcheck(lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True), [x, w, b])
    gradgradcheck(lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True), [x, w, b])
    with pytest.raises(
        ValueError,
        match=r"batch_norm: running_mean must have shape \(2,\) for "
        r"input \(4, 2, 3\)",
    ):
        F.batch_norm(x, mg.zeros(3), mg.ones(2))
    with pytest.raises(ValueError, match="expected more than 1 value per channel when training"):
        F.batch_norm(mg.zeros(1, 2), None, None, training=True)
    with pytest.raises(ValueError, match=r"batch_norm: input must be \(N, C\)"):
        F.batch_norm(mg.zeros(3), None, None)


def test_conv_and_pool_functions_are_reexported():
    for name in (
        "conv1d",
        "conv2d",
        "conv3d",
        "conv_transpose1d",
        "conv_transpose2d",
        "conv_transpose3d",
    ):
        assert getattr(F, name) is getattr(minigrad.ops.conv, name)
    for module, kinds in (
        (minigrad.ops.pool, ("max_pool", "avg_pool")),
        (minigrad.ops.adaptive_pool, ("adaptive_avg_pool", "adaptive_max_pool")),
    ):
        for kind in kinds:
            for d in (1, 2, 3):
                assert getattr(F, f"{kind}{d}d") is getattr(module, f"{kind}{d}d")
