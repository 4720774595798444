"""The fused ``normalize`` primitive and the functional norms against PyTorch and gradcheck."""

import numpy as np
import pytest

import minigrad as mg
from minigrad.ops import normalization as N
from minigrad.testing import gradcheck, gradgradcheck

rng = np.random.default_rng(0)


def _n(*shape):
    return np.random.default_rng(sum(shape)).standard_normal(shape)


# The op sweep's samples (float64 arrays among the arguments become leaves).
GRADIENT_SAMPLES = {
    "normalize": [((_n(2, 3),), {}), ((_n(2, 3, 4),), {"ndim": 2, "eps": 0.1})],
    "layer_norm": [((_n(2, 3), (3,), _n(3), _n(3)), {})],
    "group_norm": [((_n(2, 4, 3), 2, _n(4), _n(4)), {})],
    "rms_norm": [((_n(2, 3), (3,), _n(3)), {})],
    "instance_norm": [((_n(2, 3, 4), None, None, _n(3), _n(3)), {})],
}


def leaf(*shape):
    return mg.tensor(rng.standard_normal(shape), requires_grad=True)


def composed(x, ndim, eps):
    axes = tuple(range(x.ndim - ndim, x.ndim))
    c = x - x.mean(axes, True)
    return c * ((c * c).mean(axes, True) + eps) ** -0.5


@pytest.mark.parametrize("shape,ndim", [((3, 5), 1), ((2, 3, 4), 2), ((4,), 1), ((2, 1, 3), 1)])
def test_normalize_matches_composition_to_second_order(shape, ndim):
    x = leaf(*shape)
    np.testing.assert_allclose(N.normalize(x, ndim=ndim).array, composed(x, ndim, 1e-5).array)
    g = mg.tensor(rng.standard_normal(shape))
    (a,) = mg.autograd.grad(N.normalize(x, ndim=ndim), x, g, create_graph=True)
    (b,) = mg.autograd.grad(composed(x, ndim, 1e-5), x, g, create_graph=True)
    np.testing.assert_allclose(a.array, b.array, atol=1e-12)
    v = mg.tensor(rng.standard_normal(shape))
    (aa,) = mg.autograd.grad(a, x, v)
    (bb,) = mg.autograd.grad(b, x, v)
    np.testing.assert_allclose(aa.array, bb.array, atol=1e-10)


def test_normalize_gradcheck_first_second_order():
    x = leaf(2, 3, 4)
    assert gradcheck(lambda x: N.normalize(x, ndim=2, eps=0.1), [x])
    assert gradgradcheck(lambda x: N.normalize(x, ndim=1, eps=0.1), [x])


def test_normalize_third_order():
    x = leaf(2, 4)
    fn = N.normalize
    assert gradgradcheck(
        lambda x: mg.autograd.grad((fn(x) ** 3).sum(), x, create_graph=True)[0], [x]
    )


def test_normalize_constant_row_is_zero_with_finite_gradient():
    x = mg.tensor(np.ones((2, 3)), requires_grad=True)
    y = N.normalize(x)
    (y * mg.tensor(rng.standard_normal((2, 3)))).sum().backward()
    assert np.all(y.array == 0) and np.all(np.isfinite(x.grad.array))


@pytest.mark.parametrize("ndim", [0, 3])
def test_normalize_bad_ndim(ndim):
    with pytest.raises(ValueError, match="normalize: ndim"):
        N.normalize(leaf(2, 3), ndim=ndim)


def test_normalize_rejects_integers():
    with pytest.raises(TypeError, match="normalize: x must be floating"):
        N.normalize(mg.tensor(np.arange(3)))


CASES = [
    ("layer_norm", (4, 3, 5), lambda lib, s: ((3, 5),), lambda s: [(3, 5), (3, 5)]),
    ("layer_norm", (4, 6), lambda lib, s: ((6,),), lambda s: [(6,), None]),
    ("group_norm", (2, 6, 5), lambda lib, s: (3,), lambda s: [(6,), (6,)]),
    ("group_norm", (2, 4, 3, 3), lambda lib, s: (2,), lambda s: [None, None]),
    ("rms_norm", (3, 4, 5), lambda lib, s: ((5,),), lambda s: [(5,)]),
    ("rms_norm", (3, 4, 5), lambda lib, s: ((4, 5),), lambda s: [None]),
]


@pytest.mark.parametrize("name,shape,args,params", CASES)
def test_functional_norms_match_torch(torch, name, shape, args, params):
    x = rng.standard_normal(shape)
    ps = [None if p is None else rng.standard_normal(p) for p in params(shape)]
    xm = mg.tensor(x, requires_grad=True)
    pm = [None if p is None else mg.tensor(p, requires_grad=True) for p in ps]
    xt = torch.tensor(x, requires_grad=True)
    pt = [None if p is None else torch.tensor(p, requires_grad=True) for p in ps]
    out = getattr(mg.nn.functional, name)(xm, *args(mg, shape), *pm)
    tout = getattr(torch.nn.functional, name)(xt, *args(torch, shape), *pt)
    np.testing.assert_allclose(out.array, tout.detach().numpy(), rtol=1e-10, atol=1e-12)
    g = rng.standard_normal(shape)
    out.backward(mg.tensor(g))
    tout.backward(torch.tensor(g))
    for a, b in [(xm, xt), *zip(pm, pt)]:
        if a is not None:
            np.testing.assert_allclose(a.grad.array, b.grad.numpy(), rtol=1e-9, atol=1e-11)
    assert gradgradcheck(
        lambda *t: getattr(mg.nn.functional, name)(*t), [xm, *args(mg, shape), *pm]
    )


@pytest.mark.parametrize("stats", [False, True])
def test_instance_norm_matches_torch(torch, stats):
    x = rng.standard_normal((3, 2, 5))
    rm, rv = rng.standard_normal(2), rng.random(2) + 0.5
    w, b = rng.standard_normal(2), rng.standard_normal(2)
    xm, xt = mg.tensor(x, requires_grad=True), torch.tensor(x, requires_grad=True)
    rmm, rvm, rmt, rvt = mg.tensor(rm), mg.tensor(rv), torch.tensor(rm), torch.tensor(rv)
    out = mg.nn.functional.instance_norm(xm, rmm, rvm, mg.tensor(w), mg.tensor(b), not stats)
    tout = torch.nn.functional.instance_norm(
        xt, rmt, rvt, torch.tensor(w), torch.tensor(b), not stats
    )
    np.testing.assert_allclose(out.array, tout.detach().numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(rmm.array, rmt.numpy(), rtol=1e-12)
    np.testing.assert_allclose(rvm.array, rvt.numpy(), rtol=1e-12)
    g = rng.standard_normal(x.shape)
    out.backward(mg.tensor(g))
    tout.backward(torch.tensor(g))
    np.testing.assert_allclose(xm.grad.array, xt.grad.numpy(), rtol=1e-9, atol=1e-11)


@pytest.mark.parametrize(
    "call,match",
    [
        (lambda: N.layer_norm(leaf(2, 3), 4), "does not end in normalized_shape"),
        (lambda: N.layer_norm(leaf(2, 3), 3, leaf(2)), "weight must have shape"),
        (lambda: N.group_norm(leaf(2, 5, 3), 2), "divisible by num_groups=2"),
        (lambda: N.rms_norm(leaf(3), (2, 3)), "does not end in"),
        (lambda: N.instance_norm(leaf(2, 3)), "spatial axis"),
        (lambda: N.instance_norm(leaf(2, 3, 4), use_input_stats=False), "running_mean"),
    ],
)
def test_bad_arguments(call, match):
    with pytest.raises(ValueError, match=match):
        call()
