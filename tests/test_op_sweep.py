"""The op sweep: every public op is found automatically, and each must be differentiated here.

The ops are the public functions of every ``minigrad.ops.*`` module (its ``__all__``, or, in a
module without one, its module-level functions). Each must have sample calls or be listed as
not differentiable, with a reason; otherwise ``test_every_public_op_is_swept`` fails naming it.
Every sample is then checked in float64: first-order gradients (``gradcheck``), second order
(``gradgradcheck``, unless the op is listed in ``FIRST_ORDER_ONLY``), and that ``backward()``
leaves no array in any node of its graph. Finally every ``Function`` subclass in minigrad must
be reached by some sample, so a primitive hidden behind a public function is swept too.

Where samples live: an op's test module (``tests/ops/test_<module>.py`` for
``minigrad/ops/<module>.py``) may declare, at module level,

- ``GRADIENT_SAMPLES = {"op": [(args, kwargs), ...]}``: float64 ndarrays among ``args`` (also
  inside lists) become leaves that require grad; everything else is passed as it is;
- ``NOT_DIFFERENTIABLE = {"op": "reason"}`` and ``FIRST_ORDER_ONLY = {"op": "reason"}``.

That is where a new op's entries go (see docs/contributing.md). The tables below hold the ops
that were written before the sweep existed, keyed by module; ``OUTSIDE_SAMPLES`` reaches the
few Functions that live outside ``minigrad.ops`` (graph-marking identities) through their
public callers.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import pkgutil
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

import minigrad
import minigrad.ops
from minigrad import Tensor, func, nn
from minigrad.autograd import Function
from minigrad.testing import gradcheck, gradgradcheck
from minigrad.testing.contract import retained_nbytes
from minigrad.testing.gradcheck import KinkWarning

TESTS_OPS = Path(__file__).parent / "ops"
rng = np.random.default_rng(0)


def n(*shape):
    """Standard normals."""
    return rng.standard_normal(shape)


def pos(*shape):
    """Positive values, away from 0 (log, sqrt, division, powers)."""
    return rng.uniform(0.5, 2.0, shape)


def distinct(*shape):
    """Values at least 0.1 apart: no ties for max, min, pooling or sorting to split."""
    return rng.permutation(int(np.prod(shape))).reshape(shape) * 0.1 - 0.05 * np.prod(shape)


def probs(*shape):
    return rng.uniform(0.1, 0.9, shape)


_BOOL = "boolean output: no gradient"
_INT = "integer output (indices): no gradient"
_ROUND = "piecewise constant: a constant result (gradient 0 wherever it exists), no Function"


def grid(*values):
    """An explicit array, for samples that must straddle given boundaries (never on them)."""
    return np.array(values, dtype=np.float64)


def ce_targets(targets, classes, weights=None, smoothing=0.0, reduction="mean"):
    """``softmax_cross_entropy``'s metadata for class ``targets`` (-1: ignored), built as
    ``nn.functional.cross_entropy`` builds it: ``A`` holds each row's target weight at its
    class (plus the label smoothing), ``a_sum`` its sum over the classes, ``denom`` the sum of
    the target weights (what the mean divides by)."""
    t = np.asarray(targets)
    w = np.ones(classes) if weights is None else np.asarray(weights, np.float64)
    valid = t >= 0
    A = np.zeros((len(t), classes))
    A[np.flatnonzero(valid), t[valid]] = w[t[valid]]
    denom = float(A.sum())
    if smoothing:
        A = A * (1 - smoothing) + valid[:, None] * (smoothing / classes) * w
    a_sum = A.sum(axis=1, keepdims=True)
    a_sum = None if np.allclose(a_sum, 1) else a_sum
    return {"A": A, "a_sum": a_sum, "reduction": reduction, "denom": denom}


SAMPLES: dict[str, dict[str, list]] = {
    "elementwise": {
        "add": [((n(2, 3), n(3)), {}), ((n(2, 1), 2.0), {})],
        "astype": [((n(2, 3), np.float64), {})],
        "clip": [
            ((distinct(2, 3), -0.12, 0.13), {}),
            ((distinct(4),), {"min": 0.01}),
            # Tensor bounds are constants (clip documents it; a bound that requires grad is
            # not differentiated, unlike torch.clamp).
            ((distinct(2, 3), Tensor(distinct(3) - 0.33), Tensor(distinct(3) + 0.47)), {}),
        ],
        "divide": [((n(2, 3), pos(3)), {}), ((1.5, pos(2)), {})],
        "maximum": [((distinct(2, 3), distinct(3) + 0.03), {}), ((distinct(2, 3), 0.02), {})],
        "minimum": [((distinct(2, 3), distinct(3) + 0.03), {})],
        "multiply": [((n(2, 3), n(2, 1)), {}), ((n(3), 3.0), {})],
        "negative": [((n(2, 3),), {})],
        "power": [((pos(2, 3), n(3)), {}), ((n(2, 3), 3), {}), ((2.0, n(3)), {})],
        "subtract": [((n(2, 3), n(3)), {}), ((1.0, n(2)), {})],
        "where": [((n(2, 3) > 0, n(2, 3), n(3)), {})],
    },
    "unary": {
        "abs": [((n(2, 3),), {})],
        "cos": [((n(2, 3),), {})],
        "exp": [((n(2, 3),), {})],
        "log": [((pos(2, 3),), {})],
        "relu": [((distinct(2, 3) + 0.02,), {})],
        "sigmoid": [((n(2, 3),), {})],
        "sin": [((n(2, 3),), {})],
        "sqrt": [((pos(2, 3),), {})],
        "tanh": [((n(2, 3),), {})],
    },
    "math": {
        "arccos": [((2 * probs(2, 3) - 1,), {})],
        "arccosh": [((1 + pos(2, 3),), {})],
        "arcsin": [((2 * probs(2, 3) - 1,), {})],
        "arcsinh": [((2 * n(2, 3),), {})],
        "arctan": [((2 * n(2, 3),), {})],
        "arctanh": [((2 * probs(2, 3) - 1,), {})],
        "cbrt": [((pos(3) * [1, -1, 1],), {})],
        "cosh": [((n(2, 3),), {})],
        "exp2": [((n(2, 3),), {})],
        "expm1": [((n(2, 3) * 1e-3,), {}), ((n(3),), {})],
        "log10": [((pos(2, 3),), {})],
        "log1p": [((pos(2, 3) - 0.9,), {})],
        "log2": [((pos(2, 3),), {})],
        "reciprocal": [((pos(3) * [1, -1, 1],), {})],
        "sinc": [((grid(0.0, 0.3, -1.2, 2.5),), {})],  # 0: the op's own limit branch
        "sinh": [((n(2, 3),), {})],
        "square": [((n(2, 3),), {})],
        "tan": [((2 * probs(2, 3) - 1,), {})],
    },
    "binary": {
        "arctan2": [((n(2, 3), n(3)), {}), ((pos(3), -1.5), {})],
        "fmax": [((distinct(2, 3), distinct(3) + 0.03), {}), ((distinct(4), 0.02), {})],
        "fmin": [((distinct(2, 3), distinct(3) + 0.03), {})],
        # Away from the jumps, where x1 / x2 is an integer.
        "fmod": [((grid(2.3, -2.3, 0.7, -5.1), grid(1.5, 1.5, -0.5, 2.0)), {})],
        "hypot": [((n(2, 3), n(3)), {}), ((n(3), 2.0), {})],
        "logaddexp": [((n(2, 3), n(3)), {})],
        "logaddexp2": [((n(2, 3), n(2, 1)), {})],
        "remainder": [((grid(2.3, -2.3, 0.7, -5.1), grid(1.5, 1.5, -0.5, 2.0)), {})],
    },
    "reduce": {
        "average": [
            ((n(2, 3), 1, pos(3)), {}),
            ((n(2, 3), None, pos(2, 3), True), {}),
            ((n(2, 3),), {"axis": 0, "keepdims": True}),
        ],
        "mean": [((n(2, 3),), {"axis": -1, "keepdims": True}), ((n(4),), {})],
        "nanmean": [((grid(0.5, np.nan, -1.2, 2.0),), {}), ((n(2, 3),), {"axis": 1})],
        "nansum": [((grid(0.5, np.nan, -1.2, 2.0),), {}), ((n(2, 3),), {"axis": 0})],
        "prod": [
            ((n(2, 3),), {"axis": 1}),
            ((n(2, 2, 2),), {"axis": (0, 2), "keepdims": True}),
            ((grid(0.5, 0.0, -1.5, 2.0),), {}),  # one zero: only its place gets a gradient
            ((np.array([[0.5, 0.0, 2.0], [0.0, -0.7, 0.3]]),), {"axis": 0}),
        ],
        "std": [((n(2, 3),), {"axis": 1, "ddof": 1}), ((n(5),), {})],
        "sum": [((n(2, 3),), {"axis": (0, 1)}), ((n(2, 3),), {"axis": 1, "keepdims": True})],
        "sum_to": [((n(2, 3),), {"shape": (1, 3)})],
        "var": [((n(2, 3),), {"axis": 0}), ((n(4),), {"ddof": 1})],
    },
    "extreme": {
        "amax": [((distinct(2, 3),), {"axis": 1})],
        "amin": [((distinct(2, 3),), {"axis": 0, "keepdims": True})],
        "logsumexp": [((n(2, 3),), {"axis": 1}), ((n(2, 3),), {})],
        "max": [((distinct(2, 3),), {"axis": 0}), ((distinct(2, 3),), {})],
        "min": [((distinct(2, 3),), {"axis": 1, "keepdims": True}), ((distinct(2, 2, 2),), {})],
        "ptp": [((distinct(2, 3),), {"axis": 1}), ((distinct(4),), {})],
        "vector_norm": [
            ((n(2, 3),), {}),
            ((n(2, 3), 3, 1), {"keepdims": True}),
            ((n(2, 3), 1, 0), {}),
            ((distinct(2, 3) + 0.01, np.inf), {}),
            ((distinct(2, 3) + 0.01, -np.inf, 1), {}),
            ((n(2, 3), 0), {}),
            ((pos(2, 3) * [1, -1, 1], 0.5, 1), {}),
        ],
    },
    "scan": {
        "cummax": [((distinct(2, 4),), {"axis": 1}), ((distinct(3, 2),), {"axis": 0})],
        "cummin": [((distinct(2, 4),), {"axis": -1})],
        "cumprod": [
            ((n(2, 3),), {"axis": 1}),
            ((n(4),), {}),
            ((grid(0.5, 0.0, -1.5, 0.0, 2.0),), {}),  # zeros: no division by them, any order
            ((np.array([[0.0, 2.0], [3.0, 0.0], [0.5, 4.0]]), 0), {}),
        ],
        "cumsum": [((n(2, 3),), {"axis": 0}), ((n(2, 3),), {})],
        "diff": [
            ((n(2, 4),), {}),
            ((n(3, 2), 2, 0), {}),
            ((n(2, 3), 1, -1, n(2, 1), n(2, 2)), {}),  # prepend and append get gradients
            ((n(2, 3), 1, -1, grid(0.3).reshape(())), {}),  # a 0-d prepend: one slice
        ],
        "logcumsumexp": [((n(2, 4),), {"axis": 1}), ((n(3),), {})],
    },
    "sort": {
        "kthvalue": [((distinct(2, 4), 2), {"axis": 1}), ((distinct(3, 2), 3), {"axis": 0})],
        "median": [
            ((distinct(2, 3),), {"axis": 1}),
            ((distinct(2, 4),), {"axis": -1, "keepdims": True}),  # even: the middle two
            ((distinct(5),), {}),
        ],
        "mode": [((distinct(2, 4),), {"axis": 1})],
        "msort": [((distinct(3, 2),), {})],
        "partition": [((distinct(2, 5), 2), {}), ((distinct(4, 2), [1, 3], 0), {})],
        "put_along_axis": [((n(2, 3), np.array([[0, 3, 0], [1, 2, 3]]), 1, (2, 4)), {})],
        "sort": [
            ((distinct(2, 4),), {}),
            ((distinct(3, 2),), {"axis": 0, "descending": True}),
            ((distinct(2, 3), None), {}),
        ],
        "take_along_axis": [
            ((n(2, 4), np.array([[0, 3, 3], [2, 1, 0]]), 1), {}),
            ((n(2, 3), np.array([5, 0, -1]), None), {}),
            ((n(1, 4), np.array([[0, 3], [1, 1], [2, 0]]), 1), {}),  # both broadcast
            ((n(2, 4), np.array([[0, 3]]), -1), {}),
        ],
        "topk": [
            ((distinct(2, 5), 3), {"axis": 1}),
            ((distinct(4, 2), 2), {"axis": 0, "largest": False}),
        ],
    },
    "join": {
        "concatenate": [(([n(2, 3), n(1, 3)],), {}), (([n(2, 1), n(2, 2)],), {"axis": 1})],
        "pad": [((n(2, 3),), {"pad_width": ((1, 0), (0, 2))})],
        "split": [
            ((n(4, 3),), {"indices_or_sections": 2}),
            ((n(2, 5),), {"indices_or_sections": [1, 3], "axis": 1}),
        ],
        "stack": [(([n(2, 3), n(2, 3)],), {"axis": 1})],
    },
    "shape": {
        "broadcast_to": [((n(3),), {"shape": (2, 3)})],
        "expand_dims": [((n(2, 3),), {"axis": 1})],
        "flatten": [((n(2, 3, 2),), {"start_dim": 1})],
        "flip": [((n(2, 3),), {"axis": 1}), ((n(2, 3),), {})],
        "reshape": [((n(2, 3),), {"shape": (3, 2)})],
        "squeeze": [((n(2, 1, 3),), {"axis": 1})],
        "swapaxes": [((n(2, 3, 4),), {"axis1": 0, "axis2": 2})],
        "transpose": [((n(2, 3, 4),), {"axes": (1, 2, 0)}), ((n(2, 3),), {})],
    },
    "rearrange": {
        "index_map": [
            ((n(3, 3), np.tril), {}),  # the cleared triangle: zeros, no gradient
            ((n(2, 3), lambda p: np.roll(p, 1, axis=1)), {}),
            ((n(2, 3), lambda p: np.repeat(p, [1, 2], axis=0)), {}),  # a copied row adds up
            ((n(4, 2), lambda p: np.split(p, 2)), {}),  # a list of Tensors
            ((n(2, 3), lambda p: np.pad(p, 1, mode="reflect")), {}),
        ],
        "rearrange": [((n(2, 3), np.array([[5, -1, 0], [0, 2, 3]])), {})],
    },
    "getitem": {
        "getitem": [
            ((n(3, 4), (slice(1, None), np.array([0, 2, 2]))), {}),
            ((n(3, 4), (Ellipsis, 1)), {}),
            ((n(3, 4), n(3, 4) > 0), {}),
        ],
    },
    "indexing": {
        "gather": [((n(3, 4), 1, np.array([[0, 2], [1, 1], [3, 0]])), {})],
        "index_add": [((n(3, 4), 0, np.array([0, 2, 0]), n(3, 4)), {"alpha": 2.0})],
        "index_fill": [
            ((n(3, 4), 1, np.array([0, 2]), -1.5), {}),
            ((n(3, 4), 0, np.array([1]), grid(0.7).reshape(())), {}),  # a 0-d value tensor
        ],
        "index_select": [((n(3, 4), 1, np.array([3, 0, 3])), {})],
        "masked_fill": [
            ((n(3, 4), n(3, 4) > 0, 0.5), {}),
            ((n(3, 4), n(4) > 0, grid(-0.3).reshape(())), {}),
        ],
        "masked_select": [((n(3, 4), n(4) > 0), {})],
        "narrow": [((n(3, 4), 1, 1, 2), {}), ((n(3, 4), 0, -2, 2), {})],
        "scatter": [
            ((n(3, 4), 1, np.array([[0, 2], [1, 3], [3, 0]]), n(3, 3)), {}),  # src is cut
            ((n(3, 4), 0, np.array([[0, 1, 2, 0]]), 1.5), {}),
        ],
        "scatter_add": [((n(3, 4), 1, np.array([[0, 0], [1, 3], [2, 2]]), n(3, 2)), {})],
        "take": [((n(3, 4), np.array([[0, -1], [5, 5]])), {})],
        "take_along_dim": [
            ((n(3, 4), np.array([[0], [3], [1]]), 1), {}),
            ((n(2, 3), np.array([4, 0])), {}),
        ],
    },
    "linalg": {
        "einsum": [(("ij,jk->ik", n(2, 3), n(3, 2)), {}), (("ii->", n(3, 3)), {})],
        "matmul": [((n(2, 3), n(3, 4)), {}), ((n(2, 2, 3), n(3)), {})],
    },
    "activation": {
        "celu": [((distinct(2, 3) + 0.05,), {"alpha": 0.7})],
        "elu": [((distinct(2, 3) + 0.05,), {}), ((distinct(4) + 0.05,), {"alpha": 0.5})],
        "gelu": [((2 * n(2, 3),), {}), ((2 * n(2, 3),), {"approximate": "tanh"})],
        "glu": [((n(2, 4),), {}), ((n(4, 3),), {"axis": 0})],
        # Every piece: below -3, between, above 3.
        "hardsigmoid": [((grid(-4.0, -2.5, -0.2, 1.0, 2.9, 3.5),), {})],
        "hardswish": [((grid(-4.0, -2.5, -0.2, 1.0, 2.9, 3.5),), {})],
        "hardtanh": [
            ((grid(-2.05, -1.46, -0.88, -0.29, 0.29, 0.88, 1.46, 2.05),), {}),
            ((grid(-2.05, -0.4, 0.3, 1.3),), {"min_val": -0.5, "max_val": 1.2}),
        ],
        "leaky_relu": [((distinct(2, 3) + 0.05,), {"negative_slope": 0.2})],
        "log_softmax": [((n(2, 3),), {"axis": -1}), ((n(2, 3, 2),), {"axis": 1})],
        "logsigmoid": [((3 * n(2, 3),), {})],
        "mish": [((2 * n(2, 3),), {})],
        "normal_cdf": [((grid(-6.0, -2.5, -0.3, 0.0, 1.1, 2.5, 5.0),), {})],  # both tails
        "prelu": [((distinct(2, 3, 2) + 0.05, pos(3)), {}), ((distinct(4) + 0.05, pos(1)), {})],
        "selu": [((distinct(2, 3) + 0.05,), {})],
        "silu": [((2 * n(2, 3),), {})],
        "softmax": [((n(2, 3),), {"axis": 1}), ((n(2, 3, 2),), {"axis": 0})],
        "softmin": [((n(2, 3),), {"axis": -1})],
        "softplus": [
            ((2 * n(2, 3),), {}),
            ((grid(-1.0, 0.2, 0.7, 1.5),), {"beta": 2.0, "threshold": 1.0}),  # linear above 0.5
            ((2 * n(2, 3),), {"beta": -1.5}),
        ],
        "softsign": [((distinct(2, 3) + 0.05,), {})],
        "tanhshrink": [((n(2, 3),), {})],
        "threshold": [((distinct(2, 3) + 0.05,), {"threshold": 0.1, "value": -2.0})],
    },
    "loss": {
        "binary_cross_entropy": [((probs(2, 3), probs(2, 3)), {})],
        "binary_cross_entropy_with_logits": [
            ((n(2, 3), probs(2, 3)), {}),
            ((n(2, 3), probs(2, 3), pos(3)), {}),
        ],
        "softmax_cross_entropy": [
            ((n(3, 4),), ce_targets([0, 3, 1], 4)),
            ((n(3, 4),), ce_targets([0, -1, 2], 4, weights=[1.0, 2.0, 0.5, 1.5])),
            ((n(3, 4),), ce_targets([0, -1, 2], 4, weights=[1.0, 2.0, 0.5, 1.5], reduction="sum")),
            ((n(3, 4),), ce_targets([0, 1, 3], 4, smoothing=0.1)),
            ((n(3, 4),), ce_targets([1, -1, 3], 4, weights=[2.0, 1.0, 1.0, 0.5], smoothing=0.2)),
            (
                (n(2, 4, 3),),  # (N, C, d): the classes on axis 1, unreduced
                {
                    "A": np.eye(4)[[[0, 3, 1], [2, 2, 0]]].transpose(0, 2, 1),
                    "a_sum": None,
                    "reduction": "none",
                    "denom": 6.0,
                },
            ),
        ],
    },
    "conv": {
        "conv": [
            ((n(1, 2, 5), n(3, 2, 3), n(3)), {"padding": "same"}),
            ((n(4, 4, 4), n(2, 2, 2, 2)), {"stride": (1, 2), "groups": 2}),  # unbatched
            ((n(1, 2, 4, 4, 4), n(2, 1, 2, 2, 2), n(2)), {"stride": 2, "padding": 1, "groups": 2}),
        ],
        "conv1d": [((n(1, 2, 5), n(3, 2, 2), n(3)), {"stride": 2, "padding": 1})],
        "conv2d": [
            ((n(1, 2, 4, 4), n(2, 2, 2, 2), n(2)), {"padding": 1}),
            ((n(1, 2, 5, 5), n(2, 1, 3, 3)), {"groups": 2, "dilation": 2}),
        ],
        "conv3d": [((n(1, 1, 3, 3, 3), n(2, 1, 2, 2, 2)), {})],
        "conv_transpose": [
            ((n(1, 2, 3), n(2, 3, 2), n(3)), {"stride": 2, "output_padding": 1}),
            ((n(1, 2, 3, 2), n(2, 1, 2, 2)), {"groups": 2, "dilation": (2, 1)}),
        ],
        "conv_transpose1d": [((n(1, 2, 3), n(2, 3, 2), n(3)), {"stride": 2})],
        "conv_transpose2d": [((n(1, 2, 3, 3), n(2, 1, 2, 2)), {"stride": 2, "padding": 1})],
        "conv_transpose3d": [((n(1, 1, 2, 2, 2), n(1, 2, 2, 2, 2)), {})],
    },
    "pool": {
        "avg_pool": [
            ((n(1, 2, 5, 5),), {"kernel_size": 2, "padding": 1, "ceil_mode": True}),
            (
                (n(1, 1, 5, 4),),
                {"kernel_size": 3, "stride": 2, "padding": 1, "count_include_pad": False},
            ),
            ((n(2, 4, 4),), {"kernel_size": (2, 2), "divisor_override": 3}),
        ],
        "avg_pool1d": [((n(1, 2, 5),), {"kernel_size": 2})],
        "avg_pool2d": [((n(1, 1, 4, 4),), {"kernel_size": 3, "stride": 1, "padding": 1})],
        "avg_pool3d": [((n(1, 1, 2, 4, 4),), {"kernel_size": 2})],
        "max_pool": [
            ((distinct(1, 1, 5, 5),), {"kernel_size": 2, "dilation": 2}),
            ((distinct(1, 2, 5),), {"kernel_size": 2, "ceil_mode": True, "return_indices": True}),
            ((distinct(1, 1, 3, 4, 4),), {"kernel_size": 2, "padding": 1}),
        ],
        "max_pool1d": [((distinct(1, 2, 6),), {"kernel_size": 2})],
        "max_pool2d": [
            ((distinct(1, 1, 4, 4),), {"kernel_size": 2}),
            ((distinct(1, 1, 5, 5),), {"kernel_size": 3, "stride": 2, "padding": 1}),
        ],
        "max_pool3d": [((distinct(1, 1, 2, 4, 4),), {"kernel_size": 2})],
    },
    "adaptive_pool": {
        "adaptive_avg_pool1d": [((n(1, 2, 5),), {"output_size": 3})],
        "adaptive_avg_pool2d": [((n(1, 1, 5, 4),), {"output_size": (2, 3)})],
        "adaptive_avg_pool3d": [((n(1, 1, 3, 3, 3),), {"output_size": 2})],
        "adaptive_max_pool1d": [((distinct(1, 2, 5),), {"output_size": 2})],
        "adaptive_max_pool2d": [((distinct(1, 1, 5, 4),), {"output_size": 2})],
        "adaptive_max_pool3d": [((distinct(1, 1, 3, 3, 3),), {"output_size": 2})],
    },
}

NOT_DIFFERENTIABLE: dict[str, dict[str, str]] = {
    "compare": {
        **dict.fromkeys(
            ["equal", "not_equal", "greater", "greater_equal", "less", "less_equal"], _BOOL
        ),
        **dict.fromkeys(["isfinite", "isnan", "logical_and", "logical_or", "logical_not"], _BOOL),
        "sign": "piecewise constant: its gradient is 0 wherever it exists (no Function)",
    },
    "math": dict.fromkeys(["ceil", "fix", "floor", "floor_divide", "rint", "trunc"], _ROUND),
    "reduce": {
        "all": _BOOL,
        "any": _BOOL,
        "count_nonzero": "integer output (a count): no gradient",
    },
    "extreme": {"argmax": _INT, "argmin": _INT},
    "sort": {"argpartition": _INT, "argsort": _INT},
    "indexing": {"normalize_dim": "a helper checking a dim argument, not an op"},
}

FIRST_ORDER_ONLY: dict[str, dict[str, str]] = {}


def _backward_hooked(module):
    module.register_full_backward_hook(lambda m, grad_input, grad_output: None)
    return module


# The Function subclasses outside minigrad.ops (identities that mark a place in the graph),
# sampled through the public call that applies them: {name: (function, samples)}.
OUTSIDE_SAMPLES: dict[str, tuple] = {
    "clone": (minigrad.clone, [((n(2, 3),), {})]),  # Copy
    "func.grad": (func.grad(lambda x: (x.sin() * x).sum()), [((n(2, 3),), {})]),  # _Enter
    "nn.backward_hook": (_backward_hooked(nn.Tanh()), [((n(2, 3),), {})]),  # _HookPoint
}

# minigrad.scipy's Functions (SciPy computes their values), through its public names; the
# shape arguments that have no gradient are Python numbers, so they are not leaves.
if importlib.util.find_spec("scipy") is not None:
    from minigrad.scipy import integrate, linalg, signal, special

    def _spd(k):
        m = n(k, k)
        return m @ m.T + k * np.eye(k)

    def _decay(y, t, k):
        return -k * y + np.sin(t)

    OUTSIDE_SAMPLES |= {
        "scipy.special.j1": (special.j1, [((pos(2, 3),), {})]),  # J1 (_SciPyValued)
        "scipy.special.jn": (special.jn, [((2, pos(3)), {})]),  # Jn
        "scipy.special.gamma": (special.gamma, [((pos(2, 3),), {})]),  # Gamma
        "scipy.special.betaln": (special.betaln, [((pos(3), pos(3)), {})]),  # _Betaln
        "scipy.special.betainc": (special.betainc, [((1.5, 2.5, rng.uniform(0.2, 0.8, 3)), {})]),
        "scipy.special.gammainc": (special.gammainc, [((1.5, pos(3)), {})]),  # _GammaInc
        "scipy.signal.convolve": (signal.convolve, [((n(5), n(3)), {"mode": "same"})]),
        "scipy.linalg.sqrtm": (linalg.sqrtm, [((_spd(3),), {})]),
        "scipy.linalg.solve_sylvester": (
            linalg.solve_sylvester,
            [((n(3, 3) + 3 * np.eye(3), n(2, 2) + 3 * np.eye(2), n(3, 2)), {})],
        ),
        "scipy.linalg.solve_triangular": (
            linalg.solve_triangular,
            [((np.triu(n(3, 3)) + 3 * np.eye(3), n(3, 2)), {})],
        ),
        "scipy.linalg.solve_banded": (
            linalg.solve_banded,
            [(((1, 1), n(3, 4) + np.array([[0], [4], [0]]), n(4)), {})],
        ),
        "scipy.integrate.odeint": (
            lambda y0, k: integrate.odeint(_decay, y0, np.array([0.0, 0.3]), args=(k,)),
            [((n(2), pos(2)), {})],
        ),
    }


# --------------------------------------------------------------------------------------------
# Discovery
# --------------------------------------------------------------------------------------------


def op_modules() -> dict[str, object]:
    """The public modules of ``minigrad.ops`` by short name."""
    return {
        m.name: importlib.import_module(f"minigrad.ops.{m.name}")
        for m in pkgutil.iter_modules(minigrad.ops.__path__)
        if not m.name.startswith("_")
    }


def public_ops(module) -> set[str]:
    """The module's ``__all__`` functions; without ``__all__``, its own public functions."""
    names = getattr(module, "__all__", None)
    if names is None:
        names = [
            name
            for name, f in vars(module).items()
            if not name.startswith("_") and getattr(f, "__module__", None) == module.__name__
        ]
    return {name for name in names if inspect.isfunction(getattr(module, name))}


def declared(module_name: str) -> tuple[dict, dict, dict]:
    """``GRADIENT_SAMPLES``, ``NOT_DIFFERENTIABLE``, ``FIRST_ORDER_ONLY`` of the module's test
    module (empty if it declares none), merged with this file's tables."""
    tables = [
        dict(SAMPLES.get(module_name, {})),
        dict(NOT_DIFFERENTIABLE.get(module_name, {})),
        dict(FIRST_ORDER_ONLY.get(module_name, {})),
    ]
    path = TESTS_OPS / f"test_{module_name}.py"
    if path.exists() and "GRADIENT_SAMPLES" in path.read_text():
        spec = importlib.util.spec_from_file_location(f"_sweep_{module_name}", path)
        test_module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(test_module)
        for table, attr in zip(
            tables, ("GRADIENT_SAMPLES", "NOT_DIFFERENTIABLE", "FIRST_ORDER_ONLY")
        ):
            extra = getattr(test_module, attr, {})
            twice = set(extra) & set(table)
            assert not twice, f"{path.name} declares {sorted(twice)}, also in test_op_sweep.py"
            table.update(extra)
    return tuple(tables)


MODULES = op_modules()
DECLARED = {name: declared(name) for name in MODULES}


def all_samples() -> list:
    cases = []
    for module_name, (samples, _, first_only) in sorted(DECLARED.items()):
        for op, calls in sorted(samples.items()):
            fn = getattr(MODULES[module_name], op, None)
            for k, (args, kwargs) in enumerate(calls):
                cases.append(
                    pytest.param(fn, args, kwargs, op in first_only, id=f"{module_name}.{op}-{k}")
                )
    for name, (fn, calls) in sorted(OUTSIDE_SAMPLES.items()):
        for k, (args, kwargs) in enumerate(calls):
            cases.append(pytest.param(fn, args, kwargs, False, id=f"{name}-{k}"))
    return cases


CASES = all_samples()


def test_every_public_op_is_swept():
    missing, stale = [], []
    for module_name, module in sorted(MODULES.items()):
        samples, not_differentiable, first_only = DECLARED[module_name]
        ops = public_ops(module)
        missing += [
            f"{module_name}.{op}" for op in sorted(ops - set(samples) - set(not_differentiable))
        ]
        listed = set(samples) | set(not_differentiable) | set(first_only)
        stale += [f"{module_name}.{op}" for op in sorted(listed - ops)]
    assert not missing, (
        f"public ops without gradient samples: {missing}. Add them to GRADIENT_SAMPLES (or "
        "NOT_DIFFERENTIABLE, with the reason) in the op's test module; see docs/contributing.md"
    )
    assert not stale, f"sweep entries naming no public op: {stale}"


# --------------------------------------------------------------------------------------------
# The checks
# --------------------------------------------------------------------------------------------


def leaves_of(args) -> tuple[list, list]:
    """``args`` with each float64 ndarray (also inside lists) replaced by a fresh leaf."""
    leaves = []

    def convert(a):
        if isinstance(a, np.ndarray) and a.dtype == np.float64:
            leaves.append(Tensor(a.copy(), requires_grad=True))
            return leaves[-1]
        if type(a) is list:
            return [convert(x) for x in a]
        return a

    return [convert(a) for a in args], leaves


def as_function(fn, args, kwargs):
    """``fn`` as a function of its leaves only, and the leaves."""
    template, leaves = leaves_of(args)
    ids = [id(t) for t in leaves]

    def call(*xs):
        swap = dict(zip(ids, xs))

        def put(a):
            if type(a) is list:
                return [put(x) for x in a]
            return swap.get(id(a), a) if isinstance(a, Tensor) else a

        return fn(*[put(a) for a in template], **kwargs)

    return call, leaves


@pytest.mark.parametrize(("fn", "args", "kwargs", "first_only"), CASES)
def test_gradient(fn, args, kwargs, first_only):
    call, leaves = as_function(fn, args, kwargs)
    with warnings.catch_warnings():
        warnings.simplefilter("error", KinkWarning)  # a sample sitting on a kink is a bad sample
        assert gradcheck(call, leaves)


@pytest.mark.parametrize(("fn", "args", "kwargs", "first_only"), CASES)
def test_second_order(fn, args, kwargs, first_only):
    if first_only:
        pytest.skip("listed in FIRST_ORDER_ONLY")
    call, leaves = as_function(fn, args, kwargs)
    with warnings.catch_warnings():
        warnings.simplefilter("error", KinkWarning)
        assert gradgradcheck(call, leaves)


def float_outputs(out) -> list:
    outs = list(out) if isinstance(out, (tuple, list)) else [out]
    return [o for o in outs if isinstance(o, Tensor) and o.requires_grad]


def nodes_of(outputs) -> list:
    """Every node of the graph, walked through ``next_functions`` (works after release)."""
    found, stack = {}, [o.grad_fn for o in outputs]
    while stack:
        node = stack.pop()
        if node is None or id(node) in found or not isinstance(node, Function):
            continue
        found[id(node)] = node
        stack.extend(f for f, _ in node.next_functions)
    return list(found.values())


@pytest.mark.parametrize(("fn", "args", "kwargs", "first_only"), CASES)
def test_backward_frees_every_array_the_op_kept(fn, args, kwargs, first_only):
    call, leaves = as_function(fn, args, kwargs)
    outs = float_outputs(call(*leaves))
    minigrad.autograd.backward(outs, [minigrad.ones(*o.shape, dtype=o.dtype) for o in outs])
    nodes = nodes_of(outs)
    assert nodes
    kept = {n.name: retained_nbytes(n) for n in nodes if retained_nbytes(n)}
    assert not kept, f"bytes of arrays still held after backward, per node: {kept}"


def function_subclasses() -> set[type]:
    for m in pkgutil.walk_packages(minigrad.__path__, "minigrad."):
        importlib.import_module(m.name)
    found, stack = set(), [Function]
    while stack:
        for sub in stack.pop().__subclasses__():
            # Defined in a minigrad module's own source (not in a test, nor in a doctest run
            # from that module).
            module = sys.modules.get(sub.__module__)
            ours = (
                sub.__module__.startswith("minigrad.")
                and getattr(module, sub.__name__, None) is sub
            )
            if ours and sub not in found:
                found.add(sub)
                stack.append(sub)
    return found


# Function subclasses that no public op reaches directly (with the reason).
UNREACHED: dict[str, str] = {
    "_Extreme": "the shared base class of Max and Min",
    "_LogAddExp": "the shared base class of LogAddExp and LogAddExp2",
    "_Modulo": "the shared base class of Remainder and FMod",
    "_NanExtreme": "the shared base class of FMax and FMin",
    "_PairExtreme": "the shared base class of Maximum and Minimum",
    "_UnaryMath": "the shared base class of the unary ops of ops/math.py",
    "_SciPyValued": "the shared base class of minigrad.scipy.special's SciPy-valued functions",
}


def test_every_function_subclass_is_reached_by_a_sample(monkeypatch):
    reached = set()
    original = Function.apply.__func__

    def recording(cls, *args, **kwargs):
        reached.add(cls)
        return original(cls, *args, **kwargs)

    monkeypatch.setattr(Function, "apply", classmethod(recording))
    for case in CASES:
        fn, args, kwargs, _ = case.values
        call, leaves = as_function(fn, args, kwargs)
        outs = float_outputs(call(*leaves))
        vs = [Tensor(np.ones(o.shape), requires_grad=True) for o in outs]
        grads = minigrad.autograd.grad(outs, leaves, vs, create_graph=True, allow_unused=True)
        used = [g for g in grads if g is not None and g.requires_grad]
        if used:  # the graph of the gradient: the VJPs' own ops, and their VJPs
            minigrad.autograd.grad([g.sum() for g in used], leaves + vs, allow_unused=True)
    missing = sorted(
        c.__qualname__ for c in function_subclasses() - reached if c.__name__ not in UNREACHED
    )
    assert not missing, f"Function subclasses no sample reaches: {missing}"
