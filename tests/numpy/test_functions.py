"""Every differentiable ``minigrad.numpy`` function against NumPy (forward) and against
central differences in float64 (first and second order), from one table.

Each row: the name, a function of Tensors (calling ``minigrad.numpy``), the same function
for real NumPy (``None``: the same call with ``numpy`` for ``mnp``), and the inputs.
"""

from __future__ import annotations

import numpy as onp
import pytest

import minigrad.numpy as mnp
from minigrad import Tensor
from minigrad.testing import gradcheck, gradgradcheck

R = onp.random.default_rng(0)


def r(*shape: int, lo: float = -2.0, hi: float = 2.0) -> onp.ndarray:
    return R.uniform(lo, hi, shape)


def pos(*shape: int) -> onp.ndarray:
    return r(*shape, lo=0.3, hi=2.0)


def unit(*shape: int) -> onp.ndarray:
    return r(*shape, lo=-0.8, hi=0.8)


def same(name: str, **kw):
    """``mnp.name(*xs, **kw)`` mirrored by ``numpy.name(*xs, **kw)``."""
    return name, (lambda ns, *xs: getattr(ns, name)(*xs, **kw))


# (id, fn(ns, *xs), inputs, second_order)
CASES = [
    # element-wise, unary
    *[
        (*same(n), [r(3, 2)], True)
        for n in [
            "sin",
            "cos",
            "tan",
            "arctan",
            "sinh",
            "cosh",
            "tanh",
            "arcsinh",
            "exp",
            "exp2",
            "expm1",
            "square",
            "negative",
            "positive",
            "deg2rad",
            "rad2deg",
            "degrees",
            "radians",
            "absolute",
            "fabs",
            "abs",
            "conj",
            "real",
            "sinc",
            "cbrt",
        ]
    ],
    *[(*same(n), [unit(3, 2)], True) for n in ["arcsin", "arccos", "arctanh"]],
    *[
        (*same(n), [pos(3, 2)], True)
        for n in ["log", "log2", "log10", "log1p", "sqrt", "reciprocal"]
    ],
    (*same("arccosh"), [pos(3, 2) + 1.1], True),
    *[
        (*same(n), [r(4)], False)
        for n in ["floor", "ceil", "rint", "trunc", "fix", "sign", "round", "imag"]
    ],
    # element-wise, binary (broadcasting)
    *[
        (*same(n), [r(3, 2), r(2)], True)
        for n in [
            "add",
            "subtract",
            "multiply",
            "maximum",
            "minimum",
            "fmax",
            "fmin",
            "arctan2",
            "hypot",
            "logaddexp",
            "logaddexp2",
        ]
    ],
    *[(*same(n), [r(3, 2), pos(1, 2)], True) for n in ["divide", "true_divide"]],
    *[(*same(n), [r(3, 2), pos(3, 2) + 0.3], True) for n in ["mod", "remainder", "fmod"]],
    (*same("power"), [pos(3, 2), r(3, 2)], True),
    (*same("float_power"), [pos(3, 2), r(2)], True),
    ("clip", lambda ns, x: ns.clip(x, -1.0, 0.5), [r(4, 3)], True),
    ("where", lambda ns, x, y: ns.where(onp.arange(3) > 0, x, y), [r(2, 3), r(3)], True),
    (
        "nan_to_num",
        lambda ns, x: ns.nan_to_num(x + onp.array([0, onp.nan, onp.inf])),
        [r(2, 3)],
        True,
    ),
    # shape
    ("reshape", lambda ns, x: ns.reshape(x, (3, -1)), [r(2, 3, 2)], True),
    ("reshape_F", lambda ns, x: ns.reshape(x, (3, 4), order="F"), [r(2, 3, 2)], True),
    (*same("ravel"), [r(2, 3)], True),
    ("transpose", lambda ns, x: ns.transpose(x, (2, 0, 1)), [r(2, 3, 4)], True),
    ("moveaxis", lambda ns, x: ns.moveaxis(x, [0, 1], [-1, 0]), [r(2, 3, 4)], True),
    *[
        ("rollaxis", lambda ns, x, a=a, s=s: ns.rollaxis(x, a, s), [r(2, 3, 4)], False)
        for a in range(3)
        for s in range(3)
    ],
    ("swapaxes", lambda ns, x: ns.swapaxes(x, 0, 2), [r(2, 3, 4)], True),
    ("squeeze", lambda ns, x: ns.squeeze(x, 1), [r(2, 1, 3)], True),
    ("expand_dims", lambda ns, x: ns.expand_dims(x, (0, 2)), [r(2, 3)], True),
    ("broadcast_to", lambda ns, x: ns.broadcast_to(x, (4, 2, 3)), [r(2, 1)], True),
    *[
        (*same(n), [x], False)
        for n in ["atleast_1d", "atleast_2d", "atleast_3d"]
        for x in [onp.array(1.5), r(3), r(2, 3)]
    ],
    (*same("flip", axis=1), [r(2, 3)], True),
    (*same("flipud"), [r(3, 2)], True),
    (*same("fliplr"), [r(3, 2)], True),
    (*same("rot90", k=3), [r(3, 2)], True),
    (*same("roll", shift=2, axis=1), [r(3, 4)], True),
    (*same("roll", shift=-3), [r(3, 4)], False),
    (*same("repeat", repeats=2, axis=0), [r(3, 2)], True),
    (*same("repeat", repeats=[1, 0, 2]), [r(3)], False),
    (*same("tile", reps=(2, 1, 3)), [r(2, 2)], True),
    *[
        (f"pad_{m}", lambda ns, x, m=m: ns.pad(x, ((1, 2), (2, 1)), mode=m), [r(3, 3)], True)
        for m in ["constant", "edge", "reflect", "symmetric", "wrap"]
    ],
    ("pad_value", lambda ns, x: ns.pad(x, 2, constant_values=(1.5, -1)), [r(3)], False),
    (*same("diagonal", offset=1), [r(3, 4)], True),
    (*same("diagonal", axis1=-1, axis2=0), [r(3, 2, 3)], False),
    *[
        (f"diag_{k}", lambda ns, x, k=k: ns.diag(x, k), [x], True)
        for k in (-1, 0, 2)
        for x in [r(4), r(4, 4)]
    ],
    *[(*same(n, k=k), [r(2, 4, 4)], False) for n in ["tril", "triu"] for k in (-1, 0, 1)],
    ("take", lambda ns, x: ns.take(x, [[0, 2], [2, 2]], axis=1), [r(2, 3)], True),
    ("take_flat", lambda ns, x: ns.take(x, [5, 0, 0]), [r(2, 3)], False),
    (
        "take_along_axis",
        lambda ns, x: ns.take_along_axis(x, onp.array([[2, 0], [1, 1]]), 1),
        [r(2, 3)],
        True,
    ),
    ("choose", lambda ns, x, y: ns.choose(onp.array([0, 1, 1]), [x, y]), [r(3), r(3)], True),
    (
        "select",
        lambda ns, x, y: ns.select([onp.arange(3) > 1, onp.arange(3) > 0], [x, y], 0.5),
        [r(3), r(3)],
        True,
    ),
    ("extract", lambda ns, x: ns.extract(onp.arange(6).reshape(2, 3) % 2 == 0, x), [r(2, 3)], True),
    ("compress", lambda ns, x: ns.compress([True, False, True], x, axis=1), [r(2, 3)], False),
    ("delete", lambda ns, x: ns.delete(x, 1, axis=0), [r(3, 2)], False),
    ("resize", lambda ns, x: ns.resize(x, (3, 3)), [r(2, 2)], False),
    # joining and splitting
    ("concatenate", lambda ns, x, y: ns.concatenate([x, y], axis=1), [r(2, 2), r(2, 3)], True),
    (
        "concatenate_none",
        lambda ns, x, y: ns.concatenate((x, y), axis=None),
        [r(2, 2), r(3)],
        False,
    ),
    ("stack", lambda ns, x, y: ns.stack([x, y], axis=-1), [r(2, 3), r(2, 3)], True),
    *[
        (n, lambda ns, x, y, n=n: getattr(ns, n)((x, y)), xs, False)
        for n in ["vstack", "hstack", "dstack", "column_stack"]
        for xs in [[r(3), r(3)], [r(2, 3), r(2, 3)]]
    ],
    ("append", lambda ns, x, y: ns.append(x, y, axis=0), [r(2, 3), r(1, 3)], True),
    ("append_flat", lambda ns, x, y: ns.append(x, y), [r(2, 3), r(2)], False),
    ("block", lambda ns, x, y: ns.block([[x, y], [y, x]]), [r(2, 2), r(2, 2)], False),
    *[
        (
            n,
            lambda ns, x, n=n, s=s: ns.concatenate([ns.ravel(p) for p in getattr(ns, n)(x, s)]),
            [r(4, 4, 4)],
            False,
        )
        for n in ["split", "array_split", "hsplit", "vsplit", "dsplit"]
        for s in (2, [1, 3])
    ],
    ("array_split_uneven", lambda ns, x: ns.array_split(x, 3)[1], [r(7)], False),
    # products
    *[
        (*same("dot"), xs, True)
        for xs in [
            [r(3), r(3)],
            [r(2, 3), r(3)],
            [r(3), r(3, 2)],
            [r(2, 3), r(3, 4)],
            [r(2, 2, 3), r(2, 3, 4)],
            [onp.array(1.5), r(3)],
        ]
    ],
    (*same("vdot"), [r(2, 3), r(3, 2)], True),
    *[(*same("inner"), xs, True) for xs in [[r(3), r(3)], [r(2, 3), r(4, 3)]]],
    (*same("outer"), [r(3), r(2, 2)], True),
    *[
        (*same("tensordot", axes=a), [r(2, 3, 4), r(3, 4, 2)], False)
        for a in [2, ([1, 2], [0, 1]), ([2], [1])]
    ],
    *[(*same("kron"), xs, True) for xs in [[r(2, 2), r(2, 3)], [r(2), r(3)], [r(2, 2), r(3)]]],
    (*same("matmul"), [r(2, 1, 2, 3), r(3, 3, 2)], True),
    ("einsum_str", lambda ns, x, y: ns.einsum("ij,kj->ik", x, y), [r(2, 3), r(4, 3)], True),
    (
        "einsum_sublist",
        lambda ns, x, y: ns.einsum(x, [0, 1], y, [2, 1], [0, 2]),
        [r(2, 3), r(4, 3)],
        True,
    ),
    (
        "einsum_sublist_ellipsis",
        lambda ns, x: ns.einsum(x, [Ellipsis, 0, 0], [Ellipsis]),
        [r(2, 3, 3)],
        False,
    ),
    *[(*same("trace", offset=o), [r(3, 4)], True) for o in (-1, 0, 1)],
    (*same("trace", axis1=1, axis2=2), [r(2, 3, 3)], False),
    *[(*same("cross", **kw), [r(4, 3), r(4, 3)], True) for kw in [{}, {"axisc": 0}]],
    ("cross_axes", lambda ns, x, y: ns.cross(x, y, axisa=0, axisb=1), [r(3, 2), r(2, 3)], False),
    ("cross_2d", lambda ns, x, y: ns.cross(x, y), [r(4, 3), r(4, 2)], False),
    # reductions and scans
    *[
        (*same(n, axis=a, keepdims=k), [r(3, 4)], True)
        for n in ["sum", "mean", "max", "min", "amax", "amin", "ptp", "prod"]
        for a, k in [(None, False), (1, True), ((0, 1), False)]
    ],
    *[
        (*same(n, axis=a, ddof=d), [r(3, 4)], True)
        for n in ["var", "std"]
        for a, d in [(None, 0), (0, 1)]
    ],
    *[(*same(n, axis=a), [r(3, 4)], True) for n in ["cumsum", "cumprod"] for a in (None, 0, -1)],
    *[(*same("diff", n=k, axis=a), [r(4, 5)], True) for k, a in [(1, -1), (2, 0)]],
    ("diff_prepend", lambda ns, x: ns.diff(x, prepend=0.5), [r(4)], False),
    *[(*same("gradient", axis=a), [r(4, 5)], True) for a in (0, -1)],
    ("gradient_all", lambda ns, x: ns.stack(ns.gradient(x, 2.0)), [r(4, 5)], False),
    ("gradient_edge2", lambda ns, x: ns.gradient(x, edge_order=2), [r(5)], False),
    ("average", lambda ns, x: ns.average(x, axis=1, weights=[1.0, 2.0, 3.0]), [r(2, 3)], True),
    ("median", lambda ns, x: ns.median(x, axis=0), [r(4, 3)], True),
    ("median_odd", lambda ns, x: ns.median(x), [r(5)], False),
    (*same("sort", axis=0), [r(4, 3)], True),
    (*same("sort", axis=None), [r(4, 3)], False),
    (*same("partition", kth=2), [r(3, 5)], False),
    (*same("nansum"), [r(3)], False),
    (
        "logsumexp",
        lambda ns, x: (
            ns.logsumexp(x, axis=1) if ns is mnp else onp.log(onp.sum(onp.exp(x), axis=1))
        ),
        [r(3, 4)],
        True,
    ),
    ("norm_fro", lambda ns, x: ns.linalg.norm(x), [r(3, 4)], True),
    *[
        (f"norm_vec_{o}", lambda ns, x, o=o: ns.linalg.norm(x, o, axis=1), [r(3, 4)], True)
        for o in (None, 1, 3, onp.inf)
    ],
    ("norm_mat_1", lambda ns, x: ns.linalg.norm(x, 1), [r(3, 4)], False),
    # composed
    *[
        (*same(n, mode=m), [r(5), r(3)], True)
        for n in ["convolve", "correlate"]
        for m in ["full", "same", "valid"]
    ],
    (*same("convolve", mode="same"), [r(2), r(4)], False),
    (*same("polyval"), [r(3), r(4)], True),
    (*same("trapezoid"), [r(3, 5)], True),
    ("trapezoid_x", lambda ns, y: ns.trapezoid(y, x=onp.arange(5.0) ** 2), [r(3, 5)], False),
    (*same("cov"), [r(3, 6)], True),
    (*same("cov", rowvar=False, ddof=0), [r(6, 3)], False),
    (*same("corrcoef"), [r(3, 6)], True),
    ("interp", lambda ns, x, f: ns.interp(x, onp.linspace(-2.5, 2.5, 5), f), [r(4), r(5)], True),
    ("copysign", lambda ns, x: ns.copysign(x, onp.array([-1.0, 1.0, -2.0])), [r(2, 3)], True),
    # statistics and other names
    *[
        (*same("quantile", q=q, axis=a, method=m), [r(3, 5)], True)
        for q, a, m in [(0.3, None, "linear"), ([0.2, 0.9], 1, "midpoint"), (0.5, 0, "nearest")]
    ],
    (*same("percentile", q=[10, 75], axis=1), [r(3, 5)], False),
    *[
        (
            n,
            lambda ns, x, n=n: getattr(ns, n)(x + onp.array([0, onp.nan, 0]), axis=1),
            [r(2, 3)],
            True,
        )
        for n in ["nanmax", "nanmin", "nanprod", "nancumsum", "nanvar", "nanstd"]
    ],
    ("nanmedian", lambda ns, x: ns.nanmedian(x + onp.array([0, onp.nan, 0, 0])), [r(4)], False),
    (*same("insert", obj=1, values=2.5, axis=1), [r(2, 3)], True),
    ("insert_values", lambda ns, x, v: ns.insert(x, [0, 2], v), [r(4), r(2)], False),
    (*same("ediff1d", to_begin=[1.0]), [r(2, 3)], False),
    (*same("vander"), [r(3)], True),
    (*same("polymul"), [r(3), r(2)], False),
    (*same("polyadd"), [r(3), r(2)], False),
    (*same("polyder"), [r(4)], False),
    (*same("vecdot"), [r(2, 3), r(3)], True),
    ("modf", lambda ns, x: ns.modf(x)[0], [r(4)], True),
    ("frexp", lambda ns, x: ns.frexp(x)[0], [r(4)], True),
    (
        "apply_along_axis",
        lambda ns, x: ns.apply_along_axis(lambda v: v[::-1] * 2, 1, x),
        [r(2, 3)],
        False,
    ),
    # creation with Tensors inside
    ("array_of_tensors", lambda ns, x, y: ns.array([[x, y], [y, x]]), [r(2), r(2)], True),
    ("mean_of_list", lambda ns, x: ns.mean([x, x + 2]), [r(3)], True),
    ("linspace", lambda ns, x, y: ns.linspace(x, y, 5), [r(2), r(2)], True),
    ("logspace", lambda ns, x, y: ns.logspace(x, y, 4, base=2.0), [unit(2), unit(2)], True),
    ("r_", lambda ns, x, y: ns.r_[x, y, 1.0], [r(2), r(3)], False),
    ("c_", lambda ns, x, y: ns.c_[x, y], [r(2), r(2, 2)], False),
]
IDS = [f"{i}-{c[0]}" for i, c in enumerate(CASES)]


def _tensors(xs):
    return [Tensor(onp.array(x, dtype=onp.float64), requires_grad=True) for x in xs]


def _pack(out):
    return mnp.stack(out) if isinstance(out, (list, tuple)) else out


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_forward_matches_numpy(case):
    _, fn, xs, _ = case
    ours = fn(mnp, *_tensors(xs))
    theirs = fn(onp, *xs)
    ours = ours if isinstance(ours, (list, tuple)) else [ours]
    theirs = theirs if isinstance(theirs, (list, tuple)) else [theirs]
    assert len(ours) == len(theirs)
    for o, t in zip(ours, theirs):
        assert isinstance(o, Tensor)
        t = onp.asarray(t)
        assert o.shape == t.shape
        assert o.dtype == t.dtype or (o.dtype.kind == t.dtype.kind == "f")
        onp.testing.assert_allclose(o.array, t, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_gradients(case):
    _, fn, xs, second = case
    inputs = _tensors(xs)
    gradcheck(lambda *a: _pack(fn(mnp, *a)), inputs)
    if second:
        gradgradcheck(lambda *a: _pack(fn(mnp, *a)), inputs)
