"""A HIPS-autograd-style suite: NumPy programs checked with autograd's ``check_grads``
(forward and reverse mode, to second order, through ``minigrad.func``'s nesting) via the
thin adapter ``autograd_adapter`` — the way an autograd test suite runs against minigrad."""

from __future__ import annotations

import itertools
import operator

import pytest
from autograd_adapter import check_grads, combo_check, grad, value_and_grad

import minigrad.numpy as np
import minigrad.numpy.random as npr


@pytest.fixture(autouse=True)
def _seed():
    npr.seed(0)


def lims(lo, hi, *shape):
    return lo + (hi - lo) * npr.rand(*shape)


UNARY = [  # (function, input range)
    (np.sin, (-2, 2)), (np.cos, (-2, 2)), (np.tan, (-1.1, 1.1)), (np.arcsin, (-0.9, 0.9)),
    (np.arccos, (-0.9, 0.9)), (np.arctan, (-2, 2)), (np.sinh, (-2, 2)), (np.cosh, (-2, 2)),
    (np.tanh, (-2, 2)), (np.arcsinh, (-0.9, 0.9)), (np.arccosh, (1.1, 4)),
    (np.arctanh, (-0.9, 0.9)), (np.exp, (-2, 2)), (np.exp2, (-2, 2)), (np.expm1, (-2, 2)),
    (np.log, (0.2, 2)), (np.log2, (0.2, 2)), (np.log10, (0.2, 2)), (np.log1p, (0.2, 2)),
    (np.sqrt, (1, 3)), (np.square, (-2, 2)), (np.reciprocal, (0.5, 2)), (np.abs, (0.1, 4)),
    (np.fabs, (0.1, 4)), (np.sign, (-2, 2)), (np.floor, (-1.4, 1.4)), (np.ceil, (-1.4, 1.4)),
    (np.deg2rad, (-2, 2)), (np.radians, (-2, 2)), (lambda x: np.degrees(x) / 50, (-2, 2)),
    (lambda x: np.rad2deg(x) / 50, (-2, 2)), (np.sinc, (0.1, 2)), (np.negative, (-2, 2)),
    (np.real, (-2, 2)), (np.conj, (-2, 2)), (np.cbrt, (0.5, 2)),
]  # fmt: skip


@pytest.mark.parametrize("fun, lim", UNARY, ids=lambda v: getattr(v, "__name__", ""))
def test_unary(fun, lim):
    for shape in [(), (2,), (3, 2), (1, 2)]:
        check_grads(fun)(lims(*lim, *shape))


BINARY = [  # (function, range of a, range of b)
    (np.add, (-2, 2), (-2, 2)), (operator.mul, (-2, 2), (-2, 2)), (operator.sub, (-2, 2), (-2, 2)),
    (np.true_divide, (-2, 2), (0.8, 1.2)), (operator.truediv, (-2, 2), (-2, -0.3)),
    (np.power, (0.5, 2), (-2, 2)), (operator.pow, (0.5, 2), (-2, 2)),
    (np.logaddexp, (-2, 2), (-2, 2)), (np.logaddexp2, (-2, 2), (-2, 2)),
    (np.arctan2, (-2, 2), (-2, 2)), (np.hypot, (-2, 2), (-2, 2)),
    (np.mod, (-0.9, 0.9), (0.7, 1.9)), (np.remainder, (-2, 2), (-2, -0.3)),
    (np.fmod, (-2, 2), (0.7, 1.9)), (np.maximum, (-2, 2), (-2, 2)),
    (np.minimum, (-2, 2), (-2, 2)), (np.fmax, (-2, 2), (-2, 2)), (np.fmin, (-2, 2), (-2, 2)),
]  # fmt: skip


@pytest.mark.parametrize("fun, la, lb", BINARY, ids=lambda v: getattr(v, "__name__", ""))
def test_binary(fun, la, lb):
    shapes = [(), (2,), (3, 2), (1, 2)]
    for sa, sb in itertools.product(shapes, shapes):
        check_grads(fun, (0, 1))(lims(*la, *sa), lims(*lb, *sb))


@pytest.mark.parametrize("fun", [np.sum, np.mean, np.max, np.min, np.prod, np.var, np.std])
def test_statistics(fun):
    check = combo_check(fun, (0,))
    check([3.5, npr.randn()])
    check([npr.randn(3), npr.randn(2, 3), npr.randn(1, 3)], axis=[None, 0], keepdims=[True, False])
    check([npr.randn(2, 3)], axis=[None, 0, 1], keepdims=[True, False])


def test_products():
    R = npr.randn
    combo_check(np.dot, (0, 1), order=3)([1.5, R(3), R(2, 3)], [0.3, R(3), R(3, 4)])
    combo_check(np.tensordot, (0, 1))([R(2, 3, 4)], [R(3, 4, 2)], axes=[2, [(1, 2), (0, 1)]])
    combo_check(np.einsum, (1, 2))(["ij,jk->ik"], [R(2, 3)], [R(3, 4)])
    combo_check(np.einsum, (0, 2))([R(2, 3)], [(0, 1)], [R(3, 4)], [(1, 2)], [(0, 2)])
    combo_check(np.kron, (0, 1))([R(2, 2), R(3)], [R(2, 3), R(2)])
    combo_check(np.outer, (0, 1))([R(3)], [R(2)])
    combo_check(np.cross, (0, 1))([R(3, 3)], [R(3, 3)], axisc=[0, -1])


def test_shapes_and_joins():
    R = npr.randn
    combo_check(np.transpose, (0,))([R(2, 3, 4)], axes=[None, [2, 0, 1]])
    combo_check(np.repeat, (0,))([R(2, 3)], repeats=[0, 2], axis=[None, 1])
    combo_check(np.tile, (0,))([R(1, 2)], reps=[(2, 3), (3, 2, 1)])
    combo_check(np.pad, (0,))([R(2, 2)], [1, ((1, 2), (0, 3))], ["constant", "reflect"])
    combo_check(np.split, (0,))([R(4, 4)], [2, [1, 3]], axis=[0, 1])
    combo_check(np.concatenate, (0,))([(R(2, 2), R(2, 2))], axis=[0, 1])
    combo_check(np.vstack, (0,))([(R(2, 3), R(1, 3))])
    combo_check(np.diff, (0,))([R(5, 5)], n=[1, 2], axis=[0, 1])
    combo_check(np.cumsum, (0,))([R(3, 4)], axis=[None, 0, 1])
    combo_check(np.trace, (0,))([R(4, 5)], offset=[-1, 0, 1])
    combo_check(np.sort, (0,))([R(7)])


def test_program_with_indexing_reshape_and_python_sum():
    A = npr.randn(5, 6, 4)
    check_grads(lambda x: x[3, 2:, [1, 3]] * np.reshape(x, (30, 4))[:1, :2].sum())(A)
    check_grads(lambda x, y: sum([x, y]), (0, 1))(npr.randn(3), npr.randn(3))


def test_lists_of_tensors_stay_in_the_graph():
    assert float(grad(lambda x: np.mean([x, x + 2]))(0.0)) == 1.0
    assert float(grad(lambda x: np.std((x, x + 2)))(0.0)) == 0.0
    assert float(grad(lambda x: np.sum(np.array([x, 2 * x])))(1.0)) == 3.0


def test_nested_value_and_grad():
    fun = lambda x: np.sum(np.sin(x) ** 2)
    check_grads(lambda x: value_and_grad(fun)(x)[0])(npr.randn(5))
    check_grads(grad(fun))(npr.randn(5))
